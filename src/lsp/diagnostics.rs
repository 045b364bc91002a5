//! The report's diagnostics as the protocol publishes them: one list per file, with the
//! same codes and messages as `check`.

use super::snapshot::Snapshot;
use crate::report::{self, Severity};
use lsp_types::{Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Url};

/// The diagnostics of every file of the workspace, empty lists included.
pub fn by_file(snapshot: &Snapshot) -> Vec<(Url, Vec<Diagnostic>)> {
    let mut lists: Vec<Vec<Diagnostic>> = vec![Vec::new(); snapshot.uris.len()];
    for d in &snapshot.analysis.report.diagnostics {
        if let Some(list) = lists.get_mut(d.primary.span.file.0 as usize) {
            list.push(diagnostic(snapshot, d));
        }
    }
    snapshot.files().map(|(file, uri)| (uri.clone(), std::mem::take(&mut lists[file.0 as usize]))).collect()
}

/// One diagnostic: its secondary labels, and its help, as related information.
fn diagnostic(snapshot: &Snapshot, d: &report::Diagnostic) -> Diagnostic {
    let related = |span, message: String| {
        snapshot.location(span).map(|location| DiagnosticRelatedInformation { location, message })
    };
    let mut information: Vec<DiagnosticRelatedInformation> =
        d.related.iter().filter_map(|l| related(l.span, l.message.to_string())).collect();
    information.extend(d.full_help().and_then(|help| related(d.primary.span, format!("help: {help}"))));
    Diagnostic {
        range: snapshot.range(d.primary.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("concord".into()),
        message: d.message.clone(),
        related_information: (!information.is_empty()).then_some(information),
        ..Diagnostic::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
