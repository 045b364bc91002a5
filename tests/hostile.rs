//! Files written by someone else, tried as an attacker would (issue 13): no crash, no
//! control of the reader's terminal, and reports that grow with what they show.

mod common;
use common::{concord, root, stdout};

/// A directory holding one file of this text.
fn record(name: &str, text: &str) -> tempfile::TempDir {
    common::dir_with(&[(name, text)])
}

/// The characters that must never reach a terminal raw.
fn unsafe_chars(text: &str) -> Vec<char> {
    text.chars().filter(|&c| c != '\n' && concord::terminal::is_unsafe(c)).collect()
}

const HOSTILE: &str = "tests/cases/check/hostile-text";

#[test]
fn controls_in_names_texts_sources_and_comments_reach_no_terminal_format_raw() {
    for format in ["human", "short"] {
        let out = concord(&["check", "--format", format, HOSTILE], &root());
        assert_eq!(out.status.code(), Some(2), "{format}");
        let text = stdout(&out);
        assert_eq!(unsafe_chars(&text), Vec::<char>::new(), "{format}:\n{text}");
        assert!(text.contains(r"Hung\u{1b}]0;pwned\u{7}ary"), "{format}:\n{text}");
    }
    for view in [
        &["status", "p", HOSTILE][..],
        &["timeline", "p", HOSTILE],
        &["status", "--format", "short", "p", HOSTILE],
    ] {
        let out = concord(view, &root());
        let (text, errors) = (stdout(&out), String::from_utf8_lossy(&out.stderr).into_owned());
        assert!(text.contains(r"restore \u{1b}[31mnature"), "{view:?}:\n{text}");
        assert_eq!(unsafe_chars(&text), Vec::<char>::new(), "{view:?}:\n{text}");
        assert_eq!(unsafe_chars(&errors), Vec::<char>::new(), "{view:?}:\n{errors}");
    }
    let human = stdout(&concord(&["check", HOSTILE], &root()));
    for shown in [
        r"\u{202e}evil source\u{202c}",
        r"\u{9b}31mC1 control",
        r"\u{2066}isolate\u{2069}",
        r"agreed\u{1b}[8m",
    ] {
        assert!(human.contains(shown), "{shown} missing:\n{human}");
    }
}

#[test]
fn json_and_sarif_keep_the_input_exact() {
    let json: serde_json::Value =
        serde_json::from_slice(&concord(&["check", "--format", "json", HOSTILE], &root()).stdout).unwrap();
    let offenders: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["offenders"].as_array().unwrap())
        .map(|o| o["member"].as_str().unwrap())
        .collect();
    assert!(offenders.contains(&"Hung\u{1b}]0;pwned\u{7}ary"), "{offenders:?}");
    let sarif = stdout(&concord(&["check", "--format", "sarif", HOSTILE], &root()));
    assert!(sarif.contains(r"Hung\u001b]0;pwned\u0007ary"), "SARIF escapes controls as JSON does:\n{sarif}");
}

#[test]
fn a_lone_carriage_return_is_not_a_line_break_in_any_format() {
    let short = stdout(&concord(&["check", "--format", "short", HOSTILE], &root()));
    assert!(short.contains("council.facts:10:28: error[name::undeclared-proposal]"), "{short}");
    let human = stdout(&concord(&["check", HOSTILE], &root()));
    assert!(human.contains("council.facts:10:28]"), "{human}");
    assert!(human.contains(r"opposes p. # a lone CR\u{d}0 errors, 0 warnings"), "{human}");
}

#[test]
fn a_label_beyond_column_65535_is_shown_cut_around_it() {
    let dir = record("a.facts", &format!("body {}\n", "x".repeat(65_531)));
    let out = concord(&["check", "a.facts"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("[a.facts:1:65537]") && text.contains("add `.` here"), "{text}");
    assert!(text.contains('…') && text.lines().all(|l| l.chars().count() < 200), "{text}");
}

#[test]
fn an_error_at_the_end_of_an_80_kb_line_is_shown_with_its_line_cut() {
    let names: Vec<String> = (0..12_000).map(|n| format!("m{n}")).collect();
    let facts = format!("body B.\nmembers of B: {}. 2024-01-01: B adopts nothing.\n", names.join(", "));
    assert!(facts.len() > 80_000);
    let out = concord(&["check", "b.facts"], record("b.facts", &facts).path());
    let text = stdout(&out);
    assert!(text.contains("m11999. 2024-01-01: B adopts nothing."), "{text}");
    assert!(text.contains("unknown proposal") && text.lines().all(|l| l.chars().count() < 200), "{text}");
}

#[test]
fn duplicate_declarations_on_one_long_line_give_a_report_that_grows_with_them() {
    // Accented, so that columns are counted in characters rather than bytes.
    let facts = "body Ü. ".repeat(8_000) + "\n";
    let dir = record("d.facts", &facts);
    let out = concord(&["check", "d.facts"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert_eq!(text.matches("name::duplicate").count(), 7_999);
    // Each diagnostic shows a few short lines, not the 72 KB line (a gigabyte in all).
    assert!(text.len() < 7_999 * 2_000, "{} bytes", text.len());
    assert!(text.contains("[d.facts:1:63998]"), "the last one, in characters");
    let short = stdout(&concord(&["check", "--format", "short", "d.facts"], dir.path()));
    assert!(short.ends_with("d.facts:1:63998: error[name::duplicate] `Ü` is declared twice\n"), "{short}");
}

/// A record of `n` members none of whom took a position, adopted under unanimity.
fn silent_body(n: usize) -> String {
    let members: Vec<String> = (0..n).map(|i| format!("m{i:04}")).collect();
    format!(
        "body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n2024-01-01: B adopts p.\nrule r: adopting p requires unanimity.\n",
        members.join(", ")
    )
}

#[test]
fn offender_lists_are_cut_at_ten_names_for_people_and_whole_in_json() {
    let dir = record("b.facts", &silent_body(1_000));
    let human = stdout(&concord(&["check", "b.facts"], dir.path()));
    assert!(human.contains("m0009 … and 990 more; --format json lists all"), "{human}");
    assert!(!human.contains("m0010"), "{human}");
    let json: serde_json::Value =
        serde_json::from_slice(&concord(&["check", "--format", "json", "b.facts"], dir.path()).stdout)
            .unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["offenders"].as_array().unwrap().len(), 1_000);
    assert!(d["help"].as_str().unwrap().ends_with("m0998, m0999"), "{}", d["help"]);
}

#[test]
fn position_labels_beyond_ten_are_counted_not_drawn() {
    let members: Vec<String> = (0..30).map(|i| format!("m{i:02}")).collect();
    let positions: String = members.iter().map(|m| format!("2024-01-01: {m} opposes p.\n")).collect();
    let facts = format!(
        "body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n{positions}2024-01-02: B adopts p.\nrule r: adopting p requires unanimity.\n",
        members.join(", ")
    );
    let human = stdout(&concord(&["check", "b.facts"], record("b.facts", &facts).path()));
    assert_eq!(human.matches("opposes since").count(), 9, "{human}");
    assert!(human.contains("21 more labels are not shown; --format json lists all"), "{human}");
}

#[test]
fn ten_thousand_violations_are_all_rendered() {
    let proposals: String = (0..10_000)
        .map(|i| format!("proposal p{i}: resolve \"x\" in B.\n2024-01-01: B adopts p{i}.\n"))
        .collect();
    let facts = format!(
        "body B.\nmembers of B: Ann.\n{proposals}rule r: adopting proposals in B requires unanimity.\n"
    );
    let out = concord(&["check", "b.facts"], record("b.facts", &facts).path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).matches("violation::decision").count(), 10_000);
}

#[test]
fn look_alike_names_are_a_warning_that_shows_them_escaped() {
    let facts = "body NATO.\nmembers of NATO: Hungary, \"Hung\u{430}ry\", \"Zero\u{200b}Width\", Sweden.\n";
    let out = concord(&["check", "--format", "short", "n.facts"], record("n.facts", facts).path());
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let text = stdout(&out);
    assert!(
        text.contains(r"warning[name::lookalike] the member name `Hung\u{430}ry` looks like `Hungary`"),
        "{text}"
    );
    assert!(text.contains(r"`Zero\u{200b}Width` holds a control or invisible character"), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn names_in_one_script_are_not_suspect() {
    let facts = "body B.\nmembers of B: Türkiye, \"Côte d'Ivoire\", Россия, 日本, Ελλάδα.\n";
    let out = concord(&["check", "--format", "short", "n.facts"], record("n.facts", facts).path());
    assert_eq!(stdout(&out), "");
}

#[test]
fn file_names_with_controls_are_escaped_on_the_terminal_and_exact_in_json() {
    let dir = record("evil\u{1b}[2J\nx.facts", "body   B.\nbody B.\n");
    let short = stdout(&concord(&["check", "--format", "short", "."], dir.path()));
    assert!(short.starts_with(r"./evil\u{1b}[2J\u{a}x.facts:2:6: error[name::duplicate]"), "{short}");
    let human = stdout(&concord(&["check", "."], dir.path()));
    assert!(human.contains(r"[./evil\u{1b}[2J\u{a}x.facts:2:6]"), "{human}");
    assert_eq!(unsafe_chars(&human), Vec::<char>::new(), "{human}");
    let json: serde_json::Value =
        serde_json::from_slice(&concord(&["check", "--format", "json", "."], dir.path()).stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["location"]["file"], "./evil\u{1b}[2J\nx.facts");
    let out = concord(&["fmt", "."], dir.path());
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &stdout(&out);
    assert!(said.contains(r"evil\u{1b}[2J\u{a}x.facts"), "{said}");
    assert_eq!(unsafe_chars(&said), Vec::<char>::new(), "{said}");
}

#[test]
fn long_misspelt_words_are_not_compared_with_every_keyword() {
    // Each line has a 20 000-letter word where a verb belongs: the "did you mean" of
    // each error compared it letter by letter with every verb.
    let line = format!("2024-01-01: Bob {} p.\n", "x".repeat(20_000));
    let facts =
        "body B.\nmembers of B: Bob.\nproposal p: resolve \"x\" in B.\n".to_string() + &line.repeat(200);
    let out = concord(&["check", "--format", "short", "w.facts"], record("w.facts", &facts).path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out).matches("error[syntax::unexpected] expected a verb").count(), 200);
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_keeps_its_bytes_in_sarif_uris() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.facts")), "body B.\nbody B.\n")
        .unwrap();
    let short = stdout(&concord(&["check", "--format", "short", "."], dir.path()));
    assert!(short.starts_with("./caf\u{fffd}.facts:2:6: error[name::duplicate]"), "{short}");
    let sarif: serde_json::Value =
        serde_json::from_slice(&concord(&["check", "--format", "sarif", "."], dir.path()).stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "./caf%E9.facts");
}
