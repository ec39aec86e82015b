#!/usr/bin/env bash
# Checks the exports of a built graph directory with real parsers:
#   xmllint against the GraphML schema in ../shared/schemas, and networkx.
# Usage: scripts/validate-exports.sh [GRAPH_DIR]   (default: graphs)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-graphs}"
schemas="${NEWSGRAPH_SCHEMAS:-../shared/schemas}"

if ! command -v xmllint >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq libxml2-utils) >/dev/null 2>&1 || true
fi
if ! python3 -c "import networkx" 2>/dev/null; then
  pip install -q networkx >/dev/null 2>&1 || pip install -q --break-system-packages networkx >/dev/null
fi

if [ -f "$schemas/graphml/graphml.xsd" ]; then
  xmllint --noout --schema "$schemas/graphml/graphml.xsd" "$dir/graph.graphml"
else
  echo "schemas not found at $schemas (set NEWSGRAPH_SCHEMAS)"; exit 1
fi

python3 scripts/check_exports.py "$dir"
