//! The shipped case studies (rules/ and facts/, from the project's record) and the what-if
//! examples (examples/what-if/NAME/: the record with one fact changed), as a newcomer
//! checks them: the full human and JSON output pinned, the exit status of the binary, and
//! the facts of each scenario that a reader expects in its diagnostic.

use concord::report::{render_human, render_json, HumanOptions, Report, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A what-if example and what a reader expects `check` to report on it.
struct WhatIf {
    /// The directory under examples/what-if/.
    name: &'static str,
    /// The one error `check` reports, or `None` when it reports nothing at all.
    fails: Option<Failure>,
}

/// The one violation a what-if is expected to draw.
struct Failure {
    /// The code, the rule that fails and the proposal it fails on.
    code: &'static str,
    rule: &'static str,
    subject: &'static str,
    /// Members the violation must name: (member, stance, since).
    offenders: &'static [(&'static str, &'static str, Option<&'static str>)],
}

const WHAT_IFS: &[WhatIf] = &[
    WhatIf {
        name: "gaza-draft-adopted",
        fails: Some(Failure {
            code: "violation::decision",
            rule: "unsc_voting",
            subject: "gaza_draft_algeria",
            offenders: &[("United States", "oppose", Some("2024-02-20"))],
        }),
    },
    WhatIf { name: "nature-restoration-without-austria", fails: None },
    WhatIf {
        name: "rutte-adopted-2024-05-01",
        fails: Some(Failure {
            code: "violation::decision",
            rule: "sg_unanimity",
            subject: "rutte_sg",
            offenders: &[
                ("Hungary", "oppose", Some("2024-03-05")),
                ("Romania", "none", None),
                ("Slovakia", "none", None),
            ],
        }),
    },
    WhatIf {
        name: "sweden-without-hungary",
        fails: Some(Failure {
            code: "violation::decision",
            rule: "admission_unanimity",
            subject: "admit_sweden",
            offenders: &[("Hungary", "none", None)],
        }),
    },
    WhatIf {
        name: "weber-elected-2019",
        fails: Some(Failure {
            code: "violation::unnominated",
            rule: "elected_as_proposed",
            subject: "elected_2019",
            offenders: &[],
        }),
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

/// A newcomer's first run reports nothing at all: no error, no warning, no note (issue 16:
/// even a warning that the record explains is noise to a newcomer).
#[test]
fn shipped_files_report_nothing_at_all() {
    let report = check(&shipped());
    let found: Vec<_> = report.diagnostics.iter().map(|d| (d.code, d.rule.as_deref())).collect();
    assert_eq!(found, [], "{}", human(&report));
    let (status, stdout) = run(&["check"]);
    assert_eq!(status, Some(0));
    assert_eq!(stdout, human(&report), "`concord check` prints what the snapshot pins");
    assert_eq!(stdout.lines().count(), 1, "only the summary line: {stdout}");
    assert!(stdout.starts_with("0 errors, 0 warnings · "), "{stdout}");
}

#[test]
fn what_ifs_human_and_json() {
    for WhatIf { name, .. } in WHAT_IFS {
        let report = check(&what_if(name));
        insta::assert_snapshot!(format!("what_if_{name}_human"), human(&report));
        insta::assert_snapshot!(format!("what_if_{name}_json"), render_json(&report));
    }
}

/// Each what-if but one fails (status 1, not 2: the input itself is sound) with the one
/// violation a reader expects, naming the members that make it fail; the Nature Restoration
/// Law without Austria reports nothing, as its README line says.
#[test]
fn each_what_if_reports_what_its_readme_line_says() {
    for WhatIf { name, fails } in WHAT_IFS {
        let dir = format!("examples/what-if/{name}");
        let report = check(&what_if(name));
        let (status, stdout) = run(&["check", &dir]);
        assert_eq!(stdout, human(&report), "`concord check {dir}` prints what the snapshot pins");
        let Some(Failure { code, rule, subject, offenders }) = fails else {
            assert_eq!(status, Some(0), "{dir}");
            assert!(report.diagnostics.is_empty(), "{dir}: {}", human(&report));
            continue;
        };
        assert_eq!(status, Some(1), "{dir}");
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{dir}: {}", human(&report));
        let d = errors[0];
        assert_eq!((d.code, d.rule.as_deref(), d.subject.as_deref()), (*code, Some(*rule), Some(*subject)));
        for (member, stance, since) in *offenders {
            let found = d.offenders.iter().find(|o| &*o.member == *member);
            let found = found.unwrap_or_else(|| panic!("{dir}: {member} is not named: {:?}", d.offenders));
            let found_since = found.since.map(|d| d.to_string());
            assert_eq!((found.stance, found_since.as_deref()), (*stance, *since), "{dir}: {member}");
        }
    }
}

/// Every what-if directory is listed above, and the README says what `check` reports on it.
#[test]
fn every_what_if_is_tested_and_has_a_readme_line() {
    let mut dirs: Vec<String> = std::fs::read_dir("examples/what-if")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    let listed: Vec<&str> = WHAT_IFS.iter().map(|w| w.name).collect();
    assert_eq!(dirs, listed);
    let readme = std::fs::read_to_string("README.md").unwrap();
    for name in listed {
        let command = format!("concord check examples/what-if/{name}`");
        assert!(readme.contains(&command), "README.md has no line for {name}");
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
