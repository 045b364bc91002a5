//! The shipped case studies (rules/ and facts/, from the project's record) and the what-if
//! examples (examples/what-if/NAME/: the record with one fact changed), as a newcomer
//! checks them: the full human and JSON output pinned, the exit status of the binary, and
//! the facts of each scenario that a reader expects in its diagnostic.

use concord::report::{render_human, render_json, HumanOptions, Report, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A what-if example and the violation a reader expects from it.
struct WhatIf {
    /// The directory under examples/what-if/.
    name: &'static str,
    /// The rule that fails, and the proposal it fails on.
    rule: &'static str,
    subject: &'static str,
    /// Members the violation must name: (member, stance, since).
    offenders: &'static [(&'static str, &'static str, Option<&'static str>)],
}

const WHAT_IFS: &[WhatIf] = &[
    WhatIf {
        name: "gaza-draft-adopted",
        rule: "unsc_voting",
        subject: "gaza_draft_algeria",
        offenders: &[("United States", "oppose", Some("2024-02-20"))],
    },
    WhatIf {
        name: "rutte-adopted-2024-05-01",
        rule: "sg_unanimity",
        subject: "rutte_sg",
        offenders: &[("Hungary", "oppose", Some("2024-03-05"))],
    },
    WhatIf {
        name: "sweden-without-hungary",
        rule: "admission_unanimity",
        subject: "admit_sweden",
        offenders: &[("Hungary", "none", None)],
    },
];

fn shipped() -> Vec<PathBuf> {
    vec![PathBuf::from("rules"), PathBuf::from("facts")]
}

/// As a reader runs it: `concord check examples/what-if/NAME`.
fn what_if(name: &str) -> Vec<PathBuf> {
    vec![Path::new("examples/what-if").join(name)]
}

fn check(paths: &[PathBuf]) -> Report {
    concord::check(paths, &concord::Options::default())
}

fn human(report: &Report) -> String {
    render_human(report, HumanOptions { color: false, width: 80, quiet: false, deny_warnings: false })
}

/// Runs the binary as a reader does, from the crate root: its exit status and output.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn shipped_files_human() {
    insta::assert_snapshot!("shipped_human", human(&check(&shipped())));
}

#[test]
fn shipped_files_json() {
    insta::assert_snapshot!("shipped_json", render_json(&check(&shipped())));
}

/// No error and no violation; the one warning is explained at the rule (rules/eu_council.rules):
/// the record has no Council vote, so the QMV rule checks nothing.
#[test]
fn shipped_files_report_no_error_and_only_the_explained_warning() {
    let report = check(&shipped());
    assert_eq!(report.count(Severity::Error), 0, "{}", human(&report));
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| (d.code, d.rule.as_deref()))
        .collect();
    assert_eq!(warnings, [("rule::matches-nothing", Some("eu_qmv"))], "{}", human(&report));
    let (status, stdout) = run(&["check"]);
    assert_eq!(status, Some(0));
    assert_eq!(stdout, human(&report), "`concord check` prints what the snapshot pins");
}

#[test]
fn what_ifs_human_and_json() {
    for WhatIf { name, .. } in WHAT_IFS {
        let report = check(&what_if(name));
        insta::assert_snapshot!(format!("what_if_{name}_human"), human(&report));
        insta::assert_snapshot!(format!("what_if_{name}_json"), render_json(&report));
    }
}

/// Each what-if fails (status 1, not 2: the input itself is sound) with the one violation a
/// reader expects, naming the member that makes it fail.
#[test]
fn each_what_if_fails_with_the_expected_violation() {
    for WhatIf { name, rule, subject, offenders } in WHAT_IFS {
        let dir = format!("examples/what-if/{name}");
        let report = check(&what_if(name));
        let (status, stdout) = run(&["check", &dir]);
        assert_eq!(status, Some(1), "{dir}");
        assert_eq!(stdout, human(&report), "`concord check {dir}` prints what the snapshot pins");
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{dir}: {}", human(&report));
        let d = errors[0];
        assert_eq!(
            (d.code, d.rule.as_deref(), d.subject.as_deref()),
            ("violation::decision", Some(*rule), Some(*subject))
        );
        for (member, stance, since) in *offenders {
            let found = d.offenders.iter().find(|o| &*o.member == *member);
            let found = found.unwrap_or_else(|| panic!("{dir}: {member} is not named: {:?}", d.offenders));
            let found_since = found.since.map(|d| d.to_string());
            assert_eq!((found.stance, found_since.as_deref()), (*stance, *since), "{dir}: {member}");
        }
    }
}

/// The .facts and .rules files under a directory, in sorted order.
fn concord_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("facts" | "rules")) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A what-if is the record with one fact changed: the file that changes says so in its first
/// line, and every other file is a byte-for-byte copy of the shipped one.
#[test]
fn what_ifs_differ_from_the_record_only_where_they_say_so() {
    for WhatIf { name, .. } in WHAT_IFS {
        let dir = Path::new("examples/what-if").join(name);
        let mut changed = 0;
        for path in concord_files(&dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            if text.starts_with("# WHAT-IF") {
                changed += 1;
            } else {
                let shipped = std::fs::read_to_string(path.strip_prefix(&dir).unwrap()).unwrap();
                assert!(text == shipped, "{} is not a copy of the shipped file", path.display());
            }
        }
        assert_eq!(changed, 1, "{}: exactly one file is changed from the record", dir.display());
    }
}

/// Every dated fact (dated membership, term, event) carries its source in `[...]`.
#[test]
fn every_dated_fact_has_a_source() {
    use concord::syntax::ast::{FactKind, Statement};
    let mut missing = Vec::new();
    let mut files = concord_files(Path::new("facts"));
    files.extend(concord_files(Path::new("rules")));
    files.extend(concord_files(Path::new("examples/what-if")));
    files.extend(concord_files(Path::new("examples/tutorial")));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let (file, errors) = concord::syntax::parse(&text, concord::source::FileId(0));
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        for statement in &file.statements {
            let Statement::Fact(fact) = statement.expand(&text) else { continue };
            let dated = matches!(
                fact.kind,
                FactKind::Members { since: Some(_), .. } | FactKind::Term { .. } | FactKind::Event { .. }
            );
            if dated && fact.source.is_none() {
                let span = statement.span();
                missing.push(format!(
                    "{}: {}",
                    path.display(),
                    &text[span.start as usize..span.end as usize]
                ));
            }
        }
    }
    assert!(missing.is_empty(), "dated facts without a source:\n{}", missing.join("\n"));
}

/// The shipped files are what a newcomer reads first: they are in `concord fmt`'s layout.
#[test]
fn shipped_and_example_files_are_formatted() {
    let (status, stdout) =
        run(&["fmt", "--check", "rules", "facts", "examples/what-if", "examples/tutorial"]);
    assert_eq!(status, Some(0), "{stdout}");
}
