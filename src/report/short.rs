//! One line per diagnostic, `FILE:LINE:COL: SEVERITY[CODE] MESSAGE`, for editors and grep.

use super::terminal::escape;
use super::{Report, Severity};

/// With `quiet`, only errors (as in the human format).
pub fn render_short(report: &Report, quiet: bool) -> String {
    let mut out = String::new();
    for d in report.diagnostics.iter().filter(|d| !quiet || d.severity == Severity::Error) {
        let at = report.locate(d.primary.span);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "{}:{}:{}: {severity}[{}] {}\n",
            escape(at.file),
            at.line,
            at.column,
            d.code,
            escape(&d.message)
        ));
    }
    out
}
