"""`kg stats` of a big store: SPARQL aggregates and the store's edge keys, no rdflib copy, no whole projection.

`kg.stats.figures` needs a projection only for the rankings and the partnership network (the partnership and
centre edges); the node counts, the edge counts per relation and label come from the edge keys
(`kg.views.store_graph.CompactEdges`), the leadership changes from the posts' evidence dates, the class counts
and accreditation years from SPARQL.  Labels are read only for the institutions those tables name.
10 M triples: see bench/README.md for the measured memory.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef

from kg.store import to_rdflib
from kg.views.project import Relation, pick_label
from kg.views.store_graph import (
    _LABEL_PREDS,
    _ORDER,
    LABELS_BY_PASS,
    CompactEdges,
    _facts,
    _opt,
    _text,
    _values,
    labels_of,
    light_projection,
    node_types,
    read_links,
    rows,
)
from kg.vocab import HKG, ID

_NETWORK = (Relation.PARTNER.value, Relation.CENTRE.value)


class _PostSightings(CompactEdges):
    """Edge keys, and a `kg.timeline.Sighting` per evidence of each post (what the time tables need)."""

    def __init__(self) -> None:
        super().__init__()
        self.sightings: list = []

    def add(self, a, b, rel, label, evidence, directed=True, status=None) -> None:
        from kg.timeline import Sighting

        super().add(a, b, rel, label, evidence, directed, status)
        if rel == Relation.POST:
            seen = []
            for e in evidence:
                s = Sighting(person=a, role=label, org=b, as_of=e.get("asOf"), date=e.get("date"),
                             status=e.get("status"), doc=e.get("doc") or "")
                if s not in seen:
                    seen.append(s)
            self.sightings.extend(seen)


def class_counts(store: ox.Store) -> dict[str, int]:
    """Distinct members per class in the document graphs (`kg.stats` names them hkg:…, schema:…).  The few
    other graphs (analytics) are left out by IRI: a test of STR(?g) read the graph's name back from the
    store for each of the ~2 M type quads (10 M triples: 17 -> 7 s)."""
    from kg.stats import _short

    others = sorted(g.value for g in store.named_graphs()
                    if not (isinstance(g, ox.NamedNode) and g.value.startswith(f"{ID}graph/")))
    keep = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in others)}))" if others else ""
    out = {}
    for c, n in rows(store, f"""SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a ?c }}
                                FILTER(isIRI(?c)) {keep} }} GROUP BY ?c"""):
        out[_short(URIRef(c.value))] = int(n.value)
    return out


def post_stamps(store: ox.Store) -> dict[str, list[dict]]:
    """Post IRI -> one evidence record with its dates and status (`asOf`, `date`, `status`), for the posts that
    have any: all the time tables need of a post's evidence (`kg.timeline.changes` looks at the dates, not at
    the documents; a post without dates takes part in no change).  One query of DISTINCT sub-selects joined
    by hash, where `store_graph._evidence` reads every evidence row by row."""
    q = (f"SELECT ?f ?a ?d ?st WHERE {{ {_facts(HKG.PostHolding)} {_opt('f', HKG.asOf, 'a')} "
         f"{_opt('f', HKG.date, 'd')} {_opt('f', HKG.status, 'st')} }}")
    out: dict[str, list[dict]] = {}
    for f, a, d, st in rows(store, q):
        if (a or d or st) and f.value not in out:
            out[f.value] = [{"asOf": _text(a), "date": _text(d), "status": _text(st), "doc": None}]
    return out


def node_labels(store: ox.Store, iris: set[str]) -> dict[str, str]:
    """`labels_of` for many IRIs: one pass over the distinct label triples (the union of the graphs yields
    a label once per document that states it: 958 k rows at 10 M triples, fewer once DISTINCT)."""
    found: dict[str, list[set]] = {}
    for s, p, o in rows(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('p', _LABEL_PREDS)} ?s ?p ?o }}"):
        if s.value in iris:
            found.setdefault(s.value, [set() for _ in _LABEL_PREDS])[_LABEL_PREDS.index(p.value)].add(to_rdflib(o))
    none = [set() for _ in _LABEL_PREDS]
    return {i: pick_label(to_rdflib(ox.NamedNode(i)), found.get(i, none)) for i in sorted(iris)}


def accreditations(store: ox.Store) -> dict[str, Counter[str]]:
    """Year -> level -> centres (as `kg.stats._accreditations`)."""
    years: dict[str, set[str]] = {}
    levels: dict[str, str] = {}
    for c, y, lv in rows(store, f"""SELECT DISTINCT ?c ?y ?l WHERE {{ ?c a <{HKG.ClinicalCentre}> ;
                                   <{HKG.accreditationYear}> ?y OPTIONAL {{ ?c <{HKG.accreditationLevel}> ?l }} }}"""):
        years.setdefault(c.value, set()).add(y.value)
        levels.setdefault(c.value, lv.value if lv is not None else "?")
    out: dict[str, Counter[str]] = {}
    for c, ys in years.items():
        for y in ys:
            out.setdefault(y[:4], Counter())[levels[c]] += 1
    return out


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the figures of a big store are made: it walked the ~1 GB of small
    objects read (node types, edges, sightings) again and again as more were made, ~17 % of the CPU time at
    10 M triples; nothing made here is freed only by it (no reference cycles are left to collect)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def stats_of_store(store: ox.Store, *, graphml: bool = False) -> tuple[dict, nx.MultiDiGraph]:
    """`kg.stats.compute_stats` of a big store (see the module docstring).  Returns the figures and a projection:
    the partnership and centre edges, or with `graphml` the whole light projection (evidence without
    sentences) to export."""
    with _no_cycle_collection():
        return _stats_of_store(store, graphml=graphml)


def _stats_of_store(store: ox.Store, *, graphml: bool) -> tuple[dict, nx.MultiDiGraph]:
    from kg.stats import figures

    types = node_types(store)
    edges = _PostSightings()
    read_links(store, types, edges, post_stamps(store))
    nodes = Counter(_ORDER[r].value for r in types.values())
    relations: dict[str, Counter[str]] = {}
    G = nx.MultiDiGraph()
    for (a, b), ks in edges.pairs.items():
        for k in (ks,) if isinstance(ks, str) else sorted(ks):
            rel, label = k.split(":", 1)
            relations.setdefault(rel, Counter())[label] += 1
            if rel in _NETWORK:
                for n in (a, b):
                    if n not in G:
                        G.add_node(n, type=_ORDER[types[n]].value)
                G.add_edge(a, b, key=k, relation=rel, label=label)
    sightings = edges.sightings
    del edges, types
    for n, label in (labels_of(store, G) if len(G) <= LABELS_BY_PASS else node_labels(store, set(G))).items():
        G.nodes[n]["label"] = label
    notes = ["computed in the store (a big one): evidence sentences were not read"]
    result = figures(G, class_counts(store), accreditations(store), notes, nodes=nodes, relations=relations,
                     sightings=sightings)
    if graphml:
        del G
        G = light_projection(store, labels=lambda label, aliases: True, evidence=True)
    return result, G


__all__ = ["accreditations", "class_counts", "node_labels", "post_stamps", "stats_of_store"]
