"""`kg stats` of a big store (SPARQL and the light projection) gives the figures of the rdflib path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_time_queries import MemoryStore, docs_of, sightings_st
from viewgraphs import built_seeds

from kg.build import document_union
from kg.stats import compute_stats
from kg.store import GraphStore
from kg.views.store_stats import stats_of_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("folder", ["seeds", "tests/blind"])
def test_store_stats_equal_the_rdflib_stats(folder):
    store = GraphStore(built_seeds(ROOT / folder) / "store", read_only=True)
    full = compute_stats(document_union(store))
    mine, G = stats_of_store(store.oxigraph, graphml=True)
    assert mine.pop("notes") and not full.pop("notes")  # the big-store path says what it left out
    assert mine == full
    assert G.number_of_nodes() == sum(full["nodes"].values())


def test_node_labels_in_one_pass_equal_labels_of():
    from kg.views.store_graph import labels_of, node_types
    from kg.views.store_stats import node_labels

    store = GraphStore(built_seeds(ROOT / "seeds") / "store", read_only=True).oxigraph
    iris = set(node_types(store)) | {"https://w3id.org/hospital-kg/id/org/no-such-node"}
    assert node_labels(store, iris) == labels_of(store, iris)


@settings(max_examples=int(os.environ.get("TIME_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(sightings_st)
def test_store_time_tables_equal_the_rdflib_ones_on_random_sightings(rows):
    """The posts' dates and statuses (`post_stamps`) give the changes per year of the full evidence."""
    from kg.rdf import to_rdf
    from kg.resolve import resolve

    docs = docs_of(rows)
    store = MemoryStore(docs)
    mine, _ = stats_of_store(store.store)
    assert mine["time"] == compute_stats(to_rdf(docs, resolve(docs)))["time"]


def test_the_cycle_collector_is_back_on_after_the_figures():
    import gc

    store = GraphStore(built_seeds(ROOT / "seeds") / "store", read_only=True)
    assert gc.isenabled()
    stats_of_store(store.oxigraph)
    assert gc.isenabled()
    with pytest.raises(AttributeError):
        stats_of_store(None)  # not a store: fails inside, the collector is back on all the same
    assert gc.isenabled()
