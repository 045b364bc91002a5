//! Conditions over positions whose day is uncertain. A *world* gives each uncertain
//! position one day of its interval, so a member may have several possible stances on
//! the decision day, and a rule may hold in every world, fail in every one, or fail in
//! some only.
//!
//! Worlds are never enumerated. What an atom tests is a quantity that members add to
//! (how many of a set take a stance, how much of a weight they hold), so a question
//! ("is there a world where the rule fails?") is answered over the sums that members can
//! reach: interval bounds settle most questions at once; a single count shared by every
//! atom is walked through directly; otherwise the reachable sums are built member by
//! member, merged when equal (interchangeable members collapse) and dropped as soon as the
//! bounds of the members still to come settle them, within a budget.

use super::eval::{compare, mul_wide};
use crate::model::{Atom, AtomKind, Compare, Cond, CountTest, Position, Stance};
use jiff::civil::Date;
use std::ops::Not;

/// A formula over the atoms of one condition.
#[derive(Clone, Debug)]
pub enum Goal {
    /// The atom holds.
    Holds(usize),
    /// The atom's quantity is below its target: what decides which side an `exactly`
    /// blames.
    Below(usize),
    Not(Box<Goal>),
    And(Vec<Goal>),
    Or(Vec<Goal>),
}

impl std::ops::Not for Goal {
    type Output = Goal;

    fn not(self) -> Goal {
        Goal::Not(Box::new(self))
    }
}

impl Goal {
    /// The goal where atom `a`, a share of voters, also needs quantity `aux` (how many
    /// voted) to be at least 1 when `needed`, and is met by nobody voting otherwise.
    pub fn with_voters(self, a: usize, aux: usize, needed: bool) -> Goal {
        match self {
            Goal::Holds(b) if b == a && needed => Goal::And(vec![Goal::Holds(a), Goal::Holds(aux)]),
            Goal::Holds(b) if b == a => Goal::Or(vec![Goal::Holds(a), Goal::Holds(aux).not()]),
            Goal::Not(inner) => inner.with_voters(a, aux, needed).not(),
            Goal::And(items) => Goal::And(items.into_iter().map(|g| g.with_voters(a, aux, needed)).collect()),
            Goal::Or(items) => Goal::Or(items.into_iter().map(|g| g.with_voters(a, aux, needed)).collect()),
            other => other,
        }
    }

    /// Whether the goal asks if atom `a` is below its target anywhere.
    fn tests_below(&self, a: usize) -> bool {
        match self {
            Goal::Holds(_) => false,
            Goal::Below(b) => *b == a,
            Goal::Not(inner) => inner.tests_below(a),
            Goal::And(items) | Goal::Or(items) => items.iter().any(|g| g.tests_below(a)),
        }
    }
}

/// How one atom tests its quantity `q`: `q × den ⋈ num`, compared exactly in 256 bits.
#[derive(Clone, Copy, Debug)]
pub struct Test {
    pub compare: Compare,
    pub den: u128,
    pub num: (u128, u128),
    /// False when the rule names a body size that is not the body's (`unanimity of 32`).
    pub size_ok: bool,
}

impl Test {
    pub fn holds(&self, q: u128) -> bool {
        self.size_ok && compare(self.compare, mul_wide(q, self.den), self.num)
    }

    fn below(&self, q: u128) -> bool {
        mul_wide(q, self.den) < self.num
    }

    /// Whether lower bounds are what fail (more takers are needed) or upper ones.
    pub fn needs_more(&self) -> Option<bool> {
        match self.compare {
            Compare::AtLeast | Compare::MoreThan => Some(true),
            Compare::AtMost | Compare::FewerThan => Some(false),
            Compare::Exactly => None,
        }
    }

    /// Whether the test holds for every quantity in `lo..=hi`, for none, or is unsettled.
    fn holds_on(&self, lo: u128, hi: u128) -> Option<bool> {
        if !self.size_ok {
            return Some(false);
        }
        match self.compare {
            Compare::Exactly if lo != hi => {
                let inside = mul_wide(lo, self.den) <= self.num && self.num <= mul_wide(hi, self.den);
                if inside {
                    None
                } else {
                    Some(false)
                }
            }
            _ => same(self.holds(lo), self.holds(hi)),
        }
    }
}

fn same(a: bool, b: bool) -> Option<bool> {
    (a == b).then_some(a)
}

/// The test of an atom over a set of `n` members, or over a weight of `total`. Over
/// `voters`, whose number varies with the worlds, `n` counts the whole set and a share
/// tests [`voters_share`]'s quantity instead; an empty set of voters is tested apart.
pub fn test_of(atom: &Atom, n: u128, total: u128) -> Test {
    let always = |holds: bool| Test { compare: Compare::AtLeast, den: 1, num: (0, 0), size_ok: holds };
    let (compare, den, num, size_ok) = match &atom.kind {
        AtomKind::Count { test: CountTest::Share(c, _), voters: false, .. } if n == 0 => {
            return always(matches!(c, Compare::AtMost | Compare::FewerThan));
        }
        AtomKind::Count { test: CountTest::All, voters: true, .. } => {
            (Compare::AtLeast, 1, mul_wide(n, 1), true)
        }
        AtomKind::Count { test: CountTest::Share(c, (p, _)), voters: true, .. } => {
            (*c, 1, mul_wide(n, *p), true)
        }
        AtomKind::Count { test, members, .. } => {
            let size_ok = members.is_none_or(|m| m as u128 == n);
            match *test {
                CountTest::All => (Compare::AtLeast, 1, mul_wide(n, 1), size_ok),
                CountTest::No => (Compare::AtMost, 1, (0, 0), size_ok),
                CountTest::Count(c, k) => (c, 1, mul_wide(k as u128, 1), size_ok),
                CountTest::Share(c, (p, q)) => (c, q, mul_wide(n, p), size_ok),
            }
        }
        AtomKind::Weight { compare, ratio: (p, q), .. } => (*compare, *q, mul_wide(total, *p), true),
    };
    Test { compare, den, num, size_ok }
}

/// Whether an atom counts members of a stance.
pub fn counts(atom: &Atom, stance: Stance) -> bool {
    match &atom.kind {
        AtomKind::Count { counted, .. } => counted.counts(stance),
        AtomKind::Weight { stance: s, .. } => *s == stance,
    }
}

/// What a member of a stance adds to an atom over `voters` whose test depends on their
/// number (a share, or `all`): `s·q ⋈ v·p` for `s` counted of `v` voters is the sum
/// of `[voter ∧ counted]·q − [voter]·p + p` over the whole set, tested against `n·p`,
/// which no world makes negative.
pub fn voters_share(atom: &Atom, stance: Stance) -> Option<u128> {
    let (p, q) = match &atom.kind {
        AtomKind::Count { voters: true, test: CountTest::Share(_, ratio), .. } => *ratio,
        AtomKind::Count { voters: true, test: CountTest::All, .. } => (1, 1),
        _ => return None,
    };
    let voter = crate::model::is_voter(stance);
    Some(if voter && counts(atom, stance) {
        q
    } else if voter {
        0
    } else {
        p
    })
}

/// Whether an atom's outcome also needs some voter: a share of voters is met by nobody
/// voting only when it is an upper bound.
pub fn needs_a_voter(atom: &Atom) -> Option<bool> {
    match &atom.kind {
        AtomKind::Count { voters: true, test: CountTest::Share(c, _), .. } => {
            Some(!matches!(c, Compare::AtMost | Compare::FewerThan))
        }
        _ => None,
    }
}

/// The atoms of a condition, in order, and the condition as a goal over them.
pub fn goal_of<'c>(cond: &'c Cond, atoms: &mut Vec<&'c Atom>) -> Goal {
    let goal = goal_from(cond, atoms.len());
    collect_atoms(cond, atoms);
    goal
}

/// The goal of a condition whose first atom has index `first` (atoms in reading order).
fn goal_from(cond: &Cond, first: usize) -> Goal {
    let mut next = first;
    goal_numbered(cond, &mut next)
}

fn goal_numbered(cond: &Cond, next: &mut usize) -> Goal {
    match cond {
        Cond::Atom(_) => {
            *next += 1;
            Goal::Holds(*next - 1)
        }
        Cond::Not(inner) => goal_numbered(inner, next).not(),
        Cond::And(items) => Goal::And(items.iter().map(|c| goal_numbered(c, next)).collect()),
        Cond::Or(items) => Goal::Or(items.iter().map(|c| goal_numbered(c, next)).collect()),
    }
}

fn collect_atoms<'c>(cond: &'c Cond, atoms: &mut Vec<&'c Atom>) {
    match cond {
        Cond::Atom(a) => atoms.push(a),
        Cond::Not(inner) => collect_atoms(inner, atoms),
        Cond::And(items) | Cond::Or(items) => items.iter().for_each(|c| collect_atoms(c, atoms)),
    }
}

/// For every atom, as [`super::eval::blame`] decides it when the whole condition is
/// wanted true: the formula under which the atom is blamed, and whether the atom is
/// wanted to hold (false under an odd number of `not`).
pub fn blamed(cond: &Cond) -> Vec<(Goal, bool)> {
    let mut out = Vec::new();
    blame_paths(cond, true, Vec::new(), &mut out);
    out
}

fn blame_paths(cond: &Cond, wanted: bool, mut path: Vec<Goal>, out: &mut Vec<(Goal, bool)>) {
    // A node is blamed into only when it differs from what is wanted of it; the atoms
    // before this node in reading order are the ones already reached.
    let here = goal_from(cond, out.len());
    path.push(if wanted { here.not() } else { here });
    match cond {
        Cond::Atom(_) => out.push((Goal::And(path), wanted)),
        Cond::Not(inner) => blame_paths(inner, !wanted, path, out),
        Cond::And(items) | Cond::Or(items) => {
            for item in items {
                blame_paths(item, wanted, path.clone(), out);
            }
        }
    }
}

/// One member whose stance is uncertain: what each possible stance adds to each atom.
#[derive(Clone, Debug)]
pub struct Member {
    pub options: Vec<Vec<u128>>,
}

/// The atoms' tests, what the members of known stance add up to, and the members of
/// uncertain stance.
#[derive(Clone, Debug)]
pub struct Space {
    pub tests: Vec<Test>,
    pub base: Vec<u128>,
    pub members: Vec<Member>,
}

/// Sums visited before a question is given up as undecided.
const BUDGET: usize = 4_000_000;

impl Space {
    /// Whether some world makes `goal` true; `None` when the budget ran out first.
    pub fn exists(&self, goal: &Goal) -> Option<bool> {
        let (lo, hi) = self.bounds(&self.members);
        if let Some(settled) = self.eval3(goal, &lo, &hi) {
            return Some(settled);
        }
        if self.shared_count() {
            return Some((lo[0]..=hi[0]).any(|q| self.eval(goal, &vec![q; self.tests.len()])));
        }
        if self.corners().any(|q| self.eval(goal, &q)) {
            return Some(true);
        }
        self.search(goal)
    }

    /// The least and greatest sum of every atom's quantity over these members' choices.
    pub fn bounds(&self, members: &[Member]) -> (Vec<u128>, Vec<u128>) {
        let (mut lo, mut hi) = (self.base.clone(), self.base.clone());
        for m in members {
            for a in 0..self.tests.len() {
                lo[a] += m.options.iter().map(|o| o[a]).min().unwrap_or(0);
                hi[a] += m.options.iter().map(|o| o[a]).max().unwrap_or(0);
            }
        }
        (lo, hi)
    }

    /// The worlds at the corners of the space: for each atom, every member taking the
    /// option that adds least to it, or most (ties broken by the other atoms in order).
    /// When a goal leans one way in every atom (more support helps every test, say) one
    /// of them is its witness if any world is, however many members are uncertain.
    fn corners(&self) -> impl Iterator<Item = Vec<u128>> + '_ {
        (0..self.tests.len()).flat_map(move |a| {
            [false, true].into_iter().map(move |most| {
                // By atom `a`, then by the whole option (ties broken by the other atoms).
                let order = |x: &&Vec<u128>, y: &&Vec<u128>| x[a].cmp(&y[a]).then_with(|| x.cmp(y));
                let mut sum = self.base.clone();
                for m in &self.members {
                    let pick =
                        if most { m.options.iter().max_by(order) } else { m.options.iter().min_by(order) };
                    for (s, v) in sum.iter_mut().zip(pick.into_iter().flatten()) {
                        *s += v;
                    }
                }
                sum
            })
        })
    }

    /// Whether every atom counts the same members taking the same stance: the quantities
    /// are then one count, and every count between its bounds occurs.
    fn shared_count(&self) -> bool {
        let uniform = |v: &[u128]| v.iter().all(|&x| x == v[0]);
        !self.tests.is_empty()
            && uniform(&self.base)
            && self.members.iter().flat_map(|m| &m.options).all(|o| uniform(o) && o[0] <= 1)
    }

    /// The sums reachable member by member, merged when equal and dropped once settled.
    /// One atom tested against a threshold (the widest, a weight as a rule) is not part of
    /// a sum's key: for each sum of the others only its least and greatest value are
    /// kept, which decide the test as well as every value between them. A double majority
    /// thus keeps at most one entry per count, however many members are uncertain.
    fn search(&self, goal: &Goal) -> Option<bool> {
        let free = self.free_atom(goal);
        let atoms = self.tests.len();
        // A sum: the other atoms' values (the key, 0 in the free atom's place), and the
        // free atom's least and greatest value.
        let mut key = self.base.clone();
        let base_free = free.map_or(0, |f| std::mem::take(&mut key[f]));
        let mut sums: rustc_hash::FxHashMap<Vec<u128>, (u128, u128)> =
            std::iter::once((key.clone(), (base_free, base_free))).collect();
        let (mut lo, mut hi) = (vec![0; atoms], vec![0; atoms]);
        let mut visited = 0;
        for (member, (rest_lo, rest_hi)) in self.members.iter().zip(self.bounds_after()) {
            let mut next: rustc_hash::FxHashMap<Vec<u128>, (u128, u128)> = Default::default();
            for (reached, &(least, most)) in &sums {
                for option in &member.options {
                    for a in 0..atoms {
                        key[a] = reached[a] + option[a];
                        (lo[a], hi[a]) = (key[a] + rest_lo[a], key[a] + rest_hi[a]);
                    }
                    let (least, most) = free.map_or((0, 0), |f| (least + option[f], most + option[f]));
                    if let Some(f) = free {
                        (key[f], lo[f], hi[f]) = (0, least + rest_lo[f], most + rest_hi[f]);
                    }
                    match self.eval3(goal, &lo, &hi) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => match next.get_mut(key.as_slice()) {
                            Some((l, m)) => (*l, *m) = ((*l).min(least), (*m).max(most)),
                            None => drop(next.insert(key.clone(), (least, most))),
                        },
                    }
                    visited += 1;
                }
                if visited > BUDGET {
                    return None;
                }
            }
            sums = next;
        }
        Some(sums.into_iter().any(|(mut q, (least, most))| {
            let Some(f) = free else { return self.eval(goal, &q) };
            [least, most].into_iter().any(|v| {
                q[f] = v;
                self.eval(goal, &q)
            })
        }))
    }

    /// The atom left out of the search's keys: the one of widest range whose value the goal
    /// only tests against one threshold (not `exactly`, not both held and below it), so that
    /// its least and greatest value show every outcome.
    fn free_atom(&self, goal: &Goal) -> Option<usize> {
        let (lo, hi) = self.bounds(&self.members);
        let threshold = |a: usize| self.tests[a].needs_more().is_some() && !goal.tests_below(a);
        (0..self.tests.len()).filter(|&a| threshold(a)).max_by_key(|&a| hi[a] - lo[a])
    }

    /// For each member, the bounds of what the members after it add, in one pass from
    /// the last.
    fn bounds_after(&self) -> Vec<(Vec<u128>, Vec<u128>)> {
        let atoms = self.tests.len();
        let mut after = vec![(vec![0; atoms], vec![0; atoms]); self.members.len()];
        for i in (0..self.members.len().saturating_sub(1)).rev() {
            let (lo, hi) = after[i + 1].clone();
            let next = &self.members[i + 1].options;
            let lo = (0..atoms).map(|a| lo[a] + next.iter().map(|o| o[a]).min().unwrap_or(0)).collect();
            let hi = (0..atoms).map(|a| hi[a] + next.iter().map(|o| o[a]).max().unwrap_or(0)).collect();
            after[i] = (lo, hi);
        }
        after
    }

    /// The goal for exact quantities.
    pub fn eval(&self, goal: &Goal, q: &[u128]) -> bool {
        self.eval3(goal, q, q).expect("exact quantities settle every goal")
    }

    /// The goal when each quantity lies somewhere in `lo..=hi`: settled or not.
    fn eval3(&self, goal: &Goal, lo: &[u128], hi: &[u128]) -> Option<bool> {
        match goal {
            Goal::Holds(a) => self.tests[*a].holds_on(lo[*a], hi[*a]),
            Goal::Below(a) => same(self.tests[*a].below(lo[*a]), self.tests[*a].below(hi[*a])),
            Goal::Not(inner) => self.eval3(inner, lo, hi).map(|v| !v),
            Goal::And(items) => self.all_or_any(items, false, lo, hi),
            Goal::Or(items) => self.all_or_any(items, true, lo, hi),
        }
    }

    /// `and` (`decisive` false) or `or` (true): one item of the decisive value settles
    /// it; all items of the other value settle it the other way.
    fn all_or_any(&self, items: &[Goal], decisive: bool, lo: &[u128], hi: &[u128]) -> Option<bool> {
        let mut settled = true;
        for item in items {
            match self.eval3(item, lo, hi) {
                Some(v) if v == decisive => return Some(decisive),
                Some(_) => {}
                None => settled = false,
            }
        }
        settled.then_some(!decisive)
    }

    /// The space with member `i` taking its option `o` for certain.
    pub fn pinned(&self, i: usize, o: usize) -> Space {
        let mut space = self.clone();
        let member = space.members.remove(i);
        for (b, add) in space.base.iter_mut().zip(&member.options[o]) {
            *b += add;
        }
        space
    }
}

/// What a rule does across the worlds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Holds,
    Fails,
    /// Fails in some worlds only; `exact` is false when the search could not rule out
    /// that it fails in every world (or, at worst, in none).
    Possible {
        exact: bool,
    },
}

/// Whether `goal` holds in every world, fails in every one, or in some only.
pub fn verdict(space: &Space, goal: &Goal) -> Verdict {
    let fails = space.exists(&goal.clone().not());
    let holds = space.exists(goal);
    match (fails, holds) {
        (Some(false), _) => Verdict::Holds,
        (_, Some(false)) => Verdict::Fails,
        (Some(true), Some(true)) => Verdict::Possible { exact: true },
        _ => Verdict::Possible { exact: false },
    }
}

/// A member's possible stances on `date`, each with the position that gives it (the one
/// of latest possible day where several can), from its positions on one proposal, each
/// with its first possible day. The stance on a day is that of the latest position on or
/// before it, the later in reading order on one day; with no such position, none.
pub fn possible_stances(positions: &[(Position, Date)], date: Date) -> Vec<(Stance, Option<Position>)> {
    let order = |p: &Position| (p.span.file, p.span.start);
    // Positions that fall on or before `date` in every world, by their earliest place.
    let forced = || positions.iter().filter(|(p, _)| p.date <= date).map(|(p, first)| (*first, order(p)));
    // The latest of them, and the latest before that: the latest other than a given one.
    let latest = forced().max();
    let before_latest = forced().filter(|f| Some(*f) < latest).max();
    let mut options: Vec<(Stance, Option<Position>)> = Vec::new();
    if latest.is_none() {
        options.push((Stance::None, None));
    }
    for (p, first) in positions.iter().filter(|(_, first)| *first <= date) {
        // Taken as late as it can be, it is the latest if every position that must come
        // on or before `date` can come before it: the latest of the others can.
        let at = (p.date.min(date), order(p));
        let own = Some((*first, order(p)));
        let rival = if own == latest { before_latest } else { latest };
        if rival.is_none_or(|f| f < at) {
            keep_latest(&mut options, *p, date);
        }
    }
    options
}

/// Adds a possible stance, or keeps the position of latest possible day for it.
fn keep_latest(options: &mut Vec<(Stance, Option<Position>)>, p: Position, date: Date) {
    let day = |p: &Position| (p.date.min(date), p.span.file, p.span.start);
    match options.iter_mut().find(|(s, _)| *s == p.stance()) {
        Some((_, Some(kept))) if day(kept) >= day(&p) => {}
        Some((_, kept)) => *kept = Some(p),
        None => options.push((p.stance(), Some(p))),
    }
}
