"""Graph views: the networkx projection of the RDF graph, focused selections, and offline HTML pages.

    >>> from kg.views import write_view
    >>> write_view(graph, "output/graph.html", focus="某某医院", hops=2)

`write_view` is what `kg build` and `kg view` call; `project` gives the networkx graph that analytics
(`kg.stats`) and the GraphML export use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg import defaults
from kg.views.graphml import write_graphml
from kg.views.project import NodeType, Relation, project
from kg.views.select import Selection, as_of, by_types, by_values, cap, find_node, neighbourhood, parse_types

log = logging.getLogger(__name__)

MAX_NODES = defaults.VIEW_MAX_NODES  # node cap of a page; raise it with max_nodes= / --max-nodes
PHYSICS_UP_TO = 150  # up to this many nodes the browser lays out the graph; above, networkx does


@dataclass
class ViewResult:
    """What a view holds, for messages: its file, size, and whether the node cap cut it."""

    path: Path
    nodes: int
    edges: int
    selection: Selection

    @property
    def message(self) -> str:
        text = f"wrote {self.path} ({self.nodes} nodes, {self.edges} edges)"
        if self.nodes == 0:
            text += "; the view is empty: check the names and options given (--focus, --types, --query)"
        if self.selection.capped:
            text += (f"; showing the {self.selection.kept_nodes} most connected of {self.selection.total_nodes}"
                     " nodes: raise --max-nodes or narrow with --focus/--types/--query")
        return text


def select(G: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 1, types: str | Iterable[str] | None = None,
           date: str | None = None, values: Iterable[str] | None = None) -> tuple[nx.MultiDiGraph, list[str]]:
    """The part of a projection a view shows, and the nodes it must keep under the cap."""
    keep: list[str] = []
    if values is not None:
        G = by_values(G, values)
    if date:
        G = as_of(G, date)
    wanted = parse_types(types)
    if focus:
        centre = find_node(G, focus)
        keep.append(centre)
        if wanted:
            wanted = wanted | {G.nodes[centre]["type"]}
        G = neighbourhood(by_types(G, wanted), centre, hops)
    else:
        G = by_types(G, wanted)
    return G, keep


def render_view(graph: Graph | nx.MultiDiGraph, path: str | Path, *, title: str | None = None,
                focus: str | None = None, hops: int = 1, types: str | Iterable[str] | None = None,
                as_of: str | None = None, values: Iterable[str] | None = None, max_nodes: int = MAX_NODES,
                layout: str = "auto") -> ViewResult:
    """Write one HTML view of `graph` (an rdflib Graph/Dataset in the project vocabulary, or a projection).

    `values` (the IRIs, fact IRIs or labels of a query result) limits the view to the nodes they name;
    `as_of` (an ISO date) shows the graph as it stood then.  `layout` is "auto" (the browser's physics
    for small views, networkx positions above PHYSICS_UP_TO nodes), "physics" or "networkx".
    """
    check_layout(layout)
    G = graph if isinstance(graph, nx.MultiDiGraph) else project(graph)
    G, keep = select(G, focus=focus, hops=hops, types=types, date=as_of, values=values)
    G, selection = cap(G, max_nodes, keep)
    return write_selected(G, selection, path, title=title, focus=focus, layout=layout)


def check_layout(layout: str) -> None:
    from kg.errors import ViewError

    if layout not in ("auto", "physics", "networkx"):
        raise ViewError(f"unknown layout {layout!r}; use auto, physics or networkx")


def write_selected(G: nx.MultiDiGraph, selection: Selection, path: str | Path, *, title: str | None = None,
                   focus: str | None = None, layout: str = "auto") -> ViewResult:
    """Lay out and write the page of `G`, a selection already made and capped (`render_view`, `kg.views.store_view`)."""
    from kg.views.layout import compute_positions
    from kg.views.page import render_page

    n = G.number_of_nodes()
    physics = n > 0 and (layout == "physics" or (layout == "auto" and n <= PHYSICS_UP_TO))
    positions = None if physics else compute_positions(G)
    banner = None
    if selection.capped:
        banner = (f"显示 {selection.kept_nodes} / {selection.total_nodes} 个节点（关系最多的）· showing the "
                  f"{selection.kept_nodes} most connected of {selection.total_nodes} nodes; raise the cap with "
                  "--max-nodes N or narrow the view with --focus, --types or --query")
        log.warning(banner)
    elif n == 0:
        banner = "这个视图没有节点 · this view is empty: check the names and options given (--focus, --types, --query)"
    if title is None:
        title = "知识图谱 · hospital-kg" + (f" · {focus}" if focus else "")
    text = render_page(G, title=title, positions=positions, physics=physics, edge_labels=n <= 1000,
                       smooth=n <= 1000, banner=banner)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return ViewResult(out, n, G.number_of_edges(), selection)


def write_view(graph: Graph | nx.MultiDiGraph, path: str | Path, **options) -> Path:
    """Write an offline HTML view of `graph` to `path` and return the path (options: see `render_view`)."""
    return render_view(graph, path, **options).path


__all__ = ["MAX_NODES", "NodeType", "Relation", "ViewResult", "project", "render_view", "select", "write_graphml",
           "write_view"]
