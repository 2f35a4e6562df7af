"""Exports of the graph in the store, in a registry of formats (add one with `register`).

    >>> sorted(FORMATS)[:3]
    ['jsonld', 'nquads', 'nt']

Triple formats (Turtle, N-Triples, JSON-LD) hold the union of the document graphs; quad formats (TriG,
N-Quads) keep one named graph per document.  Every file is written to a temporary name and renamed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.store import GraphStore
from kg.vocab import RDF, XSD

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri(term: URIRef, prefixes: list[tuple[str, str]]) -> str:
    value = str(term)
    for prefix, ns in prefixes:
        if value.startswith(ns) and _LOCAL.fullmatch(value[len(ns):]):
            return f"{prefix}:{value[len(ns):]}"
    return "<" + _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"


_STRING_PLAIN = re.compile(r'[^\\"\x00-\x1f\x7f\ud800-\udfff]*')


def _string(value: str) -> str:
    if _STRING_PLAIN.fullmatch(value):  # nothing to escape: most text
        return '"' + value + '"'
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch) if ord(ch) < 0xD800 else 0xFFFD:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _term(term: Node, prefixes: list[tuple[str, str]]) -> str:
    if isinstance(term, URIRef):
        return _iri(term, prefixes)
    if isinstance(term, Literal):
        if term.language:
            return f"{_string(str(term))}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{_string(str(term))}^^{_iri(term.datatype, prefixes)}"
        return _string(str(term))
    raise KgError(f"cannot write the RDF term {term!r} as stable Turtle (blank nodes are not used in this graph)")


def stable_turtle(graph: Graph) -> bytes:
    """Turtle with sorted prefixes, subjects, predicates (rdf:type first) and objects: same graph, same bytes."""
    prefixes = sorted(((p, str(ns)) for p, ns in graph.namespace_manager.namespaces() if p),
                      key=lambda x: -len(x[1]))
    used: set[str] = set()
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        by_subject[s][p].append(o)
    blocks = []
    for s in sorted(by_subject, key=str):
        preds = sorted(by_subject[s], key=lambda p: (p != RDF.type, str(p)))
        parts = []
        for p in preds:
            objs = sorted({_term(o, prefixes) for o in by_subject[s][p]})
            ptext = "a" if p == RDF.type else _term(p, prefixes)
            parts.append(f"    {ptext} " + " ,\n        ".join(objs))
        blocks.append(_term(s, prefixes) + "\n" + " ;\n".join(parts) + " .\n")
    body = "\n".join(blocks)
    for prefix, _ in prefixes:
        if f"{prefix}:" in body:
            used.add(prefix)
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes) if p in used)
    return (head + "\n" + body).encode("utf-8")


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its name, file suffix, whether it keeps named graphs, and its writer."""

    name: str
    suffix: str
    quads: bool
    write: Callable[[GraphStore, Path], None]


FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Add (or replace) an export format, e.g. a GraphML writer from `kg.views`."""
    FORMATS[fmt.name] = fmt
    return fmt


def _rdflib_writer(rdflib_format: str, quads: bool) -> Callable[[GraphStore, Path], None]:
    def write(store: GraphStore, path: Path) -> None:
        data = store.dataset() if quads else store.union()
        text = data.serialize(format=rdflib_format, encoding="utf-8")
        path.write_bytes(text)

    return write


register(ExportFormat("turtle", ".ttl", False, lambda store, path: path.write_bytes(stable_turtle(store.union()))))
register(ExportFormat("nt", ".nt", False, _rdflib_writer("nt", False)))
def _jsonld(store: GraphStore, path: Path) -> None:
    from kg.rdf import PREFIXES

    context = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    path.write_bytes(store.union().serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8"))


register(ExportFormat("jsonld", ".jsonld", False, _jsonld))
register(ExportFormat("trig", ".trig", True, _rdflib_writer("trig", True)))
register(ExportFormat("nquads", ".nq", True, _rdflib_writer("nquads", True)))


def _graphml(store: GraphStore, path: Path) -> None:
    from kg.views.graphml import write_graphml  # the view projection, for Gephi / yEd

    write_graphml(store.union(), path)


register(ExportFormat("graphml", ".graphml", False, _graphml))


def export(out: str | Path, fmt: str, target: str | Path) -> Path:
    """Write the graph stored under `out` to `target` in format `fmt` (see `FORMATS`)."""
    from kg import defaults
    from kg.build import write_atomic

    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    store = GraphStore(Path(out) / defaults.STORE_DIR, read_only=True)
    target = Path(target)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(target, lambda tmp: FORMATS[fmt].write(store, tmp))
