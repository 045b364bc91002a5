//! `concord timeline PROPOSAL`: every date on which the tally changed, who changed, and
//! the support each decision rule needed then; as data, as text with a bar chart.

use super::{about, decision_rules, fill, wrap, About, Counts, Decision};
use crate::check::Tally;
use crate::model::{AtomKind, Compare, Cond, CountTest, Model, ProposalId, RuleForm, Stance, Sym};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

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
    pub counts: Counts,
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
}

const ABSENT: &str = "absent";

/// The timeline of a proposal up to the model's *now*.
pub fn timeline(model: &Model, proposal: ProposalId) -> Timeline {
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
    let mut steps = Vec::new();
    let mut before: HashMap<Sym, Stance> = HashMap::new();
    for day in change_dates(model, proposal) {
        let tally = Tally::at(model, proposal, day);
        let now: HashMap<Sym, Stance> = tally.members.iter().map(|(m, at)| (*m, at.stance)).collect();
        let changes = changes(model, &tally, &before, &now, steps.is_empty());
        let counts = Counts::of(tally.members.iter().map(|(_, at)| at));
        let ended_here = p.end.is_some_and(|e| e.date == day);
        let same = steps.last().is_some_and(|s: &Step| s.counts == counts);
        if !changes.is_empty() || !same || ended_here {
            let needed = thresholds.iter().map(|(_, atom)| needed(atom, counts.members)).collect();
            steps.push(Step { date: day.to_string(), day, counts, needed, changes });
        }
        before = now;
    }
    Timeline {
        about: about(model, proposal),
        thresholds: thresholds
            .iter()
            .map(|(rule, atom)| Threshold { rule: rule.clone(), atom: atom.text.clone() })
            .collect(),
        deadlines: deadlines(model, proposal),
        steps,
    }
}

/// The dates on which the tally may change: positions, membership changes from the first
/// position on, and the end; all up to *now*.
fn change_dates(model: &Model, proposal: ProposalId) -> Vec<Date> {
    let p = &model.proposals[proposal.index()];
    let mut dates: BTreeSet<Date> = model.positions[p.positions.clone()].iter().map(|x| x.date).collect();
    dates.extend(p.end.map(|e| e.date));
    let Some(&first) = dates.first() else { return Vec::new() };
    let last = p.end.map_or(model.now, |e| e.date);
    for m in &model.bodies[p.body.index()].memberships {
        dates.extend([m.from, m.to].into_iter().flatten().filter(|d| first < *d && *d <= last));
    }
    dates.into_iter().filter(|d| *d <= last).collect()
}

fn changes(
    model: &Model,
    tally: &Tally,
    before: &HashMap<Sym, Stance>,
    now: &HashMap<Sym, Stance>,
    first: bool,
) -> Vec<Change> {
    let mut out = Vec::new();
    for (member, at) in &tally.members {
        let from = before.get(member).map_or(ABSENT, |s| s.as_str());
        let from = if first { Stance::None.as_str() } else { from };
        if from != at.stance.as_str() && !(first && at.stance == Stance::None) {
            let source = at.position.filter(|p| p.date == tally.date).and_then(|p| model.source(p.source));
            let member = model.name(*member).to_string();
            out.push(Change { member, from, to: at.stance.as_str(), source: source.map(str::to_string) });
        }
    }
    let mut left: Vec<&Sym> = before.keys().filter(|m| !now.contains_key(m)).collect();
    left.sort_by(|a, b| model.name(**a).cmp(model.name(**b)));
    for member in left {
        let from = before[member].as_str();
        out.push(Change { member: model.name(*member).to_string(), from, to: ABSENT, source: None });
    }
    out
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
    let AtomKind::Count { group: None, stance: Stance::Support, test, members } = atom.kind else {
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
    let c = &step.counts;
    let figures =
        format!("{:>3} for {:>3} against {:>3} abst. {:>3} none", c.support, c.oppose, c.abstain, c.none);
    // The bar gives way to wide figures, so that the line keeps to 80 columns.
    let width = BAR.min(80usize.saturating_sub(12 + figures.len())).max(10);
    let mut out = format!("{} {} {figures}\n", step.date, bar(c, width));
    let mut kinds: Vec<(&str, Vec<String>)> = Vec::new();
    for change in &step.changes {
        let kind = change_kind(change);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, names)) => names.push(change.member.clone()),
            None => kinds.push((kind, vec![change.member.clone()])),
        }
    }
    kinds.sort_by_key(|(kind, _)| KINDS.iter().position(|k| k == kind));
    for (kind, names) in kinds {
        out.push_str(&wrap(&format!("{kind}:"), &names, "           ", 80));
    }
    if let Some(d) = decision.filter(|d| d.date == step.date) {
        out.push_str(&format!("           {} on {}\n", d.outcome, d.date));
    }
    out
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
    let n = c.members.max(1);
    let upto = |k: usize| (k * width + n / 2) / n;
    let ends = [upto(c.support), upto(c.support + c.oppose), upto(c.support + c.oppose + c.abstain), width];
    let glyphs = ['█', '▓', '▒', '·'];
    let mut out = String::new();
    let mut at = 0;
    for (end, glyph) in ends.into_iter().zip(glyphs) {
        out.extend(std::iter::repeat_n(glyph, end.saturating_sub(at)));
        at = at.max(end);
    }
    out
}
