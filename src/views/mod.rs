//! Analyst views of one proposal, computed from the model: [`status`] (the tally now, and
//! who must still be convinced) and [`timeline`] (every change of the tally, with a text
//! chart and an SVG one). Each view is data (serialised as the JSON output) with a text
//! rendering beside it.

pub mod status;
pub mod svg;
pub mod timeline;

use crate::model::{Cond, EndKind, Model, ProposalId, ProposalKind, Rule, RuleForm, Stance, StanceAt};
use crate::whatif::WhatIf;
use jiff::civil::Date;
use serde::Serialize;

/// A proposal the user named that the facts do not declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProposal {
    pub name: String,
    /// A declared proposal with a close name, if any.
    pub suggestion: Option<String>,
}

/// The proposal of that name, or what to suggest instead.
pub fn find_proposal(model: &Model, name: &str) -> Result<ProposalId, UnknownProposal> {
    use unicode_normalization::UnicodeNormalization;
    // Names are compared after NFC, as in the files (a terminal may give another form).
    let name: String = name.nfc().collect();
    let name = name.as_str();
    let found = model.proposals.iter().position(|p| model.name(p.name) == name);
    found.map(|i| ProposalId(i as u32)).ok_or_else(|| UnknownProposal {
        name: name.to_string(),
        suggestion: crate::model::suggest_name(name, model.proposals.iter().map(|p| model.name(p.name))),
    })
}

/// `appoint Rutte as Secretary General of NATO`, as a reader would say it.
pub fn describe(model: &Model, proposal: ProposalId) -> String {
    let p = &model.proposals[proposal.index()];
    let body = model.name(model.bodies[p.body.index()].name);
    match &p.kind {
        ProposalKind::Appoint { person, office } => {
            format!("appoint {} as {}", model.name(*person), model.office_name(*office))
        }
        ProposalKind::Admit { candidate } => format!("admit {} to {body}", model.name(*candidate)),
        ProposalKind::Resolve { title } => format!("resolve \"{title}\" in {body}"),
    }
}

/// What both views say first: which proposal, of which body, as of when, its end, and
/// the facts the run retracted.
#[derive(Clone, Debug, Serialize)]
pub struct About {
    pub version: u32,
    pub proposal: String,
    pub kind: String,
    pub body: String,
    pub as_of: Option<String>,
    pub decision: Option<Decision>,
    /// The facts `--retract` took out, in canonical form; left out of the JSON without one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retracted: Vec<String>,
}

pub fn about(model: &Model, proposal: ProposalId, whatif: &WhatIf) -> About {
    let p = &model.proposals[proposal.index()];
    About {
        version: 1,
        proposal: model.name(p.name).to_string(),
        kind: describe(model, proposal),
        body: model.name(model.bodies[p.body.index()].name).to_string(),
        as_of: model.dated.then(|| model.now.to_string()),
        decision: decision(model, proposal, whatif),
        retracted: whatif.retracted.clone(),
    }
}

/// How a proposal ended, if it did by *now*.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Decision {
    pub outcome: &'static str,
    pub date: String,
    /// Whether `--assume` gave it; left out of the JSON when not.
    #[serde(skip_serializing_if = "is_false")]
    pub assumed: bool,
}

pub fn decision(model: &Model, proposal: ProposalId, whatif: &WhatIf) -> Option<Decision> {
    let end = model.proposals[proposal.index()].end?;
    let outcome = match end.kind {
        EndKind::Adopted => "adopted",
        EndKind::Rejected => "rejected",
        EndKind::Withdrawn => "withdrawn",
    };
    Some(Decision { outcome, date: end.date.to_string(), assumed: whatif.is_assumed(end.span) })
}

/// `"assumed": false` is left out of the JSON, so that a run without `--assume` prints
/// what it printed before there were what-ifs.
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// What the text adds after something assumed.
pub(crate) fn assumed_mark(assumed: bool) -> &'static str {
    if assumed {
        " (assumed)"
    } else {
        ""
    }
}

/// One line `retracted: FACT` per retracted fact, for the text of both views.
pub(crate) fn retracted_lines(about: &About) -> String {
    about.retracted.iter().map(|f| fill(&format!("retracted: {f}"), "", 80)).collect()
}

/// The `adopting … requires …` rules about a proposal in force on a date.
pub fn decision_rules(model: &Model, proposal: ProposalId, date: Date) -> Vec<(&Rule, &Cond)> {
    let applies = |rule: &Rule| rule.applies_on(date);
    model
        .rules
        .iter()
        .filter_map(|rule| match &rule.form {
            RuleForm::Adopting { selector, condition } if model.selects(*selector, proposal) => {
                applies(rule).then_some((rule, condition))
            }
            _ => None,
        })
        .collect()
}

/// How many members take each stance.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub members: usize,
    pub support: usize,
    pub oppose: usize,
    pub abstain: usize,
    pub none: usize,
}

impl Counts {
    pub fn of<'a>(stances: impl IntoIterator<Item = &'a StanceAt>) -> Counts {
        let mut c = Counts::default();
        for at in stances {
            c.members += 1;
            match at.stance {
                Stance::Support => c.support += 1,
                Stance::Oppose => c.oppose += 1,
                Stance::Abstain => c.abstain += 1,
                Stance::None => c.none += 1,
            }
        }
        c
    }
}

/// Prose in lines of at most `width` columns: the first after `indent`, the rest two
/// columns further in.
pub fn fill(text: &str, indent: &str, width: usize) -> String {
    lines(text.split(' '), indent, &format!("{indent}  "), width)
}

/// A list of names after an optional `head` ("now support:"), separated by commas, in
/// lines of at most `width` columns, each after `indent`.
pub fn wrap(head: &str, names: &[String], indent: &str, width: usize) -> String {
    let last = names.len().saturating_sub(1);
    let listed = names.iter().enumerate().map(|(i, n)| if i < last { format!("{n},") } else { n.clone() });
    let pieces: Vec<String> =
        std::iter::once(head.to_string()).filter(|h| !h.is_empty()).chain(listed).collect();
    lines(pieces.iter().map(String::as_str), indent, indent, width)
}

/// Pieces joined by spaces into lines of at most `width` columns (a longer piece stands
/// alone): the first line after `first`, the others after `rest`.
fn lines<'a>(pieces: impl IntoIterator<Item = &'a str>, first: &str, rest: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut empty = true;
    for piece in pieces {
        if !empty && line.chars().count() + 1 + piece.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(piece);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}
