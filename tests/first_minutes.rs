//! Issue 17, "the first ten minutes": where a newcomer steps off the documented path,
//! every dead end says what to do next. Each test runs the binary as a user would and
//! snapshots what they see: standard output, standard error and the exit status.

mod common;

use common::{command, dir_with, root};
use std::path::Path;

/// What a user sees of `concord ARGS` run in `dir`: the command, its standard output,
/// its standard error (when not empty) and its exit status.
fn seen(args: &[&str], dir: &Path) -> String {
    seen_with(args, dir, &[])
}

fn seen_with(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> String {
    let mut cmd = command(args, dir);
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap();
    let mut text = format!("$ concord {}\n{}", args.join(" "), String::from_utf8_lossy(&out.stdout));
    if !out.stderr.is_empty() {
        text.push_str(&format!("--- stderr\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    text.push_str(&format!("[exit status {}]\n", out.status.code().unwrap_or(-1)));
    text
}

/// A small record: a board of three, one proposal adopted and one open.
const BOARD: &str = "body Board.\nmembers of Board: Ana, Ben, Cid.\n\
proposal budget: resolve \"Budget 2024\" in Board.\nproposal bylaws: resolve \"New bylaws\" in Board.\n\
2024-01-01: Ana supports budget.\n2024-01-02: Board adopts budget.\n";

#[test]
fn explain_accepts_a_short_code_and_suggests_close_ones() {
    let out = seen(&["explain", "decision"], &root());
    assert!(out.starts_with("$ concord explain decision\nviolation::decision\n"), "{out}");
    assert!(out.ends_with("[exit status 0]\n"), "{out}");
    let mut text = String::new();
    for args in [&["explain", "decison"][..], &["explain", "number-too-large"], &["explain", "nonsense"]] {
        text.push_str(&seen(args, &root()));
    }
    insta::assert_snapshot!("explain_unknown_and_ambiguous", text);
}

#[test]
fn explain_without_a_code_lists_every_code_with_its_summary() {
    let out = seen(&["explain"], &root());
    for code in concord::report::codes::CODES {
        assert!(out.contains(&format!("\n{}\n", code.code)), "{} is listed", code.code);
    }
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    insta::assert_snapshot!("explain_list", out);
}

#[test]
fn status_without_a_proposal_lists_the_proposals() {
    let dir = dir_with(&[("board.facts", BOARD)]);
    // A file in the place of the proposal is read, as a newcomer would expect.
    let mut text = seen(&["status", "board.facts"], dir.path());
    text.push_str(&seen(&["status", "--format", "json", "--as-of", "2024-01-01", "."], dir.path()));
    insta::assert_snapshot!("status_list", text);
    insta::assert_snapshot!("status_list_shipped", seen(&["status"], &root()));
}

#[test]
fn status_of_an_unknown_proposal_suggests_by_prefix_and_by_spelling() {
    let mut text = seen(&["status", "rutte"], &root());
    text.push_str(&seen(&["status", "Rute_sg"], &root()));
    let dir = dir_with(&[("board.facts", BOARD)]);
    text.push_str(&seen(&["status", "b", "board.facts"], dir.path()));
    insta::assert_snapshot!("status_unknown", text);
}

#[test]
fn check_in_a_folder_without_rules_and_facts_says_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = seen(&["check"], dir.path());
    text.push_str(&seen(&["status"], dir.path()));
    text.push_str(&seen(&["check", "missing.facts"], dir.path()));
    assert!(!text.contains("╭"), "no empty snippet: {text}");
    insta::assert_snapshot!("check_without_rules_and_facts", text);
}

/// A rule of the board whose condition is `CONDITION`.
fn board_rule(condition: &str) -> String {
    format!("{BOARD}rule r: adopting proposals in Board requires {condition}.\n")
}

#[test]
fn a_condition_written_as_people_say_it_gets_the_concord_condition_as_help() {
    let mut text = String::new();
    for condition in ["majority", "2/3 of members support", "two thirds", "majority of votes cast"] {
        let dir = dir_with(&[("board.rules", &board_rule(condition))]);
        text.push_str(&seen(&["check", "board.rules"], dir.path()));
        text.push_str(&seen(&["check", "--format", "short", "board.rules"], dir.path()));
    }
    insta::assert_snapshot!("condition_hints", text);
}

#[test]
fn the_short_format_keeps_did_you_mean() {
    let text = format!("{BOARD}2024-01-01: Bne supports bylaws.\n");
    let dir = dir_with(&[("board.facts", &text)]);
    insta::assert_snapshot!("short_did_you_mean", seen(&["check", "--format", "short", "."], dir.path()));
}

/// A record whose only finding is a warning-severity violation.
const WARNING_ONLY: &str = "body B.\nmembers of B: Ana, Ben.\nproposal p: resolve \"x\" in B.\n\
2024-01-01: Ana supports p.\n2024-01-02: B adopts p.\nrule r (warning): adopting p requires unanimity.\n";

#[test]
fn quiet_with_deny_warnings_shows_the_warnings_that_fail_the_run() {
    let dir = dir_with(&[("case.rules", WARNING_ONLY)]);
    let mut text = seen(&["check", "-q", "--deny", "warnings", "."], dir.path());
    text.push_str(&seen(&["check", "-q", "--deny", "warnings", "--format", "short", "."], dir.path()));
    text.push_str(&seen(&["check", "-q", "."], dir.path()));
    insta::assert_snapshot!("quiet_deny_warnings", text);
}

#[test]
fn a_missing_full_stop_at_the_very_end_is_labelled() {
    let dir = dir_with(&[("no-newline.facts", "body Board.\nbody Council")]);
    let mut text = seen(&["check", "no-newline.facts"], dir.path());
    let case = dir_with(&[("case.rules", WARNING_ONLY)]);
    text.push_str(&seen(&["check", "-q", "--assume", "2024-01-03: Ana supports", "."], case.path()));
    assert_eq!(text.matches("add `.` here").count(), 1, "{text}");
    assert_eq!(text.matches("╰── unexpected end of file").count(), 1, "{text}");
    insta::assert_snapshot!("missing_full_stop_at_the_end", text);
}

/// `text` without its colour sequences (`ESC [ … m`) and carriage returns.
fn without_colour(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                chars.by_ref().find(|&c| c == 'm');
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn the_coloured_report_wraps_to_the_width_of_the_terminal() {
    // `script` runs the command on a terminal of its own, here 60 columns wide.
    let binary = env!("CARGO_BIN_EXE_concord");
    let case = "tests/cases/syntax/61-two-errors-majority-and-adopted-before.rules";
    let run = format!("stty rows 24 cols 60; {binary} check {case}");
    let Ok(out) = std::process::Command::new("script")
        .args(["-qec", &run, "/dev/null"])
        .current_dir(root())
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .output()
    else {
        eprintln!("no `script` to run a terminal with; skipped");
        return;
    };
    let text = without_colour(&String::from_utf8_lossy(&out.stdout));
    if out.status.code() != Some(2) || !text.starts_with("syntax::unexpected") {
        eprintln!("`script` (util-linux) could not run the command on a terminal; skipped: {text}");
        return;
    }
    let message: Vec<&str> = text.lines().filter(|l| l.starts_with("  ×") || l.starts_with("  │")).collect();
    assert!(message.len() > 3, "the message is wrapped: {text}");
    assert!(message.iter().all(|l| l.chars().count() <= 60), "{text}");
    insta::assert_snapshot!("terminal_60_columns", text);
    // To a pipe, the same report keeps its 80 columns and no colour.
    let piped = seen(&["check", case], &root());
    assert!(
        piped.contains("  × expected a condition (`unanimity`, `consensus`, `all …`, `no …`, `at least\n")
    );
}

#[test]
fn a_day_that_is_not_in_the_calendar_says_why_on_the_command_line_and_in_files() {
    let mut text = String::new();
    for day in ["2024-02-30", "2025-13-01", "2023-02-29", "2024-5-1"] {
        text.push_str(&seen(&["check", "--as-of", day, "rules", "facts"], &root()));
    }
    let facts = "body B.\n2025-13-01: Ana joins B.\n2024-02-30: Ben joins B.\n2023-02-29: Cid joins B.\n";
    let dir = dir_with(&[("dates.facts", facts)]);
    text.push_str(&seen(&["check", "dates.facts"], dir.path()));
    insta::assert_snapshot!("no_such_day", text);
}

#[test]
fn status_on_a_day_the_body_has_no_members_says_so() {
    let record = "body B.\n2024-01-10: Ana joins B.\n2024-01-10: Ben joins B.\n\
proposal p: resolve \"x\" in B.\nproposal q: resolve \"y\" in B.\n2024-01-11: Ana supports p.\n\
2024-01-05: B adopts q.\nrule r: adopting proposals in B requires unanimity.\n";
    let dir = dir_with(&[("b.rules", record)]);
    let mut text = seen(&["status", "p", "--as-of", "2024-01-01", "b.rules"], dir.path());
    text.push_str(&seen(&["status", "q", "b.rules"], dir.path()));
    text.push_str(&seen(
        &["status", "p", "--as-of", "2024-01-01", "--format", "json", "b.rules"],
        dir.path(),
    ));
    assert!(!text.contains("would pass"), "{text}");
    insta::assert_snapshot!("status_without_members", text);
}

#[test]
fn a_typo_in_a_members_list_is_pointed_at_and_unknown_names_are_no_members() {
    let record = "body Board.\nbody Club.\nmembers of Board: Ana, Ben, Carrol.\nmembers of Club: Dan.\n\
proposal p: resolve \"x\" in Board.\n2024-01-01: Ana supports p.\n2024-01-01: Carol supports p.\n\
2024-01-02: Carol opposes p.\n2024-01-02: Zed supports p.\n2024-01-02: Dan supports p.\n\
2023-01-01: Eve joins Board.\n2023-06-01: Eve leaves Board.\n2024-01-02: Eve supports p.\n";
    let dir = dir_with(&[("board.facts", record)]);
    let mut text = seen(&["check", "board.facts"], dir.path());
    text.push_str(&seen(&["check", "--format", "short", "board.facts"], dir.path()));
    assert!(text.contains("no member of Board is named `Zed`"), "{text}");
    assert!(text.contains("Dan is never a member of Board"), "a member of another body: {text}");
    assert!(text.contains("Eve is not a member of Board on 2024-01-02"), "a real non-member: {text}");
    insta::assert_snapshot!("typo_in_members_list", text);
}

#[test]
fn sarif_names_the_version_of_the_tool_and_where_to_read_about_it() {
    let out = command(&["check", "--format", "sarif", "rules", "facts"], &root()).output().unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    // The package's homepage (else repository) in Cargo.toml, once it has one.
    let uri = concord::report::sarif_information_uri();
    assert_eq!(driver["informationUri"].as_str(), uri);
    assert_eq!(
        uri.is_some(),
        !env!("CARGO_PKG_HOMEPAGE").is_empty() || !env!("CARGO_PKG_REPOSITORY").is_empty()
    );
}

#[test]
fn timeline_svg_says_where_it_wrote_the_chart() {
    let dir = dir_with(&[("board.facts", BOARD)]);
    let text = seen(&["timeline", "budget", "--svg", "chart.svg", "board.facts"], dir.path());
    assert!(dir.path().join("chart.svg").is_file());
    insta::assert_snapshot!("timeline_svg", text);
    let mut quiet = command(&["timeline", "budget", "-q", "--svg", "chart.svg", "board.facts"], dir.path());
    assert!(quiet.output().unwrap().stderr.is_empty(), "-q says nothing more");
}

#[test]
fn the_command_table_of_the_cli_doc_is_one_table() {
    let doc = std::fs::read_to_string(root().join("docs/cli.md")).unwrap();
    let table = doc.split("## Commands\n\n").nth(1).unwrap().split("\n\n").next().unwrap();
    for command in ["check", "fmt", "explain", "status", "timeline"] {
        assert!(table.contains(&format!("| `concord {command}")), "{command} is in the table:\n{table}");
    }
}

#[test]
fn a_month_is_quoted_to_be_a_name() {
    let dir = dir_with(&[("may.facts", "body Party.\nmembers of Party: Johnson, May.\n")]);
    let mut text = seen(&["check", "may.facts"], dir.path());
    std::fs::write(dir.path().join("may.facts"), "body Party.\nmembers of Party: Johnson, \"May\".\n")
        .unwrap();
    text.push_str(&seen(&["check", "may.facts"], dir.path()));
    insta::assert_snapshot!("quoted_may", text);
}

#[test]
fn the_tutorial_shows_the_ways_out() {
    let tutorial = std::fs::read_to_string(root().join("docs/tutorial.md")).unwrap();
    for said in [
        "`concord explain decision`",
        "`concord explain` alone",
        "$ concord status examples/tutorial\n",
        "`\"May\"`",
    ] {
        assert!(tutorial.contains(said), "the tutorial says {said}");
    }
}
