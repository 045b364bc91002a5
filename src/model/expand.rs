//! Positions of the members of a body or group (`DATE: members of NATO except Hungary
//! support p.`): each member on the position's day takes it, as if written one by one.

use super::declare::Resolver;
use super::err::{fact_error, ModelError};
use super::positions::last_possible_day;
use super::raw::{MembersPosition, MembersSet, Taken};
use super::*;
use crate::syntax::ast;

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
        for position in std::mem::take(&mut self.raw.members_positions) {
            self.expand(position);
        }
    }

    fn expand(&mut self, g: MembersPosition) {
        // Membership is judged on the last day the position may fall on, as for a
        // position of one member: its last possible day, or its proposal's end.
        let t = g.taken;
        let end = self.m.proposals[g.proposal.index()].end.map(|e| e.date);
        let day = last_possible_day(t.first.unwrap_or(t.last), t.last, end);
        if day > self.m.now {
            return; // ignored, as every position after *now* is
        }
        self.members_statements.insert((t.span.file, t.span.start));
        let mut members = self.set_members(g.set, day);
        let excepted = self.excepted(&g, &members, day);
        members.retain(|m| excepted.binary_search(m).is_err());
        if members.is_empty() {
            let e = self.names_nobody(&g, day);
            self.errors.push(e);
        }
        for member in members {
            let position =
                Position { member, date: t.last, stance: t.stance, span: t.span, source: t.source };
            self.push_position(g.proposal, position, t.first, t.order);
        }
    }

    /// The members of a body, or the names of a group that are members of its body, on a
    /// day: sorted by symbol, each once.
    fn set_members(&self, set: MembersSet, day: Date) -> Vec<Sym> {
        match set {
            MembersSet::Body(body) => self.m.members_at(body, day),
            MembersSet::Group(id) => {
                let group = &self.m.groups[id.index()];
                let mut members = self.m.members_at(group.body, day);
                members.retain(|&m| group.has(m));
                members
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
