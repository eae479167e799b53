"""Reads DIR/graph.json, DIR/graph.gexf and DIR/graph.graphml with networkx, and Gephi's
spreadsheet tables DIR/nodes.csv and DIR/edges.csv with the standard library's csv module into
a networkx graph, and prints what it found as one JSON object, for tests/consumers.rs to compare
with the project's own graph.

Usage: check_networkx.py DIR NODE_ID SOURCE TARGET
(NODE_ID: a node whose label, type and mentions are reported; SOURCE, TARGET: the ends of the
edges whose relations, statuses and first evidence sentences are reported, sorted.)

networkx's GEXF reader refuses a graph that mixes directed and undirected edges (the GEXF
marks symmetric relations undirected for Gephi); then "gexf" holds networkx's error and
"gexf_xml" what the standard library's XML parser (the one networkx uses) reads.
"""

import csv
import json
import sys
import xml.etree.ElementTree as ET

import networkx as nx


def edges_between(g, source, target):
    """The attributes of every edge source -> target."""
    found = g.get_edge_data(source, target) or {}
    return list(found.values()) if g.is_multigraph() else [found] if found else []


def first_sentence(edge):
    """The first evidence sentence: graph.json lists evidence records, the other formats
    carry the first sentence as a string."""
    evidence = edge.get("evidence")
    if isinstance(evidence, list):
        return evidence[0]["sentence"] if evidence else None
    return evidence


def read_gephi_csv(folder):
    """Gephi's nodes and edges tables as a networkx multigraph (Type kept per edge)."""
    g = nx.MultiDiGraph()
    with open(f"{folder}/nodes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g.add_node(row["Id"], label=row["Label"], type=row["type"],
                       mentions=int(row["mentions"]))
    with open(f"{folder}/edges.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g.add_edge(row["Source"], row["Target"], key=row["Id"], kind=row["Type"],
                       relation=row["relation"], status=row["status"],
                       evidence=row["evidence"])
    return g


def summary(g, node, source, target):
    edges = edges_between(g, source, target)
    data = g.nodes[node] if node in g else {}
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "node_type": data.get("type"),
        "node_mentions": data.get("mentions"),
        "node_label": data.get("label"),
        "edges_between": sorted(
            [e.get("relation"), e.get("status"), first_sentence(e)] for e in edges
        ),
    }


def gexf_xml(path, node):
    ns = {"g": "http://gexf.net/1.3"}
    graph = ET.parse(path).getroot().find("g:graph", ns)
    nodes = graph.findall("g:nodes/g:node", ns)
    edges = graph.findall("g:edges/g:edge", ns)
    return {
        "nodes": len(nodes),
        "node_label": next((n.get("label") for n in nodes if n.get("id") == node), None),
        "edges": len(edges),
        "undirected": sum(1 for e in edges if e.get("type") == "undirected"),
        "defaultedgetype": graph.get("defaultedgetype"),
        "mode": graph.get("mode"),
    }


def main():
    folder, node, source, target = sys.argv[1:5]
    with open(f"{folder}/graph.json", encoding="utf-8") as f:
        data = json.load(f)
    out = {
        "networkx": nx.__version__,
        "json": summary(nx.node_link_graph(data, edges="edges"), node, source, target),
        "graphml": summary(nx.read_graphml(f"{folder}/graph.graphml"), node, source, target),
    }
    try:
        out["gexf"] = summary(nx.read_gexf(f"{folder}/graph.gexf"), node, source, target)
    except nx.NetworkXError as e:
        out["gexf"] = {"error": str(e)}
    out["gexf_xml"] = gexf_xml(f"{folder}/graph.gexf", node)
    tables = read_gephi_csv(folder)
    out["csv"] = summary(tables, node, source, target)
    out["csv_undirected"] = sum(1 for *_, k in tables.edges(data="kind") if k == "Undirected")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
