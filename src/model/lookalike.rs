//! Names that look like other names: `Hungary` and `Hung\u{430}ry` (a Cyrillic а) are two
//! members to Concord and one to a reader, so a record could hide a member in plain
//! sight. Confusable names of one kind are found by their UTS #39 skeletons; a name that
//! mixes scripts or holds an invisible character is suspect on its own.

use super::{Model, ModelError, ModelErrorKind, Sym};
use crate::source::Span;
use unicode_security::general_security_profile::IdentifierType;
use unicode_security::{GeneralSecurityProfile, MixedScript};

/// A warning for every name that can be mistaken for another of its kind, or that mixes
/// scripts or holds invisible characters.
pub fn lookalikes(model: &Model) -> Vec<ModelError> {
    let mut found = Vec::new();
    for (kind, names) in declared(model) {
        // Made large enough at once: grown from nothing, the table of 10⁵ members' names
        // was rebuilt fifteen times (25 → 18 ms).
        let mut seen: rustc_hash::FxHashMap<String, (Sym, Span)> = Default::default();
        seen.reserve(names.len());
        for ((sym, span), skeleton) in names.iter().copied().zip(skeletons(model, &names)) {
            let name = model.name(sym);
            let alike = match seen.get(&skeleton) {
                Some(&(first, at)) => Some((first, at)).filter(|_| first != sym),
                None => {
                    seen.insert(skeleton, (sym, span));
                    None
                }
            };
            let message = |why: String| format!("the {kind} name `{}` {why}", reveal(name));
            match (alike, suspect(name)) {
                (Some((first, at)), _) => {
                    let why = format!("looks like `{}` but is another name", reveal(model.name(first)));
                    let help =
                        "if both mean one, spell it one way everywhere; else make the names differ visibly";
                    found.push(warning(message(why), span, help).related(at, "the name it can be taken for"));
                }
                (None, Some(why)) => found.push(warning(message(why.into()), span, SUSPECT_HELP)),
                (None, None) => {}
            }
        }
    }
    found
}

/// The UTS #39 skeleton of each name, made on several threads for the 10⁵ members of a
/// large body.
fn skeletons(model: &Model, names: &[(Sym, Span)]) -> Vec<String> {
    let threads = crate::threads::for_work(names.len(), PARALLEL_MIN);
    let shares = names.chunks(names.len().div_ceil(threads).max(1));
    let skeleton = |(sym, _): &(Sym, Span)| skeleton(model.name(*sym));
    let parts = crate::threads::map(shares, |share| share.iter().map(skeleton).collect::<Vec<String>>());
    parts.into_iter().flatten().collect()
}

/// The UTS #39 skeleton of `name`. An ASCII name's is its characters' skeletons end to
/// end, looked up in a table: the 10⁵ member names of a large record are most often
/// ASCII, and the general way decomposes each name and looks up each character.
fn skeleton(name: &str) -> String {
    static ASCII: std::sync::OnceLock<[String; 128]> = std::sync::OnceLock::new();
    if !name.is_ascii() {
        return unicode_security::skeleton(name).collect();
    }
    let table = ASCII.get_or_init(|| {
        std::array::from_fn(|b| {
            unicode_security::skeleton(char::from(b as u8).encode_utf8(&mut [0; 4])).collect()
        })
    });
    name.bytes().map(|b| table[usize::from(b)].as_str()).collect()
}

/// Below this many names, a thread costs more than it saves.
const PARALLEL_MIN: usize = 10_000;

const INVISIBLE: &str = "holds a control or invisible character";
const SUSPECT_HELP: &str = "retype the name in the letters of one script, with nothing invisible";

fn warning(message: String, span: Span, help: &str) -> ModelError {
    ModelError::new("name::lookalike", ModelErrorKind::Name, message, span, "this name").help(help).warning()
}

/// Each kind of name with every name of that kind once, at its first declaration, in
/// reading order.
fn declared(model: &Model) -> Vec<(&'static str, Vec<(Sym, Span)>)> {
    let mut members = Vec::new();
    let mut listed = rustc_hash::FxHashSet::default();
    for body in &model.bodies {
        members
            .extend(body.memberships.iter().filter(|m| listed.insert(m.member)).map(|m| (m.member, m.span)));
    }
    let mut kinds = vec![
        ("body", model.bodies.iter().map(|b| (b.name, b.span)).collect()),
        ("office", model.offices.iter().map(|o| (o.name, o.span)).collect()),
        ("proposal", model.proposals.iter().map(|p| (p.name, p.span)).collect()),
        ("group", model.groups.iter().map(|g| (g.name, g.span)).collect()),
        ("member", members),
    ];
    for (_, names) in &mut kinds {
        names.sort_by_key(|(_, span): &(Sym, Span)| (span.file, span.start));
    }
    kinds
}

/// What makes a name suspect on its own, if anything.
fn suspect(name: &str) -> Option<&'static str> {
    // ASCII is of one script, and its only invisible characters are its controls.
    match name.is_ascii() {
        true => name.bytes().any(|b| b.is_ascii_control()).then_some(INVISIBLE),
        false => suspect_by_characters(name),
    }
}

/// [`suspect`] for any name, looking at each character's properties.
fn suspect_by_characters(name: &str) -> Option<&'static str> {
    if name.chars().any(invisible) {
        Some(INVISIBLE)
    } else if !name.is_single_script() {
        Some("mixes letters of several scripts")
    } else {
        None
    }
}

fn invisible(c: char) -> bool {
    crate::terminal::is_unsafe(c) || c.identifier_type() == Some(IdentifierType::Default_Ignorable)
}

/// The name with every character that could pass for another, or be unseen, escaped:
/// `Hung\u{430}ry`.
fn reveal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let mut buf = [0; 4];
        let alike = !c.is_ascii() && !unicode_security::skeleton(c.encode_utf8(&mut buf)).eq([c]);
        crate::terminal::push_char(&mut out, c, |c| alike || invisible(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{reveal, skeleton, suspect};
    use proptest::prelude::*;

    #[test]
    fn characters_that_pass_for_others_are_shown_escaped() {
        assert_eq!(reveal("Hung\u{430}ry"), "Hung\\u{430}ry");
        assert_eq!(reveal("zero\u{200b}width"), "zero\\u{200b}width");
        assert_eq!(reveal("Hungary"), "Hungary");
    }

    /// The table of ASCII skeletons gives what the library gives, for every ASCII text
    /// (`rn` and `m`, `0` and `O`, `1` and `l` are among them).
    #[test]
    fn the_table_of_ascii_skeletons_agrees_with_the_library() {
        for (a, b) in [("rn", "m"), ("0", "O"), ("l", "1")] {
            assert_eq!(skeleton(a), skeleton(b));
        }
        let every: String = (0..128u8).map(char::from).collect();
        assert_eq!(skeleton(&every), unicode_security::skeleton(&every).collect::<String>());
    }

    proptest! {
        /// An ASCII name looks like what it looks like, and is suspect or not, by the
        /// shortcuts as by the library.
        #[test]
        fn ascii_names_are_suspect_and_alike_as_any(name in "[\\x00-\\x7f]{0,12}") {
            prop_assert_eq!(skeleton(&name), unicode_security::skeleton(&name).collect::<String>());
            prop_assert_eq!(suspect(&name), super::suspect_by_characters(&name));
        }
    }
}
