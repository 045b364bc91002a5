//! `--watch`: runs a command again whenever one of its input files changes, clearing a
//! terminal between runs, until interrupted.

use super::{output, Status};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Editors save in bursts (a temporary file, a rename, a touch): one run per burst.
const SETTLE: Duration = Duration::from_millis(200);

/// Runs `once`, then again after every change under `paths`; returns only when the
/// watch cannot go on (a path cannot be watched, or nobody reads the output any more).
pub fn run(paths: &[PathBuf], mut once: impl FnMut() -> Status) -> Status {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(SETTLE, None, tx) {
        Ok(d) => d,
        Err(e) => return failed(&format!("cannot watch files: {e}")),
    };
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut listening = Vec::new();
    loop {
        // A directory created since the last run (`facts` in a new record) is listened to
        // from now on, and all below it.
        let new: Vec<_> = watched(paths).into_iter().filter(|w| !listening.contains(w)).collect();
        for (path, mode) in new {
            if let Err(e) = debouncer.watch(&path, mode) {
                return failed(&format!("cannot watch {}: {e}", path.display()));
            }
            listening.push((path, mode));
        }
        clear_terminal();
        let status = once();
        if output::reader_gone() {
            return status;
        }
        output::stderr_line(&format!("watching {} for changes; press Ctrl-C to stop", names.join(", ")));
        if !next_change(&rx, paths) {
            return status;
        }
    }
}

/// Where to listen: a directory and all below it; for a file, or a path not there yet,
/// the folder that holds it, since editors replace a file by renaming another over it.
fn watched(paths: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
    let mut watched: Vec<(PathBuf, RecursiveMode)> = paths
        .iter()
        .map(|p| match p.is_dir() {
            true => (p.clone(), RecursiveMode::Recursive),
            false => (folder_of(p), RecursiveMode::NonRecursive),
        })
        .collect();
    watched.sort();
    watched.dedup();
    watched
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Waits for a change to an input: a `.rules` or `.facts` file, or a path named on the
/// command line (a file is read whatever its name, as `check` does, and a folder may be
/// created after the run that missed it); false when the watcher has stopped.
fn next_change(rx: &mpsc::Receiver<DebounceEventResult>, paths: &[PathBuf]) -> bool {
    // Every named path, whatever it is now: a folder created since the last run is one.
    let named: Vec<PathBuf> = paths.iter().map(|p| absolute(p)).collect();
    for events in rx {
        match events {
            Ok(events) if events.iter().any(|e| changes_input(e, &named)) => return true,
            Ok(_) => {}
            Err(errors) => errors
                .iter()
                .for_each(|e| output::stderr_line(&format!("warning: while watching files: {e}"))),
        }
    }
    false
}

/// Whether an event changed an input; reading one (as every run does) is no change.
fn changes_input(event: &DebouncedEvent, named: &[PathBuf]) -> bool {
    let is_input = |path: &PathBuf| {
        let source = matches!(path.extension().and_then(|e| e.to_str()), Some("rules" | "facts"));
        source || named.contains(&absolute(path))
    };
    !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(is_input)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Clears the screen and its scrollback, so that each run reads as the only one.
fn clear_terminal() {
    let mut out = std::io::stdout();
    if out.is_terminal() {
        let _ = out.write_all(b"\x1b[H\x1b[2J\x1b[3J").and_then(|()| out.flush());
    }
}

fn failed(message: &str) -> Status {
    output::stderr_line(&format!("error: {message}"));
    Status::Failed
}
