//! Who must still be convinced: the fewest members whose coming round to support would
//! make a decision condition hold.
//!
//! Members who do not support are split into classes that a condition cannot tell apart
//! (same stance, same groups), each ordered heaviest first. Taking the first `j` of each
//! class, the search tries every vector of counts in order of its total, so the first set
//! that makes the condition hold is a smallest one: exactly so for conditions that more
//! support never breaks (every form the spec's examples use), and at worst a set that
//! works for the rest.

use super::eval::{eval, Missing, Tally};
use crate::model::{AtomKind, Cond, GroupId, Stance, StanceAt, Sym};

/// How many conditions the search may evaluate before it settles for a set that works.
const BUDGET: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Convince {
    /// The condition holds already.
    Holds,
    /// These members (sorted by name), coming round to support, make it hold; `smallest`
    /// tells whether the search proved that no smaller set does.
    Members { members: Vec<Sym>, smallest: bool },
    /// Not even every member supporting would make it hold.
    Impossible,
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
    if !holds_with(cond, tally, &candidates) {
        return Convince::Impossible;
    }
    let classes = classes(cond, tally, candidates.clone());
    let mut search =
        Search { cond, tally, classes: &classes, evaluations: 0, counts: vec![0; classes.len()] };
    for k in 1..=candidates.len() {
        match search.with_total(0, k) {
            Some(found) => return members(tally, found, true),
            None if search.evaluations > BUDGET => break,
            None => {}
        }
    }
    members(tally, prune(cond, tally, candidates), false)
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

/// Candidates a condition cannot tell apart, grouped, each class heaviest first.
fn classes(cond: &Cond, tally: &Tally, candidates: Vec<usize>) -> Vec<Vec<usize>> {
    let (mut groups, mut weight) = (Vec::new(), None);
    parts(cond, &mut groups, &mut weight);
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
    let mut sorted = candidates;
    sorted.sort_by(|&a, &b| key(a).cmp(&key(b)).then(heft(b).cmp(&heft(a))).then(a.cmp(&b)));
    sorted.chunk_by(|&a, &b| key(a) == key(b)).map(<[usize]>::to_vec).collect()
}

/// The groups a condition names, and the first attribute it weighs.
fn parts(cond: &Cond, groups: &mut Vec<GroupId>, weight: &mut Option<Sym>) {
    match cond {
        Cond::Or(items) | Cond::And(items) => items.iter().for_each(|c| parts(c, groups, weight)),
        Cond::Not(inner) => parts(inner, groups, weight),
        Cond::Atom(atom) => match atom.kind {
            AtomKind::Count { group: Some(g), .. } if !groups.contains(&g) => groups.push(g),
            AtomKind::Weight { attribute, .. } => *weight = weight.or(Some(attribute)),
            _ => {}
        },
    }
}

/// Every vector of per-class counts with a given total, tried in turn.
struct Search<'a, 'm> {
    cond: &'a Cond,
    tally: &'a Tally<'m>,
    classes: &'a [Vec<usize>],
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
            if self.evaluations > BUDGET {
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

/// A set that works, with every member it can do without left out (lightest tried first).
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
