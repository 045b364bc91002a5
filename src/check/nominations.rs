//! `appointments to O follow an adopted nomination` (language version 2, section E):
//! every adopted appointment of a person to an office has a nomination of that person to
//! that office adopted on or before its decision.

use super::Found;
use crate::model::{End, OfficeId, ProposalId, ProposalKind, Sym};

pub(super) fn followed(out: &mut Found, office: OfficeId) {
    let model = out.model;
    // Every adopted nomination to the office: (person, proposal, decision).
    let nominated: Vec<(Sym, ProposalId, End)> = (0..model.proposals.len())
        .filter_map(|i| {
            let p = &model.proposals[i];
            match (p.kind.clone(), p.adopted()) {
                (ProposalKind::Nominate { person, office: o }, Some(end)) if o == office => {
                    Some((person, ProposalId(i as u32), *end))
                }
                _ => None,
            }
        })
        .collect();
    for (i, p) in model.proposals.iter().enumerate() {
        let (ProposalKind::Appoint { person, office: o }, Some(end)) = (&p.kind, p.adopted()) else {
            continue;
        };
        if *o != office || !out.rule.applies_on(end.date) {
            continue;
        }
        let before = |(_, _, e): &&(Sym, ProposalId, End)| e.date <= end.date;
        if nominated.iter().filter(before).any(|(n, _, _)| n == person) {
            continue;
        }
        unnominated(out, ProposalId(i as u32), *person, *end, &nominated);
    }
}

fn unnominated(
    out: &mut Found,
    appointment: ProposalId,
    person: Sym,
    end: End,
    nominated: &[(Sym, ProposalId, End)],
) {
    let model = out.model;
    let name = model.name(model.proposals[appointment.index()].name).to_string();
    let others: Vec<&(Sym, ProposalId, End)> =
        nominated.iter().filter(|(_, _, e)| e.date <= end.date).collect();
    let whom = match others.as_slice() {
        [] => "no nomination to this office was adopted by then".to_string(),
        _ => format!(
            "the nominations adopted by then were of {}",
            others.iter().map(|(n, _, _)| model.name(*n)).collect::<Vec<_>>().join(", ")
        ),
    };
    let message = format!(
        "`{name}` appointed {} on {} without an adopted nomination of {}: {whom}",
        model.name(person),
        end.date,
        model.name(person)
    );
    let v = out.violation("violation::unnominated", message, (end.span, format!("adopted on {}", end.date)));
    v.about(name, end.date).cite(model.source(end.source));
    for (n, p, e) in others {
        let nomination = model.name(model.proposals[p.index()].name);
        v.related.push((e.span, format!("`{nomination}` nominated {} on {}", model.name(*n), e.date).into()));
        v.cite(model.source(e.source));
    }
}
