//! `concord fmt`: rewrite files in the canonical layout, atomically, only if they parse.

use super::output::{self, stderr_line};
use super::{check, write, Shared, Status};
use crate::load::{self, Entry, Problem};
use crate::report::{Diagnostic, Report};
use crate::source::FileId;
use std::io::Write;
use std::path::Path;

pub fn run(paths: &[std::path::PathBuf], check_only: bool, shared: &Shared) -> Status {
    let mut report = Report::default();
    let mut status = Status::Clean;
    let mut out = std::io::stdout().lock();
    // The first failed write to stdout; the files are still formatted after it.
    let mut written = Ok(());
    let mut say = |line: String| {
        if written.is_ok() {
            written = writeln!(out, "{}", crate::terminal::escape(&line));
        }
    };
    for entry in load::expand(paths) {
        let (path, given) = match entry {
            Entry::Read { path, given } => (path, given),
            Entry::NotRead { path, problem } => {
                status = status.max(not_read(&path, problem));
                continue;
            }
        };
        match format_file(&path, given, &mut report) {
            Ok(None) => {}
            Ok(Some(_)) if check_only => {
                say(format!("would reformat {}", path.display()));
                status = status.max(Status::Violations);
            }
            Ok(Some(formatted)) => match write::replace_file(&path, formatted.as_bytes()) {
                Ok(()) => say(format!("formatted {}", path.display())),
                Err(e) => {
                    stderr_line(&format!("error: cannot write {}: {e}", path.display()));
                    status = Status::Failed;
                }
            },
            Err(()) => status = Status::Failed,
        }
    }
    if !report.diagnostics.is_empty() {
        report.sort();
        let text = check::render(&report, shared);
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    output::finish(
        written.and_then(|()| out.flush()),
        "the names of the files formatted to standard output",
        status,
    )
}

/// Says why a path is not formatted: a skipped entry is a warning, the rest errors.
fn not_read(path: &Path, problem: Problem) -> Status {
    let (severity, status) = match problem {
        Problem::Skipped(_) => ("warning", Status::Clean),
        _ => ("error", Status::Failed),
    };
    let error = load::LoadError::new(path, problem, FileId(0));
    stderr_line(&format!("{severity}: {error}"));
    status
}

/// The file's canonical text if it differs from what is there; `Err` if it does not parse.
fn format_file(path: &Path, given: bool, report: &mut Report) -> Result<Option<String>, ()> {
    let bytes = load::read(path, given).map_err(|problem| {
        not_read(path, problem);
    })?;
    let file: FileId =
        report.sources.add(path.to_string_lossy(), String::from_utf8_lossy(&bytes).into_owned());
    let text = match crate::syntax::decode(&bytes, file) {
        Ok(t) => t,
        Err(e) => {
            report.diagnostics.push(e.into());
            return Err(());
        }
    };
    let (ast, errors) = crate::syntax::parse(text, file);
    if !errors.is_empty() {
        report.diagnostics.extend(errors.into_iter().map(Diagnostic::from));
        return Err(());
    }
    let formatted = crate::syntax::canonical_text(&ast, text);
    Ok((formatted != text).then_some(formatted))
}
