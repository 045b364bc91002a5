//! Conditions on a tally: exact tests, and the members to blame when a rule fails.

use crate::model::{
    is_voter, Atom, AtomKind, Compare, Cond, CountTest, Counted, Decimal, GroupId, Model, ProposalId, Stance,
    StanceAt, Sym,
};
use jiff::civil::Date;

/// Where every deciding member stands on a proposal at a date (sorted by name).
pub struct Tally<'m> {
    pub model: &'m Model,
    pub proposal: ProposalId,
    pub date: Date,
    pub members: Vec<(Sym, StanceAt)>,
    /// The counts of a vote recorded that day, when the members' names do not give them
    /// (a counted body, or positions that disagree with the vote): the counts decide.
    pub counts: Option<Counts>,
    /// The first attribute weighed, with each member's value, in the order of `members`:
    /// a tally is weighed several times (to decide, to blame, to explain), and each value
    /// is a look-up among every entity's attributes.
    pub weighed: std::cell::OnceCell<(Sym, Weights)>,
}

/// Each member's value of an attribute on a tally's date, if it has one.
pub type Weights = std::sync::Arc<[Option<Decimal>]>;

/// Supporting a competing proposal counts as opposing this one, from the day of that
/// support, unless the member took a position of its own on this one later.
fn oppose_for_rivals(own: &mut [StanceAt], rival: &[StanceAt]) {
    for (mine, theirs) in own.iter_mut().zip(rival) {
        let Some(support) = theirs.position.filter(|p| p.stance() == Stance::Support) else { continue };
        if mine.position.is_none_or(|p| p.date < support.date) {
            *mine = StanceAt { stance: Stance::Oppose, position: Some(support.with_stance(Stance::Oppose)) };
        }
    }
}

/// How many members a decision had, and how many of them took each stance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub members: u128,
    pub support: u128,
    pub oppose: u128,
    pub abstain: u128,
}

impl Counts {
    pub fn of(&self, stance: Stance) -> u128 {
        match stance {
            Stance::Support => self.support,
            Stance::Oppose => self.oppose,
            Stance::Abstain => self.abstain,
            Stance::None => self.members.saturating_sub(self.support + self.oppose + self.abstain),
        }
    }

    /// The counts of named members' stances.
    fn named(members: &[(Sym, StanceAt)]) -> Counts {
        let count = |s: Stance| members.iter().filter(|(_, at)| at.stance == s).count() as u128;
        let (support, oppose, abstain) =
            (count(Stance::Support), count(Stance::Oppose), count(Stance::Abstain));
        Counts { members: members.len() as u128, support, oppose, abstain }
    }

    /// The counts that decide on `date`: a vote recorded that day, or a counted body's
    /// size with nobody's stance known; `None` when the names give them.
    fn recorded(
        model: &Model,
        proposal: ProposalId,
        date: Date,
        named: &[(Sym, StanceAt)],
    ) -> Option<Counts> {
        let body = model.proposals[proposal.index()].body;
        let size = model.size_at(body, date).map(u128::from);
        let counted = model.is_counted(body);
        let nobody = Counts { members: size.unwrap_or(0), support: 0, oppose: 0, abstain: 0 };
        let Some(t) = model.tally_on(proposal, date) else { return counted.then_some(nobody) };
        let (support, oppose, abstain) = (t.support.into(), t.oppose.into(), t.abstain.into());
        let recorded = Counts { members: size.unwrap_or(named.len() as u128), support, oppose, abstain };
        (counted || recorded != Counts::named(named)).then_some(recorded)
    }
}

impl<'m> Tally<'m> {
    pub fn at(model: &'m Model, proposal: ProposalId, date: Date) -> Tally<'m> {
        let deciders = model.deciders(proposal, date);
        let mut stances = model.stances_at(proposal, &deciders, date);
        for &rival in model.competitors(proposal) {
            oppose_for_rivals(&mut stances, &model.stances_at(rival, &deciders, date));
        }
        let mut members: Vec<(Sym, StanceAt)> = deciders.into_iter().zip(stances).collect();
        if members.iter().all(|(m, _)| model.name_rank(*m).is_some()) {
            // Ranks order names as their texts do, without comparing strings.
            members.sort_unstable_by_key(|(m, _)| model.name_rank(*m));
        } else {
            members.sort_by(|a, b| model.name(a.0).cmp(model.name(b.0)));
        }
        let counts = Counts::recorded(model, proposal, date, &members);
        Tally { model, proposal, date, members, counts, weighed: Default::default() }
    }

    /// The same tally with the members' stances changed, in the same order.
    pub fn with_stances(&self, members: Vec<(Sym, StanceAt)>) -> Tally<'m> {
        debug_assert!(members.iter().map(|m| m.0).eq(self.members.iter().map(|m| m.0)));
        Tally { members, weighed: self.weighed.clone(), ..*self }
    }

    /// Each member's value of `attribute` on the tally's date, in the order of `members`.
    pub fn weights(&self, attribute: Sym) -> Weights {
        let look_up =
            || self.members.iter().map(|(m, _)| self.model.attribute_at(*m, attribute, self.date)).collect();
        match self.weighed.get_or_init(|| (attribute, look_up())) {
            (first, weights) if *first == attribute => weights.clone(),
            _ => look_up(),
        }
    }

    /// The members a set names: every deciding member, or those of a group; only those
    /// who support or oppose for `voters`.
    fn set(&self, group: Option<GroupId>, voters: bool) -> Vec<&(Sym, StanceAt)> {
        let group = group.map(|g| &self.model.groups[g.index()]);
        let within =
            |(m, at): &&(Sym, StanceAt)| group.is_none_or(|g| g.has(*m)) && (!voters || is_voter(at.stance));
        self.members.iter().filter(within).collect()
    }

    /// How many members of a set take a counted stance, and how many the set has; from
    /// the recorded counts when they decide, which know no group.
    fn count(&self, group: Option<GroupId>, voters: bool, counted: Counted) -> Result<(u128, u128), Missing> {
        if let Some(c) = self.counts {
            if group.is_some() {
                return Err(Missing::names());
            }
            let stances = [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None];
            let within = stances.iter().filter(|s| !voters || is_voter(**s));
            let n = within.clone().map(|s| c.of(*s)).sum();
            return Ok((within.filter(|s| counted.counts(**s)).map(|s| c.of(*s)).sum(), n));
        }
        let group = group.map(|g| &self.model.groups[g.index()]);
        let (mut s, mut n) = (0u128, 0u128);
        for (member, at) in &self.members {
            if group.is_none_or(|g| g.has(*member)) && (!voters || is_voter(at.stance)) {
                n += 1;
                s += counted.counts(at.stance) as u128;
            }
        }
        Ok((s, n))
    }
}

/// Whether `s` of `n` members meet a count test. A share of an empty set is met only by
/// an upper bound: nobody voting does not make two thirds of the voters.
pub(super) fn count_holds(test: CountTest, s: u128, n: u128) -> bool {
    match test {
        CountTest::All => s == n,
        CountTest::No => s == 0,
        CountTest::Count(c, k) => compare(c, s, k as u128),
        CountTest::Share(c, _) if n == 0 => matches!(c, Compare::AtMost | Compare::FewerThan),
        CountTest::Share(c, (p, q)) => compare(c, s * q, n * p),
    }
}

/// What a condition needs that the record lacks: members' values of an attribute at the
/// tally's date, or (no attribute) the members' names, which a vote recorded by counts
/// does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub attribute: Option<Sym>,
    pub members: Vec<Sym>,
}

impl Missing {
    fn names() -> Missing {
        Missing { attribute: None, members: Vec::new() }
    }
}

/// What one atom found: whether it holds, the figures, and which members are on which side.
pub struct AtomOutcome {
    pub holds: bool,
    /// Had more members needed to take the atom's stance (when it fails)?
    pub needs_more: bool,
    /// The members taking the atom's stance, and the rest of the set.
    pub takers: Vec<Sym>,
    pub others: Vec<Sym>,
    /// "29 of 32 members support; all 32 required"
    pub figure: String,
}

impl AtomOutcome {
    /// The members on the side that decided the atom's outcome against what was wanted.
    pub fn blamed(&self, wanted: bool) -> &[Sym] {
        match (wanted, self.needs_more) {
            (true, true) | (false, false) => &self.others,
            _ => &self.takers,
        }
    }
}

/// Whether a condition holds on a tally. Every part is evaluated (no short cut), so that
/// a weighted atom without its data makes the whole rule unevaluable, as the spec says.
pub fn eval(cond: &Cond, tally: &Tally) -> Result<bool, Missing> {
    Ok(match cond {
        Cond::Or(items) => {
            items.iter().map(|c| eval(c, tally)).collect::<Result<Vec<_>, _>>()?.contains(&true)
        }
        Cond::And(items) => {
            !items.iter().map(|c| eval(c, tally)).collect::<Result<Vec<_>, _>>()?.contains(&false)
        }
        Cond::Not(inner) => !eval(inner, tally)?,
        Cond::Atom(atom) => atom_holds(atom, tally)?,
    })
}

/// Whether an atom holds: [`atom_outcome`]'s `holds`, from the counts alone (no lists
/// of members, no messages), since most atoms evaluated never need explaining.
fn atom_holds(atom: &Atom, tally: &Tally) -> Result<bool, Missing> {
    match &atom.kind {
        AtomKind::Count { group, voters, counted, test, members } => {
            let (s, n) = tally.count(*group, *voters, *counted)?;
            Ok(count_holds(*test, s, n) && members.is_none_or(|m| m as u128 == n))
        }
        AtomKind::Weight { stance, compare: c, ratio: (p, q), attribute } => {
            let (side, total) = weigh(tally, *stance, *attribute)?;
            Ok(compare(*c, mul_wide(side, *q), mul_wide(total, *p)))
        }
    }
}

/// The summed attribute of the members taking `stance`, and of all members.
fn weigh(tally: &Tally, stance: Stance, attribute: Sym) -> Result<(u128, u128), Missing> {
    if tally.counts.is_some() {
        return Err(Missing::names());
    }
    let mut missing = Vec::new();
    let (mut side, mut total) = (0u128, 0u128);
    for ((member, at), value) in tally.members.iter().zip(tally.weights(attribute).iter()) {
        match value {
            Some(v) => {
                // Sums stay below 2^128: every value is below 10^38 and a body has far
                // fewer than 10^9 members... saturating guards the impossible rest.
                total = total.saturating_add(v.0);
                if at.stance == stance {
                    side = side.saturating_add(v.0);
                }
            }
            None => missing.push(*member),
        }
    }
    if !missing.is_empty() {
        return Err(Missing { attribute: Some(attribute), members: missing });
    }
    Ok((side, total))
}

/// Every atom whose outcome makes `cond` differ from `wanted`, with its outcome.
pub fn blame<'c>(
    cond: &'c Cond,
    tally: &Tally,
    wanted: bool,
    out: &mut Vec<(&'c Atom, AtomOutcome, bool)>,
) -> Result<(), Missing> {
    if eval(cond, tally)? == wanted {
        return Ok(());
    }
    match cond {
        Cond::Or(items) | Cond::And(items) => {
            for c in items {
                blame(c, tally, wanted, out)?;
            }
        }
        Cond::Not(inner) => blame(inner, tally, !wanted, out)?,
        Cond::Atom(atom) => {
            let outcome = atom_outcome(atom, tally)?;
            debug_assert_ne!(outcome.holds, wanted, "only atoms against what is wanted are blamed");
            out.push((atom, outcome, wanted))
        }
    }
    Ok(())
}

pub(super) fn compare<T: Ord>(compare: Compare, a: T, b: T) -> bool {
    match compare {
        Compare::AtLeast => a >= b,
        Compare::AtMost => a <= b,
        Compare::MoreThan => a > b,
        Compare::FewerThan => a < b,
        Compare::Exactly => a == b,
    }
}

/// Lower bounds fail for too few takers; upper bounds for too many; `exactly` either way.
fn needs_more(c: Compare, below: bool) -> bool {
    match c {
        Compare::AtLeast | Compare::MoreThan => true,
        Compare::AtMost | Compare::FewerThan => false,
        Compare::Exactly => below,
    }
}

pub fn atom_outcome(atom: &Atom, tally: &Tally) -> Result<AtomOutcome, Missing> {
    match &atom.kind {
        AtomKind::Count { group, voters, counted, test, members } => {
            count(tally, (*group, *voters), *counted, *test, *members)
        }
        AtomKind::Weight { stance, compare, ratio, attribute } => {
            weight(tally, *stance, *compare, *ratio, *attribute)
        }
    }
}

fn split(set: &[&(Sym, StanceAt)], counted: Counted) -> (Vec<Sym>, Vec<Sym>) {
    let (mut takers, mut others) = (Vec::new(), Vec::new());
    for (member, at) in set.iter().copied() {
        if counted.counts(at.stance) {
            takers.push(*member)
        } else {
            others.push(*member)
        }
    }
    (takers, others)
}

fn count(
    tally: &Tally,
    (group, voters): (Option<GroupId>, bool),
    counted: Counted,
    test: CountTest,
    members: Option<u64>,
) -> Result<AtomOutcome, Missing> {
    // Recorded counts name nobody: the figures alone.
    let (s, n) = tally.count(group, voters, counted)?;
    let (takers, others) = match tally.counts {
        Some(_) => Default::default(),
        None => split(&tally.set(group, voters), counted),
    };
    let who = match group {
        _ if voters => "voters".to_string(),
        None => "members".to_string(),
        Some(g) => format!(
            "members of {}",
            crate::syntax::quote_name(tally.model.name(tally.model.groups[g.index()].name))
        ),
    };
    let reached = format!("{s} of {n} {who} {}", counted.verb());
    let (holds, needs_more, required) = match test {
        CountTest::Share(..) if n == 0 => {
            let nobody = if voters { "nobody voted" } else { "there are no members to count" };
            (count_holds(test, s, n), true, format!("{nobody}, so no share of them is reached"))
        }
        CountTest::All => (s == n, true, format!("all {n} required")),
        CountTest::No => (s == 0, false, "none allowed".to_string()),
        CountTest::Count(c, k) => {
            (compare(c, s, k as u128), needs_more(c, s < k as u128), bound_text(c, k.to_string()))
        }
        CountTest::Share(c, (p, q)) => {
            let text = format!("{} ({})", bound_text(c, share_text(p, q)), whole_count(c, n * p, q, n));
            (compare(c, s * q, n * p), needs_more(c, s * q < n * p), text)
        }
    };
    let wrong_size = members.filter(|&m| m as u128 != n);
    let figure = match wrong_size {
        Some(m) => format!("{reached}, but the body has {n} deciding members where the rule requires {m}"),
        None => format!("{reached}; {required}"),
    };
    Ok(AtomOutcome { holds: holds && wrong_size.is_none(), needs_more, takers, others, figure })
}

fn bound_text(c: Compare, amount: String) -> String {
    match c {
        Compare::AtLeast => format!("at least {amount} required"),
        Compare::AtMost => format!("at most {amount} allowed"),
        Compare::MoreThan => format!("more than {amount} required"),
        Compare::FewerThan => format!("fewer than {amount} allowed"),
        Compare::Exactly => format!("exactly {amount} required"),
    }
}

/// The whole counts of `n` members that meet `c` against the share `part / q` of them,
/// so that readers need not round: "more than half" of 9 is "at least 5 of 9".
fn whole_count(c: Compare, part: u128, q: u128, n: u128) -> String {
    let (floor, ceil) = (part / q, part.div_ceil(q));
    match c {
        Compare::AtLeast => format!("at least {ceil} of {n}"),
        Compare::MoreThan => format!("at least {} of {n}", floor + 1),
        Compare::AtMost => format!("at most {floor} of {n}"),
        Compare::FewerThan if ceil == 0 => format!("none of {n} can be fewer"),
        Compare::FewerThan => format!("at most {} of {n}", ceil - 1),
        Compare::Exactly if floor == ceil => format!("exactly {floor} of {n}"),
        Compare::Exactly => format!("no whole number of {n} is exactly that share"),
    }
}

/// A ratio for messages: `2/3`, or a percentage when it is one.
fn share_text(p: u128, q: u128) -> String {
    if (p * 100) % q == 0 {
        format!("{}%", p * 100 / q)
    } else if q % 100 == 0 || q % 10 == 0 {
        format!("{}%", Decimal((p * 100 * 1_000_000_000) / q))
    } else {
        format!("{p}/{q}")
    }
}

fn weight(
    tally: &Tally,
    stance: Stance,
    c: Compare,
    (p, q): (u128, u128),
    attribute: Sym,
) -> Result<AtomOutcome, Missing> {
    let model = tally.model;
    let (side, total) = weigh(tally, stance, attribute)?;
    let all: Vec<&(Sym, StanceAt)> = tally.members.iter().collect();
    let (takers, others) = split(&all, Counted::Stance(stance));
    let (a, b) = (mul_wide(side, q), mul_wide(total, p));
    let held = percent(side, total);
    let figure = format!(
        "{} hold {held} of {}; {}",
        match stance {
            Stance::Support => "supporters",
            Stance::Oppose => "opponents",
            _ => "abstainers",
        },
        model.name(attribute),
        bound_text(c, share_text(p, q))
    );
    Ok(AtomOutcome { holds: compare(c, a, b), needs_more: needs_more(c, a < b), takers, others, figure })
}

/// The full 256-bit product `(high, low)`, so that weighted sums compare exactly however
/// large the figures.
pub(super) fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0, b1, b0) = (a >> 64, a & LOW, b >> 64, b & LOW);
    let (mid, carry_mid) = (a0 * b1).overflowing_add(a1 * b0);
    let (low, carry_low) = (a0 * b0).overflowing_add(mid << 64);
    let high = a1 * b1 + (mid >> 64) + carry_low as u128 + ((carry_mid as u128) << 64);
    (high, low)
}

/// `part / whole` as a percentage for reading, truncated to two decimals so that a
/// share just under a threshold never reads as reaching it.
pub(super) fn percent(part: u128, whole: u128) -> String {
    if whole == 0 {
        return "0%".into();
    }
    let hundredths = part.saturating_mul(10_000) / whole;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}
