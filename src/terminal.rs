//! Text from the input made safe for a terminal: a file can hold escape sequences that
//! retitle or clear the reader's terminal, plant links, move the cursor back over a line,
//! or reorder what is shown (bidi controls). Every terminal format shows such characters
//! escaped, `\u{1b}`; JSON and SARIF keep them exact.

use std::borrow::Cow;

/// Whether a character must not reach a terminal raw: C0 and C1 controls (DEL among
/// them), the bidi embeddings, overrides, isolates and marks, the zero-width characters,
/// and the line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Format characters that show nothing, or change how their neighbours are shown.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `text` with every unsafe character written as `\u{…}`, line breaks included.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// As [`escape`], keeping line breaks: for the multi-line texts Concord composes itself,
/// whose input parts (names, sources) cannot hold a line break.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && is_unsafe(c))
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_char(&mut out, c, &unsafe_char);
    }
    Cow::Owned(out)
}

/// Appends `c`, escaped if `unsafe_char` says so.
pub fn push_char(out: &mut String, c: char, unsafe_char: impl Fn(char) -> bool) {
    if unsafe_char(c) {
        use std::fmt::Write as _;
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_lines};

    #[test]
    fn controls_and_bidi_are_escaped_and_the_rest_kept() {
        assert_eq!(escape("Hungary"), "Hungary");
        assert_eq!(escape("Türkiye"), "Türkiye");
        assert_eq!(escape("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape("x\ry\u{8}\u{9b}"), "x\\u{d}y\\u{8}\\u{9b}");
        assert_eq!(escape("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert_eq!(escape("zero\u{200b}width"), "zero\\u{200b}width");
        assert_eq!(escape("two\nlines"), "two\\u{a}lines");
        assert_eq!(escape_lines("two\nlines\u{1b}"), "two\nlines\\u{1b}");
    }
}
