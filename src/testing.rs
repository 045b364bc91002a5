//! `concord test`: the `test` statements of a record (language version 2, section J),
//! each a run of the whole record as of its date, with its facts assumed and retracted,
//! whose violations are compared with what the test expects.

use crate::check::Certainty;
use crate::report::{Category, Diagnostic, Report};
use crate::syntax::ast::{Expectation, Expected, Test};
use crate::Options;
use std::path::PathBuf;

/// What one test found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// What the test expected that did not hold, each with what was found instead.
    Failed(Vec<String>),
    /// Its own assumptions or retractions are input errors (exit status 2).
    Unrunnable(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct TestResult {
    pub name: String,
    /// Where the test is written: `file:line:column`.
    pub place: String,
    pub verdict: Verdict,
}

/// The tests' results, and the report of the record itself (its input errors stop every
/// test from running).
pub struct TestRun {
    pub report: Report,
    pub results: Vec<TestResult>,
}

/// Runs every test of the record under `paths`.
pub fn run(paths: &[PathBuf], options: &Options) -> TestRun {
    let base = crate::analyse(paths, options);
    if base.report.diagnostics.iter().any(Diagnostic::is_input_error) {
        return TestRun { report: base.report, results: Vec::new() };
    }
    let results = base.tests.iter().map(|t| one(paths, options, t, &base.report)).collect();
    TestRun { report: base.report, results }
}

fn one(paths: &[PathBuf], options: &Options, test: &Test, base: &Report) -> TestResult {
    let at = base.locate(test.name.span);
    let place = format!("{}:{}:{}", at.file, at.line, at.column);
    let with = |given: &[String], facts: &[crate::syntax::ast::Text]| -> Vec<String> {
        given.iter().cloned().chain(facts.iter().map(|f| f.text.to_string())).collect()
    };
    let options = Options {
        as_of: test.as_of.map(|d| d.date).or(options.as_of),
        assume: with(&options.assume, &test.assuming),
        retract: with(&options.retract, &test.retracting),
        map_large_files: options.map_large_files,
    };
    let report = crate::check(paths, &options);
    let errors: Vec<String> =
        report.diagnostics.iter().filter(|d| d.is_input_error()).map(|d| d.message.clone()).collect();
    let verdict = match errors.is_empty() {
        false => Verdict::Unrunnable(errors),
        true => judge(&test.expect, &report),
    };
    TestResult { name: test.name.text.to_string(), place, verdict }
}

/// Every expectation against the run's violations.
fn judge(expect: &[Expectation], report: &Report) -> Verdict {
    let violations: Vec<&Diagnostic> =
        report.diagnostics.iter().filter(|d| d.category == Category::Violation).collect();
    let unmet: Vec<String> = expect.iter().filter_map(|e| unmet(e, &violations)).collect();
    if unmet.is_empty() {
        Verdict::Passed
    } else {
        Verdict::Failed(unmet)
    }
}

/// What an expectation wanted and what was found, unless it holds.
fn unmet(e: &Expectation, violations: &[&Diagnostic]) -> Option<String> {
    let Expectation::Rule { rule, outcome, on } = e else {
        return (!violations.is_empty())
            .then(|| format!("expected no violations, found {}", found(violations.iter().copied())));
    };
    let about = |d: &&&Diagnostic| {
        d.rule.as_deref() == Some(rule.text.as_str())
            && on.as_ref().is_none_or(|s| d.subject.as_deref() == Some(&s.text))
    };
    let of_rule: Vec<&Diagnostic> = violations.iter().filter(about).copied().collect();
    let certain = |d: &&Diagnostic| matches!(d.certainty, Some(Certainty::Certain) | None);
    let holds = match outcome {
        Expected::Violated => of_rule.iter().any(certain),
        Expected::PossiblyViolated => of_rule.iter().any(|d| !certain(d)),
        Expected::Met => of_rule.is_empty(),
    };
    let wanted = match outcome {
        Expected::Violated => "violated",
        Expected::PossiblyViolated => "possibly violated",
        Expected::Met => "met",
    };
    let subject = on.as_ref().map_or(String::new(), |s| format!(" on {}", s.text));
    let found = match of_rule.is_empty() {
        true => format!("no violation of `{}`{subject}", rule.text),
        false => found(of_rule.into_iter()),
    };
    (!holds).then(|| format!("expected `{}` to be {wanted}{subject}, found {found}", rule.text))
}

/// "`r` violated on p (2024-05-01)", for each violation, joined.
fn found<'a>(violations: impl Iterator<Item = &'a Diagnostic>) -> String {
    let each = violations.map(|d| {
        let how = match d.certainty {
            Some(Certainty::Possible { .. }) => "possibly violated",
            _ => "violated",
        };
        let rule = d.rule.as_deref().unwrap_or("?");
        let on = d.subject.as_deref().map_or(String::new(), |s| format!(" on {s}"));
        let date = d.date.as_deref().map_or(String::new(), |d| format!(" ({d})"));
        format!("`{rule}` {how}{on}{date}")
    });
    each.collect::<Vec<_>>().join(", ")
}
