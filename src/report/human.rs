//! miette's graphical reports: labelled snippets from every file a diagnostic involves.

use super::{Diagnostic, Label, Report, Severity};
use crate::source::FileId;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap at this many columns (tests use 80).
    pub width: usize,
    /// Only the summary line and errors.
    pub quiet: bool,
}

/// Renders every diagnostic, then the summary line.
pub fn render_human(report: &Report, options: HumanOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false);
    let mut out = String::new();
    for d in &report.diagnostics {
        if options.quiet && d.severity != Severity::Error {
            continue;
        }
        let rendered = Rendered::new(report, d);
        // Distant labels follow as snippets of their own, so that no snippet spans pages.
        for part in std::iter::once(&rendered).chain(&rendered.related) {
            if handler.render_report(&mut out, part).is_err() {
                out.push_str(&format!("{}: {}\n", d.code, d.message));
            }
        }
    }
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

/// A diagnostic's labels in one file, as miette wants them.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: Option<&'static str>,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Arc<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

/// Labels further apart than this many lines get snippets of their own.
const NEARBY_LINES: usize = 3;

impl Rendered {
    fn new(report: &Report, d: &Diagnostic) -> Rendered {
        let file = d.primary.span.file;
        let line = |l: &Label| report.sources.get(l.span.file).line_col(l.span.start as usize).0;
        let primary_line = line(&d.primary);
        let near = |l: &&Label| l.span.file == file && line(l).abs_diff(primary_line) <= NEARBY_LINES;
        let mut labels = vec![labeled(&d.primary, true)];
        labels.extend(d.related.iter().filter(near).map(|l| labeled(l, false)));
        let mut far: Vec<&Label> = d.related.iter().filter(|l| !near(l)).collect();
        far.sort_by_key(|l| (l.span.file, l.span.start));
        let mut related = Vec::new();
        for cluster in far.chunk_by(|a, b| a.span.file == b.span.file && line(b) - line(a) <= NEARBY_LINES) {
            related.push(Rendered::snippet(report, cluster));
        }
        Rendered {
            message: d.message.clone(),
            code: Some(d.code),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: help_with_sources(d),
            source: named_source(report, file),
            labels,
            related,
        }
    }

    /// Nearby labels of one file, shown as a snippet of their own under the diagnostic.
    fn snippet(report: &Report, cluster: &[&Label]) -> Rendered {
        let file = cluster[0].span.file;
        Rendered {
            message: format!("see {}", report.sources.get(file).name),
            code: None,
            severity: miette::Severity::Advice,
            help: None,
            source: named_source(report, file),
            labels: cluster.iter().map(|l| labeled(l, false)).collect(),
            related: Vec::new(),
        }
    }
}

fn named_source(report: &Report, file: FileId) -> NamedSource<Arc<String>> {
    let f = report.sources.get(file);
    NamedSource::new(&f.name, f.text.clone())
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let span = SourceSpan::new((label.span.start as usize).into(), label.span.len());
    let text = Some(label.message.to_string()).filter(|m| !m.is_empty());
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

fn help_with_sources(d: &Diagnostic) -> Option<String> {
    let sources = (!d.sources.is_empty()).then(|| {
        let list: Vec<String> = d.sources.iter().map(|s| format!("[{s}]")).collect();
        format!("sources: {}", list.join(", "))
    });
    match (&d.help, sources) {
        (Some(h), Some(s)) => Some(format!("{h}\n{s}")),
        (h, s) => h.clone().or(s),
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
