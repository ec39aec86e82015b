#!/usr/bin/env bash
# Browser test of `newsgraph serve`: installs Debian's chromium (and CJK fonts for the
# screenshots) and playwright-core from npm when missing, starts the app on a free port
# over STORE_DIR, runs scripts/browser-test.mjs against it, stops the app.
# Usage: bash scripts/browser-test.sh [STORE_DIR] [SCREENSHOT_DIR]
#   defaults: graphs, target/screenshots; NEWSGRAPH (binary, default target/release/newsgraph)
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-graphs}"
shots="${2:-target/screenshots}"
bin="${NEWSGRAPH:-target/release/newsgraph}"
[ -x "$bin" ] || cargo build --release --quiet

if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null
fi
nm="${NEWSGRAPH_NODE_MODULES:-$HOME/.cache/newsgraph-node}"
if [ ! -d "$nm/node_modules/playwright-core" ]; then
  mkdir -p "$nm"
  npm install --silent --prefix "$nm" playwright-core >/dev/null 2>&1
fi

log="$(mktemp)"
"$bin" serve --store "$store" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://[^ ]*' "$log" || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "newsgraph serve did not start"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$log"; echo "newsgraph serve printed no address"; exit 1; }
echo "-- serving $store at $url"
NEWSGRAPH_NODE_MODULES="$nm" node scripts/browser-test.mjs "$url" "$shots"
