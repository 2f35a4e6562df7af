"""The Oxigraph store: exact per-document replacement, shared entities, term round-trips."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from test_rdf import make_doc

from kg.errors import StoreError
from kg.iris import document_key, graph_iri
from kg.rdf import to_rdf
from kg.store import GraphStore, quads_of, to_ox, to_rdflib
from kg.vocab import RDFS, XSD


@pytest.fixture
def store(tmp_path) -> GraphStore:
    return GraphStore(tmp_path / "store")


@pytest.mark.parametrize("term", [
    URIRef("https://w3id.org/hospital-kg/id/org/x-1"), Literal("中文", lang="zh"), Literal("plain"),
    Literal(3), Literal("2024-05", datatype=XSD.gYearMonth), Literal("a\nb\"c\x01"),
])
def test_terms_round_trip(term):
    assert to_rdflib(to_ox(term)) == term


def test_apply_is_exact_and_idempotent(store):
    a, b = make_doc("a.txt"), make_doc("b.txt", hospital="乙市第二人民医院")
    graphs = quads_of(to_rdf([a, b]))
    total = sum(len(q) for q in graphs.values())
    assert store.apply(graphs) == (total, 0)
    assert store.apply(graphs) == (0, 0)
    assert len(store) == total
    docs = store.documents()
    assert {d.path for d in docs.values()} == {"a.txt", "b.txt"}
    assert {d.sha256 for d in docs.values()} == {a.sha256, b.sha256}


def test_replacing_a_graph_writes_only_the_difference(store):
    a = make_doc("a.txt")
    g = graph_iri(document_key(a))
    store.apply(quads_of(to_rdf([a])))
    a.centres[0].level = "省级"
    new = quads_of(to_rdf([a]))
    added, removed = store.apply(new)
    assert (added, removed) == (1, 1)
    assert store.graph_quads(g) == new[g]


def test_shared_entity_survives_while_a_document_mentions_it(store):
    a, b = make_doc("a.txt"), make_doc("b.txt", hospital="乙市第二人民医院")
    store.apply(quads_of(to_rdf([a, b])))
    partner_label = Literal("乙省大学附属医院", lang="zh")

    def has_partner() -> bool:
        return any(o == partner_label for _, p, o in store.union() if p == RDFS.label)

    store.apply({}, drop=[graph_iri(document_key(a))])
    assert has_partner()
    assert {d.path for d in store.documents().values()} == {"b.txt"}
    store.apply({}, drop=[graph_iri(document_key(b))])
    assert not has_partner()
    assert len(store) == 0


def test_union_and_dataset_match_the_built_graph(store):
    ds = to_rdf([make_doc("a.txt"), make_doc("b.txt", hospital="乙市第二人民医院")])
    store.apply(quads_of(ds))
    assert set(store.dataset().quads()) == {q for q in ds.quads() if len(q) == 4}
    union = store.union()
    expected = {(s, p, o) for s, p, o, _ in ds.quads()}
    assert set(union) == expected
    assert isomorphic(union, store.union())


def test_store_is_persistent_and_read_only_reopen_works(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.apply(quads_of(to_rdf([make_doc()])))
    n = len(store)
    del store
    reopened = GraphStore(tmp_path / "store", read_only=True)
    assert len(reopened) == n


def test_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="kg build"):
        GraphStore(tmp_path / "nothing", read_only=True)
