//! The statements skipped for syntax errors, indexed by their words: a name that one of
//! them may declare is not reported as undeclared, and asking costs a look-up rather
//! than a scan of every skipped statement.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// Every skipped statement as a sequence of words, one after the other.
#[derive(Default)]
pub(super) struct Skipped {
    /// Each word's number, in reading order; `BREAK` between statements.
    words: Vec<u32>,
    numbers: FxHashMap<String, u32>,
    /// Where each word occurs in `words`, by word number.
    places: Vec<Vec<u32>>,
}

const BREAK: u32 = u32::MAX;

/// The words of a text: runs of letters, digits, `_`, `-` and combining marks, and each
/// other sign but white space on its own, after NFC (as names are compared).
fn words(text: &str) -> Vec<String> {
    let text: String = text.nfc().collect();
    let in_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut out: Vec<String> = Vec::new();
    let mut joining = false;
    for c in text.chars() {
        let mark = unicode_normalization::char::is_combining_mark(c);
        match out.last_mut() {
            Some(word) if joining && (in_word(c) || mark) => word.push(c),
            _ if c.is_whitespace() => {}
            _ => out.push(c.to_string()),
        }
        joining = in_word(c) || (mark && joining);
    }
    out
}

impl Skipped {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Skipped {
        let mut skipped = Skipped::default();
        for text in texts {
            for word in words(text) {
                let next = skipped.numbers.len() as u32;
                let number = *skipped.numbers.entry(word).or_insert(next);
                if number == next {
                    skipped.places.push(Vec::new());
                }
                skipped.places[number as usize].push(skipped.words.len() as u32);
                skipped.words.push(number);
            }
            skipped.words.push(BREAK);
        }
        skipped
    }

    /// Whether a name's words stand in this order in one skipped statement.
    pub fn contains(&self, name: &str) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let Some(wanted) =
            words(name).iter().map(|w| self.numbers.get(w).copied()).collect::<Option<Vec<u32>>>()
        else {
            return false;
        };
        // Found from the places of its rarest word.
        let Some((k, rarest)) = wanted.iter().enumerate().min_by_key(|(_, &w)| self.places[w as usize].len())
        else {
            return true; // a name with no word is in every text, as the empty string is
        };
        self.places[*rarest as usize].iter().any(|&at| {
            let start = (at as usize).checked_sub(k);
            start.is_some_and(|s| self.words.get(s..s + wanted.len()) == Some(&wanted[..]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Skipped;

    #[test]
    fn a_name_is_found_by_its_words_in_one_statement() {
        let skipped = Skipped::new(["2024-03-05: Hungary suports p.", "body \"EU Council.", "group \"P5 of"]);
        for name in ["Hungary", "EU Council", "p", "2024-03-05", "P5 of", "EU"] {
            assert!(skipped.contains(name), "{name}");
        }
        for name in ["Hungar", "Council P5", "EU Council P5", "Slovakia", "p5"] {
            assert!(!skipped.contains(name), "{name}");
        }
        let decomposed = Skipped::new(["T\u{75}\u{308}rkiye joins"]);
        assert!(decomposed.contains("Türkiye"));
        assert!(!Skipped::new([]).contains("x"));
    }
}
