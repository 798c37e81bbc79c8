#!/usr/bin/env bash
# Reproduce the figures in the README's "Performance" section: generate the
# synthetic registries S and M, measure the peak resident memory of
# `envplan check` against their size on disk, time the hostile inputs, then
# run the criterion benchmarks (which print the medians and ratios of that one
# run at the end).
#
#   scripts/measure.sh [WORKDIR]      # default: a new temporary directory
#   SKIP_BENCH=1 scripts/measure.sh   # memory figures only (a minute)
#   ENVPLAN_BENCH_SIZES=S,M,L scripts/measure.sh   # include L in the benchmarks (slow)
#
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-$(mktemp -d)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-target}
seed=${SEED:-42}
as_of=$(sed -n 's/^pub const AS_OF: &str = "\(.*\)";/\1/p' benches/support/generate.rs)

echo "== building (release)"
cargo build --release --locked --quiet --bin envplan --example generate
envplan="$target/release/envplan"
generate="$target/release/examples/generate"

if [ ! -x /usr/bin/time ]; then
  echo "GNU time (/usr/bin/time) is needed for peak memory: apt-get install time" >&2
  exit 2
fi

# peak_rss LABEL SIZE_BYTES COMMAND...: run it, print elapsed time, peak RSS and the ratio.
peak_rss() {
  local label=$1 bytes=$2
  shift 2
  local log
  log=$(mktemp)
  set +e
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local status=$?
  set -e
  local kb elapsed
  kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$log")
  elapsed=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  rm -f "$log"
  awk -v l="$label" -v kb="$kb" -v b="$bytes" -v e="$elapsed" -v s="$status" 'BEGIN {
    if (b > 0) printf "  %-28s exit %s  %8s wall  peak RSS %7.1f MiB  = %.2f x size on disk\n", l, s, e, kb/1024, kb*1024/b;
    else printf "  %-28s exit %s  %8s wall  peak RSS %7.1f MiB\n", l, s, e, kb/1024 }'
}

echo "== synthetic registries (seed $seed, checked as of $as_of)"
for size in S M; do
  dir="$work/reg-$size"
  rm -rf "$dir"
  "$generate" --size "$size" --out "$dir" --seed "$seed" --histogram | sed 's/^/  /'
done

echo "== peak memory of check against size on disk (du -sb)"
for size in S M; do
  dir="$work/reg-$size"
  bytes=$(du -sb "$dir" | cut -f1)
  echo "  registry $size: $bytes bytes on disk (du -sb)"
  peak_rss "check $size --format json" "$bytes" "$envplan" --registry "$dir" --as-of "$as_of" check --format json
  peak_rss "check $size (human)" "$bytes" "$envplan" --registry "$dir" --as-of "$as_of" --color never check
  peak_rss "check $size, one thread" "$bytes" env RAYON_NUM_THREADS=1 "$envplan" --registry "$dir" --as-of "$as_of" check --format json
done

echo "== hostile inputs (time and peak memory)"
for fixture in tests/fixtures/hostile-*/; do
  name=$(basename "$fixture")
  peak_rss "$name" 0 "$envplan" --registry "$fixture" --as-of "$as_of" check --format json
done

if [ -z "${SKIP_BENCH:-}" ]; then
  echo "== criterion benchmarks (cargo bench --bench registry)"
  cargo bench --locked --bench registry 2>&1 | tee "$work/bench.txt" |
    grep -v -E '^(Benchmarking|Warning|Found|  [0-9]+ \(|$)' || true
  echo "   (full output: $work/bench.txt)"
fi
