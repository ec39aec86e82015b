"""Generates a large JSONL corpus from the sample pages for benchmarks: every article of
the built sample, repeated with distinct ids and dates (and a distinguishing line so that
content hashes differ).

Usage: python3 scripts/gen-corpus.py ARTICLES.jsonl N OUT.jsonl
           N articles into one file
       python3 scripts/gen-corpus.py ARTICLES.jsonl --mb MB [--parts K] OUT_DIR
           articles until the files hold at least MB megabytes (1 MB = 1e6 bytes), written
           in order into K files OUT_DIR/part-000.jsonl … of about MB/K each (default K = 8)
"""
import argparse
import datetime
import json
import os
import sys

DAY0 = datetime.date(2015, 1, 1)


def records(src: str):
    """Endless stream of (i, JSON line as UTF-8 bytes)."""
    base = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    if not base:
        sys.exit(f"{src}: no articles")
    i = 0
    while True:
        a = base[i % len(base)]
        date = DAY0 + datetime.timedelta(days=(i // 40) % 3650)
        rec = {
            "id": f"bench-{i:07d}",
            "title": a.get("title"),
            "date": date.isoformat(),
            "text": a["text"] + f"\n（编号{i}）",
        }
        yield i, (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
        i += 1


def by_count(src: str, n: int, out: str) -> None:
    with open(out, "wb") as f:
        for i, line in records(src):
            if i >= n:
                break
            f.write(line)


def by_size(src: str, mb: float, parts: int, out_dir: str) -> None:
    total = int(mb * 1e6)
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):  # parts of an earlier run with another K
        if name.startswith("part-") and name.endswith(".jsonl"):
            os.remove(os.path.join(out_dir, name))
    gen = records(src)
    written = 0
    for k in range(parts):
        limit = total * (k + 1) // parts  # cumulative bytes at the end of this part
        with open(os.path.join(out_dir, f"part-{k:03d}.jsonl"), "wb", buffering=1 << 20) as f:
            while written < limit:
                _, line = next(gen)
                f.write(line)
                written += len(line)
    print(f"{out_dir}: {written} bytes in {parts} files", file=sys.stderr)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("src", metavar="ARTICLES.jsonl")
    p.add_argument("rest", nargs="+", metavar="N OUT.jsonl | OUT_DIR")
    p.add_argument("--mb", type=float, help="write at least MB megabytes into OUT_DIR")
    p.add_argument("--parts", type=int, default=8, help="number of part files with --mb (default 8)")
    a = p.parse_args()
    if a.mb is not None:
        if len(a.rest) != 1 or a.parts < 1 or a.mb <= 0:
            p.error("with --mb: ARTICLES.jsonl --mb MB [--parts K] OUT_DIR")
        by_size(a.src, a.mb, a.parts, a.rest[0])
    else:
        if len(a.rest) != 2:
            p.error("ARTICLES.jsonl N OUT.jsonl")
        by_count(a.src, int(a.rest[0]), a.rest[1])


if __name__ == "__main__":
    main()
