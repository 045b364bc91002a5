//! Who must still be convinced: the fewest members whose coming round to support would
//! make a decision condition hold.
//!
//! Members who do not support are split into classes that a condition cannot tell apart
//! (same stance, same groups), each ordered heaviest first. Taking the first `j` of each
//! class, the search tries every vector of counts in order of its total, so the first set
//! that makes the condition hold is a smallest one. That is proven for *monotone*
//! conditions, which more support never breaks (no `not`, no upper bound on supporters,
//! no lower bound on opponents or abstainers, at most one weighed attribute): every form
//! the spec's examples use. For the rest, a set found works but may not be smallest.

use super::eval::{eval, Missing, Tally};
use crate::model::{AtomKind, Compare, Cond, CountTest, GroupId, Stance, StanceAt, Sym};

/// How much work (conditions evaluated × members) the search may do before it settles
/// for a set that works.
const WORK: usize = 4_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Convince {
    /// The condition holds already.
    Holds,
    /// These members (sorted by name), coming round to support, make it hold; `smallest`
    /// tells whether no smaller set does (proven for monotone conditions).
    Members { members: Vec<Sym>, smallest: bool },
    /// Not even every member supporting would make it hold, and the condition is monotone.
    Impossible,
    /// The search found no set of members coming round to support that makes it hold.
    NotFound,
    /// The condition cannot be evaluated: a member lacks a weighed attribute.
    Unevaluable(Missing),
}

/// The fewest members of the tally to bring round to support so that `cond` holds.
pub fn convince(cond: &Cond, tally: &Tally) -> Convince {
    match eval(cond, tally) {
        Err(missing) => return Convince::Unevaluable(missing),
        Ok(true) => return Convince::Holds,
        Ok(false) => {}
    }
    let candidates: Vec<usize> =
        (0..tally.members.len()).filter(|&i| tally.members[i].1.stance != Stance::Support).collect();
    let (mut groups, mut weights) = (Vec::new(), Vec::new());
    let monotone = parts(cond, false, &mut groups, &mut weights) && weights.len() <= 1;
    let everyone = holds_with(cond, tally, &candidates);
    if monotone && !everyone {
        return Convince::Impossible;
    }
    let classes = classes(tally, &groups, weights.first().copied());
    let budget = WORK / tally.members.len().max(1);
    let mut search =
        Search { cond, tally, classes: &classes, budget, evaluations: 0, counts: vec![0; classes.len()] };
    for k in 1..=candidates.len() {
        match search.with_total(0, k) {
            Some(found) => return members(tally, found, monotone),
            None if search.evaluations > budget => break,
            None => {}
        }
    }
    if !everyone {
        return Convince::NotFound;
    }
    members(tally, prune(cond, tally, classes.concat()), false)
}

fn members(tally: &Tally, chosen: Vec<usize>, smallest: bool) -> Convince {
    let model = tally.model;
    let mut members: Vec<Sym> = chosen.into_iter().map(|i| tally.members[i].0).collect();
    members.sort_by(|a, b| model.name(*a).cmp(model.name(*b)));
    Convince::Members { members, smallest }
}

/// Whether `cond` holds once the members at `chosen` support.
fn holds_with(cond: &Cond, tally: &Tally, chosen: &[usize]) -> bool {
    let mut members = tally.members.clone();
    for &i in chosen {
        members[i].1 = StanceAt { stance: Stance::Support, position: None };
    }
    let changed = Tally { model: tally.model, proposal: tally.proposal, date: tally.date, members };
    eval(cond, &changed).unwrap_or(false)
}

/// The members who do not support, in classes a condition cannot tell apart (same
/// stance, same groups), each class heaviest first.
fn classes(tally: &Tally, groups: &[GroupId], weight: Option<Sym>) -> Vec<Vec<usize>> {
    let model = tally.model;
    let key = |i: usize| {
        let (member, at) = tally.members[i];
        let mask: u64 = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| model.groups[g.index()].members.contains(&member))
            .fold(0, |m, (bit, _)| m | 1 << (bit % 64));
        (at.stance, mask)
    };
    let heft = |i: usize| weight.and_then(|w| model.attribute_at(tally.members[i].0, w, tally.date));
    let mut sorted: Vec<usize> =
        (0..tally.members.len()).filter(|&i| tally.members[i].1.stance != Stance::Support).collect();
    sorted.sort_by(|&a, &b| key(a).cmp(&key(b)).then(heft(b).cmp(&heft(a))).then(a.cmp(&b)));
    sorted.chunk_by(|&a, &b| key(a) == key(b)).map(<[usize]>::to_vec).collect()
}

/// Collects the groups a condition names and the attributes it weighs, and tells whether
/// more support never breaks it (under `negated`: never mends it).
fn parts(cond: &Cond, negated: bool, groups: &mut Vec<GroupId>, weights: &mut Vec<Sym>) -> bool {
    match cond {
        Cond::Or(items) | Cond::And(items) => {
            // Every part is visited, to collect all groups and weights.
            let each: Vec<bool> = items.iter().map(|c| parts(c, negated, groups, weights)).collect();
            each.into_iter().all(|monotone| monotone)
        }
        Cond::Not(inner) => parts(inner, !negated, groups, weights),
        Cond::Atom(atom) => {
            let (stance, lower) = match atom.kind {
                AtomKind::Count { group, stance, test, .. } => {
                    if let Some(g) = group.filter(|g| !groups.contains(g)) {
                        groups.push(g);
                    }
                    (stance, count_is_lower(test))
                }
                AtomKind::Weight { stance, compare, attribute, .. } => {
                    if !weights.contains(&attribute) {
                        weights.push(attribute);
                    }
                    (stance, compare_is_lower(compare))
                }
            };
            // More support raises the supporters and lowers every other side.
            let grows = lower.map(|lower| if stance == Stance::Support { lower } else { !lower });
            grows == Some(!negated)
        }
    }
}

/// Whether a count test is a lower bound (`Some(true)`), an upper one, or neither.
fn count_is_lower(test: CountTest) -> Option<bool> {
    match test {
        CountTest::All => Some(true),
        CountTest::No => Some(false),
        CountTest::Count(c, _) | CountTest::Share(c, _) => compare_is_lower(c),
    }
}

fn compare_is_lower(c: Compare) -> Option<bool> {
    match c {
        Compare::AtLeast | Compare::MoreThan => Some(true),
        Compare::AtMost | Compare::FewerThan => Some(false),
        Compare::Exactly => None,
    }
}

/// Every vector of per-class counts with a given total, tried in turn.
struct Search<'a, 'm> {
    cond: &'a Cond,
    tally: &'a Tally<'m>,
    classes: &'a [Vec<usize>],
    budget: usize,
    evaluations: usize,
    counts: Vec<usize>,
}

impl Search<'_, '_> {
    fn with_total(&mut self, class: usize, left: usize) -> Option<Vec<usize>> {
        if class == self.classes.len() {
            return (left == 0).then(|| self.try_counts()).flatten();
        }
        let most = left.min(self.classes[class].len());
        for j in 0..=most {
            if self.evaluations > self.budget {
                return None;
            }
            self.counts[class] = j;
            if let Some(found) = self.with_total(class + 1, left - j) {
                return Some(found);
            }
        }
        self.counts[class] = 0;
        None
    }

    fn try_counts(&mut self) -> Option<Vec<usize>> {
        self.evaluations += 1;
        let chosen: Vec<usize> =
            self.classes.iter().zip(&self.counts).flat_map(|(c, &j)| c[..j].iter().copied()).collect();
        holds_with(self.cond, self.tally, &chosen).then_some(chosen)
    }
}

/// A set that works, with every member it can do without left out; each class is
/// heaviest first, so trying from the end tries the lightest first.
fn prune(cond: &Cond, tally: &Tally, mut chosen: Vec<usize>) -> Vec<usize> {
    for i in (0..chosen.len()).rev() {
        let without: Vec<usize> =
            chosen.iter().enumerate().filter(|&(k, _)| k != i).map(|(_, &m)| m).collect();
        if holds_with(cond, tally, &without) {
            chosen = without;
        }
    }
    chosen
}
