//! Any bytes, read as a facts file and a rules file: the whole pipeline (parse, resolve,
//! check, every report format) never panics, and every label lies inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    // Split the input so that facts and rules can point into two files.
    let cut = text.char_indices().map(|(i, _)| i).nth(text.chars().count() / 2).unwrap_or(0);
    let (facts, rules) = text.split_at(cut);
    let report = concord::check_text(&[("a.facts", facts), ("b.rules", rules)], &Default::default());
    for d in &report.diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.related) {
            let file = report.sources.get(label.span.file);
            assert!(label.span.start <= label.span.end && label.span.end as usize <= file.text.len());
        }
    }
    let _ = concord::report::render_json(&report);
    let _ = concord::report::render_short(&report, false, false);
    let _ = concord::report::render_sarif(&report);
});
