//! Names numbered in order of first use, looked up a batch at a time.
//!
//! A record of 10⁷ positions names its members in no order, and the table of 10⁵ member
//! names does not stay in the processor's caches while the text streams past: one look-up
//! after another waits for memory each time, which was a fifth of `concord check`'s time.
//! Here a batch of names is first only read ahead, in reads that do not depend on each
//! other, so the processor fetches many slots at once; the look-ups then find them in
//! cache, and a short name in its slot. (A general hash map cannot be read ahead like
//! this: its slots are its own.)

use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

#[derive(Default)]
pub struct Numbering {
    /// Open addressing with linear probing, at most half full.
    slots: Vec<Slot>,
    /// The names end to end, in order of number, and where each starts and how long it is.
    text: String,
    names: Vec<(u32, u32)>,
}

/// A name's number and the start of its text: a short name is compared in the slot
/// itself, so most look-ups read one slot and nothing else. The key's parts lie in the
/// slot side by side with the number, 16 bytes in all (a [`Key`] with a number would be
/// padded to 24).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    head: u64,
    tail: u32,
    /// The number + 1; 0 for an empty slot.
    number: u32,
}

impl Slot {
    fn key(self) -> Key {
        Key { head: self.head, tail: self.tail }
    }
}

/// A name's first [`HEAD`] bytes, zero-padded, and its length (or [`LONG`]), as two
/// numbers: built from a few loads of the name, never stored byte by byte then read
/// back whole, which stalls the processor on every look-up.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Key {
    head: u64,
    /// Bytes 8 to 10, and the length in the top byte.
    tail: u32,
}

const HEAD: usize = 11;
const LONG: u8 = u8::MAX;

impl Key {
    fn of(name: &str) -> Key {
        let bytes = name.as_bytes();
        let len = if bytes.len() <= HEAD { bytes.len() as u8 } else { LONG };
        let tail = bytes.get(8..bytes.len().min(HEAD)).map_or(0, padded) as u32;
        Key { head: padded(&bytes[..bytes.len().min(8)]), tail: tail | u32::from(len) << 24 }
    }

    fn is_long(self) -> bool {
        self.tail >> 24 == u32::from(LONG)
    }
}

/// At most eight bytes as a little-endian number, zero-padded: two loads that may
/// overlap, whose common bytes land in the same places.
pub(super) fn padded(b: &[u8]) -> u64 {
    let len = b.len();
    let at = |n: usize| u64::from(b[n]) << (8 * n);
    match len {
        0 => 0,
        1..=3 => at(0) | at(len / 2) | at(len - 1),
        4..=7 => {
            let word =
                |from: usize| u64::from(u32::from_le_bytes([b[from], b[from + 1], b[from + 2], b[from + 3]]));
            word(0) | word(len - 4) << (8 * (len - 4))
        }
        _ => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
    }
}

/// Scratch of one batch, kept between batches.
#[derive(Default)]
pub struct Batch {
    hashes: Vec<u64>,
}

impl Numbering {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The text of name `n`.
    #[inline]
    pub fn text(&self, n: u32) -> &str {
        let (start, len) = self.names[n as usize];
        &self.text[start as usize..(start + len) as usize]
    }

    /// The names in order of number.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|n| self.text(n))
    }

    /// The numbers of `names`, new ones for those not numbered yet, in place of what `out`
    /// held.
    pub fn number_all<'t>(
        &mut self,
        names: impl Iterator<Item = &'t str> + Clone,
        batch: &mut Batch,
        out: &mut Vec<u32>,
    ) {
        batch.hashes.clear();
        batch.hashes.extend(names.clone().map(|name| FxBuildHasher.hash_one(name)));
        self.reserve(batch.hashes.len());
        // A pass that only reads ahead: independent reads, fetched together.
        let touched = batch.hashes.iter().fold(0, |t, &hash| t ^ self.slots[self.home(hash)].number);
        std::hint::black_box(touched);
        out.clear();
        out.extend(names.zip(&batch.hashes).map(|(name, &hash)| self.number(name, hash)));
    }

    #[inline]
    fn number(&mut self, name: &str, hash: u64) -> u32 {
        let key = Key::of(name);
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = self.slots[at];
            if slot.number == 0 {
                let n = self.names.len() as u32;
                let end = u32::try_from(self.text.len() + name.len()).expect("names shorter than 4 GiB");
                self.names.push((end - name.len() as u32, name.len() as u32));
                self.text.push_str(name);
                self.slots[at] = Slot { head: key.head, tail: key.tail, number: n + 1 };
                return n;
            }
            let n = slot.number - 1;
            if slot.key() == key && (!key.is_long() || self.text(n) == name) {
                return n;
            }
            at = (at + 1) & mask;
        }
    }

    fn home(&self, hash: u64) -> usize {
        hash as usize & (self.slots.len() - 1)
    }

    /// Room for `more` new names with the table at most half full.
    fn reserve(&mut self, more: usize) {
        let wanted = ((self.len() + more) * 2).next_power_of_two().max(16);
        if wanted <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); wanted]);
        for slot in old.into_iter().filter(|s| s.number != 0) {
            let mut at = self.home(FxBuildHasher.hash_one(self.text(slot.number - 1)));
            while self.slots[at].number != 0 {
                at = (at + 1) & (wanted - 1);
            }
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Numbers are given in order of first use, and the same name keeps its number,
        /// across batches and growth of the table.
        #[test]
        fn names_keep_the_number_of_their_first_use(
            batches in prop::collection::vec(prop::collection::vec("[a-c]{0,3}|é|m[0-9]{1,4}|[ab]{4,13}|[ab]{7}é", 0..40), 0..8)
        ) {
            let (mut numbering, mut batch) = (Numbering::default(), Batch::default());
            let mut first_use: Vec<String> = Vec::new();
            for names in &batches {
                let mut out = Vec::new();
                numbering.number_all(names.iter().map(String::as_str), &mut batch, &mut out);
                for (name, n) in names.iter().zip(out) {
                    let expected = first_use.iter().position(|x| x == name).unwrap_or_else(|| {
                        first_use.push(name.clone());
                        first_use.len() - 1
                    });
                    prop_assert_eq!(n as usize, expected);
                    prop_assert_eq!(numbering.text(n), name.as_str());
                }
            }
            prop_assert_eq!(numbering.len(), first_use.len());
        }
    }

    #[test]
    fn a_slot_takes_16_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }

    #[test]
    fn a_key_holds_the_first_bytes_and_the_length() {
        let text = "abcdefghijklmn";
        for len in 0..=text.len() {
            let mut head = [0u8; 16];
            head[..len.min(HEAD)].copy_from_slice(&text.as_bytes()[..len.min(HEAD)]);
            let key = Key::of(&text[..len]);
            assert_eq!(key.head.to_le_bytes(), head[..8], "length {len}");
            assert_eq!(key.tail.to_le_bytes()[..3], head[8..11], "length {len}");
            assert_eq!(key.is_long(), len > HEAD);
        }
    }
}
