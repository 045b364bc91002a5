//! Rules about one date: `some S is adopted by D` and `B has … members`.

use super::Found;
use crate::model::{BodyId, Bound, Selector};
use jiff::civil::Date;

pub(super) fn adopted_by(out: &mut Found, selector: Selector, deadline: Date) {
    let model = out.model;
    if !out.rule.applies_on(deadline) || model.now < deadline {
        return;
    }
    let ends =
        || model.selected(selector).filter_map(|p| model.proposals[p.index()].adopted().map(|e| (p, *e)));
    if ends().any(|(_, e)| e.date <= deadline) {
        return;
    }
    let message = format!("nothing this rule names was adopted by {deadline}");
    let late: Vec<_> = ends().collect();
    let v = out.violation("violation::deadline", message, (out.rule.span, format!("deadline {deadline}")));
    v.date = Some(deadline);
    for (p, end) in late {
        v.related.push((
            end.span,
            format!("`{}` adopted only on {}", model.name(model.proposals[p.index()].name), end.date).into(),
        ));
        v.cite(model.source(end.source));
    }
}

pub(super) fn member_count(out: &mut Found, body: BodyId, bound: Bound, count: u64, on: Option<Date>) {
    let model = out.model;
    let date = on.unwrap_or(model.now);
    if !out.rule.applies_on(date) || date > model.now {
        return;
    }
    let n = model.size_at(body, date).unwrap_or_else(|| model.members_at(body, date).len() as u64);
    let (ok, wanted) = match bound {
        Bound::Exactly => (n == count, format!("exactly {count}")),
        Bound::AtLeast => (n >= count, format!("at least {count}")),
        Bound::AtMost => (n <= count, format!("at most {count}")),
    };
    if ok {
        return;
    }
    let name = model.name(model.bodies[body.index()].name).to_string();
    // Without any dated fact there is no *now* to name: the count is of undated members.
    let on_day = (model.dated || on.is_some()).then_some(date);
    let when = on_day.map_or(String::new(), |d| format!(" on {d}"));
    let message = format!("{name} has {n} members{when}; {wanted} required");
    let v = out.violation("violation::member-count", message, (out.rule.span, format!("{n} members{when}")));
    v.subject = Some(name);
    v.date = on_day;
}
