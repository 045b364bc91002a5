//! Syntax errors: what the parser expected, what it found, and how to fix it.

use crate::source::Span;

/// One syntax error, located in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxErrorKind {
    #[error("expected {expected}, found {found}")]
    Unexpected { expected: String, found: String, suggestion: Option<String> },
    #[error("`{0}` is a keyword and cannot be used as a name here")]
    KeywordAsName(String),
    #[error("this statement does not end with `.`")]
    MissingPeriod,
    #[error("a `.` ends a statement only when a space, a line end or a comment follows it")]
    PeriodNeedsSpace,
    #[error("this quoted text is not closed on its line")]
    UnterminatedString,
    #[error("this source is not closed with `]` on its line")]
    UnterminatedSource,
    #[error("`\\{0}` is not an escape Concord knows")]
    BadEscape(char),
    #[error("{0} is not a date in the calendar")]
    InvalidDate(String),
    #[error("a date is written YYYY-MM-DD")]
    DateFormat,
    #[error("an uncertain date can only date a position; `{0}` needs one day, written YYYY-MM-DD")]
    UncertainDate(&'static str),
    #[error("the interval {0} ends before it starts")]
    InvertedInterval(String),
    #[error("a ratio cannot be more than 1 (100%)")]
    RatioAboveOne,
    #[error("a ratio cannot have a zero denominator")]
    ZeroDenominator,
    #[error("a number has at most 9 digits after the point")]
    TooManyDecimals,
    #[error("this number is too large")]
    NumberTooLarge,
    #[error("a whole number is needed here")]
    NotAnInteger,
    #[error("numbers in Concord are never negative")]
    NegativeNumber,
    #[error("conditions are nested more than {0} deep")]
    TooDeep(usize),
    #[error("only one name can stand before `{0}`")]
    OneNameOnly(&'static str),
    #[error("`compete` needs two proposals or more")]
    CompeteNeedsTwo,
    #[error("the file is not valid UTF-8 (byte offset {0})")]
    InvalidUtf8(usize),
}

impl SyntaxError {
    /// The stable code of this error, as listed in docs/diagnostics.md.
    pub fn code(&self) -> &'static str {
        use SyntaxErrorKind::*;
        match self.kind {
            Unexpected { .. } => "syntax::unexpected",
            KeywordAsName(_) => "syntax::keyword-as-name",
            MissingPeriod => "syntax::missing-period",
            PeriodNeedsSpace => "syntax::period-needs-space",
            UnterminatedString => "syntax::unterminated-string",
            UnterminatedSource => "syntax::unterminated-source",
            BadEscape(_) => "syntax::bad-escape",
            InvalidDate(_) => "syntax::invalid-date",
            DateFormat => "syntax::date-format",
            UncertainDate(_) => "syntax::uncertain-date",
            InvertedInterval(_) => "syntax::inverted-interval",
            RatioAboveOne => "syntax::ratio-above-one",
            ZeroDenominator => "syntax::zero-denominator",
            TooManyDecimals => "syntax::too-many-decimals",
            NumberTooLarge => "syntax::number-too-large",
            NotAnInteger => "syntax::not-an-integer",
            NegativeNumber => "syntax::negative-number",
            TooDeep(_) => "syntax::too-deep",
            OneNameOnly(_) => "syntax::one-name-only",
            CompeteNeedsTwo => "syntax::compete-needs-two",
            InvalidUtf8(_) => "syntax::invalid-utf8",
        }
    }

    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// What the label under the offending text says.
    pub fn label(&self) -> String {
        use SyntaxErrorKind::*;
        match &self.kind {
            Unexpected { found, .. } => format!("unexpected {found}"),
            KeywordAsName(_) => "keyword".into(),
            MissingPeriod => "add `.` here".into(),
            PeriodNeedsSpace => "this `.` runs into the next word".into(),
            UnterminatedString => "quote opened here".into(),
            UnterminatedSource => "source opened here".into(),
            BadEscape(_) => "unknown escape".into(),
            InvalidDate(text) if no_such_day(text).starts_with("there is no month") => "no such month".into(),
            InvalidDate(_) => "no such day".into(),
            DateFormat => "not YYYY-MM-DD".into(),
            UncertainDate(_) => "not one day".into(),
            InvertedInterval(_) => "ends before it starts".into(),
            RatioAboveOne => "more than 100%".into(),
            ZeroDenominator => "divides by zero".into(),
            TooManyDecimals => "too many decimals".into(),
            NumberTooLarge => "too large".into(),
            NotAnInteger => "not a whole number".into(),
            NegativeNumber => "negative".into(),
            TooDeep(_) => "nested too deep".into(),
            OneNameOnly(_) => "more than one name".into(),
            CompeteNeedsTwo => "only one proposal".into(),
            InvalidUtf8(_) => "invalid UTF-8 starts here".into(),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> Option<String> {
        use SyntaxErrorKind::*;
        Some(match &self.kind {
            Unexpected { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            Unexpected { found, .. } if found.contains('“') || found.contains('”') => {
                "quote names with straight double quotes: \"United Kingdom\"".into()
            }
            Unexpected { .. } => return None,
            KeywordAsName(k) => format!("quote it to use it as a name: \"{k}\""),
            MissingPeriod => "end every statement with `.`".into(),
            PeriodNeedsSpace => "put a space or a line break after the `.`".into(),
            UnterminatedString => "close it with `\"` before the end of the line".into(),
            UnterminatedSource => "close it with `]` before the end of the line".into(),
            BadEscape(_) => "inside quotes only `\\\"` and `\\\\` are escapes".into(),
            InvalidDate(text) => no_such_day(text),
            DateFormat => {
                "write four digits for the year and two each for month and day, e.g. 2024-03-05".into()
            }
            UncertainDate(_) => {
                "write the day, e.g. 2024-03-05; `2024-04`, `2024`, `D1..D2` and `..D` may date only `supports`, `opposes`, `abstains on` and `withdraws from`".into()
            }
            InvertedInterval(_) => "write the earlier day first, e.g. 2024-04-02..2024-04-28".into(),
            RatioAboveOne => "write a share of at most 100%, e.g. 2/3 or 65%".into(),
            ZeroDenominator => "write a fraction such as 2/3".into(),
            TooManyDecimals => "round it to 9 decimals or fewer".into(),
            NumberTooLarge => "numbers have at most 38 digits".into(),
            NotAnInteger => "write it without a decimal point".into(),
            NegativeNumber => "write the figure without `-`".into(),
            TooDeep(_) => "split the condition into simpler rules".into(),
            OneNameOnly(verb) => format!("write one statement per name with `{verb}`"),
            CompeteNeedsTwo => "name every proposal of the contest, e.g. `proposals okonjo_dg and yoo_dg compete.`".into(),
            InvalidUtf8(_) => "save the file as UTF-8".into(),
        })
    }
}

/// Why a date written `YYYY-MM-DD` (or `YYYY-MM`) is not in the calendar: there is no
/// month 13, February 2023 has 28 days, April has 30.
pub fn no_such_day(text: &str) -> String {
    let part = |at: std::ops::Range<usize>| text.get(at).and_then(|p| p.parse::<i8>().ok());
    let year = text.get(0..4).and_then(|p| p.parse::<i16>().ok());
    match (year, part(5..7), part(8..10)) {
        (_, Some(m), _) if !(1..=12).contains(&m) => {
            format!("there is no month {m:02} (months run from 01 to 12)")
        }
        (_, _, Some(0)) => "there is no day 00 (days run from 01)".into(),
        (Some(y), Some(m), Some(d)) => {
            let last = jiff::civil::Date::new(y, m, 1).map_or(31, |first| first.days_in_month());
            let name = super::lex::MONTHS[m as usize - 1];
            match (m, d) {
                (2, 29) => format!("February {y} has 28 days ({y} is not a leap year)"),
                (2, _) => format!("February {y} has {last} days"),
                _ => format!("{name} has {last} days"),
            }
        }
        _ => "write a day that exists in the calendar, e.g. 2024-05-01".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::no_such_day;

    #[test]
    fn says_why_there_is_no_such_day() {
        assert_eq!(no_such_day("2025-13-01"), "there is no month 13 (months run from 01 to 12)");
        assert_eq!(no_such_day("2025-00"), "there is no month 00 (months run from 01 to 12)");
        assert_eq!(no_such_day("2024-02-30"), "February 2024 has 29 days");
        assert_eq!(no_such_day("2023-02-29"), "February 2023 has 28 days (2023 is not a leap year)");
        assert_eq!(no_such_day("2024-04-31"), "April has 30 days");
        assert_eq!(no_such_day("2024-05-00"), "there is no day 00 (days run from 01)");
    }
}
