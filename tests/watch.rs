//! `--watch`: a change to an input file runs the command again; other files do not.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const FACTS: &str = "body Board.\nmembers of Board: Ann, Bob.\nproposal p: resolve \"x\" in Board.\n\
                     2024-01-01: Ann supports p.\n2024-01-01: Bob supports p.\n2024-02-01: Board adopts p.\n";
const RULES: &str = "rule r: adopting p requires unanimity.\n";

/// A child killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A watching run, its standard output read line by line on a thread of its own.
struct Watching {
    _child: Killed,
    lines: Receiver<String>,
}

impl Watching {
    fn start(args: &[&str], dir: &std::path::Path) -> Watching {
        let mut child =
            common::command(args, dir).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || out.lines().map_while(Result::ok).try_for_each(|l| tx.send(l)));
        Watching { _child: Killed(child), lines }
    }

    /// One whole report: its lines before the summary line (`N errors, M warnings …`),
    /// and the summary line.
    fn report(&self) -> (String, String) {
        let mut seen = Vec::new();
        loop {
            let line = self.lines.recv_timeout(Duration::from_secs(30));
            let line = line.unwrap_or_else(|e| panic!("no summary line ({e}); saw {seen:#?}"));
            let words: Vec<&str> = line.split(' ').collect();
            if words.len() > 3 && words[0].parse::<u32>().is_ok() && words[1].starts_with("error") {
                return (seen.join("\n"), line);
            }
            seen.push(line);
        }
    }

    /// The lines up to the first that contains `end`, failing after a generous wait.
    fn until(&self, end: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.contains(end) => return seen,
                Ok(line) => seen.push(line),
                Err(e) => panic!("no line with {end:?} ({e}); saw {seen:#?}"),
            }
        }
    }

    /// Whether anything at all is printed within `wait`.
    fn quiet_for(&self, wait: Duration) -> bool {
        self.lines.recv_timeout(wait).is_err()
    }
}

#[test]
fn check_runs_again_when_a_fact_changes() {
    let dir = common::dir_with(&[("board.facts", FACTS), ("board.rules", RULES)]);
    let run = Watching::start(&["check", "--watch", "."], dir.path());
    run.until("0 errors");
    std::fs::write(dir.path().join("notes.txt"), "not an input").unwrap();
    assert!(run.quiet_for(Duration::from_millis(1500)), "a file that is no input started a run");
    let opposed = FACTS.replace("Bob supports", "Bob opposes");
    std::fs::write(dir.path().join("board.facts"), opposed).unwrap();
    let second = run.until("1 error").join("\n");
    assert!(second.contains("violation::decision") && second.contains("Bob opposes"), "{second}");
}

#[test]
fn test_runs_again_when_a_named_rules_file_is_replaced() {
    let test = "test as_decided: expect r is met.\n";
    let dir = common::dir_with(&[("board.facts", FACTS), ("board.rules", &format!("{RULES}{test}"))]);
    let run = Watching::start(&["test", "--watch", "board.facts", "board.rules"], dir.path());
    run.until("1 passed, 0 failed");
    // As editors save: a new file renamed over the old one.
    let failing = test.replace("is met", "is violated");
    std::fs::write(dir.path().join("board.rules.tmp"), format!("{RULES}{failing}")).unwrap();
    std::fs::rename(dir.path().join("board.rules.tmp"), dir.path().join("board.rules")).unwrap();
    run.until("0 passed, 1 failed");
}

#[test]
fn the_watch_stops_with_the_last_status_once_nobody_reads_its_output() {
    let dir = common::dir_with(&[("board.facts", FACTS), ("board.rules", RULES)]);
    let args = ["check", "--watch", "."];
    let mut child = Killed(
        common::command(&args, dir.path()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap(),
    );
    let out = BufReader::new(child.0.stdout.take().unwrap());
    // The first report is read, then the reading end is closed.
    let (tx, first_run) = mpsc::channel();
    std::thread::spawn(move || {
        let seen = out.lines().map_while(Result::ok).any(|l| l.contains("0 errors"));
        let _ = tx.send(seen);
    });
    assert_eq!(first_run.recv_timeout(Duration::from_secs(30)), Ok(true));
    let opposed = FACTS.replace("Bob supports", "Bob opposes");
    std::fs::write(dir.path().join("board.facts"), opposed).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.0.try_wait().unwrap() {
            assert_eq!(status.code(), Some(1), "the status of the run nobody read");
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the watch went on with nobody reading");
}

/// A new record: `check` without paths, before `facts/` exists; a fact file written into
/// it once created is read, and so is a later change to that file.
#[test]
fn a_folder_created_during_the_watch_is_watched_inside() {
    let dir = common::dir_with(&[]);
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/board.rules"), RULES).unwrap();
    let run = Watching::start(&["check", "--watch"], dir.path());
    assert!(run.report().0.contains("cannot read facts"));
    std::fs::create_dir(dir.path().join("facts")).unwrap();
    assert!(run.report().0.contains("file::empty"));
    std::fs::write(dir.path().join("facts/board.facts"), FACTS).unwrap();
    assert!(run.report().1.starts_with("0 errors"));
    std::fs::write(dir.path().join("facts/board.facts"), FACTS.replace("Bob supports", "Bob opposes"))
        .unwrap();
    let (changed, summary) = run.report();
    assert!(summary.starts_with("1 error") && changed.contains("Bob opposes"), "{changed}\n{summary}");
}
