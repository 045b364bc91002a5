//! The syntax tree of a Concord file: every node carries the span it was read from.

use crate::source::Span;
use jiff::civil::Date;
use smol_str::SmolStr;

/// A parsed file: its statements and its comments, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub statements: Vec<Statement>,
    /// Comments are kept for `concord fmt`; they carry no meaning.
    pub comments: Vec<Comment>,
    /// The text of statements skipped after a syntax error.
    pub skipped: Vec<Span>,
    /// Set when the flat positions were handed to a [`PositionSink`] instead of kept.
    pub handed: Option<Handed>,
}

/// What a file whose flat positions went to a sink keeps of their places: how many
/// statements were read in all, where each kept statement stands among them, and the
/// span of the last one read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Handed {
    pub count: u32,
    pub kept_at: Vec<u32>,
    pub last: Option<Span>,
}

impl File {
    /// How many statements were read, kept or handed on.
    pub fn count(&self) -> usize {
        self.handed.as_ref().map_or(self.statements.len(), |h| h.count as usize)
    }

    /// Each kept statement with its place among all the statements read.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, &Statement)> {
        let place = |n: usize| self.handed.as_ref().map_or(n, |h| h.kept_at[n] as usize);
        self.statements.iter().enumerate().map(move |(n, s)| (place(n), s))
    }

    /// The span of the last statement read.
    pub fn last_span(&self) -> Option<Span> {
        match &self.handed {
            Some(h) => h.last,
            None => self.statements.last().map(Statement::span),
        }
    }
}

/// Takes the flat positions of a file as they are parsed (`syntax::parse_into`), so that
/// the positions of a large record never exist as a tree.
pub trait PositionSink {
    /// A flat position of `src`.
    fn position(&mut self, src: &str, position: &Position);
    /// The piece of `src` being parsed ended; another, of any place in the file, may follow.
    fn end_piece(&mut self, src: &str);
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, without the line end.
    pub text: SmolStr,
    pub span: Span,
}

/// A statement. A large record is mostly positions, so the general forms are boxed and
/// the commonest position is kept flat: a statement takes 48 bytes and no allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    Fact(Box<Fact>),
    Rule(Box<Rule>),
    /// `test NAME: … expect …` (language version 2, section J).
    Test(Box<Test>),
    /// `DATE: MEMBER supports PROPOSAL [SOURCE].` (any stance) with one member and both
    /// names written as plain words: the same fact as its [`Position::to_fact`].
    Position(Position),
}

impl Statement {
    pub fn span(&self) -> Span {
        match self {
            Statement::Fact(f) => f.span,
            Statement::Rule(r) => r.span,
            Statement::Test(t) => t.span,
            Statement::Position(p) => p.span,
        }
    }
}

/// One member's dated position, its texts as byte ranges of the source it was parsed
/// from (see `compact.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The day, or for `D1..D2` the last possible day, D2.
    pub date: Date,
    /// For `D1..D2`, how many days D1 lies before D2 (at least 1); 0 for a day known
    /// exactly. A longer interval than this holds keeps the general form.
    pub days_before: u16,
    pub stance: Stance,
    pub member: TextRange,
    pub proposal: TextRange,
    /// The source with its brackets, `[...]`.
    pub source: Option<TextRange>,
    pub span: Span,
}

/// Bytes `start..end` of the file of the statement that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

/// A name, NFC-normalised; a word and a quoted name with the same text are equal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    pub text: SmolStr,
    pub span: Span,
}

/// A list of names as written: `A, B and C` keeps that it ended with `and`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    pub items: Vec<Name>,
    pub and_last: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateLit {
    pub date: Date,
    pub span: Span,
}

/// The date of an event: one day, or for a position possibly some day of an interval
/// (`2024-04`, `2024`, `D1..D2`, `..D`). The parser gives other events one day only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    pub kind: WhenKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenKind {
    /// `2024-04-29`
    Day(Date),
    /// `2024-04`: some day of that month; the date is its first day.
    Month(Date),
    /// `2024`: some day of that year; the date is its first day.
    Year(Date),
    /// `D1..D2`: some day from D1 to D2, both included; D1 < D2 (`D..D` is the day D).
    Range(Date, Date),
    /// `..D`: some day on or before D.
    Before(Date),
}

impl When {
    pub fn day(&self) -> Option<Date> {
        match self.kind {
            WhenKind::Day(d) => Some(d),
            _ => None,
        }
    }

    /// The first possible day; `None` for `..D`, which has none.
    pub fn first(&self) -> Option<Date> {
        match self.kind {
            WhenKind::Day(d) | WhenKind::Month(d) | WhenKind::Year(d) | WhenKind::Range(d, _) => Some(d),
            WhenKind::Before(_) => None,
        }
    }

    /// The last possible day.
    pub fn last(&self) -> Date {
        match self.kind {
            WhenKind::Day(d) | WhenKind::Range(_, d) | WhenKind::Before(d) => d,
            WhenKind::Month(d) => d.last_of_month(),
            WhenKind::Year(d) => d.last_of_year(),
        }
    }
}

/// An exact non-negative decimal: `mantissa / 10^scale`, kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub mantissa: u128,
    pub scale: u8,
    /// The digits as the user wrote them (underscores included), for `fmt`.
    pub text: SmolStr,
    pub span: Span,
}

/// A whole number such as the `32` of `unanimity of 32`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Int {
    pub value: u64,
    pub text: SmolStr,
    pub span: Span,
}

/// A share between 0 and 1, exact, in the form the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub form: RatioForm,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RatioForm {
    /// `65%`, `55.5%`
    Percent(Number),
    /// `2/3`
    Fraction(Int, Int),
    /// `half`
    Half,
}

impl Ratio {
    /// The ratio as `(numerator, denominator)`, exact.
    pub fn value(&self) -> (u128, u128) {
        match &self.form {
            RatioForm::Percent(n) => (n.mantissa, 100 * 10u128.pow(n.scale as u32)),
            RatioForm::Fraction(p, q) => (p.value as u128, q.value as u128),
            RatioForm::Half => (1, 2),
        }
    }
}

/// `[Reuters, 2024-03-05]`: free text, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub text: SmolStr,
    pub span: Span,
}

/// A quoted free-text string (`because`, `resolve`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub text: SmolStr,
    pub span: Span,
}

/// `NAME of BODY`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeRef {
    pub name: Name,
    pub body: Name,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub kind: FactKind,
    pub source: Option<Source>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactKind {
    Body(Name),
    Group {
        name: Name,
        body: Name,
        members: Names,
    },
    Office(OfficeRef),
    Proposal {
        name: Name,
        kind: Box<ProposalKind>,
    },
    Members {
        body: Name,
        since: Option<DateLit>,
        members: Names,
    },
    Term {
        holder: Name,
        office: Box<OfficeRef>,
        from: DateLit,
        to: Option<DateLit>,
    },
    Attribute(Box<Attribute>),
    Event {
        when: When,
        event: Event,
    },
    /// `proposals A and B compete` (version 2, E).
    Compete(Names),
}

/// `Germany has population 84_482_267`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub entity: Name,
    pub attribute: Name,
    pub value: Number,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposalKind {
    /// `appoint X as O [by BODY]`: decided by BODY (version 2, E), else the office's body.
    Appoint {
        person: Name,
        office: OfficeRef,
        by: Option<Name>,
    },
    /// `nominate X as O [by BODY]` (version 2, E).
    Nominate {
        person: Name,
        office: OfficeRef,
        by: Option<Name>,
    },
    Admit {
        candidate: Name,
        body: Name,
    },
    Resolve {
        title: Text,
        body: Name,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Join {
        members: Names,
        body: Name,
    },
    Leave {
        members: Names,
        body: Name,
    },
    Stance {
        who: Who,
        stance: Stance,
        proposal: Name,
    },
    Adopts {
        body: Name,
        proposal: Name,
    },
    Rejects {
        body: Name,
        proposal: Name,
    },
    Withdrawn {
        proposal: Name,
    },
    Attribute(Box<Attribute>),
    /// `BODY has N members`: a counted body from that day (version 2, C).
    Size {
        body: Name,
        count: Int,
    },
    /// `BODY votes on P: N for, N against and N abstaining` (version 2, C).
    Tally(Box<TallyFact>),
}

/// A recorded vote of a proposal's body, by counts only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyFact {
    pub body: Name,
    pub proposal: Name,
    pub support: Int,
    pub oppose: Int,
    pub abstain: Option<Int>,
}

/// Who takes a position: names, or the members of a body or group (version 2, B).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    Names(Names),
    Members(Box<MembersOf>),
}

/// `[all] members of NAME [except NAMES]`: NAME is a body or a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembersOf {
    /// Written with `all`, which means the same.
    pub all: bool,
    pub of: Name,
    pub except: Option<Names>,
    pub span: Span,
}

/// A position a member takes on a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    Support,
    Oppose,
    Abstain,
    Withdraw,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: Name,
    pub severity: Option<Severity>,
    pub from: Option<DateLit>,
    pub until: Option<DateLit>,
    pub body: RuleBody,
    pub because: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleBody {
    Adopting {
        selector: Selector,
        condition: Cond,
    },
    TermsMonth {
        office: OfficeRef,
        edge: Edge,
        month: Month,
    },
    TermsLast {
        office: OfficeRef,
        bound: Bound,
        amount: Int,
        unit: Unit,
    },
    TermsNeverOverlap {
        office: OfficeRef,
    },
    TermsFollowAppointment {
        office: OfficeRef,
    },
    NeverVacant {
        office: OfficeRef,
        from: Option<DateLit>,
        until: Option<DateLit>,
    },
    AdoptedBy {
        selector: Selector,
        date: DateLit,
    },
    HasMembers {
        body: Name,
        bound: Bound,
        count: Int,
        on: Option<DateLit>,
    },
    /// `appointments to O follow an adopted nomination` (version 2, E).
    AppointmentsFollowNomination {
        office: OfficeRef,
        plural: bool,
    },
}

/// `test NAME [as of D]: [assuming "F", …] [retracting "F", …] expect E and …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub name: Name,
    pub as_of: Option<DateLit>,
    pub assuming: Vec<Text>,
    pub retracting: Vec<Text>,
    pub expect: Vec<Expectation>,
    pub span: Span,
}

/// What a test expects of the whole record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// `R is violated | possibly violated | met [on S]`
    Rule { rule: Name, outcome: Expected, on: Option<Name> },
    /// `no violations`
    NoViolations(Span),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Violated,
    PossiblyViolated,
    Met,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    End,
    Start,
}

/// A month of the year, 1 = January.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month(pub u8);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Exactly,
    AtLeast,
    AtMost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Years,
    Months,
    Days,
}

/// Which proposals a rule is about. `plural` keeps the form written (`appointments`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Proposal(Name),
    Appointments {
        office: OfficeRef,
        plural: bool,
        span: Span,
    },
    Admissions {
        body: Name,
        plural: bool,
        span: Span,
    },
    Resolutions {
        body: Name,
        plural: bool,
        span: Span,
    },
    Proposals {
        body: Name,
        plural: bool,
        span: Span,
    },
    /// `nominations to O` (version 2, E).
    Nominations {
        office: OfficeRef,
        plural: bool,
        span: Span,
    },
}

/// A decision condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>, Span),
    /// Parentheses as written, kept so that `fmt` prints them back.
    Paren(Box<Cond>, Span),
    Unanimity {
        of: Option<Int>,
        span: Span,
    },
    Consensus(Span),
    Quant {
        quant: Quant,
        set: Set,
        verb: Verb,
        span: Span,
    },
    Hold {
        side: Side,
        compare: Compare,
        ratio: Ratio,
        attribute: Name,
        span: Span,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quant {
    All,
    No,
    Compare { compare: Compare, amount: Amount, of: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    AtLeast,
    AtMost,
    MoreThan,
    FewerThan,
    Exactly,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Amount {
    Count(Int),
    Share(Ratio),
}

/// `members`, `member of P5`, `voters`, or a bare group name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Set {
    Members {
        plural: bool,
        group: Option<Name>,
        span: Span,
    },
    Group(Name),
    /// The members who support or oppose (version 2, D).
    Voters(Span),
}

/// `support`/`supports` etc.; `third_person` keeps the `-s` form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verb {
    pub kind: VerbKind,
    pub third_person: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbKind {
    /// `support`, `oppose`, `abstain` (never `Withdraw`).
    Takes(Stance),
    /// `vote`: support, oppose or abstain (version 2, D).
    Vote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Supporters,
    Opponents,
    Abstainers,
}

impl Cond {
    pub fn span(&self) -> Span {
        match self {
            Cond::Or(v) | Cond::And(v) => v[0].span().to(v[v.len() - 1].span()),
            Cond::Not(_, s) | Cond::Paren(_, s) | Cond::Consensus(s) => *s,
            Cond::Unanimity { span, .. } | Cond::Quant { span, .. } | Cond::Hold { span, .. } => *span,
        }
    }
}

impl Selector {
    pub fn span(&self) -> Span {
        match self {
            Selector::Proposal(n) => n.span,
            Selector::Appointments { span, .. }
            | Selector::Admissions { span, .. }
            | Selector::Resolutions { span, .. }
            | Selector::Proposals { span, .. }
            | Selector::Nominations { span, .. } => *span,
        }
    }
}
