//! "Did you mean": the declared name closest to a misspelt one, Unicode-aware.

use unicode_normalization::UnicodeNormalization;

/// Lower case without accents, so that `Turkey` is close to `Türkiye`.
fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate closest to `wanted`, if any is close enough to be a likely slip.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let target = fold(wanted);
    let limit = (target.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .map(|c| {
            let folded = fold(c);
            let distance = strsim::damerau_levenshtein(&target, &folded);
            let similar = strsim::jaro_winkler(&target, &folded) >= 0.88 && distance <= limit + 1;
            (distance, similar, c)
        })
        .filter(|&(d, similar, _)| d <= limit || similar)
        .min_by_key(|&(d, _, c)| (d, c.to_string()))
        .map(|(_, _, c)| c.to_string())
}

/// A help line for a name, quoted the way the user would have to write it.
pub fn did_you_mean(wanted: &str, candidates: impl IntoIterator<Item = impl AsRef<str>>) -> Option<String> {
    let owned: Vec<String> = candidates.into_iter().map(|c| c.as_ref().to_string()).collect();
    suggest(wanted, owned.iter().map(String::as_str))
        .map(|s| format!("did you mean `{}`?", crate::syntax::quote_name(&s)))
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_across_accents_and_typos() {
        let names = ["Türkiye", "Slovakia", "Slovenia", "Hungary"];
        assert_eq!(suggest("Turkey", names).as_deref(), Some("Türkiye"));
        assert_eq!(suggest("Slovkia", names).as_deref(), Some("Slovakia"));
        assert_eq!(suggest("Hungry", names).as_deref(), Some("Hungary"));
        assert_eq!(suggest("France", names), None);
    }
}
