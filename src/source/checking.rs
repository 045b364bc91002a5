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

/// A text read in pieces that tile it, by threads that take the pieces in order.
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
        match good {
            true => {
                let parts = state.pieces.into_values().filter_map(|(_, part)| part).collect();
                Ok(Decoded { lines: Lines::from_parts(parts), text: Text::Mapped(self.map) })
            }
            false => Err(Raw::Mapped(self.map)),
        }
    }

    /// Checks `piece` and finds its lines, and notes what it found.
    fn check(&self, piece: Range<usize>) -> MutexGuard<'_, State> {
        let bytes = &self.map[piece.clone()];
        // Most text is ASCII, which is quicker to tell.
        let good = bytes.is_ascii() || std::str::from_utf8(bytes).is_ok();
        // Lines are indexed in whole chunks: each piece's part of them starts and ends
        // with the chunk its bounds fall in, and the last ends with the text.
        let chunk = |at: usize| at >> CHUNK_BITS << CHUNK_BITS;
        let end = if piece.end == self.map.len() { piece.end } else { chunk(piece.end) };
        let part = good.then(|| Part::of(&self.map, chunk(piece.start)..end));
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

    /// The text up to `end`, if the good pieces reach it.
    #[allow(unsafe_code)]
    fn text_to(&self, state: &State, end: usize) -> Option<&str> {
        // SAFETY: the pieces that tile the text up to `good_to` were each found UTF-8, and
        // UTF-8 texts end to end are UTF-8.
        (!state.bad && state.good_to >= end)
            .then(|| unsafe { std::str::from_utf8_unchecked(&self.map[..end]) })
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
