"""Exports parse back (triple formats isomorphic, quad formats the same quads), also for names that break
naive serialisers: quotes, <>, spaces, newlines, #, %, emoji, control characters."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic
from test_rdf import make_doc

from kg.errors import KgError
from kg.export import FORMATS, ExportFormat, export, register, stable_turtle
from kg.iris import mint
from kg.rdf import to_rdf
from kg.store import GraphStore, quads_of
from kg.vocab import RDFS

NASTY = [
    'A "quoted" <医院>',
    "space  name\nnew line\r\n医院",
    "#hash %25 percent 医院",
    "emoji 🏥 医院 \u200b zero width",
    "ctl\x01\x07\x1f\x7f 医院",
    "back\\slash {}|^` 医院",
    "'single' 'quotes' \t tab",
]
TRIPLE_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
QUAD_FORMATS = {"trig": "trig", "nquads": "nquads"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fmt")
    docs = [make_doc(f"d{i}.txt", hospital=name, person=name + "人", partner="乙" + name)
            for i, name in enumerate(NASTY)]
    docs.append(make_doc("plain.txt"))
    GraphStore(folder / "store").apply(quads_of(to_rdf(docs)))
    return folder


def union(out) -> Graph:
    return GraphStore(out / "store", read_only=True).union()


@pytest.mark.parametrize("name", NASTY)
def test_iris_are_valid_for_any_name(name):
    iri = str(mint("org", name))
    assert not set(iri) & set(' <>"{}|^`\\\n\r\t#%')
    assert all(ord(c) > 0x20 for c in iri)
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert mint("org", name) == mint("org", name)


def test_distinct_names_get_distinct_iris():
    assert len({mint("org", n) for n in [*NASTY, "a b", "a-b", "a_b", "A B"]}) == len(NASTY) + 4


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_exports_parse_back_isomorphic(out, tmp_path, fmt):
    path = export(out, fmt, tmp_path / f"g{FORMATS[fmt].suffix}")
    back = Graph().parse(path, format=TRIPLE_FORMATS[fmt])
    expected = union(out)
    assert isomorphic(back, expected), set(to_isomorphic(back)) ^ set(to_isomorphic(expected))
    labels = {str(o) for o in back.objects(None, RDFS.label)}
    assert set(NASTY) <= labels


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_quad_exports_keep_the_same_quads(out, tmp_path, fmt):
    path = export(out, fmt, tmp_path / f"g{FORMATS[fmt].suffix}")
    back = Dataset()
    back.parse(path, format=QUAD_FORMATS[fmt])
    got = {(s, p, o, g) for s, p, o, g in back.quads() if g is not None and "rdflib:default" not in str(g)}
    assert got == set(GraphStore(out / "store", read_only=True).quads())


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads"])
def test_oxigraph_parses_every_export_too(out, tmp_path, fmt):
    path = export(out, fmt, tmp_path / f"g{FORMATS[fmt].suffix}")
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
                 "nquads": ox.RdfFormat.N_QUADS}[fmt]
    expected = len(GraphStore(out / "store", read_only=True)) if fmt in QUAD_FORMATS else len(union(out))
    assert len(list(ox.parse(path=str(path), format=ox_format))) == expected


def test_stable_turtle_is_byte_identical_and_sorted(out):
    g = union(out)
    again = Graph()
    for t in sorted(g, key=lambda t: tuple(map(str, t)), reverse=True):
        again.add(t)
    for prefix, ns in g.namespaces():
        again.bind(prefix, ns)
    assert stable_turtle(g) == stable_turtle(again)


def test_stable_turtle_rejects_blank_nodes():
    from rdflib import BNode

    g = Graph()
    g.add((BNode(), RDFS.label, Literal("x")))
    with pytest.raises(KgError):
        stable_turtle(g)


def test_formats_registry_is_extensible(out, tmp_path):
    def write_count(store: GraphStore, path) -> None:
        path.write_text(str(len(store)), encoding="utf-8")

    register(ExportFormat("count", ".txt", False, write_count))
    try:
        path = export(out, "count", tmp_path / "n.txt")
        assert int(path.read_text()) == len(GraphStore(out / "store", read_only=True))
    finally:
        FORMATS.pop("count")
    with pytest.raises(KgError, match="choose one of"):
        export(out, "graphml-not-yet", tmp_path / "x")


def test_graph_of_names_that_break_formats_conforms_to_the_shapes(out):
    from kg.rdf import validate

    conforms, report = validate(union(out))
    assert conforms, report
