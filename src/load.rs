//! Finding and reading the files of a run: directories expand to their regular `*.rules`
//! and `*.facts` files in sorted path order, each file is read once, and no file is read
//! past [`MAX_FILE_SIZE`].

use crate::source::{FileId, Raw, SourceMap, Span};
use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file read, 1 GiB: spans are `u32` byte offsets, so 4 GiB could never work,
/// and a record this large is better split into files that are read in parallel.
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// A file that could not be read, or a path that names nothing to read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String, file: FileId },
    #[error("{path} has no .rules or .facts files")]
    Empty { path: String, file: FileId },
    #[error("{path} was not read: it is larger than 1 GiB, the largest file Concord reads")]
    TooLarge { path: String, file: FileId },
    #[error("{path} was not read: it is {what}")]
    Skipped { path: String, what: String, file: FileId },
}

impl LoadError {
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::Unreadable { .. } => "file::unreadable",
            LoadError::Empty { .. } => "file::empty",
            LoadError::TooLarge { .. } => "file::too-large",
            LoadError::Skipped { .. } => "file::skipped",
        }
    }

    /// A skipped entry is a warning: nothing that should have been read was left out.
    pub fn is_warning(&self) -> bool {
        matches!(self, LoadError::Skipped { .. })
    }

    /// Where to point: the start of the (empty) placeholder file for that path.
    pub fn span(&self) -> Span {
        match self {
            LoadError::Unreadable { file, .. }
            | LoadError::Empty { file, .. }
            | LoadError::TooLarge { file, .. }
            | LoadError::Skipped { file, .. } => Span::new(*file, 0, 0),
        }
    }

    pub fn help(&self) -> String {
        match self {
            LoadError::Unreadable { .. } => "check that the path exists and that you may read it".into(),
            LoadError::Empty { .. } => "name a directory that holds .rules or .facts files, or a file".into(),
            LoadError::TooLarge { .. } => "split the record into files of at most 1 GiB each".into(),
            LoadError::Skipped { .. } => {
                "only regular files are read under a directory, each once; name a file to read it".into()
            }
        }
    }

    /// The error for a path not read, pointing into `file`, its placeholder.
    pub fn new(path: &Path, problem: Problem, file: FileId) -> LoadError {
        let path = path.to_string_lossy().into_owned();
        match problem {
            Problem::Unreadable(reason) => LoadError::Unreadable { path, reason, file },
            Problem::Empty => LoadError::Empty { path, file },
            Problem::TooLarge => LoadError::TooLarge { path, file },
            Problem::Skipped(what) => LoadError::Skipped { path, what, file },
        }
    }
}

/// Why a path is not read.
#[derive(Debug)]
pub enum Problem {
    Unreadable(String),
    /// A directory with nothing to read under it.
    Empty,
    TooLarge,
    /// What the entry is, e.g. "a FIFO": an entry under a directory that is not read.
    Skipped(String),
}

/// What [`expand`] found for one path.
#[derive(Debug)]
pub enum Entry {
    /// A file to read; `given` when named on the command line, which may then be a pipe.
    Read {
        path: PathBuf,
        given: bool,
    },
    NotRead {
        path: PathBuf,
        problem: Problem,
    },
}

impl Entry {
    fn is_found_or_unreadable(&self) -> bool {
        matches!(self, Entry::Read { .. } | Entry::NotRead { problem: Problem::Unreadable(_), .. })
    }
}

/// The files found under some paths, read as bytes, in reading order.
pub struct Loaded {
    pub sources: SourceMap,
    /// The bytes of each readable file, by `FileId` (empty for unreadable ones).
    pub bytes: Vec<Raw>,
    /// The path of each file, by `FileId`, as found.
    pub paths: Vec<PathBuf>,
    pub errors: Vec<LoadError>,
}

pub fn is_concord_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("rules" | "facts"))
}

/// What identifies a file or directory, whatever the path it is reached by: its device
/// and inode, or elsewhere its canonical path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Identity(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

#[cfg(unix)]
fn identity(_path: &Path, meta: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path, _meta: &Metadata) -> Identity {
    Identity(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Whether two paths name the same existing file (through links, or hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => identity(a, &ma) == identity(b, &mb),
        _ => false,
    }
}

/// Every file to read under `paths`: a path given as it is, a directory's regular
/// `.rules` and `.facts` files recursively, and every entry not read with the reason.
pub fn expand(paths: &[PathBuf]) -> Vec<Entry> {
    let mut walk = Walk::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let before = walk.out.len();
                let new = !walk.seen.contains_key(&identity(path, &meta));
                walk.directory(path);
                if new && !walk.out[before..].iter().any(Entry::is_found_or_unreadable) {
                    walk.out.insert(before, Entry::NotRead { path: path.clone(), problem: Problem::Empty });
                }
            }
            Ok(meta) => walk.file(path, &meta, true),
            Err(e) => walk.not_read(path, Problem::Unreadable(e.to_string())),
        }
    }
    walk.out
}

/// A walk through the given paths, each file and directory met once.
#[derive(Default)]
struct Walk {
    /// Every file and directory met so far, with the path it was met by.
    seen: HashMap<Identity, PathBuf>,
    out: Vec<Entry>,
}

impl Walk {
    fn not_read(&mut self, path: &Path, problem: Problem) {
        self.out.push(Entry::NotRead { path: path.to_path_buf(), problem });
    }

    /// A file found (or `given`), unless it was already met by another path.
    fn file(&mut self, path: &Path, meta: &Metadata, given: bool) {
        match self.seen.get(&identity(path, meta)) {
            Some(first) => {
                let what = format!("the same file as {}, already read", first.to_string_lossy());
                self.not_read(path, Problem::Skipped(what));
            }
            None => {
                self.seen.insert(identity(path, meta), path.to_path_buf());
                self.out.push(Entry::Read { path: path.to_path_buf(), given });
            }
        }
    }

    /// Walks `root` depth first, in sorted path order, without a recursion as deep as
    /// the tree: `ancestors` are the directories above the entry being looked at.
    fn directory(&mut self, root: &Path) {
        let mut todo = vec![(root.to_path_buf(), 0)];
        let mut ancestors = Vec::new();
        while let Some((path, depth)) = todo.pop() {
            ancestors.truncate(depth);
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if let Some(entries) = self.enter(&path, &meta, &mut ancestors) {
                        todo.extend(entries.into_iter().rev().map(|e| (e, depth + 1)));
                    }
                }
                Ok(meta) => match (is_concord_file(&path), meta.is_file()) {
                    (false, _) => {}
                    (true, true) => self.file(&path, &meta, false),
                    (true, false) => self.not_read(&path, Problem::Skipped(kind(&meta).into())),
                },
                // A link to nothing matters only where a file of ours should be.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !is_concord_file(&path) => {}
                Err(e) => self.not_read(&path, Problem::Unreadable(e.to_string())),
            }
        }
    }

    /// The entries of a directory met for the first time, which becomes an ancestor of
    /// them; `None` when it was met before or cannot be listed, saying so.
    fn enter(&mut self, path: &Path, meta: &Metadata, ancestors: &mut Vec<Identity>) -> Option<Vec<PathBuf>> {
        let id = identity(path, meta);
        if let Some(first) = self.seen.get(&id) {
            let first = first.to_string_lossy();
            let what = match ancestors.contains(&id) {
                true => format!("a link that loops back to {first}"),
                false => format!("the same directory as {first}, already read"),
            };
            self.not_read(path, Problem::Skipped(what));
            return None;
        }
        self.seen.insert(id.clone(), path.to_path_buf());
        ancestors.push(id);
        sorted_entries(path).map_err(|e| self.not_read(path, Problem::Unreadable(e.to_string()))).ok()
    }
}

/// A directory's entries, sorted; an entry that cannot be listed fails the whole.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

/// What a file that is neither regular nor a directory is, for the message that skips it.
fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Reads every file under `paths`. Nothing is dropped: each path not read is reported.
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_with(paths, None)
}

/// As [`load`]; with `map_from`, a regular file of that many bytes or more (see
/// [`MAP_MIN`]) is mapped rather than read, for a run that ends before the file changes
/// (not one that watches it, nor an editor's server): what a mapped file changed
/// meanwhile reads is undefined, and if it is cut short the run stops (`SIGBUS`).
pub fn load_with(paths: &[PathBuf], map_from: Option<u64>) -> Loaded {
    let mut loaded =
        Loaded { sources: SourceMap::default(), bytes: Vec::new(), paths: Vec::new(), errors: Vec::new() };
    for entry in expand(paths) {
        let (path, result) = match entry {
            Entry::Read { path, given } => {
                let result = match map_from {
                    Some(size) => read_or_map(&path, given, size),
                    None => read(&path, given).map(Raw::Read),
                };
                (path, result)
            }
            Entry::NotRead { path, problem } => (path, Err(problem)),
        };
        let file = loaded.sources.add_path(&path, "");
        loaded.paths.push(path.clone());
        match result {
            Ok(bytes) => loaded.bytes.push(bytes),
            Err(problem) => {
                loaded.bytes.push(Raw::Read(Vec::new()));
                loaded.errors.push(LoadError::new(&path, problem, file));
            }
        }
    }
    loaded
}

/// A file's bytes, at most [`MAX_FILE_SIZE`] of them. A file found under a directory
/// must still be a regular file when opened; one `given` may be a pipe or a device,
/// read until its end or the limit.
pub fn read(path: &Path, given: bool) -> Result<Vec<u8>, Problem> {
    let (file, meta) = open(path, given)?;
    read_open(file, &meta)
}

fn read_open(file: std::fs::File, meta: &Metadata) -> Result<Vec<u8>, Problem> {
    let len = if meta.is_file() { meta.len() } else { 0 };
    if len >= PARALLEL_READ_MIN {
        if let Some(bytes) = read_in_parts(&file, len) {
            return Ok(bytes);
        }
    }
    read_bounded(file, len)
}

/// As [`read`], a regular file of `size` bytes or more mapped (read if it cannot be).
fn read_or_map(path: &Path, given: bool, size: u64) -> Result<Raw, Problem> {
    let (file, meta) = open(path, given)?;
    if meta.is_file() && meta.len() >= size.max(1) {
        // SAFETY: see `load_with`: the file is not to change while the run reads it.
        #[allow(unsafe_code)]
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Raw::Mapped(map));
        }
    }
    read_open(file, &meta).map(Raw::Read)
}

/// From this size on a file may be mapped: the text of a large record then costs no copy,
/// and its pages return to the system once parsed (`source::Text`).
pub const MAP_MIN: u64 = 16 << 20;

/// A file opened for reading, with its metadata, if it may be read.
fn open(path: &Path, given: bool) -> Result<(std::fs::File, Metadata), Problem> {
    let unreadable = |e: std::io::Error| Problem::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !given && !meta.is_file() {
        return Err(Problem::Skipped(kind(&meta).into()));
    }
    if meta.is_file() && meta.len() > MAX_FILE_SIZE {
        return Err(Problem::TooLarge);
    }
    Ok((file, meta))
}

/// Reads from the start to the end, or fails once past [`MAX_FILE_SIZE`] (a pipe may
/// never end).
fn read_bounded(file: std::fs::File, size_hint: u64) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::with_capacity(size_hint.min(MAX_FILE_SIZE) as usize + 1);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).map_err(|e| Problem::Unreadable(e.to_string()))?;
    match bytes.len() as u64 > MAX_FILE_SIZE {
        true => Err(Problem::TooLarge),
        false => Ok(bytes),
    }
}

/// Above this size a regular file is read in parts on several threads.
const PARALLEL_READ_MIN: u64 = 16 << 20;

#[cfg(not(unix))]
fn read_in_parts(_file: &std::fs::File, _len: u64) -> Option<Vec<u8>> {
    None
}

/// A large regular file read in parts on several threads: copying hundreds of megabytes
/// into fresh memory costs about as much as parsing them. `None` if there is one thread,
/// a part could not be read, or the file grew meanwhile; the file's own position is left
/// at its start, so it can then be read whole.
#[cfg(unix)]
fn read_in_parts(file: &std::fs::File, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let threads = crate::threads::for_work(len as usize, PARALLEL_READ_MIN as usize / 4);
    if threads < 2 {
        return None;
    }
    let mut bytes = vec![0u8; len as usize];
    let part = (len as usize).div_ceil(threads);
    let read_part = |(n, chunk): (usize, &mut [u8])| file.read_exact_at(chunk, (n * part) as u64);
    let parts: std::io::Result<()> =
        crate::threads::map(bytes.chunks_mut(part).enumerate(), read_part).into_iter().collect();
    let mut probe = [0u8; 1];
    match parts.and_then(|()| file.read_at(&mut probe, len)) {
        Ok(0) => Some(bytes),
        _ => None,
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
        assert!(super::read(&path, false).unwrap() == bytes);
    }
}
