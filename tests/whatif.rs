//! What-ifs through the binary: `--retract` and `--assume` on `check`, `status` and
//! `timeline`, on a small Council record where Austria changed its vote.

use std::path::Path;
use std::process::{Command, Output};

const COUNCIL: &str = "body Council.
members of Council: Austria, Belgium, Croatia.
proposal p: resolve \"Directive\" in Council.
2024-03-01: Austria, Belgium and Croatia support p [Agence Europe, 2024-03-01].
2024-03-10: Austria opposes p [Der Standard, 2024-03-10].
2024-03-15: Council adopts p.
rule r: adopting p requires unanimity.
";

/// Runs `concord ARGS` on the Council record.
fn concord(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("council.facts"), COUNCIL).unwrap();
    run_in(dir.path(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord")).args(args).arg(".").current_dir(dir).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("one JSON document")
}

const AUSTRIA_OPPOSES: &str = "2024-03-10: Austria opposes p.";

#[test]
fn retracting_austrias_change_of_vote_changes_the_verdict() {
    let recorded = concord(&["check", "--format", "short"]);
    assert_eq!(recorded.status.code(), Some(1), "{}", stdout(&recorded));
    assert!(stdout(&recorded).contains("error[violation::decision]"));
    let retracted = concord(&["check", "--format", "short", "--retract", AUSTRIA_OPPOSES]);
    assert_eq!(retracted.status.code(), Some(0), "{}", stdout(&retracted));
    assert_eq!(stdout(&retracted), "");
}

#[test]
fn a_retract_that_matches_nothing_is_exit_2_naming_the_closest_fact() {
    let out = concord(&["check", "--format", "short", "--retract", "2024-03-11: Austria opposes p."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains(
        "<retract 1>:1:1: error[fact::retract-matches-nothing] no recorded fact is \
         `2024-03-11: Austria opposes p.`; the closest is `2024-03-10: Austria opposes p.`"
    ));
    // The rules are still checked on the record, which kept Austria's vote.
    assert!(stdout(&out).contains("error[violation::decision]"));
    let j = json(&concord(&["check", "--format", "json", "--retract", "2024-03-01: Austira supports p"]));
    let d =
        j["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "fact::retract-matches-nothing");
    let d = d.expect("the retract is reported");
    assert!(d["message"].as_str().unwrap().ends_with("the closest is `2024-03-01: Austria supports p.`"));
    assert_eq!(d["related"][0]["location"]["file"], "./council.facts");
    assert_eq!(
        (d["related"][0]["location"]["line"].as_u64(), d["related"][0]["location"]["column"].as_u64()),
        (Some(4), Some(13))
    );
}

#[test]
fn a_retract_that_does_not_parse_is_a_syntax_error_in_its_argument() {
    let out = concord(&[
        "check",
        "--format",
        "short",
        "--retract",
        AUSTRIA_OPPOSES,
        "--retract",
        "2024-03-10: Austria oposes p",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("<retract 2>:1:21: error[syntax::unexpected]"), "{}", stdout(&out));
    let rule =
        concord(&["check", "--format", "short", "--retract", "rule r: adopting p requires unanimity."]);
    assert!(
        stdout(&rule).contains("<retract 1>:1:1: error[fact::retract-not-a-fact] a rule cannot be retracted")
    );
}

#[test]
fn the_full_stop_may_be_left_out_of_assume_and_retract() {
    let out = concord(&["check", "--format", "short", "--assume", "2024-03-12: Austria supports p"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = concord(&["check", "--format", "short", "--retract", "2024-03-10: Austria opposes p  "]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A mistake before the left-out full stop is still found where it was written.
    let out = concord(&["check", "--format", "short", "--assume", "2024-03-12: Austria suports p"]);
    assert!(stdout(&out).contains("<assume 1>:1:21: error[syntax::unexpected]"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("missing-period"));
}

#[test]
fn status_marks_assumed_positions_and_lists_retracted_facts() {
    let args = [
        "status",
        "p",
        "--retract",
        AUSTRIA_OPPOSES,
        "--assume",
        "2024-03-12: Croatia abstains on p [guess]",
    ];
    let out = concord(&args);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Under the header (whose tally takes two lines here), before the members.
    assert_eq!(lines[3], "retracted: 2024-03-10: Austria opposes p.", "{text}");
    assert!(lines.contains(&"  abstain  Croatia  since 2024-03-12 (assumed)  [guess]"), "{text}");
    assert!(lines.contains(&"  support  Austria  since 2024-03-01  [Agence Europe, 2024-03-01]"), "{text}");
    let j = json(&concord(&[&args[..], &["--format", "json"]].concat()));
    assert_eq!(j["retracted"], serde_json::json!(["2024-03-10: Austria opposes p."]));
    let croatia = j["members"].as_array().unwrap().iter().find(|m| m["member"] == "Croatia").unwrap();
    assert_eq!(croatia["assumed"], true);
    let austria = j["members"].as_array().unwrap().iter().find(|m| m["member"] == "Austria").unwrap();
    assert_eq!(austria.get("assumed"), None, "only assumed facts carry the field");
    let plain = json(&concord(&["status", "p", "--format", "json"]));
    assert_eq!(plain.get("retracted"), None, "a run without what-ifs prints what it printed before");
}

#[test]
fn timeline_marks_assumed_changes_and_decisions_and_lists_retracted_facts() {
    let args = [
        "timeline",
        "p",
        "--retract",
        "2024-03-15: Council adopts p",
        "--assume",
        "2024-03-12: Croatia opposes p",
        "--assume",
        "2024-03-20: Council rejects p.",
        "--assume",
        "2024-03-05: Denmark joins Council.",
    ];
    let text = stdout(&concord(&args));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[3], "retracted: 2024-03-15: Council adopts p.", "{text}");
    assert!(lines.contains(&"           now oppose: Croatia (assumed)"), "{text}");
    assert!(lines.contains(&"           rejected on 2024-03-20 (assumed)"), "{text}");
    assert!(lines.contains(&"           now oppose: Austria"), "{text}");
    assert!(lines.contains(&"           joined: Denmark (assumed)"), "{text}");
    let j = json(&concord(&[&args[..], &["--format", "json"]].concat()));
    assert_eq!(j["retracted"], serde_json::json!(["2024-03-15: Council adopts p."]));
    assert_eq!(
        j["decision"],
        serde_json::json!({"outcome": "rejected", "date": "2024-03-20", "assumed": true})
    );
    let changes: Vec<&serde_json::Value> =
        j["steps"].as_array().unwrap().iter().flat_map(|s| s["changes"].as_array().unwrap()).collect();
    let assumed: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.get("assumed").is_some())
        .map(|c| (c["member"].as_str().unwrap(), c["to"].as_str().unwrap()))
        .collect();
    assert_eq!(assumed, [("Denmark", "none"), ("Croatia", "oppose")]);
    assert!(changes.iter().all(|c| c.get("assumed").is_none_or(|a| a == true)));
}

#[test]
fn retracting_one_member_of_a_list_keeps_the_others() {
    let j =
        json(&concord(&["status", "p", "--format", "json", "--retract", "2024-03-01: Belgium supports p."]));
    let stance = |name: &str| {
        let m = j["members"].as_array().unwrap().iter().find(|m| m["member"] == name).unwrap();
        (m["stance"].as_str().unwrap().to_string(), m["since"].as_str().map(str::to_string))
    };
    assert_eq!(stance("Belgium"), ("none".into(), None));
    assert_eq!(stance("Croatia"), ("support".into(), Some("2024-03-01".into())));
    assert_eq!(stance("Austria"), ("oppose".into(), Some("2024-03-10".into())));
    // Two names at once are two facts, each retracted from the list.
    let j = json(&concord(&[
        "status",
        "p",
        "--format",
        "json",
        "--retract",
        "2024-03-01: Croatia and Belgium support p.",
    ]));
    assert_eq!(j["tally"]["support"], 0);
    assert_eq!(
        j["retracted"],
        serde_json::json!(["2024-03-01: Croatia supports p.", "2024-03-01: Belgium supports p."])
    );
}

#[test]
fn sources_and_layout_are_ignored_in_the_comparison() {
    for retract in [
        "2024-03-10: Austria opposes p [Der Standard, 2024-03-10].",
        "2024-03-10: Austria opposes p [another source].",
        "2024-03-10 :  \"Austria\"   opposes \"p\"",
        "2024-03-10: Austria oppose p.",
    ] {
        let out = concord(&["check", "--format", "short", "--retract", retract]);
        assert_eq!(out.status.code(), Some(0), "{retract}: {}", stdout(&out));
    }
}

#[test]
fn assumed_facts_are_not_retracted() {
    let out = concord(&[
        "check",
        "--format",
        "short",
        "--assume",
        "2024-03-12: Austria supports p.",
        "--retract",
        "2024-03-12: Austria supports p.",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("error[fact::retract-matches-nothing]"), "{}", stdout(&out));
}

/// The commands of docs/cli.md's section on what-ifs, each with the output it shows:
/// `(args, output)` for every ```text block there that starts with `$ concord`.
fn documented_commands() -> Vec<(Vec<String>, String)> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md")).unwrap();
    let start = doc.find("### `--assume FACT` and `--retract FACT`").expect("the section");
    let section = &doc[start..start + doc[start..].find("\n### ").unwrap()];
    let mut found = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let indent = line.len() - line.trim_start().len();
        if line.trim() != "```text" {
            continue;
        }
        let block: Vec<&str> =
            lines.by_ref().take_while(|l| l.trim() != "```").map(|l| &l[indent.min(l.len())..]).collect();
        if let Some(command) = block.first().and_then(|l| l.strip_prefix("$ concord ")) {
            let output: String = block[1..].iter().map(|l| format!("{l}\n")).collect();
            found.push((shell_words(command), output));
        }
    }
    found
}

/// Words of a command line as a shell splits them, for words in double quotes or none.
fn shell_words(command: &str) -> Vec<String> {
    command.split('"').enumerate().fold(Vec::new(), |mut words, (n, piece)| {
        match n % 2 {
            1 => words.push(piece.to_string()),
            _ => words.extend(piece.split_whitespace().map(str::to_string)),
        }
        words
    })
}

#[test]
fn the_documented_what_ifs_print_what_the_docs_show() {
    let commands = documented_commands();
    assert_eq!(commands.len(), 4, "every example of the section is found");
    for (args, output) in commands {
        let out = Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(stdout(&out), output, "concord {args:?}");
    }
}

#[test]
fn a_position_of_uncertain_day_or_of_a_whole_body_is_retracted_by_its_own_form() {
    let dir = tempfile::tempdir().unwrap();
    let facts = "body B.\nmembers of B: Ann, Ben, Cy.\nproposal p: resolve \"x\" in B.\n\
        2024-04-02..2024-04-28: members of B except Cy support p [analysis].\n\
        2024-04: Cy opposes p.\n2024-05-01: B adopts p.\nrule r: adopting p requires unanimity.\n";
    std::fs::write(dir.path().join("r.facts"), facts).unwrap();
    let short = |args: &[&str]| {
        let mut all = vec!["check", "--format", "short"];
        all.extend_from_slice(args);
        run_in(dir.path(), &all)
    };
    assert_eq!(short(&[]).status.code(), Some(1), "Cy opposes");
    let out = short(&["--retract", "2024-04: Cy opposes p"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 of 3 members support"), "{}", stdout(&out));
    let out = short(&["--retract", "2024-04-02..2024-04-28: members of B except Cy support p"]);
    assert!(stdout(&out).contains("0 of 3 members support"), "{}", stdout(&out));
    // Another day is another fact, and so is another list of exceptions.
    let out = short(&["--retract", "2024-04-01..2024-04-28: members of B except Cy support p"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    for except in ["except Ben", "except Cy and Ben", ""] {
        let fact = format!("2024-04-02..2024-04-28: members of B {except} support p");
        let out = short(&["--retract", &fact]);
        assert_eq!(out.status.code(), Some(2), "{fact}: {}", stdout(&out));
        let closest = "the closest is `2024-04-02..2024-04-28: members of B except Cy support p.`";
        assert!(stdout(&out).contains(closest), "{}", stdout(&out));
    }
}

/// A one-member position of uncertain day is retracted by its own days only, not by
/// either end of them.
#[test]
fn a_members_position_of_uncertain_day_is_retracted_by_its_days() {
    let dir = tempfile::tempdir().unwrap();
    let facts = "body B.\nmembers of B: Ann, Ben.\nproposal p: resolve \"x\" in B.\n\
        2024-04-01: Ann and Ben support p.\n2024-04-02..2024-04-09: Ann opposes p.\n\
        2024-05-01: B adopts p.\nrule r: adopting p requires unanimity.\n";
    std::fs::write(dir.path().join("r.facts"), facts).unwrap();
    let retract = |fact: &str| run_in(dir.path(), &["check", "--format", "short", "--retract", fact]);
    let out = retract("2024-04-02..2024-04-09: Ann opposes p");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    for other in
        ["2024-04-09: Ann opposes p", "2024-04-02: Ann opposes p", "2024-04-02..2024-04-08: Ann opposes p"]
    {
        let out = retract(other);
        assert_eq!(out.status.code(), Some(2), "{other}: {}", stdout(&out));
        assert!(stdout(&out).contains("retract-matches-nothing"), "{other}: {}", stdout(&out));
    }
}
