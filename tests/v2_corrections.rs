//! Language version 2, section F, "Corrections to version 1": the default *now* counts a
//! term by its last day, `end in` checks a recorded end after *now*, and an open term too
//! short for `at least` or `exactly` is pending. ("Names over time" is in hostile_model.rs.)

mod common;
use common::{concord, dir_with, stdout};
use concord::report::{Diagnostic, Report};
use concord::Options;

fn check(text: &str, as_of: Option<&str>) -> Report {
    let options = Options { as_of: as_of.map(|d| d.parse().unwrap()), ..Options::default() };
    concord::check_text(&[("case.facts", text)], &options)
}

fn with_code<'r>(report: &'r Report, code: &str) -> Vec<&'r Diagnostic> {
    report.diagnostics.iter().filter(|d| d.code == code).collect()
}

const NATO: &str = "body NATO.\noffice SG of NATO.\n\
    term of Stoltenberg as SG of NATO from 2014-10-01 to 2024-10-01.\n\
    rule continuity: SG of NATO is never vacant.\n";

// Default *now*.

#[test]
fn the_end_of_the_last_term_is_not_a_vacancy() {
    let dir = dir_with(&[("sg.facts", NATO)]);
    let out = concord(&["check", "sg.facts"], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.ends_with("0 errors, 0 warnings · 1 rule · 3 facts · as of 2024-09-30\n"), "{text}");
}

#[test]
fn as_of_the_end_of_the_last_term_still_finds_the_vacancy() {
    let report = check(NATO, Some("2024-10-01"));
    assert_eq!(report.as_of.as_deref(), Some("2024-10-01"));
    let vacant = with_code(&report, "violation::vacancy");
    assert_eq!(vacant.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(vacant[0].message, "SG of NATO is vacant from 2024-10-01 to 2024-10-01");
}

#[test]
fn a_window_past_now_does_not_find_the_planned_end_of_the_last_term() {
    let record = NATO.replace("is never vacant", "is never vacant until 2030-01-01");
    assert!(check(&record, None).diagnostics.is_empty());
    let report = check(&record, Some("2024-10-01"));
    let vacant = with_code(&report, "violation::vacancy");
    assert_eq!(vacant.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(vacant[0].message, "SG of NATO is vacant from 2024-10-01 to 2029-12-31");
}

#[test]
fn a_fact_on_the_day_a_term_ends_makes_that_day_now() {
    let record = format!("{NATO}2024-10-01: Sweden joins NATO.\n");
    let report = check(&record, None);
    assert_eq!(report.as_of.as_deref(), Some("2024-10-01"));
    assert_eq!(with_code(&report, "violation::vacancy").len(), 1, "{:?}", report.diagnostics);
}

#[test]
fn a_term_counts_towards_now_by_its_start_when_it_has_no_days_or_no_end() {
    let empty = "body B.\noffice O of B.\nterm of X as O of B from 2024-10-01 to 2024-10-01.\n";
    assert_eq!(check(empty, None).as_of.as_deref(), Some("2024-10-01"));
    let open = "body B.\noffice O of B.\nterm of X as O of B from 2024-10-01.\n";
    assert_eq!(check(open, None).as_of.as_deref(), Some("2024-10-01"));
}

#[test]
fn an_unreadable_record_counts_a_term_by_its_last_day_too() {
    // The office is undeclared, so no fact stands: *now* is the latest date read.
    let record = "body B.\nterm of X as O of B from 2014-10-01 to 2024-10-01.\n";
    assert_eq!(check(record, None).as_of.as_deref(), Some("2024-09-30"));
}

#[test]
fn an_uncertain_position_counts_towards_now_by_its_last_day_cut_at_the_decision() {
    let record = "body B.\nmembers of B: A, C.\nproposal p: resolve \"x\" in B.\n\
                  2024-04: A supports p.\n";
    assert_eq!(check(record, None).as_of.as_deref(), Some("2024-04-30"));
    let decided = format!("{record}2024-04-10: B adopts p.\n");
    assert_eq!(check(&decided, None).as_of.as_deref(), Some("2024-04-10"));
}

// Terms after *now*.

const PLANNED: &str = "body B.\noffice O of B.\n\
    term of X as O of B from 2020-10-01 to 2024-09-15.\n\
    rule october: terms of O of B end in October.\n\
    rule four: terms of O of B last at most 3 years.\n\
    rule continuity: O of B is never vacant.\n";

#[test]
fn a_planned_end_in_the_wrong_month_is_reported() {
    let report = check(PLANNED, Some("2022-01-01"));
    let month = with_code(&report, "violation::term-month");
    assert_eq!(month.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(month[0].message, "the term of X as O of B ends on 2024-09-15, not in October");
    assert_eq!(month[0].date.as_deref(), Some("2024-09-15"));
    // Open for vacancy and length: no vacancy, and 15 months are not more than 3 years.
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
}

#[test]
fn a_term_running_past_now_is_measured_to_now() {
    let report = check(PLANNED, Some("2023-10-01"));
    let long = with_code(&report, "violation::term-length");
    assert_eq!(long.len(), 1, "{:?}", report.diagnostics);
    let message = "the term of X as O of B runs from 2020-10-01 to 2024-09-15, still running on 2023-10-01: \
                   more than 3 years (which end on 2023-10-01)";
    assert_eq!(long[0].message, message);
}

#[test]
fn a_last_term_too_long_is_reported_with_its_recorded_end() {
    // *Now* is its last day, so it is treated as open, and measured to the day after: its `to`.
    let record = NATO.replace("SG of NATO is never vacant", "terms of SG of NATO last at most 4 years");
    let report = check(&record, None);
    let long = with_code(&report, "violation::term-length");
    assert_eq!(long.len(), 1, "{:?}", report.diagnostics);
    let message = "the term of Stoltenberg as SG of NATO runs from 2014-10-01 to 2024-10-01: \
                   more than 4 years (which end on 2018-10-01)";
    assert_eq!(long[0].message, message);
}

#[test]
fn terms_starting_after_now_are_still_ignored() {
    let report = check(PLANNED, Some("2020-09-30"));
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["rule::matches-nothing"; 3], "{:?}", report.diagnostics);
}

// Open terms and lower bounds.

const OPEN: &str = "body B.\noffice O of B.\nterm of X as O of B from 2022-10-01.\n\
    2024-10-01: Y joins B.\n\
    rule at_least: terms of O of B last at least 4 years.\n\
    rule exact: terms of O of B last exactly 4 years.\n";

#[test]
fn an_open_term_shorter_than_a_lower_bound_is_pending_and_nothing_is_reported() {
    let dir = dir_with(&[("o.facts", OPEN)]);
    let out = concord(&["check", "o.facts"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "0 errors, 0 warnings · 2 rules · 4 facts · as of 2024-10-01\n");
}

#[test]
fn an_open_term_past_an_exact_length_is_violated() {
    let report = check(OPEN, Some("2026-10-01"));
    let broken = with_code(&report, "violation::term-length");
    assert_eq!(broken.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(broken[0].rule.as_deref(), Some("exact"));
    assert!(broken[0].message.contains("and is still open on 2026-10-01: not exactly 4 years"));
}

#[test]
fn a_closed_term_shorter_than_a_lower_bound_is_violated() {
    let closed = OPEN.replace("from 2022-10-01.", "from 2022-10-01 to 2024-10-01.");
    // Without the fact of its last day, the term's end is the last date: *now* is the day
    // before it, so it is treated as open, and pending.
    let report = check(&closed.replace("2024-10-01: Y joins B.\n", ""), None);
    assert_eq!(report.as_of.as_deref(), Some("2024-09-30"));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let report = check(&closed, None);
    let rules: Vec<_> = with_code(&report, "violation::term-length").iter().map(|d| d.rule.clone()).collect();
    assert_eq!(rules, [Some("at_least".to_string()), Some("exact".to_string())]);
}

#[test]
fn a_term_treated_as_open_is_pending_too() {
    let closed = OPEN.replace("from 2022-10-01.", "from 2022-10-01 to 2030-10-01.");
    let report = check(&closed, Some("2024-10-01"));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

// Overlaps name the recorded end of the earlier term.

#[test]
fn an_overlap_with_a_term_running_past_now_names_its_recorded_end() {
    let record = "body B.\noffice O of B.\n\
                  term of X as O of B from 2020-01-01 to 2025-01-01.\n\
                  term of Y as O of B from 2022-01-01 to 2023-01-01.\n\
                  rule alone: terms of O of B never overlap.\n";
    let report = check(record, Some("2022-06-01"));
    let overlap = with_code(&report, "violation::term-overlap");
    assert_eq!(overlap.len(), 1, "{:?}", report.diagnostics);
    let labels: Vec<&str> = overlap[0].related.iter().map(|l| &*l.message).collect();
    assert!(labels.contains(&"serves until 2024-12-31"), "{labels:?}");
}
