//! A mapped text checked for UTF-8 and indexed piece by piece, as the parsing threads
//! reach each piece, rather than in a reading of its own before parsing: each page of a
//! large file is brought in once, and read again while still in cache.
//!
//! A piece is given out as text only once it and every piece before it are found to be
//! UTF-8, so no text that is not is ever read as such.

use super::lines::{Lines, Part, CHUNK_BITS};
use super::{Decoded, Raw, Text};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Condvar, Mutex, MutexGuard};

/// A text read in pieces that tile it, by threads that take the pieces in order: each
/// piece starts where one taken earlier ended (the first at 0), and a thread asks for a
/// piece only once it has asked for each it took before. Asked otherwise, a piece may
/// wait for ever or be refused, but text that is not UTF-8 is never given out.
pub trait Pieces: Sync {
    fn bytes(&self) -> &[u8];

    /// The text from its start to the end of `piece`, once that piece and every one
    /// before it are found to be UTF-8; `None` if one of them is not.
    fn up_to(&self, piece: Range<usize>) -> Option<&str>;

    /// The whole text, if it is UTF-8.
    fn whole(&self) -> Option<&str>;
}

impl Pieces for str {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }

    fn up_to(&self, piece: Range<usize>) -> Option<&str> {
        self.get(..piece.end)
    }

    fn whole(&self) -> Option<&str> {
        Some(self)
    }
}

/// A mapped file's bytes, checked and indexed as its pieces are read ([`Pieces`]); then
/// its text with the lines indexed ([`Checking::finish`]).
pub struct Checking {
    map: memmap2::Mmap,
    state: Mutex<State>,
    checked: Condvar,
}

#[derive(Default)]
struct State {
    /// The pieces checked, by start: their end, and their lines if they are UTF-8.
    pieces: BTreeMap<usize, (usize, Option<Part>)>,
    /// Where the good pieces that start the text end.
    good_to: usize,
    /// Whether a piece is not UTF-8.
    bad: bool,
}

impl Checking {
    pub fn new(map: memmap2::Mmap) -> Checking {
        Checking { map, state: Mutex::default(), checked: Condvar::new() }
    }

    /// Lets the system take back the whole pages within `range` (see [`Text::release`]).
    pub fn release(&self, range: Range<usize>) {
        super::release(&self.map, range);
    }

    /// The text with its lines indexed, if every piece of it is UTF-8 (those not read
    /// yet are checked now); else its bytes.
    pub fn finish(self) -> Result<Decoded, Raw> {
        let good = self.whole().is_some();
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if !good {
            return Err(Raw::Mapped(self.map));
        }
        let mut parts: Vec<Part> = state.pieces.into_values().filter_map(|(_, part)| part).collect();
        if parts.is_empty() {
            // An empty text has one line, empty.
            parts.push(Part::of(&self.map, 0..0));
        }
        Ok(Decoded { lines: Lines::from_parts(parts), text: Text::Mapped(self.map) })
    }

    /// Checks `piece` and finds its lines, and notes what it found. An empty piece adds
    /// nothing.
    fn check(&self, piece: Range<usize>) -> MutexGuard<'_, State> {
        if piece.is_empty() {
            return self.lock();
        }
        // Should reading the piece panic, the text is taken as bad: no thread then waits
        // for this piece for ever, and the panic is raised where the threads are joined.
        let unwinding = BadIfDropped(self);
        let bytes = &self.map[piece.clone()];
        // Most text is ASCII, which is quicker to tell.
        let good = bytes.is_ascii() || std::str::from_utf8(bytes).is_ok();
        // Lines are indexed in whole chunks: each piece's part of them starts and ends
        // with the chunk its bounds fall in, and the last ends with the text.
        let chunk = |at: usize| at >> CHUNK_BITS << CHUNK_BITS;
        let end = if piece.end == self.map.len() { piece.end } else { chunk(piece.end) };
        let part = good.then(|| Part::of(&self.map, chunk(piece.start)..end));
        std::mem::forget(unwinding);
        let mut state = self.lock();
        state.bad |= !good;
        state.pieces.insert(piece.start, (piece.end, part));
        while let Some(&(end, Some(_))) = state.pieces.get(&state.good_to) {
            state.good_to = end;
        }
        self.checked.notify_all();
        state
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The text up to `end`, if the good pieces reach it and `end` is no character's
    /// inside.
    #[allow(unsafe_code)]
    fn text_to(&self, state: &State, end: usize) -> Option<&str> {
        let boundary = self.map.get(end).is_none_or(|&b| (b as i8) >= -0x40);
        // SAFETY: the pieces that tile the text up to `good_to` were each found UTF-8, and
        // UTF-8 texts end to end are UTF-8; so is any part of one that ends between
        // characters.
        (!state.bad && state.good_to >= end && boundary)
            .then(|| unsafe { std::str::from_utf8_unchecked(&self.map[..end]) })
    }
}

/// Marks the text bad, and wakes the threads waiting on it, when dropped.
struct BadIfDropped<'a>(&'a Checking);

impl Drop for BadIfDropped<'_> {
    fn drop(&mut self) {
        self.0.lock().bad = true;
        self.0.checked.notify_all();
    }
}

impl Pieces for Checking {
    fn bytes(&self) -> &[u8] {
        &self.map
    }

    fn up_to(&self, piece: Range<usize>) -> Option<&str> {
        let end = piece.end;
        // The pieces before this one were taken first, by threads that check them
        // before waiting for any other: waiting for them always ends.
        let state = self.check(piece);
        let state =
            self.checked.wait_while(state, |s| !s.bad && s.good_to < end).unwrap_or_else(|e| e.into_inner());
        self.text_to(&state, end)
    }

    fn whole(&self) -> Option<&str> {
        let len = self.map.len();
        let mut state = self.lock();
        // What no piece covered yet is checked as pieces of its own, up to the next piece.
        while !state.bad && state.good_to < len {
            let next = state.pieces.range(state.good_to + 1..).next().map_or(len, |(&start, _)| start);
            let gap = state.good_to..next;
            drop(state);
            state = self.check(gap);
        }
        self.text_to(&state, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of `bytes`, mapped as `load` maps a large file.
    fn mapped(bytes: &[u8]) -> (tempfile::TempDir, Checking) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("text.facts"), bytes).unwrap();
        let mut loaded = crate::load::load_with(&[dir.path().to_path_buf()], Some(1)).bytes;
        match loaded.pop() {
            Some(Raw::Mapped(map)) => (dir, Checking::new(map)),
            _ => panic!("a mapped file"),
        }
    }

    /// Lines, not all ASCII, the last without a line end; cut at three line starts.
    fn text() -> (String, [usize; 4]) {
        let text: String =
            (0..3000).map(|i| format!("{}é{}\n", "x".repeat(i % 300), i)).collect::<String>() + "end";
        let cut = |at: usize| at + text[at..].find('\n').unwrap() + 1;
        let cuts = [0, cut(text.len() / 3), cut(text.len() * 2 / 3), text.len()];
        (text, cuts)
    }

    #[test]
    fn a_piece_is_given_once_every_earlier_one_is_checked_and_the_lines_are_the_whole_texts() {
        let (text, [_, a, b, end]) = text();
        let (_dir, checking) = mapped(text.as_bytes());
        std::thread::scope(|scope| {
            // Asked first, on another thread, and checked before the piece before it is
            // asked for: it waits for that piece rather than giving nothing.
            let second = scope.spawn(|| checking.up_to(a..b).map(str::len));
            while !checking.lock().pieces.contains_key(&a) {
                std::thread::yield_now();
            }
            assert_eq!(checking.up_to(0..a), Some(&text[..a]));
            assert_eq!(second.join().unwrap(), Some(b));
        });
        assert_eq!(checking.up_to(b..end), Some(&text[..]));
        let lines = checking.finish().ok().expect("UTF-8").lines;
        let whole = Lines::of(&Text::from(text.as_str()));
        assert_eq!(lines.count(), whole.count());
        assert_eq!(lines.chunk_chars, whole.chunk_chars);
        assert!((0..=text.len()).all(|at| lines.locate(at) == whole.locate(at)));
    }

    #[test]
    fn no_piece_after_one_that_is_not_utf8_is_given() {
        let (text, [_, a, b, end]) = text();
        let mut bytes = text.into_bytes();
        bytes[a + 1] = 0xff;
        let (_dir, checking) = mapped(&bytes);
        assert!(checking.up_to(0..a).is_some());
        assert!(checking.up_to(a..b).is_none());
        assert!(checking.up_to(b..end).is_none());
        assert!(checking.whole().is_none());
        assert!(checking.finish().is_err());
    }

    /// Asked for text that ends inside a character, or for an empty piece, it gives
    /// nothing rather than text that is not UTF-8, and does not hang.
    #[test]
    fn text_ending_inside_a_character_is_never_given() {
        let (_dir, checking) = mapped("aé".as_bytes());
        assert_eq!(checking.up_to(0..3), Some("aé"));
        assert_eq!(checking.up_to(2..2), None);
        assert_eq!(checking.up_to(1..1), Some("a"));
    }

    #[test]
    fn a_text_checked_in_no_piece_is_checked_whole_when_finished() {
        let (text, _) = text();
        let (_dir, checking) = mapped(text.as_bytes());
        let lines = checking.finish().ok().expect("UTF-8").lines;
        assert_eq!(lines.count(), text.split('\n').count());
    }
}
