"""Loads the exports of a built graph directory with real parsers and checks them.

GraphML with networkx: every node has a label and a type, every edge a positive weight and
a kind. graph.json: a graphology serialization whose edges point at existing nodes.
articles.jsonl: every entity span slices the text.
"""
import json
import sys
from pathlib import Path

import networkx as nx


def main(d: Path) -> int:
    g = nx.read_graphml(d / "graph.graphml")
    assert not g.is_directed(), "GraphML must be undirected"
    assert g.number_of_nodes() > 0, "empty graph"
    for n, a in g.nodes(data=True):
        assert a.get("label"), f"node {n} has no label"
        assert a.get("type"), f"node {n} has no type"
        assert n.isascii(), f"node id {n} is not ASCII"
    for u, v, a in g.edges(data=True):
        assert a.get("weight", 0) > 0, f"edge {u}-{v} has no positive weight"
        assert a.get("kind"), f"edge {u}-{v} has no kind"
    j = json.loads((d / "graph.json").read_text(encoding="utf-8"))
    keys = {n["key"] for n in j["nodes"]}
    assert keys == set(g.nodes), "graph.json and graph.graphml disagree on nodes"
    for e in j["edges"]:
        assert e["source"] in keys and e["target"] in keys
    n_art = 0
    with open(d / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            n_art += 1
            for e in r["entities"]:
                for s, t in e["spans"]:
                    assert 0 <= s < t <= len(r["text"]), f"bad span {s},{t} in {r['id']}"
    print(f"exports ok: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {n_art} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "graphs")))
