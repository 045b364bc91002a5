//! Errors found while resolving names, checking the integrity of facts and reading rules.

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelErrorKind {
    Name,
    Fact,
    Rule,
}

/// One problem in the input, located, with the places that explain it.
#[derive(Clone, Debug)]
pub struct ModelError {
    pub code: &'static str,
    pub kind: ModelErrorKind,
    /// Warnings still let the rules be checked as usual.
    pub warning: bool,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub related: Vec<(Span, String)>,
    pub help: Option<String>,
    /// The rule it concerns, for rule errors.
    pub rule: Option<String>,
    /// For a name that is no member of a body: the body, and the member suggested instead.
    pub(super) misspelt: Option<(super::BodyId, super::Sym)>,
}

impl ModelError {
    pub fn new(
        code: &'static str,
        kind: ModelErrorKind,
        message: String,
        span: Span,
        label: &str,
    ) -> ModelError {
        ModelError {
            code,
            kind,
            warning: false,
            message,
            span,
            label: label.into(),
            related: Vec::new(),
            help: None,
            rule: None,
            misspelt: None,
        }
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> ModelError {
        self.related.push((span, message.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> ModelError {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> ModelError {
        self.warning = true;
        self
    }

    pub fn rule(mut self, name: &str) -> ModelError {
        self.rule = Some(name.into());
        self
    }
}

/// An error in a fact (category `fact`).
pub(super) fn fact_error(code: &'static str, message: String, span: Span, label: &str) -> ModelError {
    ModelError::new(code, ModelErrorKind::Fact, message, span, label)
}
