//! Language version 2, sections C to E in the views: `status` and `timeline` of decisions
//! recorded by counts, of votes that decided nothing, and of competing proposals, as
//! users see them.

mod common;
use common::{concord, root, stdout};

fn run(args: &[&str]) -> String {
    let out = concord(args, &root());
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    stdout(&out)
}

const COMMISSION: &str = "tests/cases/check/counted-votes";

#[test]
fn status_of_an_election_by_secret_ballot_gives_the_recorded_counts() {
    insta::assert_snapshot!(run(&["status", "vdl_2019", COMMISSION]));
}

#[test]
fn status_and_timeline_show_a_straw_poll_that_decided_nothing() {
    insta::assert_snapshot!(run(&["status", "weber_2019", COMMISSION]));
    insta::assert_snapshot!(run(&["timeline", "weber_2019", COMMISSION]));
}

#[test]
fn status_json_lists_the_votes_and_the_competitors() {
    let json: serde_json::Value =
        serde_json::from_str(&run(&["status", "weber_2019", "--format", "json", COMMISSION])).unwrap();
    let votes: Vec<(String, u64)> = json["votes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["date"].as_str().unwrap().to_string(), v["support"].as_u64().unwrap()))
        .collect();
    assert_eq!(votes, [("2019-07-10".to_string(), 300), ("2019-07-17".to_string(), 380)]);
    assert_eq!(json["tally"]["members"], 747);
    assert_eq!(json["tally"]["none"], 47);
    let wto: serde_json::Value = serde_json::from_str(&run(&[
        "status",
        "okonjo_dg",
        "--format",
        "json",
        "tests/cases/check/competing",
    ]))
    .unwrap();
    assert_eq!(wto["competitors"], serde_json::json!(["yoo_dg"]));
    let united_states =
        wto["members"].as_array().unwrap().iter().find(|m| m["member"] == "United States").unwrap();
    assert_eq!(united_states["stance"], "oppose", "supporting a competitor counts as opposing");
}

#[test]
fn a_violation_computed_from_a_tally_gives_its_counts_and_no_offenders() {
    // The case has input errors too: exit status 2, and the report all the same.
    let out = concord(&["check", "--format", "json", "tests/cases/check/tally-errors"], &root());
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let violation = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "violation::decision" && d["subject"] == "a")
        .unwrap();
    assert_eq!(
        violation["counts"],
        serde_json::json!({"members": 10, "support": 6, "oppose": 4, "abstain": 0})
    );
    assert_eq!(violation["offenders"], serde_json::json!([]));
    assert!(violation["message"].as_str().unwrap().contains("6 of 10 voters support"));
}

/// Supporting a competitor counts as opposing from that day, unless the member took a
/// position of its own on the proposal on that day or later.
#[test]
fn a_position_of_its_own_on_the_day_or_later_outweighs_a_competitors_support() {
    let verdict = |own: &str| {
        let facts = format!(
            "body B.\nmembers of B: A, C.\nproposal p: resolve \"p\" in B.\nproposal q: resolve \"q\" in B.\n\
             proposals p and q compete.\n2024-01-01: A supports p.\n2024-01-05: C supports q.\n{own}\
             2024-01-10: B adopts p.\n"
        );
        let rules = "rule r: adopting p requires consensus.\n";
        let report = concord::check_text(&[("b.facts", &facts), ("r.rules", rules)], &Default::default());
        report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
    };
    assert_eq!(verdict(""), ["violation::decision"]);
    assert_eq!(
        verdict("2024-01-04: C supports p.\n"),
        ["violation::decision"],
        "an earlier one is overridden"
    );
    assert_eq!(verdict("2024-01-05: C supports p.\n"), Vec::<&str>::new(), "the same day stands");
    assert_eq!(verdict("2024-01-06: C abstains on p.\n"), Vec::<&str>::new(), "a later one stands");
}

/// A counted body of the largest size a fact can give, and one of none: every command
/// and format answers without a crash (in a debug build, arithmetic overflow would).
#[test]
fn the_largest_and_the_smallest_counted_bodies_are_reported_without_a_crash() {
    let facts = "body P.\n2019-01-01: P has 18446744073709551615 members.\n\
        proposal x: resolve \"x\" in P.\n\
        2019-02-01: P votes on x: 18446744073709551615 for and 0 against.\n2019-02-01: P adopts x.\n\
        2019-03-01: P has 0 members.\nproposal y: resolve \"y\" in P.\n\
        2019-03-02: P votes on y: 0 for and 0 against.\n2019-03-02: P adopts y.\n\
        rule r: adopting proposals in P requires at least 2/3 of voters support and unanimity of 5.\n";
    let dir = common::dir_with(&[("p.facts", facts)]);
    let svg = dir.path().join("x.svg");
    let runs: [&[&str]; 7] = [
        &["check"],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["status", "x"],
        &["status", "y", "--format", "json"],
        &["timeline", "x"],
        &["timeline", "x", "--svg", svg.to_str().unwrap()],
    ];
    for args in runs {
        let mut all = args.to_vec();
        all.push(".");
        let out = concord(&all, dir.path());
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = stdout(&concord(&["status", "x", "."], dir.path()));
    assert!(text.contains("18446744073709551615 support"), "{text}");
}
