//! Facts into the temporal index: memberships, attributes, decisions, positions and
//! terms, each checked for integrity (section 2 of the language).

use super::declare::Resolver;
use super::err::fact_error;
use super::raw::{MemberEvent, RawAttribute, RawEnd, Taken};
use super::*;
use crate::syntax::ast::{self, Event, FactKind, Statement};

/// The latest date a fact states, if it states one.
fn latest_date(kind: &FactKind) -> Option<Date> {
    match kind {
        FactKind::Members { since, .. } => since.map(|d| d.date),
        FactKind::Term { from, to, .. } => Some(last_day(from.date, to.map(|t| t.date))),
        FactKind::Event { when, .. } => Some(when.last()),
        _ => None,
    }
}

/// The last day of a term, for *now*: the day before its `to` (half-open), or its `from`
/// when it has no `to` or is empty.
fn last_day(from: Date, to: Option<Date>) -> Date {
    to.and_then(|t| t.yesterday().ok()).map_or(from, |t| t.max(from))
}

impl Resolver<'_> {
    /// Reads one statement's facts into `raw`; names that do not resolve are errors.
    /// Flat positions are read apart, by `collect_positions`.
    pub fn collect_fact(&mut self, s: &Statement, order: u32) {
        let Statement::Fact(fact) = s else { return };
        self.m.fact_count += 1;
        self.raw.latest_read = self.raw.latest_read.max(latest_date(&fact.kind));
        let source = self.source(&fact.source);
        match &fact.kind {
            FactKind::Body(_) | FactKind::Office(_) | FactKind::Group { .. } | FactKind::Proposal { .. } => {}
            FactKind::Members { body, since, members } => {
                let date = since.map(|d| d.date);
                self.membership(body, members, date, true, order);
            }
            FactKind::Term { holder, office, from, to } => {
                self.term(holder, office, *from, *to, fact.span, source)
            }
            FactKind::Attribute(a) => self.attribute(a, None, order),
            FactKind::Event { when, event } => self.event(event, when, fact.span, source, order),
            FactKind::Compete(proposals) => self.compete(proposals),
        }
    }

    fn event(&mut self, event: &Event, when: &ast::When, span: Span, source: Option<SourceId>, order: u32) {
        // Only positions may be uncertain (the parser sees to it): others have one day.
        let date = when.last();
        match event {
            Event::Join { members, body } => self.membership(body, members, Some(date), true, order),
            Event::Leave { members, body } => self.membership(body, members, Some(date), false, order),
            Event::Stance { who, stance, proposal } => {
                let Some(proposal) = self.proposal(proposal) else { return };
                let first = when.day().is_none().then(|| when.first().unwrap_or(Date::MIN));
                let taken = Taken { stance: Stance::from(*stance), first, last: date, span, source };
                match who {
                    ast::Who::Names(members) => self.names_position(proposal, members, taken),
                    ast::Who::Members(set) => self.members_position(proposal, set, taken),
                }
            }
            Event::Adopts { body, proposal } | Event::Rejects { body, proposal } => {
                let kind =
                    if matches!(event, Event::Adopts { .. }) { EndKind::Adopted } else { EndKind::Rejected };
                let (Some(b), Some(p)) = (self.body(body), self.proposal(proposal)) else { return };
                let own = self.m.proposals[p.index()].body;
                if b != own {
                    let owner = self.m.name(self.m.bodies[own.index()].name).to_string();
                    let e = fact_error(
                        "fact::wrong-body",
                        format!("only {owner} can decide `{}`", proposal.text),
                        body.span,
                        "not the proposal's body",
                    )
                    .related(self.m.proposals[p.index()].span, format!("a proposal of {owner}"));
                    self.errors.push(e);
                    return;
                }
                self.end(p, kind, date, span, source, order);
            }
            Event::Withdrawn { proposal } => {
                if let Some(p) = self.proposal(proposal) {
                    self.end(p, EndKind::Withdrawn, date, span, source, order);
                }
            }
            Event::Attribute(a) => self.attribute(a, Some(date), order),
            Event::Size { body, count } => self.size(body, count, date, span, order),
            Event::Tally(t) => self.recorded(t, date, span, source),
        }
    }

    /// A position of listed names: one for each. A name of a list is its own position's
    /// span, so that a diagnostic about it points at the name.
    fn names_position(&mut self, proposal: ProposalId, members: &ast::Names, taken: Taken) {
        let single = members.items.len() == 1;
        for name in &members.items {
            let member = self.sym(name);
            let span = if single { taken.span } else { name.span };
            let (date, stance, source) = (taken.last, taken.stance, taken.source);
            let position = Position::new(member, date, stance, span, source);
            self.push_position(proposal, position, taken.first);
        }
    }

    fn end(
        &mut self,
        proposal: ProposalId,
        kind: EndKind,
        date: Date,
        span: Span,
        source: Option<SourceId>,
        order: u32,
    ) {
        self.raw.ends.push(RawEnd { proposal, end: End { kind, date, span, source }, order });
    }

    fn membership(
        &mut self,
        body: &ast::Name,
        members: &ast::Names,
        date: Option<Date>,
        join: bool,
        order: u32,
    ) {
        let Some(body) = self.body(body) else { return };
        for name in &members.items {
            let member = self.sym(name);
            self.raw.members.push(MemberEvent { body, member, date, join, span: name.span, order });
        }
    }

    fn term(
        &mut self,
        holder: &ast::Name,
        office: &ast::OfficeRef,
        from: ast::DateLit,
        to: Option<ast::DateLit>,
        span: Span,
        source: Option<SourceId>,
    ) {
        let Some(office) = self.office(office) else { return };
        if let Some(to) = to.filter(|t| t.date < from.date) {
            let e = fact_error(
                "fact::inverted-term",
                format!("this term ends on {} before it starts on {}", to.date, from.date),
                to.span,
                "ends before it starts",
            )
            .related(from.span, "starts here")
            .help("swap the dates, or correct the one that is wrong");
            self.errors.push(e);
            return;
        }
        let holder = self.sym(holder);
        let to = to.map(|t| t.date);
        self.raw.terms.push((office, Term { holder, from: from.date, to, recorded_to: to, span, source }));
    }

    fn attribute(&mut self, a: &ast::Attribute, date: Option<Date>, order: u32) {
        let Some(value) = Decimal::new(a.value.mantissa, a.value.scale) else {
            let e = fact_error(
                "fact::number-too-large",
                "this figure is too large to add up exactly".into(),
                a.value.span,
                "too large",
            )
            .help("attribute values have at most 29 digits before the point");
            self.errors.push(e);
            return;
        };
        let key = (self.sym(&a.entity), self.sym(&a.attribute));
        self.m.attribute_names.insert(key.1);
        self.raw.attributes.push(RawAttribute { key, date, value, span: a.value.span, order });
    }

    /// The latest date stated by a fact that stands (not dates in sources or rules).
    pub(super) fn latest_valid(&self) -> Option<Date> {
        let m = &self.m;
        let memberships = m.bodies.iter().flat_map(|b| &b.memberships).flat_map(|x| [x.from, x.to]);
        let terms = m.offices.iter().flat_map(|o| &o.terms).map(|t| Some(last_day(t.from, t.recorded_to)));
        let ends = m.proposals.iter().map(|p| p.end.map(|e| e.date));
        let positions = std::iter::once(self.latest_position);
        let attributes = m.attributes.values().flat_map(|v| v.dated.iter().map(|(d, _)| Some(*d)));
        memberships.chain(terms).chain(ends).chain(positions).chain(attributes).flatten().max()
    }

    pub(super) fn build_memberships(&mut self) {
        let now = self.m.now;
        let mut events = std::mem::take(&mut self.raw.members);
        self.ever_members = events.iter().filter(|e| e.join).map(|e| (e.body, e.member)).collect();
        self.ever_members.sort_unstable();
        self.ever_members.dedup();
        self.ever_named = self.ever_members.iter().map(|&(_, member)| member).collect();
        self.ever_named.sort_unstable();
        self.ever_named.dedup();
        events.retain(|e| e.date.is_none_or(|d| d <= now));
        events.sort_by_key(|e| (e.body, e.member, e.date, e.order));
        for run in events.chunk_by(|a, b| (a.body, a.member) == (b.body, b.member)) {
            let mut open: Option<&MemberEvent> = None;
            for e in run {
                match (e.join, open) {
                    (true, Some(first)) => self.errors.push(self.joined_twice(e, first)),
                    (true, None) => open = Some(e),
                    (false, Some(start)) => {
                        self.push_membership(start, e.date);
                        open = None;
                    }
                    (false, None) if self.in_skipped(self.m.name(e.member)) => {}
                    (false, None) => self.errors.push(self.left_without_joining(e)),
                }
            }
            if let Some(start) = open {
                self.push_membership(start, None);
            }
        }
    }

    fn push_membership(&mut self, start: &MemberEvent, to: Option<Date>) {
        let m = Membership { member: start.member, from: start.date, to, span: start.span };
        self.m.bodies[start.body.index()].memberships.push(m);
    }

    fn joined_twice(&self, e: &MemberEvent, first: &MemberEvent) -> ModelError {
        let (member, body) = (self.m.name(e.member), self.m.name(self.m.bodies[e.body.index()].name));
        let since = first.date.map_or("before any date".to_string(), |d| format!("since {d}"));
        fact_error(
            "fact::joined-twice",
            format!("{member} joins {body} but is already a member ({since})"),
            e.span,
            "already a member",
        )
        .related(first.span, "member from here")
        .help(format!("add a `leaves {body}` fact before it joins again, or remove one of the two"))
    }

    fn left_without_joining(&self, e: &MemberEvent) -> ModelError {
        let (member, body) = (self.m.name(e.member), self.m.name(self.m.bodies[e.body.index()].name));
        fact_error(
            "fact::left-without-joining",
            format!("{member} leaves {body} but is not a member then"),
            e.span,
            "not a member",
        )
        .help(format!("record when {member} joined {body}, or check the date"))
    }

    pub(super) fn check_group_members(&mut self) {
        for (group, spans) in std::mem::take(&mut self.raw.group_members) {
            let g = &self.m.groups[group.index()];
            let missing: Vec<(Sym, Span)> = g
                .members
                .iter()
                .zip(spans)
                .filter(|(m, _)| self.ever_members.binary_search(&(g.body, **m)).is_err())
                .map(|(m, s)| (*m, s))
                .collect();
            let missing: Vec<(Sym, Span)> =
                missing.into_iter().filter(|(m, _)| !self.in_skipped(self.m.name(*m))).collect();
            for (member, span) in missing {
                let e = self.undeclared_member(self.m.groups[group.index()].body, member, span);
                self.errors.push(e);
            }
        }
    }

    pub(super) fn build_attributes(&mut self) {
        let now = self.m.now;
        let mut raw = std::mem::take(&mut self.raw.attributes);
        raw.retain(|a| a.date.is_none_or(|d| d <= now));
        // Each has its own place in reading order: an unstable sort gives the one order.
        raw.sort_unstable_by_key(|a| (a.key, a.date, a.order));
        for pair in raw
            .windows(2)
            .filter(|w| (w[0].key, w[0].date) == (w[1].key, w[1].date) && w[0].value != w[1].value)
        {
            let e = fact_error(
                "fact::attribute-conflict",
                format!(
                    "{} has two values of {} {}",
                    self.m.name(pair[1].key.0),
                    self.m.name(pair[1].key.1),
                    pair[1].date.map_or("without a date".to_string(), |d| format!("from {d}"))
                ),
                pair[1].span,
                "this value stands",
            )
            .related(pair[0].span, "this one is overridden")
            .warning();
            self.errors.push(e);
        }
        self.m.attributes.reserve(raw.len());
        for a in raw {
            let values = self.m.attributes.entry(a.key).or_default();
            match a.date {
                None => values.timeless = Some(a.value),
                Some(d) => values.dated.push((d, a.value)),
            }
        }
    }

    pub(super) fn build_ends(&mut self) {
        let now = self.m.now;
        let mut ends = std::mem::take(&mut self.raw.ends);
        ends.retain(|e| e.end.date <= now);
        ends.sort_by_key(|e| (e.proposal, e.end.date, e.order));
        for run in ends.chunk_by(|a, b| a.proposal == b.proposal) {
            let first = run[0].end;
            self.m.proposals[run[0].proposal.index()].end = Some(first);
            for later in &run[1..] {
                let name = self.m.name(self.m.proposals[later.proposal.index()].name);
                let how = match first.kind {
                    EndKind::Adopted => "adopted",
                    EndKind::Rejected => "rejected",
                    EndKind::Withdrawn => "withdrawn",
                };
                let e = fact_error(
                    "fact::decided-twice",
                    format!("`{name}` was already {how} on {}", first.date),
                    later.end.span,
                    "decided again",
                )
                .related(first.span, format!("{how} here"))
                .help("a proposal is decided at most once: give the second decision its own proposal");
                self.errors.push(e);
            }
        }
    }

    pub(super) fn build_terms(&mut self) {
        for (office, term) in std::mem::take(&mut self.raw.terms) {
            self.m.offices[office.index()].terms.push(term);
        }
    }

    /// Once *now* is fixed: terms that start after it are ignored, and those that end after
    /// it are open (their recorded end is kept for `end in`).
    pub(super) fn cut_terms(&mut self) {
        let now = self.m.now;
        for office in &mut self.m.offices {
            office.terms.retain(|t| t.from <= now);
            office.terms.iter_mut().for_each(|t| t.to = t.recorded_to.filter(|&to| to <= now));
        }
    }
}
