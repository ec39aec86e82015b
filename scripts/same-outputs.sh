#!/usr/bin/env bash
# Builds the sample and a 4,000-article corpus made from it with one newsgraph binary and
# prints a checksum of every output, so that a refactoring can be shown to change nothing:
#
#   scripts/same-outputs.sh target/release/newsgraph /tmp/before > before.sums
#   (change, rebuild)
#   scripts/same-outputs.sh target/release/newsgraph /tmp/after > after.sums
#   diff before.sums after.sums        # empty: byte-identical outputs
#
# Each corpus is built three ways: as is, with --no-seeds, and with --window sentence,
# and exported again from the built directory (GEXF, CSV). The SQLite store is compared by
# its rows (sqlite3 .dump), not its bytes, since page layout is SQLite's business.
set -euo pipefail
bin=$(realpath "$1")
work=$2
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work" && mkdir -p "$work"
# Inputs by relative path, so that the records' `source` does not depend on $work.
cd "$work"
"$bin" build "$root/corpus" --out seed --quiet
python3 "$root/scripts/gen-corpus.py" seed/articles.jsonl 4000 big.jsonl
run() { # name, input, flags...
    local name=$1 input=$2
    shift 2
    "$bin" build "$input" --out "$name" "$@" >/dev/null 2>&1
    "$bin" export --from "$name" --format gexf --out "$name/export.gexf" >/dev/null 2>&1
    "$bin" export --from "$name" --format csv --out "$name/export-csv" >/dev/null 2>&1
}
run sample "$root/corpus"
run sample-noseeds "$root/corpus" --no-seeds
run sample-sentence "$root/corpus" --window sentence
# The generated corpus repeats the sample's stories: every article is a reprint, so it is
# built with reprints kept apart (otherwise it folds back into the sample's 16 stories).
run big big.jsonl --keep-reprints
run big-noseeds big.jsonl --no-seeds --keep-reprints
for d in sample sample-noseeds sample-sentence big big-noseeds; do
    find "$d" -type f ! -name '*.db' | sort | xargs sha256sum
    if command -v sqlite3 >/dev/null && [ -f "$d/newsgraph.db" ]; then
        echo "$(sqlite3 "$d/newsgraph.db" .dump | sha256sum | cut -c1-64)  $d/newsgraph.db (rows)"
    fi
done
