"""Views of a big store: select in the store, load only what the page shows.

An rdflib copy of a whole store costs about 1 KB per triple (10 M triples: > 10 GB).  Above
`STORE_SELECT_FROM` triples a view is made in three steps instead:

1. `kg.views.store_graph.compact_projection`: the node types and edge keys of the whole projection, read with
   SPARQL (~100 bytes an edge, no evidence text); for `--as-of` also when each edge was first known and the
   posts' sightings; names are read only for the nodes that contain the `--focus` name;
2. `compact_selection` does what `select` and `cap` do (as-of, types, focus, the most connected nodes, ties
   by IRI) on those keys, so the page shows the nodes the full path shows, with the degrees of the whole graph;
   a `--query` view instead reads the few nodes the result names (`named_subgraph`) and runs `select`/`cap`;
3. `subgraph_of` reads the quads of just the chosen nodes (types, labels, aliases, mentions, the facts between
   them with their evidence, concepts and stages, the documents' metadata) into a `CompactGraph` (plain dicts,
   ~1/8 of rdflib's memory), and `kg.views.project.project` of it gives the page's nodes and edges their
   attributes (`assemble`).  Default page of 10 k articles (2.7 M triples): 840 -> 364 MB peak.

Below the threshold, views use the old path (`kg.build.document_union` -> `project`); tests/test_views_store.py
checks that both write the same page.
"""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.store import to_rdflib
from kg.views.project import _SHORTCUTS, document_meta, project
from kg.views.select import Selection, within_hops
from kg.vocab import HKG, ID, ORG, PROV, RDF, SDO

log = logging.getLogger(__name__)

# triples in the store above which views select in it.  Measured (bench/bench_view_store.py, default page):
# 23 k triples: full path 2.9 s / 179 MB, store 3.3 s / 153 MB; 93 k: 7.2 s / 269 MB vs 6.1 s / 198 MB;
# 1 M: 57 s / 1.4 GB vs 12 s / 236 MB.  The store path wins from a few tens of thousands of triples.
STORE_SELECT_FROM = 50_000

_DOC_GRAPHS = f"{ID}graph/"
_ENDS = [ox.NamedNode(str(p)) for p in (ORG.member, ORG.organization, HKG.institution, HKG.centre, HKG.partner,
                                         HKG.initiative)]
_LINKED_NODES = [ox.NamedNode(str(p)) for p in (ORG.role, HKG.partnershipKind, HKG.centreType,
                                                 PROV.wasGeneratedBy)]
_EVIDENCE = ox.NamedNode(str(HKG.evidence))
_MENTIONS = ox.NamedNode(str(SDO.mentions))
_TYPE = ox.NamedNode(str(RDF.type))
_ARTICLE = ox.NamedNode(str(SDO.NewsArticle))


def document_triples(store: ox.Store) -> int:
    """How many triples the store holds (all graphs: the analytics graph is tiny)."""
    return len(store)


def use_store_selection(store: ox.Store, threshold: int | None = None) -> bool:
    """Whether a view of `store` should select in the store (see the module docstring)."""
    return document_triples(store) > (STORE_SELECT_FROM if threshold is None else threshold)


def _quads(store: ox.Store, s=None, p=None, o=None) -> Iterable[ox.Quad]:
    """The quads of the document graphs matching the pattern (as `kg.build.document_union` keeps them)."""
    for q in store.quads_for_pattern(s, p, o, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(_DOC_GRAPHS):
            yield q


_EV_PREDS = tuple(ox.NamedNode(str(p)) for p in (PROV.wasDerivedFrom, HKG.startOffset, HKG.endOffset,
                                                   HKG.sentenceText, PROV.wasGeneratedBy))
_SHORTCUT_PREDS = {ox.NamedNode(str(p)) for p in _SHORTCUTS} | {_MENTIONS, ox.NamedNode(str(SDO.about))}
_FACT_SKIPS = {ox.NamedNode(str(PROV.wasDerivedFrom))}  # on a fact: `project` reads it on evidence only


class CompactGraph(Graph):
    """An rdflib graph for `project` only, in ~1/8 of the memory of rdflib's own store (~1 KB a triple):
    subject -> predicate -> objects in plain dicts and lists, one object per IRI; `triples` matches any
    pattern (a pattern without a subject scans every subject: `project` asks a few dozen of those)."""

    def __init__(self) -> None:
        super().__init__()
        self._by: dict[Node, dict[Node, list[Node]]] = {}
        self._iris: dict[str, URIRef] = {}

    def term(self, term) -> Node:
        """The rdflib term of a pyoxigraph term (IRIs shared)."""
        if isinstance(term, ox.NamedNode):
            found = self._iris.get(term.value)
            if found is None:
                found = self._iris[term.value] = URIRef(term.value)
            return found
        return to_rdflib(term)

    def add(self, triple) -> CompactGraph:
        s, p, o = triple
        objects = self._by.setdefault(s, {}).setdefault(p, [])
        if o not in objects:
            objects.append(o)
        return self

    def __len__(self) -> int:
        return sum(len(objects) for preds in self._by.values() for objects in preds.values())

    def objects(self, subject=None, predicate=None, unique: bool = False):
        if subject is not None and predicate is not None:
            return iter(self._by.get(subject, {}).get(predicate, ()))
        return super().objects(subject, predicate, unique)

    def triples(self, triple):
        s, p, o = triple
        for subject in (s,) if s is not None else list(self._by):
            preds = self._by.get(subject) or {}
            for pred, objects in [(p, preds.get(p, ()))] if p is not None else list(preds.items()):
                for obj in objects:
                    if o is None or obj == o:
                        yield subject, pred, obj


def subgraph_of(store: ox.Store, nodes: Iterable[str]) -> tuple[Graph, dict[str, dict]]:
    """The triples `project` needs to give `nodes` and the facts among them the attributes the full projection
    gives them, and the metadata of the documents the page may show (title, date, file).  Left out, as they
    change nothing `project` gives `nodes` and the edges among them: links (shortcuts, mentions, about) to
    nodes outside `nodes`, the mentions of a node by documents outside `nodes` but its first 20 (all a page
    lists), what a fact or evidence has that `project` does not read.  The graph is a `CompactGraph`."""
    nodes = set(nodes)
    g = CompactGraph()
    done: set[ox.NamedNode | ox.BlankNode] = set()

    def take(subject, skip=frozenset()) -> list[ox.Quad]:
        """Every triple of `subject` (once) but links out of `nodes` and `skip` predicates; returns its quads."""
        if subject in done:
            return []
        done.add(subject)
        quads = list(_quads(store, subject))
        for q in quads:
            if q.predicate in skip or (q.predicate in _SHORTCUT_PREDS and q.object.value not in nodes):
                continue
            g.add((g.term(q.subject), g.term(q.predicate), g.term(q.object)))
        return quads

    def take_evidence(ev) -> None:
        """The triples `project` reads of an evidence node; its stage is taken whole."""
        if ev in done:
            return
        done.add(ev)
        for q in _quads(store, ev):
            if q.predicate in _EV_PREDS:
                g.add((g.term(ev), g.term(q.predicate), g.term(q.object)))
                if q.predicate in _LINKED_NODES:
                    take(q.object)
                elif q.predicate == _EV_PREDS[0]:
                    docs.add(q.object.value)

    ends: Counter[ox.NamedNode | ox.BlankNode] = Counter()
    mentioned: dict[str, list[str]] = {}
    for n in sorted(nodes):
        term = ox.NamedNode(n)
        for q in take(term):
            if q.predicate in _LINKED_NODES:
                take(q.object)
        by = sorted({q.subject.value for q in _quads(store, None, _MENTIONS, term)})
        for d in dict.fromkeys(by[:20] + [d for d in by[20:] if d in nodes]):
            g.add((g.term(ox.NamedNode(d)), g.term(_MENTIONS), g.term(term)))
        if by:
            mentioned[n] = by[:20]
        for pred in _ENDS:
            ends.update({q.subject for q in _quads(store, None, pred, term)})
    docs: set[str] = set()
    for fact, count in ends.items():
        if count < 2 or fact in done:  # at most one end among `nodes`: no edge of the page
            continue
        if any(q.predicate in _ENDS and q.object.value not in nodes for q in _quads(store, fact)):
            continue
        for q in take(fact, _FACT_SKIPS):
            if q.predicate in _LINKED_NODES:
                take(q.object)
            elif q.predicate == _EVIDENCE:
                take_evidence(q.object)
    del ends
    for ds in mentioned.values():
        docs.update(ds)  # a page lists the first 20 documents of a node
    docs.update(nodes)  # a document node lists itself
    return g, documents_meta(store, docs)


def documents_meta(store: ox.Store, docs: Iterable[str]) -> dict[str, dict]:
    """`project`'s `G.graph["documents"]` for these documents (those typed schema:NewsArticle)."""
    out: dict[str, dict] = {}
    for d in docs:
        term = ox.NamedNode(d)
        if not any(True for _ in _quads(store, term, _TYPE, _ARTICLE)):
            continue
        meta = CompactGraph()  # one document's triples at a time
        for q in _quads(store, term):
            if q.predicate != _MENTIONS:
                meta.add((meta.term(q.subject), meta.term(q.predicate), meta.term(q.object)))
        out[d] = document_meta(meta, URIRef(d))
    return out


def assemble(chosen: nx.MultiDiGraph, store: ox.Store) -> nx.MultiDiGraph:
    """The page's graph: the nodes and edges of `chosen` (a selection of a light projection) with the attributes
    `project` gives them (labels, aliases, documents, evidence with its sentences)."""
    small, documents = subgraph_of(store, chosen)
    S = project(small)
    F = nx.MultiDiGraph()
    for n in sorted(chosen):
        F.add_node(n, **S.nodes[n])
    for a, b, k, d in sorted(chosen.edges(keys=True, data=True), key=lambda e: e[:3]):
        F.add_edge(a, b, key=k, **(S.edges[a, b, k] if S.has_edge(a, b, k) else d))
        if not S.has_edge(a, b, k):
            log.warning("edge %s -> %s (%s) not found in the store's subgraph; shown without evidence", a, b, k)
    F.graph["documents"] = documents
    F.graph["facts"] = {f: ends for f, ends in S.graph.get("facts", {}).items() if all(e in F for e in ends)}
    return F


def compact_selection(store: ox.Store, types: str | Iterable[str] | None, max_nodes: int, *,
                      focus: str | None = None, hops: int = 1, as_of: str | None = None,
                      ) -> tuple[nx.MultiDiGraph, Selection]:
    """`select` (as-of, types, focus) and `cap` of the store's projection from its edge keys only
    (`kg.views.store_graph.CompactEdges`): the chosen nodes and the edges among them (keys, relations, labels)."""
    from kg.errors import ViewError
    from kg.views.select import parse_types
    from kg.views.store_graph import _ORDER, compact_projection

    if max_nodes <= 0:
        raise ViewError("--max-nodes must be positive")
    wanted = parse_types(types)
    ranks, edges = compact_projection(store, as_of=as_of)
    ok = {i for i, t in enumerate(_ORDER) if not wanted or t.value in wanted}
    keep: list[str] = []
    if focus:
        centre = _find(store, ranks, edges, focus)
        keep.append(centre)
        ok.add(ranks[centre])
        nodes = _neighbourhood(edges, centre, hops, lambda n: ranks.get(n) in ok)
        inside = nodes.__contains__
    else:
        nodes = {n for n, r in ranks.items() if r in ok}
        inside = lambda n: ranks.get(n) in ok  # noqa: E731
    degree = edges.degrees(inside)
    total = len(nodes)
    # as select.cap: the nodes to keep, then the most connected, ties by IRI
    chosen = set(nodes) if total <= max_nodes else set(keep) | set(heapq.nsmallest(
        max_nodes - len(keep), (n for n in nodes if n not in keep), key=lambda n: (-degree.get(n, 0), n)))
    H = nx.MultiDiGraph()
    for n in sorted(chosen):
        H.add_node(n, type=_ORDER[ranks[n]].value)
    for (a, b), ks in edges.pairs.items():
        if a in chosen and b in chosen:
            for k in sorted((ks,) if isinstance(ks, str) else ks):
                rel, label = k.split(":", 1)
                H.add_edge(a, b, key=k, relation=rel, label=label, evidence=[], status=None,
                           directed=rel != "partner")
    return H, Selection(total, len(chosen), capped=total > max_nodes)


def _find(store: ox.Store, ranks: dict[str, int], edges, name: str) -> str:
    """`select.find_node` over the whole projection: only the nodes whose label or alias contains `name` are
    read; ties go by their degree in the whole projection."""
    from kg.views.select import find_node
    from kg.views.store_graph import _ORDER, names_containing

    if name in ranks:
        return name
    G = nx.MultiDiGraph()
    for node, label, aliases in names_containing(store, ranks, name):
        if name in label or name in aliases:
            G.add_node(node, label=label, aliases=aliases, type=_ORDER[ranks[node]].value)
    degree = edges.degrees(lambda n: True) if G.number_of_nodes() > 1 else {}
    return find_node(G, name, degree=lambda n: degree.get(n, 0))


def _neighbourhood(edges, centre: str, hops: int, inside) -> set[str]:
    """`select.neighbourhood`'s nodes: within `hops` edges of `centre` (either direction) among the nodes
    `inside` accepts; one pass over the edge keys per hop."""

    def step(frontier: set[str]) -> set[str]:
        return ({b for a, b in edges.pairs if a in frontier and inside(b)}
                | {a for a, b in edges.pairs if b in frontier and inside(a)})

    return within_hops(centre, hops, step)


def named_subgraph(store: ox.Store, values: Iterable[str]) -> nx.MultiDiGraph:
    """`select.by_values(project(union), values)` read from the store: the nodes `values` name (node IRIs, the
    two ends of fact IRIs, exact labels) and `project` of their quads, less the mention edges the whole graph
    does not have (a node linked only to nodes outside is not alone there)."""
    from kg.views.store_graph import compact_projection, names_containing

    values = list(values)
    facts: dict[str, tuple[str, str]] = dict.fromkeys(values)  # type: ignore[arg-type]
    types, edges = compact_projection(store, facts)
    facts = {f: ends for f, ends in facts.items() if ends is not None}
    names = {v for v in values if v not in types and v not in facts}
    keep = {v for v in values if v in types} | {n for v in values if v in facts for n in facts[v]}
    if names:
        keep |= {node for node, label, _ in names_containing(store, types, "", exact=names) if label in names}
    linked = {n for pair in edges.pairs for n in pair if n in keep}
    del types, edges
    small, documents = subgraph_of(store, keep)
    G = project(small)
    G.remove_edges_from([(a, b, k) for a, b, k, rel in G.edges(keys=True, data="relation")
                         if rel == "mention" and b in linked])
    G.graph["documents"] = documents
    return G


def store_view(store: ox.Store, path: str | Path, *, title: str | None = None, focus: str | None = None,
               hops: int = 1, types: str | Iterable[str] | None = None, as_of: str | None = None,
               values: Iterable[str] | None = None, max_nodes: int | None = None, layout: str = "auto"):
    """`kg.views.render_view` of the store's document graphs, selecting in the store (see the module docstring)."""
    from kg.views import MAX_NODES, check_layout, select, write_selected
    from kg.views.select import cap

    check_layout(layout)
    if values is None:  # edge keys (and dates for --as-of) are all a view that names no nodes needs
        chosen, selection = compact_selection(store, types, max_nodes or MAX_NODES, focus=focus, hops=hops,
                                              as_of=as_of)
        return write_selected(assemble(chosen, store), selection, path, title=title, focus=focus, layout=layout)
    # the few nodes a query names, read whole; the rest of the view is made from them as in the full path
    G, keep = select(named_subgraph(store, values), focus=focus, hops=hops, types=types, date=as_of)
    G, selection = cap(G, max_nodes or MAX_NODES, keep)
    return write_selected(G, selection, path, title=title, focus=focus, layout=layout)


__all__ = ["STORE_SELECT_FROM", "assemble", "store_view", "subgraph_of", "use_store_selection"]
