//! The command line as users run it: exit statuses, files written or left alone.

mod common;
use common::{concord, root, stdout};
use std::process::Command;

#[test]
fn check_without_paths_reads_rules_and_facts() {
    let out = concord(&["check"], &root());
    assert!(stdout(&out).contains("rules"), "{}", stdout(&out));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
}

#[test]
fn every_example_of_the_specification_parses() {
    let out = concord(&["check", "--format", "short", "tests/cases/spec"], &root());
    assert!(!stdout(&out).contains("syntax::"), "{}", stdout(&out));
}

#[test]
fn a_syntax_error_exits_2_and_names_file_line_and_column() {
    let out =
        concord(&["check", "--format", "short", "tests/cases/syntax/28-misspelt-supports.facts"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out)
        .starts_with("tests/cases/syntax/28-misspelt-supports.facts:8:21: error[syntax::unexpected]"));
}

#[test]
fn a_missing_path_exits_2_naming_it() {
    let out = concord(&["check", "--format", "short", "no/such/dir"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("no/such/dir:1:1: error[file::unreadable]"), "{}", stdout(&out));
}

#[test]
fn a_directory_without_concord_files_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("error[file::empty]"), "{}", stdout(&out));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(concord(&["check", "--format", "yaml"], &root()).status.code(), Some(2));
    assert_eq!(concord(&["check", "--as-of", "2024-02-30"], &root()).status.code(), Some(2));
    assert_eq!(concord(&["frobnicate"], &root()).status.code(), Some(2));
    assert_eq!(concord(&["--help"], &root()).status.code(), Some(0));
}

#[test]
fn json_output_is_one_document_with_version_2() {
    let out =
        concord(&["check", "--format", "json", "tests/cases/syntax/01-missing-final-dot.facts"], &root());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["summary"]["possible"], 0);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["diagnostics"][0]["code"], "syntax::missing-period");
    assert_eq!(json["diagnostics"][0]["category"], "syntax");
}

/// Each offender and each location is one line of the JSON report, so that `grep` finds
/// a member's verdicts whole: every line naming a member is one complete offender, and
/// there is one such line for each offender of the document.
#[test]
fn json_output_writes_each_offender_and_location_on_one_line() {
    let out = concord(&["check", "--format", "json", "tests/cases/check/unanimity"], &root());
    let text = stdout(&out);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let offenders: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["offenders"].as_array().unwrap())
        .collect();
    assert!(!offenders.is_empty(), "{text}");
    let item = |line: &str| -> serde_json::Value {
        serde_json::from_str(line.trim().trim_end_matches(',')).unwrap_or_else(|e| panic!("{e}: {line}"))
    };
    let lines: Vec<serde_json::Value> =
        text.lines().filter(|l| l.contains("\"member\":")).map(item).collect();
    assert_eq!(lines.iter().collect::<Vec<_>>(), offenders);
    // A diagnostic's own location, or a related label holding one.
    for line in text.lines().filter(|l| l.contains("\"location\":")) {
        let location = match line.trim().starts_with('{') {
            true => item(line)["location"].clone(),
            false => item(line.split_once("\"location\": ").unwrap().1),
        };
        assert_eq!(location.as_object().unwrap().len(), 5, "{line}");
    }
}

const MESSY: &str = "# NATO\nbody   NATO .  # the alliance\n\n\n\
members of NATO since 1949-08-24: Belgium,\n    Canada, # founders\n Denmark.\n2024-03-07 :Sweden joins NATO[NATO].\n";
const TIDY: &str = "# NATO\nbody NATO. # the alliance\n\n\
# founders\nmembers of NATO since 1949-08-24: Belgium, Canada, Denmark.\n2024-03-07: Sweden joins NATO [NATO].\n";

#[test]
fn fmt_rewrites_in_canonical_layout_keeping_comments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.facts"), MESSY).unwrap();
    let out = concord(&["fmt", "a.facts"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.facts")).unwrap(), TIDY);
    let again = concord(&["fmt", "--check", "a.facts"], dir.path());
    assert_eq!(again.status.code(), Some(0), "fmt is idempotent");
}

#[test]
fn fmt_check_names_the_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.facts"), MESSY).unwrap();
    let out = concord(&["fmt", "--check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("a.facts"));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.facts")).unwrap(), MESSY);
}

#[test]
fn fmt_leaves_a_file_that_does_not_parse_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let broken = b"body   NATO.\nbody \"EU\n\xff".to_vec();
    std::fs::write(dir.path().join("b.facts"), &broken).unwrap();
    std::fs::write(dir.path().join("c.facts"), "body  EU.\n").unwrap();
    let out = concord(&["fmt", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("b.facts")).unwrap(), broken);
    assert_eq!(std::fs::read_to_string(dir.path().join("c.facts")).unwrap(), "body EU.\n");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");
}

#[test]
fn fmt_keeps_crlf_and_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.facts"), "\u{feff}body  NATO.\r\nbody EU.\r\n").unwrap();
    concord(&["fmt", "w.facts"], dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("w.facts")).unwrap(),
        "\u{feff}body NATO.\r\nbody EU.\r\n"
    );
}

#[test]
fn every_shipped_file_is_in_canonical_layout() {
    let out = concord(&["fmt", "--check", "rules", "facts", "tests/cases/spec"], &root());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn explain_knows_every_code_and_refuses_unknown_ones() {
    for code in concord::report::codes::CODES {
        let out = concord(&["explain", code.code], &root());
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).starts_with(code.code));
    }
    let out = concord(&["explain", "syntax::missing-perod"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean syntax::missing-period"));
}

#[test]
fn every_explained_example_triggers_its_code() {
    for code in concord::report::codes::CODES.iter().filter(|c| !c.example.is_empty()) {
        let bytes: Vec<u8> = match code.code {
            "syntax::invalid-utf8" => b"body \xff.".to_vec(),
            _ => code.example.as_bytes().to_vec(),
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("example.rules"), bytes).unwrap();
        let report = concord::check(&[dir.path().join("example.rules")], &concord::Options::default());
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&code.code), "{}: example gives {codes:?}", code.code);
    }
}

/// A file whose only finding is a warning-severity violation.
const WARNING_ONLY: &str = "body B.\nmembers of B: Ana, Ben.\nproposal p: resolve \"x\" in B.\n\
2024-01-01: Ana supports p.\n2024-01-02: B adopts p.\nrule r (warning): adopting p requires unanimity.\n";

fn temp_case(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.rules"), text).unwrap();
    dir
}

#[test]
fn warnings_exit_0_unless_denied() {
    let dir = temp_case(WARNING_ONLY);
    let plain = concord(&["check", "."], dir.path());
    assert_eq!(plain.status.code(), Some(0), "{}", stdout(&plain));
    assert!(stdout(&plain).contains("0 errors, 1 warning"), "{}", stdout(&plain));
    let denied = concord(&["check", "--deny", "warnings", "."], dir.path());
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn input_errors_exit_2_even_with_violations() {
    let text = format!("{WARNING_ONLY}rule e: adopting p requires unanimity.\n2024-01-01: Cid supports p.\n");
    let dir = temp_case(&text);
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stdout(&out).contains("error[violation::decision]"), "rules are still checked: {}", stdout(&out));
    assert!(stdout(&out).contains("error[name::undeclared-member]"));
}

#[test]
fn quiet_prints_only_errors_and_the_summary() {
    let out = concord(&["check", "--quiet", "tests/cases/check/term-lengths"], &root());
    let text = stdout(&out);
    assert!(!text.contains("more than 4 years"), "the warning is left out: {text}");
    assert!(!text.contains("less than 48 months"), "the info is left out: {text}");
    assert!(text.contains("not exactly 1461 days"), "errors stay: {text}");
    assert!(text.ends_with("2 errors, 1 warning, 1 info · 3 rules · 6 facts · as of 2028-10-01\n"), "{text}");
    let short =
        concord(&["check", "--quiet", "--format", "short", "tests/cases/check/term-lengths"], &root());
    let short = stdout(&short);
    let severities: Vec<&str> = short.lines().map(|l| l.split(" ").nth(1).unwrap()).collect();
    assert_eq!(severities, ["error[violation::term-length]", "error[violation::term-length]"]);
}

#[test]
fn as_of_evaluates_at_that_date_ignoring_later_facts() {
    let dir = "tests/cases/check/deadline";
    let now = concord(&["check", "--format", "short", dir], &root());
    assert_eq!(now.status.code(), Some(1));
    // Before the summit deadline the rule is pending, and the later adoption is ignored.
    let before = concord(&["check", "--as-of", "2024-07-01", dir], &root());
    assert_eq!(before.status.code(), Some(0), "{}", stdout(&before));
    assert!(stdout(&before).ends_with("· as of 2024-07-01\n"), "{}", stdout(&before));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let dir = "tests/cases/check/unanimity";
    let always = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["check", "--color", "always", dir])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(stdout(&always).contains("\u{1b}["), "--color always colours");
    let piped = concord(&["check", dir], &root());
    assert!(!stdout(&piped).contains("\u{1b}["), "auto does not colour a pipe");
    let never = concord(&["check", "--color", "never", dir], &root());
    assert!(!stdout(&never).contains("\u{1b}["));
}

#[test]
fn short_format_names_file_line_column_severity_and_code_per_violation() {
    let out = concord(&["check", "--format", "short", "tests/cases/check/windows-and-severities"], &root());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().map(|l| l.split(" `").next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "tests/cases/check/windows-and-severities/body.facts:5:1: info[violation::decision]",
            "tests/cases/check/windows-and-severities/body.facts:8:1: error[violation::decision]",
            "tests/cases/check/windows-and-severities/body.facts:10:1: warning[violation::decision]",
        ]
    );
}

#[test]
fn a_long_json_report_is_one_valid_document_whatever_the_threads() {
    // 599 duplicate declarations: more diagnostics than the report writes at a time.
    let dir = temp_case(&"body B.\n".repeat(600));
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(["check", "--format", "json", "."])
            .current_dir(dir.path())
            .env("CONCORD_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        out.stdout
    };
    let one = run("1");
    let json: serde_json::Value = serde_json::from_slice(&one).expect("one JSON document");
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 599);
    assert_eq!(json["summary"]["errors"], 599);
    assert!(one == run("2"), "2 threads changed the report");
}
