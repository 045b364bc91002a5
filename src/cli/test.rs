//! `concord test`: runs the record's `test` statements; one line per test, then
//! `N passed, M failed`.

use super::{output, Inputs, Shared, Status};
use crate::testing::{TestResult, Verdict};

pub fn run(inputs: &Inputs, shared: &Shared) -> Status {
    let mut tests = crate::testing::run(&inputs.paths(), &inputs.options(shared));
    super::explain_default_paths(&mut tests.report, inputs, "test");
    if tests.report.diagnostics.iter().any(|d| d.is_input_error()) {
        // The record itself has mistakes: report them as `check` does; no test runs.
        let status = super::check::status(&tests.report, false).max(Status::Failed);
        return output::to_stdout("the report", status, |out| {
            out.write_all(super::check::render(&tests.report, shared).as_bytes())
        });
    }
    let status = status(&tests.results);
    if shared.format == super::Format::Junit {
        return output::to_stdout("the JUnit report", status, |out| junit(&tests.results, out));
    }
    output::to_stdout("the test results", status, |out| {
        for r in &tests.results {
            out.write_all(line(r).as_bytes())?;
        }
        out.write_all(summary(&tests.results).as_bytes())
    })
}

/// The results as JUnit XML: one suite, a case per test named by its place, a failure
/// (or an error, for a test that cannot run) with what was found instead.
fn junit(results: &[TestResult], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("concord test");
    for r in results {
        let status = match &r.verdict {
            Verdict::Passed => TestCaseStatus::success(),
            Verdict::Failed(why) | Verdict::Unrunnable(why) => {
                let kind = match r.verdict {
                    Verdict::Failed(_) => NonSuccessKind::Failure,
                    _ => NonSuccessKind::Error,
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_message(why.join("; "));
                status
            }
        };
        let mut case = TestCase::new(r.name.as_str(), status);
        case.set_classname(r.place.as_str());
        suite.add_test_case(case);
    }
    let mut report = Report::new("concord");
    report.add_test_suite(suite);
    report.serialize(&mut *out).map_err(std::io::Error::other)
}

/// 0 when every test passes, 1 when one fails, 2 when one cannot run.
fn status(results: &[TestResult]) -> Status {
    let worst = |r: &TestResult| match r.verdict {
        Verdict::Passed => Status::Clean,
        Verdict::Failed(_) => Status::Violations,
        Verdict::Unrunnable(_) => Status::Failed,
    };
    results.iter().map(worst).max().unwrap_or(Status::Clean)
}

/// `pass  NAME`, or `FAIL  NAME  (file:line:col)` and what was found instead.
fn line(r: &TestResult) -> String {
    let name = crate::terminal::escape(&r.name);
    match &r.verdict {
        Verdict::Passed => format!("pass  {name}\n"),
        Verdict::Failed(why) | Verdict::Unrunnable(why) => {
            let word = if matches!(r.verdict, Verdict::Failed(_)) { "FAIL" } else { "ERROR" };
            let mut out = format!("{word}  {name}  ({})\n", crate::terminal::escape(&r.place));
            for w in why {
                out.push_str(&format!("      {}\n", crate::terminal::escape(w)));
            }
            out
        }
    }
}

fn summary(results: &[TestResult]) -> String {
    let passed = results.iter().filter(|r| r.verdict == Verdict::Passed).count();
    let failed = results.len() - passed;
    format!("{passed} passed, {failed} failed\n")
}
