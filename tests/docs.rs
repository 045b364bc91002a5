//! The examples in the user documentation are checked: every ```concord block must read
//! without an input error, and every ```concord-error block must give a diagnostic.
//!
//! Violations (and warnings) are allowed in ```concord blocks, because many examples
//! exist to show what a violation looks like; only mistakes in the input are not.

use concord::report::{Category, Severity};
use std::path::PathBuf;

/// The documents whose examples are checked, relative to the crate root.
const DOCS: &[&str] = &["docs/language.md", "docs/cli.md", "docs/diagnostics.md"];

/// One fenced code block of a Markdown file.
struct Block {
    /// The line of the opening fence, counted from 1, for messages.
    line: usize,
    info: String,
    text: String,
}

/// Every fenced code block of `markdown`, with its info string (the first word after the
/// fence) and the line of its opening fence.
fn fenced_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(fence) = fence(line) else { continue };
        let info = line.trim_start()[fence.len()..].split_whitespace().next().unwrap_or("").to_string();
        let mut text = String::new();
        // A block runs to a closing fence of the same character, at least as long.
        for (_, inner) in lines.by_ref() {
            if fence_closes(inner, fence) {
                break;
            }
            text.push_str(inner);
            text.push('\n');
        }
        blocks.push(Block { line: n + 1, info, text });
    }
    blocks
}

/// The fence (three or more backticks or tildes) that opens a code block on this line.
fn fence(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    // Markdown allows at most three spaces of indentation before a fence.
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|x| *x == c).count();
    (len >= 3).then(|| &trimmed[..len])
}

fn fence_closes(line: &str, open: &str) -> bool {
    let trimmed = line.trim();
    let c = open.chars().next().expect("a fence is not empty");
    trimmed.len() >= open.len() && trimmed.chars().all(|x| x == c)
}

fn read(doc: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(doc);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The diagnostics of one example, read as a single file: any statement may appear in
/// any file, so facts and rules can share one block.
fn diagnostics(text: &str) -> Vec<concord::report::Diagnostic> {
    concord::check_text(&[("example.facts", text)], &concord::Options::default()).diagnostics
}

fn is_input_error(d: &concord::report::Diagnostic) -> bool {
    d.severity == Severity::Error
        && matches!(d.category, Category::Syntax | Category::Name | Category::Fact | Category::Rule)
}

/// `code at LINE:COL: message`, with the line and column inside the block.
fn describe(d: &concord::report::Diagnostic, text: &str) -> String {
    let start = (d.primary.span.start as usize).min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{} at {line}:{column} of the block: {}", d.code, d.message)
}

/// Checks every example of one document; returns a message per failing block.
fn check_doc(doc: &str) -> (usize, Vec<String>) {
    let markdown = read(doc);
    let mut failures = Vec::new();
    let mut examples = 0;
    for block in fenced_blocks(&markdown) {
        let at = format!("{doc}:{}", block.line);
        match block.info.as_str() {
            "concord" => {
                examples += 1;
                let errors: Vec<String> = diagnostics(&block.text)
                    .iter()
                    .filter(|d| is_input_error(d))
                    .map(|d| describe(d, &block.text))
                    .collect();
                if !errors.is_empty() {
                    failures.push(format!(
                        "{at}: a `concord` example has input errors (mark it `concord-error` if that is meant):\n    {}",
                        errors.join("\n    ")
                    ));
                }
            }
            "concord-error" => {
                examples += 1;
                if diagnostics(&block.text).is_empty() {
                    failures.push(format!("{at}: a `concord-error` example gives no diagnostic"));
                }
            }
            // A misspelt info string would silently leave an example unchecked.
            other if other.to_lowercase().starts_with("concord") => failures
                .push(format!("{at}: unknown info string `{other}`: use `concord` or `concord-error`")),
            _ => {}
        }
    }
    (examples, failures)
}

#[test]
fn every_example_in_the_docs_is_checked_as_marked() {
    let mut failures = Vec::new();
    for doc in DOCS {
        let (examples, mut found) = check_doc(doc);
        // A document without examples would make this test pass without checking anything.
        assert!(examples > 0, "{doc} has no ```concord example: is the fence parsing broken?");
        failures.append(&mut found);
    }
    assert!(failures.is_empty(), "{} example(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn fenced_blocks_are_found_with_their_line_and_info_string() {
    let markdown = "text\n```concord\nbody NATO.\n```\n\n````concord-error\n```\nbody\n````\n~~~\nx\n~~~\n";
    let blocks = fenced_blocks(markdown);
    let found: Vec<(usize, &str, &str)> =
        blocks.iter().map(|b| (b.line, b.info.as_str(), b.text.as_str())).collect();
    assert_eq!(
        found,
        vec![(2, "concord", "body NATO.\n"), (6, "concord-error", "```\nbody\n"), (10, "", "x\n")]
    );
}

#[test]
fn an_input_error_is_told_apart_from_a_violation() {
    let valid = "body B.\nmembers of B: X, Y.\nproposal p: resolve \"p\" in B.\n\
                 2024-01-01: X supports p.\n2024-01-02: B adopts p.\nrule r: adopting p requires unanimity.\n";
    let found = diagnostics(valid);
    assert_eq!(found.iter().map(|d| d.code).collect::<Vec<_>>(), ["violation::decision"]);
    assert!(!found.iter().any(is_input_error));
    assert!(diagnostics("body members.\n").iter().any(is_input_error));
}
