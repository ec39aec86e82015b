#!/usr/bin/env bash
# Renders the picture of the sample graph shown in the README: the DOT export of the built
# graph, reduced to its backbone, laid out by Graphviz sfdp. Run after rebuilding graphs/.
# Usage: scripts/render-graph.sh [GRAPH_DIR] [OUT_PNG]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-graphs}"
out="${2:-$dir/graph.png}"
need=()
command -v sfdp >/dev/null || need+=(graphviz)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  (apt-get update -qq && apt-get install -y -qq "${need[@]}") >/dev/null
fi
bin="target/release/newsgraph"
[ -x "$bin" ] || cargo build --release --quiet
tmp="$(mktemp -d)"
"$bin" export --from "$dir" --format dot --weight fractional --backbone 0.5 --exclude journalist --out "$tmp/graph.dot"
sfdp -Goverlap=prism -Gsplines=false -Gsize=12,9! -Gdpi=110 -Gbgcolor=white \
  -Nfontname="WenQuanYi Micro Hei" -Efontname="WenQuanYi Micro Hei" \
  -Tpng "$tmp/graph.dot" -o "$out"
echo "wrote $out"
