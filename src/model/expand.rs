//! Positions of the members of a body or group (`DATE: members of NATO except Hungary
//! support p.`): each member on the position's day takes it, as if written one by one.

use super::declare::Resolver;
use super::err::{fact_error, ModelError};
use super::positions::last_possible_day;
use super::raw::{MembersPosition, MembersSet, Taken};
use super::*;
use crate::syntax::ast;

/// How many memberships the expansion of every `members of …` position of a run may go
/// through, which also bounds the positions it makes: far beyond a real record (a body of
/// 100 000 members expanded 167 times), but a few lines repeated over a huge body cannot
/// make billions of positions.
#[cfg(not(test))]
const BUDGET: usize = 1 << 24;
#[cfg(test)]
const BUDGET: usize = 1 << 10;

impl Resolver<'_> {
    /// Reads `members of SET [except NAMES]`, expanded once memberships are known.
    pub(super) fn members_position(&mut self, proposal: ProposalId, set: &ast::MembersOf, taken: Taken) {
        let Some(of) = self.members_set(&set.of) else { return };
        let except = set.except.iter().flat_map(|names| &names.items);
        let except = except.map(|n| (self.sym(n), n.span)).collect();
        let position = MembersPosition { proposal, set: of, set_span: set.span, except, taken };
        self.raw.members_positions.push(position);
    }

    /// Expands every `members of …` position into one position per member. Runs once
    /// memberships and ends are known, before positions are sorted and checked.
    pub(super) fn expand_members_positions(&mut self) {
        let mut budget = BUDGET;
        for position in std::mem::take(&mut self.raw.members_positions) {
            let cost = self.cost(position.set);
            if cost > budget {
                let e = self.over_budget(&position);
                self.errors.push(e);
                continue;
            }
            budget -= cost;
            self.expand(position);
        }
    }

    /// What expanding a set costs: the memberships of a body, each name of a group.
    fn cost(&self, set: MembersSet) -> usize {
        match set {
            MembersSet::Body(body) => self.m.bodies[body.index()].memberships.len(),
            MembersSet::Group(id) => self.m.groups[id.index()].sorted.len(),
        }
    }

    fn over_budget(&self, g: &MembersPosition) -> ModelError {
        let message = format!(
            "positions of whole bodies or groups may go through at most {BUDGET} memberships in one run; this one would pass that"
        );
        fact_error("fact::too-many-positions", message, g.set_span, "left out")
            .help("check for statements repeated by mistake, or write the positions of fewer members")
    }

    fn expand(&mut self, g: MembersPosition) {
        // Membership is judged on the last day the position may fall on, as for a
        // position of one member: its last possible day, or its proposal's end.
        let t = g.taken;
        let end = self.m.proposals[g.proposal.index()].end.map(|e| e.date);
        let first = t.first.unwrap_or(t.last);
        if first > self.m.now {
            return; // ignored, as every position after *now* is
        }
        // One whose days run past *now* may have been taken: by the members of *now*.
        let day = last_possible_day(first, t.last, end).min(self.m.now);
        self.members_statements.insert((t.span.file, t.span.start));
        let mut members = self.set_members(g.set, day);
        let excepted = self.excepted(&g, &members, day);
        members.retain(|m| excepted.binary_search(m).is_err());
        if members.is_empty() {
            let e = self.names_nobody(&g, day);
            self.errors.push(e);
        }
        for member in members {
            let position = Position::new(member, t.last, t.stance, t.span, t.source);
            self.push_position(g.proposal, position, t.first);
        }
    }

    /// The members of a body, or the names of a group that are members of its body, on a
    /// day: sorted by symbol, each once.
    fn set_members(&self, set: MembersSet, day: Date) -> Vec<Sym> {
        match set {
            MembersSet::Body(body) => self.m.members_at(body, day),
            MembersSet::Group(id) => {
                // Each name is looked up, so that a small group of a large body is cheap.
                let group = &self.m.groups[id.index()];
                group.sorted.iter().copied().filter(|&m| self.m.is_member(group.body, m, day)).collect()
            }
        }
    }

    /// The names after `except` that are among `members` (sorted), each once; every
    /// other name is an error.
    fn excepted(&mut self, g: &MembersPosition, members: &[Sym], day: Date) -> Vec<Sym> {
        let mut excepted = Vec::with_capacity(g.except.len());
        for &(name, span) in &g.except {
            if members.binary_search(&name).is_ok() {
                excepted.push(name);
            } else if let Some(e) = self.not_in_set(g.set, name, span, day) {
                self.errors.push(e);
            }
        }
        excepted.sort_unstable();
        excepted.dedup();
        excepted
    }

    /// The error for a name after `except` that is not a member of the set on the day.
    fn not_in_set(&mut self, set: MembersSet, name: Sym, span: Span, day: Date) -> Option<ModelError> {
        let (body, group) = match set {
            MembersSet::Body(body) => (body, None),
            MembersSet::Group(id) => (self.m.groups[id.index()].body, Some(&self.m.groups[id.index()])),
        };
        let text = self.m.name(name);
        if self.ever_members.binary_search(&(body, name)).is_err() {
            return (!self.in_skipped(text)).then(|| self.undeclared_member(body, name, span));
        }
        if let Some(group) = group.filter(|g| !g.has(name)) {
            let group = self.m.name(group.name);
            let message = format!("{text} is not one of the names of group {group}");
            let e = fact_error("fact::not-a-member", message, span, "not in the group");
            return Some(e.help(format!("after `except`, list only names of {group}")));
        }
        let body = self.m.name(self.m.bodies[body.index()].name);
        let message = format!("{text} is not a member of {body} on {day}");
        let e = fact_error("fact::not-a-member", message, span, "not a member on this date");
        let help = format!(
            "after `except`, list only members of {body} on the last day the position may fall on; remove {text} or check the dates"
        );
        Some(e.help(help))
    }

    fn names_nobody(&self, g: &MembersPosition, day: Date) -> ModelError {
        let set = match g.set {
            MembersSet::Body(body) => self.m.name(self.m.bodies[body.index()].name),
            MembersSet::Group(id) => self.m.name(self.m.groups[id.index()].name),
        };
        let why = if g.except.is_empty() {
            format!("{set} has no member on that day")
        } else {
            format!("every member of {set} on that day is listed after `except`")
        };
        let message = format!("`members of {set}` names nobody on {day}");
        fact_error("fact::names-nobody", message, g.set_span, "nobody takes this position")
            .help(format!("{why}: check the date, the memberships or the list"))
            .warning()
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceMap;

    fn codes(text: &str) -> Vec<&'static str> {
        let mut sources = SourceMap::default();
        let file = sources.add("t.facts", text);
        let (ast, errors) = crate::syntax::parse(text, file);
        assert!(errors.is_empty(), "{errors:?}");
        let (_, errors) = super::super::resolve(&[ast], &sources, None);
        errors.iter().map(|e| e.code).collect()
    }

    /// With the budget of tests (1024), a body of 300 members is expanded three times.
    #[test]
    fn positions_of_whole_bodies_stop_at_the_budget_with_an_error() {
        let names: Vec<String> = (0..300).map(|n| format!("m{n}")).collect();
        let head = format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", names.join(", "));
        let statement = "2024-01-01: members of B support p.\n";
        assert!(codes(&format!("{head}{}", statement.repeat(3))).is_empty());
        assert_eq!(codes(&format!("{head}{}", statement.repeat(5))), ["fact::too-many-positions"; 2]);
    }
}
