//! Where a text's lines start, kept small: reports locate millions of labels in a large
//! file, and a record of 10⁷ short lines would spend a sixth of its size again on a
//! 4-byte start for each. Each line's length takes a byte instead, and every chunk of
//! 256 bytes ([`CHUNK_BITS`]) notes the line holding its first byte: a label's line is one look-up
//! and a few steps away, without reading the text again.

use super::Text;
use std::ops::Range;

/// log₂ of the chunk size.
pub const CHUNK_BITS: u32 = 8;

/// A length of this or more is kept apart, in [`Lines::long`].
const LONG: u8 = u8::MAX;

#[derive(Debug, Default)]
pub struct Lines {
    /// Each line's length, with its line end; [`LONG`] for a longer one.
    lengths: Vec<u8>,
    /// The lines of [`LONG`] bytes or more, with their lengths, in order.
    long: Vec<(u32, u32)>,
    /// For each chunk, the line holding its first byte (for the chunk that starts at the
    /// text's end, the last line), and where that line starts.
    chunk_lines: Vec<u32>,
    chunk_line_starts: Vec<u32>,
    /// For each chunk, how many characters start before it; empty for an ASCII text,
    /// where a column is a byte distance.
    pub chunk_chars: Vec<u32>,
}

impl Lines {
    /// The lines of `text`. A large text is read in parts on several threads (the line
    /// ends of 10⁷ lines take a fifth of a second to find on one), each part in blocks
    /// let go once read ([`Text::release`]).
    pub fn of(text: &Text) -> Lines {
        let release = |block| text.release(block);
        Lines::in_parts(text.as_bytes(), part_size(text.len()), false, &release).expect("a text is UTF-8")
    }

    /// The lines of mapped bytes if they are UTF-8: each block is checked and its lines
    /// found in one reading, then let go, so that a mapped text is never held whole and
    /// the check and the index share each reading of a page.
    pub fn of_utf8(map: &memmap2::Mmap) -> Option<Lines> {
        Lines::in_parts(map, part_size(map.len()), true, &|block| super::release(map, block))
    }

    /// The lines of `bytes` read in parts of `part` bytes, a multiple of the chunk size;
    /// `None` if `utf8` asks for the check and they are not UTF-8.
    fn in_parts(
        bytes: &[u8],
        part: usize,
        utf8: bool,
        release: &(dyn Fn(Range<usize>) + Sync),
    ) -> Option<Lines> {
        let parts = crate::threads::map((0..bytes.len().max(1)).step_by(part), |from| {
            let to = (from + part).min(bytes.len());
            let mut read = Part::new(from..to);
            for block in (from..to).step_by(BLOCK) {
                let end = (block + BLOCK).min(to);
                // An ASCII block is UTF-8; but the bytes that continue a character at the
                // next block's start are checked with this one, and the next skips them.
                let ascii = bytes[block..end].is_ascii();
                let continued = bytes.get(end).is_some_and(|&b| (b as i8) < -0x40);
                if utf8 && (!ascii || continued) && !is_utf8_within(bytes, block..end) {
                    return None;
                }
                read.read(&bytes[block..end], block, ascii);
                release(block..end);
            }
            Some(read)
        });
        Some(Lines::from_parts(bytes.len(), parts.into_iter().collect::<Option<_>>()?))
    }

    /// The lines of a text of `len` bytes from its parts, in order, which together cover it.
    pub(super) fn from_parts(len: usize, parts: Vec<Part>) -> Lines {
        // The number and start of each part's first line, which may begin in an earlier
        // part; each part's lines and chunks are then indexed on its own thread.
        let mut firsts = Vec::with_capacity(parts.len());
        let (mut line, mut start) = (0, 0);
        for p in &parts {
            firsts.push((line, start));
            line += p.ends.len();
            start = p.ends.last().map_or(start, |&end| end as usize + 1);
        }
        let last = parts.len() - 1;
        let items: Vec<_> = parts.iter().zip(firsts).enumerate().collect();
        let groups = crate::threads::consecutive(items, |(_, (p, _))| p.ends.len() + 1, LINES_A_THREAD);
        let indexed = crate::threads::map(groups, |group| {
            let part_lines =
                |(k, (p, first)): (usize, (&Part, _))| p.lines(first, (k == last).then_some(len));
            group.into_iter().map(part_lines).collect::<Vec<_>>()
        });
        let mut lines = Lines::default();
        for part in indexed.into_iter().flatten() {
            lines.lengths.extend(part.lengths);
            lines.long.extend(part.long);
            lines.chunk_lines.extend(part.chunk_lines);
            lines.chunk_line_starts.extend(part.chunk_line_starts);
        }
        if parts.iter().any(|p| !p.ascii) {
            lines.chunk_chars = Vec::with_capacity(lines.chunk_lines.len() + 1);
            let counts = parts.iter().flat_map(|p| &p.chars);
            lines.chunk_chars.extend(std::iter::once(&0).chain(counts).scan(0, |sum, c| {
                *sum += c;
                Some(*sum)
            }));
        }
        lines
    }

    /// Adds the length of line number `line`.
    fn push_length(&mut self, line: usize, length: usize) {
        match u8::try_from(length) {
            Ok(short) if short < LONG => self.lengths.push(short),
            _ => (self.lengths.push(LONG), self.long.push((line as u32, length as u32))).1,
        }
    }

    pub fn count(&self) -> usize {
        self.lengths.len()
    }

    /// The length of line `index`, with its line end.
    fn length(&self, index: usize) -> usize {
        match self.lengths[index] {
            LONG => {
                let at = self.long.partition_point(|&(line, _)| (line as usize) < index);
                self.long[at].1 as usize
            }
            short => short as usize,
        }
    }

    /// The line (from 0) holding a byte offset, at most the text's length, and its start.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let chunk = offset >> CHUNK_BITS;
        let (mut line, mut start) =
            (self.chunk_lines[chunk] as usize, self.chunk_line_starts[chunk] as usize);
        while line + 1 < self.count() {
            let next = start + self.length(line);
            if next > offset {
                break;
            }
            (line, start) = (line + 1, next);
        }
        (line, start)
    }

    /// Where line `index` starts and where the next one does (the text's end for the
    /// last). It starts in the last chunk whose first byte is on an earlier line, or in
    /// the first chunk.
    pub fn bounds(&self, index: usize) -> (usize, usize) {
        let chunk = self.chunk_lines.partition_point(|&l| (l as usize) < index).saturating_sub(1);
        let (mut line, mut start) =
            (self.chunk_lines[chunk] as usize, self.chunk_line_starts[chunk] as usize);
        while line < index {
            (line, start) = (line + 1, start + self.length(line));
        }
        (start, start + self.length(index))
    }
}

/// Below this many lines a thread costs more than it saves, indexing parts.
const LINES_A_THREAD: usize = 1 << 16;

/// A block of a text read at a time.
pub const BLOCK: usize = 1 << 20;

/// The size of each thread's part of a text of `len` bytes: whole chunks, at least a block.
fn part_size(len: usize) -> usize {
    let chunks = (len >> CHUNK_BITS) + 1;
    let part = chunks.div_ceil(crate::threads::for_work(len, 4 << 20)) << CHUNK_BITS;
    part.max(BLOCK)
}

/// Whether the characters that start within `range` of `bytes` are UTF-8. A character
/// belongs to the block it starts in, which reads its last bytes in the next: checked
/// block by block, every byte is checked once, wherever the blocks are cut. A block skips
/// at most three bytes that continue a character at its start: a fourth is a byte no
/// character holds, and fails the check.
fn is_utf8_within(bytes: &[u8], range: Range<usize>) -> bool {
    let continues = |b: &&u8| (**b as i8) < -0x40;
    let start = |at: usize| match at {
        0 => 0,
        _ => at + bytes[at..].iter().take(3).take_while(continues).count(),
    };
    std::str::from_utf8(&bytes[start(range.start)..start(range.end)]).is_ok()
}

/// What one part of a text tells about its lines.
pub(super) struct Part {
    /// Which bytes of the text: whole chunks, but for the last part's end.
    range: Range<usize>,
    /// Where each `\n` is.
    ends: Vec<u32>,
    /// How many characters start in each chunk.
    chars: Vec<u32>,
    ascii: bool,
}

impl Part {
    fn new(range: Range<usize>) -> Part {
        Part { range, ends: Vec::new(), chars: Vec::new(), ascii: true }
    }

    /// The part of `bytes` (UTF-8) within `range`: whole chunks, unless it ends at the end.
    pub(super) fn of(bytes: &[u8], range: Range<usize>) -> Part {
        let mut part = Part::new(range.clone());
        // Made large enough at once, rather than grown among the model's own memory:
        // capacity not written takes no memory.
        part.ends.reserve(range.len() / 16);
        part.chars.reserve((range.len() >> CHUNK_BITS) + 1);
        for block in range.clone().step_by(BLOCK) {
            let end = (block + BLOCK).min(range.end);
            part.read(&bytes[block..end], block, bytes[block..end].is_ascii());
        }
        part
    }

    /// The lengths of the lines that end in this part, and the line holding each of its
    /// chunks' first byte, numbered as in the whole text: its first line is `first`
    /// (number and start). The last part, given the text's length `end`, also holds the
    /// last line and the chunk that starts at the end.
    fn lines(&self, (mut line, mut start): (usize, usize), end: Option<usize>) -> Lines {
        let mut lines = Lines::default();
        let mut chunk = self.range.start >> CHUNK_BITS;
        let chunks = end.map_or(self.range.end >> CHUNK_BITS, |end| (end >> CHUNK_BITS) + 1);
        let mut chunks_before = |lines: &mut Lines, next: usize, (line, start): (usize, usize)| {
            while chunk < chunks && chunk << CHUNK_BITS < next {
                lines.chunk_lines.push(line as u32);
                lines.chunk_line_starts.push(start as u32);
                chunk += 1;
            }
        };
        for &at in &self.ends {
            let next = at as usize + 1;
            lines.push_length(line, next - start);
            chunks_before(&mut lines, next, (line, start));
            (line, start) = (line + 1, next);
        }
        if let Some(end) = end {
            lines.push_length(line, end - start);
        }
        // The rest of the part is on a line that ends later, or is the last.
        chunks_before(&mut lines, usize::MAX, (line, start));
        lines
    }

    /// Reads the bytes at `offset` of the text, a whole number of chunks unless at its
    /// end; `ascii` if they are all ASCII.
    fn read(&mut self, bytes: &[u8], offset: usize, ascii: bool) {
        self.ends.extend(memchr::memchr_iter(b'\n', bytes).map(|n| (offset + n) as u32));
        for chunk in bytes.chunks(1 << CHUNK_BITS) {
            let ascii = ascii || chunk.is_ascii();
            self.ascii &= ascii;
            self.chars.push(if ascii { chunk.len() as u32 } else { super::char_starts(chunk) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn lines_read_in_parts_are_the_lines_read_whole() {
        let text: String = (0..700).map(|i| format!("{}é\n", "x".repeat(i * 37 % 900))).collect();
        let read = |part| Lines::in_parts(text.as_bytes(), part, true, &|_| {}).expect("UTF-8");
        let whole = read(1 << 30);
        for part in [256, 512, 1 << 12] {
            let parts = read(part);
            assert_eq!(parts.lengths, whole.lengths, "part {part}");
            assert_eq!(parts.long, whole.long, "part {part}");
            assert_eq!(parts.chunk_lines, whole.chunk_lines, "part {part}");
            assert_eq!(parts.chunk_line_starts, whole.chunk_line_starts, "part {part}");
            assert_eq!(parts.chunk_chars, whole.chunk_chars, "part {part}");
        }
    }

    /// A block of ASCII skips the UTF-8 check and the count of characters chunk by
    /// chunk: the counts of a text whose blocks are ASCII, then not, then ASCII again
    /// are still the characters that start before each chunk.
    #[test]
    fn ascii_blocks_count_their_characters_too() {
        let ascii = "2024-04-01: Hungary opposes rutte.\n".repeat(40_000);
        let text = format!("{ascii}{}{ascii}", "2024-04-02: Türkiye supports rutte.\n".repeat(40_000));
        let bytes = text.as_bytes();
        assert!(bytes.len() > 3 * super::BLOCK);
        let lines = Lines::in_parts(bytes, super::BLOCK, true, &|_| {}).expect("UTF-8");
        let mut expected = vec![0];
        for chunk in bytes.chunks(1 << super::CHUNK_BITS) {
            let starts = chunk.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32;
            expected.push(expected[expected.len() - 1] + starts);
        }
        assert_eq!(lines.chunk_chars, expected);
        assert_eq!(lines.count(), 120_001);
    }

    /// A byte that continues no character is refused where an ASCII block ends, as
    /// anywhere: the next block leaves the bytes at its start to the block before.
    #[test]
    fn a_stray_byte_after_an_ascii_block_is_not_utf8() {
        let ascii = "a".repeat(super::BLOCK);
        for stray in [&[0x80][..], &[0x80, 0x80], &[0x80, 0x80, 0x80], &[0xbf, 0x41]] {
            let bytes = [ascii.as_bytes(), stray, ascii.as_bytes()].concat();
            assert!(Lines::in_parts(&bytes, super::BLOCK, true, &|_| {}).is_none(), "{stray:?}");
            assert!(Lines::in_parts(&bytes, 1 << 30, true, &|_| {}).is_none(), "{stray:?} in one part");
        }
        let cut = [ascii.as_bytes(), "é".as_bytes(), ascii.as_bytes()].concat();
        assert!(Lines::in_parts(&cut, super::BLOCK, true, &|_| {}).is_some());
    }
}
