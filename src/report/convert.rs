//! Each stage's findings as report diagnostics.

use super::{Category, Diagnostic, Label, Offender, Severity};
use crate::check::{EvalError, Violation};
use crate::model::{ModelError, ModelErrorKind};

fn labels<M: Into<std::sync::Arc<str>>>(related: Vec<(crate::source::Span, M)>) -> Vec<Label> {
    related.into_iter().map(|(span, message)| Label { span, message: message.into() }).collect()
}

impl From<crate::syntax::SyntaxError> for Diagnostic {
    fn from(e: crate::syntax::SyntaxError) -> Diagnostic {
        let primary = Label { span: e.span, message: e.label().into() };
        let mut d = Diagnostic::new(e.code(), Severity::Error, Category::Syntax, e.message(), primary);
        d.help = e.help();
        d
    }
}

impl From<ModelError> for Diagnostic {
    fn from(e: ModelError) -> Diagnostic {
        let category = match e.kind {
            ModelErrorKind::Name => Category::Name,
            ModelErrorKind::Fact => Category::Fact,
            ModelErrorKind::Rule => Category::Rule,
        };
        let severity = if e.warning { Severity::Warning } else { Severity::Error };
        let mut d = Diagnostic::new(
            e.code,
            severity,
            category,
            e.message,
            Label { span: e.span, message: e.label.into() },
        );
        d.related = labels(e.related);
        d.help = e.help;
        d.rule = e.rule;
        d
    }
}

impl From<Violation> for Diagnostic {
    fn from(v: Violation) -> Diagnostic {
        let severity = match v.severity {
            crate::model::Severity::Error => Severity::Error,
            crate::model::Severity::Warning => Severity::Warning,
            crate::model::Severity::Info => Severity::Info,
        };
        let (span, message) = v.primary;
        let mut d = Diagnostic::new(
            v.code,
            severity,
            Category::Violation,
            v.message,
            Label { span, message: message.into() },
        );
        d.rule = Some(v.rule);
        d.subject = v.subject;
        d.date = v.date.map(|d| d.to_string());
        d.related = labels(v.related);
        d.offenders = v
            .offenders
            .into_iter()
            .map(|o| Offender { member: o.member, stance: o.stance, since: o.since, certain: o.certain })
            .collect();
        d.help = v.help;
        d.certainty = Some(v.certainty);
        d.counts = v.counts;
        d.lists = v.lists.into_iter().map(|(intro, names)| super::NameList { intro, names }).collect();
        d.sources = v.sources;
        d
    }
}

impl From<EvalError> for Diagnostic {
    fn from(e: EvalError) -> Diagnostic {
        let (span, message) = e.primary;
        let mut d = Diagnostic::new(
            e.code,
            Severity::Error,
            Category::Rule,
            e.message,
            Label { span, message: message.into() },
        );
        d.rule = Some(e.rule);
        d.related = labels(e.related);
        d.help = Some(e.help);
        d
    }
}
