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
            read.finish((to == bytes.len()).then_some(to));
            Some(read)
        });
        Some(Lines::from_parts(parts.into_iter().collect::<Option<_>>()?))
    }

    /// The lines of a text from its parts, in order, which together cover it: each part's
    /// lines are numbered on from the line it starts on, which may have started in an
    /// earlier part.
    pub(super) fn from_parts(parts: Vec<Part>) -> Lines {
        let mut lines = Lines::default();
        let sum = |size: fn(&Part) -> usize| parts.iter().map(size).sum::<usize>();
        lines.lengths.reserve(sum(|p| p.lines.lengths.len() + 1));
        lines.chunk_lines.reserve(sum(|p| p.lines.chunk_lines.len()));
        lines.chunk_line_starts.reserve(sum(|p| p.lines.chunk_lines.len()));
        // The number and start of the line each part starts on.
        let (mut line, mut start) = (0, 0);
        for p in &parts {
            if let Some(end) = p.first_end {
                lines.push_length(line, end - start);
            }
            let number = |n: &u32| (line + *n as usize) as u32;
            lines.lengths.extend_from_slice(&p.lines.lengths);
            lines.long.extend(p.lines.long.iter().map(|(n, length)| (number(n), *length)));
            lines.chunk_lines.extend(p.lines.chunk_lines.iter().map(number));
            let known = |s: &u32| if *s == CARRIED { start as u32 } else { *s };
            lines.chunk_line_starts.extend(p.lines.chunk_line_starts.iter().map(known));
            line += p.newlines;
            start = p.last_start.unwrap_or(start);
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

/// What one part of a text tells about its lines, found as it is read: the lines that
/// start in it, numbered on from the one it starts on (its line 0, which may have started
/// in an earlier part), and the line holding each of its chunks' first byte.
pub(super) struct Part {
    /// Which bytes of the text: whole chunks, but for the last part's end.
    range: Range<usize>,
    /// The lengths of the lines that start in this part and end in it (or at the text's
    /// end), and each chunk's line and its start ([`CARRIED`] for line 0's).
    lines: Lines,
    /// Where line 0 ends, if in this part: after its `\n`, or at the text's end.
    first_end: Option<usize>,
    /// How many `\n` it holds, and where the line after the last one starts.
    newlines: usize,
    last_start: Option<usize>,
    /// The next chunk whose line is to be noted.
    chunk: usize,
    /// How many characters start in each chunk.
    chars: Vec<u32>,
    ascii: bool,
}

/// The start of a line that began in an earlier part, known once the parts are joined.
const CARRIED: u32 = u32::MAX;

impl Part {
    fn new(range: Range<usize>) -> Part {
        let chunk = range.start >> CHUNK_BITS;
        let (lines, chars) = (Lines::default(), Vec::new());
        Part { range, lines, first_end: None, newlines: 0, last_start: None, chunk, chars, ascii: true }
    }

    /// The part of `bytes` within `range`: whole chunks, unless it ends at the text's
    /// end, which ends its last line. The bytes need not be known to be UTF-8 yet (a
    /// part starts at its chunk, which may hold the end of a piece not yet checked): the
    /// part only counts them.
    pub(super) fn of(bytes: &[u8], range: Range<usize>) -> Part {
        let mut part = Part::new(range.clone());
        // Made large enough at once, rather than grown among the model's own memory:
        // capacity not written takes no memory.
        let chunks = (range.len() >> CHUNK_BITS) + 2;
        part.lines.lengths.reserve(range.len() / 16);
        part.lines.chunk_lines.reserve(chunks);
        part.lines.chunk_line_starts.reserve(chunks);
        part.chars.reserve(chunks);
        for block in range.clone().step_by(BLOCK) {
            let end = (block + BLOCK).min(range.end);
            part.read(&bytes[block..end], block, bytes[block..end].is_ascii());
        }
        part.finish((range.end == bytes.len()).then_some(range.end));
        part
    }

    /// Reads the bytes at `offset` of the text, a whole number of chunks unless at its
    /// end; `ascii` if they are all ASCII.
    fn read(&mut self, bytes: &[u8], offset: usize, ascii: bool) {
        for n in memchr::memchr_iter(b'\n', bytes) {
            let next = offset + n + 1;
            self.chunks_before(next, usize::MAX);
            self.end_line(next);
            self.newlines += 1;
            self.last_start = Some(next);
        }
        for chunk in bytes.chunks(1 << CHUNK_BITS) {
            let ascii = ascii || chunk.is_ascii();
            self.ascii &= ascii;
            self.chars.push(if ascii { chunk.len() as u32 } else { super::char_starts(chunk) });
        }
    }

    /// Ends the part. The last, given the text's length `end`, ends the last line, and
    /// notes the chunk that starts at the end.
    fn finish(&mut self, end: Option<usize>) {
        if let Some(end) = end {
            self.end_line(end);
        }
        let chunks = end.map_or(self.range.end >> CHUNK_BITS, |end| (end >> CHUNK_BITS) + 1);
        // The rest of the part is on a line that ends later, or is the last.
        self.chunks_before(usize::MAX, chunks);
    }

    /// Notes the current line for each chunk (below `chunks`) that starts before `next`.
    fn chunks_before(&mut self, next: usize, chunks: usize) {
        while self.chunk < chunks && self.chunk << CHUNK_BITS < next {
            self.lines.chunk_lines.push(self.newlines as u32);
            self.lines.chunk_line_starts.push(self.last_start.map_or(CARRIED, |s| s as u32));
            self.chunk += 1;
        }
    }

    /// Ends the current line at `end`.
    fn end_line(&mut self, end: usize) {
        match self.last_start {
            Some(start) => self.lines.push_length(self.newlines, end - start),
            None => self.first_end = Some(end),
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

    /// Parts cut anywhere, as a mapped text is cut for parsing (each part running from the
    /// chunk its cut falls in: several may fall in one chunk, and a part may then be
    /// empty), give the lines of the text read whole: lines that run over several parts,
    /// long ones, and the chunks' lines and columns.
    #[test]
    fn parts_cut_anywhere_give_the_lines_of_the_whole() {
        let lines: String = (0..400).map(|i| format!("{}é\n", "x".repeat(i * 53 % 700))).collect();
        let unended = format!("{lines}the last line, with no line end");
        for text in [lines.as_str(), &unended, "", "\n", "one line"] {
            let bytes = text.as_bytes();
            let whole = Lines::in_parts(bytes, 1 << 30, true, &|_| {}).expect("UTF-8");
            let mut lengths: Vec<usize> = text.split('\n').map(|line| line.len() + 1).collect();
            *lengths.last_mut().expect("a line at least") -= 1;
            assert_eq!((0..whole.count()).map(|n| whole.length(n)).collect::<Vec<_>>(), lengths);
            // As `Checking` cuts: each part from its cut's chunk, the last to the end.
            let chunk = |at: usize| at >> super::CHUNK_BITS << super::CHUNK_BITS;
            let end = |at: usize| if at == bytes.len() { at } else { chunk(at) };
            for step in [1, 7, 100, 255, 256, 300, 4099, 70_000, bytes.len().max(1)] {
                let mut cuts: Vec<usize> =
                    std::iter::once(0).chain((step..bytes.len()).step_by(step)).collect();
                cuts.push(bytes.len());
                let parts = cuts.windows(2).map(|w| super::Part::of(bytes, chunk(w[0])..end(w[1]))).collect();
                let parts = Lines::from_parts(parts);
                let case = format!("step {step}, text of {} bytes", bytes.len());
                assert_eq!(parts.lengths, whole.lengths, "{case}");
                assert_eq!(parts.long, whole.long, "{case}");
                assert_eq!(parts.chunk_lines, whole.chunk_lines, "{case}");
                assert_eq!(parts.chunk_line_starts, whole.chunk_line_starts, "{case}");
                assert_eq!(parts.chunk_chars, whole.chunk_chars, "{case}");
            }
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
