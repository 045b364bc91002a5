//! Positions as the protocol counts them: lines from 0, columns in UTF-16 code units.

use crate::source::SourceFile;
use lsp_types::Position;

/// The protocol position of a byte offset, clamped to the text and moved back to the
/// start of the character that holds it.
pub fn position(file: &SourceFile, offset: usize) -> Position {
    let text = file.text.as_str();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, _) = file.line_col(offset);
    let (start, _, _) = file.line_bounds(line - 1);
    let column: usize = text[start..offset].chars().map(char::len_utf16).sum();
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
    use super::{offset, position};
    use crate::source::SourceFile;
    use lsp_types::Position;

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
    fn positions_past_the_end_are_clamped() {
        let file = SourceFile::new("t", "body A.\nbody B.");
        assert_eq!(offset(&file, Position::new(0, 99)), 7);
        assert_eq!(offset(&file, Position::new(9, 0)), file.text.len());
        assert_eq!(position(&file, 999), Position::new(1, 7));
    }
}
