#!/bin/sh
# How the cost of each stage grows with E (positions), N (members) and the number of
# rules, one at a time: the median over RUNS runs (default 3) of `examples/stages`.
#
#   benches/scaling.sh [THREADS]
#
# Workloads are written under /tmp/concord-w-N-P-E (never into the repository).
set -eu
threads=${1:-1} runs=${RUNS:-3}
cd "$(dirname "$0")/.."
cargo build --release --quiet --example stages --example workload
target=${CARGO_TARGET_DIR:-target}
workload() { # N P E: prints the workload's directory, writing it once
    dir=/tmp/concord-w-$1-$2-$3
    [ -d "$dir" ] || "$target/release/examples/workload" "$dir" "$1" "$2" "$3" 1
    echo "$dir"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() { # LABEL PATH...: one line of per-stage medians
    label=$1; shift
    : > /tmp/concord-stages.txt
    for _ in $(seq "$runs"); do
        CONCORD_THREADS=$threads "$target/release/examples/stages" "$@" 2>>/tmp/concord-stages.txt >/dev/null
    done
    line="| $label"
    for stage in read parse resolve check json; do
        m=$(sed -n "s/^ *$stage: *\([0-9.]*\) s/\1/p" /tmp/concord-stages.txt | median)
        line="$line | $m"
    done
    echo "$line |"
}
echo "threads $threads, load $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs runs, seconds"
echo "| workload | read | parse | resolve | check | json |"
echo "| --- | --- | --- | --- | --- | --- |"
for e in 250000 500000 1000000 2000000 4000000 8000000; do
    measure "N=1000 P=1000 E=$e" "$(workload 1000 1000 $e)"
done
for n in 1000 10000 100000; do
    measure "N=$n P=10 E=1000000" "$(workload "$n" 10 1000000)"
done
base=$(workload 1000 1000 1000000)
for k in 1 3 6; do
    rules=/tmp/concord-rules-$k
    mkdir -p "$rules"
    # The workload's three rules, cut to one or repeated under other names.
    : > "$rules/bench.rules"
    for i in $(seq "$k"); do
        case $(( (i - 1) % 3 )) in
            0) body="requires unanimity" ;;
            1) body="requires at least 2/3 of members support" ;;
            2) body="requires at least 55% of members support and supporters hold at least 65% of weight" ;;
        esac
        echo "rule r$i: adopting proposals in Assembly $body." >> "$rules/bench.rules"
    done
    measure "N=1000 P=1000 E=1000000, $k rules" "$base/facts" "$rules"
done
