#!/usr/bin/env bash
# Cost of `build --append`: appending 1,000 articles to a 200,000-article store against
# building the same 1,000 articles alone (wall time of the whole process, same flags).
#
# Usage: bash scripts/bench-append.sh
#
# Environment:
#   BENCH_DIR=…          work directory (default ${TMPDIR:-/tmp}/newsgraph-bench); the corpus
#                        and the big store are kept there and reused while the binary is the same
#   APPEND_STORE=200000  articles in the store
#   APPEND_NEW=1000      articles appended
#   APPEND_FLAGS=--keep-reprints   build flags of every build ("" folds reprints: the generated
#                        corpus is then the sample's 16 stories again, a small store)
#   RUNS=5               timed runs of each; the median is printed
#
# Prints one line on stdout: append_s=… alone_s=… ratio=… store_articles=… new_articles=…
# (logs on stderr). Each append runs on a fresh copy of the store.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/newsgraph-bench}
APPEND_STORE=${APPEND_STORE:-200000}
APPEND_NEW=${APPEND_NEW:-1000}
APPEND_FLAGS=${APPEND_FLAGS---keep-reprints}
RUNS=${RUNS:-5}
BIN=$ROOT/target/release/newsgraph
WORK=$BENCH_DIR/append

log() { printf 'bench-append: %s\n' "$*" >&2; }
die() { printf 'bench-append: error: %s\n' "$*" >&2; exit 1; }
now_ns() { date +%s%N; }
# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

log "building the release binary"
cargo build --release --quiet >&2 || die "cargo build failed"
mkdir -p "$WORK"

# The corpus: the sample's articles, generated into STORE + NEW records, split in two.
sample=$WORK/sample
total=$((APPEND_STORE + APPEND_NEW))
stamp="$total $(sha256sum scripts/gen-corpus.py corpus/* | sha256sum | cut -c1-16)"
if [[ ! -f $WORK/corpus.stamp || $(cat "$WORK/corpus.stamp") != "$stamp" ]]; then
    log "generating $total articles"
    rm -rf "$sample"
    "$BIN" build corpus --out "$sample" --quiet
    python3 scripts/gen-corpus.py "$sample/articles.jsonl" "$total" "$WORK/all.jsonl"
    head -n "$APPEND_STORE" "$WORK/all.jsonl" >"$WORK/old.jsonl"
    tail -n "$APPEND_NEW" "$WORK/all.jsonl" >"$WORK/new.jsonl"
    rm -f "$WORK/all.jsonl"
    echo "$stamp" >"$WORK/corpus.stamp"
fi

# The big store, built once per binary and flags.
flags_tag=$(printf '%s' "$APPEND_FLAGS" | tr -c 'a-z0-9' '_')
store=$WORK/store$flags_tag
store_stamp="$stamp $(sha256sum "$BIN" | cut -c1-16) $APPEND_FLAGS"
if [[ ! -f $store.stamp || $(cat "$store.stamp") != "$store_stamp" ]]; then
    log "building the $APPEND_STORE-article store (a few minutes)"
    rm -rf "$store"
    # shellcheck disable=SC2086
    "$BIN" build "$WORK/old.jsonl" --out "$store" $APPEND_FLAGS --quiet 2>"$WORK/store.log" ||
        { tail -n 20 "$WORK/store.log" >&2; die "building the store failed"; }
    echo "$store_stamp" >"$store.stamp"
fi

appends=()
alones=()
for ((k = 1; k <= RUNS; k++)); do
    rm -rf "$WORK/run"
    cp -r "$store" "$WORK/run"
    sync
    t=$(now_ns)
    # shellcheck disable=SC2086
    NEWSGRAPH_TIMINGS=1 "$BIN" build "$WORK/new.jsonl" --out "$WORK/run" --append $APPEND_FLAGS --quiet 2>"$WORK/append-$k.log" ||
        { tail -n 20 "$WORK/append-$k.log" >&2; die "append failed"; }
    a=$(awk -v t="$t" -v n="$(now_ns)" 'BEGIN { printf "%.3f", (n - t) / 1e9 }')
    rm -rf "$WORK/alone"
    t=$(now_ns)
    # shellcheck disable=SC2086
    "$BIN" build "$WORK/new.jsonl" --out "$WORK/alone" $APPEND_FLAGS --quiet 2>"$WORK/alone-$k.log" ||
        { tail -n 20 "$WORK/alone-$k.log" >&2; die "build failed"; }
    b=$(awk -v t="$t" -v n="$(now_ns)" 'BEGIN { printf "%.3f", (n - t) / 1e9 }')
    log "run $k: append $a s, alone $b s"
    appends+=("$a")
    alones+=("$b")
done
rm -rf "$WORK/run" "$WORK/alone"
append_s=$(median "${appends[@]}")
alone_s=$(median "${alones[@]}")
ratio=$(awk -v a="$append_s" -v b="$alone_s" 'BEGIN { printf "%.2f", a / b }')
log "phases of the last append:"
sed 's/^/  /' "$WORK/append-$RUNS.log" >&2
echo "append_s=$append_s alone_s=$alone_s ratio=$ratio store_articles=$APPEND_STORE new_articles=$APPEND_NEW"
