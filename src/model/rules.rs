//! Rules with their names resolved to the model's declarations.

use super::{BodyId, GroupId, OfficeId, ProposalId, Stance, Sym};
use crate::source::Span;
use jiff::civil::Date;
use smol_str::SmolStr;

pub use crate::syntax::ast::{Bound, Compare, Edge, Severity, Unit};
use std::collections::HashMap;

#[derive(Debug)]
pub struct Rule {
    pub name: SmolStr,
    pub severity: Severity,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub form: RuleForm,
    pub because: Option<SmolStr>,
    pub span: Span,
}

impl Rule {
    /// Whether a date lies in the rule's window `[from, until)`.
    pub fn applies_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }
}

#[derive(Debug)]
pub enum RuleForm {
    Adopting { selector: Selector, condition: Cond },
    TermsMonth { office: OfficeId, edge: Edge, month: i8 },
    TermsLast { office: OfficeId, bound: Bound, amount: i64, unit: Unit },
    TermsNeverOverlap { office: OfficeId },
    TermsFollowAppointment { office: OfficeId },
    NeverVacant { office: OfficeId, from: Option<Date>, until: Option<Date> },
    AdoptedBy { selector: Selector, date: Date },
    HasMembers { body: BodyId, bound: Bound, count: u64, on: Option<Date> },
    AppointmentsFollowNomination { office: OfficeId },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    Proposal(ProposalId),
    Appointments(OfficeId),
    Admissions(BodyId),
    Resolutions(BodyId),
    Proposals(BodyId),
    Nominations(OfficeId),
}

/// A decision condition over the members of the proposal's body at the decision date.
#[derive(Clone, Debug)]
pub enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    Atom(Atom),
}

/// A test on how many members of a set take a stance (`unanimity` is "all members
/// support", `consensus` "no member opposes"), or on their share of a weight.
#[derive(Clone, Debug)]
pub struct Atom {
    pub kind: AtomKind,
    pub span: Span,
    /// The atom as written, for messages.
    pub text: String,
}

/// The stances an atom counts: one, or any vote (support, oppose or abstain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Stance(Stance),
    Vote,
}

impl Counted {
    pub fn counts(self, stance: Stance) -> bool {
        match self {
            Counted::Stance(s) => s == stance,
            Counted::Vote => stance != Stance::None,
        }
    }

    /// The verb of messages: "support", "vote".
    pub fn verb(self) -> &'static str {
        match self {
            Counted::Stance(Stance::Support) => "support",
            Counted::Stance(Stance::Oppose) => "oppose",
            Counted::Stance(Stance::Abstain) => "abstain",
            Counted::Stance(Stance::None) => "take no position",
            Counted::Vote => "vote",
        }
    }
}

/// Whether a member of a stance belongs to a set that is only the voters (supporters and
/// opponents: "present and voting"), or to any set.
pub fn is_voter(stance: Stance) -> bool {
    matches!(stance, Stance::Support | Stance::Oppose)
}

#[derive(Clone, Debug)]
pub enum AtomKind {
    Count {
        group: Option<GroupId>,
        /// The set is only the members who support or oppose (`voters`).
        voters: bool,
        counted: Counted,
        test: CountTest,
        /// `unanimity of N`: the body must also have exactly N deciding members.
        members: Option<u64>,
    },
    Weight {
        stance: Stance,
        compare: Compare,
        ratio: (u128, u128),
        attribute: Sym,
    },
}

#[derive(Clone, Copy, Debug)]
pub enum CountTest {
    All,
    No,
    Count(Compare, u64),
    Share(Compare, (u128, u128)),
}

use super::declare::{Kind, Resolver};
use super::err::{ModelError, ModelErrorKind};
use super::Model;
use crate::syntax::ast;

impl Model {
    /// Whether a proposal is one a selector is about.
    pub fn selects(&self, selector: Selector, proposal: ProposalId) -> bool {
        let p = &self.proposals[proposal.index()];
        match selector {
            Selector::Proposal(id) => id == proposal,
            Selector::Appointments(office) => {
                matches!(p.kind, super::ProposalKind::Appoint { office: o, .. } if o == office)
            }
            Selector::Admissions(body) => {
                p.body == body && matches!(p.kind, super::ProposalKind::Admit { .. })
            }
            Selector::Resolutions(body) => {
                p.body == body && matches!(p.kind, super::ProposalKind::Resolve { .. })
            }
            Selector::Proposals(body) => p.body == body,
            Selector::Nominations(office) => {
                matches!(p.kind, super::ProposalKind::Nominate { office: o, .. } if o == office)
            }
        }
    }

    pub fn selected(&self, selector: Selector) -> impl Iterator<Item = ProposalId> + '_ {
        (0..self.proposals.len() as u32).map(ProposalId).filter(move |&p| self.selects(selector, p))
    }
}

fn rule_error(code: &'static str, message: String, span: Span, label: &str, rule: &ast::Rule) -> ModelError {
    ModelError::new(code, ModelErrorKind::Rule, message, span, label).rule(&rule.name.text)
}

impl Resolver<'_> {
    /// Resolves a rule's names; a rule with an unresolved name is reported, not checked.
    pub fn resolve_rule(&mut self, rule: &ast::Rule) {
        let Some(form) = self.rule_form(rule) else { return };
        self.warn_if_empty(rule, &form);
        self.warn_foreign_groups(rule, &form);
        self.m.rules.push(Rule {
            name: rule.name.text.clone(),
            severity: rule.severity.unwrap_or(Severity::Error),
            from: rule.from.map(|d| d.date),
            until: rule.until.map(|d| d.date),
            form,
            because: rule.because.as_ref().map(|b| b.text.clone()),
            span: rule.span,
        });
    }

    fn rule_form(&mut self, rule: &ast::Rule) -> Option<RuleForm> {
        use ast::RuleBody as B;
        Some(match &rule.body {
            B::Adopting { selector, condition } => {
                let (selector, condition) = (self.selector(selector), self.cond(condition, rule));
                RuleForm::Adopting { selector: selector?, condition: condition? }
            }
            B::TermsMonth { office, edge, month } => {
                RuleForm::TermsMonth { office: self.office(office)?, edge: *edge, month: month.0 as i8 }
            }
            B::TermsLast { office, bound, amount, unit } => {
                let amount = i64::try_from(amount.value).ok().filter(|&a| a <= 100_000).or_else(|| {
                    self.errors.push(rule_error(
                        "rule::too-long",
                        "this length is longer than any calendar can count".into(),
                        amount.span,
                        "too long",
                        rule,
                    ));
                    None
                })?;
                RuleForm::TermsLast { office: self.office(office)?, bound: *bound, amount, unit: *unit }
            }
            B::TermsNeverOverlap { office } => RuleForm::TermsNeverOverlap { office: self.office(office)? },
            B::TermsFollowAppointment { office } => {
                RuleForm::TermsFollowAppointment { office: self.office(office)? }
            }
            B::NeverVacant { office, from, until } => RuleForm::NeverVacant {
                office: self.office(office)?,
                from: from.map(|d| d.date),
                until: until.map(|d| d.date),
            },
            B::AdoptedBy { selector, date } => {
                RuleForm::AdoptedBy { selector: self.selector(selector)?, date: date.date }
            }
            B::AppointmentsFollowNomination { office, .. } => {
                RuleForm::AppointmentsFollowNomination { office: self.office(office)? }
            }
            B::HasMembers { body, bound, count, on } => RuleForm::HasMembers {
                body: self.body(body)?,
                bound: *bound,
                count: count.value,
                on: on.map(|d| d.date),
            },
        })
    }

    fn selector(&mut self, s: &ast::Selector) -> Option<Selector> {
        Some(match s {
            ast::Selector::Proposal(n) => Selector::Proposal(self.proposal(n)?),
            ast::Selector::Appointments { office, .. } => Selector::Appointments(self.office(office)?),
            ast::Selector::Admissions { body, .. } => Selector::Admissions(self.body(body)?),
            ast::Selector::Resolutions { body, .. } => Selector::Resolutions(self.body(body)?),
            ast::Selector::Proposals { body, .. } => Selector::Proposals(self.body(body)?),
            ast::Selector::Nominations { office, .. } => Selector::Nominations(self.office(office)?),
        })
    }

    /// Resolves every part of a condition, so that each bad name is reported.
    fn cond(&mut self, c: &ast::Cond, rule: &ast::Rule) -> Option<Cond> {
        let all = |items: &[ast::Cond], this: &mut Self| -> Option<Vec<Cond>> {
            let resolved: Vec<Option<Cond>> = items.iter().map(|i| this.cond(i, rule)).collect();
            resolved.into_iter().collect()
        };
        match c {
            ast::Cond::Or(items) => all(items, self).map(Cond::Or),
            ast::Cond::And(items) => all(items, self).map(Cond::And),
            ast::Cond::Not(inner, _) => self.cond(inner, rule).map(|c| Cond::Not(Box::new(c))),
            ast::Cond::Paren(inner, _) => self.cond(inner, rule),
            _ => self.atom(c, rule).map(Cond::Atom),
        }
    }

    fn atom(&mut self, c: &ast::Cond, rule: &ast::Rule) -> Option<Atom> {
        let span = c.span();
        let text = self.sources.slice(span).split_whitespace().collect::<Vec<_>>().join(" ");
        let kind = match c {
            ast::Cond::Unanimity { of: Some(n), .. } if n.value == 0 => {
                let e = rule_error(
                    "rule::zero-unanimity",
                    "`unanimity of 0` can never be met by a body with members".into(),
                    n.span,
                    "zero",
                    rule,
                )
                .help("write the number of members the body must have, e.g. `unanimity of 32`");
                self.errors.push(e);
                return None;
            }
            ast::Cond::Unanimity { of, .. } => AtomKind::Count {
                group: None,
                voters: false,
                counted: Counted::Stance(Stance::Support),
                test: CountTest::All,
                members: of.as_ref().map(|n| n.value),
            },
            ast::Cond::Consensus(_) => AtomKind::Count {
                group: None,
                voters: false,
                counted: Counted::Stance(Stance::Oppose),
                test: CountTest::No,
                members: None,
            },
            ast::Cond::Quant { quant, set, verb, .. } => {
                let group = match set {
                    ast::Set::Members { group: None, .. } | ast::Set::Voters(_) => None,
                    ast::Set::Members { group: Some(g), .. } | ast::Set::Group(g) => Some(self.group(g)?),
                };
                let voters = matches!(set, ast::Set::Voters(_));
                let test = match quant {
                    ast::Quant::All => CountTest::All,
                    ast::Quant::No => CountTest::No,
                    ast::Quant::Compare { compare, amount: ast::Amount::Count(n), .. } => {
                        CountTest::Count(*compare, n.value)
                    }
                    ast::Quant::Compare { compare, amount: ast::Amount::Share(r), .. } => {
                        CountTest::Share(*compare, r.value())
                    }
                };
                let counted = match verb.kind {
                    ast::VerbKind::Takes(stance) => Counted::Stance(Stance::from(stance)),
                    ast::VerbKind::Vote => Counted::Vote,
                };
                AtomKind::Count { group, voters, counted, test, members: None }
            }
            ast::Cond::Hold { side, compare, ratio, attribute, .. } => {
                let sym = self.sym(attribute);
                if !self.m.attribute_names.contains(&sym) {
                    let help = self.did_you_mean(Kind::Attribute, sym).unwrap_or_else(|| {
                        format!("give members a value with `MEMBER has {} NUMBER.`", attribute.text)
                    });
                    let e = ModelError::new(
                        "name::undeclared-attribute",
                        ModelErrorKind::Name,
                        format!("no fact gives anyone a `{}`", attribute.text),
                        attribute.span,
                        "unknown attribute",
                    )
                    .help(help);
                    self.errors.push(e);
                    return None;
                }
                let stance = match side {
                    ast::Side::Supporters => Stance::Support,
                    ast::Side::Opponents => Stance::Oppose,
                    ast::Side::Abstainers => Stance::Abstain,
                };
                AtomKind::Weight { stance, compare: *compare, ratio: ratio.value(), attribute: sym }
            }
            _ => unreachable!("only atoms reach here"),
        };
        Some(Atom { kind, span, text })
    }

    /// A selector that matches no proposal, or an office with no terms, checks nothing.
    fn warn_if_empty(&mut self, rule: &ast::Rule, form: &RuleForm) {
        let (empty, what) = match form {
            RuleForm::Adopting { selector, .. } | RuleForm::AdoptedBy { selector, .. } => {
                (self.m.selected(*selector).next().is_none(), "no proposal matches this rule")
            }
            RuleForm::TermsMonth { office, .. }
            | RuleForm::TermsLast { office, .. }
            | RuleForm::TermsNeverOverlap { office }
            | RuleForm::TermsFollowAppointment { office }
            | RuleForm::NeverVacant { office, .. } => {
                (self.m.offices[office.index()].terms.is_empty(), "no term of this office is recorded")
            }
            RuleForm::AppointmentsFollowNomination { office } => {
                let office = *office;
                let appoints = |p: &super::Proposal| matches!(p.kind, super::ProposalKind::Appoint { office: o, .. } if o == office);
                (!self.m.proposals.iter().any(appoints), "no appointment to this office is proposed")
            }
            RuleForm::HasMembers { .. } => (false, ""),
        };
        if empty {
            let e = rule_error(
                "rule::matches-nothing",
                format!("rule `{}` checks nothing: {what}", rule.name.text),
                rule.name.span,
                "checks nothing",
                rule,
            )
            .help("check the names in the rule, or add the facts it is about")
            .warning();
            self.errors.push(e);
        }
    }

    /// A group counts the members of its own body: used about a proposal of another body,
    /// it is almost surely a slip.
    fn warn_foreign_groups(&mut self, rule: &ast::Rule, form: &RuleForm) {
        let RuleForm::Adopting { selector, condition } = form else { return };
        let mut groups = Vec::new();
        groups_in(condition, &mut groups);
        let bodies: Vec<BodyId> =
            self.m.selected(*selector).map(|p| self.m.proposals[p.index()].body).collect();
        for g in groups {
            let group = &self.m.groups[g.index()];
            let Some(other) = bodies.iter().find(|b| **b != group.body) else { continue };
            let (name, own) = (self.m.name(group.name), self.m.name(self.m.bodies[group.body.index()].name));
            let e = rule_error(
                "rule::group-of-other-body",
                format!(
                    "group `{name}` is a group of {own}, but this rule is about proposals of {}",
                    self.m.name(self.m.bodies[other.index()].name)
                ),
                rule.name.span,
                "uses another body's group",
                rule,
            )
            .related(group.span, format!("a group of {own}"))
            .help("use a group of the proposals' body, or narrow the rule's selector")
            .warning();
            self.errors.push(e);
        }
    }

    /// `concord check` only reads tests: each rule a test expects something of must exist.
    pub fn check_tests(&mut self, tests: &[&ast::Test], rules: &[&ast::Rule]) {
        let known: Vec<&str> = rules.iter().map(|r| r.name.text.as_str()).collect();
        for test in tests {
            for e in &test.expect {
                let ast::Expectation::Rule { rule, .. } = e else { continue };
                if known.contains(&rule.text.as_str()) {
                    continue;
                }
                let help = match super::suggest_name(&rule.text, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "name a rule of the record, or declare it with `rule NAME: …`".into(),
                };
                let e = ModelError::new(
                    "rule::unknown-in-test",
                    ModelErrorKind::Rule,
                    format!(
                        "test `{}` expects something of `{}`, but no rule has that name",
                        test.name.text, rule.text
                    ),
                    rule.span,
                    "no such rule",
                )
                .help(help);
                self.errors.push(e);
            }
        }
    }

    /// Rule names live apart from fact names, but each is used once.
    pub fn check_rule_names<'a>(&mut self, names: impl Iterator<Item = &'a ast::Name>) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for name in names {
            if let Some(&first) = seen.get(name.text.as_str()) {
                let e = ModelError::new(
                    "rule::duplicate-name",
                    ModelErrorKind::Rule,
                    format!("two rules are named `{}`", name.text),
                    name.span,
                    "used again here",
                )
                .related(first, "first used here")
                .help("give each rule its own name, so that reports tell them apart")
                .rule(&name.text);
                self.errors.push(e);
            } else {
                seen.insert(&name.text, name.span);
            }
        }
    }
}

fn groups_in(cond: &Cond, out: &mut Vec<GroupId>) {
    match cond {
        Cond::Or(items) | Cond::And(items) => items.iter().for_each(|c| groups_in(c, out)),
        Cond::Not(inner) => groups_in(inner, out),
        Cond::Atom(Atom { kind: AtomKind::Count { group: Some(g), .. }, .. }) if !out.contains(g) => {
            out.push(*g)
        }
        Cond::Atom(_) => {}
    }
}
