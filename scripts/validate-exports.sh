#!/usr/bin/env bash
# Checks every export format of a built graph with real parsers, and fails on any error:
#   xmllint against the GraphML XSD and the GEXF 1.3 RelaxNG in ../shared/schemas,
#   networkx (GraphML, GEXF, node-link) and python-igraph (GraphML) from PyPI,
#   graphology with graphology-gexf and graphology-graphml from npm,
#   Graphviz (DOT) and the Neo4j import headers (CSV).
# Usage: scripts/validate-exports.sh [GRAPH_DIR]   (default: a fresh build of corpus/)
set -euo pipefail
cd "$(dirname "$0")/.."
schemas="${NEWSGRAPH_SCHEMAS:-../shared/schemas}"
bin="target/release/newsgraph"
[ -x "$bin" ] || cargo build --release --quiet

dir="${1:-}"
if [ -z "$dir" ]; then
  dir="$(mktemp -d)/graphs"
  "$bin" build corpus --out "$dir" --quiet
fi
work="$(mktemp -d)"

need_apt=()
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
command -v dot >/dev/null || need_apt+=(graphviz)
if [ ${#need_apt[@]} -gt 0 ]; then
  (apt-get update -qq && apt-get install -y -qq "${need_apt[@]}") >/dev/null
fi
python3 -c "import networkx, igraph" 2>/dev/null \
  || pip install -q networkx igraph >/dev/null 2>&1 \
  || pip install -q --break-system-packages networkx igraph >/dev/null
nm="${NEWSGRAPH_NODE_MODULES:-$HOME/.cache/newsgraph-node}"
if [ ! -d "$nm/node_modules/graphology-gexf" ]; then
  mkdir -p "$nm"
  npm install --silent --prefix "$nm" graphology graphology-gexf graphology-graphml @xmldom/xmldom >/dev/null 2>&1
fi

echo "-- schemas"
xmllint --noout --schema "$schemas/graphml/graphml.xsd" "$dir/graph.graphml"
xmllint --noout --relaxng "$schemas/gexf-1.3/gexf.rng" "$dir/graph.gexf"

echo "-- other formats through newsgraph export"
"$bin" export --from "$dir" --format node-link --out "$work/graph.nodelink.json"
"$bin" export --from "$dir" --format csv --out "$work/csv"
"$bin" export --from "$dir" --format dot --out "$work/graph.dot"
"$bin" export --from "$dir" --format graphml > "$work/stdout.graphml"
cmp "$work/stdout.graphml" "$dir/graph.graphml"
dot -Tsvg "$work/graph.dot" -o "$work/graph.svg"
echo "graphviz ok"

echo "-- python parsers"
python3 scripts/check_exports.py "$dir" "$work"

echo "-- graphology"
NEWSGRAPH_NODE_MODULES="$nm/node_modules" node scripts/check_exports.mjs "$dir"
echo "all exports valid"
