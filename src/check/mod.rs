//! Evaluation: every rule against the model, each failure a [`Violation`] with evidence.

mod convince;
mod days;
mod deadline;
mod decision;
mod eval;
mod nominations;
mod terms;
pub(crate) mod uncertain;
pub mod worlds;

pub use convince::{convince, search, Answer, Budget, Convince};
pub use eval::{atom_outcome, eval, AtomOutcome, Counts, Missing, Tally};

use crate::model::{Model, Rule, RuleForm, Severity, Sym};
use crate::source::Span;
use jiff::civil::Date;
use std::sync::Arc;

/// A member on the failing side of a decision rule, with the date of its latest position.
/// Large records list millions of these: the name is shared, the date kept as a date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Offender {
    pub member: std::sync::Arc<str>,
    pub stance: &'static str,
    #[serde(serialize_with = "as_text")]
    pub since: Option<Date>,
    /// An offender in every world where the rule fails (always, without uncertain days).
    pub certain: bool,
}

/// Whether a violation happened in every world the record allows, or in some only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Certainty {
    Certain,
    /// `exact` is false when the search could not settle whether every world fails.
    Possible {
        exact: bool,
    },
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Certain => "certain",
            Certainty::Possible { .. } => "possible",
        }
    }
}

fn as_text<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// One failure of one rule.
#[derive(Clone, Debug)]
pub struct Violation {
    pub code: &'static str,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub subject: Option<String>,
    pub date: Option<Date>,
    pub primary: (Span, String),
    pub related: Vec<(Span, Arc<str>)>,
    pub offenders: Vec<Offender>,
    pub help: Option<String>,
    /// Lists of names after the help, as (what they are, the names): the human report
    /// cuts them, the JSON report gives them whole.
    pub lists: Vec<(String, Vec<String>)>,
    pub sources: Vec<String>,
    pub certainty: Certainty,
    /// The recorded counts a decision violation was computed from (version 2, C).
    pub counts: Option<Counts>,
}

/// A rule that could not be evaluated for one case (a member without the attribute).
#[derive(Clone, Debug)]
pub struct EvalError {
    pub code: &'static str,
    pub rule: String,
    pub message: String,
    pub primary: (Span, String),
    pub related: Vec<(Span, String)>,
    pub help: String,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub violations: Vec<Violation>,
    pub errors: Vec<EvalError>,
    /// Each offender's name by its key, made once and shared by every violation that
    /// cites it.
    names: Vec<Option<std::sync::Arc<str>>>,
}

impl Outcome {
    fn shared_name(&mut self, model: &Model, member: Sym) -> std::sync::Arc<str> {
        let key = lasso::Key::into_usize(member);
        if key >= self.names.len() {
            self.names.resize(model.names.len().max(key + 1), None);
        }
        self.names[key].get_or_insert_with(|| model.name(member).into()).clone()
    }
}

/// Checks every rule of the model.
pub fn check(model: &Model) -> Outcome {
    let mut outcome = Outcome::default();
    decision::adoptions(model, &mut outcome);
    for rule in &model.rules {
        let mut out = Found { model, rule, outcome: &mut outcome };
        match &rule.form {
            RuleForm::Adopting { .. } => {} // with every decision rule at once, above
            RuleForm::TermsMonth { office, edge, month } => terms::month(&mut out, *office, *edge, *month),
            RuleForm::TermsLast { office, bound, amount, unit } => {
                terms::length(&mut out, *office, *bound, *amount, *unit)
            }
            RuleForm::TermsNeverOverlap { office } => terms::overlap(&mut out, *office),
            RuleForm::TermsFollowAppointment { office } => terms::appointed(&mut out, *office),
            RuleForm::NeverVacant { office, from, until } => terms::vacancy(&mut out, *office, *from, *until),
            RuleForm::AdoptedBy { selector, date } => deadline::adopted_by(&mut out, *selector, *date),
            RuleForm::HasMembers { body, bound, count, on } => {
                deadline::member_count(&mut out, *body, *bound, *count, *on)
            }
            RuleForm::AppointmentsFollowNomination { office } => nominations::followed(&mut out, *office),
        }
    }
    outcome
}

/// What one rule's check writes to: the model, the rule, and the outcome so far.
pub(crate) struct Found<'a> {
    pub model: &'a Model,
    pub rule: &'a Rule,
    pub outcome: &'a mut Outcome,
}

impl Found<'_> {
    /// A violation of the current rule, with the rule labelled and its `because` as help.
    fn violation(&mut self, code: &'static str, message: String, primary: (Span, String)) -> &mut Violation {
        let rule = self.rule;
        let related = if primary.0.same_place(&rule.span) {
            Vec::new()
        } else {
            vec![(rule.span, format!("rule `{}`", rule.name).into())]
        };
        self.outcome.violations.push(Violation {
            code,
            rule: rule.name.to_string(),
            severity: rule.severity,
            message,
            subject: None,
            date: None,
            primary,
            related,
            offenders: Vec::new(),
            help: rule.because.as_ref().map(|b| b.to_string()),
            lists: Vec::new(),
            sources: Vec::new(),
            certainty: Certainty::Certain,
            counts: None,
        });
        self.outcome.violations.last_mut().expect("just pushed")
    }

    fn name(&self, sym: Sym) -> &str {
        self.model.name(sym)
    }
}

impl Violation {
    fn about(&mut self, subject: impl Into<String>, date: Date) -> &mut Self {
        self.subject = Some(subject.into());
        self.date = Some(date);
        self
    }

    fn cite(&mut self, source: Option<&str>) -> &mut Self {
        if let Some(s) = source.filter(|s| !self.sources.iter().any(|x| x == s)) {
            self.sources.push(s.to_string());
        }
        self
    }
}
