//! docs/tutorial.md stays true: every ```console block is run and its output compared, and
//! every ```concord block that names a file under examples/tutorial/ matches that file.
//!
//! A console block is one command, `$ concord ARGS...` (run from the crate root, with
//! NO_COLOR=1, arguments split on white space outside double quotes), then its exact standard output, then a line
//! `[exit status N]`. With UPDATE_TUTORIAL=1 the test rewrites the blocks of the doc from the
//! real output and the real files instead of failing, for wording changes to be taken in.

use std::path::PathBuf;
use std::process::Command;

const DOC: &str = "docs/tutorial.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fenced block of the doc.
struct Block {
    /// What follows the opening fence: `console`, `concord`, `sh`...
    info: String,
    /// The doc's lines (counted from 0) of the first line of content and of the closing
    /// fence; `start` is also the opening fence's line counted from 1, for messages.
    start: usize,
    end: usize,
    /// The content, line ends included.
    text: String,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(info) = lines[i].trim_end().strip_prefix("```") {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim_end() != "```" {
                end += 1;
            }
            assert!(end < lines.len(), "{DOC}:{}: unclosed code block", i + 1);
            out.push(Block { info: info.trim().to_string(), start, end, text: lines[start..end].concat() });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The words of a command as a shell splits them: on white space, except inside double
/// quotes (the only quoting the tutorial uses).
fn shell_words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for c in command.chars() {
        match c {
            '"' => (quoted, started) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => (word.push(c), started = true).0,
        }
    }
    assert!(!quoted, "unclosed quote in `{command}`");
    words.extend(started.then_some(word));
    words
}

/// Runs `$ concord ...` and renders what the block should say.
fn run(command: &str, at: usize) -> String {
    let args = shell_words(command);
    assert_eq!(
        args.first().map(String::as_str),
        Some("concord"),
        "{DOC}:{at}: a console block runs `concord`"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(&args[1..])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{DOC}:{at}: `{command}` wrote to standard error:\n{stderr}");
    assert!(stdout.is_empty() || stdout.ends_with('\n'), "{DOC}:{at}: output ends without a line end");
    let status = out.status.code().expect("concord exits with a status");
    format!("$ {command}\n{stdout}[exit status {status}]\n")
}

/// What a block should contain, or None if the test does not check it.
fn expected(block: &Block) -> Option<String> {
    let at = block.start;
    match block.info.as_str() {
        "console" => {
            let first = block.text.lines().next().unwrap_or("");
            let command = first.strip_prefix("$ ").unwrap_or_else(|| panic!("{DOC}:{at}: starts with `$ `"));
            let more = block.text.lines().skip(1).any(|line| line.starts_with("$ "));
            assert!(!more, "{DOC}:{at}: one command per console block");
            Some(run(command, at))
        }
        "concord" => {
            let first = block.text.lines().next().unwrap_or("");
            let path = first.strip_prefix("# ")?.split(':').next()?;
            if !path.starts_with("examples/tutorial/") {
                return None;
            }
            let text = std::fs::read_to_string(root().join(path))
                .unwrap_or_else(|e| panic!("{DOC}:{at}: {path}: {e}"));
            Some(text)
        }
        _ => None,
    }
}

/// Where a block first differs from what it should say, then the whole of what it should say.
fn difference(block: &Block, want: &str) -> String {
    let (mut have_lines, mut want_lines) = (block.text.lines(), want.lines());
    let mut n = 0;
    let (have, want_line) = loop {
        match (have_lines.next(), want_lines.next()) {
            (Some(a), Some(b)) if a == b => n += 1,
            (None, None) => break ("(the same lines, but white space or line ends differ)", ""),
            (a, b) => break (a.unwrap_or("(end of block)"), b.unwrap_or("(end of output)")),
        }
    };
    format!(
        "{DOC}:{}: the doc says\n  {have}\nbut it should say\n  {want_line}\n---- the whole block should be\n{want}",
        block.start + n + 1
    )
}

#[test]
fn every_command_of_the_tutorial_prints_what_the_tutorial_shows() {
    let path = root().join(DOC);
    let doc = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = doc.split_inclusive('\n').collect();
    let blocks = blocks(&lines);
    let update = std::env::var_os("UPDATE_TUTORIAL").is_some_and(|v| v == "1");

    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut rewritten = String::new();
    let mut next = 0;
    for block in &blocks {
        let Some(want) = expected(block) else { continue };
        checked += 1;
        if block.text != want {
            wrong.push(difference(block, &want));
        }
        rewritten.push_str(&lines[next..block.start].concat());
        rewritten.push_str(&want);
        next = block.end;
    }
    rewritten.push_str(&lines[next..].concat());

    assert!(checked >= 5, "the tutorial shows its files and commands ({checked} blocks checked)");
    if update {
        if rewritten != doc {
            std::fs::write(&path, rewritten).unwrap();
            eprintln!("{DOC}: {} block(s) rewritten", wrong.len());
        }
    } else {
        assert!(
            wrong.is_empty(),
            "{}\n\n{} block(s) differ; rerun with UPDATE_TUTORIAL=1 to rewrite them",
            wrong.join("\n\n"),
            wrong.len()
        );
    }
}
