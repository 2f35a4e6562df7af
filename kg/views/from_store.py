"""Views of a build: read the embedded store under DIR, run a query there, name the page (`kg view`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph

from kg import defaults


def load_graph(out_dir: str | Path) -> Graph:
    """The graph `kg build --out DIR` stored (the union of its document graphs; analytics left out)."""
    from kg.build import document_union
    from kg.store import GraphStore

    return document_union(GraphStore(Path(out_dir) / defaults.STORE_DIR, read_only=True))


def query_values(out_dir: str | Path, query: str, params: Mapping[str, str] | None = None) -> list[str]:
    """Every value of the result of `query` (a canned name, a .rq file or SPARQL: SELECT or CONSTRUCT)."""
    from kg.query import query as run

    result = run(query, out_dir, params)
    return [v for row in result.rows for v in row if v]


def view_file_name(*, focus: str | None = None, hops: int = 1, types: str | None = None, query: str | None = None,
                   as_of: str | None = None) -> str:
    """A file name that says what the view shows, e.g. `view-某医院-2hops-hospital.html`."""
    parts: list[str] = []
    if focus:
        parts += [focus, f"{hops}hops"]
    if types:
        parts.append(types.replace(",", "+"))
    if query:
        parts.append(Path(query).stem if len(query) < 80 and "\n" not in query and " " not in query else "query")
    if as_of:
        parts.append(f"as-of-{as_of}")
    if not parts:
        return defaults.VIEW_FILE
    name = re.sub(r"[^\w+.\-]+", "_", "-".join(parts)).strip("_")[:100]
    return f"view-{name}.html"


def view_of_build(out_dir: str | Path, path: str | Path | None = None, *, query: str | None = None,
                  params: Mapping[str, str] | None = None, **options):
    """Write a view of the build under `out_dir` (options: see `kg.views.render_view`); a query's result
    (SELECT or CONSTRUCT, run on the store) limits the view to the nodes it names."""
    from kg.store import GraphStore

    values = query_values(out_dir, query, params) if query else None
    if path is None:
        path = Path(out_dir) / view_file_name(focus=options.get("focus"), hops=options.get("hops", 1),
                                              types=options.get("types"), query=query, as_of=options.get("as_of"))
    return view_of_store(GraphStore(Path(out_dir) / defaults.STORE_DIR, read_only=True), path, values=values,
                         **options)


def view_of_store(store, path: str | Path, **options):
    """`kg.views.render_view` of the document graphs of an embedded store (`kg.store.GraphStore`): a big
    store is selected in (`kg.views.store_select`), a small one copied to rdflib as before."""
    from kg.build import document_union
    from kg.views import render_view
    from kg.views.store_select import store_view, use_store_selection

    if use_store_selection(store.oxigraph):
        return store_view(store.oxigraph, path, **options)
    return render_view(document_union(store), path, **options)
