//! Go to the declaration of a name, and find every use of it.

use super::index::Occurrence;
use super::snapshot::Snapshot;
use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams};

/// The declarations of the name under the cursor (a member declared in several bodies
/// has several); a name never declared goes to its first use.
pub fn definition(snapshot: &Snapshot, params: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let name = snapshot.name_at(&params.text_document_position_params)?;
    let spans = snapshot.index().declarations(&name.key);
    Some(GotoDefinitionResponse::Array(spans.into_iter().filter_map(|s| snapshot.location(s)).collect()))
}

/// Every use of the name under the cursor, its declarations only when the client asks
/// (for a name declared nowhere, its first use, as [`definition`] has it).
pub fn references(snapshot: &Snapshot, params: &ReferenceParams) -> Option<Vec<Location>> {
    let name = snapshot.name_at(&params.text_document_position)?;
    let index = snapshot.index();
    let declared = index.uses(&name.key).any(|o| o.declares);
    // Each use is asked whether it declares, not compared with every declaration: a name
    // may have as many of both as the file has lines.
    let is_declaration = |n: usize, o: &Occurrence| o.declares || (!declared && n == 0);
    let wanted = |(n, o): &(usize, &Occurrence)| params.context.include_declaration || !is_declaration(*n, o);
    let uses = index.uses(&name.key).enumerate().filter(wanted);
    Some(uses.filter_map(|(_, o)| snapshot.location(o.span)).collect())
}
