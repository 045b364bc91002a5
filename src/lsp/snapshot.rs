//! One check of the whole workspace, and the questions the requests ask of it: which file
//! a URI is, where a span is in protocol positions, which name is under the cursor.

use super::index::{Index, Occurrence};
use super::lines::{self, Columns};
use super::workspace::Workspace;
use crate::source::{FileId, SourceFile, Span};
use lsp_types::{Location, Position, Range, TextDocumentPositionParams, Url};
use std::cell::OnceCell;

/// The analysis of the workspace as it is now, with the URI of each file.
pub struct Snapshot {
    pub analysis: crate::Analysis,
    /// By file id; `None` for a file with no URI (a fact given on the command line).
    pub uris: Vec<Option<Url>>,
    /// Built on the first request that needs names: publishing diagnostics does not.
    index: OnceCell<Index>,
    /// By file id, built on the first position asked of the file.
    columns: Vec<OnceCell<Columns>>,
}

impl Snapshot {
    /// Checks the workspace, with the open documents' text.
    pub fn new(workspace: &Workspace) -> Snapshot {
        let (loaded, uris) = workspace.load();
        let analysis = crate::analyse_loaded(loaded, &crate::Options::default());
        let columns = (0..analysis.report.sources.len()).map(|_| OnceCell::new()).collect();
        Snapshot { analysis, uris, index: OnceCell::new(), columns }
    }

    /// The file of a URI, if the workspace has it.
    pub fn file(&self, uri: &Url) -> Option<FileId> {
        self.uris.iter().position(|u| u.as_ref() == Some(uri)).map(|n| FileId(n as u32))
    }

    pub fn source(&self, file: FileId) -> &SourceFile {
        self.analysis.report.sources.get(file)
    }

    /// Every file of the workspace with a URI.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &Url)> {
        self.uris.iter().enumerate().filter_map(|(n, u)| Some((FileId(n as u32), u.as_ref()?)))
    }

    /// The protocol position of a byte offset in a file.
    pub fn position(&self, file: FileId, offset: usize) -> Position {
        let source = self.source(file);
        let columns = self.columns[file.0 as usize].get_or_init(|| Columns::new(&source.text));
        lines::position(source, columns, offset)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.file, span.start as usize), self.position(span.file, span.end as usize))
    }

    pub fn location(&self, span: Span) -> Option<Location> {
        let uri = self.uris.get(span.file.0 as usize)?.clone()?;
        Some(Location::new(uri, self.range(span)))
    }

    /// The byte offset of a position in a file.
    pub fn offset(&self, file: FileId, position: Position) -> usize {
        lines::offset(self.source(file), position)
    }

    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let texts = self.files().map(|(file, _)| (file, &**self.source(file).text));
            Index::build(texts)
        })
    }

    /// The name under the cursor, if any.
    pub fn name_at(&self, at: &TextDocumentPositionParams) -> Option<&Occurrence> {
        let file = self.file(&at.text_document.uri)?;
        self.index().at(file, self.offset(file, at.position))
    }
}
