//! The JSON report, version 2 (cli.md, language-v2.md section I).
//!
//! Written by hand rather than through serde: reports of large records list millions of
//! offenders, and writing straight into one buffer (in parallel over diagnostics) is
//! several times faster than building serde's intermediate values. Fields are one to a
//! line, but each location, related label, offender, summary and counts is written on
//! one line, as in cli.md's example (arrays keep one item a line; docs/cli.md says it
//! whole): a large report is 40 % smaller than with a line for each field.

use super::{Diagnostic, Location, Report, Severity};
use crate::check::Certainty;
use crate::source::Span;
use std::fmt::Write as _;

/// About how many labels and offenders a run of diagnostics renders into one buffer
/// (some hundred kilobytes): the report of a large record is written out run by run, so
/// that it is never held whole in memory, and runs of about equal work spread over
/// threads. Buffers this small are reused while still in cache; with runs eight times
/// as large, each worker's grew to megabytes of fresh memory (medium bench: 17 000 →
/// 13 500 page faults).
const RUN_WEIGHT: usize = 2_048;

pub fn render_json(report: &Report) -> String {
    let mut out = Vec::new();
    write_json(report, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes the report to `w` as it is rendered.
pub fn write_json(report: &Report, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut out = String::with_capacity(256);
    out.push_str("{\n  \"version\": 2,\n  \"as_of\": ");
    opt_str(&mut out, report.as_of.as_deref());
    out.push_str(",\n  \"summary\": { \"files\": ");
    push_number(&mut out, report.sources.len());
    let possible =
        report.diagnostics.iter().filter(|d| matches!(d.certainty, Some(Certainty::Possible { .. }))).count();
    more_numbers(
        &mut out,
        &[
            ("facts", report.facts),
            ("rules", report.rules),
            ("errors", report.count(Severity::Error)),
            ("warnings", report.count(Severity::Warning)),
            ("infos", report.count(Severity::Info)),
            ("possible", possible),
        ],
    );
    out.push_str(" },\n  \"diagnostics\": ");
    if report.diagnostics.is_empty() {
        out.push_str("[]\n}\n");
        return w.write_all(out.as_bytes());
    }
    out.push_str("[\n");
    w.write_all(out.as_bytes())?;
    let runs = runs(&report.diagnostics);
    let threads = crate::threads::for_work(runs.len(), 1);
    if threads == 1 {
        for (n, run) in runs.iter().enumerate() {
            out.clear();
            render_run(&mut out, report, run, n > 0);
            w.write_all(out.as_bytes())?;
        }
    } else {
        write_pipelined(report, &runs, w, threads)?;
    }
    w.write_all(b"\n  ]\n}\n")
}

/// The diagnostics cut into runs of about [`RUN_WEIGHT`] labels and offenders each (a
/// diagnostic with more makes a run of its own).
fn runs(diagnostics: &[Diagnostic]) -> Vec<&[Diagnostic]> {
    let mut runs = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for (n, d) in diagnostics.iter().enumerate() {
        if weight >= RUN_WEIGHT {
            runs.push(&diagnostics[start..n]);
            (start, weight) = (n, 0);
        }
        weight += 1 + d.related.len() + d.offenders.len();
    }
    runs.push(&diagnostics[start..]);
    runs
}

/// Appends a run of diagnostics, with the separator before it unless it is the first.
fn render_run(out: &mut String, report: &Report, run: &[Diagnostic], after_another: bool) {
    let spans: Vec<Span> =
        run.iter().flat_map(|d| std::iter::once(&d.primary).chain(&d.related)).map(|l| l.span).collect();
    let mut locations = report.locate_all(&spans).into_iter();
    for (n, d) in run.iter().enumerate() {
        if n > 0 || after_another {
            out.push_str(",\n");
        }
        diagnostic(out, d, &mut locations);
    }
}

/// Renders runs on `threads` workers (run k on worker k mod threads) while the calling
/// thread writes them in order: writing a large report costs the kernel about as much
/// as rendering it, and this way the two overlap. Each worker keeps two buffers, handed
/// back and forth, so memory stays bounded and is reused rather than freshly mapped.
fn write_pipelined(
    report: &Report,
    runs: &[&[Diagnostic]],
    w: &mut impl std::io::Write,
    threads: usize,
) -> std::io::Result<()> {
    use std::sync::mpsc::{channel, sync_channel};
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for k in 0..threads {
            let (done, rendered) = sync_channel::<String>(1);
            let (give_back, spare) = channel::<String>();
            for _ in 0..2 {
                give_back.send(String::new()).expect("the receiver is alive");
            }
            scope.spawn(move || {
                for n in (k..runs.len()).step_by(threads) {
                    let Ok(mut out) = spare.recv() else { return };
                    out.clear();
                    render_run(&mut out, report, runs[n], n > 0);
                    if done.send(out).is_err() {
                        return;
                    }
                }
            });
            workers.push((rendered, give_back));
        }
        for n in 0..runs.len() {
            let (rendered, give_back) = &workers[n % threads];
            let out = rendered.recv().expect("a JSON renderer panicked");
            w.write_all(out.as_bytes())?;
            let _ = give_back.send(out);
        }
        Ok(())
    })
}

/// One diagnostic, at the indent of an item of the `diagnostics` array.
/// `locations` gives the location of each label in turn: primary, then related.
fn diagnostic<'r>(out: &mut String, d: &Diagnostic, locations: &mut impl Iterator<Item = Location<'r>>) {
    let mut next_location = || locations.next().expect("a location for every label");
    out.push_str("    {\n      \"code\": ");
    string(out, d.code);
    out.push_str(",\n      \"severity\": \"");
    out.push_str(d.severity.as_str());
    out.push_str("\",\n      \"category\": \"");
    out.push_str(match d.category {
        super::Category::Syntax => "syntax",
        super::Category::Name => "name",
        super::Category::Fact => "fact",
        super::Category::Rule => "rule",
        super::Category::Violation => "violation",
    });
    out.push_str("\",\n      \"message\": ");
    string(out, &d.message);
    out.push_str(",\n      \"rule\": ");
    opt_str(out, d.rule.as_deref());
    out.push_str(",\n      \"subject\": ");
    opt_str(out, d.subject.as_deref());
    out.push_str(",\n      \"date\": ");
    opt_str(out, d.date.as_deref());
    if let Some(certainty) = d.certainty {
        out.push_str(",\n      \"certainty\": ");
        string(out, certainty.as_str());
    }
    if let Some(c) = d.counts {
        let _ = write!(
            out,
            ",\n      \"counts\": {{ \"members\": {}, \"support\": {}, \"oppose\": {}, \"abstain\": {} }}",
            c.members, c.support, c.oppose, c.abstain
        );
    }
    out.push_str(",\n      \"location\": ");
    location(out, &next_location());
    out.push_str(",\n      \"related\": ");
    array(out, &d.related, |out, l| {
        out.push_str("{ \"message\": ");
        string(out, &l.message);
        out.push_str(", \"location\": ");
        location(out, &next_location());
        out.push_str(" }");
    });
    out.push_str(",\n      \"offenders\": ");
    array(out, &d.offenders, |out, o| {
        out.push_str("{ \"member\": ");
        string(out, &o.member);
        out.push_str(", \"stance\": ");
        string(out, o.stance);
        out.push_str(", \"since\": ");
        match o.since {
            Some(d) => {
                out.push('"');
                crate::model::push_date(out, d);
                out.push('"');
            }
            None => out.push_str("null"),
        }
        out.push_str(if o.certain { ", \"certain\": true }" } else { ", \"certain\": false }" });
    });
    out.push_str(",\n      \"help\": ");
    opt_str(out, d.full_help().as_deref());
    out.push_str(",\n      \"sources\": ");
    array(out, &d.sources, |out, s| string(out, s));
    out.push_str("\n    }");
}

/// An array member of a diagnostic: `[]`, or one item a line at the indent of its
/// members, written by `item` from the item's first character.
fn array<T>(out: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    if items.is_empty() {
        return out.push_str("[]");
    }
    out.push_str("[\n");
    for (n, x) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str("        ");
        item(out, x);
    }
    out.push_str("\n      ]");
}

/// A location object, on one line.
fn location(out: &mut String, l: &Location) {
    out.push_str("{ \"file\": ");
    string(out, l.file);
    more_numbers(out, &[("line", l.line), ("column", l.column), ("offset", l.offset), ("length", l.length)]);
    out.push_str(" }");
}

/// Appends the members `, "KEY": NUMBER` of an object written on one line.
fn more_numbers(out: &mut String, members: &[(&str, usize)]) {
    for &(key, value) in members {
        out.push_str(", \"");
        out.push_str(key);
        out.push_str("\": ");
        push_number(out, value);
    }
}

/// Appends a number in decimal, without the formatting machinery (millions of them).
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| d as char));
}

fn opt_str(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// A JSON string, escaped as serde_json does: `"`, `\`, and control characters.
fn string(out: &mut String, s: &str) {
    out.push('"');
    // Most strings need no escape: one quick scan, then one copy. The scan reads every
    // byte, without stopping early, so that it is made of vector instructions.
    let plain = !s.bytes().fold(false, |escape, b| escape | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if plain {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::{push_number, string};

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    /// Every character class serde_json escapes, escaped the same way.
    #[test]
    fn strings_escape_as_serde_json_does() {
        let all: String = (0u8..0x80).map(char::from).chain("é€𝄞\u{7f}\u{2028}".chars()).collect();
        for s in [all.as_str(), "", "plain", "a\"b\\c\nd\u{1}"] {
            let mut out = String::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}
