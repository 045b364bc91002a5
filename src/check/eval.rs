//! Conditions on a tally: exact tests, and the members to blame when a rule fails.

use crate::model::{
    Atom, AtomKind, Compare, Cond, CountTest, Decimal, GroupId, Model, ProposalId, Stance, StanceAt, Sym,
};
use jiff::civil::Date;

/// Where every deciding member stands on a proposal at a date (sorted by name).
pub struct Tally<'m> {
    pub model: &'m Model,
    pub proposal: ProposalId,
    pub date: Date,
    pub members: Vec<(Sym, StanceAt)>,
}

impl<'m> Tally<'m> {
    pub fn at(model: &'m Model, proposal: ProposalId, date: Date) -> Tally<'m> {
        let deciders = model.deciders(proposal, date);
        let stances = model.stances_at(proposal, &deciders, date);
        let mut members: Vec<(Sym, StanceAt)> = deciders.into_iter().zip(stances).collect();
        if members.iter().all(|(m, _)| model.name_rank(*m).is_some()) {
            // Ranks order names as their texts do, without comparing strings.
            members.sort_unstable_by_key(|(m, _)| model.name_rank(*m));
        } else {
            members.sort_by(|a, b| model.name(a.0).cmp(model.name(b.0)));
        }
        Tally { model, proposal, date, members }
    }

    /// The members a set names: every deciding member, or those of a group.
    fn set(&self, group: Option<GroupId>) -> Vec<&(Sym, StanceAt)> {
        match group {
            None => self.members.iter().collect(),
            Some(g) => {
                let group = &self.model.groups[g.index()];
                self.members.iter().filter(|(m, _)| group.has(*m)).collect()
            }
        }
    }
}

/// Members without a value of an attribute at the tally's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub attribute: Sym,
    pub members: Vec<Sym>,
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
        AtomKind::Count { group, stance, test, members } => {
            let (mut s, mut n) = (0u128, 0u128);
            let group = group.map(|g| &tally.model.groups[g.index()]);
            for (member, at) in &tally.members {
                if group.is_none_or(|group| group.has(*member)) {
                    n += 1;
                    s += (at.stance == *stance) as u128;
                }
            }
            let holds = match *test {
                CountTest::All => s == n,
                CountTest::No => s == 0,
                CountTest::Count(c, k) => compare(c, s, k as u128),
                CountTest::Share(c, (p, q)) => compare(c, s * q, n * p),
            };
            Ok(holds && members.is_none_or(|m| m as u128 == n))
        }
        AtomKind::Weight { stance, compare: c, ratio: (p, q), attribute } => {
            let (side, total) = weigh(tally, *stance, *attribute)?;
            Ok(compare(*c, mul_wide(side, *q), mul_wide(total, *p)))
        }
    }
}

/// The summed attribute of the members taking `stance`, and of all members.
fn weigh(tally: &Tally, stance: Stance, attribute: Sym) -> Result<(u128, u128), Missing> {
    let model = tally.model;
    let mut missing = Vec::new();
    let (mut side, mut total) = (0u128, 0u128);
    for (member, at) in &tally.members {
        match model.attribute_at(*member, attribute, tally.date) {
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
        return Err(Missing { attribute, members: missing });
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
        AtomKind::Count { group, stance, test, members } => {
            Ok(count(tally, *group, *stance, *test, *members))
        }
        AtomKind::Weight { stance, compare, ratio, attribute } => {
            weight(tally, *stance, *compare, *ratio, *attribute)
        }
    }
}

fn split(set: &[&(Sym, StanceAt)], stance: Stance) -> (Vec<Sym>, Vec<Sym>) {
    let (mut takers, mut others) = (Vec::new(), Vec::new());
    for (member, at) in set.iter().copied() {
        if at.stance == stance {
            takers.push(*member)
        } else {
            others.push(*member)
        }
    }
    (takers, others)
}

fn verb(stance: Stance) -> &'static str {
    match stance {
        Stance::Support => "support",
        Stance::Oppose => "oppose",
        Stance::Abstain => "abstain",
        Stance::None => "take no position",
    }
}

fn count(
    tally: &Tally,
    group: Option<GroupId>,
    stance: Stance,
    test: CountTest,
    members: Option<u64>,
) -> AtomOutcome {
    let set = tally.set(group);
    let (takers, others) = split(&set, stance);
    let (s, n) = (takers.len() as u128, set.len() as u128);
    let who = match group {
        None => "members".to_string(),
        Some(g) => format!(
            "members of {}",
            crate::syntax::quote_name(tally.model.name(tally.model.groups[g.index()].name))
        ),
    };
    let reached = format!("{s} of {n} {who} {}", verb(stance));
    let (holds, needs_more, required) = match test {
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
    AtomOutcome { holds: holds && wrong_size.is_none(), needs_more, takers, others, figure }
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
    let (takers, others) = split(&all, stance);
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
