//! `concord check`: load, parse and check, then print the report in the chosen format.

use super::{output, Format, Inputs, Shared, Status};
use crate::report::{self, HumanOptions, Report};

pub fn run(inputs: &Inputs, shared: &Shared) -> Status {
    if shared.format == Format::Junit {
        output::stderr_line(
            "error: `--format junit` is for `concord test`; check prints human, short, json, sarif or github",
        );
        return Status::Failed;
    }
    let mut report = crate::check(&inputs.paths(), &inputs.options(shared));
    super::explain_default_paths(&mut report, inputs, "check");
    let status = status(&report, shared.deny.is_some());
    let status = output::to_stdout("the report", status, |mut out| match shared.format {
        Format::Human => report::write_human(&report, human_options(shared), out),
        Format::Short => report::write_short(&report, shared.quiet, shared.deny.is_some(), out),
        Format::Json => report::write_json(&report, &mut out),
        Format::Sarif => report::write_sarif(&report, out),
        Format::Github => report::write_github(&report, shared.quiet, shared.deny.is_some(), out),
        Format::Junit => unreachable!("refused above"),
    });
    // The process ends here: freeing millions of offenders one by one would only delay it.
    // The model, though, is freed before the report is written: kept to the end, it
    // raised the peak of memory by its size (10⁶ positions: 33 → 36 MiB).
    std::mem::forget(report);
    status
}

/// The report as text, for `fmt`'s syntax errors on standard error.
pub fn render(report: &Report, shared: &Shared) -> String {
    match shared.format {
        Format::Human => report::render_human(report, human_options(shared)),
        Format::Short => report::render_short(report, shared.quiet, shared.deny.is_some()),
        Format::Json => report::render_json(report),
        Format::Sarif => report::render_sarif(report),
        Format::Github => report::render_github(report, shared.quiet, shared.deny.is_some()),
        // The input errors of `concord test --format junit` are no test results.
        Format::Junit => report::render_short(report, shared.quiet, shared.deny.is_some()),
    }
}

fn human_options(shared: &Shared) -> HumanOptions {
    let width = if shared.use_color() { terminal_width() } else { 80 };
    HumanOptions {
        color: shared.use_color(),
        width,
        quiet: shared.quiet,
        deny_warnings: shared.deny.is_some(),
    }
}

/// The width of a coloured report: `COLUMNS` when exported (as `ls` reads it), else the
/// width of the terminal that standard output (or else standard error) is, else 100.
fn terminal_width() -> usize {
    let exported = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let asked = || {
        let stdout = terminal_size::terminal_size_of(std::io::stdout());
        let (terminal_size::Width(columns), _) =
            stdout.or_else(|| terminal_size::terminal_size_of(std::io::stderr()))?;
        Some(usize::from(columns))
    };
    // Too narrow a width leaves no room for the snippets' gutter and labels.
    exported.filter(|&c| c > 0).or_else(asked).unwrap_or(100).max(40)
}

/// 2 when the input could not be fully checked, else 1 for error-severity violations.
pub fn status(report: &Report, deny_warnings: bool) -> Status {
    let input_error = report.diagnostics.iter().any(report::Diagnostic::is_input_error);
    if input_error {
        Status::Failed
    } else if report.diagnostics.iter().any(|d| report::counts_as_error(d, deny_warnings)) {
        Status::Violations
    } else {
        Status::Clean
    }
}
