//! Who must still be convinced: the fewest members whose coming round to support would
//! make a decision condition hold.
//!
//! A condition that is one atom more support never breaks has a direct answer: the
//! members its figure lacks, the heaviest first when it weighs them (`unanimity`: every
//! member who does not support). For the rest, members who do not support are split into
//! classes that a condition cannot tell apart (same stance, same groups), each ordered
//! heaviest first. Taking the first `j` of each class, the search tries every vector of
//! counts in order of its total, so the first set that makes the condition hold is a
//! smallest one. That is proven for *monotone* conditions, which more support never
//! breaks (no `not`, no upper bound on supporters, no lower bound on opponents or
//! abstainers, at most one weighed attribute): every form the spec's examples use. For
//! the rest, a set found works but may not be smallest.
//!
//! The searches of one command share one [`Budget`]: one that runs out settles for a set
//! that works, and says so.

use super::eval::{eval, Missing, Tally};
use crate::model::{AtomKind, Compare, Cond, CountTest, Counted, GroupId, Stance, StanceAt, Sym};

/// The work (members looked at, and steps of the search) that the searches of one
/// command may do together.
const WORK: usize = 20_000_000;

/// What is left of the work the searches of one command may do.
#[derive(Debug)]
pub struct Budget {
    left: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(WORK)
    }
}

impl Budget {
    pub fn new(work: usize) -> Budget {
        Budget { left: work }
    }

    /// Takes `work` from what is left: false, and nothing left, if it was not enough.
    fn spend(&mut self, work: usize) -> bool {
        let enough = self.left >= work;
        self.left = if enough { self.left - work } else { 0 };
        enough
    }
}

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

/// What a search found, and whether it stopped at its budget before it could tell
/// that no smaller set (or, for [`Convince::NotFound`], no set at all) exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub convince: Convince,
    pub stopped: bool,
}

/// The fewest members of the tally to bring round to support so that `cond` holds, with
/// a budget of its own.
pub fn convince(cond: &Cond, tally: &Tally) -> Convince {
    search(cond, tally, &mut Budget::default()).convince
}

/// As [`convince`], spending from a budget shared with the other searches of a command.
pub fn search(cond: &Cond, tally: &Tally, budget: &mut Budget) -> Answer {
    let done = |convince| Answer { convince, stopped: false };
    match eval(cond, tally) {
        Err(missing) => return done(Convince::Unevaluable(missing)),
        Ok(true) => return done(Convince::Holds),
        Ok(false) => {}
    }
    let (mut groups, mut weights) = (Vec::new(), Vec::new());
    let monotone = parts(cond, false, &mut groups, &mut weights) && weights.len() <= 1;
    let classes = classes(tally, &groups, weights.first().copied());
    let everyone = classes.concat();
    let works = holds_with(cond, tally, &everyone);
    if monotone && !works {
        return done(Convince::Impossible);
    }
    if let (Cond::Atom(_), true) = (cond, monotone) {
        if let Some(found) = direct(cond, tally, &classes) {
            return done(members(tally, found, true));
        }
    }
    // A set that works, to better: the search need only look for smaller ones.
    let sketched = sketch(cond, tally, &classes).filter(|s| holds_with(cond, tally, s));
    let best = sketched.or_else(|| works.then_some(everyone));
    let mut search = Search::new(cond, tally, &classes, budget);
    let sizes = match &best {
        Some(best) => 1..best.len(),
        None => 1..classes.iter().map(Vec::len).sum::<usize>() + 1,
    };
    for k in sizes {
        if let Some(found) = search.with_total(0, k) {
            return done(members(tally, found, monotone));
        }
        if search.stopped {
            break;
        }
    }
    let stopped = search.stopped;
    let convince = match best {
        // No smaller set was found: for a monotone condition, there is none.
        Some(best) if monotone => members(tally, best, !stopped),
        Some(best) => members(tally, prune(cond, tally, best, budget), false),
        None => Convince::NotFound,
    };
    Answer { convince, stopped }
}

/// A set that works, found cheaply, though not always a smallest: for an atom its direct
/// answer, for `or` the smallest of its parts', for `and` all of its parts' together.
/// Its work is that of evaluating each atom a few times, like evaluating the condition:
/// it is not taken from the budget.
fn sketch(cond: &Cond, tally: &Tally, classes: &[Vec<usize>]) -> Option<Vec<usize>> {
    match cond {
        Cond::Atom(_) => direct(cond, tally, classes),
        Cond::Or(items) => items.iter().filter_map(|c| sketch(c, tally, classes)).min_by_key(Vec::len),
        Cond::And(items) => {
            let mut all = Vec::new();
            for c in items {
                all.extend(sketch(c, tally, classes)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
        Cond::Not(_) => None,
    }
}

/// The chosen members (indices into the tally, which is sorted by name), by name.
fn members(tally: &Tally, mut chosen: Vec<usize>, smallest: bool) -> Convince {
    chosen.sort_unstable();
    let members = chosen.into_iter().map(|i| tally.members[i].0).collect();
    Convince::Members { members, smallest }
}

/// Whether `cond` holds once the members at `chosen` support.
fn holds_with(cond: &Cond, tally: &Tally, chosen: &[usize]) -> bool {
    let mut members = tally.members.clone();
    for &i in chosen {
        members[i].1 = StanceAt { stance: Stance::Support, position: None };
    }
    eval(cond, &tally.with_stances(members)).unwrap_or(false)
}

/// The fewest members that make one atom hold, if more support never breaks it: of those
/// whose coming round moves its figure, in the order the search would take them (the
/// last class first; the heaviest first for a weight), the shortest run that is enough,
/// in a few evaluations of the atom.
fn direct(cond: &Cond, tally: &Tally, classes: &[Vec<usize>]) -> Option<Vec<usize>> {
    let Cond::Atom(atom) = cond else { return None };
    let model = tally.model;
    let (counted, group) = match atom.kind {
        AtomKind::Count { group, counted, .. } => (counted, group),
        AtomKind::Weight { stance, .. } => (Counted::Stance(stance), None),
    };
    let moves = |i: &usize| {
        let (member, at) = tally.members[*i];
        group.is_none_or(|g| model.groups[g.index()].has(member))
            && (counted.counts(Stance::Support) || counted.counts(at.stance))
    };
    let mut order: Vec<usize> = classes.iter().rev().flatten().copied().filter(moves).collect();
    if let AtomKind::Weight { attribute, .. } = atom.kind {
        let weights = tally.weights(attribute);
        order.sort_by_cached_key(|&i| std::cmp::Reverse(weights[i]));
    }
    if holds_with(cond, tally, &[]) {
        return Some(Vec::new()); // a part of an `and` that holds already
    }
    if !holds_with(cond, tally, &order) {
        return None; // an atom more support may break: left to the search
    }
    // More of the run never breaks the atom: the shortest enough run, by halving.
    let (mut short, mut enough) = (0, order.len());
    while enough - short > 1 {
        let mid = (short + enough) / 2;
        match holds_with(cond, tally, &order[..mid]) {
            true => enough = mid,
            false => short = mid,
        }
    }
    order.truncate(enough);
    Some(order)
}

/// The members who do not support, in classes a condition cannot tell apart (same
/// stance, same groups), each class heaviest first.
fn classes(tally: &Tally, groups: &[GroupId], weight: Option<Sym>) -> Vec<Vec<usize>> {
    let model = tally.model;
    let key = |i: usize| {
        let (member, at) = tally.members[i];
        let mut within = vec![0u64; groups.len().div_ceil(64)];
        for (bit, g) in groups.iter().enumerate() {
            if model.groups[g.index()].has(member) {
                within[bit / 64] |= 1 << (bit % 64);
            }
        }
        (at.stance, within)
    };
    let weights = weight.map(|w| tally.weights(w));
    let heft = |i: usize| weights.as_ref().and_then(|w| w[i]);
    let mut sorted: Vec<(Stance, Vec<u64>, std::cmp::Reverse<_>, usize)> = (0..tally.members.len())
        .filter(|&i| tally.members[i].1.stance != Stance::Support)
        .map(|i| {
            let (stance, within) = key(i);
            (stance, within, std::cmp::Reverse(heft(i)), i)
        })
        .collect();
    sorted.sort_unstable();
    sorted.chunk_by(|a, b| (a.0, &a.1) == (b.0, &b.1)).map(|run| run.iter().map(|x| x.3).collect()).collect()
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
                AtomKind::Count { group, counted, test, .. } => {
                    if let Some(g) = group.filter(|g| !groups.contains(g)) {
                        groups.push(g);
                    }
                    // A vote grows with support as support does; so does a share of voters.
                    let stance =
                        if counted.counts(Stance::Support) { Stance::Support } else { Stance::Oppose };
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
    /// How many members the classes from each one on hold together.
    room: Vec<usize>,
    /// The work of one evaluation: members times atoms.
    cost: usize,
    budget: &'a mut Budget,
    stopped: bool,
    counts: Vec<usize>,
}

impl<'a, 'm> Search<'a, 'm> {
    fn new(cond: &'a Cond, tally: &'a Tally<'m>, classes: &'a [Vec<usize>], budget: &'a mut Budget) -> Self {
        let mut room = vec![0; classes.len() + 1];
        for c in (0..classes.len()).rev() {
            room[c] = room[c + 1] + classes[c].len();
        }
        let cost = evaluation_cost(cond, tally);
        Search { cond, tally, classes, room, cost, budget, stopped: false, counts: vec![0; classes.len()] }
    }

    fn with_total(&mut self, class: usize, left: usize) -> Option<Vec<usize>> {
        if self.room[class] < left {
            return None;
        }
        if !self.budget.spend(1) {
            self.stopped = true;
            return None;
        }
        if class == self.classes.len() {
            return self.try_counts();
        }
        let most = left.min(self.classes[class].len());
        for j in 0..=most {
            self.counts[class] = j;
            if let Some(found) = self.with_total(class + 1, left - j) {
                return Some(found);
            }
            if self.stopped {
                break;
            }
        }
        self.counts[class] = 0;
        None
    }

    fn try_counts(&mut self) -> Option<Vec<usize>> {
        if !self.budget.spend(self.cost) {
            self.stopped = true;
            return None;
        }
        let chosen: Vec<usize> =
            self.classes.iter().zip(&self.counts).flat_map(|(c, &j)| c[..j].iter().copied()).collect();
        holds_with(self.cond, self.tally, &chosen).then_some(chosen)
    }
}

/// A set that works, with every member it can do without left out while the budget
/// lasts; each class is heaviest first, so trying from the end tries the lightest first.
fn prune(cond: &Cond, tally: &Tally, mut chosen: Vec<usize>, budget: &mut Budget) -> Vec<usize> {
    let cost = evaluation_cost(cond, tally);
    for i in (0..chosen.len()).rev() {
        if !budget.spend(cost) {
            break;
        }
        let without: Vec<usize> =
            chosen.iter().enumerate().filter(|&(k, _)| k != i).map(|(_, &m)| m).collect();
        if holds_with(cond, tally, &without) {
            chosen = without;
        }
    }
    chosen
}

/// The work of evaluating a condition once: its members times its atoms.
fn evaluation_cost(cond: &Cond, tally: &Tally) -> usize {
    fn atoms(cond: &Cond) -> usize {
        match cond {
            Cond::Or(items) | Cond::And(items) => items.iter().map(atoms).sum(),
            Cond::Not(inner) => atoms(inner),
            Cond::Atom(_) => 1,
        }
    }
    tally.members.len().max(1) * atoms(cond)
}
