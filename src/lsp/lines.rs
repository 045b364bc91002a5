//! Positions as the protocol counts them: lines from 0, columns in UTF-16 code units.

use crate::source::SourceFile;
use lsp_types::Position;

/// Columns are counted from the start of a chunk of 2^8 bytes, not of the line.
const CHUNK_BITS: u32 = 8;

/// A file's UTF-16 code units before every chunk of its bytes, so that a column costs a
/// count within one chunk rather than from its line's start: the diagnostics along one
/// long line would otherwise cost the square of its length. Empty for an ASCII file,
/// where a unit is a byte.
#[derive(Debug, Default)]
pub struct Columns {
    units_before: Vec<u32>,
}

impl Columns {
    pub fn new(text: &str) -> Columns {
        if text.is_ascii() {
            return Columns::default();
        }
        let mut before = 0;
        let mut units_before = vec![0];
        for chunk in text.as_bytes().chunks(1 << CHUNK_BITS) {
            before += units(chunk);
            units_before.push(before);
        }
        Columns { units_before }
    }

    /// The code units before a byte offset that starts a character (or ends the text).
    fn before(&self, text: &str, offset: usize) -> usize {
        if self.units_before.is_empty() {
            return offset;
        }
        let chunk = offset >> CHUNK_BITS;
        self.units_before[chunk] as usize + units(&text.as_bytes()[chunk << CHUNK_BITS..offset]) as usize
    }
}

/// The UTF-16 code units of some UTF-8 bytes, each character counted at its first byte:
/// one, and one more for a character of four bytes (outside the Basic Multilingual Plane).
fn units(bytes: &[u8]) -> u32 {
    bytes.iter().map(|&b| u32::from((b as i8) >= -0x40) + u32::from(b >= 0xF0)).sum()
}

/// The protocol position of a byte offset, clamped to the text and moved back to the
/// start of the character that holds it; `columns` are the file's.
pub fn position(file: &SourceFile, columns: &Columns, offset: usize) -> Position {
    let text: &str = &file.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, _) = file.line_col(offset);
    let (start, _, _) = file.line_bounds(line - 1);
    let column = columns.before(text, offset) - columns.before(text, start);
    Position::new((line - 1) as u32, column as u32)
}

/// The byte offset of a protocol position: a line past the last is the end of the text,
/// a column past the end of its line the end of the line.
pub fn offset(file: &SourceFile, position: Position) -> usize {
    let line = position.line as usize;
    if line >= file.line_count() {
        return file.text.len();
    }
    let (start, end, _) = file.line_bounds(line);
    let mut units = 0;
    for (i, c) in file.text[start..end].char_indices() {
        if units >= position.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::{offset, Columns};
    use crate::source::SourceFile;
    use lsp_types::Position;

    fn position(file: &SourceFile, at: usize) -> Position {
        super::position(file, &Columns::new(&file.text), at)
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // `ü` is one unit and two bytes, `𝒳` two units and four bytes.
        let file = SourceFile::new("t", "body NATO.\r\n1952: Türkiye 𝒳 joins NATO.\n");
        let joins = file.text.find("joins").unwrap();
        assert_eq!(position(&file, joins), Position::new(1, 17));
        assert_eq!(offset(&file, Position::new(1, 17)), joins);
        let after = file.text.find("iye").unwrap();
        assert_eq!(position(&file, after), Position::new(1, 10));
        // Inside a character: its start.
        let u = file.text.find('ü').unwrap();
        assert_eq!(position(&file, u + 1), Position::new(1, 7));
    }

    #[test]
    fn columns_across_chunks_count_as_from_the_line_start() {
        // Characters of one to four bytes straddle the chunks' edges; lines start inside chunks.
        let text = "aü€𝒳\n".repeat(40) + &"ü€𝒳a".repeat(300);
        let file = SourceFile::new("t", text.as_str());
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let units = text[line_start..at].encode_utf16().count() as u32;
            let line = text[..at].matches('\n').count() as u32;
            assert_eq!(position(&file, at), Position::new(line, units), "at byte {at}");
        }
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let file = SourceFile::new("t", "body A.\nbody B.");
        assert_eq!(offset(&file, Position::new(0, 99)), 7);
        assert_eq!(offset(&file, Position::new(9, 0)), file.text.len());
        assert_eq!(position(&file, 999), Position::new(1, 7));
    }
}
