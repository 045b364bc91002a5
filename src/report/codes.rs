//! Every stable diagnostic code, with the long text `concord explain` prints.
//!
//! A test runs each example and checks that it triggers its code.

pub struct Code {
    pub code: &'static str,
    pub explanation: &'static str,
    /// Concord text that triggers this code.
    pub example: &'static str,
    pub fix: &'static str,
}

pub fn find(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

pub const CODES: &[Code] = &[
    Code {
        code: "syntax::unexpected",
        explanation: "The parser met a word or sign that cannot stand at that place in a statement. \
The message says what could stand there, and suggests the nearest keyword when the word looks misspelt.",
        example: "2024-03-05: Hungary suports rutte_sg.",
        fix: "Write one of the expected words: here `supports`.",
    },
    Code {
        code: "syntax::keyword-as-name",
        explanation: "Keywords such as `members`, `office` or `all` are reserved. Where a name is expected, a keyword cannot stand bare.",
        example: "body members.",
        fix: "Quote the name: `body \"members\".`",
    },
    Code {
        code: "syntax::missing-period",
        explanation: "Every statement ends with `.`. The next line starts a new statement, or the file ends, but the statement before it was never closed.",
        example: "body NATO\nbody EU.",
        fix: "Add `.` at the end of the statement: `body NATO.`",
    },
    Code {
        code: "syntax::period-needs-space",
        explanation: "A `.` ends a statement only when a space, a line end, a comment or the end of the file follows it. A `.` that runs into the next word is almost always two statements written without a space.",
        example: "body NATO.body EU.",
        fix: "Put a space or a line break after the `.`.",
    },
    Code {
        code: "syntax::unterminated-string",
        explanation: "A quoted name or text starts with `\"` and must close with `\"` on the same line.",
        example: "body \"European Union.",
        fix: "Close the quote: `body \"European Union\".`",
    },
    Code {
        code: "syntax::unterminated-source",
        explanation: "A source starts with `[` and must close with `]` on the same line.",
        example: "body NATO [NATO website.",
        fix: "Close the source: `[NATO website]`.",
    },
    Code {
        code: "syntax::bad-escape",
        explanation: "Inside quotes, a backslash may only escape a quote (`\\\"`) or a backslash (`\\\\`).",
        example: "body \"NATO\\n\".",
        fix: "Remove the backslash, or double it to mean a backslash.",
    },
    Code {
        code: "syntax::invalid-date",
        explanation: "The date is written YYYY-MM-DD but no such day exists in the calendar.",
        example: "body NATO.\n2024-02-30: Sweden joins NATO.",
        fix: "Check the day and the month: February 2024 has 29 days.",
    },
    Code {
        code: "syntax::date-format",
        explanation: "Dates are written with a four-digit year and two-digit month and day, separated by `-`.",
        example: "body NATO.\n2024-3-7: Sweden joins NATO.",
        fix: "Write `2024-03-07`.",
    },
    Code {
        code: "syntax::ratio-above-one",
        explanation: "A ratio is a share of a set, at most the whole of it: at most 100% or p/q with p ≤ q.",
        example: "rule r: adopting proposals in UNSC requires at least 101% of members support.",
        fix: "Write a share of at most 100%, such as `2/3` or `65%`.",
    },
    Code {
        code: "syntax::zero-denominator",
        explanation: "A fraction p/q needs q greater than zero.",
        example: "rule r: adopting proposals in UNSC requires at least 1/0 of members support.",
        fix: "Write a fraction such as `2/3`.",
    },
    Code {
        code: "syntax::too-many-decimals",
        explanation: "Numbers are exact decimals with at most 9 digits after the point.",
        example: "Germany has population 83.1234567891.",
        fix: "Round the figure to 9 decimals or fewer.",
    },
    Code {
        code: "syntax::number-too-large",
        explanation: "The number does not fit: attribute values have at most 38 digits, and counts at most 19.",
        example: "rule r: NATO has at least 99999999999999999999 members.",
        fix: "Check the figure.",
    },
    Code {
        code: "syntax::not-an-integer",
        explanation: "Counts (`unanimity of 32`, `at least 9 members`, `last at most 4 years`) are whole numbers.",
        example: "rule r: adopting proposals in NATO requires unanimity of 32.5.",
        fix: "Write the count without a decimal point.",
    },
    Code {
        code: "syntax::negative-number",
        explanation: "Every number in Concord is a count, a figure or a share, and none is negative.",
        example: "Germany has population -5.",
        fix: "Write the figure without `-`.",
    },
    Code {
        code: "syntax::too-deep",
        explanation: "Parentheses and `not` nest at most 64 deep in one condition. Deeper nesting is never needed and is refused so that no input can exhaust the parser.",
        example: "rule r: adopting proposals in NATO requires ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((consensus)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))).",
        fix: "Write the condition with fewer nested parentheses, or split it into several rules.",
    },
    Code {
        code: "syntax::one-name-only",
        explanation: "`adopts`, `rejects`, `is withdrawn` and `has` take a single subject: one body decides, one proposal is withdrawn.",
        example: "2024-06-26: NATO and EU adopts rutte_sg.",
        fix: "Write one statement per subject.",
    },
    Code {
        code: "syntax::invalid-utf8",
        explanation: "Concord files are UTF-8 text. The file has a byte sequence that is not UTF-8, at the offset given.",
        example: "body \u{FFFD}.",
        fix: "Save the file as UTF-8 in your editor.",
    },
    Code {
        code: "file::unreadable",
        explanation: "A path given on the command line (or the default `rules` and `facts`) cannot be read.",
        example: "",
        fix: "Check the path and its permissions.",
    },
    Code {
        code: "file::empty",
        explanation: "A directory given on the command line holds no `.rules` or `.facts` file, so nothing would be checked from it.",
        example: "",
        fix: "Name a directory that holds Concord files, or the files themselves.",
    },
];
