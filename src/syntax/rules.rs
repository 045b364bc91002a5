//! Rule statements: headers, the eight rule forms, selectors and conditions.

use super::ast::*;
use super::err::SyntaxErrorKind;
use super::lex::{self, Expect, PError, PResult};
use super::parse::{Parser, MAX_DEPTH};
use nom::branch::alt;
use nom::combinator::cut;

const RULE_BODY: Expect = Expect::Thing(
    "a rule (`adopting …`, `terms of …`, `some …`, `appointments to … follow …`, `OFFICE is never vacant` or `BODY has … members`)",
    &["adopting", "terms", "some", "appointments"],
);
const TERMS_CLAUSE: Expect = Expect::Thing(
    "`end in`, `start in`, `last`, `never overlap` or `follow an adopted appointment`",
    &["end", "start", "last", "never", "follow"],
);
const SELECTOR: Expect = Expect::Thing(
    "a proposal, or `appointments to`, `nominations to`, `admissions to`, `resolutions in` or `proposals in`",
    &[
        "appointments",
        "appointment",
        "nominations",
        "nomination",
        "admissions",
        "admission",
        "resolutions",
        "resolution",
        "proposals",
        "proposal",
    ],
);
pub(super) const ATOM: Expect = Expect::Thing(
    "a condition (`unanimity`, `consensus`, `all …`, `no …`, `at least …`, `at most …`, `more than …`, `fewer than …`, `exactly …`, `supporters hold …`, `not …` or `(`)",
    &["unanimity", "consensus", "all", "no", "at", "more", "fewer", "exactly", "not", "supporters", "opponents", "abstainers"],
);
const SEVERITY: Expect = Expect::Thing("`error`, `warning` or `info`", &["error", "warning", "info"]);
const MONTH: Expect = Expect::Thing("a month (`January` … `December`)", &lex::MONTHS);
const UNIT: Expect = Expect::Thing("`years`, `months` or `days`", &["years", "months", "days"]);
const VERB: Expect = Expect::Thing(
    "`support`, `oppose`, `abstain` or `vote`",
    &["support", "supports", "oppose", "opposes", "abstain", "abstains", "vote", "votes"],
);

fn expected<'a, T>(i: &'a str, what: Expect) -> PResult<'a, T> {
    Err(nom::Err::Error(PError::expected(i, lex::ws(i), what)))
}

impl<'a> Parser<'a> {
    /// `rule NAME [(SEVERITY)] [from D] [until D]: BODY [because "…"].`
    pub(super) fn rule(&self, i: &'a str) -> PResult<'a, Rule> {
        let start = lex::ws(i);
        let (i, _) = lex::kw("rule")(i)?;
        let (i, name) = cut(|i| self.name(i)).parse(i)?;
        let (i, severity) = cut(|i| self.severity(i)).parse(i)?;
        let (i, from) = self.opt_dated(i, "from")?;
        let (i, until) = self.opt_dated(i, "until")?;
        let (i, _) = cut(lex::punct(":"))
            .parse(i)
            .map_err(|e| self.also_expected(e, &[Expect::Kw("from"), Expect::Kw("until")]))?;
        let (i, body) = cut(|i| self.rule_body(i)).parse(i)?;
        let (i, because) = match lex::kw("because")(i) {
            Ok((rest, _)) => cut(|i| self.text(i)).parse(rest).map(|(r, t)| (r, Some(t)))?,
            Err(_) => (i, None),
        };
        let (i, _) =
            cut(lex::period).parse(i).map_err(|e| self.also_expected(e, &[Expect::Kw("because")]))?;
        Ok((i, Rule { name, severity, from, until, body, because, span: self.span(start, i) }))
    }

    fn also_expected(&self, e: nom::Err<PError<'a>>, more: &[Expect]) -> nom::Err<PError<'a>> {
        e.map(|mut e| {
            if let lex::ErrKind::Expected(v) = &mut e.kind {
                v.extend_from_slice(more);
            }
            e
        })
    }

    fn severity(&self, i: &'a str) -> PResult<'a, Option<Severity>> {
        let Ok((i, _)) = lex::punct("(")(i) else { return Ok((i, None)) };
        let (rest, tok) = lex::word(i).or_else(|_| expected(i, SEVERITY))?;
        let severity = match tok.value {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            _ => return expected(i, SEVERITY),
        };
        let (rest, _) = lex::punct(")")(rest)?;
        Ok((rest, Some(severity)))
    }

    fn rule_body(&self, i: &'a str) -> PResult<'a, RuleBody> {
        let at = lex::ws(i);
        match lex::word_at(at) {
            Some("adopting") => {
                let (i, _) = lex::kw("adopting")(i)?;
                let (i, selector) = self.selector(i)?;
                let (i, _) = lex::kw("requires")(i)?;
                let (i, condition) = self.condition(i, 0)?;
                Ok((i, RuleBody::Adopting { selector, condition }))
            }
            Some("terms") => self.terms_rule(i),
            Some(w @ ("appointment" | "appointments")) => {
                let plural = w == "appointments";
                let (i, _) = lex::kw(if plural { "appointments" } else { "appointment" })(i)?;
                let (i, _) = lex::kw("to")(i)?;
                let (i, office) = self.office(i)?;
                let (i, _) = lex::kw("follow")(i).or_else(|_| lex::kw("follows")(i))?;
                let (i, _) = lex::kw("an")(i)?;
                let (i, _) = lex::kw("adopted")(i)?;
                let (i, _) = lex::kw("nomination")(i)?;
                Ok((i, RuleBody::AppointmentsFollowNomination { office, plural }))
            }
            Some("some") => {
                let (i, _) = lex::kw("some")(i)?;
                let (i, selector) = self.selector(i)?;
                let (i, _) = lex::kw("is")(i)?;
                let (i, _) = lex::kw("adopted")(i)?;
                let (i, _) = lex::kw("by")(i)?;
                let (i, date) = self.date(i, "by")?;
                Ok((i, RuleBody::AdoptedBy { selector, date }))
            }
            Some(w) if !lex::is_keyword(w) => self.name_rule(i),
            None if at.starts_with('"') => self.name_rule(i),
            _ => expected(i, RULE_BODY),
        }
    }

    /// `OFFICE is never vacant …` or `BODY has … members …`
    fn name_rule(&self, i: &'a str) -> PResult<'a, RuleBody> {
        let (rest, name) = self.name(i)?;
        if lex::peek_kw(rest, "has") {
            let (i, _) = lex::kw("has")(rest)?;
            let (i, bound) = self.bound(i)?;
            let (i, count) = self.int(i)?;
            let (i, _) = lex::kw("members")(i)?;
            let (i, on) = self.opt_dated(i, "on")?;
            return Ok((i, RuleBody::HasMembers { body: name, bound, count, on }));
        }
        let (i, _) = lex::kw("of")(rest).map_err(|e| self.also_expected(e, &[Expect::Kw("has")]))?;
        let (i, body) = self.name(i)?;
        let (i, _) = lex::kw("is")(i)?;
        let (i, _) = lex::kw("never")(i)?;
        let (i, _) = lex::kw("vacant")(i)?;
        let (i, from) = self.opt_dated(i, "from")?;
        let (i, until) = self.opt_dated(i, "until")?;
        Ok((i, RuleBody::NeverVacant { office: OfficeRef { name, body }, from, until }))
    }

    fn terms_rule(&self, i: &'a str) -> PResult<'a, RuleBody> {
        let (i, _) = lex::kw("terms")(i)?;
        let (i, _) = lex::kw("of")(i)?;
        let (i, office) = self.office(i)?;
        let (rest, tok) = lex::word(i).or_else(|_| expected(i, TERMS_CLAUSE))?;
        match tok.value {
            "end" | "start" => {
                let edge = if tok.value == "end" { Edge::End } else { Edge::Start };
                let (i, _) = lex::kw("in")(rest)?;
                let (i, month) = self.month(i)?;
                Ok((i, RuleBody::TermsMonth { office, edge, month }))
            }
            "last" => {
                let (i, bound) = self.bound(rest)?;
                let (i, amount) = self.int(i)?;
                let (i, unit) = self.unit(i)?;
                Ok((i, RuleBody::TermsLast { office, bound, amount, unit }))
            }
            "never" => lex::kw("overlap")(rest).map(|(r, _)| (r, RuleBody::TermsNeverOverlap { office })),
            "follow" => {
                let (i, _) = lex::kw("an")(rest)?;
                let (i, _) = lex::kw("adopted")(i)?;
                let (i, _) = lex::kw("appointment")(i)?;
                Ok((i, RuleBody::TermsFollowAppointment { office }))
            }
            _ => expected(i, TERMS_CLAUSE),
        }
    }

    fn month(&self, i: &'a str) -> PResult<'a, Month> {
        let (rest, tok) = lex::word(i).or_else(|_| expected(i, MONTH))?;
        match lex::MONTHS.iter().position(|m| *m == tok.value) {
            Some(n) => Ok((rest, Month(n as u8 + 1))),
            None => expected(i, MONTH),
        }
    }

    fn unit(&self, i: &'a str) -> PResult<'a, Unit> {
        let (rest, tok) = lex::word(i).or_else(|_| expected(i, UNIT))?;
        let unit = match tok.value {
            "years" => Unit::Years,
            "months" => Unit::Months,
            "days" => Unit::Days,
            _ => return expected(i, UNIT),
        };
        Ok((rest, unit))
    }

    /// `exactly`, `at least`, `at most`
    fn bound(&self, i: &'a str) -> PResult<'a, Bound> {
        alt((
            |i| lex::kw("exactly")(i).map(|(r, _)| (r, Bound::Exactly)),
            |i| {
                let (i, _) = lex::kw("at")(i)?;
                alt((
                    |i| lex::kw("least")(i).map(|(r, _)| (r, Bound::AtLeast)),
                    |i| lex::kw("most")(i).map(|(r, _)| (r, Bound::AtMost)),
                ))
                .parse(i)
            },
        ))
        .parse(i)
    }

    fn selector(&self, i: &'a str) -> PResult<'a, Selector> {
        let at = lex::ws(i);
        let Some(w) = lex::word_at(at) else {
            return match self.name(i) {
                Ok((r, n)) => Ok((r, Selector::Proposal(n))),
                Err(_) => expected(i, SELECTOR),
            };
        };
        let rest = &at[w.len()..];
        let plural = w.ends_with('s');
        let (i, selector) = match w {
            "appointment" | "appointments" | "nomination" | "nominations" => {
                let (i, _) = lex::kw("to")(rest)?;
                let (i, office) = self.office(i)?;
                match w.starts_with('a') {
                    true => (i, Selector::Appointments { office, plural, span: Default::default() }),
                    false => (i, Selector::Nominations { office, plural, span: Default::default() }),
                }
            }
            "admission" | "admissions" | "resolution" | "resolutions" | "proposal" | "proposals" => {
                let word = if w.starts_with("admission") { "to" } else { "in" };
                let (i, _) = lex::kw(word)(rest)?;
                let (i, body) = self.name(i)?;
                (
                    i,
                    match w.chars().next() {
                        Some('a') => Selector::Admissions { body, plural, span: Default::default() },
                        Some('r') => Selector::Resolutions { body, plural, span: Default::default() },
                        _ => Selector::Proposals { body, plural, span: Default::default() },
                    },
                )
            }
            _ if !lex::is_keyword(w) => return self.name(i).map(|(r, n)| (r, Selector::Proposal(n))),
            _ => return expected(i, SELECTOR),
        };
        Ok((i, selector.with_span(self.span(at, i))))
    }

    /// `conj { or conj }`
    pub(super) fn condition(&self, i: &'a str, depth: usize) -> PResult<'a, Cond> {
        self.chain(i, depth, "or", |s, i| s.conjunction(i, depth), Cond::Or)
    }

    fn conjunction(&self, i: &'a str, depth: usize) -> PResult<'a, Cond> {
        self.chain(i, depth, "and", |s, i| s.negation(i, depth), Cond::And)
    }

    /// One or more `item`s separated by keyword `sep`, joined by `make` when more than one.
    fn chain(
        &self,
        i: &'a str,
        _depth: usize,
        sep: &'static str,
        item: impl Fn(&Self, &'a str) -> PResult<'a, Cond>,
        make: fn(Vec<Cond>) -> Cond,
    ) -> PResult<'a, Cond> {
        let (mut i, first) = item(self, i)?;
        let mut items = vec![first];
        while let Ok((rest, _)) = lex::kw(sep)(i) {
            let (rest, next) = cut(|i| item(self, i)).parse(rest)?;
            items.push(next);
            i = rest;
        }
        Ok((i, if items.len() == 1 { items.pop().expect("one item") } else { make(items) }))
    }

    fn negation(&self, i: &'a str, depth: usize) -> PResult<'a, Cond> {
        let at = lex::ws(i);
        let nested = lex::peek_kw(at, "not") || at.starts_with('(');
        if nested && depth >= MAX_DEPTH {
            return Err(nom::Err::Failure(PError::invalid(
                at,
                SyntaxErrorKind::TooDeep(MAX_DEPTH),
                1.max(lex::word_at(at).map_or(1, str::len)),
            )));
        }
        if let Ok((rest, _)) = lex::kw("not")(i) {
            let (rest, inner) = cut(|i| self.negation(i, depth + 1)).parse(rest)?;
            return Ok((rest, Cond::Not(Box::new(inner), self.span(at, rest))));
        }
        if let Ok((rest, _)) = lex::punct("(")(i) {
            let (rest, inner) = cut(|i| self.condition(i, depth + 1)).parse(rest)?;
            let (rest, _) = cut(lex::punct(")"))
                .parse(rest)
                .map_err(|e| self.also_expected(e, &[Expect::Kw("and"), Expect::Kw("or")]))?;
            return Ok((rest, Cond::Paren(Box::new(inner), self.span(at, rest))));
        }
        self.atom(i)
    }

    fn atom(&self, i: &'a str) -> PResult<'a, Cond> {
        let at = lex::ws(i);
        let (rest, cond) = match lex::word_at(at) {
            Some("unanimity") => {
                let rest = &at["unanimity".len()..];
                match lex::kw("of")(rest) {
                    Ok((r, _)) => cut(|i| self.int(i))
                        .parse(r)
                        .map(|(r, n)| (r, Cond::Unanimity { of: Some(n), span: Default::default() }))?,
                    Err(_) => (rest, Cond::Unanimity { of: None, span: Default::default() }),
                }
            }
            Some("consensus") => (&at["consensus".len()..], Cond::Consensus(Default::default())),
            Some(w @ ("supporters" | "opponents" | "abstainers")) => {
                cut(|i| self.hold(i, w)).parse(&at[w.len()..])?
            }
            Some(w)
                if !lex::is_keyword(w) || matches!(w, "all" | "no" | "at" | "more" | "fewer" | "exactly") =>
            {
                self.quantified(i)?
            }
            _ => return expected(i, ATOM),
        };
        Ok((rest, cond.with_span(self.span(at, rest))))
    }

    /// `hold at least 65% of population`, after `supporters`.
    fn hold(&self, i: &'a str, who: &str) -> PResult<'a, Cond> {
        let side = match who {
            "supporters" => Side::Supporters,
            "opponents" => Side::Opponents,
            _ => Side::Abstainers,
        };
        let (i, _) = lex::kw("hold")(i)?;
        let (i, compare) = self.compare(i)?;
        let (i, ratio) = self.ratio(i)?;
        let (i, _) = lex::kw("of")(i)?;
        let (i, attribute) = self.name(i)?;
        Ok((i, Cond::Hold { side, compare, ratio, attribute, span: Default::default() }))
    }

    /// `QUANT SET VERB`
    fn quantified(&self, i: &'a str) -> PResult<'a, Cond> {
        let (i, quant) = self.quant(i)?;
        let (i, set) = cut(|i| self.set(i)).parse(i)?;
        let (i, verb) = cut(|i| self.verb(i)).parse(i)?;
        Ok((i, Cond::Quant { quant, set, verb, span: Default::default() }))
    }

    fn quant(&self, i: &'a str) -> PResult<'a, Quant> {
        if let Ok((r, _)) = lex::kw("all")(i) {
            return Ok((r, Quant::All));
        }
        if let Ok((r, _)) = lex::kw("no")(i) {
            return Ok((r, Quant::No));
        }
        let (i, compare) = self.compare(i).or_else(|_| expected(i, ATOM))?;
        let (i, amount) = cut(|i| self.amount(i)).parse(i)?;
        let (i, of) = match lex::kw("of")(i) {
            Ok((r, _)) => (r, true),
            Err(_) => (i, false),
        };
        Ok((i, Quant::Compare { compare, amount, of }))
    }

    fn compare(&self, i: &'a str) -> PResult<'a, Compare> {
        let two = |a: &'static str, b: &'static str, c: Compare| {
            move |i: &'a str| -> PResult<'a, Compare> {
                let (i, _) = lex::kw(a)(i)?;
                let (i, _) = lex::kw(b)(i)?;
                Ok((i, c))
            }
        };
        alt((
            two("at", "least", Compare::AtLeast),
            two("at", "most", Compare::AtMost),
            two("more", "than", Compare::MoreThan),
            two("fewer", "than", Compare::FewerThan),
            |i| lex::kw("exactly")(i).map(|(r, _)| (r, Compare::Exactly)),
        ))
        .parse(i)
    }

    fn amount(&self, i: &'a str) -> PResult<'a, Amount> {
        let at = lex::ws(i);
        let digits = at.find(|c: char| !(c.is_ascii_digit() || c == '_' || c == '.')).unwrap_or(at.len());
        let is_ratio = lex::peek_kw(at, "half") || at[digits..].starts_with(['%', '/']);
        if is_ratio {
            self.ratio(i).map(|(r, x)| (r, Amount::Share(x)))
        } else {
            self.int(i).map(|(r, n)| (r, Amount::Count(n)))
        }
    }

    /// `half`, `65%`, `55.5%`, `2/3`
    pub(super) fn ratio(&self, i: &'a str) -> PResult<'a, Ratio> {
        let at = lex::ws(i);
        if let Ok((rest, _)) = lex::kw("half")(i) {
            return Ok((rest, Ratio { form: RatioForm::Half, span: self.span(at, rest) }));
        }
        let (rest, number) = self
            .number(i)
            .or_else(|_| expected(i, Expect::Thing("a ratio (`2/3`, `65%` or `half`)", &["half"])))?;
        let form = if let Some(rest) = rest.strip_prefix('%') {
            let form = RatioForm::Percent(number.clone());
            if number.mantissa > 100 * 10u128.pow(number.scale as u32) {
                return self.bad_ratio(at, rest, SyntaxErrorKind::RatioAboveOne);
            }
            (rest, form)
        } else if let Some(after) = rest.strip_prefix('/') {
            let (r, q) = cut(|i| self.int(i)).parse(after)?;
            let p = self.int(i)?.1;
            if q.value == 0 {
                return self.bad_ratio(at, r, SyntaxErrorKind::ZeroDenominator);
            }
            if p.value > q.value {
                return self.bad_ratio(at, r, SyntaxErrorKind::RatioAboveOne);
            }
            (r, RatioForm::Fraction(p, q))
        } else {
            return expected(rest, Expect::Thing("`%` or `/` after the number", &[]));
        };
        Ok((form.0, Ratio { form: form.1, span: self.span(at, form.0) }))
    }

    fn bad_ratio<T>(&self, at: &'a str, rest: &'a str, kind: SyntaxErrorKind) -> PResult<'a, T> {
        Err(nom::Err::Failure(PError::invalid(at, kind, at.len() - rest.len())))
    }

    /// `members`, `member of P5`, `voters`, or a group name.
    fn set(&self, i: &'a str) -> PResult<'a, Set> {
        let at = lex::ws(i);
        match lex::word_at(at) {
            Some("voters") => {
                let rest = &at["voters".len()..];
                Ok((rest, Set::Voters(self.span(at, rest))))
            }
            Some(w @ ("member" | "members")) => {
                let rest = &at[w.len()..];
                let (rest, group) = match lex::kw("of")(rest) {
                    Ok((r, _)) => cut(|i| self.name(i)).parse(r).map(|(r, n)| (r, Some(n)))?,
                    Err(_) => (rest, None),
                };
                Ok((rest, Set::Members { plural: w == "members", group, span: self.span(at, rest) }))
            }
            _ => self.name(i).map(|(r, n)| (r, Set::Group(n))).or_else(|_| {
                expected(
                    i,
                    Expect::Thing(
                        "`members`, `members of GROUP`, `voters` or a group",
                        &["members", "member", "voters"],
                    ),
                )
            }),
        }
    }

    fn verb(&self, i: &'a str) -> PResult<'a, Verb> {
        let (rest, tok) = lex::word(i).or_else(|_| expected(i, VERB))?;
        let (kind, third_person) = match tok.value {
            "support" => (VerbKind::Takes(Stance::Support), false),
            "supports" => (VerbKind::Takes(Stance::Support), true),
            "oppose" => (VerbKind::Takes(Stance::Oppose), false),
            "opposes" => (VerbKind::Takes(Stance::Oppose), true),
            "abstain" => (VerbKind::Takes(Stance::Abstain), false),
            "abstains" => (VerbKind::Takes(Stance::Abstain), true),
            "vote" => (VerbKind::Vote, false),
            "votes" => (VerbKind::Vote, true),
            _ => return expected(i, VERB),
        };
        Ok((rest, Verb { kind, third_person }))
    }
}

use nom::Parser as _;

impl Selector {
    fn with_span(self, span: crate::source::Span) -> Selector {
        match self {
            Selector::Appointments { office, plural, .. } => Selector::Appointments { office, plural, span },
            Selector::Admissions { body, plural, .. } => Selector::Admissions { body, plural, span },
            Selector::Resolutions { body, plural, .. } => Selector::Resolutions { body, plural, span },
            Selector::Proposals { body, plural, .. } => Selector::Proposals { body, plural, span },
            Selector::Nominations { office, plural, .. } => Selector::Nominations { office, plural, span },
            s @ Selector::Proposal(_) => s,
        }
    }
}

impl Cond {
    fn with_span(self, span: crate::source::Span) -> Cond {
        match self {
            Cond::Unanimity { of, .. } => Cond::Unanimity { of, span },
            Cond::Consensus(_) => Cond::Consensus(span),
            Cond::Quant { quant, set, verb, .. } => Cond::Quant { quant, set, verb, span },
            Cond::Hold { side, compare, ratio, attribute, .. } => {
                Cond::Hold { side, compare, ratio, attribute, span }
            }
            other => other,
        }
    }
}
