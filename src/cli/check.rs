//! `concord check`: load, parse and check, then print the report in the chosen format.

use super::{Format, Inputs, Shared, Status};
use crate::report::{self, HumanOptions, Report, Severity};
use std::io::Write;

pub fn run(inputs: &Inputs, shared: &Shared) -> Status {
    let report = crate::check(&inputs.paths(), &inputs.options(shared));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // A closed pipe (`| head`) is not an error of the check.
    let _ = match shared.format {
        Format::Json => report::write_json(&report, &mut out),
        _ => out.write_all(render(&report, shared).as_bytes()),
    };
    let _ = out.flush();
    let status = status(&report, shared.deny.is_some());
    // The process ends here: freeing millions of offenders one by one would only delay it.
    std::mem::forget(report);
    status
}

pub fn render(report: &Report, shared: &Shared) -> String {
    match shared.format {
        Format::Human => {
            let width = if shared.use_color() { terminal_width() } else { 80 };
            report::render_human(
                report,
                HumanOptions { color: shared.use_color(), width, quiet: shared.quiet },
            )
        }
        Format::Short => report::render_short(report, shared.quiet),
        Format::Json => report::render_json(report),
        Format::Sarif => report::render_sarif(report),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100)
}

/// 2 when the input could not be fully checked, else 1 for error-severity violations.
pub fn status(report: &Report, deny_warnings: bool) -> Status {
    let input_error = report.diagnostics.iter().any(report::Diagnostic::is_input_error);
    let failing = |d: &&report::Diagnostic| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    if input_error {
        Status::Failed
    } else if report.diagnostics.iter().any(|d| failing(&d)) {
        Status::Violations
    } else {
        Status::Clean
    }
}
