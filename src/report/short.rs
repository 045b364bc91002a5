//! One line per diagnostic, `FILE:LINE:COL: SEVERITY[CODE] MESSAGE`, for editors and grep;
//! a "did you mean" help follows the message after ` — `.

use super::Report;
use crate::terminal::escape;

/// With `quiet`, only errors, and warnings when `deny_warnings` (as in the human format).
pub fn render_short(report: &Report, quiet: bool, deny_warnings: bool) -> String {
    let mut out = Vec::new();
    write_short(report, quiet, deny_warnings, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes one line per diagnostic.
pub fn write_short(
    report: &Report,
    quiet: bool,
    deny_warnings: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for d in report.shown(quiet, deny_warnings) {
        let at = report.locate(d.primary.span);
        let severity = d.severity.as_str();
        let help = d.did_you_mean().map(|h| format!(" — {}", escape(h))).unwrap_or_default();
        writeln!(
            w,
            "{}:{}:{}: {severity}[{}] {}{help}",
            escape(at.file),
            at.line,
            at.column,
            d.code,
            escape(&d.message)
        )?;
    }
    Ok(())
}
