//! Times each stage of `concord check --format json` on some paths:
//! `cargo run --release --example stages -- PATH...`. With `JSON_REPEAT=N`, the JSON
//! report is then written N times more (to nowhere), and the median and best times are
//! printed: the report's own cost, apart from the noise of a whole run.

use concord::report::{Diagnostic, Report};
use concord::source::FileId;
use std::time::Instant;

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let mut t = Instant::now();
    let mut lap = |what: &str| {
        eprintln!("{what:>10}: {:>8.3} s {} {}", t.elapsed().as_secs_f64(), cpu(), memory());
        t = Instant::now();
    };
    // As `concord check`: large files mapped, each piece let go once parsed.
    let loaded = concord::load::load_with(&paths, Some(concord::load::MAP_MIN));
    lap("read");
    let mut report = Report::default();
    let (mut files, mut streamed) = (Vec::new(), Vec::new());
    // As `concord check`: a mapped file is checked for UTF-8 and its lines found as it is
    // parsed, piece by piece, each piece let go once parsed; flat positions go straight
    // to the model's sinks.
    for (n, bytes) in loaded.bytes.into_iter().enumerate() {
        let name = loaded.sources.get(FileId(n as u32)).name.clone();
        let file = report.sources.add(name, "");
        let sink = &concord::model::Streamed::default;
        let parsed = match bytes {
            concord::source::Raw::Mapped(map) => {
                let checking = concord::source::Checking::new(map);
                let parsed =
                    concord::syntax::parse_into(&checking, file, sink, &|piece| checking.release(piece));
                report.sources.set_decoded(file, checking.finish().ok().expect("UTF-8"));
                parsed
            }
            bytes => {
                report.sources.set_decoded(file, concord::source::Text::decode(bytes).ok().expect("UTF-8"));
                let text = report.sources.get(file).text.clone();
                concord::syntax::parse_into(&**text, file, sink, &|piece| text.release(piece))
            }
        };
        let (pieces, sinks, errors) = parsed.expect("UTF-8");
        report.diagnostics.extend(errors.into_iter().map(Diagnostic::from));
        files.extend(pieces);
        streamed.extend(sinks);
    }
    lap("parse"); // with decoding
    let (model, errors) = concord::model::resolve_streamed(files, streamed, &report.sources, None);
    report.diagnostics.extend(errors.into_iter().map(Diagnostic::from));
    lap("resolve");
    let outcome = concord::check::check(&model);
    lap("check");
    report.diagnostics.extend(outcome.violations.into_iter().map(Diagnostic::from));
    report.diagnostics.extend(outcome.errors.into_iter().map(Diagnostic::from));
    report.as_of = model.dated.then(|| model.now.to_string());
    report.sort();
    lap("convert");
    let json = concord::report::render_json(&report);
    lap("json");
    eprintln!("{} bytes of JSON", json.len());
    let repeat: usize = std::env::var("JSON_REPEAT").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut times = Vec::new();
    for _ in 0..repeat {
        let t = Instant::now();
        concord::report::write_json(&report, &mut std::io::sink()).unwrap();
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    if repeat > 0 {
        eprintln!("json to sink: median {:.4} min {:.4}", times[repeat / 2], times[0]);
    }
}

/// Resident and peak memory, from /proc (Linux; empty elsewhere); mapped files count as
/// resident where their pages are.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap_or("");
        line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).map_or(0, |kb| kb / 1000)
    };
    format!(
        "rss {:>5} MB, peak {:>5} MB (anonymous {:>5}, of files {:>5})",
        field("VmRSS:"),
        field("VmHWM:"),
        field("RssAnon:"),
        field("RssFile:")
    )
}

/// The process's CPU time so far, user and system, from /proc (Linux; empty elsewhere):
/// the difference between two stages is how busy the threads of the later one kept the
/// cores.
fn cpu() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's name, which may hold spaces, in its parentheses.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let seconds = |n: usize| fields.get(n).and_then(|t| t.parse::<f64>().ok()).map_or(0.0, |t| t / 100.0); // USER_HZ: 100 on Linux
    format!("(CPU so far {:.2} user + {:.2} system)", seconds(11), seconds(12))
}
