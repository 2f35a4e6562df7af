"""`kg.store_turtle` (graph.ttl from the store) and the streaming pieces of `kg build`."""

from __future__ import annotations

import os

from kg.build import build
from kg.export import stable_turtle
from kg.rdf import document_quads, to_rdf
from kg.resolve import index_entry, resolve
from kg.store import GraphStore, quads_of
from kg.store_turtle import write_store_turtle
from tests.test_build import write_corpus


def test_store_turtle_is_stable_turtle_of_the_union(seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    build([seeds_dir], out, view=False, progress=False)
    store = GraphStore(out / "store", read_only=True)
    path = tmp_path / "g.ttl"
    write_store_turtle(store.oxigraph, path)
    assert path.read_bytes() == stable_turtle(store.union())
    assert path.read_bytes() == (out / "graph.ttl").read_bytes()
    monkeypatch.setattr("kg.store_turtle.NAMES_KEPT", 3)  # the IRI -> Turtle text memo forgets all the time
    write_store_turtle(store.oxigraph, tmp_path / "forgetful.ttl")
    assert (tmp_path / "forgetful.ttl").read_bytes() == path.read_bytes()


def test_resolution_from_the_index_gives_the_same_quads(tmp_path, monkeypatch):
    from kg.documents import read_documents
    from kg.extract import extract

    monkeypatch.chdir(tmp_path)
    docs = [extract(d) for d in read_documents([write_corpus(tmp_path / "news")])]
    whole = quads_of(to_rdf(docs, resolve(docs)))
    res = resolve(index=[index_entry(d) for d in docs])
    assert dict(document_quads(d, res) for d in docs) == whole


def test_store_moved_aside_by_a_killed_swap_comes_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    build([write_corpus(tmp_path / "news")], out, view=False, progress=False)
    n = len(GraphStore(out / "store", read_only=True))
    os.replace(out / "store", out / ".store.tmp.old.1")  # killed between the two renames of swap_in
    assert len(GraphStore(out / "store", read_only=True)) == n
    assert len(GraphStore(out / "store")) == n
    assert not (out / ".store.tmp.old.1").exists()
    build([tmp_path / "news"], out, view=False, progress=False)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
