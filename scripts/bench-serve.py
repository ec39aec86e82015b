"""Server time of the web app's pages on a large store.

Generates a corpus of N articles from the sample (scripts/gen-corpus.py: distinct ids,
dates and texts; built with --keep-reprints, or they would fold into the sample's 16
stories), builds a store, starts `newsgraph serve --port 0` over it and requests each page
REPEAT times after a warm-up. Reports the median and 95th percentile of the server's own
time (the `Server-Timing: app;dur=` header: routing, SQLite, layout and rendering) and of
the whole request as the client saw it (loopback HTTP included).

Usage: python3 scripts/bench-serve.py [N | --store DIR] [--repeat R]
       (default N = 200000; --store reuses a store already built)
"""
import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "newsgraph"


def pages(sample_article):
    q = urllib.parse.quote
    return [
        ("entity 苏建设", f"/entity/{q('official:苏建设')}"),
        ("entity 二七区 (hub)", f"/entity/{q('district:二七区')}"),
        ("article", f"/article/{q(sample_article)}?e={q('official:苏建设')}"),
        ("search 苏建", f"/search?q={q('苏建')}"),
        ("edge 苏建设–王波", f"/edge?a={q('苏建设')}&b={q('王波')}"),
        ("graph 苏建设", f"/graph/{q('official:苏建设')}"),
        ("graph 苏建设 depth 2", f"/graph/{q('official:苏建设')}?depth=2"),
        ("path 张岩伟→苏建设", f"/path?from={q('张岩伟')}&to={q('苏建设')}"),
        ("api/query 苏建设", f"/api/query?name={q('苏建设')}"),
    ]


def fetch(base, path):
    t = time.perf_counter()
    with urllib.request.urlopen(base + path) as r:
        r.read()
        timing = r.headers.get("Server-Timing", "")
        status = r.status
    wall = (time.perf_counter() - t) * 1000
    m = re.search(r"dur=([0-9.]+)", timing)
    if status != 200 or not m:
        sys.exit(f"{path}: status {status}, Server-Timing {timing!r}")
    return float(m.group(1)), wall


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=200000)
    ap.add_argument("--store", type=Path)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            subprocess.run([str(BIN), "build", "corpus", "--out", "graphs", "--quiet"], cwd=ROOT, check=True)
            corpus = Path(tmp) / "corpus.jsonl"
            subprocess.run([sys.executable, str(ROOT / "scripts/gen-corpus.py"), str(ROOT / "graphs/articles.jsonl"), str(args.n), str(corpus)], check=True)
            store = Path(tmp) / "store"
            t = time.perf_counter()
            subprocess.run([str(BIN), "build", str(corpus), "--out", str(store), "--quiet", "--keep-reprints", "--format", "graphml"], check=True)
            print(f"built {args.n} articles in {time.perf_counter() - t:.0f} s", flush=True)
        db = store / "newsgraph.db"
        articles = subprocess.run(
            [str(BIN), "query", "苏建设", "--store", str(store), "--json", "--limit", "1"], capture_output=True, text=True, check=True
        )
        import json
        sample_article = json.loads(articles.stdout)["articles"][0]["id"]
        server = subprocess.Popen([str(BIN), "serve", "--store", str(store), "--port", "0"], stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            base = re.search(r"http://\S+", line).group(0).rstrip("/")
            count = subprocess.run(["sqlite3", str(db), "select count(*) from articles"], capture_output=True, text=True)
            n = count.stdout.strip() or "?"
            print(f"store {db} ({db.stat().st_size / 1e6:.0f} MB, {n} articles); {args.repeat} requests per page after 3 warm-up")
            print()
            print(f"{'page':<24}{'server median':>15}{'server p95':>12}{'client median':>15}")
            for name, path in pages(sample_article):
                for _ in range(3):
                    fetch(base, path)
                runs = [fetch(base, path) for _ in range(args.repeat)]
                server_ms = [r[0] for r in runs]
                wall_ms = [r[1] for r in runs]
                print(f"{name:<24}{statistics.median(server_ms):>12.1f} ms{p95(server_ms):>9.1f} ms{statistics.median(wall_ms):>12.1f} ms", flush=True)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
