//! `--format github`: one GitHub Actions workflow command per diagnostic
//! (`::error file=F,line=L,col=C,title=CODE::MESSAGE`), so that a workflow running
//! `concord check` annotates the lines of a pull request that broke a rule.

use super::{Report, Severity};
use crate::terminal::escape;

/// The report as workflow commands, in memory (for tests and `fmt`'s errors).
pub fn render_github(report: &Report, quiet: bool, deny_warnings: bool) -> String {
    let mut out = Vec::new();
    write_github(report, quiet, deny_warnings, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes one workflow command per diagnostic: errors as `error`, warnings as `warning`,
/// infos as `notice`; under `quiet`, only what fails the run.
pub fn write_github(
    report: &Report,
    quiet: bool,
    deny_warnings: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for d in report.shown(quiet, deny_warnings) {
        let at = report.locate(d.primary.span);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let help = d.did_you_mean().map(|h| format!(" — {h}")).unwrap_or_default();
        writeln!(
            w,
            "::{command} file={},line={},col={},title={}::{}",
            property(at.file),
            at.line,
            at.column,
            property(d.code),
            data(&format!("{}{help}", d.message))
        )?;
    }
    Ok(())
}

/// A message as GitHub reads it: `%`, carriage returns and line feeds encoded, and no
/// other control character raw (they are shown escaped, as on a terminal).
fn data(text: &str) -> String {
    let encoded = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    escape(&encoded).into_owned()
}

/// A property value (`file=`, `title=`): also `:` and `,`, which would end it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn github_special_characters_are_encoded() {
        assert_eq!(data("50% of 2\nmembers"), "50%25 of 2%0Amembers");
        assert_eq!(property("facts/a,b:c.facts"), "facts/a%2Cb%3Ac.facts");
        assert_eq!(property("violation::decision"), "violation%3A%3Adecision");
    }
}
