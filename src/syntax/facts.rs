//! Fact statements: declarations, memberships, terms, attributes and dated events.

use super::ast::*;
use super::err::SyntaxErrorKind;
use super::lex::{self, Expect, PError, PResult};
use super::parse::Parser;
use nom::branch::alt;
use nom::combinator::cut;
use nom::Parser as _;

const EVENT_VERB: Expect = Expect::Thing(
    "a verb (`supports`, `opposes`, `abstains on`, `withdraws from`, `joins`, `leaves`, `adopts`, `rejects`, `is withdrawn` or `has`)",
    &[
        "supports", "support", "opposes", "oppose", "abstains", "abstain", "withdraws", "withdraw",
        "joins", "join", "leaves", "leave", "adopts", "rejects", "is", "has", "and",
    ],
);

const STANCE_VERB: Expect = Expect::Thing(
    "a stance (`support`, `oppose`, `abstain on` or `withdraw from`)",
    &["support", "supports", "oppose", "opposes", "abstain", "abstains", "withdraw", "withdraws"],
);

const STANCE_VERB_OR_EXCEPT: Expect = Expect::Thing(
    "`except` or a stance (`support`, `oppose`, `abstain on` or `withdraw from`)",
    &["except", "support", "supports", "oppose", "opposes", "abstain", "abstains", "withdraw", "withdraws"],
);

/// The stance a verb takes, if it is a stance verb.
fn stance_verb(verb: &str) -> Option<Stance> {
    Some(match verb {
        "supports" | "support" => Stance::Support,
        "opposes" | "oppose" => Stance::Oppose,
        "abstains" | "abstain" => Stance::Abstain,
        "withdraws" | "withdraw" => Stance::Withdraw,
        _ => return None,
    })
}

/// The verb of an event that must have one day (all but positions), for messages.
fn event_verb(event: &Event) -> Option<&'static str> {
    Some(match event {
        Event::Stance { .. } => return None,
        Event::Join { .. } => "joins",
        Event::Leave { .. } => "leaves",
        Event::Adopts { .. } => "adopts",
        Event::Rejects { .. } => "rejects",
        Event::Withdrawn { .. } => "is withdrawn",
        Event::Attribute(_) | Event::Size { .. } => "has",
        Event::Tally(_) => "votes on",
    })
}

const PROPOSAL_KIND: Expect = Expect::Thing(
    "a kind of proposal (`appoint`, `nominate`, `admit` or `resolve`)",
    &["appoint", "nominate", "admit", "resolve"],
);

impl<'a> Parser<'a> {
    /// The statements that start with a declaring keyword.
    pub(super) fn declaration(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (rest, tok) = lex::word(i)?;
        let keyword = tok.value;
        let after = move |i| -> PResult<'a, FactKind> {
            match keyword {
                "body" => self.name(i).map(|(r, n)| (r, FactKind::Body(n))),
                "group" => self.group(i),
                "office" => self.office(i).map(|(r, o)| (r, FactKind::Office(o))),
                "proposal" => self.proposal(i),
                "proposals" => self.compete(i),
                "members" => self.members(i),
                _ => self.term(i),
            }
        };
        cut(after).parse(rest)
    }

    /// `group P5 of UNSC: a, b`
    fn group(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (i, name) = self.name(i)?;
        let (i, _) = lex::kw("of")(i)?;
        let (i, body) = self.name(i)?;
        let (i, _) = lex::punct(":")(i)?;
        let (i, members) = self.names(i)?;
        Ok((i, FactKind::Group { name, body, members }))
    }

    /// `proposal rutte_sg: appoint Rutte as "Secretary General" of NATO`
    fn proposal(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (i, name) = self.name(i)?;
        let (i, _) = lex::punct(":")(i)?;
        let (rest, tok) =
            lex::word(i).map_err(|e| e.map(|e| PError::expected(e.before, e.at, PROPOSAL_KIND)))?;
        let (i, kind) = match tok.value {
            "appoint" | "nominate" => {
                let (i, person) = self.name(rest)?;
                let (i, _) = lex::kw("as")(i)?;
                let (i, office) = self.office(i)?;
                let (i, by) = match lex::kw("by")(i) {
                    Ok((r, _)) => cut(|i| self.name(i)).parse(r).map(|(r, n)| (r, Some(n)))?,
                    Err(_) => (i, None),
                };
                match tok.value {
                    "appoint" => (i, ProposalKind::Appoint { person, office, by }),
                    _ => (i, ProposalKind::Nominate { person, office, by }),
                }
            }
            "admit" => {
                let (i, candidate) = self.name(rest)?;
                let (i, _) = lex::kw("to")(i)?;
                let (i, body) = self.name(i)?;
                (i, ProposalKind::Admit { candidate, body })
            }
            "resolve" => {
                let (i, title) = self.text(rest)?;
                let (i, _) = lex::kw("in")(i)?;
                let (i, body) = self.name(i)?;
                (i, ProposalKind::Resolve { title, body })
            }
            _ => return Err(nom::Err::Error(PError::expected(i, tok.at, PROPOSAL_KIND))),
        };
        Ok((i, FactKind::Proposal { name, kind: Box::new(kind) }))
    }

    /// `proposals A and B compete`
    fn compete(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (i, proposals) = self.names(i)?;
        if proposals.items.len() < 2 {
            let at = &self.src[proposals.items[0].span.start as usize..];
            let kind = SyntaxErrorKind::CompeteNeedsTwo;
            return Err(nom::Err::Failure(PError::invalid(at, kind, proposals.items[0].span.len())));
        }
        let (i, _) = lex::kw("compete")(i)?;
        Ok((i, FactKind::Compete(proposals)))
    }

    /// `members of NATO since 1949-08-24: a, b`
    fn members(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (i, _) = lex::kw("of")(i)?;
        let (i, body) = self.name(i)?;
        let (i, since) = self.opt_dated(i, "since")?;
        let (i, _) = lex::punct(":")(i).map_err(|e| {
            e.map(|mut e| {
                if since.is_none() {
                    if let lex::ErrKind::Expected(v) = &mut e.kind {
                        v.insert(0, Expect::Kw("since"));
                    }
                }
                e
            })
        })?;
        let (i, members) = self.names(i)?;
        Ok((i, FactKind::Members { body, since, members }))
    }

    /// `term of Stoltenberg as "Secretary General" of NATO from 2014-10-01 to 2024-10-01`
    fn term(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (i, _) = lex::kw("of")(i)?;
        let (i, holder) = self.name(i)?;
        let (i, _) = lex::kw("as")(i)?;
        let (i, office) = self.office(i)?;
        let (i, _) = lex::kw("from")(i)?;
        let (i, from) = self.date(i, "from")?;
        let (i, to) = self.opt_dated(i, "to")?;
        Ok((i, FactKind::Term { holder, office: Box::new(office), from, to }))
    }

    /// `DATE: EVENT`; only a position may have an uncertain date.
    pub(super) fn event_fact(&self, i: &'a str) -> PResult<'a, FactKind> {
        let (i, when) = self.when(i)?;
        let (i, _) = cut(lex::punct(":")).parse(i)?;
        let (i, event) = cut(|i| self.event(i)).parse(i)?;
        if let (None, Some(verb)) = (when.day(), event_verb(&event)) {
            return Err(nom::Err::Failure(self.uncertain(when, verb)));
        }
        Ok((i, FactKind::Event { when, event }))
    }

    fn event(&self, i: &'a str) -> PResult<'a, Event> {
        if lex::peek_kw(i, "members") || lex::peek_kw(i, "all") {
            return self.group_position(i);
        }
        let (i, members) = self.names(i)?;
        let (rest, verb) =
            lex::word(i).map_err(|e| e.map(|e| PError::expected(e.before, e.at, EVENT_VERB)))?;
        if let Some(stance) = stance_verb(verb.value) {
            return self.position_rest(rest, Who::Names(members), stance);
        }
        match verb.value {
            "joins" | "join" => self.name(rest).map(|(r, body)| (r, Event::Join { members, body })),
            "leaves" | "leave" => self.name(rest).map(|(r, body)| (r, Event::Leave { members, body })),
            "adopts" => self.single_subject_event("adopts", rest, members),
            "rejects" => self.single_subject_event("rejects", rest, members),
            "is" => self.single_subject_event("is", rest, members),
            "has" => self.single_subject_event("has", rest, members),
            "votes" => self.single_subject_event("votes", rest, members),
            _ => Err(nom::Err::Error(PError::expected(i, verb.at, EVENT_VERB))),
        }
    }

    /// `[all] members of NAME [except NAMES] STANCE PROPOSAL`: a position of each member.
    fn group_position(&self, i: &'a str) -> PResult<'a, Event> {
        let start = lex::ws(i);
        let (i, all) = match lex::kw("all")(i) {
            Ok((rest, _)) => (rest, true),
            Err(_) => (i, false),
        };
        let (i, _) = lex::kw("members")(i)?;
        let (i, _) = lex::kw("of")(i)?;
        let (i, of) = self.name(i)?;
        let (i, except) = match lex::kw("except")(i) {
            Ok((rest, _)) => cut(|i| self.names(i)).parse(rest).map(|(r, n)| (r, Some(n)))?,
            Err(_) => (i, None),
        };
        let expected = if except.is_some() { STANCE_VERB } else { STANCE_VERB_OR_EXCEPT };
        let who = Who::Members(Box::new(MembersOf { all, of, except, span: self.span(start, i) }));
        let (rest, verb) = lex::word(i).map_err(|e| e.map(|e| PError::expected(e.before, e.at, expected)))?;
        match stance_verb(verb.value) {
            Some(stance) => self.position_rest(rest, who, stance),
            None => Err(nom::Err::Error(PError::expected(i, verb.at, expected))),
        }
    }

    /// What follows a stance verb: `on` after `abstains`, `from` after `withdraws`, then
    /// the proposal.
    fn position_rest(&self, i: &'a str, who: Who, stance: Stance) -> PResult<'a, Event> {
        let i = match stance {
            Stance::Abstain => lex::kw("on")(i)?.0,
            Stance::Withdraw => lex::kw("from")(i)?.0,
            Stance::Support | Stance::Oppose => i,
        };
        let (i, proposal) = self.name(i)?;
        Ok((i, Event::Stance { who, stance, proposal }))
    }

    /// `on P: N for, N against [and N abstaining]`, after `BODY votes`.
    fn tally(&self, i: &'a str, body: Name) -> PResult<'a, Event> {
        let (i, _) = lex::kw("on")(i)?;
        let (i, proposal) = self.name(i)?;
        let (i, _) = lex::punct(":")(i)?;
        let (i, support) = self.int(i)?;
        let (i, _) = lex::kw("for")(i)?;
        let (i, _) = self.tally_sep(i)?;
        let (i, oppose) = self.int(i)?;
        let (i, _) = lex::kw("against")(i)?;
        let (i, abstain) = match self.tally_sep(i) {
            Ok((r, _)) => {
                let (r, n) = self.int(r)?;
                let (r, _) = alt((lex::kw("abstaining"), lex::kw("abstentions"))).parse(r)?;
                (r, Some(n))
            }
            Err(_) => (i, None),
        };
        Ok((i, Event::Tally(Box::new(TallyFact { body, proposal, support, oppose, abstain }))))
    }

    /// `,` or `and` between the counts of a tally.
    fn tally_sep(&self, i: &'a str) -> PResult<'a, ()> {
        match lex::punct(",")(i) {
            Ok((r, _)) => Ok((r, ())),
            Err(_) => lex::kw("and")(i).map(|(r, _)| (r, ())),
        }
    }

    /// The events whose subject is one name: `adopts`, `rejects`, `is withdrawn`, `has`.
    fn single_subject_event(&self, verb: &'static str, rest: &'a str, members: Names) -> PResult<'a, Event> {
        if members.items.len() > 1 {
            let (first, last) = (&members.items[0].span, &members.items[members.items.len() - 1].span);
            let at = &self.src[first.start as usize..];
            let kind = SyntaxErrorKind::OneNameOnly(verb);
            return Err(nom::Err::Failure(PError::invalid(at, kind, (last.end - first.start) as usize)));
        }
        let subject = members.items.into_iter().next().expect("names has at least one");
        match verb {
            "adopts" => self.name(rest).map(|(r, proposal)| (r, Event::Adopts { body: subject, proposal })),
            "rejects" => self.name(rest).map(|(r, proposal)| (r, Event::Rejects { body: subject, proposal })),
            "is" => lex::kw("withdrawn")(rest).map(|(r, _)| (r, Event::Withdrawn { proposal: subject })),
            "votes" => self.tally(rest, subject),
            _ if lex::ws(rest).starts_with(|c: char| c.is_ascii_digit()) => {
                let (r, count) = self.int(rest)?;
                let (r, _) = alt((lex::kw("members"), lex::kw("member"))).parse(r)?;
                Ok((r, Event::Size { body: subject, count }))
            }
            _ => {
                let (r, attribute) = self.name(rest)?;
                let (r, value) = self.number(r)?;
                Ok((r, Event::Attribute(Box::new(Attribute { entity: subject, attribute, value }))))
            }
        }
    }
}
