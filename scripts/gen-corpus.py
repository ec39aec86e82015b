"""Generates a large JSONL corpus from the sample pages for benchmarks: every article of
the built sample, repeated with distinct ids and dates (and a distinguishing line so that
content hashes differ).

Usage: python3 scripts/gen-corpus.py ARTICLES.jsonl N OUT.jsonl
           N articles into one file
       python3 scripts/gen-corpus.py ARTICLES.jsonl --mb MB [--parts K] OUT_DIR
           articles until the files hold at least MB megabytes (1 MB = 1e6 bytes), written
           in order into K files OUT_DIR/part-000.jsonl … of about MB/K each (default K = 8)
       python3 scripts/gen-corpus.py ARTICLES.jsonl --mb MB --pages OUT_DIR
           the same articles as plain-text newspaper pages, one page per file
           (OUT_DIR/page-000000.txt …): 3 to 6 stories a page (about 10 KB), each its
           headline on a line of its own, a blank line, its paragraphs; no markup
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
        date = DAY0 + datetime.timedelta(days=i // 40)
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


def by_pages(src: str, mb: float, out_dir: str) -> None:
    total = int(mb * 1e6)
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):  # pages of an earlier run
        if name.startswith("page-") and name.endswith(".txt"):
            os.remove(os.path.join(out_dir, name))
    gen = records(src)
    written = stories = pages = 0
    while written < total:
        body = []
        for _ in range(3 + pages % 4):
            _, line = next(gen)
            rec = json.loads(line)
            # The text starts with the headline; the distinguishing number ends the
            # longest paragraph (a line of its own, or after a byline, reads as a headline).
            paragraphs = [p.strip() for p in rec["text"].split("\n") if p.strip()]
            number = paragraphs.pop()
            longest = max(range(len(paragraphs)), key=lambda k: len(paragraphs[k]))
            paragraphs[longest] += number
            body.append("\n\n".join(paragraphs))
            stories += 1
        data = ("\n\n\n".join(body) + "\n").encode("utf-8")
        with open(os.path.join(out_dir, f"page-{pages:06d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
        pages += 1
    print(f"{out_dir}: {written} bytes in {pages} pages, {stories} stories", file=sys.stderr)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("src", metavar="ARTICLES.jsonl")
    p.add_argument("rest", nargs="+", metavar="N OUT.jsonl | OUT_DIR")
    p.add_argument("--mb", type=float, help="write at least MB megabytes into OUT_DIR")
    p.add_argument("--parts", type=int, default=8, help="number of part files with --mb (default 8)")
    p.add_argument("--pages", action="store_true", help="with --mb: plain-text page files, not JSONL parts")
    a = p.parse_args()
    if a.pages:
        if a.mb is None or len(a.rest) != 1 or a.mb <= 0:
            p.error("with --pages: ARTICLES.jsonl --mb MB --pages OUT_DIR")
        by_pages(a.src, a.mb, a.rest[0])
    elif a.mb is not None:
        if len(a.rest) != 1 or a.parts < 1 or a.mb <= 0:
            p.error("with --mb: ARTICLES.jsonl --mb MB [--parts K] OUT_DIR")
        by_size(a.src, a.mb, a.parts, a.rest[0])
    else:
        if len(a.rest) != 2:
            p.error("ARTICLES.jsonl N OUT.jsonl")
        by_count(a.src, int(a.rest[0]), a.rest[1])


if __name__ == "__main__":
    main()
