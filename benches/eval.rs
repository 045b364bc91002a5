//! Resolution and evaluation on a generated workload, apart from parsing
//! (`cargo bench --bench eval`): `resolve` builds the model from syntax trees (names
//! interned, facts checked, positions sorted), `check` evaluates the three decision
//! rules of the issue, `check_one_rule` only the unanimity rule.

mod workload;

use concord::source::{FileId, SourceMap};
use divan::Bencher;

fn main() {
    divan::main();
}

struct Input {
    sources: SourceMap,
    files: Vec<concord::syntax::ast::File>,
}

fn input(members: usize, positions: usize, rules: &str) -> Input {
    let size = workload::Size { members, proposals: 1_000, positions, seed: 7 };
    let mut sources = SourceMap::default();
    let mut files = Vec::new();
    for (n, text) in [workload::facts(size), rules.to_string()].into_iter().enumerate() {
        sources.add(format!("{n}"), text.as_str());
        files.push(concord::syntax::parse(&text, FileId(n as u32)).0);
    }
    Input { sources, files }
}

const ONE_RULE: &str = "rule unanimous: adopting proposals in Assembly requires unanimity.\n";

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn resolve(bencher: Bencher, positions: usize) {
    let input = input(1_000, positions, workload::rules());
    bencher.bench(|| concord::model::resolve(&input.files, &input.sources, None));
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn check(bencher: Bencher, positions: usize) {
    let input = input(1_000, positions, workload::rules());
    let (model, _) = concord::model::resolve(&input.files, &input.sources, None);
    bencher.bench(|| concord::check::check(&model));
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn check_one_rule(bencher: Bencher, positions: usize) {
    let input = input(1_000, positions, ONE_RULE);
    let (model, _) = concord::model::resolve(&input.files, &input.sources, None);
    bencher.bench(|| concord::check::check(&model));
}
