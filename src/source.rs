//! Source files stored once, and the small `Copy` spans that point into them.

mod checking;
mod lines;

pub use checking::{Checking, Pieces};
use lines::{Lines, CHUNK_BITS};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`], in reading order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
///
/// Spans compare equal to each other whatever their position, so that syntax trees can
/// be compared for meaning (`parse(print(ast)) == ast`); use [`Span::same_place`] to
/// compare positions.
#[derive(Clone, Copy, Debug, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}
impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start: start as u32, end: end as u32 }
    }

    /// Whether two spans cover the same bytes of the same file.
    pub fn same_place(&self, other: &Span) -> bool {
        (self.file, self.start, self.end) == (other.file, other.start, other.end)
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A file's bytes as loaded: read into memory, or, for a large file, mapped from it.
pub enum Raw {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Raw {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Raw::Read(bytes) => bytes,
            Raw::Mapped(map) => map,
        }
    }
}

/// A file's text: read, or mapped from the file as it was loaded. A mapped text costs
/// no copy, and the pages a run has done with return to the system ([`Text::release`])
/// while the text stays readable: a page read again is read from the file. The file
/// must then not change while Concord runs (`load` maps only large files; see
/// docs/performance.md).
pub enum Text {
    Read(String),
    /// Valid UTF-8, checked by [`Text::decode`], or piece by piece as it was parsed
    /// ([`Checking::finish`]).
    Mapped(memmap2::Mmap),
}

impl Text {
    /// The text of `raw` with its lines indexed, or its bytes if they are not UTF-8. A
    /// mapped text is checked and indexed in one reading, block by block, each block let
    /// go once read (`check` checks a large file as it parses it instead, and comes here
    /// only when positions stay in the trees, or for a file found not to be UTF-8).
    pub fn decode(raw: Raw) -> Result<Decoded, Raw> {
        match raw {
            Raw::Read(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(Decoded::from(Text::Read(text))),
                Err(e) => Err(Raw::Read(e.into_bytes())),
            },
            Raw::Mapped(map) => match Lines::of_utf8(&map) {
                Some(lines) => Ok(Decoded { text: Text::Mapped(map), lines }),
                None => Err(Raw::Mapped(map)),
            },
        }
    }

    /// Lets the system take back the memory of the whole pages within `range` of a mapped
    /// text, which stays readable (a read text keeps its memory; so does a mapped one
    /// where the system cannot be told, off Unix).
    pub fn release(&self, range: std::ops::Range<usize>) {
        if let Text::Mapped(map) = self {
            release(map, range);
        }
    }
}

/// A text with its lines indexed, as [`Text::decode`] or [`Checking::finish`] gives it to
/// [`SourceMap::set_decoded`].
pub struct Decoded {
    text: Text,
    lines: Lines,
}

impl From<Text> for Decoded {
    fn from(text: Text) -> Decoded {
        let lines = Lines::of(&text);
        Decoded { text, lines }
    }
}

/// Lets the system take back the memory of the whole pages within `range` of a map.
#[cfg(unix)]
#[allow(unsafe_code)]
fn release(map: &memmap2::Mmap, range: std::ops::Range<usize>) {
    // The smallest page size. Where pages are larger, a range not aligned to them is
    // refused (nothing is let go) or its end rounded out (a page of the next piece is
    // then read again from the file).
    const PAGE: usize = 4096;
    let (start, end) = (range.start.next_multiple_of(PAGE), range.end.min(map.len()) / PAGE * PAGE);
    if start < end {
        // SAFETY: the map is of a file, shared: its dropped pages are read again from
        // the file, as they were, when next used.
        let _ = unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start) };
    }
}

#[cfg(not(unix))]
fn release(_: &memmap2::Mmap, _: std::ops::Range<usize>) {}

impl std::ops::Deref for Text {
    type Target = str;

    #[allow(unsafe_code)]
    fn deref(&self) -> &str {
        match self {
            Text::Read(text) => text,
            // SAFETY: checked to be UTF-8 when made (`decode`, `Checking::finish`), and the
            // file stays as it was.
            Text::Mapped(map) => unsafe { std::str::from_utf8_unchecked(map) },
        }
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Read(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Read(text.to_string())
    }
}

/// One loaded file: its name as the user gave it and its text, with its lines indexed.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    /// The bytes of the path, when they are not UTF-8 and `name` shows them lossily.
    pub raw_name: Option<Vec<u8>>,
    /// Kept as read: a large file's text is never copied.
    pub text: Arc<Text>,
    lines: Lines,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Text>) -> SourceFile {
        SourceFile::decoded(name, Decoded::from(text.into()))
    }

    fn decoded(name: impl Into<String>, decoded: Decoded) -> SourceFile {
        SourceFile { name: name.into(), raw_name: None, text: Arc::new(decoded.text), lines: decoded.lines }
    }

    /// Line and column (both from 1; the column in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (line, start) = self.lines.locate(offset);
        let column = self.chars_before(offset) - self.chars_before(start);
        (line + 1, column + 1)
    }

    /// How many characters start before a byte offset. A column is found by counting
    /// within one chunk, not from the start of the line: a label at the end of a long
    /// line costs no more than one at its start.
    fn chars_before(&self, offset: usize) -> usize {
        let counts = &self.lines.chunk_chars;
        if counts.is_empty() {
            return offset;
        }
        let chunk = offset >> CHUNK_BITS;
        counts[chunk] as usize + char_starts(&self.text.as_bytes()[chunk << CHUNK_BITS..offset]) as usize
    }

    /// How many lines the text has: lines end at `\n` only (a lone `\r` is not a line
    /// break, as for the lexer), and a text ending in `\n` has an empty last line.
    pub fn line_count(&self) -> usize {
        self.lines.count()
    }

    /// Line `index` (from 0, below [`SourceFile::line_count`]): where it starts, where its
    /// text ends (before `\n` or `\r\n`), and where the next line starts (the text's
    /// length for the last line).
    pub fn line_bounds(&self, index: usize) -> (usize, usize, usize) {
        let (start, next) = self.lines.bounds(index);
        let bytes = self.text.as_bytes();
        let mut end = next;
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        (start, end, next)
    }
}

/// How many characters start in some bytes of UTF-8: those that do not continue one.
fn char_starts(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

/// Every file of one run, in reading order.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Text>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId(self.files.len() as u32 - 1)
    }

    /// A file named by a path: a name that is not UTF-8 is shown lossily, its bytes kept.
    pub fn add_path(&mut self, path: &std::path::Path, text: impl Into<Text>) -> FileId {
        let id = self.add(path.to_string_lossy(), text);
        #[cfg(unix)]
        if path.to_str().is_none() {
            use std::os::unix::ffi::OsStrExt;
            self.files[id.0 as usize].raw_name = Some(path.as_os_str().as_bytes().to_vec());
        }
        id
    }

    /// Gives a file its text (files are added with a placeholder before they are read).
    pub fn set_text(&mut self, id: FileId, text: impl Into<Text>) {
        self.set_decoded(id, Decoded::from(text.into()));
    }

    /// [`SourceMap::set_text`] for a text whose lines are indexed already.
    pub fn set_decoded(&mut self, id: FileId, decoded: Decoded) {
        let file = &mut self.files[id.0 as usize];
        let raw_name = file.raw_name.take();
        *file = SourceFile { raw_name, ..SourceFile::decoded(std::mem::take(&mut file.name), decoded) };
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        text.get(span.start as usize..span.end as usize).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    /// Line and column by counting from the start, as a reader would.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    #[test]
    fn every_offset_is_located_as_by_counting() {
        // Several blocks of lines, short and empty ones, accents and CRLF.
        let text: String = (0..300)
            .map(|i| match i % 4 {
                0 => format!("Türkiye {i}\n"),
                1 => "\n".to_string(),
                2 => format!("line {i}\r\n"),
                _ => "é".repeat(i % 7),
            })
            .collect();
        // The same lines without accents take the ASCII path.
        let ascii = text.replace('ü', "u").replace('é', "e");
        for text in [text, ascii] {
            let file = SourceFile::new("t", text.as_str());
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                assert_eq!(file.line_col(offset), naive(&text, offset), "offset {offset}");
            }
        }
    }

    /// A text of lines of every length up to a few chunks, some ending in CRLF.
    fn lines_of_many_lengths() -> String {
        (0..700).map(|i| format!("{}{}", "x".repeat(i * 37 % 900), ["\n", "\r\n"][i % 5 / 4])).collect()
    }

    #[test]
    fn every_offset_of_long_lines_is_located_as_by_walking() {
        let text = lines_of_many_lengths() + "é\nü";
        let file = SourceFile::new("t", text.as_str());
        let (mut line, mut column) = (1, 1);
        for (offset, c) in text.char_indices().chain([(text.len(), '\0')]) {
            assert_eq!(file.line_col(offset), (line, column), "offset {offset}");
            (line, column) = if c == '\n' { (line + 1, 1) } else { (line, column + 1) };
        }
    }

    #[test]
    fn every_line_is_bounded_as_by_splitting() {
        for text in [String::new(), "\n".into(), "a".repeat(256), lines_of_many_lengths()] {
            let file = SourceFile::new("t", text.as_str());
            let lines: Vec<&str> = text.split('\n').collect();
            assert_eq!(file.line_count(), lines.len());
            let mut start = 0;
            for (index, line) in lines.iter().enumerate() {
                let next = (start + line.len() + 1).min(text.len());
                // Only a line that ends in `\n` loses a `\r` before it.
                let last = index + 1 == lines.len();
                let end = start + if last { line } else { line.strip_suffix('\r').unwrap_or(line) }.len();
                assert_eq!(file.line_bounds(index), (start, end, next), "line {index}");
                start = next;
            }
        }
    }
}
