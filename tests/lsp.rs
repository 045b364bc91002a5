//! `concord lsp` end to end: the binary is started as an editor starts it, and spoken to
//! over standard input and output with Content-Length framed JSON-RPC messages.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long any answer may take before the test fails (a check of a small record takes
/// milliseconds; CI machines are slow).
const PATIENCE: Duration = Duration::from_secs(20);

const FACTS: &str = "\
body NATO.
office \"Secretary General\" of NATO.
members of NATO since 1949-08-24: Belgium, Hungary.
1952-02-18: Türkiye joins NATO.

proposal rutte_sg: appoint Rutte as \"Secretary General\" of NATO.
2024-02-22: Belgium supports rutte_sg [Politico Europe, 2024-02-22].
2024-03-05: Hungary opposes rutte_sg [Reuters, 2024-03-05].
2024-04-29: Türkiye supports rutte_sg [NOS, 2024-04-29].
term of Rutte as \"Secretary General\" of NATO from 2024-10-01.
";

const RULES: &str = "\
rule sg_unanimity: adopting appointments to \"Secretary General\" of NATO
  requires unanimity
  because \"NATO takes this decision by consensus of all allies\".
";

/// A running `concord lsp`, its messages read on a thread of their own.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else, oldest first.
    pending: Vec<Value>,
    next_id: i64,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Server { child, stdin, messages, pending: Vec::new(), next_id: 1 }
    }

    /// Started, initialized with `dir` as the root, and its first diagnostics read.
    fn initialized(dir: &Path) -> Server {
        let mut server = Server::start(dir);
        let result = server.request("initialize", json!({ "rootUri": uri(dir), "capabilities": {} }));
        assert_eq!(result["serverInfo"]["name"], "concord");
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The whole response to a request.
    fn respond(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The result of a request, which must not fail.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.respond(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The first message that `wanted` accepts; the others are kept for later.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(n) = self.pending.iter().position(&wanted) {
            return self.pending.remove(n);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self.messages.recv_timeout(left).expect("concord lsp answered in time");
            if wanted(&message) {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for a file, at a version of its open document
    /// (`None` for a file not open): those of earlier versions are stale.
    fn diagnostics(&mut self, uri: &str, version: Option<i32>) -> Vec<Value> {
        let published = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"].as_str() == Some(uri)
                && m["params"]["version"] == json!(version)
        };
        let message = self.wait(published);
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        let document = json!({ "uri": uri, "languageId": "concord", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        let params = json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "text": text }],
        });
        self.notify("textDocument/didChange", params);
    }

    /// Sends `shutdown` and `exit`, and returns the exit code.
    fn stop(mut self) -> Option<i32> {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    fn exit_code(mut self) -> Option<i32> {
        drop(self.stdin.take());
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("concord lsp did not exit");
    }
}

/// One framed message, or `None` at the end of the output.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A workspace of `rules/nato.rules` and `facts/nato.facts`, with their URIs.
fn workspace() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::create_dir_all(root.join("facts")).unwrap();
    std::fs::write(root.join("rules/nato.rules"), RULES).unwrap();
    std::fs::write(root.join("facts/nato.facts"), FACTS).unwrap();
    let (facts, rules) = (uri(&root.join("facts/nato.facts")), uri(&root.join("rules/nato.rules")));
    (dir, facts, rules)
}

/// A server initialized on a new [`workspace`], with the URIs of its facts and rules.
fn started() -> (tempfile::TempDir, Server, String, String) {
    let (dir, facts, rules) = workspace();
    let server = Server::initialized(dir.path());
    (dir, server, facts, rules)
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

/// The line and UTF-16 column of the start of `word` in the `n`th line of a text.
fn find(text: &str, line: usize, word: &str) -> (u32, u32) {
    let l = text.lines().nth(line).unwrap();
    let before = &l[..l.find(word).unwrap()];
    (line as u32, before.encode_utf16().count() as u32)
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": line, "character": end } })
}

#[test]
fn diagnostics_follow_the_text_as_it_is_typed() {
    let (_dir, mut server, facts, rules) = started();
    // The record is clean: both files are published empty.
    assert_eq!(server.diagnostics(&facts, None), Vec::<Value>::new());
    assert_eq!(server.diagnostics(&rules, None), Vec::<Value>::new());
    server.open(&facts, FACTS);
    assert_eq!(server.diagnostics(&facts, Some(1)), Vec::<Value>::new());

    // A misspelt member after a non-ASCII name: columns count UTF-16 units.
    let typo = format!("{FACTS}2024-06-01: Türkiye and Turkey support rutte_sg.\n");
    server.change(&facts, 2, &typo);
    let found = server.diagnostics(&facts, Some(2));
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d["code"], "name::undeclared-member");
    assert_eq!(d["source"], "concord");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["message"], "no member of NATO is named `Turkey`");
    let (line, start) = find(&typo, 10, "Turkey");
    assert_eq!((line, start), (10, 24));
    assert_eq!(d["range"], range(line, start, start + 6));
    let help = &d["relatedInformation"][0];
    assert_eq!(help["message"], "help: did you mean `Türkiye`?");
    assert_eq!(help["location"]["uri"], facts.as_str());

    // The rule file's diagnostics change with the facts: the adoption breaks unanimity,
    // with a secondary label in the rules file.
    let adopted = format!("{FACTS}2024-06-26: NATO adopts rutte_sg.\n");
    server.change(&facts, 3, &adopted);
    let found = server.diagnostics(&facts, Some(3));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "violation::decision");
    assert_eq!(found[0]["range"], range(10, 0, 33));
    let related: Vec<&Value> = found[0]["relatedInformation"].as_array().unwrap().iter().collect();
    let in_rules = related.iter().find(|r| r["location"]["uri"] == rules.as_str()).unwrap();
    assert_eq!(in_rules["message"], "2 of 3 members support; all 3 required");
    assert_eq!(in_rules["location"]["range"], range(1, 11, 20));

    // Fixed again: the file's list is published empty.
    server.change(&facts, 4, FACTS);
    assert_eq!(server.diagnostics(&facts, Some(4)), Vec::<Value>::new());
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn hover_tells_the_tally_the_member_and_the_rule() {
    let (_dir, mut server, facts, rules) = started();
    let hover = |server: &mut Server, line: u32, word: &str| {
        let (line, column) = find(FACTS, line as usize, word);
        let result = server.request("textDocument/hover", at(&facts, line, column + 1));
        assert_eq!(result["contents"]["kind"], "markdown");
        result["contents"]["value"].as_str().unwrap().to_string()
    };
    let proposal = hover(&mut server, 8, "rutte_sg");
    assert!(proposal.contains("2 support, 1 oppose, 0 abstain, 0 no position"), "{proposal}");
    insta::assert_snapshot!("hover_proposal", proposal);
    let member = hover(&mut server, 8, "Türkiye");
    insta::assert_snapshot!("hover_member", member);
    let result = server.request("textDocument/hover", at(&rules, 0, 8));
    insta::assert_snapshot!("hover_rule", result["contents"]["value"].as_str().unwrap());
    // Once adopted, the rule's hover gives the violation.
    server.open(&facts, &format!("{FACTS}2024-06-26: NATO adopts rutte_sg.\n"));
    let result = server.request("textDocument/hover", at(&rules, 0, 8));
    let rule = result["contents"]["value"].as_str().unwrap();
    assert!(
        rule.contains(
            "violated as of 2024-10-01, once:\n  error violation::decision: `rutte_sg` was adopted"
        ),
        "{rule}"
    );
    // A group's names.
    server.change(&facts, 2, &format!("{FACTS}group holdouts of NATO: Hungary.\n"));
    let result = server.request("textDocument/hover", at(&facts, 10, 7));
    assert_eq!(result["contents"]["value"], "```text\ngroup holdouts of NATO:\n  Hungary\n```");
    // Nothing under the cursor: no hover.
    assert_eq!(server.request("textDocument/hover", at(&facts, 4, 0)), Value::Null);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn definition_and_references_find_the_names() {
    let (_dir, mut server, facts, rules) = started();
    // From a position after `Türkiye` on its line, to the proposal's declaration.
    let (line, column) = find(FACTS, 8, "rutte_sg");
    let found = server.request("textDocument/definition", at(&facts, line, column + 2));
    assert_eq!(found, json!([{ "uri": facts, "range": range(5, 9, 17) }]));
    // A member goes to where it joins.
    let (line, column) = find(FACTS, 8, "Türkiye");
    let found = server.request("textDocument/definition", at(&facts, line, column));
    assert_eq!(found, json!([{ "uri": facts, "range": range(3, 12, 19) }]));
    // The office, from the rule in the other file.
    let found = server.request("textDocument/definition", at(&rules, 0, 48));
    assert_eq!(found, json!([{ "uri": facts, "range": range(1, 7, 26) }]));

    let references = |server: &mut Server, (line, column): (u32, u32), include: bool| {
        let mut params = at(&facts, line, column);
        params["context"] = json!({ "includeDeclaration": include });
        let found = server.request("textDocument/references", params);
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(references(&mut server, (5, 10), true), [5, 6, 7, 8]);
    assert_eq!(references(&mut server, (5, 10), false), [6, 7, 8]);
    // Rutte is declared nowhere: its first use stands for the declaration.
    let rutte = find(FACTS, 5, "Rutte");
    assert_eq!(references(&mut server, rutte, true), [5, 9]);
    assert_eq!(references(&mut server, rutte, false), [9]);
    // `NATO` is used in both files.
    let mut params = at(&facts, 0, 6);
    params["context"] = json!({ "includeDeclaration": true });
    let found = server.request("textDocument/references", params);
    let in_rules = found.as_array().unwrap().iter().filter(|l| l["uri"] == rules.as_str()).count();
    assert_eq!((found.as_array().unwrap().len(), in_rules), (7, 1));
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn formatting_is_what_fmt_writes() {
    let (_dir, mut server, facts, _) = started();
    let messy = "body   NATO .\nmembers of NATO : Belgium,Hungary,\n  Türkiye.\n# kept\nproposal p : resolve \"x\" in NATO.\n";
    server.open(&facts, messy);
    let params =
        json!({ "textDocument": { "uri": facts }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = server.request("textDocument/formatting", params.clone());
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["range"],
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 5, "character": 0 } })
    );
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("messy.facts");
    std::fs::write(&file, messy).unwrap();
    let fmt = common::concord(&["fmt", file.to_str().unwrap()], scratch.path());
    assert!(fmt.status.success(), "{}", common::stderr(&fmt));
    assert_eq!(edits[0]["newText"].as_str().unwrap(), std::fs::read_to_string(&file).unwrap());

    // Already canonical: no edit. With a syntax error: no answer, as fmt refuses.
    server.change(&facts, 2, FACTS);
    assert_eq!(server.request("textDocument/formatting", params.clone()), json!([]));
    server.change(&facts, 3, "body NATO\nbody EU.\n");
    assert_eq!(server.request("textDocument/formatting", params), Value::Null);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn completion_offers_names_and_keywords() {
    let (_dir, mut server, facts, _) = started();
    let found = server.request("textDocument/completion", at(&facts, 10, 0));
    let items = found.as_array().unwrap();
    let item = |label: &str| items.iter().find(|i| i["label"] == label).cloned();
    assert_eq!(item("rutte_sg").unwrap()["detail"], "proposal");
    assert_eq!(item("Türkiye").unwrap()["detail"], "member");
    assert_eq!(item("NATO").unwrap()["detail"], "body");
    assert_eq!(item("sg_unanimity").unwrap()["detail"], "rule");
    assert_eq!(item("supports").unwrap()["kind"], 14); // keyword
    assert!(item("members").is_some() && item("unanimity").is_some());
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn odd_requests_are_answered_without_a_crash() {
    let (_dir, mut server, facts, _) = started();
    // Unknown files, positions past the end, a document that is no file, bad parameters.
    let nowhere = "file:///nowhere/at/all.facts";
    assert_eq!(server.request("textDocument/hover", at(nowhere, 0, 0)), Value::Null);
    assert_eq!(server.request("textDocument/hover", at(&facts, 999, 999)), Value::Null);
    assert_eq!(server.request("textDocument/definition", at(&facts, 0, 4_000_000_000u32)), Value::Null);
    server.open("untitled:Untitled-1", "body X.\n2024-01-01: Nobody supports nothing.\n");
    let found = server.diagnostics("untitled:Untitled-1", Some(1));
    assert!(!found.is_empty());
    let found = server.request("textDocument/definition", at("untitled:Untitled-1", 0, 5));
    assert_eq!(found, json!([{ "uri": "untitled:Untitled-1", "range": range(0, 5, 6) }]));
    let bad = server.respond("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(bad["error"]["code"], -32602);
    let unknown = server.respond("textDocument/rename", at(&facts, 0, 0));
    assert_eq!(unknown["error"]["code"], -32601);
    // A client that sends ranges though the server asks for whole texts.
    server.open(&facts, FACTS);
    let params = json!({
        "textDocument": { "uri": facts, "version": 2 },
        "contentChanges": [
            { "range": range(10, 0, 0), "text": "2024-06-01: Türkiye and Turkey support rutte_sg.\n" },
            { "range": range(10, 19, 19), "text": ", Belgium" },
        ],
    });
    server.notify("textDocument/didChange", params);
    let found = server.diagnostics(&facts, Some(2));
    assert_eq!(found[0]["code"], "name::undeclared-member");
    assert_eq!(found[0]["range"], range(10, 33, 39));
    // A change to a document never opened, and garbage text, are taken in their stride.
    server.change("file:///never/opened.facts", 2, "x");
    server.change(&facts, 3, "\u{feff}body \"unterminated.\n\r\r\n\u{0}.");
    assert!(!server.diagnostics(&facts, Some(3)).is_empty());
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn diagnostics_along_one_long_line_are_published_in_time() {
    // 60,000 duplicate declarations on one line of 540 KB, with a character of two UTF-16
    // units in each: counting every column from the line's start took minutes.
    let (_dir, mut server, facts, _) = started();
    let line = "body 𝒳. ".repeat(60_000);
    server.open(&facts, &line);
    let found = server.diagnostics(&facts, Some(1));
    assert_eq!(found.len(), 59_999);
    let last = found.iter().find(|d| d["range"]["start"]["character"] == 59_999 * 9 + 5);
    assert_eq!(last.expect("the last duplicate, in UTF-16 units")["code"], "name::duplicate");
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let (_dir, mut server, _, _) = started();
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_code(), Some(1));
}

#[test]
fn requests_after_shutdown_are_refused() {
    let (_dir, mut server, facts, _) = started();
    assert_eq!(server.request("shutdown", Value::Null), Value::Null);
    let refused = server.respond("textDocument/hover", at(&facts, 0, 6));
    assert_eq!(refused["error"]["code"], -32600);
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_code(), Some(0));
}
