//! The resolved model: names interned, declarations checked, facts indexed by time.
//!
//! [`resolve`] turns syntax trees into a [`Model`] plus every name, fact and rule error;
//! the model answers "who was a member on D", "what was X's stance on P on D" and so on.

mod counted;
mod decimal;
mod declare;
mod err;
mod expand;
mod facts;
mod lookalike;
mod names;
mod numbering;
mod positions;
mod raw;
mod resolve;
mod rules;
mod skipped;
mod streamed;

pub use counted::{Recorded, Size};
pub use decimal::Decimal;
pub use err::{ModelError, ModelErrorKind};
pub use lookalike::lookalikes;
pub use names::suggest as suggest_name;
pub use resolve::{resolve, resolve_owned, resolve_streamed};
pub use rules::*;
pub use streamed::Streamed;

use crate::source::Span;
use jiff::civil::Date;
use lasso::{Rodeo, Spur};
use smol_str::SmolStr;
// Names are hashed millions of times in a large record: a fast hash, since the keys are
// the user's own names and no adversary chooses them against us.
use rustc_hash::FxHashMap as HashMap;
type FastHash = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;

/// Appends a date as `YYYY-MM-DD`, as its `Display` does, without the formatting
/// machinery: reports of large records write millions of dates.
pub fn push_date(out: &mut String, date: Date) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        use std::fmt::Write as _;
        let _ = write!(out, "{date}");
        return;
    }
    let (y, m, d) = (year as u32, date.month() as u32, date.day() as u32);
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let text = [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ];
    out.push_str(std::str::from_utf8(&text).expect("digits are ASCII"));
}

/// The first index of `s` at which `before` is false (`before` holds up to some index,
/// then never): an exponential search from the start, so that a sweep through a sorted
/// slice pays for the distance of each step, not for the whole slice.
pub fn gallop<T>(s: &[T], before: impl Fn(&T) -> bool) -> usize {
    let (mut known, mut step) = (0, 1);
    while known + step <= s.len() && before(&s[known + step - 1]) {
        known += step;
        step *= 2;
    }
    let end = (known + step).min(s.len());
    known + s[known..end].partition_point(before)
}

/// An interned name.
pub type Sym = Spur;

macro_rules! id {
    ($($name:ident),*) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
id!(BodyId, OfficeId, ProposalId, GroupId);

/// A source, numbered from 0; kept as its number plus one, so that a position without a
/// source (`Option<SourceId>`) takes four bytes, not eight, of a large record's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(std::num::NonZeroU32);

impl SourceId {
    /// The source numbered `index` (below `u32::MAX`: fewer sources than bytes of input).
    pub fn new(index: usize) -> SourceId {
        SourceId(std::num::NonZeroU32::MIN.saturating_add(index as u32))
    }

    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

#[derive(Debug)]
pub struct Body {
    pub name: Sym,
    pub span: Span,
    /// Every membership interval, sorted by member then start.
    pub memberships: Vec<Membership>,
    /// A counted body's sizes by date (version 2, C); empty for a body of named members.
    pub sizes: Vec<Size>,
}

/// `member` belongs to the body on every day in `[from, to)`; `None` is unbounded.
#[derive(Clone, Copy, Debug)]
pub struct Membership {
    pub member: Sym,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub span: Span,
}

impl Membership {
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date < t)
    }
}

#[derive(Debug)]
pub struct Office {
    pub name: Sym,
    pub body: BodyId,
    pub span: Span,
    /// Terms in reading order.
    pub terms: Vec<Term>,
}

#[derive(Clone, Copy, Debug)]
pub struct Term {
    pub holder: Sym,
    pub from: Date,
    /// The end, exclusive; `None` while open (also when it ends after *now*).
    pub to: Option<Date>,
    /// The end as recorded, exclusive, even when it is after *now*: what `end in` checks.
    pub recorded_to: Option<Date>,
    pub span: Span,
    pub source: Option<SourceId>,
}

#[derive(Clone, Debug)]
pub enum ProposalKind {
    /// Decided by the proposal's body, the office's own unless `by` named another.
    Appoint {
        person: Sym,
        office: OfficeId,
    },
    Nominate {
        person: Sym,
        office: OfficeId,
    },
    Admit {
        candidate: Sym,
    },
    Resolve {
        title: SmolStr,
    },
}

#[derive(Debug)]
pub struct Proposal {
    pub name: Sym,
    pub kind: ProposalKind,
    pub body: BodyId,
    pub span: Span,
    /// How the proposal ended, if it did by *now*.
    pub end: Option<End>,
    /// Its positions: a range of [`Model::positions`], sorted by member, date, reading order.
    pub positions: std::ops::Range<usize>,
}

impl Proposal {
    /// The admission candidate, who never counts among the deciding members.
    pub fn candidate(&self) -> Option<Sym> {
        match self.kind {
            ProposalKind::Admit { candidate } => Some(candidate),
            _ => None,
        }
    }

    pub fn adopted(&self) -> Option<&End> {
        self.end.as_ref().filter(|e| e.kind == EndKind::Adopted)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndKind {
    Adopted,
    Rejected,
    Withdrawn,
}

#[derive(Clone, Copy, Debug)]
pub struct End {
    pub kind: EndKind,
    pub date: Date,
    pub span: Span,
    pub source: Option<SourceId>,
}

/// A member's stance on a proposal at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    Support,
    Oppose,
    Abstain,
    None,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Support => "support",
            Stance::Oppose => "oppose",
            Stance::Abstain => "abstain",
            Stance::None => "none",
        }
    }
}

impl From<crate::syntax::ast::Stance> for Stance {
    /// A withdrawal leaves no stance.
    fn from(stance: crate::syntax::ast::Stance) -> Stance {
        use crate::syntax::ast::Stance as S;
        match stance {
            S::Support => Stance::Support,
            S::Oppose => Stance::Oppose,
            S::Abstain => Stance::Abstain,
            S::Withdraw => Stance::None,
        }
    }
}

/// One dated position; a withdrawal has stance `None`. A large record holds 10⁷ of
/// these: its stance, whether its day is uncertain and its source share four bytes,
/// making it 24 in all, not 28.
#[derive(Clone, Copy, Debug)]
pub struct Position {
    pub member: Sym,
    /// The day; for a position whose day is uncertain, the last possible day (its first
    /// is among the model's [`Earliest`]).
    pub date: Date,
    pub span: Span,
    /// The stance in the top two bits, then [`UNCERTAIN`]; below, the source's number
    /// plus one, or 0.
    said: u32,
}

/// Sources are numbered below this in a [`Position`]: each source is the text of a
/// statement, and 2²⁹ statements would not fit in memory. A larger number would be taken
/// as this one.
const SOURCES: u32 = (1 << 29) - 1;
const UNCERTAIN: u32 = 1 << 29;
const STANCE_SHIFT: u32 = 30;

impl Position {
    pub fn new(member: Sym, date: Date, stance: Stance, span: Span, source: Option<SourceId>) -> Position {
        Position { member, date, span, said: 0 }.with_stance(stance).with_source(source)
    }

    pub fn stance(&self) -> Stance {
        [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None][(self.said >> STANCE_SHIFT) as usize]
    }

    pub fn source(&self) -> Option<SourceId> {
        std::num::NonZeroU32::new(self.said & SOURCES).map(SourceId)
    }

    /// Whether the day is uncertain: `date` is then only the last possible one.
    pub fn is_uncertain(&self) -> bool {
        self.said & UNCERTAIN != 0
    }

    pub fn with_stance(self, stance: Stance) -> Position {
        Position { said: (stance as u32) << STANCE_SHIFT | self.said & !(3 << STANCE_SHIFT), ..self }
    }

    pub fn with_source(self, source: Option<SourceId>) -> Position {
        let source = source.map_or(0, |s| s.0.get().min(SOURCES));
        Position { said: self.said & !SOURCES | source, ..self }
    }

    /// The same position, its day known only to lie within some days up to `date`.
    pub fn with_uncertain_day(self) -> Position {
        Position { said: self.said | UNCERTAIN, ..self }
    }
}

#[derive(Debug)]
pub struct Group {
    pub name: Sym,
    pub body: BodyId,
    /// Its names in reading order.
    pub members: Vec<Sym>,
    /// The same, sorted and each once: [`Group::has`] is a search, not a scan.
    pub sorted: Vec<Sym>,
    pub span: Span,
}

impl Group {
    pub fn new(name: Sym, body: BodyId, members: Vec<Sym>, span: Span) -> Group {
        let mut sorted = members.clone();
        sorted.sort_unstable();
        sorted.dedup();
        Group { name, body, members, sorted, span }
    }

    pub fn has(&self, member: Sym) -> bool {
        self.sorted.binary_search(&member).is_ok()
    }
}

/// The values of one attribute of one entity: timeless, and dated from a day on.
#[derive(Debug, Default)]
pub struct AttributeValues {
    pub timeless: Option<Decimal>,
    /// Sorted by date; the later in reading order last on one day.
    pub dated: Vec<(Date, Decimal)>,
}

/// Where a member stands on a proposal at a date, and the position that says so.
#[derive(Clone, Copy, Debug)]
pub struct StanceAt {
    pub stance: Stance,
    pub position: Option<Position>,
}

#[derive(Debug)]
pub struct Model {
    pub names: Rodeo<Spur, FastHash>,
    pub bodies: Vec<Body>,
    pub offices: Vec<Office>,
    pub proposals: Vec<Proposal>,
    pub groups: Vec<Group>,
    pub positions: Vec<Position>,
    /// The first possible day of each position whose day is uncertain (`2024-04`,
    /// `D1..D2`, `..D`), by its index in `positions`; its `date` is the last possible
    /// day. Kept apart so that records without uncertain dates pay nothing for them.
    pub earliest: Earliest,
    pub attributes: HashMap<(Sym, Sym), AttributeValues>,
    /// Recorded votes, by proposal and date (version 2, C).
    pub tallies: Vec<Recorded>,
    /// The proposals each proposal competes with (version 2, E).
    pub competing: HashMap<ProposalId, Vec<ProposalId>>,
    /// Attribute names that some fact gives a value.
    pub attribute_names: std::collections::HashSet<Sym>,
    pub sources: Vec<SmolStr>,
    pub rules: Vec<Rule>,
    /// The date the run evaluates as of.
    pub now: Date,
    /// Whether *now* comes from `--as-of` or a dated fact (else it is the end of time).
    pub dated: bool,
    /// How many fact statements were read.
    pub fact_count: usize,
    /// The rank of every interned name in name order (code-point order of the NFC
    /// text), by key index: sorting members by rank sorts them by name, without
    /// comparing strings. Names interned after [`resolve`] have no rank.
    pub name_ranks: Vec<u32>,
}

/// The first possible day of each position whose day is uncertain, by its index in the
/// model's positions, in the order of the index: a tally walks its proposal's positions in
/// order, and finds theirs by walking along, not by a look-up each.
#[derive(Debug, Default)]
pub struct Earliest(Vec<(u32, Date)>);

impl Earliest {
    pub fn get(&self, index: usize) -> Option<Date> {
        let at = self.0.binary_search_by_key(&index, |(i, _)| *i as usize).ok()?;
        Some(self.0[at].1)
    }

    /// Those of the positions of `range`.
    pub fn within(&self, range: std::ops::Range<usize>) -> &[(u32, Date)] {
        let start = self.0.partition_point(|(i, _)| (*i as usize) < range.start);
        let end = start + self.0[start..].partition_point(|(i, _)| (*i as usize) < range.end);
        &self.0[start..end]
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds first days of positions after every one it holds, in order.
    fn extend(&mut self, days: impl IntoIterator<Item = (u32, Date)>) {
        for (index, first) in days {
            debug_assert!(self.0.last().is_none_or(|(last, _)| *last < index), "first days in order");
            self.0.push((index, first));
        }
    }
}

impl Model {
    /// The first day on which position `index` may have been taken: its `date` unless
    /// the day is uncertain.
    pub fn earliest(&self, index: usize) -> Date {
        self.earliest.get(index).unwrap_or(self.positions[index].date)
    }

    /// The positions of `range`, in order, each with its [`Model::earliest`] day: one
    /// search, then a walk along both.
    pub fn with_earliest(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (Position, Date)> + '_ {
        let mut uncertain = self.earliest.within(range.clone()).iter().peekable();
        range.map(move |i| match uncertain.next_if(|(at, _)| *at as usize == i) {
            Some((_, first)) => (self.positions[i], *first),
            None => (self.positions[i], self.positions[i].date),
        })
    }

    pub fn name(&self, sym: Sym) -> &str {
        self.names.resolve(&sym)
    }

    /// The rank of a name in name order, if it was interned when the model was built.
    pub fn name_rank(&self, sym: Sym) -> Option<u32> {
        self.name_ranks.get(lasso::Key::into_usize(sym)).copied()
    }

    /// Ranks every interned name by its text (called once the model is complete).
    pub fn rank_names(&mut self) {
        self.name_ranks = ranks_by_text(&self.names);
    }

    pub fn source(&self, id: Option<SourceId>) -> Option<&str> {
        id.map(|s| self.sources[s.index()].as_str())
    }

    /// The members of a body on a date, sorted by name, each once.
    pub fn members_at(&self, body: BodyId, date: Date) -> Vec<Sym> {
        let mut members: Vec<Sym> = self.bodies[body.index()]
            .memberships
            .iter()
            .filter(|m| m.contains(date))
            .map(|m| m.member)
            .collect();
        members.dedup();
        members
    }

    pub fn is_member(&self, body: BodyId, member: Sym, date: Date) -> bool {
        let range = self.membership_range(body, member);
        self.bodies[body.index()].memberships[range].iter().any(|m| m.contains(date))
    }

    /// Where a member's intervals lie in its body's memberships (empty if never a member).
    pub fn membership_range(&self, body: BodyId, member: Sym) -> std::ops::Range<usize> {
        let ms = &self.bodies[body.index()].memberships;
        let start = ms.partition_point(|m| m.member < member);
        start..start + ms[start..].partition_point(|m| m.member == member)
    }

    /// The deciding members of a proposal's body at a date: members less the candidate.
    pub fn deciders(&self, proposal: ProposalId, date: Date) -> Vec<Sym> {
        let p = &self.proposals[proposal.index()];
        let mut members = self.members_at(p.body, date);
        if let Some(c) = p.candidate() {
            members.retain(|&m| m != c);
        }
        members
    }

    /// [`Model::stance_at`] for members sorted by symbol, each once: one sweep through
    /// the proposal's positions (sorted by member) instead of a search per member.
    pub fn stances_at(&self, proposal: ProposalId, members: &[Sym], date: Date) -> Vec<StanceAt> {
        let range = self.proposals[proposal.index()].positions.clone();
        let mut rest = &self.positions[range];
        let mut stances = Vec::with_capacity(members.len());
        for &member in members {
            rest = &rest[gallop(rest, |p| p.member < member)..];
            let taken = gallop(rest, |p| p.member == member && p.date <= date);
            stances.push(match taken.checked_sub(1).map(|i| rest[i]) {
                Some(p) => StanceAt { stance: p.stance(), position: Some(p) },
                None => StanceAt { stance: Stance::None, position: None },
            });
            rest = &rest[taken..];
        }
        stances
    }

    /// The stance of `member` on `proposal` at `date`: its latest position on or before.
    pub fn stance_at(&self, proposal: ProposalId, member: Sym, date: Date) -> StanceAt {
        let range = self.proposals[proposal.index()].positions.clone();
        let positions = &self.positions[range];
        let start = positions.partition_point(|p| p.member < member);
        let end = start + positions[start..].partition_point(|p| p.member == member && p.date <= date);
        match end.checked_sub(1).filter(|&i| i >= start).map(|i| positions[i]) {
            Some(p) => StanceAt { stance: p.stance(), position: Some(p) },
            None => StanceAt { stance: Stance::None, position: None },
        }
    }

    /// The value of an attribute of an entity at a date: the latest dated value on or
    /// before it, else the timeless value.
    pub fn attribute_at(&self, entity: Sym, attribute: Sym, date: Date) -> Option<Decimal> {
        let values = self.attributes.get(&(entity, attribute))?;
        let dated = values.dated.partition_point(|(d, _)| *d <= date);
        dated.checked_sub(1).map(|i| values.dated[i].1).or(values.timeless)
    }

    /// `NAME of BODY`, as diagnostics name an office.
    pub fn office_name(&self, office: OfficeId) -> String {
        let o = &self.offices[office.index()];
        format!("{} of {}", self.name(o.name), self.name(self.bodies[o.body.index()].name))
    }
}

/// Each name's rank in the order of the names' texts, by its key's index. Names are
/// compared by their first eight bytes as one number, and by their texts only where those
/// are the same: the 10⁵ member names of a large record are then sorted without reading
/// each text again at every comparison.
fn ranks_by_text(names: &Rodeo<Sym, FastHash>) -> Vec<u32> {
    let mut order: Vec<(u64, Sym, &str)> =
        names.iter().map(|(sym, text)| (leading_bytes(text), sym, text)).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(b.2)));
    let mut ranks = vec![0; order.len()];
    for (rank, (_, sym, _)) in order.iter().enumerate() {
        ranks[lasso::Key::into_usize(*sym)] = rank as u32;
    }
    ranks
}

/// The first eight bytes of `text`, zero-padded, as a number that orders texts as their
/// bytes do up to there: where two texts' numbers differ, so do the texts, the same way.
fn leading_bytes(text: &str) -> u64 {
    numbering::padded(&text.as_bytes()[..text.len().min(8)]).swap_bytes()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    proptest::proptest! {
        /// Ranks order names as their texts do: names that share their first eight bytes
        /// or are a start of another among them.
        #[test]
        fn names_rank_in_the_order_of_their_texts(names in proptest::collection::vec("[ab\\x01]{0,10}|é[ab]?|m0{6}[0-9]{1,2}", 0..40)) {
            let mut interned = lasso::Rodeo::with_hasher(Default::default());
            let syms: Vec<super::Sym> = names.iter().map(|n| interned.get_or_intern(n.as_str())).collect();
            let ranks = super::ranks_by_text(&interned);
            let rank = |s: &super::Sym| ranks[lasso::Key::into_usize(*s)];
            for (a, sa) in names.iter().zip(&syms) {
                for (b, sb) in names.iter().zip(&syms) {
                    proptest::prop_assert_eq!(rank(sa).cmp(&rank(sb)), a.cmp(b));
                }
            }
        }
    }

    #[test]
    fn gallop_finds_what_partition_point_finds() {
        for len in 0..70 {
            let s: Vec<usize> = (0..len).collect();
            for cut in 0..=len {
                assert_eq!(super::gallop(&s, |&x| x < cut), cut, "len {len} cut {cut}");
            }
        }
    }

    #[test]
    fn dates_are_written_as_display_writes_them() {
        for d in [
            date(2024, 3, 5),
            date(0, 1, 1),
            date(9999, 12, 31),
            date(-1, 6, 30),
            date(-9999, 1, 1),
            date(1, 10, 9),
        ] {
            let mut out = String::from("x");
            super::push_date(&mut out, d);
            assert_eq!(out, format!("x{d}"));
        }
    }
}
