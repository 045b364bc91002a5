//! Diagnostics as data, and their renderings: human (miette), short, JSON and SARIF.

pub mod codes;
mod convert;
mod excerpt;
mod github;
mod human;
mod json;
mod sarif;
mod short;

pub use github::{render_github, write_github};
pub use human::{render_human, write_human, HumanOptions};
pub use json::{render_json, write_json};
pub use sarif::{information_uri as sarif_information_uri, render_sarif, write_sarif};
pub use short::{render_short, write_short};

use crate::source::{SourceMap, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`, as every format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
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
    /// Lists of names that follow the help, each on a line of its own.
    pub lists: Vec<NameList>,
    pub sources: Vec<String>,
    /// For violations: certain, or possible when it fails in some worlds only.
    pub certainty: Option<crate::check::Certainty>,
    /// For a violation computed from a recorded vote: its counts.
    pub counts: Option<crate::check::Counts>,
}

/// Names a diagnostic lists after its help (`no recorded position: A, B, C`): machines
/// are given every name, people the first few.
#[derive(Clone, Debug)]
pub struct NameList {
    pub intro: String,
    pub names: Vec<String>,
}

/// Whether a diagnostic counts as an error: errors, and warnings when `--deny warnings`
/// makes them errors. `--quiet` shows these, so that a report that fails shows why.
pub fn counts_as_error(d: &Diagnostic, deny_warnings: bool) -> bool {
    d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
}

/// `A, B, C`, or with a cap, `A, B … and 990 more; --format json lists all`.
pub fn cut_list(names: &[impl AsRef<str>], cap: Option<usize>) -> String {
    let shown = names.len().min(cap.unwrap_or(usize::MAX));
    let mut out = names[..shown].iter().map(AsRef::as_ref).collect::<Vec<&str>>().join(", ");
    if shown < names.len() {
        out.push_str(&format!(" … and {} more; --format json lists all", names.len() - shown));
    }
    out
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
            lists: Vec::new(),
            sources: Vec::new(),
            certainty: None,
            counts: None,
        }
    }

    /// The help's lines, then one line per list, each list cut after `cap` names.
    pub fn help_lines(&self, cap: Option<usize>) -> Vec<String> {
        let mut lines: Vec<String> = self.help.iter().cloned().collect();
        let lists = self.lists.iter().map(|l| format!("{}: {}", l.intro, cut_list(&l.names, cap)));
        lines.extend(lists);
        lines
    }

    /// The help when it is the fix of a misspelling, "did you mean `X`?": the one help a
    /// line of the short format has room for.
    pub fn did_you_mean(&self) -> Option<&str> {
        self.help.as_deref().filter(|h| h.starts_with("did you mean") && !h.contains('\n'))
    }

    /// The help with every name of its lists, as machines are given it.
    pub fn full_help(&self) -> Option<String> {
        let lines = self.help_lines(None);
        (!lines.is_empty()).then(|| lines.join("\n"))
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
    /// The diagnostics a terminal or line format shows: all of them, or under `quiet`
    /// only those that fail the run.
    pub fn shown(&self, quiet: bool, deny_warnings: bool) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| !quiet || counts_as_error(d, deny_warnings))
    }

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
        let (line, column) = self.sources.get(span.file).line_col(span.start as usize);
        self.located(span, (line, column))
    }

    /// [`Report::locate`] for many spans at once, in the same order: they are looked up in
    /// file order, so that a large file's line index is read front to back rather than at
    /// random (several times faster for the millions of labels of a large report).
    pub fn locate_all(&self, spans: &[Span]) -> Vec<Location<'_>> {
        // Each label's place as one number beside its index: the sort compares what it
        // holds instead of looking up both spans for every comparison.
        let mut order: Vec<(u64, u32)> = spans
            .iter()
            .enumerate()
            .map(|(n, span)| ((span.file.0 as u64) << 32 | span.start as u64, n as u32))
            .collect();
        order.sort_unstable();
        let mut lines = vec![(0, 0); spans.len()];
        for (_, n) in order {
            let span = spans[n as usize];
            lines[n as usize] = self.sources.get(span.file).line_col(span.start as usize);
        }
        spans.iter().zip(lines).map(|(&span, line)| self.located(span, line)).collect()
    }

    fn located(&self, span: Span, (line, column): (usize, usize)) -> Location<'_> {
        let file = &self.sources.get(span.file).name;
        Location { file, line, column, offset: span.start as usize, length: span.len() }
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
