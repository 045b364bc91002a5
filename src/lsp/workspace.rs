//! The files of the workspace: those `check` finds under the root, with the text of the
//! documents open in the editor in place of what is on disk.

use super::lines;
use crate::load::{self, Loaded};
use crate::source::{Raw, SourceFile};
use lsp_types::{TextDocumentContentChangeEvent, Url, VersionedTextDocumentIdentifier};
use std::path::{Path, PathBuf};

/// The root folder, and the documents the editor has open.
#[derive(Debug, Default)]
pub struct Workspace {
    root: Option<PathBuf>,
    open: Vec<Document>,
}

#[derive(Debug)]
struct Document {
    uri: Url,
    text: String,
    version: i32,
}

impl Workspace {
    pub fn new(root: Option<PathBuf>) -> Workspace {
        Workspace { root, open: Vec::new() }
    }

    /// Opens a document, or replaces the whole text of one open (full text sync).
    pub fn set(&mut self, uri: Url, text: String, version: i32) {
        match self.open.iter_mut().find(|d| d.uri == uri) {
            Some(d) => (d.text, d.version) = (text, version),
            None => self.open.push(Document { uri, text, version }),
        }
    }

    /// Applies an open document's changes in order: whole texts (the sync the server
    /// asks for), or ranges, from clients that send them anyway.
    pub fn change(
        &mut self,
        document: VersionedTextDocumentIdentifier,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let Some(d) = self.open.iter_mut().find(|d| d.uri == document.uri) else { return };
        for change in changes {
            match change.range {
                None => d.text = change.text,
                Some(range) => {
                    let file = SourceFile::new("", std::mem::take(&mut d.text));
                    let start = lines::offset(&file, range.start);
                    let end = lines::offset(&file, range.end).max(start);
                    d.text = format!("{}{}{}", &file.text[..start], change.text, &file.text[end..]);
                }
            }
        }
        d.version = document.version;
    }

    pub fn close(&mut self, uri: &Url) {
        self.open.retain(|d| &d.uri != uri);
    }

    /// The version of an open document, for the diagnostics published on it.
    pub fn version(&self, uri: &Url) -> Option<i32> {
        self.open.iter().find(|d| &d.uri == uri).map(|d| d.version)
    }

    /// What `check` would be given in the root: its `rules` and `facts` directories
    /// where either exists, else the root itself.
    fn paths(&self) -> Vec<PathBuf> {
        let Some(root) = &self.root else { return Vec::new() };
        let conventional: Vec<PathBuf> =
            ["rules", "facts"].iter().map(|d| root.join(d)).filter(|p| p.is_dir()).collect();
        match conventional.is_empty() {
            true => vec![root.clone()],
            false => conventional,
        }
    }

    /// Reads the workspace as `check` would, each open document's text in place of its
    /// file, and the open documents found nowhere on disk after them; with the URI of
    /// each file, by file id.
    pub fn load(&self) -> (Loaded, Vec<Option<Url>>) {
        let mut loaded = load::load(&self.paths());
        let mut uris: Vec<Option<Url>> = loaded.paths.iter().map(|p| Url::from_file_path(p).ok()).collect();
        for d in &self.open {
            match d.uri.to_file_path().ok().and_then(|p| find(&loaded.paths, &p)) {
                Some(n) => {
                    loaded.bytes[n] = Raw::Read(d.text.clone().into_bytes());
                    uris[n] = Some(d.uri.clone());
                }
                None => {
                    let path = d.uri.to_file_path().unwrap_or_else(|()| PathBuf::from(d.uri.as_str()));
                    loaded.sources.add_path(&path, "");
                    loaded.paths.push(path);
                    loaded.bytes.push(Raw::Read(d.text.clone().into_bytes()));
                    uris.push(Some(d.uri.clone()));
                }
            }
        }
        (loaded, uris)
    }
}

/// Which of the paths names the same file as `path`.
fn find(paths: &[PathBuf], path: &Path) -> Option<usize> {
    paths.iter().position(|p| p == path).or_else(|| paths.iter().position(|p| load::same_file(p, path)))
}
