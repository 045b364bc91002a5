//! Any bytes, with long lines and control characters made likely: the human report never
//! panics, never lets a control or bidi character through raw, and shows every line cut.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The first U+FFFD (an invalid byte) becomes a run of 70 000 characters, beyond the
/// columns miette can count, and the others ESC.
fn amplified(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for (n, piece) in text.split('\u{fffd}').enumerate() {
        if n > 0 {
            out.push_str(&if n == 1 { "x".repeat(70_000) } else { "\u{1b}".to_string() });
        }
        out.push_str(piece);
    }
    out
}

fuzz_target!(|bytes: &[u8]| {
    let text = amplified(bytes);
    let cut = text.char_indices().map(|(i, _)| i).nth(text.chars().count() / 2).unwrap_or(0);
    let (facts, rules) = text.split_at(cut);
    let report = concord::check_text(&[("a.facts", facts), ("b.rules", rules)], &Default::default());
    let options = concord::report::HumanOptions { color: false, width: 80, quiet: false, deny_warnings: false };
    let human = concord::report::render_human(&report, options);
    assert!(!human.chars().any(|c| c != '\n' && concord::terminal::is_unsafe(c)), "{human}");
    // Source lines are cut around their labels: none comes near the 70 000 characters.
    assert!(human.lines().all(|l| l.chars().count() < 5_000 || !l.contains(" │ ")), "{human}");
    let _ = concord::report::render_human(&report, concord::report::HumanOptions { color: true, ..options });
});
