//! `--format github`: GitHub Actions workflow commands, as a workflow log reads them.

mod common;
use common::{concord, dir_with, root, stderr, stdout};

#[test]
fn each_diagnostic_is_one_workflow_command_with_its_place_and_code() {
    let out = concord(&["check", "--format", "github", "examples/what-if/weber-elected-2019"], &root());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn special_characters_of_messages_and_properties_are_encoded() {
    // A file name with `,` and `:`, a warning, an info and an error whose message holds `%`.
    let facts = "body B.\nmembers of B: A, C.\nproposal p: resolve \"x\" in B.\n2024-01-01: A supports p.\n\
        2024-01-02: B adopts p.\nbody Empty.\n";
    let rules = "rule majority (warning): adopting p requires more than 50% of members support.\n\
        rule every (info): adopting p requires unanimity.\nrule some_members: Empty has at least 1 members.\n";
    let dir = dir_with(&[("a,b:c.facts", facts), ("r.rules", rules)]);
    let out = concord(&["check", "--format", "github", "."], dir.path());
    insta::assert_snapshot!(stdout(&out));
    let quiet = concord(&["check", "--format", "github", "-q", "."], dir.path());
    // Under `-q`, only the error that fails the run: the member count.
    let lines: Vec<String> = stdout(&quiet).lines().map(String::from).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("::error file=./r.rules,line=3"), "{lines:?}");
}

#[test]
fn status_and_timeline_refuse_the_github_format() {
    let out = concord(&["status", "rutte_sg", "--format", "github"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`github` and `junit` are not for status and timeline"),
        "{}",
        stderr(&out)
    );
}
