//! The condition a user most likely meant, where a rule's condition is written as people
//! say it (`majority`, `2/3 of members support`, `two thirds`, `majority of votes cast`)
//! rather than in Concord (`more than half of members support`).

use super::lex::Expect;
use super::rules::ATOM;

/// Words read from the text where a condition was expected, at most.
const WORDS: usize = 12;

/// The Concord condition for the words at `at`, when a condition was `expected` there and
/// they name a share: a fraction, a percentage, a majority or half.
pub(super) fn condition_hint(expected: &[Expect], at: &str) -> Option<String> {
    if !expected.contains(&ATOM) {
        return None;
    }
    let words = words(at);
    let has = |w: &str| words.iter().any(|x| x == w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    let share = if has("2/3") || pair("two", "thirds") || pair("two", "third") {
        "at least 2/3".to_string()
    } else if has("3/4") || pair("three", "quarters") || pair("three", "fourths") {
        "at least 3/4".to_string()
    } else if let Some(w) = words.first().filter(|w| is_share(w)) {
        format!("at least {w}")
    } else if has("majority") {
        "more than half".to_string()
    } else if words.first().is_some_and(|w| w == "half") {
        "at least half".to_string()
    } else {
        return None;
    };
    let voting = words.iter().any(|w| w.starts_with("vot") || w == "cast" || w == "ballots");
    let set = if voting { "voters" } else { "members" };
    let verb = if has("oppose") && !has("support") { "oppose" } else { "support" };
    Some(format!("{share} of {set} {verb}"))
}

/// The first words of the statement at `at`, in lower case, without articles, with
/// hyphens read as spaces (`two-thirds`).
fn words(at: &str) -> Vec<String> {
    let end = at.find(". ").or_else(|| at.find(".\n")).unwrap_or(at.len());
    let text = at[..end].trim_end_matches('.').to_lowercase().replace('-', " ");
    text.split_whitespace()
        .filter(|w| !matches!(*w, "a" | "an" | "the" | "by" | "with"))
        .take(WORDS)
        .map(str::to_string)
        .collect()
}

/// `65%`, `55.5%` or `2/3`: a share as Concord writes it.
fn is_share(word: &str) -> bool {
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    match word.strip_suffix('%') {
        Some(n) => number(n),
        None => word.split_once('/').is_some_and(|(p, q)| number(p) && number(q)),
    }
}

#[cfg(test)]
mod tests {
    use super::condition_hint;
    use crate::syntax::rules::ATOM;

    fn hint(text: &str) -> Option<String> {
        condition_hint(&[ATOM], text)
    }

    #[test]
    fn shares_people_write_become_conditions() {
        let members = Some("more than half of members support".to_string());
        assert_eq!(hint("majority."), members);
        assert_eq!(hint("a simple majority of members.\nrule x"), members);
        assert_eq!(hint("2/3 of members support."), Some("at least 2/3 of members support".into()));
        assert_eq!(hint("two-thirds majority."), Some("at least 2/3 of members support".into()));
        assert_eq!(hint("two thirds."), Some("at least 2/3 of members support".into()));
        assert_eq!(hint("majority of votes cast."), Some("more than half of voters support".into()));
        assert_eq!(hint("65% of members."), Some("at least 65% of members support".into()));
        assert_eq!(hint("approval."), None);
        assert_eq!(hint(""), None);
        assert_eq!(condition_hint(&[], "majority."), None);
    }
}
