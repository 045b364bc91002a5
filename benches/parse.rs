//! Parse throughput on a generated facts file (`cargo bench --bench parse`), on one
//! thread and cut in two at statement ends.

mod workload;

use concord::source::FileId;
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

#[divan::bench(args = [100_000, 1_000_000], consts = [1, 2], sample_count = 20)]
fn parse_facts<const THREADS: usize>(bencher: Bencher, positions: usize) {
    let text = workload::facts(workload::Size { members: 1_000, proposals: 1_000, positions, seed: 7 });
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| concord::syntax::parse_on(divan::black_box(&text), FileId(0), THREADS));
}
