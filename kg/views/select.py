"""Focused views: a neighbourhood, some node types, a date, the nodes a query names, a node cap."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from kg.errors import ViewError
from kg.views.project import NodeType, Relation


@dataclass
class Selection:
    """What was cut from the graph, so the page and the CLI can say so."""

    total_nodes: int
    kept_nodes: int
    capped: bool = False


def parse_types(spec: str | Iterable[str] | None) -> set[str] | None:
    """`"hospital,person"` -> {"hospital", "person"}; unknown names raise a ViewError that lists the known ones."""
    if spec is None:
        return None
    items = [s.strip().lower() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    known = {t.value for t in NodeType}
    aliases = {"hospitals": "hospital", "institution": "hospital", "organisation": "organization",
               "organizations": "organization", "persons": "person", "people": "person", "centres": "centre",
               "center": "centre", "initiatives": "initiative", "documents": "document", "doc": "document"}
    out = {aliases.get(i, i) for i in items}
    bad = sorted(out - known)
    if bad:
        raise ViewError(f"unknown node type(s) {', '.join(bad)}; use some of: {', '.join(sorted(known))}")
    return out


def by_types(G: nx.MultiDiGraph, types: set[str] | None) -> nx.MultiDiGraph:
    if not types:
        return G
    return G.subgraph([n for n, t in G.nodes(data="type") if t in types]).copy()


def find_node(G: nx.MultiDiGraph, name: str, degree: Callable[[str], int] | None = None) -> str:
    """The node called `name`: its IRI, its exact label or alias, else the only label containing it (`degree`:
    how ties are broken, by default the degree in `G`)."""
    degree = degree or G.degree
    if name in G:
        return name
    exact = [n for n, d in G.nodes(data=True) if d.get("label") == name or name in d.get("aliases", ())]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:  # prefer a hospital, then the most connected
        return max(exact, key=lambda n: (G.nodes[n]["type"] == NodeType.HOSPITAL, degree(n), n))
    part = sorted((n for n, d in G.nodes(data=True) if name in d.get("label", "")), key=lambda n: (-degree(n), n))
    if len(part) == 1:
        return part[0]
    if not part:
        raise ViewError(f"no node is called {name!r}; try part of its name, or `kg query` to list names")
    shown = "、".join(G.nodes[n]["label"] for n in part[:8])
    raise ViewError(f"{len(part)} nodes match {name!r} ({shown}…); give the full name")


def within_hops(centre: str, hops: int, neighbours: Callable[[set[str]], set[str]]) -> set[str]:
    """`centre` and the nodes within `hops` steps of it, `neighbours(frontier)` giving the next step's nodes."""
    if hops < 0:
        raise ViewError("--hops must be 0 or more")
    seen = {centre}
    frontier = {centre}
    for _ in range(hops):
        frontier = neighbours(frontier) - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def neighbourhood(G: nx.MultiDiGraph, centre: str, hops: int) -> nx.MultiDiGraph:
    """The nodes within `hops` edges of `centre` (either direction) and the edges among them."""
    seen = within_hops(centre, hops, lambda frontier: {m for n in frontier
                                                      for m in (*G.successors(n), *G.predecessors(n))})
    return G.subgraph(seen).copy()


def _fact_date(data: dict) -> str | None:
    """When an edge was first known: the sentence's own date first, else the stating article's."""
    dates = [e.get("date") or e.get("asOf") for e in data.get("evidence", ())]
    dates = [d for d in dates if d]
    return min(dates) if dates else None


def as_of(G: nx.MultiDiGraph, date: str) -> nx.MultiDiGraph:
    """The graph as it stood on `date` (ISO, any precision): edges first known on or before it (undated ones
    stay: their time is unknown), minus the posts that had ended by then (written as former, or succeeded
    in a single-seat post: `kg.timeline.ended_by`).  Nodes left without edges are dropped unless they had
    none before."""
    from kg.timeline import Sighting, ended_by, on_or_before

    H = G.copy()
    seen = []
    for a, b, k, data in list(H.edges(keys=True, data=True)):
        first = _fact_date(data)
        if first is not None and not on_or_before(first, date):
            H.remove_edge(a, b, k)
        elif data.get("relation") == Relation.POST:
            seen.extend(Sighting(person=a, role=data["label"], org=b, as_of=e.get("asOf"), date=e.get("date"),
                                 status=e.get("status"), doc=e.get("doc") or "") for e in data.get("evidence", ()))
    ended = ended_by(seen, date)
    for a, b, k, data in list(H.edges(keys=True, data=True)):
        if data.get("relation") == Relation.POST and (a, data["label"], b) in ended:
            H.remove_edge(a, b, k)
    lonely = [n for n in H if H.degree(n) == 0 and G.degree(n) > 0]
    H.remove_nodes_from(lonely)
    return H


def by_values(G: nx.MultiDiGraph, values: Iterable[str]) -> nx.MultiDiGraph:
    """The nodes a query result names (as node IRIs, as fact IRIs: both ends, or as exact labels) and the
    edges among them."""
    facts = G.graph.get("facts", {})
    labels: dict[str, list[str]] = {}
    for n, label in G.nodes(data="label"):
        labels.setdefault(label, []).append(n)
    keep: set[str] = set()
    for v in values:
        if v in G:
            keep.add(v)
        elif v in facts:
            keep.update(facts[v])
        else:
            keep.update(labels.get(v, ()))
    return G.subgraph(keep).copy()


def cap(G: nx.MultiDiGraph, max_nodes: int, keep: Iterable[str] = ()) -> tuple[nx.MultiDiGraph, Selection]:
    """At most `max_nodes` nodes: the `keep` ones and then the most connected (ties by IRI, so it is stable)."""
    total = G.number_of_nodes()
    if max_nodes <= 0:
        raise ViewError("--max-nodes must be positive")
    if total <= max_nodes:
        return G, Selection(total, total)
    first = [n for n in keep if n in G]
    rest = sorted((n for n in G if n not in set(first)), key=lambda n: (-G.degree(n), n))
    chosen = (first + rest)[:max_nodes]
    return G.subgraph(chosen).copy(), Selection(total, len(chosen), capped=True)
