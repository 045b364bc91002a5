//! Counted bodies, recorded votes and competing proposals (language version 2, sections C
//! and E): `BODY has N members`, `BODY votes on P: N for, N against and N abstaining`, and
//! `proposals A and B compete`, read, checked against each other and indexed.

use super::declare::Resolver;
use super::err::fact_error;
use super::*;
use crate::syntax::ast;

/// A counted body's size from a day on.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub date: Date,
    pub count: u64,
    pub span: Span,
    pub order: u32,
}

/// A vote of a proposal's body, by counts: what `votes on` records.
#[derive(Clone, Copy, Debug)]
pub struct Recorded {
    pub proposal: ProposalId,
    pub date: Date,
    pub support: u64,
    pub oppose: u64,
    pub abstain: u64,
    pub span: Span,
    pub source: Option<SourceId>,
}

impl Recorded {
    pub fn total(&self) -> u128 {
        self.support as u128 + self.oppose as u128 + self.abstain as u128
    }
}

impl Model {
    /// A counted body's number of members on a date: its latest size on or before it.
    pub fn size_at(&self, body: BodyId, date: Date) -> Option<u64> {
        let sizes = &self.bodies[body.index()].sizes;
        let known = sizes.partition_point(|s| s.date <= date);
        known.checked_sub(1).map(|i| sizes[i].count)
    }

    pub fn is_counted(&self, body: BodyId) -> bool {
        !self.bodies[body.index()].sizes.is_empty()
    }

    /// The votes recorded on a proposal, by date.
    pub fn tallies_of(&self, proposal: ProposalId) -> &[Recorded] {
        let start = self.tallies.partition_point(|t| t.proposal < proposal);
        let end = start + self.tallies[start..].partition_point(|t| t.proposal == proposal);
        &self.tallies[start..end]
    }

    /// The vote recorded on a proposal on a day, if any.
    pub fn tally_on(&self, proposal: ProposalId, date: Date) -> Option<&Recorded> {
        self.tallies_of(proposal).iter().find(|t| t.date == date)
    }

    /// The proposals a proposal competes with.
    pub fn competitors(&self, proposal: ProposalId) -> &[ProposalId] {
        self.competing.get(&proposal).map_or(&[], Vec::as_slice)
    }
}

impl Resolver<'_> {
    pub(super) fn size(&mut self, body: &ast::Name, count: &ast::Int, date: Date, span: Span, order: u32) {
        let Some(body) = self.body(body) else { return };
        self.raw.sizes.push((body, Size { date, count: count.value, span, order }));
    }

    pub(super) fn recorded(&mut self, t: &ast::TallyFact, date: Date, span: Span, source: Option<SourceId>) {
        let (Some(body), Some(proposal)) = (self.body(&t.body), self.proposal(&t.proposal)) else { return };
        let own = self.m.proposals[proposal.index()].body;
        if body != own {
            let owner = self.m.name(self.m.bodies[own.index()].name).to_string();
            let e = fact_error(
                "fact::wrong-body",
                format!("only {owner} votes on `{}`", t.proposal.text),
                t.body.span,
                "not the proposal's body",
            )
            .related(self.m.proposals[proposal.index()].span, format!("a proposal of {owner}"));
            self.errors.push(e);
            return;
        }
        let abstain = t.abstain.as_ref().map_or(0, |a| a.value);
        let (support, oppose) = (t.support.value, t.oppose.value);
        self.m.tallies.push(Recorded { proposal, date, support, oppose, abstain, span, source });
    }

    pub(super) fn compete(&mut self, proposals: &ast::Names) {
        let ids: Vec<ProposalId> = proposals.items.iter().filter_map(|n| self.proposal(n)).collect();
        for &p in &ids {
            let others = self.m.competing.entry(p).or_default();
            others.extend(ids.iter().filter(|&&o| o != p));
            others.sort_unstable();
            others.dedup();
        }
    }

    /// Sizes in date order; a body with both named members and a size is named, and the
    /// later of its first membership and its first size is the error.
    pub(super) fn build_sizes(&mut self) {
        let mut sizes = std::mem::take(&mut self.raw.sizes);
        sizes.retain(|(_, s)| s.date <= self.m.now);
        sizes.sort_by_key(|(body, s)| (*body, s.date, s.order));
        for run in sizes.chunk_by(|a, b| a.0 == b.0) {
            let body = run[0].0;
            let place = |span: &Span| (span.file, span.start);
            let named = self.m.bodies[body.index()].memberships.iter().map(|m| m.span).min_by_key(place);
            let Some(member) = named else {
                self.m.bodies[body.index()].sizes = run.iter().map(|(_, s)| *s).collect();
                continue;
            };
            let size = run.iter().map(|(_, s)| s.span).min_by_key(place).expect("a run is never empty");
            let (later, earlier) =
                if place(&size) > place(&member) { (size, member) } else { (member, size) };
            let body = self.m.name(self.m.bodies[body.index()].name).to_string();
            self.errors.push(counted_and_named(&body, later, earlier));
        }
    }

    /// Tallies by proposal and date: one per day, no more votes than members, and for a
    /// named body, the same counts as its members' positions where it has them.
    pub(super) fn build_tallies(&mut self) {
        let now = self.m.now;
        let mut tallies = std::mem::take(&mut self.m.tallies);
        tallies.retain(|t| t.date <= now);
        tallies.sort_by_key(|t| (t.proposal, t.date, t.span.file, t.span.start));
        let mut kept: Vec<Recorded> = Vec::with_capacity(tallies.len());
        for t in tallies {
            if let Some(first) = kept.last().filter(|k| k.proposal == t.proposal && k.date == t.date) {
                let e = fact_error(
                    "fact::tally-twice",
                    format!(
                        "a vote on `{}` is already recorded on {}",
                        self.proposal_name(t.proposal),
                        t.date
                    ),
                    t.span,
                    "recorded again",
                )
                .related(first.span, "recorded here")
                .help("record one vote per proposal and day; a second ballot on another day is its own fact");
                self.errors.push(e);
                continue;
            }
            if self.tally_fits(&t) {
                self.check_against_positions(&t);
                kept.push(t);
            }
        }
        self.m.tallies = kept;
    }

    fn proposal_name(&self, p: ProposalId) -> &str {
        self.m.name(self.m.proposals[p.index()].name)
    }

    /// How many members the proposal's body has on the tally's day.
    fn members_on(&self, t: &Recorded) -> u128 {
        let body = self.m.proposals[t.proposal.index()].body;
        match self.m.size_at(body, t.date) {
            Some(n) => n as u128,
            None => self.m.deciders(t.proposal, t.date).len() as u128,
        }
    }

    fn tally_fits(&mut self, t: &Recorded) -> bool {
        let members = self.members_on(t);
        if t.total() <= members {
            return true;
        }
        let body =
            self.m.name(self.m.bodies[self.m.proposals[t.proposal.index()].body.index()].name).to_string();
        let e = fact_error(
            "fact::tally-too-large",
            format!("{} votes are recorded, but {body} has {members} members on {}", t.total(), t.date),
            t.span,
            "more votes than members",
        )
        .help(format!(
            "check the figures, or record the body's size with `{}: {} has N members.`",
            t.date,
            crate::syntax::quote_name(&body)
        ));
        self.errors.push(e);
        false
    }

    /// A named body whose members' positions exist on the proposal must agree with the
    /// tally; when they do not, the error gives both counts (the tally is still used).
    fn check_against_positions(&mut self, t: &Recorded) {
        let range = self.m.proposals[t.proposal.index()].positions.clone();
        let body = self.m.proposals[t.proposal.index()].body;
        if range.is_empty() || self.m.is_counted(body) {
            return;
        }
        let deciders = self.m.deciders(t.proposal, t.date);
        let stances = self.m.stances_at(t.proposal, &deciders, t.date);
        let count = |s: Stance| stances.iter().filter(|at| at.stance == s).count() as u64;
        let named = [count(Stance::Support), count(Stance::Oppose), count(Stance::Abstain)];
        if named == [t.support, t.oppose, t.abstain] {
            return;
        }
        let e = fact_error(
            "fact::tally-mismatch",
            format!(
                "the vote records {} for, {} against and {} abstaining, but the members' positions on {} give {} for, {} against and {} abstaining",
                t.support, t.oppose, t.abstain, t.date, named[0], named[1], named[2]
            ),
            t.span,
            "counts differ from the positions",
        )
        .help("correct the figures or the positions; until then the recorded vote is used");
        self.errors.push(e);
    }
}

impl Resolver<'_> {
    /// Two competing proposals adopted: the later decision is the error.
    pub(super) fn check_competing_adoptions(&mut self) {
        let place = |e: &End| (e.date, e.span.file, e.span.start);
        let mut errors = Vec::new();
        for (&p, rivals) in &self.m.competing {
            let Some(end) = self.m.proposals[p.index()].adopted() else { continue };
            let earlier =
                rivals.iter().filter_map(|r| self.m.proposals[r.index()].adopted().map(|e| (*r, *e)));
            let Some((rival, first)) =
                earlier.filter(|(_, e)| place(e) < place(end)).min_by_key(|(_, e)| place(e))
            else {
                continue;
            };
            let (name, rival) = (self.proposal_name(p), self.proposal_name(rival));
            let e = fact_error(
                "fact::competing-adopted",
                format!("`{name}` is adopted on {}, but `{rival}`, which competes with it, was adopted on {}", end.date, first.date),
                end.span,
                "adopted after its rival",
            )
            .related(first.span, format!("`{rival}` adopted here"))
            .help("competing proposals are alternatives: at most one of them can be adopted; check the decisions or the `compete` fact");
            errors.push((end.span.file, end.span.start, e));
        }
        errors.sort_by_key(|(file, start, _)| (*file, *start));
        self.errors.extend(errors.into_iter().map(|(_, _, e)| e));
    }
}

fn counted_and_named(body: &str, later: Span, earlier: Span) -> ModelError {
    fact_error(
        "fact::counted-and-named",
        format!("{body} is given both named members and a number of members"),
        later,
        "the later of the two",
    )
    .related(earlier, "first given here")
    .help("a body is either counted (`D: BODY has N members.`) or has named members; its sizes are ignored")
}
