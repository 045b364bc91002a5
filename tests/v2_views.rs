//! Language version 2 in the views: `status` and `timeline` of a proposal some of whose
//! positions have an uncertain day show ranges over the worlds.

mod common;
use common::{concord, dir_with, stdout};

/// Six allies; four support in an uncertain span of April, X on 2024-04-29, Y never.
const RECORD: &str = "body B.\n\
    members of B: A1, A2, A3, A4, X, Y.\n\
    proposal p: resolve \"x\" in B.\n\
    2024-04-02..2024-04-28: members of B except X, Y support p.\n\
    2024-04-29: X supports p.\n\
    rule all_agree: adopting p requires unanimity.\n";

fn run(args: &[&str]) -> std::process::Output {
    let dir = dir_with(&[("b.concord", RECORD)]);
    let mut all = args.to_vec();
    all.push("b.concord");
    let out = concord(&all, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_slice(&run(&all).stdout).expect("one JSON document")
}

#[test]
fn status_mid_interval_shows_the_range_and_the_certain_holdouts() {
    let text = stdout(&run(&["status", "p", "--as-of", "2024-04-15"]));
    assert!(text.contains("0–4 of 6 support"), "{text}");
    assert!(text.contains("support or none A1"), "{text}");
    assert!(text.contains("none            X "), "{text}");
    assert!(text.contains("rule all_agree (error): fails in every world"), "{text}");
    assert!(text.contains("6 members must still be convinced in the worst world"), "{text}");
}

#[test]
fn status_after_every_uncertain_day_is_exact() {
    let text = stdout(&run(&["status", "p", "--as-of", "2024-05-01"]));
    assert!(text.contains("5 support, 0 oppose, 0 abstain, 1 no position (6 members)"), "{text}");
    assert!(text.contains("5 of 6"), "{text}");
    let j = json(&["status", "p", "--as-of", "2024-05-01"]);
    assert_eq!(j["tally"]["support"], 5);
    assert!(j["members"].as_array().unwrap().iter().all(|m| m.get("stances").is_none()));
    assert!(j["rules"][0].get("worlds").is_none());
}

#[test]
fn status_json_gives_min_and_max_and_each_members_stances() {
    let j = json(&["status", "p", "--as-of", "2024-04-15"]);
    assert_eq!(j["tally"]["support"], serde_json::json!({"min": 0, "max": 4}));
    assert_eq!(j["tally"]["none"], serde_json::json!({"min": 2, "max": 6}));
    assert_eq!(j["tally"]["members"], 6);
    let a1 = j["members"].as_array().unwrap().iter().find(|m| m["member"] == "A1").unwrap();
    assert_eq!(a1["stances"], serde_json::json!(["support", "none"]));
    assert_eq!(a1["stance"], "none");
    let x = j["members"].as_array().unwrap().iter().find(|m| m["member"] == "X").unwrap();
    assert!(x.get("stances").is_none());
    assert_eq!(j["rules"][0]["worlds"], "no");
    assert_eq!(j["rules"][0]["passes"], false);
}

#[test]
fn timeline_shows_the_range_from_the_first_possible_day() {
    let text = stdout(&run(&["timeline", "p"]));
    let line =
        |day: &str| text.lines().find(|l| l.starts_with(day)).unwrap_or_else(|| panic!("{day}: {text}"));
    assert!(line("2024-04-02").contains("0–4 for"), "{text}");
    assert!(line("2024-04-28").contains("  4 for"), "{text}");
    assert!(line("2024-04-29").contains("  5 for"), "{text}");
    let j = json(&["timeline", "p"]);
    assert_eq!(j["steps"][0]["counts"]["support"], serde_json::json!({"min": 0, "max": 4}));
    assert_eq!(j["steps"][1]["counts"]["support"], 4);
}

#[test]
fn timeline_svg_draws_the_supporters_band_behind_the_steps() {
    let dir = dir_with(&[("b.concord", RECORD)]);
    let out = concord(&["timeline", "p", "--svg", "chart.svg", "b.concord"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let svg = std::fs::read_to_string(dir.path().join("chart.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let classes: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("class")).collect();
    let band = classes.iter().position(|c| *c == "supporters-band").expect("a band");
    let line = classes.iter().position(|c| *c == "supporters").unwrap();
    assert!(band < line, "the band stands behind the supporters' steps");
}

/// A decided proposal whose members' latest positions depend on uncertain days, under a
/// weighted double majority and a rule with `not`: each figure as a range, each verdict
/// over the worlds, and the days of each uncertain position as written.
#[test]
fn status_of_a_decided_proposal_judges_weighted_and_negated_rules_over_the_worlds() {
    let case = common::root().join("tests/cases/check/uncertain-days");
    let facts = std::fs::read_to_string(case.join("council.facts")).unwrap();
    let rules = std::fs::read_to_string(case.join("council.rules")).unwrap()
        + "rule nobody_opposes: adopting nature requires not (at least 1 member oppose).\n\
           rule not_unanimous: adopting nature requires not unanimity.\n";
    let dir = dir_with(&[("council.facts", &facts), ("council.rules", &rules)]);
    let out = concord(&["status", "nature", "."], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("when it was adopted: 3–5 of 5 support, 0–2 oppose"), "{text}");
    assert!(
        text.contains(
            "support or oppose Austria  as the day of its position of 2024-06-01..2024-06-30 falls"
        ),
        "{text}"
    );
    assert!(text.contains("support           Croatia  since 2024-05-02..2024-05-30"), "{text}");
    assert!(
        text.contains("34.37%–100.00% of\n    population held by members who support; met in some worlds"),
        "{text}"
    );
    for rule in ["council_double", "nobody_opposes", "not_unanimous"] {
        assert!(
            text.contains(&format!("rule {rule} (error): may not have been met (in some worlds)")),
            "{text}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&concord(&["status", "nature", "--format", "json", "."], dir.path()).stdout)
            .unwrap();
    let worlds: Vec<&str> =
        json["rules"].as_array().unwrap().iter().map(|r| r["worlds"].as_str().unwrap()).collect();
    assert_eq!(worlds, ["some"; 4]);
    assert_eq!(json["tally"]["oppose"], serde_json::json!({"min": 0, "max": 2}));
}
