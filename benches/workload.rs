//! A deterministic workload of Concord facts and rules, for benchmarks (shared by the
//! `workload` example, which writes it to files).

use std::fmt::Write;

/// Sizes of a generated workload.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub members: usize,
    pub proposals: usize,
    pub positions: usize,
    pub seed: u64,
}

/// A small xorshift generator: deterministic by seed, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Facts: one body of N weighted members, P proposals, E dated positions in random order
/// (each member, proposal, date and stance drawn uniformly: support twice as often as
/// oppose or withdraw) and one adoption per proposal, after every position on it.
/// Positions carry no source, so that E = 10^6 is about 36 MB as in the issue.
pub fn facts(size: Size) -> String {
    let mut rng = Rng(size.seed.max(1));
    let mut out = String::with_capacity(size.positions * 36 + size.members * 24);
    out.push_str("body Assembly.\nmembers of Assembly since 2000-01-01:");
    for m in 0..size.members {
        let sep = if m == 0 { " " } else { ", " };
        write!(out, "{sep}m{m}").unwrap();
    }
    out.push_str(".\n");
    for m in 0..size.members {
        writeln!(out, "m{m} has weight {}.", 1 + rng.below(1000)).unwrap();
    }
    for p in 0..size.proposals {
        writeln!(out, "proposal p{p}: resolve \"Resolution {p}\" in Assembly.").unwrap();
    }
    let verbs = ["supports", "supports", "opposes", "withdraws from"];
    for _ in 0..size.positions {
        let (y, d) = (2001 + rng.below(20), 1 + rng.below(28));
        let (m, p, v) = (rng.below(size.members), rng.below(size.proposals), verbs[rng.below(4)]);
        writeln!(out, "{y}-{:02}-{d:02}: m{m} {v} p{p}.", 1 + rng.below(12)).unwrap();
    }
    for p in 0..size.proposals {
        writeln!(out, "2021-{:02}-{:02}: Assembly adopts p{p}.", 1 + rng.below(12), 1 + rng.below(28))
            .unwrap();
    }
    out
}

/// The three decision rules of the performance issue.
#[allow(dead_code)] // used by the example and the whole-run benchmark, not the parse one
pub fn rules() -> &'static str {
    "rule unanimous: adopting proposals in Assembly requires unanimity.\n\
     rule two_thirds: adopting proposals in Assembly requires at least 2/3 of members support.\n\
     rule weighted: adopting proposals in Assembly\n  \
     requires at least 55% of members support and supporters hold at least 65% of weight.\n"
}
