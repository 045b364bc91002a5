//! The analyst views on the shipped record: `status`, `timeline` (text, JSON, SVG) and
//! `--assume`, as users run them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn concord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("one JSON document")
}

#[test]
fn status_as_of_may_2024_shows_the_tally_and_who_must_be_convinced() {
    let out = concord(&["status", "rutte_sg", "--as-of", "2024-05-01"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("status_rutte_2024_05_01", stdout(&out));
    let j = json(&concord(&["status", "rutte_sg", "--as-of", "2024-05-01", "--format", "json"]));
    assert_eq!(j["tally"]["support"], 7);
    assert_eq!(j["tally"]["oppose"], 1);
    let hungary = j["members"].as_array().unwrap().iter().find(|m| m["member"] == "Hungary").unwrap();
    assert_eq!(hungary["stance"], "oppose");
    assert_eq!(hungary["since"], "2024-03-05");
    assert_eq!(hungary["source"], "Telex, 2024-03-06");
    let rule = &j["rules"][0];
    assert_eq!(rule["rule"], "sg_unanimity");
    assert_eq!(rule["passes"], false);
    let convince: Vec<&str> =
        rule["convince"].as_array().unwrap().iter().map(|m| m["member"].as_str().unwrap()).collect();
    assert_eq!(convince.len(), 25, "every ally not yet in support: {convince:?}");
    assert!(convince.contains(&"Hungary") && convince.contains(&"Romania") && convince.contains(&"Slovakia"));
    insta::assert_snapshot!(
        "status_rutte_2024_05_01_json",
        stdout(&concord(&["status", "rutte_sg", "--as-of", "2024-05-01", "--format", "json"]))
    );
}

#[test]
fn status_after_the_decision_passes_with_nobody_to_convince() {
    let j = json(&concord(&["status", "rutte_sg", "--as-of", "2024-06-26", "--format", "json"]));
    assert_eq!(j["tally"]["support"], 32);
    assert_eq!(j["decision"]["outcome"], "adopted");
    assert_eq!(j["rules"][0]["passes"], true);
    assert_eq!(j["rules"][0]["convince"], serde_json::Value::Null);
}

#[test]
fn status_of_a_vetoed_draft_names_the_one_permanent_member_to_convince() {
    let out = concord(&["status", "gaza_draft_algeria", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let j = json(&out);
    let rule = &j["rules"][0];
    assert_eq!(rule["passes"], false);
    let convince: Vec<&str> =
        rule["convince"].as_array().unwrap().iter().map(|m| m["member"].as_str().unwrap()).collect();
    assert_eq!(convince, ["United States"]);
}

#[test]
fn timeline_lists_every_change_with_a_chart_that_fits_80_columns() {
    let out = concord(&["timeline", "rutte_sg"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    insta::assert_snapshot!("timeline_rutte", text);
    let j = json(&concord(&["timeline", "rutte_sg", "--format", "json"]));
    let dates: Vec<&str> =
        j["steps"].as_array().unwrap().iter().map(|s| s["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2024-02-22",
            "2024-03-05",
            "2024-03-07",
            "2024-04-02",
            "2024-04-29",
            "2024-06-18",
            "2024-06-20",
            "2024-06-26"
        ]
    );
    assert_eq!(j["steps"][1]["changes"][0]["member"], "Hungary");
    assert_eq!(j["steps"][1]["changes"][0]["to"], "oppose");
    assert_eq!(
        j["steps"][2]["changes"][0],
        serde_json::json!({"member": "Sweden", "from": "absent", "to": "none", "source": null})
    );
    assert_eq!(j["steps"][7]["counts"]["support"], 32);
    assert_eq!(j["deadlines"][0]["date"], "2024-07-11");
    insta::assert_snapshot!(
        "timeline_rutte_json",
        stdout(&concord(&["timeline", "rutte_sg", "--format", "json"]))
    );
}

#[test]
fn timeline_svg_is_a_chart_with_steps_thresholds_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("rutte.svg");
    let out = concord(&["timeline", "rutte_sg", "--svg", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let class = |c: &str| doc.descendants().filter(|n| n.attribute("class") == Some(c)).collect::<Vec<_>>();
    let supporters = class("supporters");
    assert_eq!(supporters.len(), 1);
    // Two points at zero before the first change, then two per step: where it starts,
    // and where the next begins.
    assert_eq!(supporters[0].attribute("points").unwrap().split(' ').count(), 2 + 2 * 8);
    assert_eq!(class("opponents").len(), 1);
    assert_eq!(class("threshold").len(), 1, "one line for sg_unanimity");
    assert!(class("threshold-label")[0].text().unwrap().starts_with("sg_unanimity"));
    assert_eq!(class("decision-label")[0].text(), Some("adopted 2024-06-26"));
    assert_eq!(class("deadline-label")[0].text(), Some("deadline 2024-07-11 (sg_summit)"));
    let labels: Vec<&str> = class("axis-label").iter().filter_map(|n| n.text()).collect();
    assert_eq!(labels, ["date", "members of NATO"]);
    insta::assert_snapshot!("timeline_rutte_svg", text);
}

#[test]
fn assume_adds_a_fact_and_diagnostics_point_into_the_argument() {
    let out = concord(&[
        "check",
        "--as-of",
        "2024-05-01",
        "--assume",
        "2024-05-01: NATO adopts rutte_sg.",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let j = json(&out);
    let violation =
        j["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "violation::decision").unwrap();
    assert_eq!(violation["rule"], "sg_unanimity");
    assert_eq!(violation["location"]["file"], "<assume 1>");
    let hungary =
        violation["offenders"].as_array().unwrap().iter().find(|o| o["member"] == "Hungary").unwrap();
    assert_eq!(hungary["stance"], "oppose");
    assert_eq!(hungary["since"], "2024-03-05");
    let mistake = concord(&["check", "--assume", "2024-05-01: NATO adopt rutte_sg.", "--format", "short"]);
    assert_eq!(mistake.status.code(), Some(2));
    assert!(stdout(&mistake).contains("<assume 1>:1:18: error[syntax::unexpected]"), "{}", stdout(&mistake));
    let status = json(&concord(&[
        "status",
        "rutte_sg",
        "--assume",
        "2024-06-19: Romania supports rutte_sg.",
        "--as-of",
        "2024-06-19",
        "--format",
        "json",
    ]));
    assert_eq!(status["tally"]["support"], 10);
}

#[test]
fn unknown_proposals_and_sarif_are_refused_with_status_2() {
    let out = concord(&["status", "rute_sg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `rutte_sg`?"));
    assert_eq!(concord(&["timeline", "rutte_sg", "--format", "sarif"]).status.code(), Some(2));
}
