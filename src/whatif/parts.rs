//! One fact's content as a few texts and dates: everything its canonical form (what
//! `concord fmt` prints) is made of, but its source. Two facts are the same fact exactly
//! when their parts are equal, and a near miss is measured part by part.

use crate::syntax::ast::{
    Event, FactKind, Name, Names, Position, ProposalKind, Stance, Statement, When, Who,
};
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;

/// The form of a fact; only facts of one form are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Body,
    Group,
    Office,
    Proposal,
    Members,
    Term,
    Attribute,
    Join,
    Leave,
    Stance,
    /// The position of a whole body or group.
    MembersStance,
    Decision,
    Withdrawn,
    DatedAttribute,
    Compete,
    Size,
    Tally,
}

/// The texts and dates of one fact, in a fixed order for its [`Tag`]; unused ones are
/// empty. A fact of several names (`A, B and C support p`) has one `Parts` per name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Parts<'a> {
    pub tag: Tag,
    pub dates: [Option<Date>; 2],
    pub texts: [&'a str; 6],
    /// The names after `except` of a group position, in written order.
    pub except: Except<'a>,
}

/// Names compared by their text alone, as the canonical form writes them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Except<'a>(&'a [Name]);

impl Except<'_> {
    fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|n| n.text.as_str())
    }

    /// How many names differ, one by one, plus the difference in length.
    fn distance(&self, other: &Except) -> usize {
        let differ = self.texts().zip(other.texts()).filter(|(a, b)| a != b).count();
        differ + self.0.len().abs_diff(other.0.len())
    }
}

impl PartialEq for Except<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.texts().eq(other.texts())
    }
}

impl Eq for Except<'_> {}

impl std::hash::Hash for Except<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.texts().for_each(|t| t.hash(state));
    }
}

impl<'a> Parts<'a> {
    fn new(tag: Tag, dates: [Option<Date>; 2], given: &[&'a str]) -> Parts<'a> {
        let mut texts = [""; 6];
        texts[..given.len()].copy_from_slice(given);
        Parts { tag, dates, texts, except: Except::default() }
    }

    /// How far apart two facts of the same form are, if less than `bound`: the digits in
    /// which the dates differ plus the edit distance of each text. Distances of texts are
    /// remembered in `memo`, since a large record repeats the same few names millions of
    /// times, and the sum stops as soon as it reaches `bound`.
    pub fn distance_below(
        &self,
        other: &Parts<'a>,
        memo: &mut HashMap<(usize, &'a str), usize>,
        bound: usize,
    ) -> Option<usize> {
        let mut sum = date_distance(self.dates[0], other.dates[0])
            + date_distance(self.dates[1], other.dates[1])
            + self.except.distance(&other.except);
        for (k, (mine, theirs)) in self.texts.iter().zip(other.texts).enumerate() {
            if sum >= bound {
                return None;
            }
            if *mine != theirs {
                sum += *memo.entry((k, theirs)).or_insert_with(|| strsim::levenshtein(mine, theirs));
            }
        }
        (sum < bound).then_some(sum)
    }
}

/// The digits in which two dates, written YYYY-MM-DD, differ; a missing date differs in all.
fn date_distance(a: Option<Date>, b: Option<Date>) -> usize {
    let digits = |d: Date| {
        let (y, m, day) = (d.year().unsigned_abs() as u32, d.month() as u32, d.day() as u32);
        [y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, day / 10, day % 10]
    };
    match (a, b) {
        (Some(a), Some(b)) => digits(a).iter().zip(digits(b)).filter(|(x, y)| **x != *y).count(),
        (None, None) => 0,
        _ => 10,
    }
}

/// The list of names a fact holds several of, if it is of a form that has one.
pub fn names(kind: &FactKind) -> Option<&Names> {
    match kind {
        FactKind::Group { members, .. }
        | FactKind::Members { members, .. }
        | FactKind::Event { event: Event::Join { members, .. }, .. }
        | FactKind::Event { event: Event::Leave { members, .. }, .. }
        | FactKind::Event { event: Event::Stance { who: Who::Names(members), .. }, .. }
        | FactKind::Compete(members) => Some(members),
        _ => None,
    }
}

pub fn names_mut(kind: &mut FactKind) -> Option<&mut Names> {
    match kind {
        FactKind::Group { members, .. }
        | FactKind::Members { members, .. }
        | FactKind::Event { event: Event::Join { members, .. }, .. }
        | FactKind::Event { event: Event::Leave { members, .. }, .. }
        | FactKind::Event { event: Event::Stance { who: Who::Names(members), .. }, .. }
        | FactKind::Compete(members) => Some(members),
        _ => None,
    }
}

/// Calls `each` with every fact a statement holds: for a list of names, the index of the
/// name and the parts of the fact about it alone. Rules hold no fact.
pub fn each_fact<'a>(statement: &'a Statement, src: &'a str, mut each: impl FnMut(Option<usize>, Parts<'a>)) {
    match statement {
        Statement::Position(p) => each(None, position(p, src)),
        Statement::Fact(f) => match names(&f.kind) {
            None => each(None, of_kind(&f.kind, "")),
            Some(list) => {
                for (n, name) in list.items.iter().enumerate() {
                    each(Some(n), of_kind(&f.kind, &name.text));
                }
            }
        },
        Statement::Rule(_) | Statement::Test(_) => {}
    }
}

/// A flat position's parts, with the dates its general form gives ([`when_dates`]).
fn position<'a>(p: &Position, src: &'a str) -> Parts<'a> {
    let dates = match p.first() {
        Some(first) => [Some(first), Some(p.date)],
        None => [Some(p.date), None],
    };
    Parts::new(Tag::Stance, dates, &[p.member(src), verb(p.stance), p.proposal(src)])
}

fn verb(stance: Stance) -> &'static str {
    match stance {
        Stance::Support => "supports",
        Stance::Oppose => "opposes",
        Stance::Abstain => "abstains on",
        Stance::Withdraw => "withdraws from",
    }
}

/// The parts of a fact, with `name` standing for its list of names (if it has one).
pub fn of_kind<'a>(kind: &'a FactKind, name: &'a str) -> Parts<'a> {
    use Tag::*;
    let none = [None, None];
    match kind {
        FactKind::Body(n) => Parts::new(Body, none, &[&n.text]),
        FactKind::Group { name: g, body, .. } => Parts::new(Group, none, &[&g.text, &body.text, name]),
        FactKind::Office(o) => Parts::new(Office, none, &[&o.name.text, &o.body.text]),
        FactKind::Proposal { name: p, kind } => proposal(&p.text, kind),
        FactKind::Members { body, since, .. } => {
            Parts::new(Members, [since.map(|d| d.date), None], &[&body.text, name])
        }
        FactKind::Term { holder, office, from, to } => Parts::new(
            Term,
            [Some(from.date), to.map(|d| d.date)],
            &[&holder.text, &office.name.text, &office.body.text],
        ),
        FactKind::Attribute(a) => {
            Parts::new(Attribute, none, &[&a.entity.text, &a.attribute.text, &a.value.text])
        }
        FactKind::Event { when, event } => self::event(when_dates(when), event, name),
        FactKind::Compete(_) => Parts::new(Compete, none, &[name]),
    }
}

fn proposal<'a>(name: &'a str, kind: &'a ProposalKind) -> Parts<'a> {
    let by = |by: &'a Option<crate::syntax::ast::Name>| by.as_ref().map_or("", |b| b.text.as_str());
    let texts: [&str; 6] = match kind {
        ProposalKind::Appoint { person, office, by: b } => {
            [name, "appoint", &person.text, &office.name.text, &office.body.text, by(b)]
        }
        ProposalKind::Nominate { person, office, by: b } => {
            [name, "nominate", &person.text, &office.name.text, &office.body.text, by(b)]
        }
        ProposalKind::Admit { candidate, body } => [name, "admit", &candidate.text, &body.text, "", ""],
        ProposalKind::Resolve { title, body } => [name, "resolve", &title.text, &body.text, "", ""],
    };
    Parts { tag: Tag::Proposal, dates: [None, None], texts, except: Except::default() }
}

/// A day as `[day, none]`, as every one-day fact; an uncertain date as its first and
/// last possible days.
fn when_dates(when: &When) -> [Option<Date>; 2] {
    match when.day() {
        Some(day) => [Some(day), None],
        None => [when.first(), Some(when.last())],
    }
}

fn event<'a>(dates: [Option<Date>; 2], event: &'a Event, name: &'a str) -> Parts<'a> {
    match event {
        Event::Join { body, .. } => Parts::new(Tag::Join, dates, &[name, &body.text]),
        Event::Leave { body, .. } => Parts::new(Tag::Leave, dates, &[name, &body.text]),
        Event::Stance { who: Who::Members(m), stance, proposal } => Parts {
            except: Except(m.except.as_ref().map_or(&[], |e| &e.items)),
            ..Parts::new(Tag::MembersStance, dates, &[&m.of.text, verb(*stance), &proposal.text])
        },
        Event::Stance { stance, proposal, .. } => {
            Parts::new(Tag::Stance, dates, &[name, verb(*stance), &proposal.text])
        }
        Event::Adopts { body, proposal } => {
            Parts::new(Tag::Decision, dates, &[&body.text, "adopts", &proposal.text])
        }
        Event::Rejects { body, proposal } => {
            Parts::new(Tag::Decision, dates, &[&body.text, "rejects", &proposal.text])
        }
        Event::Withdrawn { proposal } => Parts::new(Tag::Withdrawn, dates, &[&proposal.text]),
        Event::Attribute(a) => {
            Parts::new(Tag::DatedAttribute, dates, &[&a.entity.text, &a.attribute.text, &a.value.text])
        }
        Event::Size { body, count } => Parts::new(Tag::Size, dates, &[&body.text, &count.text]),
        Event::Tally(t) => {
            let abstain = t.abstain.as_ref().map_or("0", |a| a.text.as_str());
            let counts = [&t.body.text, &t.proposal.text, &t.support.text, &t.oppose.text];
            Parts::new(Tag::Tally, dates, &[counts[0], counts[1], counts[2], counts[3], abstain])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn parts_of(text: &str) -> Vec<String> {
        let (file, errors) = crate::syntax::parse(text, FileId(0));
        assert!(errors.is_empty(), "{errors:?}");
        let mut out = Vec::new();
        for s in &file.statements {
            each_fact(s, text, |_, p| out.push(format!("{p:?}")));
        }
        out
    }

    #[test]
    fn the_flat_and_the_general_form_of_a_position_have_the_same_parts() {
        let flat = parts_of("2024-03-05: Hungary opposes p [Telex].");
        let general = parts_of("2024-03-05: \"Hungary\" opposes \"p\".");
        assert_eq!(flat, general);
        assert_eq!(parts_of("2024-03-05: Hungary and Austria oppose p.")[0], flat[0]);
    }

    #[test]
    fn dates_differ_by_their_digits() {
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        assert_eq!(date_distance(d("2024-03-05"), d("2024-03-04")), 1);
        assert_eq!(date_distance(d("2024-03-05"), d("2023-12-05")), 3);
        assert_eq!(date_distance(None, d("2023-12-05")), 10);
    }
}
