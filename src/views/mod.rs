//! Analyst views of one proposal, computed from the model: [`status`] (the tally now, and
//! who must still be convinced) and [`timeline`] (every change of the tally, with a text
//! chart and an SVG one). Each view is data (serialised as the JSON output) with a text
//! rendering beside it.

pub mod list;
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
    /// The declared proposals whose names start with the name given (`rutte` for
    /// `rutte_sg`), letter case aside.
    pub starting: Vec<String>,
}

/// The proposal of that name, or what to suggest instead.
pub fn find_proposal(model: &Model, name: &str) -> Result<ProposalId, UnknownProposal> {
    use unicode_normalization::UnicodeNormalization;
    // Names are compared after NFC, as in the files (a terminal may give another form).
    let name: String = name.nfc().collect();
    let name = name.as_str();
    let found = model.proposals.iter().position(|p| model.name(p.name) == name);
    let names = || model.proposals.iter().map(|p| model.name(p.name));
    let lower = name.to_lowercase();
    found.map(|i| ProposalId(i as u32)).ok_or_else(|| UnknownProposal {
        name: name.to_string(),
        suggestion: crate::model::suggest_name(name, names()),
        starting: names().filter(|n| n.to_lowercase().starts_with(&lower)).map(str::to_string).collect(),
    })
}

/// `appoint Rutte as Secretary General of NATO`, as a reader would say it.
pub fn describe(model: &Model, proposal: ProposalId) -> String {
    let p = &model.proposals[proposal.index()];
    let body = model.name(model.bodies[p.body.index()].name);
    match &p.kind {
        ProposalKind::Appoint { person, office } | ProposalKind::Nominate { person, office } => {
            let verb = if matches!(p.kind, ProposalKind::Appoint { .. }) { "appoint" } else { "nominate" };
            let office_body = model.offices[office.index()].body;
            let by = if office_body == p.body { String::new() } else { format!(" by {body}") };
            format!("{verb} {} as {}{by}", model.name(*person), model.office_name(*office))
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
    /// The votes recorded on the proposal by counts; left out of the JSON without one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<Vote>,
    /// The proposals it competes with; left out of the JSON without one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub competitors: Vec<String>,
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
        votes: votes(model, proposal),
        competitors: model
            .competitors(proposal)
            .iter()
            .map(|c| model.name(model.proposals[c.index()].name).to_string())
            .collect(),
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

/// What both views say after the tally: each recorded vote, the competing proposals,
/// and one line `retracted: FACT` per retracted fact.
pub(crate) fn about_lines(about: &About) -> String {
    let votes = about.votes.iter().map(|v| {
        let source = v.source.as_ref().map_or(String::new(), |s| format!(" [{s}]"));
        format!(
            "vote of {}: {} for, {} against, {} abstaining{source}",
            v.date, v.support, v.oppose, v.abstain
        )
    });
    let rivals =
        (!about.competitors.is_empty()).then(|| format!("competes with: {}", about.competitors.join(", ")));
    let retracted = about.retracted.iter().map(|f| format!("retracted: {f}"));
    votes.chain(rivals).chain(retracted).map(|line| fill(&line, "", 80)).collect()
}

/// A vote recorded by counts on a proposal (language version 2, C).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Vote {
    pub date: String,
    pub support: u64,
    pub oppose: u64,
    pub abstain: u64,
    pub source: Option<String>,
}

fn votes(model: &Model, proposal: ProposalId) -> Vec<Vote> {
    let vote = |t: &crate::model::Recorded| Vote {
        date: t.date.to_string(),
        support: t.support,
        oppose: t.oppose,
        abstain: t.abstain,
        source: model.source(t.source).map(str::to_string),
    };
    model.tallies_of(proposal).iter().map(vote).collect()
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
            *c.count(at.stance) += 1;
        }
        c
    }

    /// The counts of a vote recorded by counts.
    pub fn recorded(c: &crate::check::Counts) -> Counts {
        let n = |v: u128| usize::try_from(v).unwrap_or(usize::MAX);
        let none = c.members.saturating_sub(c.support + c.oppose + c.abstain);
        Counts {
            members: n(c.members),
            support: n(c.support),
            oppose: n(c.oppose),
            abstain: n(c.abstain),
            none: n(none),
        }
    }

    /// The count of one stance.
    pub fn get(mut self, stance: Stance) -> usize {
        *self.count(stance)
    }

    /// The count of one stance, to change.
    pub fn count(&mut self, stance: Stance) -> &mut usize {
        match stance {
            Stance::Support => &mut self.support,
            Stance::Oppose => &mut self.oppose,
            Stance::Abstain => &mut self.abstain,
            Stance::None => &mut self.none,
        }
    }
}

/// The counts as they stand: one number each when every world agrees, or, when some
/// position's uncertain day leaves a member several possible stances, each stance's count
/// as `{"min", "max"}` (the members count stays one number: membership is certain).
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Tallied {
    Exact(Counts),
    Ranges(Ranges),
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Ranges {
    pub members: usize,
    pub support: Range,
    pub oppose: Range,
    pub abstain: Range,
    pub none: Range,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Range {
    pub min: usize,
    pub max: usize,
}

impl Range {
    /// `28–29`, or `29` when certain.
    pub fn text(self) -> String {
        match self.min == self.max {
            true => self.min.to_string(),
            false => format!("{}–{}", self.min, self.max),
        }
    }
}

impl Tallied {
    /// Exact counts unless `uncertain`; then the least (`lo`) and most (`hi`) of each.
    pub fn new(lo: Counts, hi: Counts, uncertain: bool) -> Tallied {
        if !uncertain {
            return Tallied::Exact(lo);
        }
        let r = |min, max| Range { min, max };
        Tallied::Ranges(Ranges {
            members: lo.members,
            support: r(lo.support, hi.support),
            oppose: r(lo.oppose, hi.oppose),
            abstain: r(lo.abstain, hi.abstain),
            none: r(lo.none, hi.none),
        })
    }

    /// The least and most supporters.
    pub fn support(&self) -> Range {
        match self {
            Tallied::Exact(c) => Range { min: c.support, max: c.support },
            Tallied::Ranges(r) => r.support,
        }
    }
}

/// The least and the most members of each stance, from each member's possible stances:
/// a member counts towards the least only when it has one possible stance.
pub fn spread<'a>(options: impl IntoIterator<Item = &'a [Stance]>) -> (Counts, Counts) {
    let (mut lo, mut hi) = (Counts::default(), Counts::default());
    for stances in options {
        lo.members += 1;
        hi.members += 1;
        if let [only] = stances {
            *lo.count(*only) += 1;
        }
        stances.iter().for_each(|s| *hi.count(*s) += 1);
    }
    (lo, hi)
}

/// How far a stance is from support, for the worst world: opposing, then abstaining, then
/// no position, then support (abstaining is a stance taken; no position may still turn).
pub fn least_supportive(stances: impl IntoIterator<Item = Stance>) -> Option<Stance> {
    let rank = |s: &Stance| match s {
        Stance::Oppose => 0,
        Stance::Abstain => 1,
        Stance::None => 2,
        Stance::Support => 3,
    };
    stances.into_iter().min_by_key(rank)
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
