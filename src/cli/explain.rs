//! `concord explain CODE`: the long explanation of a diagnostic code.

use super::output::{self, stderr_line};
use super::Status;
use crate::report::codes;

pub fn run(code: &str) -> Status {
    match codes::find(code) {
        Some(c) => output::to_stdout("the explanation", Status::Clean, |out| {
            writeln!(
                out,
                "{}\n\n{}\n\nExample:\n\n{}\n\nFix: {}",
                c.code,
                c.explanation,
                indent(c.example),
                c.fix
            )
        }),
        None => {
            stderr_line(&format!("error: no diagnostic has the code `{code}`"));
            let near: Vec<&str> = codes::CODES
                .iter()
                .map(|c| c.code)
                .filter(|c| strsim::jaro_winkler(c, code) > 0.85)
                .collect();
            if !near.is_empty() {
                stderr_line(&format!("help: did you mean {}?", near.join(", ")));
            }
            stderr_line("help: docs/diagnostics.md lists every code");
            Status::Failed
        }
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
