//! The one way commands write to standard output and turn the outcome into the exit
//! status: a closed pipe (`| head`) ends the output quietly, any other failed write
//! (a full disk) is status 2 with a message, since the output was lost.

use super::Status;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write found standard output closed: a watch has nobody left to run for.
static READER_GONE: AtomicBool = AtomicBool::new(false);

/// Whether standard output's reader went away during an earlier write.
pub fn reader_gone() -> bool {
    READER_GONE.load(Ordering::Relaxed)
}

/// Writes a command's whole output to standard output with `write`, flushes it, and
/// returns `status` as [`finish`] sees it; `what` names the output in a message.
pub fn to_stdout(what: &str, status: Status, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Status {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = write(&mut out).and_then(|()| out.flush());
    finish(written, &format!("{what} to standard output"), status)
}

/// The exit status once output was written: `status` if it was, or if its reader went
/// away (nobody is left to read more); else 2, saying what could not be written.
pub fn finish(written: io::Result<()>, what: &str, status: Status) -> Status {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            READER_GONE.store(true, Ordering::Relaxed);
            status
        }
        Err(e) => {
            stderr_line(&format!("error: cannot write {what}: {e}"));
            Status::Failed
        }
    }
}

/// Writes one line to standard error, with what came from the input (names, paths)
/// escaped for the terminal. Unlike `eprintln!`, a closed standard error is no reason to
/// panic: there is nowhere left to say anything.
pub fn stderr_line(line: &str) {
    let mut err = io::stderr().lock();
    let line = crate::terminal::escape(line);
    let _ = err.write_all(line.as_bytes()).and_then(|()| err.write_all(b"\n"));
}
