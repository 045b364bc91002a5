//! Formatting: exactly what `concord fmt` writes, as one edit of the whole document.

use super::snapshot::Snapshot;
use lsp_types::{DocumentFormattingParams, Position, Range, TextEdit};

/// The edit to the canonical layout: none when the text is already canonical, and no
/// answer when the file has syntax errors or is not UTF-8 (as `fmt` refuses it).
pub fn format(snapshot: &Snapshot, params: &DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let file = snapshot.file(&params.text_document.uri)?;
    let report = &snapshot.analysis.report;
    let undecodable =
        report.diagnostics.iter().any(|d| d.primary.span.file == file && d.code == "syntax::invalid-utf8");
    let source = snapshot.source(file);
    let formatted = crate::syntax::format(&source.text).ok().filter(|_| !undecodable)?;
    if formatted == **source.text {
        return Some(Vec::new());
    }
    let whole = Range::new(Position::new(0, 0), snapshot.position(file, source.text.len()));
    Some(vec![TextEdit::new(whole, formatted)])
}
