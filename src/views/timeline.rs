//! `concord timeline PROPOSAL`: every date on which the tally changed, who changed, and
//! the support each decision rule needed then; as data, as text with a bar chart.

use super::{
    about, about_lines, assumed_mark, decision_rules, fill, is_false, wrap, About, Counts, Decision, Tallied,
};
use crate::check::worlds::possible_stances;
use crate::check::Tally;
use crate::model::{
    AtomKind, Compare, Cond, CountTest, Counted, Model, ProposalId, RuleForm, Stance, StanceAt, Sym,
};
use crate::whatif::WhatIf;
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON output of `timeline`, version 1.
#[derive(Debug, Serialize)]
pub struct Timeline {
    #[serde(flatten)]
    pub about: About,
    /// Conditions on how many members must support, one line each on the chart.
    pub thresholds: Vec<Threshold>,
    /// `some … is adopted by D` rules about the proposal.
    pub deadlines: Vec<Deadline>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Serialize)]
pub struct Threshold {
    pub rule: String,
    pub atom: String,
}

#[derive(Debug, Serialize)]
pub struct Deadline {
    pub rule: String,
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub date: String,
    #[serde(skip)]
    pub day: Date,
    /// Ranges when a position's uncertain day leaves some member several stances.
    pub counts: Tallied,
    /// The counts of the world where every uncertain day is its last (the model's).
    #[serde(skip)]
    pub known: Counts,
    /// Supporters needed on this date by each threshold (null where it needs none).
    pub needed: Vec<Option<usize>>,
    pub changes: Vec<Change>,
}

/// A member whose stance changed; `absent` before joining or after leaving the body.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Change {
    pub member: String,
    pub from: &'static str,
    pub to: &'static str,
    pub source: Option<String>,
    /// Whether an assumed fact made it (a position taken that day, or a membership that
    /// starts then); left out of the JSON when not.
    #[serde(skip_serializing_if = "is_false")]
    pub assumed: bool,
}

const ABSENT: &str = "absent";

/// The timeline of a proposal up to the model's *now*.
pub fn timeline(model: &Model, proposal: ProposalId) -> Timeline {
    timeline_with(model, proposal, &WhatIf::default())
}

/// [`timeline`] of a what-if run: changes made by assumed facts and an assumed decision
/// are marked, and the retracted facts listed.
pub fn timeline_with(model: &Model, proposal: ProposalId, whatif: &WhatIf) -> Timeline {
    let p = &model.proposals[proposal.index()];
    let conditions: Vec<(String, &Cond)> =
        decision_rules(model, proposal, p.end.map_or(model.now, |e| e.date))
            .into_iter()
            .map(|(r, c)| (r.name.to_string(), c))
            .collect();
    let mut thresholds = Vec::new();
    for (rule, cond) in &conditions {
        support_bounds(cond, &mut |atom| thresholds.push((rule.clone(), atom.clone())));
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut sweep =
        Sweep { stances: HashMap::default(), counts: Counts::default(), whatif, open: Open::default() };
    for (day, touched) in change_dates(model, proposal) {
        let changes = match steps.is_empty() {
            true => sweep.start(model, proposal, day),
            false => sweep.advance(model, proposal, day, touched),
        };
        let ended_here = p.end.is_some_and(|e| e.date == day);
        let recorded = recorded_on(model, proposal, day);
        let counts = recorded.map_or_else(|| sweep.tallied(), |c| Tallied::new(c, c, false));
        let same = steps.last().is_some_and(|s| s.counts == counts);
        if !changes.is_empty() || !same || ended_here {
            let known = recorded.unwrap_or(sweep.counts);
            let needed = thresholds.iter().map(|(_, atom)| needed(atom, known.members)).collect();
            steps.push(Step { date: day.to_string(), day, counts, known, needed, changes });
        }
    }
    Timeline {
        about: about(model, proposal, whatif),
        thresholds: thresholds
            .iter()
            .map(|(rule, atom)| Threshold { rule: rule.clone(), atom: atom.text.clone() })
            .collect(),
        deadlines: deadlines(model, proposal),
        steps,
    }
}

/// The dates on which the tally may change, each with the members whose stance or
/// membership may change then: positions, membership changes after the first position,
/// and the end; all up to *now*.
fn change_dates(model: &Model, proposal: ProposalId) -> BTreeMap<Date, Vec<Sym>> {
    let p = &model.proposals[proposal.index()];
    let last = p.end.map_or(model.now, |e| e.date);
    let mut dates: BTreeMap<Date, Vec<Sym>> = BTreeMap::new();
    for (x, first) in model.with_earliest(p.positions.clone()) {
        // An uncertain day opens a range on its first day and closes it on its last.
        for day in [first, x.date].into_iter().filter(|d| *d <= last) {
            dates.entry(day).or_default().push(x.member);
        }
    }
    if let Some(end) = p.end {
        dates.entry(end.date).or_default();
    }
    for t in model.tallies_of(proposal).iter().filter(|t| t.date <= last) {
        dates.entry(t.date).or_default();
    }
    let Some(&first) = dates.keys().next() else { return dates };
    for m in &model.bodies[p.body.index()].memberships {
        for day in [m.from, m.to].into_iter().flatten().filter(|d| first < *d && *d <= last) {
            dates.entry(day).or_default().push(m.member);
        }
    }
    dates
}

/// The counts of a vote recorded by counts on `day`, or of a counted body: what decides
/// that day when names cannot. Asked only on such days, so it costs no sweep.
fn recorded_on(model: &Model, proposal: ProposalId, day: Date) -> Option<Counts> {
    let body = model.proposals[proposal.index()].body;
    if !model.is_counted(body) && model.tally_on(proposal, day).is_none() {
        return None;
    }
    Tally::at(model, proposal, day).counts.map(|c| Counts::recorded(&c))
}

/// The tally as it moves from one change date to the next: each step looks only at the
/// members touched that day, so that a long record costs no more than its changes.
struct Sweep<'w> {
    /// Every deciding member's stance, as of the last date.
    stances: HashMap<Sym, Stance>,
    counts: Counts,
    whatif: &'w WhatIf,
    open: Open,
}

/// The members whose stance is open on the last date (several possible stances, from
/// uncertain days), with what they add to the counts, kept as members are touched.
#[derive(Default)]
struct Open {
    stances: HashMap<Sym, (Stance, Vec<Stance>)>,
    /// Their stances in the model's world, and every stance they may take.
    known: Counts,
    possible: Counts,
}

impl Open {
    /// Sets a member's possible stances (`known` its model stance); none when it left.
    fn set(&mut self, member: Sym, now: Option<(Stance, Vec<Stance>)>) {
        if let Some((known, stances)) = self.stances.remove(&member) {
            self.add(known, &stances, false);
        }
        if let Some((known, stances)) = now.filter(|(_, s)| s.len() > 1) {
            self.add(known, &stances, true);
            self.stances.insert(member, (known, stances));
        }
    }

    fn add(&mut self, known: Stance, stances: &[Stance], add: bool) {
        let change = |n: &mut usize| if add { *n += 1 } else { *n -= 1 };
        change(self.known.count(known));
        change(&mut self.known.members);
        stances.iter().for_each(|s| change(self.possible.count(*s)));
    }
}

/// A member's possible stances on `day` from its positions on the proposal.
fn possible(model: &Model, proposal: ProposalId, member: Sym, day: Date) -> Vec<Stance> {
    let range = model.proposals[proposal.index()].positions.clone();
    let positions = &model.positions[range.clone()];
    let start = positions.partition_point(|p| p.member < member);
    let end = start + positions[start..].partition_point(|p| p.member == member);
    let own: Vec<_> = model.with_earliest(range.start + start..range.start + end).collect();
    possible_stances(&own, day).into_iter().map(|(s, _)| s).collect()
}

impl Sweep<'_> {
    /// The first date: every member's stance, and those who took one as changes.
    fn start(&mut self, model: &Model, proposal: ProposalId, day: Date) -> Vec<Change> {
        let tally = Tally::at(model, proposal, day);
        self.counts = Counts::of(tally.members.iter().map(|(_, at)| at));
        self.stances = tally.members.iter().map(|(m, at)| (*m, at.stance)).collect();
        if !model.earliest.is_empty() {
            for (m, at) in &tally.members {
                self.open.set(*m, Some((at.stance, possible(model, proposal, *m, day))));
            }
        }
        let taken = tally.members.iter().filter(|(_, at)| at.stance != Stance::None);
        let whatif = self.whatif;
        taken.map(|&(m, at)| change(model, m, Stance::None.as_str(), at, day, whatif)).collect()
    }

    /// A later date: the touched members who changed stance or joined (by name), then
    /// those who left (by name).
    fn advance(
        &mut self,
        model: &Model,
        proposal: ProposalId,
        day: Date,
        mut touched: Vec<Sym>,
    ) -> Vec<Change> {
        let p = &model.proposals[proposal.index()];
        touched.sort_by(|a, b| model.name(*a).cmp(model.name(*b)));
        touched.dedup();
        let (mut changes, mut left) = (Vec::new(), Vec::new());
        for m in touched {
            let before = self.stances.get(&m).copied();
            let present = p.candidate() != Some(m) && model.is_member(p.body, m, day);
            if !present {
                self.open.set(m, None);
                if let Some(was) = before {
                    self.leave(m, was);
                    left.push(Change {
                        member: model.name(m).to_string(),
                        from: was.as_str(),
                        to: ABSENT,
                        source: None,
                        assumed: false,
                    });
                }
                continue;
            }
            let at = model.stance_at(proposal, m, day);
            if !model.earliest.is_empty() {
                self.open.set(m, Some((at.stance, possible(model, proposal, m, day))));
            }
            if before != Some(at.stance) {
                self.set(m, before, at.stance);
                let mut c = change(model, m, before.map_or(ABSENT, Stance::as_str), at, day, self.whatif);
                c.assumed |= before.is_none() && membership_assumed(model, proposal, m, day, self.whatif);
                changes.push(c);
            }
        }
        changes.extend(left);
        changes
    }

    /// The counts, as ranges while some member's stance is open.
    fn tallied(&self) -> Tallied {
        if self.open.stances.is_empty() {
            return Tallied::new(self.counts, self.counts, false);
        }
        let mut lo = self.counts;
        for s in [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None] {
            *lo.count(s) -= self.open.known.get(s);
        }
        let mut hi = lo;
        for s in [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None] {
            *hi.count(s) += self.open.possible.get(s);
        }
        Tallied::new(lo, hi, true)
    }

    fn set(&mut self, member: Sym, before: Option<Stance>, now: Stance) {
        match before {
            Some(was) => *self.count(was) -= 1,
            None => self.counts.members += 1,
        }
        *self.count(now) += 1;
        self.stances.insert(member, now);
    }

    fn leave(&mut self, member: Sym, was: Stance) {
        *self.count(was) -= 1;
        self.counts.members -= 1;
        self.stances.remove(&member);
    }

    fn count(&mut self, stance: Stance) -> &mut usize {
        match stance {
            Stance::Support => &mut self.counts.support,
            Stance::Oppose => &mut self.counts.oppose,
            Stance::Abstain => &mut self.counts.abstain,
            Stance::None => &mut self.counts.none,
        }
    }
}

/// A member's change to its stance on `day`, with the source of a position taken that day.
fn change(
    model: &Model,
    member: Sym,
    from: &'static str,
    at: StanceAt,
    day: Date,
    whatif: &WhatIf,
) -> Change {
    let taken = at.position.filter(|p| p.date == day);
    Change {
        member: model.name(member).to_string(),
        from,
        to: at.stance.as_str(),
        source: taken.and_then(|p| model.source(p.source())).map(str::to_string),
        assumed: taken.is_some_and(|p| whatif.is_assumed(p.span)),
    }
}

/// Whether an assumed fact made `member` join the proposal's body on `day`. (A leave is
/// never marked: the model keeps the span of the fact that starts a membership only.)
fn membership_assumed(model: &Model, proposal: ProposalId, member: Sym, day: Date, whatif: &WhatIf) -> bool {
    let body = model.proposals[proposal.index()].body;
    let memberships = &model.bodies[body.index()].memberships[model.membership_range(body, member)];
    memberships.iter().any(|m| m.from == Some(day) && whatif.is_assumed(m.span))
}

/// Every atom that asks for a least number of supporters among all members.
fn support_bounds(cond: &Cond, found: &mut impl FnMut(&crate::model::Atom)) {
    match cond {
        Cond::Or(items) | Cond::And(items) => items.iter().for_each(|c| support_bounds(c, found)),
        Cond::Not(_) => {}
        Cond::Atom(atom) => {
            if is_support_bound(atom) {
                found(atom)
            }
        }
    }
}

fn is_support_bound(atom: &crate::model::Atom) -> bool {
    match atom.kind {
        AtomKind::Count { members: Some(m), .. } => needed(atom, m as usize).is_some(),
        _ => needed(atom, 1).is_some(),
    }
}

/// The supporters an atom needs among `n` members, if it is a lower bound on them.
fn needed(atom: &crate::model::Atom, n: usize) -> Option<usize> {
    let AtomKind::Count {
        group: None,
        voters: false,
        counted: Counted::Stance(Stance::Support),
        test,
        members,
    } = atom.kind
    else {
        return None;
    };
    if members.is_some_and(|m| m != n as u64) {
        // `unanimity of 32` in a body of another size: no number of supporters is enough.
        return None;
    }
    let n = n as u128;
    let k = match test {
        CountTest::All => n,
        CountTest::Count(Compare::AtLeast | Compare::Exactly, k) => k as u128,
        CountTest::Count(Compare::MoreThan, k) => k as u128 + 1,
        CountTest::Share(Compare::AtLeast, (p, q)) => (n * p).div_ceil(q),
        CountTest::Share(Compare::MoreThan, (p, q)) => n * p / q + 1,
        _ => return None,
    };
    usize::try_from(k).ok()
}

fn deadlines(model: &Model, proposal: ProposalId) -> Vec<Deadline> {
    let about = |rule: &crate::model::Rule| match rule.form {
        RuleForm::AdoptedBy { selector, date } if model.selects(selector, proposal) => Some(date),
        _ => None,
    };
    model
        .rules
        .iter()
        .filter_map(|r| about(r).map(|d| Deadline { rule: r.name.to_string(), date: d.to_string() }))
        .collect()
}

const BAR: usize = 30;

/// The timeline as text: one line per date with a bar chart, then who changed.
pub fn render_text(t: &Timeline) -> String {
    let a = &t.about;
    let mut out = fill(&format!("{}: {}", a.proposal, a.kind), "", 80);
    out.push_str(&fill(&format!("{} · █ support  ▓ oppose  ▒ abstain  · no position", a.body), "", 80));
    for (i, th) in t.thresholds.iter().enumerate() {
        let needed = match t.steps.last().map(|s| s.needed[i]) {
            Some(Some(k)) => format!(": {k} supporters needed"),
            Some(None) => ": cannot be met with these members".into(),
            None => String::new(),
        };
        out.push_str(&fill(&format!("rule {} ({}){needed}", th.rule, th.atom), "", 80));
    }
    out.push_str(&about_lines(a));
    for step in &t.steps {
        out.push('\n');
        out.push_str(&step_text(step, a.decision.as_ref()));
    }
    if t.steps.is_empty() {
        out.push_str("\nno position has been recorded on this proposal\n");
    }
    for d in &t.deadlines {
        out.push_str(&format!("\ndeadline {} (rule {})\n", d.date, d.rule));
    }
    out
}

fn step_text(step: &Step, decision: Option<&Decision>) -> String {
    let figures = match &step.counts {
        Tallied::Exact(c) => {
            format!("{:>3} for {:>3} against {:>3} abst. {:>3} none", c.support, c.oppose, c.abstain, c.none)
        }
        Tallied::Ranges(r) => format!(
            "{:>3} for {:>3} against {:>3} abst. {:>3} none",
            r.support.text(),
            r.oppose.text(),
            r.abstain.text(),
            r.none.text()
        ),
    };
    let c = &step.known;
    // The bar gives way to wide figures, so that the line keeps to 80 columns.
    let width = BAR.min(80usize.saturating_sub(12 + figures.chars().count())).max(10);
    let mut out = format!("{} {} {figures}\n", step.date, bar(c, width));
    let mut kinds: Vec<(&str, Vec<String>)> = Vec::new();
    for change in &step.changes {
        let kind = change_kind(change);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, names)) => names.push(named(change)),
            None => kinds.push((kind, vec![named(change)])),
        }
    }
    kinds.sort_by_key(|(kind, _)| KINDS.iter().position(|k| k == kind));
    for (kind, names) in kinds {
        out.push_str(&wrap(&format!("{kind}:"), &names, "           ", 80));
    }
    if let Some(d) = decision.filter(|d| d.date == step.date) {
        out.push_str(&format!("           {} on {}{}\n", d.outcome, d.date, assumed_mark(d.assumed)));
    }
    out
}

/// The member of a change, marked if an assumed fact made it.
fn named(change: &Change) -> String {
    format!("{}{}", change.member, assumed_mark(change.assumed))
}

/// The kinds of change, in the order the text lists them.
const KINDS: [&str; 9] = [
    "now support",
    "now oppose",
    "now abstain",
    "withdrew",
    "joined, supporting",
    "joined, opposing",
    "joined, abstaining",
    "joined",
    "left",
];

fn change_kind(change: &Change) -> &'static str {
    match (change.from, change.to) {
        (ABSENT, "support") => "joined, supporting",
        (ABSENT, "oppose") => "joined, opposing",
        (ABSENT, "abstain") => "joined, abstaining",
        (ABSENT, _) => "joined",
        (_, ABSENT) => "left",
        (_, "support") => "now support",
        (_, "oppose") => "now oppose",
        (_, "abstain") => "now abstain",
        _ => "withdrew",
    }
}

/// `████▓▓···`: each stance's share of the members, in `width` characters.
fn bar(c: &Counts, width: usize) -> String {
    // In 128 bits: a counted body's size may be any 64-bit number.
    let n = c.members.max(1) as u128;
    let upto = |k: usize| ((k as u128 * width as u128 + n / 2) / n).min(width as u128) as usize;
    let (s, o, a) = (
        c.support,
        c.support.saturating_add(c.oppose),
        c.support.saturating_add(c.oppose).saturating_add(c.abstain),
    );
    let ends = [upto(s), upto(o), upto(a), width];
    let glyphs = ['█', '▓', '▒', '·'];
    let mut out = String::new();
    let mut at = 0;
    for (end, glyph) in ends.into_iter().zip(glyphs) {
        out.extend(std::iter::repeat_n(glyph, end.saturating_sub(at)));
        at = at.max(end);
    }
    out
}
