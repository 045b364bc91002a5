//! Writes a generated workload: `cargo run --release --example workload -- DIR MEMBERS
//! PROPOSALS POSITIONS [SEED]` creates DIR/rules/bench.rules and DIR/facts/bench.facts.

#[path = "../benches/workload.rs"]
mod workload;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |n: usize, default: usize| args.get(n).and_then(|a| a.parse().ok()).unwrap_or(default);
    let dir = std::path::PathBuf::from(args.first().map_or("workload", String::as_str));
    let size = workload::Size {
        members: number(1, 1_000),
        proposals: number(2, 1_000),
        positions: number(3, 1_000_000),
        seed: number(4, 1) as u64,
    };
    for sub in ["rules", "facts"] {
        std::fs::create_dir_all(dir.join(sub)).expect("create the workload directory");
    }
    std::fs::write(dir.join("rules/bench.rules"), workload::rules()).expect("write rules");
    std::fs::write(dir.join("facts/bench.facts"), workload::facts(size)).expect("write facts");
}
