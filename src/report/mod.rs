//! Diagnostics as data, and their renderings: human (miette), short, JSON and SARIF.

pub mod codes;
mod convert;
mod human;
mod json;
mod sarif;
mod short;

pub use human::{render_human, HumanOptions};
pub use json::{render_json, write_json};
pub use sarif::render_sarif;
pub use short::render_short;

use crate::source::{SourceMap, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Syntax,
    Name,
    Fact,
    Rule,
    Violation,
}

/// A place in a file and what it says there.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    /// Shared: the rules about one decision label the same positions alike.
    pub message: std::sync::Arc<str>,
}

pub use crate::check::Offender;

/// One finding of a run, whatever stage produced it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    pub rule: Option<String>,
    pub subject: Option<String>,
    pub date: Option<String>,
    pub primary: Label,
    pub related: Vec<Label>,
    pub offenders: Vec<Offender>,
    pub help: Option<String>,
    pub sources: Vec<String>,
}

impl Diagnostic {
    /// An error in the input (not a rule broken by the facts): exit status 2.
    pub fn is_input_error(&self) -> bool {
        self.category != Category::Violation && self.severity == Severity::Error
    }

    /// A diagnostic with only the essentials; the rest is filled in by the caller.
    pub fn new(
        code: &'static str,
        severity: Severity,
        category: Category,
        message: String,
        primary: Label,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            category,
            message,
            rule: None,
            subject: None,
            date: None,
            primary,
            related: Vec::new(),
            offenders: Vec::new(),
            help: None,
            sources: Vec::new(),
        }
    }
}

/// The outcome of a run: the files read, what was counted, and every diagnostic, sorted.
#[derive(Debug, Default)]
pub struct Report {
    pub sources: SourceMap,
    pub as_of: Option<String>,
    pub facts: usize,
    pub rules: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Sorts diagnostics by file (reading order), offset, then code.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.primary.span.file, d.primary.span.start, d.code);
            key(a).cmp(&key(b))
        });
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// `2 errors, 1 warning · 5 rules · 143 facts · as of 2024-10-01`
    pub fn summary_line(&self) -> String {
        let plural = |n: usize, one: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {one}s") };
        let mut parts = vec![
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
        ];
        if self.count(Severity::Info) > 0 {
            parts.push(plural(self.count(Severity::Info), "info"));
        }
        let mut line =
            format!("{} · {} · {}", parts.join(", "), plural(self.rules, "rule"), plural(self.facts, "fact"));
        if let Some(d) = &self.as_of {
            line.push_str(&format!(" · as of {d}"));
        }
        line
    }

    /// Line, column (from 1, in characters), byte offset and length of a span.
    pub fn locate(&self, span: Span) -> Location<'_> {
        let file = self.sources.get(span.file);
        let (line, column) = file.line_col(span.start as usize);
        Location { file: &file.name, line, column, offset: span.start as usize, length: span.len() }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub length: usize,
}
