//! `--format sarif` is a valid SARIF 2.1.0 log, checked against the official schema.

use std::path::{Path, PathBuf};
use std::process::Command;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap();
    // The published file's `language` pattern ends in a bare `]`, a literal in ECMAScript
    // that strict engines refuse; escaping it keeps its meaning.
    let text = text.replace("{2}-[a-zA-Z]{2}]?$", "{2}-[a-zA-Z]{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the official schema compiles")
}

fn sarif(paths: &[&Path]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["check", "--format", "sarif"])
        .args(paths)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// Every directory of cases that holds Concord files itself, in sorted order.
fn case_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let mut todo = vec![PathBuf::from("tests/cases")];
    while let Some(dir) = todo.pop() {
        let entries: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        if entries.iter().any(|p| p.is_file() && p.extension().is_some_and(|e| e == "facts" || e == "rules"))
        {
            dirs.push(dir);
        }
        todo.extend(entries.into_iter().filter(|p| p.is_dir()));
    }
    dirs.sort();
    dirs
}

#[test]
fn every_case_gives_a_log_valid_against_the_schema() {
    let validator = schema();
    assert!(!validator.is_valid(&serde_json::json!({ "runs": [] })), "a log without version is refused");
    let mut runs = vec![vec![Path::new("rules"), Path::new("facts")]];
    let dirs = case_dirs();
    runs.extend(dirs.iter().map(|d| vec![d.as_path()]));
    for paths in runs {
        let log = sarif(&paths);
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
    }
}

#[test]
fn one_result_per_diagnostic_with_the_code_as_rule_id() {
    let dir = Path::new("tests/cases/syntax");
    let log = sarif(&[dir]);
    let json = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (r, d) in results.iter().zip(diagnostics) {
        assert_eq!(r["ruleId"], d["code"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], d["location"]["line"]);
        assert_eq!(region["startColumn"], d["location"]["column"]);
        let rule = &log["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
    }
}
