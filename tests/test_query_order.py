"""kg.query.run: a final ORDER BY done in Python gives the store's order; `$name@zh` parameters."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query import bind_params, run


class Memory:
    """An in-memory pyoxigraph store queried like `kg.store.GraphStore`."""

    def __init__(self, turtle: str):
        self.store = ox.Store()
        self.store.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g"))

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)


DATA = """@prefix : <urn:x:> .
:a :label "乙医院"@zh ; :n 10 ; :d "2020-01-02"^^<http://www.w3.org/2001/XMLSchema#date> .
:b :label "甲医院"@zh ; :n 9 ; :d "2019"^^<http://www.w3.org/2001/XMLSchema#gYear> .
:c :label "甲医院"@zh ; :n -3 .
:d :label "Zeta" ; :n 100 .
:e :label "alpha" .
:f :other "x" .
"""


@pytest.fixture(scope="module")
def store() -> Memory:
    return Memory(DATA)


@pytest.mark.parametrize("order", [
    "ORDER BY ?l", "ORDER BY ?n", "ORDER BY DESC(?l) ?n", "ORDER BY ?l DESC(?n)", "ORDER BY ASC(?n) ?s",
    "ORDER BY ?d", "ORDER BY ?s",  # dates and IRIs: the store orders
    "ORDER BY ?l\nLIMIT 3",  # not a final ORDER BY of variables: the store orders
])
def test_python_order_is_the_store_order(store, order):
    q = f"SELECT ?s ?l ?n ?d WHERE {{ ?s ?p ?o OPTIONAL {{ ?s <urn:x:label> ?l }} OPTIONAL {{ ?s <urn:x:n> ?n }} " \
        f"OPTIONAL {{ ?s <urn:x:d> ?d }} }} {order}"
    ours, theirs = run(store, q), run(store, q, reorder=False)
    assert ours.columns == theirs.columns
    keys = [c for c in ("s", "l", "n", "d") if f"?{c}" in order]
    pick = [ours.columns.index(k) for k in keys]
    assert [[r[i] for i in pick] for r in ours.rows] == [[r[i] for i in pick] for r in theirs.rows]
    assert sorted(ours.rows) == sorted(theirs.rows)


def test_order_by_in_a_comment_or_of_a_missing_variable_is_left_alone(store):
    q = "SELECT ?l WHERE { ?s <urn:x:label> ?l } # ORDER BY ?l"
    assert run(store, q).rows == run(store, q, reorder=False).rows
    q = "SELECT ?l WHERE { ?s <urn:x:label> ?l ; <urn:x:n> ?n } ORDER BY ?n"
    assert run(store, q).rows == run(store, q, reorder=False).rows == [["甲医院"], ["甲医院"], ["乙医院"], ["Zeta"]]


def test_language_tagged_parameter_is_an_exact_label(store):
    q = "SELECT ?s WHERE { VALUES ?n { $name@zh $name } ?s <urn:x:label> ?n } ORDER BY ?s"
    assert [r[0] for r in run(store, bind_params(q, {"name": "甲医院"})).rows] == ["urn:x:b", "urn:x:c"]
    assert [r[0] for r in run(store, bind_params(q, {"name": "Zeta"})).rows] == ["urn:x:d"]
    assert run(store, bind_params(q, {"name": '甲医院"@zh } ?s ?p ?o . #'})).rows == []
    assert len(run(store, bind_params(q, {})).rows) == 5  # no name: UNDEF, every label


def test_a_lone_language_tagged_parameter_keeps_its_tag():
    assert bind_params("SELECT * WHERE { ?s ?p $name@zh-Hans }", {"name": 'a"b'}) == \
        'SELECT * WHERE { ?s ?p "a\\"b"@zh-Hans }'
