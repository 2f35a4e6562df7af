"""DIR/graph.ttl written straight from the Oxigraph store, one subject at a time (no rdflib graph in memory).

The bytes are those of `kg.export.stable_turtle` over the union of the document graphs: subjects sorted by IRI,
rdf:type first then predicates by IRI, objects sorted by their Turtle text, and only the prefixes the body uses.
Memory: the subject IRIs of the largest class (sorted runs per class, merged from temporary files) plus one
subject's triples; the body goes to a temporary file first, because the prefix lines (which depend on the whole
body) come before it.
"""

from __future__ import annotations

import heapq
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.export import _iri, _string, _term
from kg.progress import bar
from kg.store import to_rdflib
from kg.vocab import ID, RDF

_RDF_TYPE = str(RDF.type)
NAMES_KEPT = 100_000
_PLAIN = ("http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def turtle_prefixes() -> list[tuple[str, str]]:
    """The prefixes `kg.build.document_union` binds, longest namespace first (as `stable_turtle` orders them)."""
    from kg.rdf import PREFIXES

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return sorted(((p, str(ns)) for p, ns in g.namespace_manager.namespaces() if p), key=lambda x: -len(x[1]))


class _Names(dict):
    """IRI -> its Turtle text (a prefixed name or <...>), each worked out once while it is among the last
    `NAMES_KEPT` ones: predicates and concepts come back all the time, but keeping every entity IRI of a
    100 k-article graph cost ~0.9 GB."""

    def __init__(self, prefixes: list[tuple[str, str]]):
        super().__init__()
        self.prefixes = prefixes

    def __missing__(self, value: str) -> str:
        if len(self) >= NAMES_KEPT:
            self.clear()
        text = self[value] = _iri(value, self.prefixes)  # type: ignore[arg-type] - _iri only needs str(term)
        return text


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode, prefixes: _Names) -> str:
    if isinstance(term, ox.NamedNode):
        return prefixes[term.value]
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{_string(term.value)}@{term.language}"
        if term.datatype.value in _PLAIN:
            return _string(term.value)
    return _term(to_rdflib(term), prefixes.prefixes)  # typed literals (and the error for blank nodes) exactly as rdflib


def _sorted_subjects(store: ox.Store, folder: Path) -> Iterator[str]:
    """Every typed subject IRI of the named graphs, sorted, each once (every node this project writes has a type).

    One sorted run per class, kept in `folder` and merged: memory is that of the largest class, not of every
    subject (a DISTINCT over all of them took 1.4 GB at 100 k articles)."""
    folder.mkdir(parents=True, exist_ok=True)
    classes = sorted(str(row[0]) for row in store.query("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s a ?t } }")
                     if isinstance(row[0], ox.NamedNode))
    files = []
    for i, cls in enumerate(classes):
        rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a {cls} }} }}")
        run = sorted(row[0].value for row in rows if isinstance(row[0], ox.NamedNode))
        files.append(folder / f"{i}.txt")
        files[-1].write_text("".join(f"{s}\n" for s in run), encoding="utf-8")
        del run
    streams = [f.open(encoding="utf-8") for f in files]
    try:
        last = None
        for line in heapq.merge(*streams):
            if line != last:
                last = line
                yield line[:-1]
    finally:
        for f in streams:
            f.close()


def write_store_turtle(store: ox.Store, path: Path, progress: bool = False) -> None:
    """Write the union of the document graphs (named graphs under ``ID/graph/``) of `store` as stable Turtle
    (with a progress bar on stderr when `progress`)."""
    prefixes = turtle_prefixes()
    names = _Names(prefixes)
    graph_prefix = f"{ID}graph/"
    unused = {p for p, _ in prefixes}
    body = path.with_name(path.name + ".body")
    runs = path.with_name(path.name + ".subjects")
    try:
        subjects = _sorted_subjects(store, runs)
        with body.open("w", encoding="utf-8") as f:
            first = True
            for s in bar(subjects, progress, "graph.ttl", unit="node"):
                # the same triple sits in every document graph that states it: keep each once, then write it
                # (graphs told by name, not by a set of them: 100 k graph terms cost 150 MB)
                pairs = {(q.predicate, q.object) for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None)
                         if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(graph_prefix)}
                if not pairs:
                    continue
                by_pred: dict[str, set[str]] = defaultdict(set)
                for p, o in pairs:
                    by_pred[p.value].add(_text(o, names))
                parts = []
                for p in sorted(by_pred, key=lambda p: (p != _RDF_TYPE, p)):
                    ptext = "a" if p == _RDF_TYPE else names[p]
                    parts.append(f"    {ptext} " + " ,\n        ".join(sorted(by_pred[p])))
                block = _iri(s, prefixes) + "\n" + " ;\n".join(parts) + " .\n"  # type: ignore[arg-type] - a str
                for prefix in [p for p in unused if f"{p}:" in block]:
                    unused.discard(prefix)
                f.write(block if first else "\n" + block)
                first = False
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes) if p not in unused)
        with path.open("w", encoding="utf-8") as out, body.open("r", encoding="utf-8") as f:
            out.write(head + "\n")
            shutil.copyfileobj(f, out, 1 << 20)
    finally:
        if body.exists():
            os.unlink(body)
        shutil.rmtree(runs, ignore_errors=True)
