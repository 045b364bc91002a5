//! Language version 2, sections A and B: uncertain dates of positions, and positions of
//! a whole body or group, read, formatted and resolved as the specification says.

mod common;
use common::{concord, dir_with, stdout};
use concord::{analyse_text, check_text, Options};
use jiff::civil::{date, Date};

const NATO: &str = "body NATO.\n\
    members of NATO: Belgium, Canada, Denmark, France, Hungary, Romania, Slovakia, Türkiye.\n\
    group holdouts of NATO: Hungary, Romania, Slovakia.\n\
    proposal p: resolve \"x\" in NATO.\n";

fn codes(text: &str) -> Vec<&'static str> {
    check_text(&[("v2.facts", text)], &Options::default()).diagnostics.iter().map(|d| d.code).collect()
}

fn model(text: &str, options: &Options) -> concord::model::Model {
    analyse_text(&[("v2.facts", text)], options).model
}

/// Every (member, day, first possible day if uncertain) of the model's positions.
fn positions(m: &concord::model::Model) -> Vec<(String, Date, Option<Date>)> {
    let first = |n: usize| m.earliest.get(n);
    m.positions.iter().enumerate().map(|(n, p)| (m.name(p.member).to_string(), p.date, first(n))).collect()
}

#[test]
fn fmt_writes_every_new_form_canonically_and_reads_it_back() {
    let written = format!(
        "{NATO}2024-04-02 .. 2024-04-28:   members of NATO except Hungary,Romania and Slovakia supports p [FT].\n\
         2024-04:Türkiye supports p.\n\
         2024 : Denmark abstains on p.\n\
         ..2024-06-20: all members of holdouts support p.\n\
         2024-06-18..2024-06-18: Slovakia withdraws from p.\n\
         2024-06-19..2024-06-20: \"Hungary\" and Romania oppose p.\n"
    );
    let canonical = format!(
        "{NATO}2024-04-02..2024-04-28: members of NATO except Hungary, Romania and Slovakia support p [FT].\n\
         2024-04: Türkiye supports p.\n\
         2024: Denmark abstains on p.\n\
         ..2024-06-20: all members of holdouts support p.\n\
         2024-06-18: Slovakia withdraws from p.\n\
         2024-06-19..2024-06-20: Hungary and Romania oppose p.\n"
    );
    let dir = dir_with(&[("v2.facts", &written)]);
    assert_eq!(concord(&["fmt", "v2.facts"], dir.path()).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join("v2.facts")).unwrap(), canonical);
    assert_eq!(concord(&["fmt", "--check", "v2.facts"], dir.path()).status.code(), Some(0));
    let out = concord(&["check", "--format", "short", "v2.facts"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let written_model = positions(&model(&written, &Options::default()));
    assert_eq!(written_model, positions(&model(&canonical, &Options::default())));
}

/// The offenders of every diagnostic of `check --format json`, with its code and message.
fn findings(files: &[(&str, &str)]) -> Vec<(String, String, serde_json::Value)> {
    let dir = dir_with(files);
    let out = concord(&["check", "--format", "json", "."], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap().iter();
    let finding =
        |d: &serde_json::Value| (d["code"].to_string(), d["message"].to_string(), d["offenders"].clone());
    diagnostics.map(finding).collect()
}

#[test]
fn a_group_position_gives_each_member_the_stance_it_would_have_written_alone() {
    let rules = "rule all_back: adopting p requires unanimity.\n\
                 rule none_against: adopting p requires consensus.\n\
                 rule three_quarters: adopting p requires at least 3/4 of members support.\n";
    let tail = "2024-06-18: Slovakia abstains on p.\n2024-06-26: NATO adopts p.\n";
    let grouped = format!(
        "{NATO}2024-04-02..2024-04-28: members of NATO except Hungary, Romania, Slovakia and Türkiye support p [FT].\n\
         2024-05: members of holdouts oppose p.\n{tail}"
    );
    let one_by_one = format!(
        "{NATO}2024-04-02..2024-04-28: Belgium, Canada, Denmark and France support p [FT].\n\
         2024-05: Hungary, Romania and Slovakia oppose p.\n{tail}"
    );
    let grouped = findings(&[("v2.facts", &grouped), ("v2.rules", rules)]);
    assert_eq!(grouped.len(), 3, "{grouped:?}");
    assert!(grouped.iter().all(|(_, _, offenders)| !offenders.as_array().unwrap().is_empty()));
    assert_eq!(grouped, findings(&[("v2.facts", &one_by_one), ("v2.rules", rules)]));
}

#[test]
fn earliest_holds_the_first_day_of_each_uncertain_position_at_its_sorted_index() {
    let text = format!(
        "{NATO}proposal q: resolve \"y\" in NATO.\n\
         2024-03: Türkiye opposes q.\n\
         2024-04-29: Türkiye supports p.\n\
         ..2024-04-10: members of holdouts oppose p.\n\
         2024: Belgium supports q.\n\
         2024-04-02..2024-04-28: Belgium and Türkiye support p.\n\
         2024-02-01: Belgium opposes p.\n"
    );
    let m = model(&text, &Options::default());
    let mut found = positions(&m);
    let all = found.len();
    found.retain(|(_, _, first)| first.is_some());
    assert_eq!(m.earliest.len(), found.len());
    let (p, q) = (&m.proposals[0].positions, &m.proposals[1].positions);
    assert_eq!((p.len() + q.len(), all), (9, 9));
    let mut expected = vec![
        ("Belgium", date(2024, 4, 28), Some(date(2024, 4, 2))),
        ("Hungary", date(2024, 4, 10), Some(Date::MIN)),
        ("Romania", date(2024, 4, 10), Some(Date::MIN)),
        ("Slovakia", date(2024, 4, 10), Some(Date::MIN)),
        ("Türkiye", date(2024, 4, 28), Some(date(2024, 4, 2))),
        ("Türkiye", date(2024, 3, 31), Some(date(2024, 3, 1))),
        ("Belgium", date(2024, 12, 31), Some(date(2024, 1, 1))),
    ];
    let key = |(name, day, _): &(String, Date, Option<Date>)| (name.clone(), *day);
    found.sort_by_key(key);
    expected.sort_by_key(|(name, day, _)| (name.to_string(), *day));
    let expected: Vec<(String, Date, Option<Date>)> =
        expected.into_iter().map(|(n, d, f)| (n.to_string(), d, f)).collect();
    assert_eq!(found, expected);
    for (n, position) in m.positions.iter().enumerate() {
        assert_eq!(m.earliest(n), m.earliest.get(n).unwrap_or(position.date));
    }
}

#[test]
fn an_uncertain_position_that_runs_past_the_decision_falls_on_or_before_it() {
    let text = format!("{NATO}2024-06: Hungary supports p.\n2024-06-26: NATO adopts p.\n");
    assert!(codes(&text).is_empty(), "{:?}", codes(&text));
    let m = model(&text, &Options::default());
    assert_eq!(positions(&m), [("Hungary".into(), date(2024, 6, 26), Some(date(2024, 6, 1)))]);
    let after = format!("{NATO}2024-07: Hungary supports p.\n2024-06-26: NATO adopts p.\n");
    assert_eq!(codes(&after), ["fact::position-after-end"]);
    let on_the_day =
        format!("{NATO}2024-06-26..2024-07-04: Hungary supports p.\n2024-06-26: NATO adopts p.\n");
    assert!(codes(&on_the_day).is_empty());
}

#[test]
fn membership_of_an_uncertain_position_is_judged_on_its_last_possible_day() {
    let joins = "body B.\nmembers of B: A.\nproposal p: resolve \"x\" in B.\n2024-04-15: C joins B.\n";
    assert!(codes(&format!("{joins}2024-04: C supports p.\n")).is_empty());
    assert_eq!(codes(&format!("{joins}2024-04-01..2024-04-14: C supports p.\n")), ["fact::not-a-member"]);
    let leaves = "body B.\nmembers of B: A, C.\nproposal p: resolve \"x\" in B.\n2024-04-15: C leaves B.\n";
    let report =
        check_text(&[("v2.facts", &format!("{leaves}2024-04: C supports p.\n"))], &Options::default());
    assert_eq!(report.diagnostics[0].message, "C is not a member of B on 2024-04-30");
    assert!(report.diagnostics[0].help.as_ref().unwrap().contains("the last day this position may fall on"));
    // A decision cuts the days, and with them the day membership is judged on.
    let decided = format!("{leaves}2024-04: C supports p.\n2024-04-10: B adopts p.\n");
    assert!(codes(&decided).is_empty(), "{:?}", codes(&decided));
}

#[test]
fn now_counts_an_uncertain_position_by_its_last_possible_day() {
    let as_of = |text: &str, options: &Options| check_text(&[("v2.facts", text)], options).as_of;
    let open = format!("{NATO}2024: Hungary supports p.\n");
    assert_eq!(as_of(&open, &Options::default()).as_deref(), Some("2024-12-31"));
    let decided = format!("{open}2024-06-26: NATO adopts p.\n");
    assert_eq!(as_of(&decided, &Options::default()).as_deref(), Some("2024-06-26"));
    // With --as-of, a position that may fall after *now* stands as possibly taken; one
    // whose every day is after *now* is left out.
    let options = Options { as_of: Some(date(2024, 6, 1)), ..Options::default() };
    let m = model(&open, &options);
    assert_eq!((m.positions.len(), m.earliest(0)), (1, date(2024, 1, 1)));
    let options = Options { as_of: Some(date(2023, 12, 31)), ..Options::default() };
    assert!(model(&open, &options).positions.is_empty());
    let options = Options { as_of: Some(date(2024, 12, 31)), ..Options::default() };
    assert_eq!(model(&open, &options).positions.len(), 1);
}

#[test]
fn only_positions_whose_days_are_certain_conflict() {
    let text = format!("{NATO}2024-04: Hungary opposes p.\n2024-04-30: Hungary supports p.\n");
    assert!(codes(&text).is_empty());
    let both = format!("{NATO}2024-04-30: Hungary opposes p.\n2024-04: Hungary abstains on p.\n2024-04-30: Hungary supports p.\n");
    assert_eq!(codes(&both), ["fact::stance-conflict"]);
}

#[test]
fn uncertain_dates_are_syntax_errors_wherever_one_day_is_needed() {
    let forms = ["2024-04", "2024", "2024-04-02..2024-04-28", "..2024-04-28"];
    let statements = [
        ("D: Sweden joins NATO.", "joins"),
        ("D: Hungary leaves NATO.", "leaves"),
        ("D: NATO adopts p.", "adopts"),
        ("D: NATO rejects p.", "rejects"),
        ("D: p is withdrawn.", "is withdrawn"),
        ("D: Hungary has population 9.", "has"),
        ("members of NATO since D: Sweden.", "since"),
        ("term of X as SG of NATO from D.", "from"),
        ("term of X as SG of NATO from 2020-01-01 to D.", "to"),
        ("rule r from D: adopting p requires consensus.", "from"),
        ("rule r until D: adopting p requires consensus.", "until"),
        ("rule r: some proposal in NATO is adopted by D.", "by"),
        ("rule r: NATO has at least 3 members on D.", "on"),
        ("rule r: SG of NATO is never vacant from D.", "from"),
    ];
    for form in forms {
        for (statement, word) in statements {
            let text = format!("{NATO}office SG of NATO.\n{}\n", statement.replace('D', form));
            let report = check_text(&[("v2.facts", &text)], &Options::default());
            let d = &report.diagnostics;
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].code, "syntax::uncertain-date", "{text}");
            let expected = format!("an uncertain date can only date a position; `{word}` needs one day");
            assert!(d[0].message.starts_with(&expected), "{text}: {}", d[0].message);
        }
    }
}

#[test]
fn an_interval_that_ends_before_it_starts_is_an_error_and_one_day_is_that_day() {
    assert_eq!(
        codes(&format!("{NATO}2024-04-28..2024-04-02: Hungary supports p.\n")),
        ["syntax::inverted-interval"]
    );
    let m = model(&format!("{NATO}2024-04-28..2024-04-28: Hungary supports p.\n"), &Options::default());
    assert_eq!(positions(&m), [("Hungary".into(), date(2024, 4, 28), None)]);
}

#[test]
fn except_names_members_of_the_set_on_that_day() {
    let text = format!(
        "{NATO}2024-01-01: Sweden joins NATO.\n\
         2023-05-01: members of NATO except Sweden support p.\n\
         2024-05-01: members of holdouts except Belgium support p.\n\
         2024-05-01: members of NATO except Hungry support p.\n\
         2024-05-01: members of holdouts except Hungary, Romania and Slovakia oppose p.\n"
    );
    let report = check_text(&[("v2.facts", &text)], &Options::default());
    let found: Vec<(&str, &str)> = report.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("fact::not-a-member", "Sweden is not a member of NATO on 2023-05-01"),
            ("fact::not-a-member", "Belgium is not one of the names of group holdouts"),
            ("name::undeclared-member", "no member of NATO is named `Hungry`"),
            ("fact::names-nobody", "`members of holdouts` names nobody on 2024-05-01"),
        ]
    );
    assert_eq!(report.diagnostics[2].help.as_deref(), Some("did you mean `Hungary`?"));
}

#[test]
fn a_diagnostic_about_an_expanded_position_names_the_member_in_its_label() {
    let text = format!("{NATO}2024-05-01: Hungary supports p.\n2024-05-01: members of holdouts oppose p.\n");
    let report = check_text(&[("v2.facts", &text)], &Options::default());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, "fact::stance-conflict");
    assert_eq!(&*report.diagnostics[0].primary.message, "Hungary: this position stands");
    assert_eq!(&*report.diagnostics[0].related[0].message, "this one is overridden");
}

#[test]
fn a_group_position_over_100_000_members_expands_in_linear_time() {
    const N: usize = 100_000;
    let names: Vec<String> = (0..N).map(|n| format!("m{n}")).collect();
    let text = format!(
        "body B.\nmembers of B: {}.\nproposal p: resolve \"x\" in B.\n\
         2024-04: members of B except m0 and m99999 support p.\n2024-04-30: B adopts p.\n",
        names.join(", ")
    );
    let started = std::time::Instant::now();
    let analysis = analyse_text(&[("big.facts", &text)], &Options::default());
    let elapsed = started.elapsed();
    assert!(analysis.report.diagnostics.is_empty(), "{:?}", &analysis.report.diagnostics[..1]);
    assert_eq!(analysis.model.positions.len(), N - 2);
    assert_eq!(analysis.model.earliest.len(), N - 2);
    // Quadratic work would take minutes here; linear work takes well under a second in
    // a release build and a few in a debug one, on a loaded machine.
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");
}

#[test]
fn earliest_stays_at_the_sorted_index_when_proposals_are_checked_on_several_threads() {
    // Enough positions for several threads (10 000 each): exact ones of members e*, and
    // one uncertain one of each member u*, spread over five proposals.
    let mut text = String::from("body B.\n");
    let members: Vec<String> =
        (0..400).map(|n| format!("e{n}")).chain((0..400).map(|n| format!("u{n}"))).collect();
    text.push_str(&format!("members of B: {}.\n", members.join(", ")));
    for p in 0..5 {
        text.push_str(&format!("proposal p{p}: resolve \"x\" in B.\n"));
    }
    for n in 0..24_000 {
        text.push_str(&format!(
            "2024-{:02}-{:02}: e{} supports p{}.\n",
            1 + n % 12,
            1 + n % 28,
            n % 400,
            n % 5
        ));
    }
    for n in 0..400 {
        text.push_str(&format!("2023-{:02}-01..2023-12-31: u{n} opposes p{}.\n", 1 + n % 12, n % 5));
    }
    let m = model(&text, &Options::default());
    assert_eq!(m.earliest.len(), 400);
    for (n, position) in m.positions.iter().enumerate() {
        let name = m.name(position.member);
        let first = m.earliest.get(n);
        match name.strip_prefix('u') {
            Some(k) => {
                let month = 1 + (k.parse::<usize>().unwrap() % 12) as i8;
                assert_eq!(
                    (position.date, first),
                    (date(2023, 12, 31), Some(date(2023, month, 1))),
                    "{name}"
                );
            }
            None => assert_eq!(first, None, "{name}"),
        }
    }
}

#[test]
fn a_file_with_the_new_forms_is_read_the_same_on_one_and_several_threads() {
    let lines = [
        "2024-04: m1 supports p.",
        "2024: m2 opposes p [a source].",
        "..2024-04-28: members of B except m1 and m2 support p.",
        "2024-04-02..2024-04-28: all members of G abstain on p.",
        "2024-04-28..2024-04-02: m3 supports p.",
        "2024-03: m4 joins B.",
    ];
    let text: String = (0..3000).map(|n| format!("{}\n", lines[n % lines.len()])).collect();
    let one = concord::syntax::parse_on(&text, concord::source::FileId(0), 1);
    for threads in [2, 3] {
        let many = concord::syntax::parse_on(&text, concord::source::FileId(0), threads);
        assert_eq!(format!("{many:?}"), format!("{one:?}"), "{threads} threads");
    }
}
