//! Issue 13, "hostile input": inputs that crashed, blew up or misjudged the model, the
//! checks and the views. Each test is named after what broke. The blow-ups are tested at
//! a size the old quadratic (or cubic) code would take minutes on, and the result is
//! checked too; no test measures time.

use concord::report::{Diagnostic, Report};
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

fn check(text: &str) -> Report {
    concord::check_text(&[("case.facts", text)], &Options::default())
}

fn as_of(text: &str, date: &str) -> Report {
    let options = Options { as_of: Some(date.parse().unwrap()), ..Options::default() };
    concord::check_text(&[("case.facts", text)], &options)
}

fn with_code<'r>(report: &'r Report, code: &str) -> Vec<&'r Diagnostic> {
    report.diagnostics.iter().filter(|d| d.code == code).collect()
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

// Term lengths and dates at the ends of the calendar.

const OFFICE: &str = "body B.\noffice O of B.\n";

fn with_rules(facts: &str, rules: &[&str]) -> String {
    let rules: Vec<String> = rules.iter().enumerate().map(|(i, r)| format!("rule r{i}: {r}.\n")).collect();
    format!("{OFFICE}{facts}{}", rules.concat())
}

#[test]
fn lengths_of_any_size_the_parser_accepts_are_measured_without_a_panic() {
    let term = "term of X as O of B from 2000-01-01 to 2010-01-01.\n";
    for n in [19_998, 19_999, 20_000, 50_000, 100_000] {
        for unit in ["years", "months", "days"] {
            let at_most = format!("terms of O of B last at most {n} {unit}");
            let at_least = format!("terms of O of B last at least {n} {unit}");
            let report = check(&with_rules(term, &[&at_most, &at_least]));
            let broken: Vec<_> = with_code(&report, "violation::term-length");
            assert_eq!(broken.len(), 1, "{n} {unit}: {:?}", report.diagnostics);
            assert_eq!(broken[0].rule.as_deref(), Some("r1"), "ten years are less than {n} {unit}");
        }
    }
}

#[test]
fn a_bound_that_ends_beyond_9999_is_longer_than_any_term() {
    let term = "term of X as O of B from 9000-01-01 to 9000-01-02.\n";
    let report = check(&with_rules(term, &["terms of O of B last at least 1000 years"]));
    let broken = with_code(&report, "violation::term-length");
    assert_eq!(broken.len(), 1, "{:?}", report.diagnostics);
    assert!(broken[0].message.contains("less than 1000 years (which end beyond 9999-12-31)"));
    let at_most = check(&with_rules(term, &["terms of O of B last at most 1000 years"]));
    assert_eq!(codes(&at_most), Vec::<&str>::new());
}

#[test]
fn an_open_term_on_the_last_day_of_the_calendar_is_measured_exactly() {
    let term = "term of X as O of B from 9999-12-31.\n";
    let rules = ["terms of O of B last exactly 1 days", "terms of O of B last at most 0 days"];
    let report = as_of(&with_rules(term, &rules), "9999-12-31");
    let broken = with_code(&report, "violation::term-length");
    assert_eq!(broken.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(broken[0].rule.as_deref(), Some("r1"));
    let months = "term of X as O of B from 9999-12-01 to 9999-12-31.\n";
    let report = check(&with_rules(months, &["terms of O of B last exactly 1 months"]));
    assert!(report.diagnostics[0].message.contains("not exactly 1 months (which end beyond 9999-12-31)"));
}

#[test]
fn a_vacancy_on_the_last_day_of_the_calendar_is_found() {
    let term = "term of X as O of B from 2000-01-01 to 9999-12-31.\n";
    let report = as_of(&with_rules(term, &["O of B is never vacant"]), "9999-12-31");
    let vacant = with_code(&report, "violation::vacancy");
    assert_eq!(vacant.len(), 1, "{:?}", report.diagnostics);
    assert!(vacant[0].message.ends_with("vacant from 9999-12-31 to 9999-12-31"));
    let first = "term of X as O of B from 0000-01-02 to 0000-01-03.\n";
    let rules =
        ["O of B is never vacant from 0000-01-01 until 0000-01-01", "O of B is never vacant from 0000-01-01"];
    let report = check(&with_rules(first, &rules));
    let vacant: Vec<&str> = with_code(&report, "violation::vacancy").iter().map(|d| &d.message[..]).collect();
    // An empty window examines no day; *now*, the term's end, is examined.
    let days = ["0000-01-01 to 0000-01-01", "0000-01-03 to 0000-01-03"];
    assert_eq!(vacant, days.map(|d| format!("O of B is vacant from {d}")));
}

#[test]
fn the_views_at_the_end_of_the_calendar_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let record = "body B.\nmembers of B: A, C.\nproposal p: resolve \"x\" in B.\n\
                  9999-12-30: A supports p.\n9999-12-31: C opposes p.\n\
                  rule r: adopting p requires unanimity.\nrule d: some proposal in B is adopted by 9999-12-31.\n";
    std::fs::write(dir.path().join("end.facts"), record).unwrap();
    let svg = dir.path().join("end.svg");
    for args in [
        vec!["check", "--as-of", "9999-12-31"],
        vec!["status", "p", "--as-of", "9999-12-31"],
        vec!["timeline", "p", "--as-of", "9999-12-31", "--svg", svg.to_str().unwrap()],
    ] {
        let out = concord(&[&args[..], &["end.facts"]].concat(), dir.path());
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {out:?}");
    }
    roxmltree::Document::parse(&std::fs::read_to_string(svg).unwrap()).expect("well-formed SVG");
}

// "Did you mean" among many names.

/// Distinct made-up names of `len` letters, capitalised so that none is a keyword.
fn made_up_names(count: usize, len: usize, seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::new();
    while names.len() < count {
        let name: String = (0..len)
            .map(|i| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let letter = (b'a' + (state >> 33) as u8 % 26) as char;
                if i == 0 {
                    letter.to_ascii_uppercase()
                } else {
                    letter
                }
            })
            .collect();
        if seen.insert(name.clone()) {
            names.push(name);
        }
    }
    names
}

#[test]
fn thousands_of_misspelt_members_each_get_their_suggestion() {
    let mut members = made_up_names(8_000, 8, 13);
    // Two letters swapped: one edit from the member, and from no other.
    members.retain(|m| m[3..4] != m[4..5]);
    members.sort();
    let mut record =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", members.join(", "));
    for m in &members {
        let mut typo: Vec<char> = m.chars().collect();
        typo.swap(3, 4);
        let typo: String = typo.into_iter().collect();
        record.push_str(&format!("2024-01-01: {typo} supports p.\n"));
    }
    let report = check(&record);
    let errors = with_code(&report, "name::undeclared-member");
    assert_eq!(errors.len(), members.len());
    for (error, member) in errors.iter().zip(&members) {
        assert_eq!(
            error.help.as_deref(),
            Some(format!("did you mean `{member}`?").as_str()),
            "{}",
            error.message
        );
    }
}

#[test]
fn thousands_of_unknown_names_beside_thousands_of_skipped_statements() {
    let n = 40_000;
    let mut record = String::from("body B.\nmembers of B: A.\nproposal p: resolve \"x\" in B.\n");
    for i in 0..n {
        // A syntax error (a misspelt verb): the statement is skipped, its names kept.
        record.push_str(&format!("2024-01-01: Ghost{i} suports p.\n2024-01-02: Ghost{i} supports p.\n"));
        record.push_str(&format!("2024-01-02: Stray{i} supports p.\n"));
    }
    let report = check(&record);
    assert_eq!(with_code(&report, "syntax::unexpected").len(), n);
    let unknown = with_code(&report, "name::undeclared-member");
    assert_eq!(unknown.len(), n, "only the names in no skipped statement");
    assert!(unknown.iter().all(|d| d.message.starts_with("Stray")));
}

// Who must still be convinced, on large bodies and many rules.

fn status_of(record: &str) -> concord::views::status::Status {
    let analysis = concord::analyse_text(&[("case.facts", record)], &Options::default());
    let proposal = concord::views::find_proposal(&analysis.model, "p").unwrap();
    concord::views::status::status(&analysis.model, proposal)
}

#[test]
fn unanimity_in_a_body_of_100_000_asks_exactly_every_member_who_does_not_support() {
    let members: Vec<String> = (0..100_000).map(|i| format!("M{i:06}")).collect();
    let mut record =
        format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", members.join(", "));
    let mut holdouts = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match i % 3 {
            0 => record.push_str(&format!("2024-01-01: {m} supports p.\n")),
            1 => record.push_str(&format!("2024-01-01: {m} opposes p.\n")),
            _ => {}
        }
        if i % 3 != 0 {
            holdouts.push(m.as_str());
        }
    }
    record.push_str("rule r: adopting p requires unanimity.\n");
    let status = status_of(&record);
    let rule = &status.rules[0];
    let convince: Vec<&str> = rule.convince.as_ref().unwrap().iter().map(|m| m.member.as_str()).collect();
    assert_eq!(convince, holdouts);
    assert!(rule.smallest && !rule.search_stopped);
    let text = concord::views::status::render_text(&status);
    assert!(text.contains(&format!("to pass, {} members must still be convinced:", holdouts.len())));
}

#[test]
fn many_rules_of_many_alternatives_share_one_budget_and_say_when_it_ran_out() {
    // 60 groups of 5 members, none supporting: any one group is a smallest set.
    let groups: Vec<Vec<String>> = (0..60).map(|g| (0..5).map(|k| format!("G{g}m{k}")).collect()).collect();
    let all: Vec<String> = groups.concat();
    let mut record = format!("body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n", all.join(", "));
    for (g, names) in groups.iter().enumerate() {
        record.push_str(&format!("group G{g} of B: {}.\n", names.join(", ")));
    }
    let any_group: Vec<String> = (0..60).map(|g| format!("all G{g} support")).collect();
    for r in 0..9 {
        record.push_str(&format!("rule r{r}: adopting p requires {}.\n", any_group.join(" or ")));
    }
    let status = status_of(&record);
    assert_eq!(status.rules.len(), 9);
    assert!(status.rules.iter().any(|r| r.search_stopped), "the shared budget runs out");
    for rule in &status.rules {
        let convince: Vec<String> =
            rule.convince.as_ref().unwrap().iter().map(|m| m.member.clone()).collect();
        // One of the groups, found without the search: it is a smallest set, proven or not.
        assert!(groups.contains(&convince), "{}: {convince:?}", rule.rule);
        assert_eq!(rule.smallest, !rule.search_stopped);
    }
    let text = concord::views::status::render_text(&status);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("(a set that works; the search stopped at its budget, and a smaller set may exist)")
    );
}
