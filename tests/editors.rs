//! `editors/`: the TextMate grammar names every keyword the parser reserves, and the VS
//! Code manifest names files that exist.

use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn editors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("editors")
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Every word in the grammar's `match` patterns.
fn words_matched(value: &Value, out: &mut HashSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("match", Value::String(pattern)) => {
                        out.extend(pattern.split(|c: char| !c.is_ascii_alphabetic()).map(str::to_string))
                    }
                    _ => words_matched(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| words_matched(v, out)),
        _ => {}
    }
}

#[test]
fn the_grammar_highlights_every_keyword() {
    let grammar = json(&editors().join("concord.tmLanguage.json"));
    assert_eq!(grammar["scopeName"], "source.concord");
    let mut words = HashSet::new();
    words_matched(&grammar, &mut words);
    let missing: Vec<&&str> = concord::syntax::keywords().iter().filter(|k| !words.contains(**k)).collect();
    assert!(missing.is_empty(), "keywords missing from the grammar: {missing:?}");
}

#[test]
fn the_vscode_manifest_names_the_language_the_grammar_and_the_client() {
    let dir = editors().join("vscode");
    let manifest = json(&dir.join("package.json"));
    let language = &manifest["contributes"]["languages"][0];
    assert_eq!(language["id"], "concord");
    assert_eq!(language["extensions"], serde_json::json!([".facts", ".rules"]));
    let grammar = &manifest["contributes"]["grammars"][0];
    assert_eq!(grammar["scopeName"], "source.concord");
    // The grammar is read through the link in the extension's folder.
    let path = dir.join(grammar["path"].as_str().unwrap());
    assert_eq!(json(&path)["scopeName"], "source.concord");
    for file in [&manifest["main"], &language["configuration"]] {
        assert!(dir.join(file.as_str().unwrap()).is_file(), "{file}");
    }
    json(&dir.join("language-configuration.json"));
    let client = std::fs::read_to_string(dir.join("extension.js")).unwrap();
    assert!(client.contains(r#"args: ["lsp"]"#));
}
