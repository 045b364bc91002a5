//! `concord status` without a proposal: every proposal, with its body, its kind and how
//! it ended, so that a user can pick one.

use super::{assumed_mark, decision, describe, fill, Decision};
use crate::model::{Model, ProposalId};
use crate::whatif::WhatIf;
use serde::Serialize;

/// The JSON output of `status` without a proposal, version 1.
#[derive(Debug, Serialize)]
pub struct Proposals {
    pub version: u32,
    pub as_of: Option<String>,
    pub proposals: Vec<Listed>,
}

#[derive(Debug, Serialize)]
pub struct Listed {
    pub proposal: String,
    pub body: String,
    pub kind: String,
    /// How it ended by *now*; null while it is open.
    pub decision: Option<Decision>,
}

/// Every proposal of the model, in reading order.
pub fn proposals(model: &Model, whatif: &WhatIf) -> Proposals {
    let proposals = (0..model.proposals.len() as u32)
        .map(ProposalId)
        .map(|id| {
            let p = &model.proposals[id.index()];
            Listed {
                proposal: model.name(p.name).to_string(),
                body: model.name(model.bodies[p.body.index()].name).to_string(),
                kind: describe(model, id),
                decision: decision(model, id, whatif),
            }
        })
        .collect();
    Proposals { version: 1, as_of: model.dated.then(|| model.now.to_string()), proposals }
}

/// The list as text for a terminal, in 80 columns: a line of name, body and outcome for
/// each proposal, and its kind below.
pub fn render_text(list: &Proposals) -> String {
    let count = match list.proposals.len() {
        0 => return "no proposal is declared; declare one with `proposal NAME: …`\n".into(),
        1 => "1 proposal".to_string(),
        n => format!("{n} proposals"),
    };
    let when = list.as_of.as_ref().map(|d| format!(" as of {d}")).unwrap_or_default();
    let mut out = fill(&format!("{count}{when}; `concord status PROPOSAL` shows where one stands:"), "", 80);
    out.push('\n');
    let width =
        |f: fn(&Listed) -> &str| list.proposals.iter().map(|l| f(l).chars().count()).max().unwrap_or(0);
    let (names, bodies) = (width(|l| &l.proposal).min(24), width(|l| &l.body).min(24));
    for l in &list.proposals {
        let state = match &l.decision {
            Some(d) => format!("{} on {}{}", d.outcome, d.date, assumed_mark(d.assumed)),
            None => "not decided".into(),
        };
        out.push_str(&format!("{:<names$}  {:<bodies$}  {state}\n", l.proposal, l.body));
        out.push_str(&fill(&l.kind, "  ", 80));
    }
    out
}
