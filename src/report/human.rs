//! miette's graphical reports: labelled snippets from every file a diagnostic involves.
//!
//! Each diagnostic is rendered on its own and written out at once, from an excerpt of the
//! lines it shows (see [`Excerpt`]): the report streams, and costs what it shows.

use super::excerpt::Excerpt;
use super::{Diagnostic, Label, Report, Severity};
use crate::terminal::{escape, escape_lines};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use std::fmt;
use std::io::{self, Write};

#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap at this many columns (tests use 80).
    pub width: usize,
    /// Only the summary line and errors.
    pub quiet: bool,
    /// With `quiet`, warnings too: `--deny warnings` makes them errors.
    pub deny_warnings: bool,
}

/// Names shown of each list, and labels shown besides the primary one: the rest are in
/// the JSON report.
pub const SHOWN: usize = 10;

/// Renders every diagnostic, then the summary line.
pub fn render_human(report: &Report, options: HumanOptions) -> String {
    let mut out = Vec::new();
    write_human(report, options, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes every diagnostic as it is rendered, then the summary line.
pub fn write_human(report: &Report, options: HumanOptions, w: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false);
    let mut out = String::new();
    for d in report.shown(options.quiet, options.deny_warnings) {
        out.clear();
        let rendered = Rendered::new(report, d);
        // Distant labels follow as snippets of their own, so that no snippet spans pages.
        for part in std::iter::once(&rendered).chain(&rendered.related) {
            if handler.render_report(&mut out, part).is_err() {
                out.push_str(&format!("{}: {}\n", d.code, escape(&d.message)));
            }
        }
        w.write_all(out.as_bytes())?;
    }
    writeln!(w, "{}", report.summary_line())
}

/// A diagnostic's labels in one file, as miette wants them.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: Option<&'static str>,
    severity: miette::Severity,
    help: Option<String>,
    source: Excerpt,
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
        let shown = &d.related[..d.related.len().min(SHOWN)];
        let near = |l: &&Label| l.span.file == file && line(l).abs_diff(primary_line) <= NEARBY_LINES;
        let mut labels = vec![(&d.primary, true)];
        labels.extend(shown.iter().filter(near).map(|l| (l, false)));
        let mut far: Vec<&Label> = shown.iter().filter(|l| !near(l)).collect();
        far.sort_by_key(|l| (l.span.file, l.span.start));
        let mut related = Vec::new();
        for cluster in far.chunk_by(|a, b| a.span.file == b.span.file && line(b) - line(a) <= NEARBY_LINES) {
            let labels: Vec<(&Label, bool)> = cluster.iter().map(|l| (*l, false)).collect();
            let name = escape(&report.sources.get(cluster[0].span.file).name).into_owned();
            related.push(Rendered::snippet(report, format!("see {name}"), &labels));
        }
        let mut rendered = Rendered::snippet(report, escape(&d.message).into_owned(), &labels);
        rendered.code = Some(d.code);
        rendered.severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        };
        rendered.help = help(d, d.related.len() - shown.len());
        rendered.related = related;
        // A path that could not be read has no text to show: its message names it.
        if report.sources.get(file).text.is_empty() && d.primary.span.is_empty() {
            rendered.labels.clear();
        }
        rendered
    }

    /// Labels of one file shown from an excerpt of it, under a message.
    fn snippet(report: &Report, message: String, labels: &[(&Label, bool)]) -> Rendered {
        let file = report.sources.get(labels[0].0.span.file);
        let spans: Vec<crate::source::Span> = labels.iter().map(|(l, _)| l.span).collect();
        let (source, places) = Excerpt::new(file, &spans);
        Rendered {
            message,
            code: None,
            severity: miette::Severity::Advice,
            help: None,
            source,
            labels: labels
                .iter()
                .zip(places)
                .map(|(&(l, primary), place)| labeled(l, place, primary))
                .collect(),
            related: Vec::new(),
        }
    }
}

fn labeled(label: &Label, place: miette::SourceSpan, primary: bool) -> LabeledSpan {
    let text = Some(escape(&label.message).into_owned()).filter(|m| !m.is_empty());
    if primary {
        LabeledSpan::new_primary_with_span(text, place)
    } else {
        LabeledSpan::new_with_span(text, place)
    }
}

/// The help, its lists and the sources, each list cut for reading, and a word on the
/// labels left out.
fn help(d: &Diagnostic, hidden_labels: usize) -> Option<String> {
    let mut lines: Vec<String> = d.help_lines(Some(SHOWN));
    if !d.sources.is_empty() {
        let list: Vec<String> = d.sources.iter().map(|s| format!("[{s}]")).collect();
        lines.push(format!("sources: {}", super::cut_list(&list, Some(SHOWN))));
    }
    if hidden_labels > 0 {
        lines.push(format!("{hidden_labels} more labels are not shown; --format json lists all"));
    }
    (!lines.is_empty()).then(|| escape_lines(&lines.join("\n")).into_owned())
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
        (!self.labels.is_empty()).then_some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
