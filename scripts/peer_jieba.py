"""The Python peer of `newsgraph build` for scripts/bench.sh: what a user would write with
jieba and networkx.

Reads JSONL articles (`text` field), tags each text with jieba.posseg.cut, keeps the words
tagged nr (person), ns (place), nt (organization) and nz (other proper noun) as entities,
links every pair of entities of an article (edge weight = number of articles they share)
in a networkx.Graph, and writes it with networkx.write_graphml.

Usage: python3 scripts/peer_jieba.py IN.jsonl… OUT.graphml

Prints one line of key=value pairs on stdout: load_s (import of jieba.posseg and
dictionary load), process_s (reading, tagging, graph, GraphML), bytes (of the input
files), text_bytes, articles, nodes, edges.
"""
import itertools
import json
import logging
import os
import sys
import time

KEEP = {"nr", "ns", "nt", "nz"}


def main(inputs, out):
    t0 = time.perf_counter()
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    import networkx as nx

    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    g = nx.Graph()
    articles = text_bytes = 0
    for path in inputs:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                text = json.loads(line)["text"]
                text_bytes += len(text.encode("utf-8"))
                articles += 1
                ents = {}
                for w in pseg.cut(text):
                    if w.flag in KEEP:
                        ents.setdefault(w.word, w.flag)
                for word, flag in ents.items():
                    if word in g:
                        g.nodes[word]["mentions"] += 1
                    else:
                        g.add_node(word, type=flag, mentions=1)
                for a, b in itertools.combinations(sorted(ents), 2):
                    if g.has_edge(a, b):
                        g[a][b]["weight"] += 1
                    else:
                        g.add_edge(a, b, weight=1)
    nx.write_graphml(g, out)
    process_s = time.perf_counter() - t1

    size = sum(os.path.getsize(p) for p in inputs)
    print(
        f"load_s={load_s:.4f} process_s={process_s:.4f} bytes={size} text_bytes={text_bytes} "
        f"articles={articles} nodes={g.number_of_nodes()} edges={g.number_of_edges()}"
    )


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1:-1], sys.argv[-1])
