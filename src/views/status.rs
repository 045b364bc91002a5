//! `concord status PROPOSAL`: the tally now, each member's stance with its date and
//! source, and for each decision rule whether it would pass and who must be convinced.

use super::{about, decision_rules, wrap, About, Counts};
use crate::check::{atom_outcome, convince, Convince, Tally};
use crate::model::{Atom, Cond, Model, ProposalId, Severity, Stance, StanceAt, Sym};
use serde::Serialize;

/// The JSON output of `status`, version 1.
#[derive(Debug, Serialize)]
pub struct Status {
    #[serde(flatten)]
    pub about: About,
    pub tally: Counts,
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
}

#[derive(Debug, Serialize)]
pub struct RuleStatus {
    pub rule: String,
    pub severity: &'static str,
    /// Whether the rule would pass now; null when it cannot be evaluated.
    pub passes: Option<bool>,
    pub atoms: Vec<AtomStatus>,
    /// The fewest members who, coming round to support, would make it pass.
    pub convince: Option<Vec<Member>>,
    /// Whether no smaller set would do (the search proved it).
    pub smallest: bool,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AtomStatus {
    pub atom: String,
    pub holds: bool,
    pub figure: String,
}

/// The status of a proposal as of the model's *now*.
pub fn status(model: &Model, proposal: ProposalId) -> Status {
    let tally = Tally::at(model, proposal, model.now);
    let mut members: Vec<&(Sym, StanceAt)> = tally.members.iter().collect();
    members.sort_by_key(|(_, at)| at.stance);
    Status {
        about: about(model, proposal),
        tally: Counts::of(tally.members.iter().map(|(_, at)| at)),
        members: members.into_iter().map(|(m, at)| member(model, *m, at)).collect(),
        rules: decision_rules(model, proposal, model.now)
            .into_iter()
            .map(|(rule, cond)| rule_status(&rule.name, rule.severity, cond, &tally))
            .collect(),
    }
}

pub fn member(model: &Model, member: Sym, at: &StanceAt) -> Member {
    Member {
        member: model.name(member).to_string(),
        stance: at.stance.as_str(),
        since: at.position.map(|p| p.date.to_string()),
        source: at.position.and_then(|p| model.source(p.source)).map(str::to_string),
    }
}

fn rule_status(name: &str, severity: Severity, cond: &Cond, tally: &Tally) -> RuleStatus {
    let mut atoms = Vec::new();
    collect_atoms(cond, &mut atoms);
    let atoms = atoms
        .into_iter()
        .filter_map(|a| atom_outcome(a, tally).ok().map(|o| (a, o)))
        .map(|(a, o)| AtomStatus { atom: a.text.clone(), holds: o.holds, figure: o.figure })
        .collect();
    let mut status = RuleStatus {
        rule: name.to_string(),
        severity: severity_name(severity),
        passes: Some(false),
        atoms,
        convince: None,
        smallest: false,
        note: None,
    };
    let model = tally.model;
    match convince(cond, tally) {
        Convince::Holds => status.passes = Some(true),
        Convince::Members { members, smallest } => {
            let at = |m: Sym| tally.members.iter().find(|(x, _)| *x == m).map(|(_, at)| *at);
            status.convince =
                Some(members.into_iter().filter_map(|m| at(m).map(|at| member(model, m, &at))).collect());
            status.smallest = smallest;
        }
        Convince::Impossible => {
            status.note = Some("no set of members coming round to support would make it pass".into())
        }
        Convince::Unevaluable(missing) => {
            let names: Vec<&str> = missing.members.iter().map(|m| model.name(*m)).collect();
            status.passes = None;
            status.note = Some(format!(
                "cannot be evaluated: no {} for {}",
                model.name(missing.attribute),
                names.join(", ")
            ));
        }
    }
    status
}

fn collect_atoms<'c>(cond: &'c Cond, out: &mut Vec<&'c Atom>) {
    match cond {
        Cond::Or(items) | Cond::And(items) => items.iter().for_each(|c| collect_atoms(c, out)),
        Cond::Not(inner) => collect_atoms(inner, out),
        Cond::Atom(atom) => out.push(atom),
    }
}

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The status as text for a terminal, at most 80 columns wide but for long sources.
pub fn render_text(s: &Status) -> String {
    let a = &s.about;
    let mut out = format!("{}: {}\n", a.proposal, a.kind);
    let t = &s.tally;
    let when = a.as_of.as_ref().map_or(String::new(), |d| format!(" as of {d}"));
    out.push_str(&format!(
        "{}{when}: {} support, {} oppose, {} abstain, {} no position ({} members)\n",
        a.body, t.support, t.oppose, t.abstain, t.none, t.members
    ));
    if let Some(d) = &a.decision {
        out.push_str(&format!("{} on {}\n", d.outcome, d.date));
    }
    out.push('\n');
    let width = s.members.iter().map(|m| m.member.chars().count()).max().unwrap_or(0).min(24);
    for m in &s.members {
        out.push_str(&member_line(m, width));
    }
    for r in &s.rules {
        out.push('\n');
        out.push_str(&rule_text(r));
    }
    if s.rules.is_empty() {
        out.push_str("\nno decision rule applies to this proposal\n");
    }
    out
}

fn member_line(m: &Member, width: usize) -> String {
    let when = match &m.since {
        Some(d) if m.stance == Stance::None.as_str() => format!("withdrew {d}"),
        Some(d) => format!("since {d}"),
        None => "no recorded position".into(),
    };
    let source = m.source.as_ref().map_or(String::new(), |s| format!("  [{s}]"));
    format!("  {:<8} {:<width$}  {when}{source}\n", m.stance, m.member)
}

fn rule_text(r: &RuleStatus) -> String {
    let verdict = match r.passes {
        Some(true) => "would pass",
        Some(false) => "would not pass",
        None => "cannot be evaluated",
    };
    let mut out = format!("rule {} ({}): {verdict}\n", r.rule, r.severity);
    for a in &r.atoms {
        let mark = if a.holds { "holds" } else { "fails" };
        out.push_str(&format!("  {mark}  {}: {}\n", a.atom, a.figure));
    }
    if let Some(members) = &r.convince {
        let how = if r.smallest { "" } else { " (a set that works; a smaller one may exist)" };
        out.push_str(&format!("  to pass, {} must still be convinced{how}:\n", count(members.len())));
        let names: Vec<String> = members.iter().map(|m| m.member.clone()).collect();
        out.push_str(&wrap(&names, "    ", 80));
    }
    if let Some(note) = &r.note {
        out.push_str(&format!("  {note}\n"));
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
