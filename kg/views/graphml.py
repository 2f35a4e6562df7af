"""GraphML export of the view projection, for Gephi, yEd or Cytoscape.

Nodes keep `label`, `type`, `iri`, `aliases` (joined with 、) and `degree`; edges keep `relation`,
`label`, `status` and `evidence_count`, plus the first evidence sentence as `evidence`.  GraphML holds
scalars only, so lists are flattened and missing values are left out.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph


def to_gephi(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a projection with scalar attributes only (what `nx.write_graphml` accepts)."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, label=d.get("label", n), type=d.get("type", ""), iri=d.get("iri", n),
                   aliases="、".join(d.get("aliases", ())), degree=G.degree(n))
    for a, b, k, d in G.edges(keys=True, data=True):
        evidence = d.get("evidence", ())
        attrs = {"relation": d.get("relation", ""), "label": d.get("label", ""), "evidence_count": len(evidence),
                 "directed": bool(d.get("directed"))}
        first = next((e["text"] for e in evidence if e.get("text")), None)
        if first:
            attrs["evidence"] = first
        if d.get("status"):
            attrs["status"] = d["status"]
        H.add_edge(a, b, key=k, **attrs)
    return H


def write_graphml(graph: Graph | nx.MultiDiGraph, path: str | Path) -> Path:
    """Write `graph` (RDF in the project vocabulary, or its projection) as GraphML; returns the path."""
    from kg.views.project import project

    G = graph if isinstance(graph, nx.MultiDiGraph) else project(graph)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(to_gephi(G), out, encoding="utf-8", prettyprint=True)
    return out
