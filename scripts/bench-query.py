"""Query latency against stores of growing size.

For each size it generates a corpus from the sample (scripts/gen-corpus.py: distinct ids,
dates and texts), builds a store with `newsgraph build`, and times each query command
(median of 7 runs of the whole command, process start included). Prints one table.

Usage: python3 scripts/bench-query.py [SIZE ...]   (default: 50000 100000 200000)
"""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "newsgraph"
QUERIES = [
    ("query 二七区 (hub)", ["query", "二七区"]),
    ("query 苏建设", ["query", "苏建设"]),
    ("query --with", ["query", "苏建设", "--with", "王波"]),
    ("neighbors 二七区", ["neighbors", "二七区"]),
    ("neighbors --depth 2", ["neighbors", "张岩伟", "--depth", "2"]),
    ("path", ["path", "张岩伟", "苏建设"]),
    ("top", ["top", "--by", "pagerank"]),
]


def timed(args):
    t = time.perf_counter()
    subprocess.run([str(BIN), *args], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000


def main(sizes):
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run([str(BIN), "build", "corpus", "--out", "graphs", "--quiet"], cwd=ROOT, check=True)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"c{n}.jsonl"
            subprocess.run([sys.executable, str(ROOT / "scripts/gen-corpus.py"), str(ROOT / "graphs/articles.jsonl"), str(n), str(corpus)], check=True)
            store = Path(tmp) / f"s{n}"
            t = time.perf_counter()
            subprocess.run([str(BIN), "build", str(corpus), "--out", str(store), "--quiet", "--format", "graphml"], check=True)
            build_s = time.perf_counter() - t
            size_mb = (store / "newsgraph.db").stat().st_size / 1e6
            print(f"{n} articles: build {build_s:.1f} s, store {size_mb:.0f} MB", flush=True)
            for name, q in QUERIES:
                args = q + ["--store", str(store)]
                timed(args)  # warm the page cache
                rows.setdefault(name, []).append(statistics.median(timed(args) for _ in range(7)))
    print()
    print(f"{'median ms':<22}" + "".join(f"{n:>10}" for n in sizes))
    for name, ms in rows.items():
        print(f"{name:<22}" + "".join(f"{m:>10.1f}" for m in ms))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50000, 100000, 200000])
