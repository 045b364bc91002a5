//! Concord checks whether collective decisions followed their rules.
//!
//! The pipeline, one module per stage: [`load`] finds and reads files, [`syntax`] parses
//! them into spanned trees, and [`report`] renders diagnostics.
//!
//! ```
//! let report = concord::check_text(&[("nato.facts", "body NATO.\nbody NATO2")]);
//! assert_eq!(report.diagnostics.len(), 1);
//! assert_eq!(report.diagnostics[0].code, "syntax::missing-period");
//! ```
#![forbid(unsafe_code)]

pub mod load;
pub mod report;
pub mod source;
pub mod syntax;

use report::{Category, Diagnostic, Label, Report, Severity};
use source::FileId;
use std::path::PathBuf;
use std::sync::Arc;

/// What a run is asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Evaluate as of this date (`--as-of`), else the latest date in the facts.
    pub as_of: Option<jiff::civil::Date>,
}

/// Loads, parses and checks every `.rules` and `.facts` file under `paths`.
pub fn check(paths: &[PathBuf], options: &Options) -> Report {
    let loaded = load::load(paths);
    let mut report = Report { sources: loaded.sources, ..Report::default() };
    for e in &loaded.errors {
        let primary = Label { span: e.span(), message: "here".into() };
        let mut d = Diagnostic::new(e.code(), Severity::Error, Category::Syntax, e.to_string(), primary);
        d.help = Some(e.help());
        report.diagnostics.push(d);
    }
    let texts = loaded.bytes.into_iter().enumerate().map(|(n, bytes)| (FileId(n as u32), bytes));
    parse_all(&mut report, texts, options);
    report
}

/// Checks files given as text, as if read from the named paths (for tests and tools).
pub fn check_text(files: &[(&str, &str)]) -> Report {
    let mut report = Report::default();
    let texts: Vec<(FileId, Vec<u8>)> =
        files.iter().map(|(name, text)| (report.sources.add(*name, ""), text.as_bytes().to_vec())).collect();
    parse_all(&mut report, texts.into_iter(), &Options::default());
    report
}

fn parse_all(report: &mut Report, texts: impl Iterator<Item = (FileId, Vec<u8>)>, options: &Options) {
    let mut sources = std::mem::take(&mut report.sources);
    let mut counted = source::SourceMap::default();
    for (file, bytes) in texts {
        let name = sources.get(file).name.clone();
        let text: Arc<str> = match syntax::decode(&bytes, file) {
            Ok(text) => text.into(),
            Err(e) => {
                report.diagnostics.push(e.into());
                String::from_utf8_lossy(&bytes).into()
            }
        };
        let id = counted.add(name, text.clone());
        if report.diagnostics.iter().any(|d| d.primary.span.file == id && d.code == "syntax::invalid-utf8") {
            continue;
        }
        let (ast, errors) = syntax::parse(&text, id);
        report.diagnostics.extend(errors.into_iter().map(Diagnostic::from));
        for statement in &ast.statements {
            match statement {
                syntax::ast::Statement::Fact(_) => report.facts += 1,
                syntax::ast::Statement::Rule(_) => report.rules += 1,
            }
        }
    }
    sources = counted;
    report.sources = sources;
    report.as_of = options.as_of.map(|d| d.to_string());
    report.sort();
}
pub mod cli;
