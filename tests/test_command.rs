//! `concord test`: the `test` statements of a record (language v2, section J), run as a
//! rule author runs them, through the binary.

mod common;
use common::{concord, dir_with, root, stdout};

const RECORD: &str = "body B.\nmembers of B: Ann, Ben.\nproposal p: resolve \"x\" in B.\n\
    2024-01-01: Ann supports p.\n2024-01-02: Ben supports p.\n2024-01-03: B adopts p.\n\
    rule all_agree: adopting p requires unanimity.\n";

#[test]
fn the_shipped_tests_pass() {
    let out = concord(&["test"], &root());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_failing_test_says_what_was_found_instead_and_exits_1() {
    let tests = "test clean: expect no violations.\n\
        test wrong: retracting \"2024-01-02: Ben supports p.\" expect all_agree is met.\n\
        test right: retracting \"2024-01-02: Ben supports p.\" expect all_agree is violated on p.\n\
        test maybe: expect all_agree is possibly violated.\n";
    let dir = dir_with(&[("b.facts", RECORD), ("t.rules", tests)]);
    let out = concord(&["test", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn junit_xml_gives_each_test_with_its_failure_for_ci_dashboards() {
    let tests = "test clean: expect no violations.\n\
        test wrong: retracting \"2024-01-02: Ben supports p.\" expect all_agree is met.\n\
        test bad: assuming \"2024-01-04: Cy supports p.\" expect no violations.\n";
    let dir = dir_with(&[("b.facts", RECORD), ("t.rules", tests)]);
    let out = concord(&["test", "--format", "junit", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "the test that cannot run decides the exit status");
    insta::assert_snapshot!(stdout(&out));
    let refused = concord(&["check", "--format", "junit", "."], dir.path());
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_test_whose_facts_are_mistaken_cannot_run_and_exits_2() {
    let tests = "test bad: assuming \"2024-01-04: Cy supports p.\" expect no violations.\n";
    let dir = dir_with(&[("b.facts", RECORD), ("t.rules", tests)]);
    let out = concord(&["test", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).starts_with("ERROR  bad  (./t.rules:1:6)"), "{}", stdout(&out));
}

#[test]
fn check_reads_tests_and_names_a_misspelt_rule() {
    let tests = "test t: expect all_agre is met.\n";
    let dir = dir_with(&[("b.facts", RECORD), ("t.rules", tests)]);
    let out = concord(&["check", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("error[rule::unknown-in-test]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("did you mean `all_agree`?"), "{}", stdout(&out));
    // A record with mistakes runs no test: its errors are reported as `check` reports them.
    let out = concord(&["test", "--format", "short", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("rule::unknown-in-test"), "{}", stdout(&out));
}

#[test]
fn fmt_writes_tests_canonically_and_reads_them_back() {
    let written =
        "test   t  as of 2024-01-03 :assuming \"2024-01-02: Ben opposes p.\",\"2024-01-02: Ann opposes p.\" \
        retracting \"2024-01-01: Ann supports p.\" expect all_agree is violated on p and no violations.\n";
    let dir = dir_with(&[("b.facts", RECORD), ("t.rules", written)]);
    assert_eq!(concord(&["fmt", "t.rules"], dir.path()).status.code(), Some(0));
    let canonical = std::fs::read_to_string(dir.path().join("t.rules")).unwrap();
    insta::assert_snapshot!(canonical);
    assert_eq!(concord(&["fmt", "--check", "t.rules"], dir.path()).status.code(), Some(0));
}
