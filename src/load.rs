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
                let r = read(&p).map_err(|e| e.to_string());
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

/// Above this size a regular file is read in parts on several threads.
const PARALLEL_READ_MIN: u64 = 16 << 20;

#[cfg(not(unix))]
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// A file's bytes. A large regular file is read in parts on several threads: copying
/// hundreds of megabytes into fresh memory costs about as much as parsing them.
#[cfg(unix)]
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let threads = crate::threads::for_work(meta.len() as usize, PARALLEL_READ_MIN as usize / 4);
    if !meta.is_file() || meta.len() < PARALLEL_READ_MIN || threads < 2 {
        return std::fs::read(path);
    }
    let mut bytes = vec![0u8; meta.len() as usize];
    let part = (meta.len() as usize).div_ceil(threads);
    let read_part = |(n, chunk): (usize, &mut [u8])| file.read_exact_at(chunk, (n * part) as u64);
    let parts: std::io::Result<()> =
        crate::threads::map(bytes.chunks_mut(part).enumerate(), read_part).into_iter().collect();
    // A file that changed while it was read is read again, whole.
    let mut probe = [0u8; 1];
    match parts.and_then(|()| file.read_at(&mut probe, meta.len())) {
        Ok(0) => Ok(bytes),
        _ => std::fs::read(path),
    }
}

#[cfg(test)]
mod tests {
    /// A file above the size read in parts comes back whole, byte for byte.
    #[test]
    fn a_large_file_read_in_parts_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.facts");
        let bytes: Vec<u8> =
            (0..super::PARALLEL_READ_MIN as usize + 12_345).map(|n| (n * 7 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(super::read(&path).unwrap() == bytes);
    }
}
