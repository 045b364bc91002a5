//! Golden tests: the human and short output of real example files, as users see them.

use concord::report::{render_human, render_json, render_short, HumanOptions};
use std::path::{Path, PathBuf};

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).expect("cases live in the crate").to_path_buf()
}

fn human(report: &concord::report::Report) -> String {
    render_human(report, HumanOptions { color: false, width: 80, quiet: false, deny_warnings: false })
}

/// Every mistake in the corpus gives the diagnostics pinned in its snapshot.
#[test]
fn syntax_errors() {
    insta::glob!("cases/syntax/*.{facts,rules}", |path| {
        let report = concord::check(&[relative(path)], &concord::Options::default());
        assert!(!report.diagnostics.is_empty(), "{} has a mistake but no diagnostic", path.display());
        insta::assert_snapshot!(format!(
            "{}\n---- short\n{}",
            human(&report),
            render_short(&report, false, false)
        ));
    });
}

/// The JSON report of a file with several syntax errors.
#[test]
fn syntax_errors_json() {
    let path = PathBuf::from("tests/cases/syntax/61-two-errors-majority-and-adopted-before.rules");
    let report = concord::check(&[path], &concord::Options::default());
    insta::assert_snapshot!(render_json(&report));
}

/// Every rule form, passing and failing, and every input error: the full human and JSON
/// reports of each case directory, as users see them.
#[test]
fn check_cases() {
    insta::glob!("cases/check/*/*.facts", |path| {
        let dir = relative(path.parent().expect("a case directory"));
        let report = concord::check(std::slice::from_ref(&dir), &concord::Options::default());
        insta::assert_snapshot!("check.human", human(&report));
        insta::assert_snapshot!("check.json", render_json(&report));
    });
}
