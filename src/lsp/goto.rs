//! Go to the declaration of a name, and find every use of it.

use super::snapshot::Snapshot;
use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams};

/// The declarations of the name under the cursor (a member declared in several bodies
/// has several); a name never declared goes to its first use.
pub fn definition(snapshot: &Snapshot, params: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let name = snapshot.name_at(&params.text_document_position_params)?;
    let spans = snapshot.index().declarations(&name.key);
    Some(GotoDefinitionResponse::Array(spans.into_iter().filter_map(|s| snapshot.location(s)).collect()))
}

/// Every use of the name under the cursor, its declarations only when the client asks.
pub fn references(snapshot: &Snapshot, params: &ReferenceParams) -> Option<Vec<Location>> {
    let name = snapshot.name_at(&params.text_document_position)?;
    let index = snapshot.index();
    let declarations = index.declarations(&name.key);
    let wanted = |span: &crate::source::Span| {
        params.context.include_declaration || !declarations.iter().any(|d| d.same_place(span))
    };
    let spans = index.uses(&name.key).map(|o| o.span).filter(wanted);
    Some(spans.filter_map(|s| snapshot.location(s)).collect())
}
