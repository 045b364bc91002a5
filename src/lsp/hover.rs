//! Hover: a proposal's status (its tally now and the rules that apply), a member's
//! memberships and latest positions, a rule's text and verdicts, a body's members, a
//! group's names and an office's terms.

use super::index::Kind;
use super::snapshot::Snapshot;
use crate::model::{BodyId, Membership, Model, OfficeId, Position, Proposal, ProposalId, Stance, Term};
use crate::report::Category;
use crate::views;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn hover(snapshot: &Snapshot, params: &HoverParams) -> Option<Hover> {
    let occurrence = snapshot.name_at(&params.text_document_position_params)?;
    let name = occurrence.key.name.as_str();
    let model = &snapshot.analysis.model;
    let text = match occurrence.key.kind {
        Kind::Proposal => proposal(snapshot, name)?,
        Kind::Member => member(model, name)?,
        Kind::Rule => rule(snapshot, name)?,
        Kind::Body => body(model, name)?,
        Kind::Office => office(model, name)?,
        Kind::Group => group(model, name)?,
        Kind::Attribute | Kind::Test => return None,
    };
    let value = fenced(&text);
    let contents = HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value });
    Some(Hover { contents, range: Some(snapshot.range(occurrence.span)) })
}

/// Text shown as written, in a fence longer than any run of backticks in it.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}

/// `as of 2024-10-01`, or nothing for a record without dates.
fn as_of(model: &Model) -> String {
    match model.dated {
        true => format!(" as of {}", model.now),
        false => String::new(),
    }
}

/// What `concord status` prints for the proposal.
fn proposal(snapshot: &Snapshot, name: &str) -> Option<String> {
    let model = &snapshot.analysis.model;
    let id = views::find_proposal(model, name).ok()?;
    let status = views::status::status_with(model, id, &snapshot.analysis.whatif);
    Some(views::status::render_text(&status))
}

/// A member's memberships, its latest position on each proposal, and its terms.
fn member(model: &Model, name: &str) -> Option<String> {
    let sym = model.names.get(name)?;
    let mut lines = vec![format!("{name}{}", as_of(model))];
    for (n, body) in model.bodies.iter().enumerate() {
        let memberships = &body.memberships[model.membership_range(BodyId(n as u32), sym)];
        let body = model.name(body.name);
        lines.extend(memberships.iter().map(|m| format!("  member of {body} {}", interval(m))));
    }
    for (n, p) in model.proposals.iter().enumerate() {
        let Some(position) = model.stance_at(ProposalId(n as u32), sym, model.now).position else { continue };
        let proposal = model.name(p.name);
        let source = model.source(position.source()).map(|s| format!(" [{s}]")).unwrap_or_default();
        let days = written_days(model, p, &position);
        lines.push(format!("  {} {proposal} since {days}{source}", stance_verb(position.stance())));
    }
    for (n, office) in model.offices.iter().enumerate() {
        let office_name = model.office_name(OfficeId(n as u32));
        for t in office.terms.iter().filter(|t| t.holder == sym) {
            lines.push(format!("  term as {office_name} {}", term(t)));
        }
    }
    (lines.len() > 1).then(|| lines.join("\n"))
}

/// The day of a position as written: `2024-04-29`, or `2024-04-02..2024-04-28` when
/// the day is uncertain.
fn written_days(model: &Model, proposal: &Proposal, position: &Position) -> String {
    let start = proposal.positions.start;
    let positions = &model.positions[proposal.positions.clone()];
    let first = positions.partition_point(|p| p.member < position.member);
    let mut same = positions[first..].iter().take_while(|p| p.member == position.member);
    let index = same.position(|p| p.span.same_place(&position.span)).map(|i| start + first + i);
    let earliest = index.map_or(position.date, |i| model.earliest(i));
    crate::check::uncertain::written_days(earliest, position.date)
}

/// `since 1999-03-12`, `from 2004-05-01 to 2020-02-01`, `from the start`.
fn interval(m: &Membership) -> String {
    match (m.from, m.to) {
        (Some(from), Some(to)) => format!("from {from} to {to}"),
        (Some(from), None) => format!("since {from}"),
        (None, Some(to)) => format!("from the start to {to}"),
        (None, None) => "from the start".into(),
    }
}

fn stance_verb(stance: Stance) -> &'static str {
    match stance {
        Stance::Support => "supports",
        Stance::Oppose => "opposes",
        Stance::Abstain => "abstains on",
        Stance::None => "withdrew from",
    }
}

/// The rule as written, then its verdict: met, or each violation and error about it.
fn rule(snapshot: &Snapshot, name: &str) -> Option<String> {
    let report = &snapshot.analysis.report;
    let rule = snapshot.analysis.model.rules.iter().find(|r| r.name == name)?;
    let mut out = report.sources.slice(rule.span).to_string();
    let about: Vec<_> = report.diagnostics.iter().filter(|d| d.rule.as_deref() == Some(name)).collect();
    let violations = about.iter().filter(|d| d.category == Category::Violation).count();
    let when = as_of(&snapshot.analysis.model);
    out.push_str(&match violations {
        0 => format!("\n\nmet{when}: no violation"),
        1 => format!("\n\nviolated{when}, once:"),
        n => format!("\n\nviolated{when}, {n} times:"),
    });
    for d in about {
        out.push_str(&format!("\n  {} {}: {}", d.severity.as_str(), d.code, d.message));
    }
    Some(out)
}

/// A body's members now.
fn body(model: &Model, name: &str) -> Option<String> {
    let n = model.bodies.iter().position(|b| model.name(b.name) == name)?;
    let mut names: Vec<&str> =
        model.members_at(BodyId(n as u32), model.now).iter().map(|&m| model.name(m)).collect();
    names.sort_unstable();
    let count = match names.len() {
        1 => "1 member".to_string(),
        n => format!("{n} members"),
    };
    Some(format!("body {name}: {count}{}\n  {}", as_of(model), names.join(", ")))
}

/// A group's names, in reading order.
fn group(model: &Model, name: &str) -> Option<String> {
    let g = model.groups.iter().find(|g| model.name(g.name) == name)?;
    let body = model.name(model.bodies[g.body.index()].name);
    let names: Vec<&str> = g.members.iter().map(|&m| model.name(m)).collect();
    Some(format!("group {name} of {body}:\n  {}", names.join(", ")))
}

/// An office's terms, in reading order.
fn office(model: &Model, full_name: &str) -> Option<String> {
    let n = (0..model.offices.len()).find(|&n| model.office_name(OfficeId(n as u32)) == full_name)?;
    let mut lines = vec![format!("office {full_name}")];
    for t in &model.offices[n].terms {
        lines.push(format!("  {} {}", model.name(t.holder), term(t)));
    }
    Some(lines.join("\n"))
}

/// `from 2014-10-01 to 2024-10-01`, or `from 2024-10-01` while open.
fn term(t: &Term) -> String {
    match t.recorded_to {
        Some(to) => format!("from {} to {to}", t.from),
        None => format!("from {}", t.from),
    }
}
