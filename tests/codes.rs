//! Diagnostic codes are stable and documented: every code the program can emit has an
//! `explain` entry, and docs/diagnostics.md is exactly what those entries say.

use concord::report::codes::{Code, CODES};
use std::path::Path;

/// Every `"stage::name"` literal in the sources under `dir`.
fn codes_in_sources(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            codes_in_sources(&path, found);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            let Some((stage, name)) = piece.split_once("::") else { continue };
            let stages = ["syntax", "name", "fact", "rule", "violation", "file"];
            let is_code = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
            if stages.contains(&stage) && is_code {
                found.push(piece.to_string());
            }
        }
    }
}

#[test]
fn every_code_the_program_emits_is_explained() {
    let mut found = Vec::new();
    codes_in_sources(Path::new("src"), &mut found);
    found.sort();
    found.dedup();
    assert!(found.len() > 40, "the scan finds the codes: {found:?}");
    let missing: Vec<&String> = found.iter().filter(|c| concord::report::codes::find(c).is_none()).collect();
    assert!(missing.is_empty(), "codes without an explanation: {missing:?}");
}

fn section(c: &Code) -> String {
    let mut out = format!("## `{}`\n\n{}\n\n", c.code, c.explanation);
    if !c.example.is_empty() && c.code != "syntax::invalid-utf8" {
        out.push_str(&format!("```concord-error\n{}\n```\n\n", c.example));
    }
    out.push_str(&format!("**Fix:** {}\n\n", c.fix));
    out
}

/// The page, made from the same entries `concord explain` prints.
fn diagnostics_page() -> String {
    let mut page = String::from(
        "# Diagnostics\n\n\
         Every diagnostic has a stable code, `STAGE::NAME`. The stage says what kind of problem it is:\n\n\
         | stage | severity | what it means |\n| --- | --- | --- |\n\
         | `syntax` | error | the text is not Concord; the statement is skipped and reading goes on |\n\
         | `file` | error or warning | a path could not be read, or was skipped |\n\
         | `name` | error or warning | a name that is not declared, or declared twice, or that looks like another |\n\
         | `fact` | error or warning | facts that contradict each other |\n\
         | `rule` | error or warning | a rule that cannot be checked as written |\n\
         | `violation` | the rule's own | a rule that the facts break |\n\n\
         Errors of every stage but `violation` mean the input could not be fully checked (exit \
         status 2); violations at error severity give exit status 1. `concord explain CODE` prints \
         the entry below for one code.\n\n\
         This page is generated from `src/report/codes.rs` by `tests/codes.rs` \
         (`UPDATE_DOCS=1 cargo test --test codes` rewrites it).\n\n",
    );
    for c in CODES {
        page.push_str(&section(c));
    }
    page.truncate(page.trim_end().len());
    page.push('\n');
    page
}

#[test]
fn docs_list_every_code_as_explain_does() {
    let path = Path::new("docs/diagnostics.md");
    let wanted = diagnostics_page();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &wanted).unwrap();
    }
    let page = std::fs::read_to_string(path).unwrap_or_default();
    assert!(page == wanted, "docs/diagnostics.md is out of date: run UPDATE_DOCS=1 cargo test --test codes");
}
