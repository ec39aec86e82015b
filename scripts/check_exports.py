"""Loads every export of a built graph with real Python parsers and checks them.

Usage: python3 scripts/check_exports.py GRAPH_DIR [EXPORT_DIR]
GRAPH_DIR holds graph.graphml, graph.gexf, graph.json, articles.jsonl (a build);
EXPORT_DIR, if given, holds graph.nodelink.json and csv/{nodes,edges}.csv (`export`).
"""
import csv
import json
import sys
from pathlib import Path

import igraph
import networkx as nx

# Every edge kind (src/graph.rs EDGE_KINDS): the four of co-occurrence and fact, and the
# acts read from sentences.
KINDS = {"cooccurs", "role", "located_in", "covers", "visits", "meets", "signs", "helps", "runs", "invests_in", "builds"}


def check_graphml(d: Path) -> nx.Graph:
    g = nx.read_graphml(d / "graph.graphml")
    assert not g.is_directed(), "GraphML must be undirected"
    assert g.number_of_nodes() > 0, "empty graph"
    for n, a in g.nodes(data=True):
        assert a.get("label"), f"node {n} has no label"
        assert a.get("type"), f"node {n} has no type"
        assert n.isascii(), f"node id {n} is not ASCII"
    for u, v, a in g.edges(data=True):
        assert a.get("weight", 0) > 0, f"edge {u}-{v} has no positive weight"
        assert a.get("kind") in KINDS, f"edge {u}-{v} has kind {a.get('kind')}"
    ig = igraph.Graph.Read_GraphML(str(d / "graph.graphml"))
    assert ig.vcount() == g.number_of_nodes(), "igraph and networkx disagree on nodes"
    assert "label" in ig.vs.attributes() and "weight" in ig.es.attributes()
    print(f"graphml ok (networkx, igraph): {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    return g


def check_gexf(d: Path, n_nodes: int, n_edges: int) -> None:
    g = nx.read_gexf(d / "graph.gexf")
    assert g.number_of_nodes() == n_nodes, f"gexf has {g.number_of_nodes()} nodes, graphml {n_nodes}"
    assert g.number_of_edges() == n_edges, f"gexf has {g.number_of_edges()} edges, graphml {n_edges}"
    for u, v, a in g.edges(data=True):
        assert a.get("kind") in KINDS, f"gexf edge {u}-{v} has kind {a.get('kind')}"
    print("gexf ok (networkx)")


def check_json_and_articles(d: Path, keys: set) -> None:
    j = json.loads((d / "graph.json").read_text(encoding="utf-8"))
    assert {n["key"] for n in j["nodes"]} == keys, "graph.json and graph.graphml disagree on nodes"
    for e in j["edges"]:
        assert e["source"] in keys and e["target"] in keys
        assert e["attributes"]["kind"] in KINDS
    n_art = 0
    with open(d / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            n_art += 1
            for e in r["entities"]:
                for s, t in e["spans"]:
                    assert 0 <= s < t <= len(r["text"]), f"bad span {s},{t} in {r['id']}"
    print(f"json ok, articles.jsonl ok ({n_art} articles)")


def check_exported(w: Path, keys: set, n_edges: int) -> None:
    data = json.loads((w / "graph.nodelink.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert set(g.nodes) == keys, "node-link and graphml disagree on nodes"
    assert g.number_of_edges() == n_edges, f"node-link has {g.number_of_edges()} edges, graphml {n_edges}"
    with open(w / "csv" / "nodes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[0].endswith(":ID") and ":LABEL" in header, f"nodes.csv header {header}"
    assert {r[0] for r in rows[1:]} == keys, "nodes.csv and graphml disagree on nodes"
    with open(w / "csv" / "edges.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for col in (":START_ID", ":END_ID", ":TYPE"):
        assert col in header, f"edges.csv lacks {col}"
    assert len(rows) - 1 == n_edges, f"edges.csv has {len(rows) - 1} edges"
    print("node-link ok (networkx), csv ok (neo4j headers)")


def main() -> int:
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "graphs")
    g = check_graphml(d)
    keys = set(g.nodes)
    if (d / "graph.gexf").exists():
        check_gexf(d, g.number_of_nodes(), g.number_of_edges())
    check_json_and_articles(d, keys)
    if len(sys.argv) > 2:
        check_exported(Path(sys.argv[2]), keys, g.number_of_edges())
    return 0


if __name__ == "__main__":
    sys.exit(main())
