//! Finding and reading the files of a run: directories expand to their `*.rules` and
//! `*.facts` files in sorted path order.

use crate::source::{FileId, SourceMap, Span};
use std::path::{Path, PathBuf};

/// A file that could not be read, or a path that names nothing to read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String, file: FileId },
    #[error("{path} has no .rules or .facts files")]
    Empty { path: String, file: FileId },
}

impl LoadError {
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::Unreadable { .. } => "file::unreadable",
            LoadError::Empty { .. } => "file::empty",
        }
    }

    /// Where to point: the start of the (empty) placeholder file for that path.
    pub fn span(&self) -> Span {
        match self {
            LoadError::Unreadable { file, .. } | LoadError::Empty { file, .. } => Span::new(*file, 0, 0),
        }
    }

    pub fn help(&self) -> String {
        match self {
            LoadError::Unreadable { .. } => "check that the path exists and that you may read it".into(),
            LoadError::Empty { .. } => "name a directory that holds .rules or .facts files, or a file".into(),
        }
    }
}

/// The files found under some paths, read as bytes, in reading order.
pub struct Loaded {
    pub sources: SourceMap,
    /// The bytes of each readable file, by `FileId` (empty for unreadable ones).
    pub bytes: Vec<Vec<u8>>,
    pub errors: Vec<LoadError>,
}

pub fn is_concord_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("rules" | "facts"))
}

/// Every file to read under `paths`: a file as given, a directory's files recursively.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(path, &mut found);
                found.sort();
                if found.is_empty() {
                    out.push(Err((path.clone(), String::new())));
                }
                out.extend(found.into_iter().map(Ok));
            }
            Ok(_) => out.push(Ok(path.clone())),
            Err(e) => out.push(Err((path.clone(), e.to_string()))),
        }
    }
    out
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else if is_concord_file(&path) {
            found.push(path);
        }
    }
}

/// Reads every file under `paths`. Nothing is dropped: each unreadable path is an error.
pub fn load(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded { sources: SourceMap::default(), bytes: Vec::new(), errors: Vec::new() };
    for entry in expand(paths) {
        let (path, result) = match entry {
            Ok(p) => {
                let r = std::fs::read(&p).map_err(|e| e.to_string());
                (p, r)
            }
            Err((p, reason)) => (p, Err(reason)),
        };
        let name = path.display().to_string();
        let file = loaded.sources.add(name.clone(), "");
        match result {
            Ok(bytes) => loaded.bytes.push(bytes),
            Err(reason) if reason.is_empty() => {
                loaded.bytes.push(Vec::new());
                loaded.errors.push(LoadError::Empty { path: name, file });
            }
            Err(reason) => {
                loaded.bytes.push(Vec::new());
                loaded.errors.push(LoadError::Unreadable { path: name, reason, file });
            }
        }
    }
    loaded
}

/// How many threads a run may use: `CONCORD_THREADS` if set to a positive number, else
/// the machine's available parallelism. Results never depend on it.
pub fn threads() -> usize {
    std::env::var("CONCORD_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .filter(|&t: &usize| t > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
