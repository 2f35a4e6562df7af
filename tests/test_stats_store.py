"""`kg stats` of a big store (SPARQL and the light projection) gives the figures of the rdflib path."""

from __future__ import annotations

from pathlib import Path

import pytest
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
