//! Decisions on a proposal some of whose positions have an uncertain day: each rule is
//! judged over every world (see [`super::worlds`]). A rule that fails in every world is a
//! violation as in version 1; one that fails in some is a possible violation, at most a
//! warning, whose offenders are the members that offend in some failing world.

use super::eval::{Missing, Tally};
use super::worlds::{self, blamed, goal_of, possible_stances, Goal, Member, Space, Test, Verdict};
use super::{Certainty, Found, Offender};
use crate::model::{is_voter, Atom, AtomKind, Cond, CountTest, End, Model, Position, Severity, Stance, Sym};
use jiff::civil::Date;
use std::ops::Not;

/// Each deciding member's possible stances on the decision day, in the tally's order.
pub(crate) struct Uncertain {
    options: Vec<Vec<(Stance, Option<Position>)>>,
    /// The positions of each member with a position of uncertain day, with their first
    /// possible day (empty for the others): what labels and views show of them.
    own: Vec<Vec<(Position, Date)>>,
}

/// The possible stances of a tally's members, if the proposal has a position of uncertain
/// day that may fall by the tally's day (see [`Uncertain::varies`]).
pub(crate) fn at(model: &Model, tally: &Tally) -> Option<Uncertain> {
    let range = model.proposals[tally.proposal.index()].positions.clone();
    // Recorded counts decide, whatever the days of the positions.
    if tally.counts.is_some() || model.earliest.within(range.clone()).is_empty() {
        return None;
    }
    let positions = &model.positions[range.clone()];
    // Positions are sorted by member, and so, mostly, are the tally's members: search on
    // from the last member's positions, not from the start each time.
    let (mut after, mut own) = (0, Vec::new());
    let (options, own): (Vec<_>, Vec<_>) = tally
        .members
        .iter()
        .map(|(member, _)| {
            let resume = after > 0 && positions[after - 1].member < *member;
            let from = if resume { after } else { 0 };
            let start = from + crate::model::gallop(&positions[from..], |p| p.member < *member);
            let end = start + crate::model::gallop(&positions[start..], |p| p.member == *member);
            after = end;
            own.clear();
            own.extend(model.with_earliest(range.start + start..range.start + end));
            let options = possible_stances(&own, tally.date);
            let uncertain = options.len() > 1 || own.iter().any(|(p, first)| *first < p.date);
            // Kept only where the day is uncertain: most members' own positions are not.
            (options, if uncertain { own.clone() } else { Vec::new() })
        })
        .unzip();
    own.iter().any(|o| !o.is_empty()).then_some(Uncertain { options, own })
}

impl Uncertain {
    /// Each member's possible stances, in the tally's order (for the views).
    pub(crate) fn options(&self) -> &[Vec<(Stance, Option<Position>)>] {
        &self.options
    }

    /// Whether some member has several possible stances: the rules are then judged over
    /// the worlds; otherwise as for exact days.
    pub(crate) fn varies(&self) -> bool {
        self.options.iter().any(|o| o.len() > 1)
    }

    /// The position to show for member `i` on `date`, with its first possible day: of its
    /// positions that give one of its possible stances, for a member of several the latest
    /// of uncertain day; for the others the latest that surely fell by then, else the
    /// latest that may have. `None` when its days are all certain.
    pub(crate) fn shown(&self, i: usize, date: Date) -> Option<(Position, Date)> {
        let stances: Vec<Stance> = self.options[i].iter().map(|(s, _)| *s).collect();
        let gives = self.own[i].iter().filter(|(p, first)| stances.contains(&p.stance()) && *first <= date);
        let latest = |(p, _): &&(Position, Date)| (p.date.min(date), p.span.file, p.span.start);
        if self.options[i].len() > 1 {
            // What varies is the day of an uncertain position: the latest one is shown.
            return gives.filter(|(p, first)| *first < p.date.min(date)).max_by_key(latest).copied();
        }
        let surely = gives.clone().filter(|(p, _)| p.date <= date).max_by_key(latest);
        surely.or_else(|| gives.max_by_key(latest)).copied()
    }
}

/// Days as the language writes them: `2024-04-02`, or `2024-04-02..2024-04-28`.
pub(crate) fn written_days(first: Date, last: Date) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}..{last}")
    }
}

/// One rule over every world, for `status`: its verdict, and for each atom in reading
/// order its figure as a range and whether it holds in every world, in none, or (`None`)
/// in some.
pub(crate) fn judge(tally: &Tally, u: &Uncertain, cond: &Cond) -> Result<Judged, Missing> {
    let q = quantities(tally, u, cond)?;
    let (lo, hi) = q.space.bounds(&q.space.members);
    let atoms = (0..q.atoms.len())
        .map(|a| {
            let test = &q.space.tests[a];
            let figure = range_figure(tally.model, q.atoms[a], (lo[a], hi[a]), q.whole[a], test);
            (figure, test.holds(lo[a]).eq(&test.holds(hi[a])).then(|| test.holds(lo[a])))
        })
        .collect();
    Ok((worlds::verdict(&q.space, &q.goal), atoms))
}

/// What [`judge`] finds: the verdict, and each atom's figure and settled value.
pub(crate) type Judged = (Verdict, Vec<(String, Option<bool>)>);

/// The atoms of one rule as quantities the members add to.
struct Quantities<'c> {
    atoms: Vec<&'c Atom>,
    goal: Goal,
    /// What each member adds to each atom, for each stance it may take.
    adds: Vec<Vec<[u128; 4]>>,
    space: Space,
    /// For each member of several possible stances, its place in `space.members`.
    slot: Vec<Option<usize>>,
    /// Each atom's set size (a count) or total weight (a weight).
    whole: Vec<u128>,
    /// For each atom, whether each member adds to it in some stance: its set, before a
    /// set of voters keeps only those who support or oppose.
    sets: Vec<Vec<bool>>,
    /// Each share of voters, the quantity that counts its voters, and whether it needs one.
    voters: Vec<(usize, usize, bool)>,
}

/// A goal over the atoms as written, with each share of voters also asking who voted.
fn with_voters(goal: Goal, voters: &[(usize, usize, bool)]) -> Goal {
    voters.iter().fold(goal, |g, &(a, aux, needed)| g.with_voters(a, aux, needed))
}

fn stance_index(s: Stance) -> usize {
    s as usize
}

fn quantities<'c>(tally: &Tally, u: &Uncertain, cond: &'c Cond) -> Result<Quantities<'c>, Missing> {
    let mut atoms = Vec::new();
    let goal = goal_of(cond, &mut atoms);
    let mut adds = Vec::with_capacity(tally.members.len());
    let mut tests = Vec::with_capacity(atoms.len());
    let mut whole = Vec::with_capacity(atoms.len());
    let mut sets: Vec<Vec<bool>> = Vec::with_capacity(atoms.len());
    let mut voters = Vec::new();
    for atom in &atoms {
        let (add, test, all) = atom_adds(tally, atom)?;
        sets.push(add.iter().map(|a| a.iter().any(|&v| v > 0)).collect());
        adds.push(add);
        tests.push(test);
        whole.push(all);
    }
    // A share of voters also asks whether anyone voted: a quantity after the atoms.
    for (a, atom) in atoms.iter().enumerate() {
        let Some(needs_a_voter) = worlds::needs_a_voter(atom) else { continue };
        let aux = adds.len();
        adds.push(in_set_voters(tally, atom));
        tests.push(Test { compare: crate::model::Compare::AtLeast, den: 1, num: (0, 1), size_ok: true });
        voters.push((a, aux, needs_a_voter));
    }
    let mut space = Space { base: vec![0; adds.len()], tests, members: Vec::new() };
    let mut slot = Vec::with_capacity(tally.members.len());
    for (i, options) in u.options.iter().enumerate() {
        let vector = |s: Stance| adds.iter().map(move |add: &Vec<[u128; 4]>| add[i][stance_index(s)]);
        if let [(only, _)] = options.as_slice() {
            space.base.iter_mut().zip(vector(*only)).for_each(|(b, v)| *b += v);
            slot.push(None);
        } else {
            slot.push(Some(space.members.len()));
            space
                .members
                .push(Member { options: options.iter().map(|(s, _)| vector(*s).collect()).collect() });
        }
    }
    let goal = with_voters(goal, &voters);
    Ok(Quantities { atoms, goal, adds, space, slot, whole, sets, voters })
}

/// What each member adds to an atom's quantity for each stance, the atom's test, and
/// the size of its set (a count) or its total weight (a weight).
fn atom_adds(tally: &Tally, atom: &Atom) -> Result<(Vec<[u128; 4]>, Test, u128), Missing> {
    let model = tally.model;
    let weights: Vec<u128> = match &atom.kind {
        AtomKind::Count { group, .. } => {
            let in_set = |m: Sym| group.is_none_or(|g| model.groups[g.index()].has(m));
            tally.members.iter().map(|(m, _)| in_set(*m) as u128).collect()
        }
        AtomKind::Weight { attribute, .. } => {
            let values: Vec<Option<u128>> =
                tally.weights(*attribute).iter().map(|v| v.map(|v| v.0)).collect();
            let missing: Vec<Sym> =
                tally.members.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(m, _)| m.0).collect();
            if !missing.is_empty() {
                return Err(Missing { attribute: Some(*attribute), members: missing });
            }
            values.into_iter().map(|v| v.unwrap_or(0)).collect()
        }
    };
    // For a count, the set's size; for a weight, the total.
    let whole = weights.iter().fold(0u128, |t, w| t.saturating_add(*w));
    let test = worlds::test_of(atom, whole, whole);
    let add = |w: u128, s: Stance| match worlds::voters_share(atom, s) {
        Some(x) => w * x,
        None if worlds::counts(atom, s) && (!is_over_voters(atom) || is_voter(s)) => w,
        None => 0,
    };
    let adds = weights.iter().map(|&w| std::array::from_fn(|s| add(w, STANCES[s]))).collect();
    Ok((adds, test, whole))
}

/// The stances in the order of [`stance_index`].
const STANCES: [Stance; 4] = [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None];

fn is_over_voters(atom: &Atom) -> bool {
    matches!(atom.kind, AtomKind::Count { voters: true, .. })
}

/// Who of an atom's set would be a voter, by stance: 1 for a member of the set who
/// supports or opposes.
fn in_set_voters(tally: &Tally, atom: &Atom) -> Vec<[u128; 4]> {
    let model = tally.model;
    let group = match atom.kind {
        AtomKind::Count { group, .. } => group,
        AtomKind::Weight { .. } => None,
    };
    let in_set = |m: Sym| group.is_none_or(|g| model.groups[g.index()].has(m));
    tally
        .members
        .iter()
        .map(|(m, _)| std::array::from_fn(|s| (in_set(*m) && is_voter(STANCES[s])) as u128))
        .collect()
}

/// Judges one rule over every world; reports a certain or possible violation.
pub(super) fn decide(
    out: &mut Found,
    u: &Uncertain,
    tally: &Tally,
    cond: &Cond,
    end: &End,
) -> Result<(), Missing> {
    let q = quantities(tally, u, cond)?;
    let certainty = match worlds::verdict(&q.space, &q.goal) {
        Verdict::Holds => return Ok(()),
        Verdict::Fails => Certainty::Certain,
        Verdict::Possible { exact } => Certainty::Possible { exact },
    };
    let offenders = offenders(out, tally, u, &q, cond);
    report(out, tally, u, &q, certainty, offenders, end);
    Ok(())
}

/// Whether member `i` taking stance option `o` offends in some failing world, and
/// whether some failing world where it takes that stance spares it.
fn offends(q: &Quantities, i: usize, stance: Stance, o: usize, blame: &[(Goal, bool)]) -> (bool, bool) {
    // A member of known stance is already in the space's base: no copy to make.
    let pinned;
    let space = match q.slot[i] {
        Some(slot) => {
            pinned = q.space.pinned(slot, o);
            &pinned
        }
        None => &q.space,
    };
    let offender = Goal::Or(
        blame
            .iter()
            .enumerate()
            .filter(|(a, _)| q.sets[*a][i] && (!is_over_voters(q.atoms[*a]) || is_voter(stance)))
            .map(|(a, (blamed_here, wanted))| {
                let taker = worlds::counts(q.atoms[a], stance);
                // The blamed side is the non-takers when more takers were needed.
                let needs_more = match q.space.tests[a].needs_more() {
                    Some(more) => constant(more),
                    None => Goal::Below(a),
                };
                let blames_takers = if *wanted { needs_more.not() } else { needs_more };
                let side = if taker { blames_takers } else { blames_takers.not() };
                Goal::And(vec![blamed_here.clone(), side])
            })
            .collect(),
    );
    let fails = q.goal.clone().not();
    let some = space.exists(&Goal::And(vec![fails.clone(), offender.clone()])) != Some(false);
    // Not an offender in every failing world if some failing world spares it.
    let spared = space.exists(&Goal::And(vec![fails, offender.not()])) != Some(false);
    (some, spared)
}

/// A goal that is always `value`: the empty `and` holds, the empty `or` does not.
fn constant(value: bool) -> Goal {
    if value {
        Goal::And(Vec::new())
    } else {
        Goal::Or(Vec::new())
    }
}

/// What makes member `i` offend as it does: its possible stances, whether they are
/// uncertain, and what each adds to every atom (a member of known stance adds nothing
/// that varies, so only its membership of each atom's set counts).
fn likeness(q: &Quantities, i: usize, options: &[(Stance, Option<Position>)]) -> Vec<u128> {
    let mut key: Vec<u128> = options.iter().map(|(s, _)| stance_index(*s) as u128).collect();
    key.push(q.slot[i].is_some() as u128);
    for add in &q.adds {
        match q.slot[i] {
            Some(_) => key.extend(add[i]),
            None => key.push(add[i].iter().any(|&v| v > 0) as u128),
        }
    }
    key
}

/// Every member that offends in some failing world, with a stance it then takes (that of
/// the latest possible `since`), marked certain when it offends in every failing world.
fn offenders(
    out: &mut Found,
    tally: &Tally,
    u: &Uncertain,
    q: &Quantities,
    cond: &Cond,
) -> Vec<(usize, Offender, Option<Position>)> {
    let blame: Vec<(Goal, bool)> =
        blamed(cond).into_iter().map(|(g, wanted)| (with_voters(g, &q.voters), wanted)).collect();
    let mut found = Vec::new();
    // Members alike for the rule (same possible stances, same additions to every atom)
    // offend alike: each kind is asked once, so a large body costs few searches.
    let mut asked: rustc_hash::FxHashMap<Vec<u128>, Vec<(bool, bool)>> = Default::default();
    for (i, options) in u.options.iter().enumerate() {
        let verdicts = asked.entry(likeness(q, i, options)).or_insert_with(|| {
            options.iter().enumerate().map(|(o, (s, _))| offends(q, i, *s, o, &blame)).collect()
        });
        let offending = options.iter().zip(verdicts.iter()).filter(|(_, v)| v.0);
        let Some(((stance, position), _)) = offending.max_by_key(|((_, p), _)| p.map(|p| p.date)) else {
            continue;
        };
        // Certain: no failing world spares it, whatever stance it takes there.
        let certain = !verdicts.iter().any(|&(_, spared)| spared);
        let member = tally.members[i].0;
        found.push((
            i,
            Offender {
                member: out.outcome.shared_name(out.model, member),
                stance: stance.as_str(),
                since: position.map(|p| p.date.min(tally.date)),
                certain,
            },
            *position,
        ));
    }
    found
}

fn report(
    out: &mut Found,
    tally: &Tally,
    u: &Uncertain,
    q: &Quantities,
    certainty: Certainty,
    offenders: Vec<(usize, Offender, Option<Position>)>,
    end: &End,
) {
    let model = out.model;
    let (lo, hi) = q.space.bounds(&q.space.members);
    let figure = |a: usize| range_figure(model, q.atoms[a], (lo[a], hi[a]), q.whole[a], &q.space.tests[a]);
    let figures: Vec<String> =
        (0..q.atoms.len()).map(|a| format!("`{}`: {}", q.atoms[a].text, figure(a))).collect();
    let name = model.name(model.proposals[tally.proposal.index()].name).to_string();
    let (verb, qualifier) = match certainty {
        Certainty::Certain => ("was adopted", "whatever the uncertain days"),
        Certainty::Possible { exact: true } => ("may have been adopted", "on some of the uncertain days"),
        Certainty::Possible { exact: false } => (
            "may have been adopted",
            "on some of the uncertain days (not decided exactly: too many members of uncertain stance)",
        ),
    };
    let message = format!(
        "`{name}` {verb} on {} without meeting rule `{}` {qualifier}: {}",
        end.date,
        out.rule.name,
        figures.join("; ")
    );
    let rule_severity = out.rule.severity;
    let v = out.violation("violation::decision", message, (end.span, format!("adopted on {}", end.date)));
    v.certainty = certainty;
    if matches!(certainty, Certainty::Possible { .. }) {
        v.severity = rule_severity.max(Severity::Warning);
    }
    v.about(name, end.date).cite(model.source(end.source));
    v.related = q.atoms.iter().enumerate().map(|(a, atom)| (atom.span, figure(a).into())).collect();
    for (i, offender, position) in &offenders {
        let Some(p) = position else { continue };
        let own: &[(Position, Date)] = if u.options[*i].len() > 1 { &u.own[*i] } else { &[] };
        for (q, label) in deciding(own, p, &offender.member, tally.date) {
            v.related.push((q.span, label.into()));
            v.cite(model.source(q.source()));
        }
    }
    v.offenders = offenders.into_iter().map(|(_, o, _)| o).collect();
}

/// The labels of the positions that decide an offender's stance: the position `p` that
/// gives its offending stance, and each of its other positions of uncertain day, each with
/// the days on which it falls in a world where the member takes that stance ("Hungary
/// opposes on 2024-06-26 if this fell between 2024-06-11 and 2024-06-30"). `own` is
/// empty for a member of one possible stance.
fn deciding(own: &[(Position, Date)], p: &Position, member: &str, date: Date) -> Vec<(Position, String)> {
    let verb = match p.stance() {
        Stance::Support => "supports",
        Stance::Oppose => "opposes",
        Stance::Abstain => "abstains",
        Stance::None => "has withdrawn",
    };
    let stated = format!("{member} {verb} on {date}");
    let last = |q: &Position| q.date.min(date);
    let order = |q: &Position| (q.span.file, q.span.start);
    let Some(&(_, p_first)) = own.iter().find(|(q, _)| order(q) == order(p)) else {
        return vec![(*p, stated)];
    };
    let forced = || own.iter().filter(|(q, _)| q.date <= date && order(q) != order(p));
    // `p` is the latest when every other position that must come first can come before it.
    let after =
        |q: &Position, first: Date| if order(q) < order(p) { Some(first) } else { first.tomorrow().ok() };
    let p_from = forced().filter_map(|(q, first)| after(q, *first)).fold(p_first, Date::max);
    let mut labels = vec![(*p, with_days(&stated, (p_from, last(p)), (p_first, last(p))))];
    for (q, first) in forced().filter(|(q, first)| *first < last(q)) {
        // Another position must come before `p`'s last possible day.
        let until = if order(q) < order(p) { Some(last(p)) } else { last(p).yesterday().ok() };
        if let Some(until) = until {
            let days = (*first, last(q).min(until));
            if days.0 <= days.1 && days != (*first, last(q)) {
                labels.push((*q, with_days(&stated, days, (*first, last(q)))));
            }
        }
    }
    labels
}

/// The label, with "if this fell …" when only some of the position's days give it.
fn with_days(stated: &str, (from, to): (Date, Date), (first, last): (Date, Date)) -> String {
    if (from, to) == (first, last) {
        stated.to_string()
    } else if from == to {
        format!("{stated} if this fell on {from}")
    } else {
        format!("{stated} if this fell between {from} and {to}")
    }
}

/// "5–28 of 32 members support; met in some worlds", or one figure when the quantity is
/// the same in every world.
fn range_figure(model: &Model, atom: &Atom, (lo, hi): (u128, u128), whole: u128, test: &Test) -> String {
    let range = |a: String, b: String| if lo == hi { a } else { format!("{a}–{b}") };
    let reached = match &atom.kind {
        AtomKind::Count { voters: true, counted, test: CountTest::Share(..) | CountTest::All, .. } => {
            format!("the share of voters who {}", counted.verb())
        }
        AtomKind::Count { counted, voters, .. } => {
            let who = if *voters { "voters" } else { "members" };
            format!("{} of {whole} {who} {}", range(lo.to_string(), hi.to_string()), counted.verb())
        }
        AtomKind::Weight { stance, attribute, .. } => format!(
            "{} of {} held by members who {}",
            range(super::eval::percent(lo, whole), super::eval::percent(hi, whole)),
            model.name(*attribute),
            stance.as_str()
        ),
    };
    let met = match (test.holds(lo), test.holds(hi)) {
        (true, true) => "met in every world",
        (false, false) => "met in no world",
        _ => "met in some worlds",
    };
    format!("{reached}; {met}")
}
