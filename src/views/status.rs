//! `concord status PROPOSAL`: the tally now (or on the day it was decided), each
//! member's stance with its date and source, and for each decision rule whether it would
//! pass and who must be convinced.

use super::{
    about, about_lines, assumed_mark, decision_rules, fill, is_false, least_supportive, spread, wrap, About,
    Counts, Tallied,
};
use crate::check::uncertain::{self, Uncertain};
use crate::check::worlds::Verdict;
use crate::check::{atom_outcome, search, Budget, Convince, Tally};
use crate::model::{Atom, Cond, Model, Position, ProposalId, Severity, Stance, StanceAt, Sym};
use crate::whatif::WhatIf;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// The JSON output of `status`, version 1.
#[derive(Debug, Serialize)]
pub struct Status {
    #[serde(flatten)]
    pub about: About,
    /// The day of the tally: *now*, or the day the proposal was decided or withdrawn.
    pub date: Option<String>,
    /// Ranges when a position's uncertain day leaves some member several stances.
    pub tally: Tallied,
    /// Every deciding member: supporters first, then opponents, abstainers, the rest.
    pub members: Vec<Member>,
    pub rules: Vec<RuleStatus>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Member {
    pub member: String,
    pub stance: &'static str,
    /// The date of its latest position (a withdrawal included); null without one.
    pub since: Option<String>,
    pub source: Option<String>,
    /// Whether its latest position was given by `--assume`; left out of the JSON when not.
    #[serde(skip_serializing_if = "is_false")]
    pub assumed: bool,
    /// Its possible stances, when an uncertain day leaves it more than one; `stance` is
    /// then the least supportive (its stance in the worst world).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stances: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct RuleStatus {
    pub rule: String,
    pub severity: &'static str,
    /// Whether the rule is met on the day; null when it cannot be evaluated.
    pub passes: Option<bool>,
    /// With uncertain days: `"every"`, `"no"` or `"some"` world passes (`passes` is then
    /// true only for every world); left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worlds: Option<&'static str>,
    pub atoms: Vec<AtomStatus>,
    /// The fewest members who, coming round to support, would make it pass.
    pub convince: Option<Vec<Member>>,
    /// Whether no smaller set would do (proven for conditions more support never breaks).
    pub smallest: bool,
    /// Whether the search stopped at the command's budget (shared by its rules) before
    /// it could tell: a smaller set, or for `convince: null` some set, may exist.
    pub search_stopped: bool,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AtomStatus {
    /// The atom as written, with `not` before it when it stands under a negation.
    pub atom: String,
    pub holds: bool,
    pub figure: String,
}

/// What the text says of a search that ran out of budget.
const STOPPED: &str = "the search stopped at its budget, and a smaller set may exist";

/// The status of a proposal as of *now*, or as of its end if it has ended.
pub fn status(model: &Model, proposal: ProposalId) -> Status {
    status_with(model, proposal, &WhatIf::default())
}

/// [`status`] of a what-if run: assumed positions and the decision are marked, and the
/// retracted facts listed.
pub fn status_with(model: &Model, proposal: ProposalId, whatif: &WhatIf) -> Status {
    let day = model.proposals[proposal.index()].end.map_or(model.now, |e| e.date.min(model.now));
    let tally = Tally::at(model, proposal, day);
    let shown = uncertain::at(model, &tally);
    let uncertain = shown.as_ref().filter(|u| u.varies());
    // Who must be convinced is asked of the worst world, the one of fewest supporters.
    let worst = uncertain.map(|u| worst_world(&tally, u));
    let seen = worst.as_ref().unwrap_or(&tally);
    let mut members: Vec<Member> = match &shown {
        None => tally.members.iter().map(|(m, at)| member(model, *m, at, whatif)).collect(),
        Some(u) => seen
            .members
            .iter()
            .zip(u.options())
            .enumerate()
            .map(|(i, ((m, at), o))| possible(model, *m, at, o, u.shown(i, day), day, whatif))
            .collect(),
    };
    members.sort_by_key(|m| stance_rank(m.stance));
    // One budget for every rule's search, so that many rules cannot add up to hours.
    let mut budget = Budget::default();
    let judge = |cond: &Cond| uncertain.and_then(|u| uncertain::judge(&tally, u, cond).ok());
    let counted = tally.counts.map_or(0, |c| c.members);
    let nobody = (tally.members.is_empty() && counted == 0).then(|| no_members(model, proposal, day));
    Status {
        about: about(model, proposal, whatif),
        date: model.dated.then(|| day.to_string()),
        tally: tallied(&tally, uncertain),
        members,
        rules: decision_rules(model, proposal, day)
            .into_iter()
            .map(|(rule, cond)| {
                if let Some(note) = &nobody {
                    return unevaluable(&rule.name, rule.severity, note.clone());
                }
                let status = rule_status(&rule.name, rule.severity, cond, seen, &mut budget, whatif);
                match judge(cond) {
                    Some(j) => in_worlds(status, j),
                    None => status,
                }
            })
            .collect(),
    }
}

/// Why no rule can be evaluated on a day the body has no member: "0 of 0" would pass
/// unanimity, and tell nothing.
fn no_members(model: &Model, proposal: ProposalId, day: jiff::civil::Date) -> String {
    let body = &model.bodies[model.proposals[proposal.index()].body.index()];
    let next = body.memberships.iter().filter_map(|m| m.from).filter(|&from| from > day).min();
    let name = model.name(body.name);
    match next {
        Some(from) => format!("{name} has no members on {day} (the next member joins on {from})"),
        None => format!("{name} has no members on {day}"),
    }
}

/// A rule that cannot be evaluated on the day, and why.
fn unevaluable(name: &str, severity: Severity, note: String) -> RuleStatus {
    RuleStatus {
        rule: name.to_string(),
        severity: severity_name(severity),
        passes: None,
        worlds: None,
        atoms: Vec::new(),
        convince: None,
        smallest: false,
        search_stopped: false,
        note: Some(note),
    }
}

/// The tally's counts, as ranges over the worlds when some member has several stances.
fn tallied(tally: &Tally, uncertain: Option<&Uncertain>) -> Tallied {
    if let Some(c) = tally.counts {
        let counts = Counts::recorded(&c);
        return Tallied::new(counts, counts, false);
    }
    let Some(u) = uncertain else {
        let counts = Counts::of(tally.members.iter().map(|(_, at)| at));
        return Tallied::new(counts, counts, false);
    };
    let stances: Vec<Vec<Stance>> = u.options().iter().map(|o| o.iter().map(|(s, _)| *s).collect()).collect();
    let (lo, hi) = spread(stances.iter().map(Vec::as_slice));
    Tallied::new(lo, hi, true)
}

/// The tally of the world where every uncertain member takes its least supportive stance.
fn worst_world<'m>(tally: &Tally<'m>, u: &Uncertain) -> Tally<'m> {
    let members = tally.members.iter().zip(u.options()).map(|((m, at), options)| {
        let worst = least_supportive(options.iter().map(|(s, _)| *s)).unwrap_or(at.stance);
        let position = options.iter().find(|(s, _)| *s == worst).and_then(|(_, p)| *p);
        (*m, StanceAt { stance: worst, position })
    });
    tally.with_stances(members.collect())
}

/// A member of possibly several stances: its worst-world stance, the position `shown`
/// for it with its days as written, and every possible stance when there are several.
fn possible(
    model: &Model,
    m: Sym,
    worst: &StanceAt,
    options: &[(Stance, Option<Position>)],
    shown: Option<(Position, jiff::civil::Date)>,
    day: jiff::civil::Date,
    whatif: &WhatIf,
) -> Member {
    let position = shown.map(|(p, _)| p).or(worst.position);
    let mut member = member(model, m, &StanceAt { stance: worst.stance, position }, whatif);
    if let Some((p, first)) = shown {
        member.since = Some(uncertain::written_days(first, p.date.min(day)));
    }
    if options.len() > 1 {
        let mut stances: Vec<Stance> = options.iter().map(|(s, _)| *s).collect();
        stances.sort_by_key(|s| stance_rank(s.as_str()));
        member.stances = stances.into_iter().map(Stance::as_str).collect();
    }
    member
}

/// Where a stance is listed: supporters first, then opponents, abstainers, the rest.
fn stance_rank(stance: &str) -> usize {
    [Stance::Support, Stance::Oppose, Stance::Abstain, Stance::None]
        .iter()
        .position(|s| s.as_str() == stance)
        .unwrap_or(4)
}

/// A rule's status over every world: its verdict, and its atoms' figures as ranges.
fn in_worlds(mut status: RuleStatus, (verdict, atoms): uncertain::Judged) -> RuleStatus {
    if status.passes.is_none() {
        return status;
    }
    let worlds = match verdict {
        Verdict::Holds => "every",
        Verdict::Fails => "no",
        Verdict::Possible { .. } => "some",
    };
    status.worlds = Some(worlds);
    status.passes = Some(worlds == "every");
    status.atoms = status
        .atoms
        .into_iter()
        .zip(atoms)
        .map(|(a, (figure, holds))| {
            let negated = a.atom.starts_with("not (");
            AtomStatus { holds: holds == Some(!negated), figure, ..a }
        })
        .collect();
    status
}

pub fn member(model: &Model, member: Sym, at: &StanceAt, whatif: &WhatIf) -> Member {
    Member {
        member: model.name(member).to_string(),
        stance: at.stance.as_str(),
        since: at.position.map(|p| p.date.to_string()),
        source: at.position.and_then(|p| model.source(p.source())).map(str::to_string),
        assumed: at.position.is_some_and(|p| whatif.is_assumed(p.span)),
        stances: Vec::new(),
    }
}

fn rule_status(
    name: &str,
    severity: Severity,
    cond: &Cond,
    tally: &Tally,
    budget: &mut Budget,
    whatif: &WhatIf,
) -> RuleStatus {
    let mut atoms = Vec::new();
    collect_atoms(cond, false, &mut atoms);
    let atoms = atoms
        .into_iter()
        .filter_map(|(a, negated)| atom_outcome(a, tally).ok().map(|o| (a, negated, o)))
        .map(|(a, negated, o)| AtomStatus {
            atom: if negated { format!("not ({})", a.text) } else { a.text.clone() },
            holds: o.holds != negated,
            figure: o.figure,
        })
        .collect();
    let mut status = RuleStatus {
        rule: name.to_string(),
        severity: severity_name(severity),
        passes: Some(false),
        worlds: None,
        atoms,
        convince: None,
        smallest: false,
        search_stopped: false,
        note: None,
    };
    let model = tally.model;
    if tally.counts.is_some() {
        return by_counts(status, cond, tally);
    }
    let answer = search(cond, tally, budget);
    status.search_stopped = answer.stopped;
    match answer.convince {
        Convince::Holds => {
            status.passes = Some(true);
            status.smallest = true;
        }
        Convince::Members { members, smallest } => {
            let stances: HashMap<Sym, StanceAt> = tally.members.iter().copied().collect();
            let at = |m: Sym| stances.get(&m).map(|at| member(model, m, at, whatif));
            status.convince = Some(members.into_iter().filter_map(at).collect());
            status.smallest = smallest;
        }
        Convince::Impossible => {
            status.note = Some("no set of members coming round to support would make it pass".into())
        }
        Convince::NotFound if answer.stopped => {
            status.note = Some(
                "no set of members coming round to support was found that makes it pass before \
                 the search stopped at its budget; one may exist"
                    .into(),
            )
        }
        Convince::NotFound => {
            status.note =
                Some("no set of members coming round to support was found that makes it pass".into())
        }
        Convince::Unevaluable(missing) => {
            let names: Vec<&str> = missing.members.iter().map(|m| model.name(*m)).collect();
            status.passes = None;
            status.note = Some(match missing.attribute {
                Some(attribute) => {
                    format!("cannot be evaluated: no {} for {}", model.name(attribute), names.join(", "))
                }
                None => {
                    "cannot be evaluated: the vote is recorded by counts, and the rule needs names".into()
                }
            });
        }
    }
    status
}

/// A rule on a vote recorded by counts: met or not, but nobody to name as convinced.
fn by_counts(mut status: RuleStatus, cond: &Cond, tally: &Tally) -> RuleStatus {
    status.passes = crate::check::eval(cond, tally).ok();
    status.smallest = status.passes == Some(true);
    status.note = match status.passes {
        Some(true) => None,
        Some(false) => Some("the vote is recorded by counts, so no member can be named to convince".into()),
        None => Some("cannot be evaluated: the vote is recorded by counts, and the rule needs names".into()),
    };
    status
}

fn collect_atoms<'c>(cond: &'c Cond, negated: bool, out: &mut Vec<(&'c Atom, bool)>) {
    match cond {
        Cond::Or(items) | Cond::And(items) => items.iter().for_each(|c| collect_atoms(c, negated, out)),
        Cond::Not(inner) => collect_atoms(inner, !negated, out),
        Cond::Atom(atom) => out.push((atom, negated)),
    }
}

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The status as text for a terminal, in 80 columns.
pub fn render_text(s: &Status) -> String {
    let a = &s.about;
    let mut out = fill(&format!("{}: {}", a.proposal, a.kind), "", 80);
    let decided = a.decision.as_ref();
    let when = match (&s.date, decided) {
        (Some(d), Some(end)) => format!(" on {d}, when it was {}{}", end.outcome, assumed_mark(end.assumed)),
        (Some(d), None) => format!(" as of {d}"),
        (None, _) => String::new(),
    };
    let tally = match &s.tally {
        Tallied::Exact(t) if t.members == 0 => format!("{}{when}: no members", a.body),
        Tallied::Exact(t) => format!(
            "{}{when}: {} support, {} oppose, {} abstain, {} no position ({})",
            a.body,
            t.support,
            t.oppose,
            t.abstain,
            t.none,
            count(t.members)
        ),
        Tallied::Ranges(t) => format!(
            "{}{when}: {} of {} support, {} oppose, {} abstain, {} no position, as the uncertain \
             days fall",
            a.body,
            t.support.text(),
            t.members,
            t.oppose.text(),
            t.abstain.text(),
            t.none.text()
        ),
    };
    out.push_str(&fill(&tally, "", 80));
    out.push_str(&about_lines(a));
    // A body without members then (or a counted one) lists none: its rules follow at once.
    if !s.members.is_empty() {
        out.push('\n');
    }
    let width = s.members.iter().map(|m| m.member.chars().count()).max().unwrap_or(0).min(24);
    // The stance column widens only for a member of several possible stances.
    let stance_width = s.members.iter().map(|m| stance_text(m).len()).max().unwrap_or(0).max(8);
    for m in &s.members {
        out.push_str(&member_line(m, stance_width, width));
    }
    for r in &s.rules {
        out.push('\n');
        out.push_str(&rule_text(r, decided.is_some()));
    }
    if s.rules.is_empty() {
        out.push_str("\nno decision rule applies to this proposal\n");
    }
    out
}

/// One member, with its source on a line of its own when the line would pass 80 columns.
fn member_line(m: &Member, stance_width: usize, width: usize) -> String {
    let when = match &m.since {
        Some(d) if m.stances.contains(&Stance::None.as_str()) => {
            format!("may have taken its position on {d}")
        }
        Some(d) if m.stances.len() > 1 => format!("as the day of its position of {d} falls"),
        Some(d) if m.stance == Stance::None.as_str() => format!("withdrew {d}"),
        Some(d) => format!("since {d}"),
        None => "no recorded position".into(),
    } + assumed_mark(m.assumed);
    let line = format!("  {:<stance_width$} {:<width$}  {when}", stance_text(m), m.member);
    match &m.source {
        None => format!("{line}\n"),
        Some(s) if line.chars().count() + s.chars().count() + 4 <= 80 => format!("{line}  [{s}]\n"),
        Some(s) => format!("{line}\n{}", fill(&format!("[{s}]"), "             ", 80)),
    }
}

/// `support`, or `support or none` for a member of several possible stances.
fn stance_text(m: &Member) -> String {
    match m.stances.len() {
        0 | 1 => m.stance.to_string(),
        _ => m.stances.join(" or "),
    }
}

fn verdict(passes: Option<bool>, decided: bool) -> &'static str {
    match (passes, decided) {
        (Some(true), false) => "would pass",
        (Some(false), false) => "would not pass",
        (Some(true), true) => "was met",
        (Some(false), true) => "was not met",
        (None, _) => "cannot be evaluated",
    }
}

fn rule_text(r: &RuleStatus, decided: bool) -> String {
    let verdict = match (r.worlds, decided) {
        (Some("every"), false) => "passes in every world",
        (Some("no"), false) => "fails in every world",
        (Some(_), false) => "may fail (in some worlds)",
        (Some("every"), true) => "was met in every world",
        (Some("no"), true) => "was not met in any world",
        (Some(_), true) => "may not have been met (in some worlds)",
        (None, _) => verdict(r.passes, decided),
    };
    let mut out = fill(&format!("rule {} ({}): {verdict}", r.rule, r.severity), "", 80);
    for a in &r.atoms {
        // An atom met in some worlds only is neither held nor failed.
        let mark = match (a.holds, a.figure.ends_with("met in some worlds")) {
            (_, true) => "maybe",
            (true, false) => "holds",
            (false, false) => "fails",
        };
        out.push_str(&fill(&format!("{mark}  {}: {}", a.atom, a.figure), "  ", 80));
    }
    if let Some(members) = &r.convince {
        let how = match (r.smallest, r.search_stopped) {
            (true, _) => String::new(),
            (false, true) => format!(" (a set that works; {STOPPED})"),
            (false, false) => " (a set that works; a smaller one may exist)".into(),
        };
        let need = if decided { "would have had to be convinced" } else { "must still be convinced" };
        // With uncertain days the set is that of the worst world (fewest supporters).
        let need = match r.worlds {
            Some(_) => format!("{need} in the worst world"),
            None => need.to_string(),
        };
        let head = format!("to pass, {} {need}{how}:", count(members.len()));
        out.push_str(&fill(&head, "  ", 80));
        let names: Vec<String> = members.iter().map(|m| m.member.clone()).collect();
        out.push_str(&wrap("", &names, "    ", 80));
    }
    if let Some(note) = &r.note {
        out.push_str(&fill(note, "  ", 80));
    }
    out
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 member".into()
    } else {
        format!("{n} members")
    }
}
