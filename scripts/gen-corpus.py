"""Generates a large JSONL corpus from the sample pages for benchmarks: every article of
the built sample, repeated with distinct ids and dates (and a distinguishing line so that
content hashes differ).

Usage: python3 scripts/gen-corpus.py ARTICLES.jsonl N OUT.jsonl
"""
import datetime
import json
import sys


def main(src: str, n: int, out: str) -> None:
    base = [json.loads(line) for line in open(src, encoding="utf-8")]
    day0 = datetime.date(2015, 1, 1)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            a = base[i % len(base)]
            date = day0 + datetime.timedelta(days=(i // 40) % 3650)
            rec = {
                "id": f"bench-{i:07d}",
                "title": a["title"],
                "date": date.isoformat(),
                "text": a["text"] + f"\n（编号{i}）",
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
