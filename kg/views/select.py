"""Focused views: a neighbourhood, some node types, a date, the nodes a query names, a node cap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg.errors import ViewError
from kg.views.project import NodeType


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


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node called `name`: its IRI, its exact label or alias, else the only label containing it."""
    if name in G:
        return name
    exact = [n for n, d in G.nodes(data=True) if d.get("label") == name or name in d.get("aliases", ())]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:  # prefer a hospital, then the most connected
        return max(exact, key=lambda n: (G.nodes[n]["type"] == NodeType.HOSPITAL, G.degree(n), n))
    part = sorted((n for n, d in G.nodes(data=True) if name in d.get("label", "")), key=lambda n: -G.degree(n))
    if len(part) == 1:
        return part[0]
    if not part:
        raise ViewError(f"no node is called {name!r}; try part of its name, or `kg query` to list names")
    shown = "、".join(G.nodes[n]["label"] for n in part[:8])
    raise ViewError(f"{len(part)} nodes match {name!r} ({shown}…); give the full name")


def neighbourhood(G: nx.MultiDiGraph, centre: str, hops: int) -> nx.MultiDiGraph:
    """The nodes within `hops` edges of `centre` (either direction) and the edges among them."""
    if hops < 0:
        raise ViewError("--hops must be 0 or more")
    seen = {centre}
    frontier = {centre}
    for _ in range(hops):
        nxt = set()
        for n in frontier:
            nxt.update(G.successors(n))
            nxt.update(G.predecessors(n))
        frontier = nxt - seen
        seen |= frontier
    return G.subgraph(seen).copy()


def _fact_date(data: dict) -> str | None:
    dates = [e.get("asOf") or e.get("date") for e in data.get("evidence", ())]
    dates = [d for d in dates if d]
    return min(dates) if dates else None


def as_of(G: nx.MultiDiGraph, date: str) -> nx.MultiDiGraph:
    """The facts known by `date` (ISO, any precision): edges first stated on or before it, and edges with no
    date at all (their time is unknown); nodes left without edges are dropped unless they had none before."""
    H = G.copy()
    for a, b, k, data in list(H.edges(keys=True, data=True)):
        first = _fact_date(data)
        if first is not None and first[: len(date)] > date[: len(first)]:
            H.remove_edge(a, b, k)
    lonely = [n for n in H if H.degree(n) == 0 and G.degree(n) > 0]
    H.remove_nodes_from(lonely)
    return H


def by_iris(G: nx.MultiDiGraph, iris: Iterable[str]) -> nx.MultiDiGraph:
    """The nodes named by a query result, and the edges among them."""
    return G.subgraph([i for i in iris if i in G]).copy()


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
