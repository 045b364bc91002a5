//! Completion: the names declared in the workspace, and the language's keywords.

use super::index::Kind;
use super::snapshot::Snapshot;
use lsp_types::{CompletionItem, CompletionItemKind, CompletionResponse};

/// Every name (quoted where the language needs it) and every keyword; the editor
/// filters them by what is typed.
pub fn complete(snapshot: &Snapshot) -> CompletionResponse {
    let names = snapshot.index().names().into_iter().filter(|key| item_kind(key.kind).is_some());
    let mut items: Vec<CompletionItem> = names
        .map(|key| {
            let quoted = crate::syntax::quote_name(&key.name);
            CompletionItem {
                label: key.name.to_string(),
                kind: item_kind(key.kind),
                detail: Some(key.kind.noun().to_string()),
                insert_text: (quoted != key.name).then_some(quoted),
                ..CompletionItem::default()
            }
        })
        .collect();
    items.extend(crate::syntax::keywords().iter().map(|k| CompletionItem {
        label: k.to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        ..CompletionItem::default()
    }));
    CompletionResponse::Array(items)
}

/// How the editor marks each kind of name; offices (`NAME of BODY`) and tests are not
/// offered.
fn item_kind(kind: Kind) -> Option<CompletionItemKind> {
    match kind {
        Kind::Body => Some(CompletionItemKind::MODULE),
        Kind::Group => Some(CompletionItemKind::ENUM),
        Kind::Proposal => Some(CompletionItemKind::EVENT),
        Kind::Rule => Some(CompletionItemKind::FUNCTION),
        Kind::Member => Some(CompletionItemKind::VALUE),
        Kind::Attribute => Some(CompletionItemKind::FIELD),
        Kind::Office | Kind::Test => None,
    }
}
