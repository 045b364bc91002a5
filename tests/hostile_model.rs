//! Issue 13, "hostile input": inputs that crashed, blew up or misjudged the model, the
//! checks and the views. Each test is named after what broke. The blow-ups are tested at
//! a size the old quadratic (or cubic) code would take minutes on, and the result is
//! checked too; no test measures time.

use concord::report::Report;
use concord::Options;
use std::path::Path;
use std::process::{Command, Output};

fn concord(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn as_of(text: &str, date: &str) -> Report {
    let options = Options { as_of: Some(date.parse().unwrap()), ..Options::default() };
    concord::check_text(&[("case.facts", text)], &options)
}

fn codes(report: &Report) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

// Names over time (language v2, section F).

#[test]
fn the_shipped_record_as_of_2019_is_clean() {
    let out = concord(&["check", "--as-of", "2019-01-01", "--format", "short"], root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("error["), "{text}");
}

#[test]
fn a_member_who_joins_after_now_is_not_undeclared() {
    let record = "body B.\nmembers of B: A.\n2020-03-27: C joins B.\ngroup G of B: A, C.\n\
                  proposal p: resolve \"x\" in B.\n2019-06-01: C supports p.\n\
                  2021-01-01: C opposes p.\n";
    let before = as_of(record, "2019-12-31");
    assert_eq!(codes(&before), ["fact::not-a-member"], "{:?}", before.diagnostics);
    assert!(before.diagnostics[0].message.contains("C is not a member of B on 2019-06-01"));
    let never = as_of(&record.replace("C joins", "D joins"), "2019-12-31");
    assert_eq!(codes(&never), ["name::undeclared-member"; 2], "{:?}", never.diagnostics);
}
