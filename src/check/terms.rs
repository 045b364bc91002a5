//! The term rules: months, lengths, overlaps, appointments, and vacancies.

use super::days::Day;
use super::Found;
use crate::model::{Bound, Edge, OfficeId, ProposalKind, Sym, Term, Unit};
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// The terms of an office that start inside the rule's window, in reading order.
fn terms<'a>(out: &Found<'a>, office: OfficeId) -> Vec<&'a Term> {
    let rule = out.rule;
    out.model.offices[office.index()].terms.iter().filter(|t| rule.applies_on(t.from)).collect()
}

fn describe(out: &Found, term: &Term, office: OfficeId) -> String {
    format!("the term of {} as {}", out.name(term.holder), out.model.office_name(office))
}

pub(super) fn month(out: &mut Found, office: OfficeId, edge: Edge, month: i8) {
    let wanted = crate::syntax::MONTHS[month as usize - 1];
    for term in terms(out, office) {
        let (date, verb) = match edge {
            // The recorded end, even after *now*: a planned end can break the rule.
            Edge::End => match term.recorded_to {
                Some(to) => (to, "ends"),
                None => continue,
            },
            Edge::Start => (term.from, "starts"),
        };
        if date.month() == month {
            continue;
        }
        let message = format!("{} {verb} on {date}, not in {wanted}", describe(out, term, office));
        let holder = out.name(term.holder).to_string();
        let source = out.model.source(term.source);
        out.violation("violation::term-month", message, (term.span, format!("{verb} on {date}")))
            .about(holder, date)
            .cite(source);
    }
}

pub(super) fn length(out: &mut Found, office: OfficeId, bound: Bound, amount: i64, unit: Unit) {
    let unit_name = match unit {
        Unit::Years => "years",
        Unit::Months => "months",
        Unit::Days => "days",
    };
    for term in terms(out, office) {
        // Counted as days, the ends compare exactly even beyond 9999-12-31: an open term
        // counts *now* as served, and a bound may end after the calendar does.
        let end = term.to.map_or(Day::after(out.model.now), Day::of);
        let limit = Day::add(term.from, amount, unit);
        let (ok, what) = match bound {
            Bound::AtMost => (end <= limit, "more than"),
            Bound::AtLeast => (end >= limit, "less than"),
            Bound::Exactly => (end == limit, "not exactly"),
        };
        // A term still running that is too short yet may reach its length: pending.
        let pending = term.to.is_none() && end < limit;
        if ok || pending {
            continue;
        }
        // A term that runs past *now* is measured to its `to` when that is the day after.
        let now = out.model.now;
        let until = match (term.recorded_to.filter(|&to| Day::of(to) == end), term.recorded_to) {
            (Some(to), _) => format!("to {to}"),
            (None, Some(to)) => format!("to {to}, still running on {now}"),
            (None, None) => format!("and is still open on {now}"),
        };
        let limit = limit.date().map_or("beyond 9999-12-31".into(), |d| format!("on {d}"));
        let message = format!(
            "{} runs from {} {until}: {what} {amount} {unit_name} (which end {limit})",
            describe(out, term, office),
            term.from
        );
        let holder = out.name(term.holder).to_string();
        let source = out.model.source(term.source);
        let label = format!("{what} {amount} {unit_name}");
        out.violation("violation::term-length", message, (term.span, label))
            .about(holder, term.from)
            .cite(source);
    }
}

pub(super) fn overlap(out: &mut Found, office: OfficeId) {
    let all = terms(out, office);
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| (all[i].from, i));
    // The earlier terms still running (by place in `order`), and when those that end do:
    // each term comes in and goes out once, and every pair looked at overlaps.
    let mut running: BTreeSet<usize> = BTreeSet::new();
    let mut ends: BinaryHeap<Reverse<(Date, usize)>> = BinaryHeap::new();
    let empty = |t: &Term| t.to == Some(t.from);
    for (k, &later) in order.iter().enumerate() {
        let b = all[later];
        while let Some(&Reverse((_, at))) = ends.peek().filter(|Reverse((end, _))| *end <= b.from) {
            ends.pop();
            running.remove(&at);
        }
        if empty(b) {
            continue;
        }
        for &at in &running {
            overlapping(out, office, all[order[at]], b);
        }
        running.insert(k);
        ends.extend(b.to.map(|to| Reverse((to, k))));
    }
}

/// Term `b`, starting on or after `a`, overlaps it.
fn overlapping(out: &mut Found, office: OfficeId, a: &Term, b: &Term) {
    let message = format!(
        "{} starts on {} while {} still holds the office",
        describe(out, b, office),
        b.from,
        out.name(a.holder)
    );
    let holder = out.name(b.holder).to_string();
    let (sa, sb) = (out.model.source(a.source), out.model.source(b.source));
    let v = out.violation("violation::term-overlap", message, (b.span, format!("starts on {}", b.from)));
    v.about(holder, b.from).cite(sb).cite(sa);
    let until = a.recorded_to.map_or("open".to_string(), |t| format!("until {}", t.yesterday().unwrap_or(t)));
    v.related.push((a.span, format!("serves {until}").into()));
}

pub(super) fn appointed(out: &mut Found, office: OfficeId) {
    let model = out.model;
    // The first adopted appointment of each person to the office, found once.
    let mut first: HashMap<Sym, Date> = HashMap::default();
    for p in &model.proposals {
        if let (ProposalKind::Appoint { person, office: o }, Some(end)) = (&p.kind, p.adopted()) {
            if *o == office {
                let date = first.entry(*person).or_insert(end.date);
                *date = (*date).min(end.date);
            }
        }
    }
    for term in terms(out, office) {
        if first.get(&term.holder).is_some_and(|&date| date <= term.from) {
            continue;
        }
        let message = format!(
            "{} starts on {} without an adopted appointment before it",
            describe(out, term, office),
            term.from
        );
        let holder = out.name(term.holder).to_string();
        let source = model.source(term.source);
        out.violation("violation::unappointed-term", message, (term.span, "no adopted appointment".into()))
            .about(holder, term.from)
            .cite(source);
    }
}

pub(super) fn vacancy(out: &mut Found, office: OfficeId, from: Option<Date>, until: Option<Date>) {
    let model = out.model;
    let terms = &model.offices[office.index()].terms;
    let Some(first) = terms.iter().map(|t| t.from).min() else { return };
    let rule = out.rule;
    let start = [Some(from.unwrap_or(first)), rule.from].into_iter().flatten().max().expect("one date");
    // The last day examined, inclusive, since *now* may be 9999-12-31, the last day a
    // date holds; an `until` on the first day of the calendar leaves no day at all.
    let own_last = until.map_or(Some(model.now), |u| u.yesterday().ok());
    let window_last = rule.until.map_or(Some(Date::MAX), |u| u.yesterday().ok());
    let Some(last) = own_last.zip(window_last).map(|(a, b)| a.min(b)) else { return };
    // A term that ends on its first day (`from D to D`) holds no day: no vacancy ends
    // at it.
    let mut sorted: Vec<&Term> = terms.iter().filter(|t| t.to.is_none_or(|to| to > t.from)).collect();
    sorted.sort_by_key(|t| t.from);
    // Every day before `covered` is inside some term (or before the window).
    let mut covered = start;
    let mut previous: Option<&Term> = None;
    for term in sorted.into_iter().take_while(|t| t.from <= last) {
        if term.from > covered {
            let before = term.from.yesterday().expect("a day before it: `covered`");
            gap(out, office, covered, before, previous, Some(term));
        }
        match term.to {
            None => return,
            Some(to) if to > covered => {
                covered = to;
                previous = Some(term);
            }
            Some(_) => {}
        }
    }
    if covered <= last {
        gap(out, office, covered, last, previous, None);
    }
}

/// One vacancy, from its first to its last day, with the terms around it.
fn gap(
    out: &mut Found,
    office: OfficeId,
    first: Date,
    last: Date,
    before: Option<&Term>,
    after: Option<&Term>,
) {
    let name = out.model.office_name(office);
    let message = format!("{name} is vacant from {first} to {last}");
    let rule_span = out.rule.span;
    let before_holder = before.map(|t| {
        (t.span, format!("{} serves until {}", out.name(t.holder), first.yesterday().unwrap_or(first)).into())
    });
    let after_holder = after.map(|t| (t.span, format!("{} starts on {}", out.name(t.holder), t.from).into()));
    let v = out.violation("violation::vacancy", message, (rule_span, format!("vacant {first} to {last}")));
    v.about(name, first);
    v.related.extend(before_holder);
    v.related.extend(after_holder);
}
