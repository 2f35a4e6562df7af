"""GraphML export of the view projection, for Gephi, yEd or Cytoscape.

Nodes keep `label`, `type`, `iri`, `aliases` (joined with 、) and `degree`; edges keep `relation`,
`label`, `status` and `evidence_count`, plus the first evidence sentence as `evidence`.  GraphML holds
scalars only, so lists are flattened and missing values are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
from rdflib import Graph

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(value: object) -> object:
    """A value XML 1.0 can hold: characters it forbids (control characters in a name) become U+FFFD."""
    return _XML_BAD.sub("\ufffd", value) if isinstance(value, str) else value


def to_gephi(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a projection with scalar attributes only (what `nx.write_graphml` accepts)."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        attrs = {"label": d.get("label", n), "type": d.get("type", ""), "iri": d.get("iri", n),
                 "aliases": "、".join(d.get("aliases", ())), "degree": G.degree(n)}
        H.add_node(_xml(n), **{k: _xml(v) for k, v in attrs.items()})
    for a, b, k, d in G.edges(keys=True, data=True):
        evidence = d.get("evidence", ())
        attrs = {"relation": d.get("relation", ""), "label": d.get("label", ""), "evidence_count": len(evidence),
                 "directed": bool(d.get("directed"))}
        first = next((e["text"] for e in evidence if e.get("text")), None)
        if first:
            attrs["evidence"] = first
        if d.get("status"):
            attrs["status"] = d["status"]
        H.add_edge(_xml(a), _xml(b), key=_xml(k), **{name: _xml(v) for name, v in attrs.items()})
    return H


def write_graphml(graph: Graph | nx.MultiDiGraph, path: str | Path) -> Path:
    """Write `graph` (RDF in the project vocabulary, or its projection) as GraphML; returns the path."""
    from kg.views.project import project

    G = graph if isinstance(graph, nx.MultiDiGraph) else project(graph)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(to_gephi(G), out, encoding="utf-8", prettyprint=True)
    return out
