//! `adopting S requires C`: every adoption of a matching proposal, tested at its date.

use super::eval::{blame, eval, Missing, Tally};
use super::{EvalError, Found, Offender, Outcome};
use crate::model::{Cond, End, Model, Position, ProposalId, Rule, RuleForm, Selector, Stance, StanceAt, Sym};
use std::sync::Arc;

/// Every `adopting … requires …` rule, decision by decision: the tally of a decision is
/// built once, whatever the number of rules about it. For one decision the rules keep
/// their order, so the report is the same as rule by rule.
pub(super) fn adoptions(model: &Model, outcome: &mut Outcome) {
    let rules: Vec<(&Rule, Selector, &Cond)> = model
        .rules
        .iter()
        .filter_map(|rule| match &rule.form {
            RuleForm::Adopting { selector, condition } => Some((rule, *selector, condition)),
            _ => None,
        })
        .collect();
    if rules.is_empty() {
        return;
    }
    let adopted: Vec<ProposalId> = (0..model.proposals.len())
        .filter(|&i| model.proposals[i].adopted().is_some())
        .map(|i| ProposalId(i as u32))
        .collect();
    // Decisions are independent and of uneven cost (a violation lists its offenders):
    // threads take them in turn, and their findings, joined in order, are those of one
    // thread. Which names a violation blames is marked in a vector of each thread's own.
    let threads = crate::threads::for_work(adopted.len(), 1);
    let marks = || vec![false; model.names.len()];
    let (parts, _) = crate::threads::map_taken(&adopted, threads, marks, |marks, &proposal| {
        let mut part = Outcome::default();
        decide(model, &rules, proposal, marks, &mut part);
        part
    });
    for part in parts {
        outcome.violations.extend(part.violations);
        outcome.errors.extend(part.errors);
    }
}

/// Every decision rule about an adopted proposal, in rule order. `marks` has a place for
/// each name, all clear, and is left so.
fn decide(
    model: &Model,
    rules: &[(&Rule, Selector, &Cond)],
    proposal: ProposalId,
    marks: &mut [bool],
    outcome: &mut Outcome,
) {
    let Some(end) = model.proposals[proposal.index()].adopted().copied() else { return };
    let about = |(rule, selector, _): &&(&Rule, Selector, &Cond)| {
        rule.applies_on(end.date) && model.selects(*selector, proposal)
    };
    let mut tally = None;
    let mut uncertain = None;
    // The rules about one decision label the same positions: each label made once.
    let mut labels = rustc_hash::FxHashMap::default();
    for (rule, _, condition) in rules.iter().filter(about) {
        let tally = tally.get_or_insert_with(|| Tally::at(model, proposal, end.date));
        let mut out = Found { model, rule, outcome };
        let u = uncertain.get_or_insert_with(|| super::uncertain::at(model, tally).filter(|u| u.varies()));
        if let Some(u) = u {
            if let Err(missing) = super::uncertain::decide(&mut out, u, tally, condition, &end) {
                unevaluable(&mut out, proposal, &end, missing);
            }
            continue;
        }
        match eval(condition, tally) {
            Ok(true) => {}
            Ok(false) => violation(&mut out, tally, condition, &end, &mut labels, marks),
            Err(missing) => unevaluable(&mut out, proposal, &end, missing),
        }
    }
}

fn violation(
    out: &mut Found,
    tally: &Tally,
    condition: &Cond,
    end: &End,
    labels: &mut Labels,
    marks: &mut [bool],
) {
    let model = out.model;
    let mut blamed = Vec::new();
    if blame(condition, tally, true, &mut blamed).is_err() {
        return;
    }
    // Every blamed member once, in the tally's order (by name), with its stance.
    let blamed_members = || blamed.iter().flat_map(|(_, outcome, wanted)| outcome.blamed(*wanted));
    blamed_members().for_each(|&m| marks[lasso::Key::into_usize(m)] = true);
    let stances: Vec<(Sym, StanceAt)> =
        tally.members.iter().filter(|(m, _)| marks[lasso::Key::into_usize(*m)]).copied().collect();
    blamed_members().for_each(|&m| marks[lasso::Key::into_usize(m)] = false);
    let reasons: Vec<String> = blamed
        .iter()
        .map(|(atom, outcome, wanted)| match wanted {
            true => format!("`{}`: {}", atom.text, outcome.figure),
            false => format!("`{}` holds, which the rule forbids: {}", atom.text, outcome.figure),
        })
        .collect();
    let name = model.name(model.proposals[tally.proposal.index()].name).to_string();
    let message = format!(
        "`{name}` was adopted on {} without meeting rule `{}`: {}",
        end.date,
        out.rule.name,
        reasons.join("; ")
    );
    let silent: Vec<&str> =
        stances.iter().filter(|(_, s)| s.position.is_none()).map(|(m, _)| model.name(*m)).collect();
    // Labels do not wrap, so a long list of silent members goes into the help instead.
    let label = match silent.len() {
        0 => format!("adopted on {}", end.date),
        1..=3 => format!("adopted on {}; no recorded position: {}", end.date, silent.join(", ")),
        n => format!("adopted on {}; {n} members with no recorded position", end.date),
    };
    let offenders: Vec<Offender> = stances
        .iter()
        .map(|(member, at)| Offender {
            member: out.outcome.shared_name(model, *member),
            stance: at.stance.as_str(),
            since: at.position.map(|p| p.date),
            certain: true,
        })
        .collect();
    let v = out.violation("violation::decision", message, (end.span, label));
    v.offenders = offenders;
    v.counts = tally.counts;
    if silent.len() > 3 {
        v.lists.push(("no recorded position".into(), silent.iter().map(|s| s.to_string()).collect()));
    }
    v.about(name, end.date).cite(model.source(end.source));
    // Point at the parts of the rule that failed rather than at the whole rule.
    v.related = blamed.iter().map(|(atom, outcome, _)| (atom.span, outcome.figure.as_str().into())).collect();
    if let Some(t) = tally.counts.and(model.tally_on(tally.proposal, end.date)) {
        let vote =
            format!("the recorded vote: {} for, {} against, {} abstaining", t.support, t.oppose, t.abstain);
        v.related.push((t.span, vote.into()));
        v.cite(model.source(t.source));
    }
    for (member, at) in &stances {
        if let Some(p) = at.position {
            let label = labels.entry(*member).or_insert_with(|| match is_own(model, tally.proposal, &p) {
                true => position_label(model.name(*member), p.stance(), p.date),
                false => {
                    format!("{} supports a competing proposal since {}", model.name(*member), p.date).into()
                }
            });
            v.related.push((p.span, label.clone()));
            v.cite(model.source(p.source()));
        }
    }
}

/// Whether a position is one of the proposal's own, not a competitor's support that
/// counts as opposition.
fn is_own(model: &Model, proposal: ProposalId, p: &Position) -> bool {
    if model.competitors(proposal).is_empty() {
        return true;
    }
    let positions = &model.positions[model.proposals[proposal.index()].positions.clone()];
    let start = positions.partition_point(|q| q.member < p.member);
    positions[start..].iter().take_while(|q| q.member == p.member).any(|q| q.span == p.span)
}

/// Each member's position label, by member, for the rules about one decision.
type Labels = rustc_hash::FxHashMap<Sym, Arc<str>>;

fn position_label(member: &str, stance: Stance, date: jiff::civil::Date) -> Arc<str> {
    let verb = match stance {
        Stance::Support => " supports since ",
        Stance::Oppose => " opposes since ",
        Stance::Abstain => " abstains since ",
        Stance::None => " withdrew its position on ",
    };
    let mut label = String::with_capacity(member.len() + verb.len() + 10);
    label.push_str(member);
    label.push_str(verb);
    crate::model::push_date(&mut label, date);
    label.into()
}

fn unevaluable(out: &mut Found, proposal: ProposalId, end: &End, missing: Missing) {
    let model = out.model;
    let name = model.name(model.proposals[proposal.index()].name);
    let Some(attribute) = missing.attribute else {
        return needs_names(out, name, end);
    };
    let members: Vec<&str> = missing.members.iter().map(|m| model.name(*m)).collect();
    let attribute = model.name(attribute);
    out.outcome.errors.push(EvalError {
        code: "rule::missing-attribute",
        rule: out.rule.name.to_string(),
        message: format!(
            "rule `{}` cannot be checked for `{name}` on {}: no {attribute} for {}",
            out.rule.name,
            end.date,
            members.join(", ")
        ),
        primary: (end.span, format!("adopted on {}", end.date)),
        related: vec![(out.rule.span, format!("rule `{}` weighs members by {attribute}", out.rule.name))],
        help: format!(
            "give each member a value, e.g. `{} has {attribute} NUMBER.`",
            crate::syntax::quote_name(members[0])
        ),
    });
}

/// A rule that weighs members or counts a group, on a decision whose vote is recorded by
/// counts only: it cannot be checked, and says so instead of guessing.
fn needs_names(out: &mut Found, name: &str, end: &End) {
    out.outcome.errors.push(EvalError {
        code: "rule::needs-names",
        rule: out.rule.name.to_string(),
        message: format!(
            "rule `{}` cannot be checked for `{name}` on {}: the vote is recorded by counts, and the rule needs to know who voted how",
            out.rule.name, end.date
        ),
        primary: (end.span, format!("adopted on {}", end.date)),
        related: vec![(out.rule.span, format!("rule `{}` counts a group or weighs members", out.rule.name))],
        help: "record each member's position on the proposal (matching the vote), or check this decision with a rule on counts of all members".into(),
    });
}
