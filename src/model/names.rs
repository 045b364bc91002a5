//! "Did you mean": the declared name closest to a misspelt one, Unicode-aware.
//!
//! A [`NameIndex`] holds the declared names of one kind, so that thousands of misspelt
//! names against thousands of declared ones cost about linear time: each question
//! measures only the names of about its length, and among many of those only the ones
//! one edit away and the few that share the most pairs of letters with it.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// Up to this many names of about the right length, every one is a candidate: the exact
/// answer, for every body of any real size.
const EVERY_NAME: usize = 256;
/// Beyond that, the candidates are the names one edit away (found exactly through the
/// names with one character left out) and the names sharing the most pairs of letters,
/// read from at most `ENTRIES_READ` entries of each index.
const BEST_SHARING: usize = 64;
const ENTRIES_READ: usize = 1024;
/// The edit distances measured for one name stop at this many cells of their tables
/// (far more than any real body needs); candidates are measured cheapest bound first.
const CELLS: usize = 200_000;
/// Longer names (folded) are suggested only when they fold to the same text: the edit
/// distance costs the square of the length.
const LONGEST: usize = 64;

/// Lower case without accents, so that `Turkey` is close to `Türkiye`.
fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A declared name, folded, with what the cheap bound needs.
struct Entry {
    text: String,
    folded: String,
    chars: usize,
    letters: Letters,
}

/// How many times each letter occurs, letters hashed into 32 counters: the counts of two
/// names bound their edit distance from below (every edit changes at most one count on
/// each side; a transposition none).
#[derive(Clone, Copy)]
struct Letters([u8; 32]);

impl Letters {
    fn of(folded: &str) -> Letters {
        let mut counts = [0u8; 32];
        for c in folded.chars() {
            let slot = &mut counts[(c as usize).wrapping_mul(0x9E37_79B1) >> 27 & 31];
            *slot = slot.saturating_add(1);
        }
        Letters(counts)
    }

    fn distance_at_least(&self, other: &Letters) -> usize {
        let (mut more, mut fewer) = (0, 0);
        for (a, b) in self.0.iter().zip(&other.0) {
            more += a.saturating_sub(*b) as usize;
            fewer += b.saturating_sub(*a) as usize;
        }
        more.max(fewer)
    }
}

/// A misspelt name, folded, with what measuring it needs.
struct Question<'w> {
    wanted: &'w str,
    target: String,
    chars: usize,
    /// The most edits a suggestion may be away (one more if it reads alike).
    limit: usize,
    letters: Letters,
}

/// The declared names of one kind, indexed by folded text and length and, when there
/// are many, by their texts with one character left out and by pairs of letters.
pub struct NameIndex {
    entries: Vec<Entry>,
    /// The entry with the smallest text for each folded text.
    by_folded: FxHashMap<String, u32>,
    /// Entry numbers by folded length in characters.
    by_length: Vec<Vec<u32>>,
    /// (hash of the folded text, whole or with one character left out, entry), sorted:
    /// two names one edit apart share one of these texts.
    by_deletion: Vec<(u64, u32)>,
    /// Entry numbers by pair of adjacent folded characters (`\0` before and after).
    by_pair: FxHashMap<(char, char), Vec<u32>>,
}

impl NameIndex {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let mut index = NameIndex {
            entries: Vec::new(),
            by_folded: FxHashMap::default(),
            by_length: Vec::new(),
            by_deletion: Vec::new(),
            by_pair: FxHashMap::default(),
        };
        let mut seen = rustc_hash::FxHashSet::default();
        for text in names.into_iter().filter(|t| seen.insert(*t)) {
            index.add(text);
        }
        if index.entries.len() > EVERY_NAME {
            index.index_parts();
        }
        index
    }

    fn add(&mut self, text: &str) {
        let id = self.entries.len() as u32;
        let folded = fold(text);
        let chars = folded.chars().count();
        if self.by_length.len() <= chars {
            self.by_length.resize_with(chars + 1, Vec::new);
        }
        self.by_length[chars].push(id);
        let entries = &self.entries;
        let first = self.by_folded.entry(folded.clone()).or_insert(id);
        if entries.get(*first as usize).is_some_and(|e| text < e.text.as_str()) {
            *first = id;
        }
        let letters = Letters::of(&folded);
        self.entries.push(Entry { text: text.to_string(), folded, chars, letters });
    }

    /// The indexes that find candidates among many names of about one length.
    fn index_parts(&mut self) {
        for (id, e) in self.entries.iter().enumerate().filter(|(_, e)| e.chars <= LONGEST) {
            let id = id as u32;
            self.by_deletion.extend(deletions(&e.folded).map(|hash| (hash, id)));
            let mut pairs: Vec<(char, char)> = pairs(&e.folded).collect();
            pairs.sort_unstable();
            pairs.dedup();
            for pair in pairs {
                self.by_pair.entry(pair).or_default().push(id);
            }
        }
        self.by_deletion.sort_unstable();
        self.by_deletion.dedup();
    }

    /// The declared name closest to `wanted`, if any is close enough to be a likely slip:
    /// within a third of its length in edits (Damerau-Levenshtein, after folding), or one
    /// more edit when it also reads alike (Jaro-Winkler at least 0.88). Ties go to the
    /// name first in code-point order.
    pub fn suggest(&self, wanted: &str) -> Option<String> {
        let target = fold(wanted);
        let chars = target.chars().count();
        if chars > LONGEST {
            let text = &self.entries[*self.by_folded.get(&target)? as usize].text;
            return (text != wanted).then(|| text.clone());
        }
        let question =
            Question { wanted, letters: Letters::of(&target), target, chars, limit: (chars / 3).max(1) };
        let reach = question.limit + 1;
        let lengths = chars.saturating_sub(reach)..(chars + reach + 1).min(self.by_length.len());
        if lengths.clone().map(|n| self.by_length[n].len()).sum::<usize>() <= EVERY_NAME {
            let all = lengths.flat_map(|n| self.by_length[n].iter().copied());
            return self.closest(&question, all).map(|(_, text)| text.clone());
        }
        // Names one edit away, if any, are the closest: all of them are found, unless
        // their lists are cut.
        let (near, whole) = self.one_edit_away(&question.target);
        let best = self.closest(&question, near.into_iter());
        if whole && best.is_some_and(|(d, _)| d <= 1) {
            return best.map(|(_, text)| text.clone());
        }
        let sharing = self.closest(&question, self.sharing_pairs(&question.target, &lengths).into_iter());
        best.into_iter().chain(sharing).min().map(|(_, text)| text.clone())
    }

    /// The closest of some names that is close enough, with its distance: measured in
    /// order of a bound of their distance, up to `CELLS`.
    fn closest(&self, q: &Question, ids: impl Iterator<Item = u32>) -> Option<(usize, &String)> {
        let mut ranked: Vec<(usize, usize, u32)> = ids
            .map(|id| (q.letters.distance_at_least(&self.entries[id as usize].letters), id))
            .filter(|&(bound, id)| bound <= q.limit + 1 && self.entries[id as usize].text != q.wanted)
            .map(|(bound, id)| (bound, self.entries[id as usize].chars.abs_diff(q.chars), id))
            .collect();
        ranked.sort_unstable();
        let mut best: Option<(usize, &String)> = None;
        let mut cells = 0;
        for (bound, _, id) in ranked {
            let e = &self.entries[id as usize];
            cells += (q.chars + 1) * (e.chars + 1);
            // Sorted by a bound of the distance: past the best distance, none can win.
            if best.is_some_and(|(d, _)| bound > d) || cells > CELLS {
                break;
            }
            let distance = strsim::damerau_levenshtein(&q.target, &e.folded);
            let close = distance <= q.limit
                || (distance == q.limit + 1 && strsim::jaro_winkler(&q.target, &e.folded) >= 0.88);
            if close && best.is_none_or(|b| (distance, &e.text) < b) {
                best = Some((distance, &e.text));
            }
        }
        best
    }

    /// The names one edit from `target` (and a few more, on a collision of hashes), and
    /// whether every one of them was read.
    fn one_edit_away(&self, target: &str) -> (Vec<u32>, bool) {
        let mut found: Vec<u32> = Vec::new();
        let mut whole = true;
        for hash in deletions(target) {
            let start = self.by_deletion.partition_point(|&(h, _)| h < hash);
            for &(h, id) in &self.by_deletion[start..] {
                if h != hash {
                    break;
                }
                if found.len() == ENTRIES_READ {
                    whole = false;
                    break;
                }
                found.push(id);
            }
        }
        found.sort_unstable();
        found.dedup();
        (found, whole)
    }

    /// The names (of a length in `lengths`) sharing the most letter pairs with `target`,
    /// counted in the rarest pairs' lists first.
    fn sharing_pairs(&self, target: &str, lengths: &std::ops::Range<usize>) -> Vec<u32> {
        let mut pairs: Vec<(char, char)> = pairs(target).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut lists: Vec<&Vec<u32>> = pairs.iter().filter_map(|p| self.by_pair.get(p)).collect();
        lists.sort_by_key(|list| list.len());
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        let mut room = ENTRIES_READ;
        for list in lists {
            for &id in list.iter().take(room) {
                if lengths.contains(&self.entries[id as usize].chars) {
                    *shared.entry(id).or_default() += 1;
                }
            }
            room = room.saturating_sub(list.len());
            if room == 0 {
                break;
            }
        }
        let mut best: Vec<(std::cmp::Reverse<u32>, u32)> =
            shared.into_iter().map(|(id, n)| (std::cmp::Reverse(n), id)).collect();
        if best.len() > BEST_SHARING {
            best.select_nth_unstable(BEST_SHARING);
            best.truncate(BEST_SHARING);
        }
        best.into_iter().map(|(_, id)| id).collect()
    }
}

/// The pairs of adjacent characters of a folded name, with `\0` at either end.
fn pairs(folded: &str) -> impl Iterator<Item = (char, char)> + '_ {
    let chars = || std::iter::once('\0').chain(folded.chars()).chain(std::iter::once('\0'));
    chars().zip(chars().skip(1))
}

/// Hashes of a folded name, whole and with each one character left out, in linear time:
/// a polynomial hash of the text before the character, shifted, plus that of the text
/// after it. Two texts one edit apart share one of them; a collision only adds a
/// candidate, which is then measured.
fn deletions(folded: &str) -> impl Iterator<Item = u64> {
    const BASE: u64 = 0x100_0000_01b3;
    let chars: Vec<u64> = folded.chars().map(|c| c as u64 + 1).collect();
    let n = chars.len();
    let (mut before, mut after, mut power) = (vec![0u64; n + 1], vec![0u64; n + 1], vec![1u64; n + 1]);
    for i in 0..n {
        before[i + 1] = before[i].wrapping_mul(BASE).wrapping_add(chars[i]);
        power[i + 1] = power[i].wrapping_mul(BASE);
    }
    for i in (0..n).rev() {
        after[i] = chars[i].wrapping_mul(power[n - 1 - i]).wrapping_add(after[i + 1]);
    }
    let whole = before[n];
    let without = move |i: usize| before[i].wrapping_mul(power[n - 1 - i]).wrapping_add(after[i + 1]);
    std::iter::once(whole).chain((0..n).map(without))
}

/// A help line for a suggested name, quoted the way the user would have to write it.
pub fn did_you_mean(name: &str) -> String {
    format!("did you mean `{}`?", crate::syntax::quote_name(name))
}

/// The candidate closest to `wanted` (see [`NameIndex::suggest`]), for one question.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    NameIndex::new(candidates).suggest(wanted)
}

#[cfg(test)]
mod tests {
    use super::{suggest, NameIndex};

    #[test]
    fn suggests_across_accents_and_typos() {
        let names = ["Türkiye", "Slovakia", "Slovenia", "Hungary"];
        assert_eq!(suggest("Turkey", names).as_deref(), Some("Türkiye"));
        assert_eq!(suggest("Slovkia", names).as_deref(), Some("Slovakia"));
        assert_eq!(suggest("Hungry", names).as_deref(), Some("Hungary"));
        assert_eq!(suggest("France", names), None);
    }

    #[test]
    fn a_text_with_one_character_left_out_hashes_as_that_text() {
        let whole = |t: &str| super::deletions(t).next().unwrap();
        let left_out: Vec<u64> = super::deletions("nato").skip(1).collect();
        assert_eq!(left_out, ["ato", "nto", "nao", "nat"].map(whole));
        assert_eq!(super::deletions("").collect::<Vec<_>>(), [whole("")]);
    }

    #[test]
    fn among_thousands_of_names_the_close_one_is_found() {
        let names: Vec<String> = (0..20_000).map(|i| format!("member{i:05}")).collect();
        let index = NameIndex::new(names.iter().map(String::as_str));
        assert_eq!(index.suggest("membre01234").as_deref(), Some("member01234"));
        assert_eq!(index.suggest("Member19999").as_deref(), Some("member19999"));
        let long = "x".repeat(100);
        let index = NameIndex::new([long.as_str(), "short"]);
        assert_eq!(index.suggest(&long.to_uppercase()).as_deref(), Some(long.as_str()));
        assert_eq!(index.suggest(&"x".repeat(99)), None);
    }
}
