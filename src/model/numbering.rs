//! Names numbered in order of first use, looked up a batch at a time.
//!
//! A record of 10⁷ positions names its members in no order, and the table of 10⁵ member
//! names does not stay in the processor's caches while the text streams past: one look-up
//! after another waits for memory each time, which was a fifth of `concord check`'s time.
//! Here a batch of names is looked up in passes whose reads do not depend on each other,
//! so the processor fetches many slots at once, and the last pass finds them in cache.
//! (A general hash map cannot be read ahead like this: its slots are its own.)

use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

#[derive(Default)]
pub struct Numbering {
    /// Open addressing with linear probing, at most half full. A slot holds a name's
    /// number + 1 in its low half and the top of its hash in its high half; 0 is empty.
    slots: Vec<u64>,
    /// The names end to end, in order of number, and where each ends.
    text: String,
    ends: Vec<u32>,
}

/// Scratch of one batch, kept between batches.
#[derive(Default)]
pub struct Batch {
    hashes: Vec<u64>,
}

impl Numbering {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The text of name `n`.
    pub fn text(&self, n: u32) -> &str {
        &self.text[self.start(n)..self.ends[n as usize] as usize]
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
        // Two passes only read ahead: the slots, then the texts they point to.
        let mut touched = 0u64;
        for &hash in &batch.hashes {
            touched ^= self.slots[self.home(hash)];
        }
        for &hash in &batch.hashes {
            if let Some(n) = self.first_candidate(hash) {
                touched ^= self.text.as_bytes().get(self.start(n)).copied().unwrap_or(0) as u64;
            }
        }
        std::hint::black_box(touched);
        out.clear();
        out.extend(names.zip(&batch.hashes).map(|(name, &hash)| self.number(name, hash)));
    }

    fn number(&mut self, name: &str, hash: u64) -> u32 {
        let tag = hash & !0 << 32;
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                let n = self.ends.len() as u32;
                self.text.push_str(name);
                self.ends.push(u32::try_from(self.text.len()).expect("names shorter than 4 GiB"));
                self.slots[at] = tag | (n as u64 + 1);
                return n;
            }
            let n = (slot as u32).wrapping_sub(1);
            if slot & !0 << 32 == tag && self.text(n) == name {
                return n;
            }
            at = (at + 1) & mask;
        }
    }

    fn home(&self, hash: u64) -> usize {
        hash as usize & (self.slots.len() - 1)
    }

    fn first_candidate(&self, hash: u64) -> Option<u32> {
        let slot = self.slots[self.home(hash)];
        (slot != 0).then(|| (slot as u32).wrapping_sub(1))
    }

    fn start(&self, n: u32) -> usize {
        match n {
            0 => 0,
            n => self.ends[n as usize - 1] as usize,
        }
    }

    /// Room for `more` new names with the table at most half full.
    fn reserve(&mut self, more: usize) {
        let wanted = ((self.len() + more) * 2).next_power_of_two().max(16);
        if wanted <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![0; wanted]);
        for slot in old.into_iter().filter(|&s| s != 0) {
            let n = (slot as u32).wrapping_sub(1);
            let mut at = self.home(FxBuildHasher.hash_one(self.text(n)));
            while self.slots[at] != 0 {
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
            batches in prop::collection::vec(prop::collection::vec("[a-c]{0,3}|é|m[0-9]{1,4}", 0..40), 0..8)
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
}
