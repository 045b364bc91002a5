//! The JSON report, version 1 of cli.md.

use super::{Category, Location, Offender, Report, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    as_of: Option<&'a str>,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    facts: usize,
    rules: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    category: Category,
    message: &'a str,
    rule: Option<&'a str>,
    subject: Option<&'a str>,
    date: Option<&'a str>,
    location: Location<'a>,
    related: Vec<Related<'a>>,
    offenders: &'a [Offender],
    help: Option<&'a str>,
    sources: &'a [String],
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    location: Location<'a>,
}

pub fn render_json(report: &Report) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            category: d.category,
            message: &d.message,
            rule: d.rule.as_deref(),
            subject: d.subject.as_deref(),
            date: d.date.as_deref(),
            location: report.locate(d.primary.span),
            related: d
                .related
                .iter()
                .map(|l| Related { message: &l.message, location: report.locate(l.span) })
                .collect(),
            offenders: &d.offenders,
            help: d.help.as_deref(),
            sources: &d.sources,
        })
        .collect();
    let summary = Summary {
        files: report.sources.len(),
        facts: report.facts,
        rules: report.rules,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        infos: report.count(Severity::Info),
    };
    let json = Json { version: 1, as_of: report.as_of.as_deref(), summary, diagnostics };
    let mut out = serde_json::to_string_pretty(&json).expect("the report serialises");
    out.push('\n');
    out
}
