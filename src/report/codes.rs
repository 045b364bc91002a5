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

impl Code {
    /// The explanation's first sentence: what `concord explain` lists, SARIF's short text.
    pub fn summary(&self) -> &'static str {
        let text = self.explanation;
        text.find(". ").map_or(text, |i| &text[..=i])
    }

    /// The part after `STAGE::`, by which `concord explain` also finds the code.
    pub fn short(&self) -> &'static str {
        self.code.split_once("::").map_or(self.code, |(_, name)| name)
    }
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
        code: "syntax::uncertain-date",
        explanation: "A month (`2024-04`), a year (`2024`) or an interval (`2024-04-02..2024-04-28`, `..2024-04-28`) says that something happened on some day the record does not know. Only a position (`supports`, `opposes`, `abstains on`, `withdraws from`) may be dated so; joining, leaving, decisions, attribute values, terms, `since` and the dates of rules need one day.",
        example: "body NATO.\n2024-03: Sweden joins NATO.",
        fix: "Write the day, `2024-03-07`; if the record does not give it, choose the day the sources support and cite them.",
    },
    Code {
        code: "syntax::inverted-interval",
        explanation: "An interval `D1..D2` stands for some day from D1 to D2, both included, so D1 cannot come after D2.",
        example: "body NATO.\nmembers of NATO: Hungary.\nproposal p: resolve \"x\" in NATO.\n2024-04-28..2024-04-02: Hungary supports p.",
        fix: "Write the earlier day first: `2024-04-02..2024-04-28`.",
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
        code: "syntax::compete-needs-two",
        explanation: "`proposals … compete` declares alternatives, such as two candidates for one post: it needs at least two proposals.",
        example: "body WTO.\nproposal okonjo_dg: resolve \"Okonjo-Iweala\" in WTO.\nproposals okonjo_dg compete.",
        fix: "Name every proposal of the contest: `proposals okonjo_dg and yoo_dg compete.`",
    },
    Code {
        code: "syntax::invalid-utf8",
        explanation: "Concord files are UTF-8 text. The file has a byte sequence that is not UTF-8, at the offset given.",
        example: "body \u{FFFD}.",
        fix: "Save the file as UTF-8 in your editor.",
    },
    Code {
        code: "name::duplicate",
        explanation: "Bodies, groups and proposals share one namespace across all files of a run, and offices are named within their body. A name may be declared only once; the report labels both declarations.",
        example: "body NATO.\nbody NATO.",
        fix: "Remove one declaration, or give one of them another name.",
    },
    Code {
        code: "name::undeclared-body",
        explanation: "A fact or rule names a body that no `body NAME.` statement declares in any file of the run. When a declared body is spelt alike, the help suggests it.",
        example: "body NATO.\nmembers of NATOO: Hungary.",
        fix: "Correct the name, or declare the body: `body NAME.`",
    },
    Code {
        code: "name::undeclared-member",
        explanation: "A position, or a group, names someone who is never a member of the body. Names are compared exactly (after Unicode normalisation), so `Turkey` is not `Türkiye`; the help suggests a member whose name is close, and points at its declaration when that member takes no position (the typo may be there).",
        example: "body NATO.\nmembers of NATO: Hungary.\nproposal p: resolve \"x\" in NATO.\n2024-03-05: Hungry opposes p.",
        fix: "Correct the name, or record the membership with `members of BODY: …` or `DATE: NAME joins BODY.`",
    },
    Code {
        code: "name::undeclared-office",
        explanation: "An office is named `NAME of BODY` everywhere, and must be declared with `office NAME of BODY.`",
        example: "body NATO.\noffice \"Secretary General\" of NATO.\nproposal p: appoint Rutte as \"Secretary-General\" of NATO.",
        fix: "Correct the name, or declare the office.",
    },
    Code {
        code: "name::undeclared-proposal",
        explanation: "A position, decision or rule names a proposal that no `proposal NAME: …` statement declares.",
        example: "body NATO.\nmembers of NATO: Hungary.\nproposal rutte_sg: resolve \"x\" in NATO.\n2024-03-05: Hungary opposes rute_sg.",
        fix: "Correct the name, or declare the proposal with its kind: `proposal NAME: appoint PERSON as OFFICE of BODY.`",
    },
    Code {
        code: "name::undeclared-group",
        explanation: "A rule names a group (such as `P5`) that no `group NAME of BODY: …` statement declares.",
        example: "body UNSC.\nproposal p: resolve \"x\" in UNSC.\nrule r: adopting p requires no member of P5 opposes.",
        fix: "Declare the group with its members: `group P5 of UNSC: China, France, Russia, \"United Kingdom\", \"United States\".`",
    },
    Code {
        code: "name::undeclared-attribute",
        explanation: "A weighted condition (`supporters hold at least 65% of population`) names an attribute that no fact gives anyone.",
        example: "body EU.\nmembers of EU: Germany.\nGermany has population 84_482_267.\nproposal p: resolve \"x\" in EU.\nrule r: adopting p requires supporters hold at least 65% of populaton.",
        fix: "Correct the attribute's name, or give members a value: `Germany has population 84_482_267.`",
    },
    Code {
        code: "name::lookalike",
        explanation: "A name can be taken for another of its kind (`Hungary` and `Hung\\u{430}ry`, whose `а` is Cyrillic: the same to a reader, two members to Concord), or it mixes the letters of several scripts, or it holds an invisible character (a zero-width space, a bidi control). Look-alikes are found by their Unicode skeletons (UTS #39). The message shows the suspect characters escaped. A warning: the rules are still checked, with the two names as two.",
        example: "body NATO.\nmembers of NATO: Hungary, \"Hung\u{0430}ry\".",
        fix: "Retype the name in one script, without invisible characters; where two names are meant to be one member, use one spelling everywhere.",
    },
    Code {
        code: "fact::wrong-body",
        explanation: "A proposal belongs to one body (the office's body for `appoint`, the named body otherwise), and only that body may adopt or reject it.",
        example: "body NATO.\nbody EU.\nproposal p: resolve \"x\" in NATO.\n2024-06-26: EU adopts p.",
        fix: "Name the proposal's own body in the decision, or correct the proposal's declaration.",
    },
    Code {
        code: "fact::decided-twice",
        explanation: "A proposal is decided at most once: after it is adopted, rejected or withdrawn, no further decision on it may follow. The first one (by date, then reading order) stands.",
        example: "body NATO.\nproposal p: resolve \"x\" in NATO.\n2024-06-26: NATO adopts p.\n2024-06-27: NATO rejects p.",
        fix: "Remove the decision that is wrong, or record the second vote as a proposal of its own.",
    },
    Code {
        code: "fact::inverted-term",
        explanation: "A term runs from its `from` date up to (not including) its `to` date, so `to` may not come before `from`.",
        example: "body NATO.\noffice SG of NATO.\nterm of Rutte as SG of NATO from 2024-10-01 to 2020-10-01.",
        fix: "Swap the dates, or correct the one that is wrong.",
    },
    Code {
        code: "fact::joined-twice",
        explanation: "A member joins a body while it is already a member of it. Membership is a set of periods; to join again, the member must first leave.",
        example: "body NATO.\nmembers of NATO: Sweden.\n2024-03-07: Sweden joins NATO.",
        fix: "Remove one of the two facts, or record when the member left in between.",
    },
    Code {
        code: "fact::left-without-joining",
        explanation: "A member leaves a body it does not belong to on that date: it never joined, or had already left.",
        example: "body NATO.\nmembers of NATO: France.\n2024-01-01: Sweden leaves NATO.",
        fix: "Record when the member joined the body, or check the date of its leaving.",
    },
    Code {
        code: "fact::not-a-member",
        explanation: "Only members of a proposal's body on a date may take a position on it then. The member named was a member at some other time, but not on this date (membership is half-open: a member who leaves on D is not a member on D). A position with an uncertain date is judged on the last day it may fall on. The names after `except` in `members of X except …` must be members of X (or names of the group X that are members of its body) on that day.",
        example: "body NATO.\nmembers of NATO: Hungary.\n2024-03-07: Sweden joins NATO.\nproposal p: resolve \"x\" in NATO.\n2024-01-10: Sweden supports p.",
        fix: "Check the date of the position, or the dates of the membership.",
    },
    Code {
        code: "fact::number-too-large",
        explanation: "Attribute values are added up exactly, with 9 decimals; a value with more than 29 digits before the point cannot be.",
        example: "Germany has population 1_000_000_000_000_000_000_000_000_000_000.",
        fix: "Check the figure, or write it in a larger unit (millions).",
    },
    Code {
        code: "fact::position-after-end",
        explanation: "A proposal ends when it is adopted, rejected or withdrawn. A position dated after that end cannot count towards the decision, and usually means a wrong date. A position with an uncertain date is an error only when every day it may fall on comes after the end; one whose days run past the end is taken to fall on or before it.",
        example: "body NATO.\nmembers of NATO: Hungary.\nproposal p: resolve \"x\" in NATO.\n2024-06-26: NATO adopts p.\n2024-06-27: Hungary supports p.",
        fix: "Check the date of the position, or of the decision.",
    },
    Code {
        code: "fact::stance-conflict",
        explanation: "A warning: one member takes two different positions on one proposal on the same date. The later one in reading order stands, and the report points at both. Positions with an uncertain date (`2024-04`) are not compared: they need not fall on the same day.",
        example: "body NATO.\nmembers of NATO: Hungary.\nproposal p: resolve \"x\" in NATO.\n2024-03-05: Hungary opposes p.\n2024-03-05: Hungary supports p.",
        fix: "Keep the position that is right, or date the two apart.",
    },
    Code {
        code: "fact::names-nobody",
        explanation: "A warning: a position of `members of X` (a body, or a group whose names count while they are members of its body) stands for each member of X on its day, less those after `except`. On that day nobody is left, so the statement says nothing.",
        example: "body NATO.\nmembers of NATO: Hungary.\nproposal p: resolve \"x\" in NATO.\n2024-04-29: members of NATO except Hungary support p.",
        fix: "Check the date of the position, the memberships, and the names after `except`.",
    },
    Code {
        code: "fact::too-many-positions",
        explanation: "Positions of whole bodies or groups (`members of X …`) stand for one position of each member. So that a few lines over a huge body cannot make billions of positions, the expansion of all of them in one run may go through at most 16 777 216 memberships (the memberships of a body, or the names of a group, each time). The statement that would pass that is left out. No short example reaches the limit.",
        example: "",
        fix: "Look for statements repeated by mistake; a real record stays far below the limit.",
    },
    Code {
        code: "fact::attribute-conflict",
        explanation: "A warning: an attribute is given two different values for the same date (or two timeless values). The later one in reading order stands.",
        example: "Germany has population 84_482_267.\nGermany has population 83_000_000.",
        fix: "Keep the value that is right, or date one of them with `DATE: NAME has ATTRIBUTE NUMBER.`",
    },
    Code {
        code: "fact::counted-and-named",
        explanation: "A body is either counted (`D: BODY has N members.`, for an assembly voting by secret ballot) or has named members (`members of BODY: …`), not both. The later of the two facts is the error; the body keeps its named members and its sizes are ignored.",
        example: "body Parliament.\nmembers of Parliament: Ann, Ben.\n2019-07-02: Parliament has 747 members.",
        fix: "Keep one of the two: the names, or the number of members.",
    },
    Code {
        code: "fact::tally-twice",
        explanation: "At most one vote is recorded per proposal and day (`D: BODY votes on P: …`). A second one on the same day is ignored.",
        example: "body P.\n2019-07-02: P has 10 members.\nproposal x: resolve \"x\" in P.\n2019-07-16: P votes on x: 6 for and 4 against.\n2019-07-16: P votes on x: 5 for and 5 against.",
        fix: "Remove the repeated vote, or give a later ballot its own day.",
    },
    Code {
        code: "fact::tally-too-large",
        explanation: "The numbers of a recorded vote add up to more than the body's members that day (its size for a counted body, its named members otherwise). The vote is ignored.",
        example: "body P.\n2019-07-02: P has 10 members.\nproposal x: resolve \"x\" in P.\n2019-07-16: P votes on x: 8 for and 4 against.",
        fix: "Check the figures, or record the body's size on that day.",
    },
    Code {
        code: "fact::tally-mismatch",
        explanation: "A vote recorded for a body of named members must agree with its members' positions on the proposal that day. The error gives both counts; the recorded vote is used.",
        example: "body B.\nmembers of B: Ann, Ben, Cy.\nproposal x: resolve \"x\" in B.\n2024-01-01: Ann supports x.\n2024-01-02: B votes on x: 2 for and 1 against.",
        fix: "Correct the figures of the vote, or the positions.",
    },
    Code {
        code: "fact::competing-adopted",
        explanation: "`proposals A and B compete` declares alternatives, such as two candidates for one post: at most one of them can be adopted. The later adoption is the error.",
        example: "body WTO.\nproposal okonjo: resolve \"Okonjo-Iweala\" in WTO.\nproposal yoo: resolve \"Yoo\" in WTO.\nproposals okonjo and yoo compete.\n2021-02-15: WTO adopts okonjo.\n2021-02-16: WTO adopts yoo.",
        fix: "Check the decisions, or the `compete` fact.",
    },
    Code {
        code: "fact::retract-matches-nothing",
        explanation: "A `--retract \"FACT.\"` takes out of the files every recorded fact that is the same fact as FACT: the same in the form `concord fmt` prints, sources ignored, one name of a list at a time. No recorded fact is this one, so nothing was taken out. The message names the closest recorded fact of the same form (by the letters and digits in which they differ). Facts given by `--assume` are not recorded facts and cannot be retracted.",
        example: "",
        fix: "Write the fact as it is recorded (its date, stance and names; the source may be left out), such as the closest fact named, or drop the `--retract`.",
    },
    Code {
        code: "fact::retract-not-a-fact",
        explanation: "A `--retract` argument must be facts, such as `2024-03-05: Hungary opposes rutte_sg.`. This one is a rule, or holds no statement at all.",
        example: "",
        fix: "Give `--retract` a recorded fact; to check the record without a rule, leave out the file or the rule.",
    },
    Code {
        code: "rule::duplicate-name",
        explanation: "Rule names live apart from the names of facts, but each rule needs its own name so that reports tell them apart.",
        example: "body NATO.\nrule size: NATO has at least 1 members.\nrule size: NATO has at most 40 members.",
        fix: "Rename one of the rules.",
    },
    Code {
        code: "rule::matches-nothing",
        explanation: "A warning: the rule's selector matches no proposal, or its office has no recorded term, so the rule checks nothing. Often a misspelt name or a missing fact.",
        example: "body NATO.\nrule r: adopting admissions to NATO requires unanimity.",
        fix: "Check the names in the rule, or add the facts it is about.",
    },
    Code {
        code: "rule::group-of-other-body",
        explanation: "A warning: a decision rule names a group of one body, but some proposal it is about belongs to another. A group counts its names that are members of the deciding body on the day, so the rule is checked, but this is almost always a slip.",
        example: "body UNSC.\nbody NATO.\ngroup P5 of UNSC: China.\nproposal p: resolve \"x\" in NATO.\nrule r: adopting p requires no member of P5 opposes.",
        fix: "Name a group of the proposals' body, or narrow the rule to the proposals of the group's body.",
    },
    Code {
        code: "rule::missing-attribute",
        explanation: "A weighted condition needs the attribute's value for every deciding member at the decision date. A member without one makes the rule unevaluable for that decision: this error names the members, and no violation is reported.",
        example: "body EU.\nmembers of EU: Germany, Malta.\nGermany has population 84_482_267.\nproposal p: resolve \"x\" in EU.\n2024-01-01: EU adopts p.\nrule r: adopting p requires supporters hold at least 65% of population.",
        fix: "Give each member a value: `Malta has population 542_051.`",
    },
    Code {
        code: "rule::needs-names",
        explanation: "A decision whose vote is recorded by counts only (`D: BODY votes on P: …`) says how many supported, not who. A rule that counts a group or weighs members cannot be checked on it: this error says so, and no violation is reported.",
        example: "body P.\n2019-07-02: P has 10 members.\nproposal x: resolve \"x\" in P.\n2019-07-16: P votes on x: 6 for and 4 against.\n2019-07-16: P adopts x.\nrule r: adopting x requires supporters hold at least 65% of seats.\nAnn has seats 3.",
        fix: "Record each member's position (the counts must match the vote), or check this decision with a rule on counts of all members.",
    },
    Code {
        code: "rule::unknown-in-test",
        explanation: "A `test` statement expects something of a rule (`R is violated`, `R is met`), but no rule has that name. `concord check` reads tests only to catch this; `concord test` runs them.",
        example: "rule r: NATO has at least 1 members.\nbody NATO.\ntest t: expect sg_unanimty is met.",
        fix: "Name a rule of the record: the error suggests the closest one.",
    },
    Code {
        code: "rule::too-long",
        explanation: "A term length in a rule must be one a calendar can count: at most 100000 years, months or days.",
        example: "body NATO.\noffice SG of NATO.\nrule r: terms of SG of NATO last at most 1000000 years.",
        fix: "Check the figure.",
    },
    Code {
        code: "rule::zero-unanimity",
        explanation: "`unanimity of N` requires every member to support and the body to have exactly N deciding members; N = 0 can never be met by a body that decides anything.",
        example: "body NATO.\nproposal p: resolve \"x\" in NATO.\nrule r: adopting p requires unanimity of 0.",
        fix: "Write the number of members the body must have, e.g. `unanimity of 32`, or plain `unanimity`.",
    },
    Code {
        code: "violation::decision",
        explanation: "A proposal was adopted although the rule's condition did not hold on the decision date. The report names the offenders of every failed part (who did not support, who opposed), each with its stance and the date of its latest position, and the figures reached against those required.",
        example: "body NATO.\nmembers of NATO: Hungary, Sweden.\nproposal p: resolve \"x\" in NATO.\n2024-03-05: Hungary opposes p.\n2024-03-07: Sweden supports p.\n2024-06-26: NATO adopts p.\nrule r: adopting p requires unanimity.",
        fix: "If the facts are right, the decision broke the rule. Otherwise record the missing positions (with their sources), or correct the rule.",
    },
    Code {
        code: "violation::deadline",
        explanation: "`some S is adopted by D`: the date D has passed and no proposal matching S was adopted on or before it. Before D the rule is pending, not violated.",
        example: "body NATO.\nproposal p: resolve \"x\" in NATO.\n2024-07-20: NATO adopts p.\nrule r: some p is adopted by 2024-07-11.",
        fix: "If the facts are right, the deadline was missed. Otherwise record the adoption that met it.",
    },
    Code {
        code: "violation::member-count",
        explanation: "`BODY has exactly/at least/at most N members [on D]`: the number of members on D (default: now) is not as the rule requires.",
        example: "body NATO.\nmembers of NATO: Belgium, Canada.\nrule r: NATO has exactly 3 members.",
        fix: "Record the missing joins or leaves, or correct the rule.",
    },
    Code {
        code: "violation::term-length",
        explanation: "A term is longer (or shorter) than the rule allows. Lengths are measured on the calendar: from 2014-10-01, 4 years end on 2018-10-01. An open term (or one whose `to` is after now) is measured as if it ended the day after now; while it is shorter than an `at least` or `exactly` bound, it may still reach it and is pending, not violated.",
        example: "body NATO.\noffice SG of NATO.\nterm of Stoltenberg as SG of NATO from 2014-10-01 to 2024-10-01.\nrule r: terms of SG of NATO last at most 4 years.",
        fix: "If the facts are right, the term broke the rule; if extensions were separate decisions, record each as a term of its own.",
    },
    Code {
        code: "violation::term-month",
        explanation: "A term ends (or starts) in another month than the rule requires. A term's end is its `to` date, the first day of the successor; open terms have no end. A `to` after now is checked as recorded: a planned end in another month is reported.",
        example: "body NATO.\noffice SG of NATO.\nterm of Stoltenberg as SG of NATO from 2014-10-01 to 2024-09-01.\nrule r: terms of SG of NATO end in October.",
        fix: "Check the term's dates; remember that `to` is the first day after the term.",
    },
    Code {
        code: "violation::term-overlap",
        explanation: "Two terms of the office share at least one day. The violation is about the term that starts later, and points at both.",
        example: "body NATO.\noffice SG of NATO.\nterm of Stoltenberg as SG of NATO from 2014-10-01 to 2024-10-01.\nterm of Rutte as SG of NATO from 2024-09-01.\nrule r: terms of SG of NATO never overlap.",
        fix: "Check the dates: a term `to 2024-10-01` ends on 30 September, so the next may start on 1 October.",
    },
    Code {
        code: "violation::unappointed-term",
        explanation: "`terms of O follow an adopted appointment`: no proposal `appoint HOLDER as O` was adopted on or before the term's start.",
        example: "body NATO.\noffice SG of NATO.\nterm of Rutte as SG of NATO from 2024-10-01.\nrule r: terms of SG of NATO follow an adopted appointment.",
        fix: "Record the appointment and its adoption, or check the dates.",
    },
    Code {
        code: "violation::unnominated",
        explanation: "`appointments to O follow an adopted nomination`: an adopted `appoint X as O` proposal has no `nominate X as O` proposal adopted on or before its decision. The violation names the nominations of other persons that were adopted by then.",
        example: "body \"European Council\".\nbody Parliament.\nbody Commission.\noffice President of Commission.\nproposal weber: appoint Weber as President of Commission by Parliament.\n2019-07-16: Parliament adopts weber.\nrule r: appointments to President of Commission follow an adopted nomination.",
        fix: "Record the nomination and its adoption (`proposal n: nominate X as O by B.`), or check the dates.",
    },
    Code {
        code: "violation::vacancy",
        explanation: "`O is never vacant`: some days in the window are inside no term of the office. Each gap is one violation, with its first and last day.",
        example: "body NATO.\noffice SG of NATO.\nterm of Stoltenberg as SG of NATO from 2014-10-01 to 2024-09-01.\nterm of Rutte as SG of NATO from 2024-10-01.\nrule r: SG of NATO is never vacant.",
        fix: "Record the term that covered the gap (an acting holder counts), or check the dates.",
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
    Code {
        code: "file::too-large",
        explanation: "A file is larger than 1 GiB, the largest file Concord reads. A pipe or device named on the command line is read up to that size and no further, so that one that never ends (such as `/dev/zero`) cannot fill the memory.",
        example: "",
        fix: "Split the record into several files of at most 1 GiB each, and name their directory.",
    },
    Code {
        code: "file::skipped",
        explanation: "This warning names an entry found under a directory that was not read, and says what it is: a FIFO, a socket or a device (only regular files are read under a directory, since reading the others could wait forever or never end), a link that loops back to a directory above it, or a file or directory already read by another path (each is read once). Nothing that should have been read was left out: the rest of the directory is read as usual.",
        example: "",
        fix: "Nothing is needed if the entry is not meant to be read. To read a pipe or device, name it on the command line; to silence the warning, remove the link or the entry.",
    },
];
