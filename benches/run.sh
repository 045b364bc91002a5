#!/bin/sh
# Whole runs of `concord check --format json` on generated workloads, timed by
# /usr/bin/time -v: wall time and peak memory, the median of RUNS runs (default 5).
#
#   benches/run.sh MEMBERS PROPOSALS POSITIONS [THREADS]
#
# The workload is written once under /tmp/concord-w-MEMBERS-PROPOSALS-POSITIONS (never
# into the repository); the JSON report goes to /tmp and its size is printed.
set -eu
members=$1 proposals=$2 positions=$3 threads=${4:-2} runs=${RUNS:-5}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin concord --example workload
target=${CARGO_TARGET_DIR:-target}
dir=/tmp/concord-w-$members-$proposals-$positions
[ -d "$dir" ] || "$target/release/examples/workload" "$dir" "$members" "$proposals" "$positions" 1
facts=$(stat -c %s "$dir/facts/bench.facts")
echo "workload: N=$members P=$proposals E=$positions, facts $((facts / 1000000)) MB; threads $threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
times="" peaks=""
for _ in $(seq "$runs"); do
    CONCORD_THREADS=$threads /usr/bin/time -v "$target/release/concord" check --format json "$dir" \
        >/tmp/concord-run.json 2>/tmp/concord-time.txt || true
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' /tmp/concord-time.txt |
        awk -F: '{ print ($1 * 60) + $2 }')
    peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' /tmp/concord-time.txt)
    times="$times $wall" peaks="$peaks $peak"
done
median() { echo "$@" | tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wall=$(median $times) peak=$(median $peaks)
echo "wall s:$times  -> median $wall s, $(awk "BEGIN { printf \"%.0f\", $facts / 1e6 / $wall }") MB/s"
echo "peak KB:$peaks -> median $((peak / 1000)) MB ($(awk "BEGIN { printf \"%.2f\", $peak * 1000 / $facts }") x input)"
echo "report: $(( $(stat -c %s /tmp/concord-run.json) / 1000000 )) MB of JSON; load after $(cut -d' ' -f1-3 /proc/loadavg)"
