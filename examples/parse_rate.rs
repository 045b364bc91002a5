//! The rate of parsing one file, read into memory, into the model's sinks (as
//! `concord check` parses a large one, without mapping it), on some threads:
//! `cargo run --release --example parse_rate -- FILE [THREADS] [RUNS] [count]`. Prints
//! the best and the median of the runs, so that a change to the parser is measured apart
//! from the rest of a check. With `count`, positions go to a sink that only counts them:
//! the parser's own cost, apart from the model's sink.

use concord::source::FileId;
use concord::syntax::ast::{Position, PositionSink};
use std::time::Instant;

/// Takes positions only to count them.
#[derive(Default)]
struct Counting(usize);

impl PositionSink for Counting {
    fn position(&mut self, _: &str, _: &Position) {
        self.0 += 1;
    }
    fn end_piece(&mut self, _: &str) {}
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a file to parse");
    let mut number = |default| args.next().and_then(|n| n.parse().ok()).unwrap_or(default);
    let (threads, runs): (usize, usize) = (number(1), number(9));
    let counting = args.next().is_some_and(|a| a == "count");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| match counting {
            true => time_parse::<Counting>(&text, threads),
            false => time_parse::<concord::model::Streamed>(&text, threads),
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let mb = text.len() as f64 / 1e6;
    let (best, median) = (times[0], times[times.len() / 2]);
    let sink = if counting { "a counting sink" } else { "the model's sinks" };
    println!(
        "{mb:.0} MB into {sink} on {threads} thread(s): best {best:.3} s ({:.0} MB/s), median {median:.3} s",
        mb / best
    );
}

/// Seconds to parse `text` on `threads` into sinks of type `S`.
fn time_parse<S: PositionSink + Send + Default>(text: &str, threads: usize) -> f64 {
    // Pieces of 1 MiB, as `concord check` cuts a large file.
    let pieces = threads * (text.len() / (threads << 20)).max(1);
    let t = Instant::now();
    let parsed = concord::syntax::into_on(text, FileId(0), (threads, pieces), &S::default);
    let seconds = t.elapsed().as_secs_f64();
    std::hint::black_box(parsed);
    seconds
}
