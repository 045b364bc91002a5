//! Concord checks whether collective decisions followed their rules.
//!
//! The pipeline, one module per stage: [`load`] finds and reads files, [`syntax`] parses
//! them into spanned trees, [`model`] resolves names and indexes facts by time, [`check`]
//! evaluates every rule, and [`report`] renders the diagnostics; [`cli`] is the command
//! line on top, and [`lsp`] the language server for editors beside it.
//!
//! ```
//! let facts = "body NATO.\nmembers of NATO: Hungary, Sweden.\nproposal p: resolve \"x\" in NATO.\n\
//!              2024-03-05: Hungary opposes p.\n2024-06-26: NATO adopts p.\n";
//! let rules = "rule r: adopting p requires unanimity.\n";
//! let report = concord::check_text(&[("nato.facts", facts), ("nato.rules", rules)], &concord::Options::default());
//! let violation = &report.diagnostics[0];
//! assert_eq!(violation.code, "violation::decision");
//! assert_eq!(&*violation.offenders[0].member, "Hungary");
//! assert_eq!(report.as_of.as_deref(), Some("2024-06-26"));
//! ```
// Denied, not forbidden: the one exception is a large file's memory map (`source::Text`).
#![deny(unsafe_code)]

pub mod check;
pub mod cli;
pub mod load;
pub mod lsp;
pub mod model;
pub mod report;
pub mod source;
pub mod syntax;
pub mod terminal;
pub mod testing;
pub mod threads;
pub mod views;
pub mod whatif;

use report::{Category, Diagnostic, Label, Report, Severity};
use source::{FileId, Raw, Text};
use std::path::PathBuf;

/// What a run is asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Evaluate as of this date (`--as-of`), else the latest date in the facts.
    pub as_of: Option<jiff::civil::Date>,
    /// Facts given on the command line (`--assume`), read after every file.
    pub assume: Vec<String>,
    /// Facts taken out of the files (`--retract`), compared in canonical form.
    pub retract: Vec<String>,
    /// Map large files rather than read them (`load::load_with`): for a run that ends
    /// before they change.
    pub map_large_files: bool,
}

/// A run's findings, and the model they were found in (for the analyst views).
#[derive(Debug)]
pub struct Analysis {
    pub report: Report,
    pub model: model::Model,
    /// What the run assumed and retracted, for the views to mark.
    pub whatif: whatif::WhatIf,
    /// The `test` statements of the files, for `concord test` (`check` only reads them).
    pub tests: Vec<syntax::ast::Test>,
}

/// Loads, parses and checks every `.rules` and `.facts` file under `paths`.
pub fn check(paths: &[PathBuf], options: &Options) -> Report {
    analyse(paths, options).report
}

/// Checks files given as text, as if read from the named paths (for tests and tools).
pub fn check_text(files: &[(&str, &str)], options: &Options) -> Report {
    analyse_text(files, options).report
}

/// As [`check`], keeping the model for questions about one proposal.
pub fn analyse(paths: &[PathBuf], options: &Options) -> Analysis {
    analyse_loaded(load::load_with(paths, options.map_large_files.then_some(load::MAP_MIN)), options)
}

/// As [`analyse`], for files already found and read: a tool may replace the bytes of
/// some (an editor's unsaved text) or add others before the run.
pub fn analyse_loaded(loaded: load::Loaded, options: &Options) -> Analysis {
    let mut report = Report { sources: loaded.sources, ..Report::default() };
    for e in &loaded.errors {
        let primary = Label { span: e.span(), message: "here".into() };
        let severity = if e.is_warning() { Severity::Warning } else { Severity::Error };
        let mut d = Diagnostic::new(e.code(), severity, Category::Syntax, e.to_string(), primary);
        d.help = Some(e.help());
        report.diagnostics.push(d);
    }
    let texts: Vec<(FileId, Raw)> =
        loaded.bytes.into_iter().enumerate().map(|(n, bytes)| (FileId(n as u32), bytes)).collect();
    run(report, texts, options)
}

/// As [`check_text`], keeping the model.
pub fn analyse_text(files: &[(&str, &str)], options: &Options) -> Analysis {
    let mut report = Report::default();
    let texts: Vec<(FileId, Raw)> = files
        .iter()
        .map(|(name, text)| (report.sources.add(*name, ""), Raw::Read(text.as_bytes().to_vec())))
        .collect();
    run(report, texts, options)
}

/// Parses every file and assumption, takes out the retracted facts, resolves the rest
/// into one model, checks the rules, and sorts findings.
fn run(mut report: Report, mut texts: Vec<(FileId, Raw)>, options: &Options) -> Analysis {
    let (assumed, mut whatif) = whatif::assume(&mut report.sources, &options.assume);
    texts.extend(assumed.into_iter().map(|(file, bytes)| (file, Raw::Read(bytes))));
    // Retracting compares whole statements, so positions then stay in the trees.
    let streaming = options.retract.is_empty();
    let (mut files, streamed) = parse_all(&mut report, texts, streaming);
    let retracted = whatif::retract(&mut files, &mut report.sources, &mut whatif, &options.retract);
    report.diagnostics.extend(retracted);
    // The tests are few and small: kept before the trees go.
    let tests = files
        .iter()
        .flat_map(|f| &f.statements)
        .filter_map(|s| match s {
            syntax::ast::Statement::Test(t) => Some((**t).clone()),
            _ => None,
        })
        .collect();
    // The model holds all it needs; the trees of a large record are large, and are
    // dropped as soon as their facts are read.
    let (model, errors) = match streaming {
        true => model::resolve_streamed(files, streamed, &report.sources, options.as_of),
        false => model::resolve_owned(files, &report.sources, options.as_of),
    };
    report.diagnostics.extend(errors.into_iter().map(Diagnostic::from));
    report.diagnostics.extend(model::lookalikes(&model).into_iter().map(Diagnostic::from));
    let outcome = check::check(&model);
    report.diagnostics.extend(outcome.violations.into_iter().map(Diagnostic::from));
    report.diagnostics.extend(outcome.errors.into_iter().map(Diagnostic::from));
    report.as_of = model.dated.then(|| model.now.to_string());
    report.sort();
    Analysis { report, model, whatif, tests }
}

/// Decodes and parses each file, replacing the placeholder texts with the real ones.
/// `streaming`: flat positions go to sinks instead of staying in the trees.
fn parse_all(
    report: &mut Report,
    texts: Vec<(FileId, Raw)>,
    streaming: bool,
) -> (Vec<syntax::ast::File>, Vec<model::Streamed>) {
    let (mut files, mut streamed) = (Vec::new(), Vec::new());
    for (file, bytes) in texts {
        let parsed = match bytes {
            Raw::Mapped(map) if streaming => parse_mapped(report, file, map),
            bytes => decode(report, file, bytes).map(|text| parse(&text, file, streaming)),
        };
        let Some((pieces, sinks, errors)) = parsed else { continue };
        report.diagnostics.extend(errors.into_iter().map(Diagnostic::from));
        count_statements(report, &pieces, &sinks);
        files.extend(pieces);
        streamed.extend(sinks);
    }
    (files, streamed)
}

/// A file's pieces as parsed, the sinks that took their positions, and the errors.
type Parsed = (Vec<syntax::ast::File>, Vec<model::Streamed>, Vec<syntax::SyntaxError>);

/// Parses a text already decoded. A large file stays in the pieces parsed on each
/// thread: the model reads them in turn.
fn parse(text: &Text, file: FileId, streaming: bool) -> Parsed {
    match streaming {
        // Each piece of a mapped text is let go once parsed: read again if needed.
        true => syntax::parse_into(&**text, file, &model::Streamed::default, &|piece| text.release(piece))
            .expect("a decoded text is UTF-8"),
        false => {
            let (pieces, errors) = syntax::parse_pieces(text, file);
            (pieces, Vec::new(), errors)
        }
    }
}

/// Parses a mapped file while checking that it is UTF-8 and finding its lines, a piece
/// at a time, each piece let go once parsed; or reports it as text that is not UTF-8.
fn parse_mapped(report: &mut Report, file: FileId, map: memmap2::Mmap) -> Option<Parsed> {
    let checking = source::Checking::new(map);
    let parsed =
        syntax::parse_into(&checking, file, &model::Streamed::default, &|piece| checking.release(piece));
    match (parsed, checking.finish()) {
        (Some(parsed), Ok(decoded)) => {
            report.sources.set_decoded(file, decoded);
            Some(parsed)
        }
        (None, Ok(decoded)) => {
            // Not reached: a text found UTF-8 was parsed. Parsed again, to be sure.
            report.sources.set_decoded(file, decoded);
            Some(parse(&report.sources.get(file).text.clone(), file, true))
        }
        (_, Err(bytes)) => decode(report, file, bytes).map(|text| parse(&text, file, true)),
    }
}

/// The text of a file, now its source, with its lines indexed; `None` if it is not
/// UTF-8, which is reported (its text is then shown lossily).
fn decode(report: &mut Report, file: FileId, bytes: Raw) -> Option<std::sync::Arc<Text>> {
    // UTF-8 text becomes the source as it is, without a copy.
    let error = match Text::decode(bytes) {
        Ok(decoded) => {
            report.sources.set_decoded(file, decoded);
            None
        }
        Err(bytes) => {
            let error = syntax::decode(&bytes, file).err();
            report.sources.set_text(file, String::from_utf8_lossy(&bytes).into_owned());
            error
        }
    };
    match error {
        Some(e) => {
            report.diagnostics.push(e.into());
            None
        }
        None => Some(report.sources.get(file).text.clone()),
    }
}

/// Counts the facts and rules read, kept in `pieces` or taken by `sinks`.
fn count_statements(report: &mut Report, pieces: &[syntax::ast::File], sinks: &[model::Streamed]) {
    report.facts += sinks.iter().map(model::Streamed::count).sum::<usize>();
    for statement in pieces.iter().flat_map(|p| &p.statements) {
        match statement {
            syntax::ast::Statement::Fact(_) | syntax::ast::Statement::Position(_) => report.facts += 1,
            syntax::ast::Statement::Rule(_) => report.rules += 1,
            syntax::ast::Statement::Test(_) => {}
        }
    }
}
