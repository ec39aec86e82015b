#!/usr/bin/env bash
# Runs scripts/spark_build.py on corpus/ (Spark local mode) and checks that graph.graphml,
# graph.gexf, graph.json and articles.jsonl are byte-identical to graphs/ (what
# `newsgraph build corpus` writes). Exits 1 on any difference.
# Usage: scripts/spark_check.sh [SPARK_MASTER]   (default local[2])
set -euo pipefail
cd "$(dirname "$0")/.."
master="${1:-local[2]}"
bin="target/release/newsgraph"
[ -x "$bin" ] || cargo build --release --quiet
python3 -c "import pyspark" 2>/dev/null || pip install -q pyspark

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 scripts/spark_build.py corpus --out "$out/spark" --master "$master" --newsgraph "$bin" --quiet

status=0
for f in graph.graphml graph.gexf graph.json articles.jsonl; do
  if cmp "$out/spark/$f" "graphs/$f"; then
    echo "identical: $f"
  else
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  # Tell a Spark problem from a graphs/ that the binary no longer reproduces.
  "$bin" build corpus --out "$out/build" --quiet 2>/dev/null || true
  for f in graph.graphml graph.gexf graph.json articles.jsonl; do
    cmp -s "$out/build/$f" "graphs/$f" || echo "note: newsgraph build corpus differs from graphs/$f too (rebuild graphs/)"
    cmp -s "$out/build/$f" "$out/spark/$f" || echo "spark build differs from newsgraph build: $f"
  done
  echo "FAILED: the Spark build differs from graphs/" >&2
fi

# The flags the script passes on: a dictionary of one's own, --no-seeds and --keep-reprints
# give the same bytes as `newsgraph build` with the same flags.
mkdir -p "$out/mydict"
printf '# a made-up company, for this check only\n百川润泽商贸有限公司 | 百川润泽\n' > "$out/mydict/companies-check.txt"
flags=(--no-seeds --keep-reprints --dict "$out/mydict")
python3 scripts/spark_build.py corpus --out "$out/spark-flags" --master "$master" --newsgraph "$bin" --quiet "${flags[@]}"
"$bin" build corpus --out "$out/build-flags" --quiet "${flags[@]}"
for f in graph.graphml graph.gexf graph.json articles.jsonl; do
  if cmp "$out/spark-flags/$f" "$out/build-flags/$f"; then
    echo "identical with --no-seeds --keep-reprints --dict: $f"
  else
    status=1
    echo "FAILED: the Spark build with --no-seeds --keep-reprints --dict differs from newsgraph build: $f" >&2
  fi
done
exit "$status"
