//! What-ifs: facts assumed (`--assume`) and retracted (`--retract`) on the command line.
//!
//! Each argument is read as a small file of its own, `<assume N>` or `<retract N>`, so
//! that its diagnostics point into it. Assumed facts are read after every file; retracted
//! facts are taken out of the files' syntax trees before the model is built (see
//! [`retract`]). The views mark both, through [`WhatIf`].

mod parts;
mod retract;

use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, SyntaxError, SyntaxErrorKind};

pub(crate) use retract::retract;

/// What a run assumed and retracted, for the views to show.
#[derive(Clone, Debug, Default)]
pub struct WhatIf {
    /// The ids of the files `<assume 1>`, `<assume 2>`, …: a fact read from one is assumed.
    assumed: std::ops::Range<u32>,
    /// Every retracted fact, in canonical form without its source, in the order given.
    pub retracted: Vec<String>,
}

impl WhatIf {
    /// Whether the fact at `span` was given by `--assume`.
    pub fn is_assumed(&self, span: Span) -> bool {
        self.assumed.contains(&span.file.0)
    }
}

/// Adds each `--assume` argument to `sources` as `<assume N>`, and returns its text (with
/// its full stop, if that was left out) to be parsed with the files, and the marks.
pub(crate) fn assume(sources: &mut SourceMap, args: &[String]) -> (Vec<(FileId, Vec<u8>)>, WhatIf) {
    let first = sources.len() as u32;
    let texts: Vec<(FileId, Vec<u8>)> = args
        .iter()
        .enumerate()
        .map(|(n, arg)| (sources.add(format!("<assume {}>", n + 1), ""), with_full_stop(arg).into_bytes()))
        .collect();
    let whatif = WhatIf { assumed: first..sources.len() as u32, retracted: Vec::new() };
    (texts, whatif)
}

/// An argument with the `.` added after its last statement when only that is missing.
/// Everything before it keeps its place, so diagnostics still point where they should.
pub(crate) fn with_full_stop(arg: &str) -> String {
    let (_, errors) = syntax::parse(arg, FileId(0));
    match errors.iter().find(|e| missing_at_end(e, arg)) {
        Some(e) => {
            let at = e.span.start as usize;
            format!("{}.{}", &arg[..at], &arg[at..])
        }
        None => arg.to_string(),
    }
}

/// A missing `.` with nothing but blanks and comments after it.
fn missing_at_end(e: &SyntaxError, text: &str) -> bool {
    let rest = text.get(e.span.start as usize..).unwrap_or("x");
    e.kind == SyntaxErrorKind::MissingPeriod
        && rest.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::with_full_stop;

    #[test]
    fn a_full_stop_is_added_only_where_the_last_statement_lacks_it() {
        assert_eq!(with_full_stop("2024-05-01: NATO adopts p"), "2024-05-01: NATO adopts p.");
        assert_eq!(with_full_stop("2024-05-01: NATO adopts p.  "), "2024-05-01: NATO adopts p.  ");
        assert_eq!(with_full_stop("body A [src]  "), "body A [src].  ");
        assert_eq!(with_full_stop("body A # note"), "body A. # note");
        assert_eq!(with_full_stop("body A\nbody B."), "body A\nbody B.");
        assert_eq!(with_full_stop("body \"A"), "body \"A");
        assert_eq!(with_full_stop(""), "");
    }
}
