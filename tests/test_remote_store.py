"""A real SPARQL server as the target: the Oxigraph server (from the `oxigraph` package) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import StoreError
from kg.remote import RemoteStore
from kg.store import GraphStore, quads_of

pytestmark = pytest.mark.timeout(180)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh Oxigraph server on disk under tmp_path, bound to 127.0.0.1; stopped after the test."""
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
            break
        except requests.ConnectionError:
            assert proc.poll() is None and time.monotonic() < deadline, "the oxigraph server did not start"
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


def _assert_same_datasets(embedded, remote) -> None:
    """The same named graphs, each isomorphic (with a diff on failure)."""
    a, b = embedded.dataset(), remote.dataset()
    names_a = {g.identifier for g in a.graphs() if len(g)}
    names_b = {g.identifier for g in b.graphs() if len(g)}
    assert names_a == names_b
    for name in sorted(names_a):
        ga, gb = a.graph(name), b.graph(name)
        if not isomorphic(ga, gb):
            _, only_a, only_b = graph_diff(to_isomorphic(ga), to_isomorphic(gb))
            pytest.fail(f"graph {name} differs:\nembedded only:\n{only_a.serialize(format='nt')}\n"
                        f"server only:\n{only_b.serialize(format='nt')}")


def _graphs_of(paths) -> dict:
    from kg.documents import read_documents
    from kg.extract import extract
    from kg.rdf import to_rdf
    from kg.resolve import resolve

    docs = [extract(d) for d in read_documents(paths)]
    return quads_of(to_rdf(docs, resolve(docs)))


def test_from_url_finds_the_endpoints():
    ox = RemoteStore.from_url("http://127.0.0.1:7878/")
    assert (ox.query_url, ox.update_url) == ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update")
    fuseki = RemoteStore.from_url("http://127.0.0.1:3030/ds/sparql")
    assert (fuseki.query_url, fuseki.update_url) == ("http://127.0.0.1:3030/ds/query", "http://127.0.0.1:3030/ds/update")
    graphdb = RemoteStore.from_url("http://127.0.0.1:7200/repositories/kg")
    assert graphdb.update_url == "http://127.0.0.1:7200/repositories/kg/statements"
    with pytest.raises(StoreError, match="http"):
        RemoteStore.from_url("127.0.0.1:7878")


def test_unreachable_server_says_so():
    store = RemoteStore.from_url(f"http://127.0.0.1:{_free_port()}", timeout=2)
    with pytest.raises(StoreError, match="is the server running"):
        store.documents()


@pytest.mark.parametrize("max_request_bytes", [8 * 2**20, 4096])
def test_apply_matches_the_embedded_store(oxigraph_server, tmp_path, seeds_dir, max_request_bytes):
    graphs = _graphs_of([seeds_dir])
    embedded = GraphStore(tmp_path / "store")
    remote = RemoteStore.from_url(oxigraph_server, max_request_bytes=max_request_bytes)
    assert embedded.apply(graphs) == remote.apply(graphs)
    _assert_same_datasets(embedded, remote)
    assert remote.documents() == embedded.documents()
    assert len(remote) == len(embedded)
    # the same again changes nothing; dropping one document drops exactly its graph
    assert remote.apply(graphs) == (0, 0)
    first = sorted(graphs)[0]
    assert embedded.apply({}, [first]) == remote.apply({}, [first])
    _assert_same_datasets(embedded, remote)
    assert first not in remote.documents()


def test_build_into_the_server_is_incremental_like_the_embedded_build(oxigraph_server, tmp_path, seeds_dir):
    from kg.build import build

    corpus = tmp_path / "articles"
    shutil.copytree(seeds_dir, corpus)
    remote = RemoteStore.from_url(oxigraph_server)
    first = build([corpus], tmp_path / "emb", progress=False, view=False)
    first_r = build([corpus], tmp_path / "rem", progress=False, view=False, store=remote)
    assert (first_r.added, first_r.removed) == (first.added, first.removed) and first.added > 0
    _assert_same_datasets(GraphStore(tmp_path / "emb" / "store", read_only=True), remote)

    again = build([corpus], tmp_path / "rem", progress=False, view=False, store=remote)
    assert (again.added, again.removed, again.changed) == (0, 0, 0)

    changed = sorted(corpus.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n院长主持会议。\n", encoding="utf-8")
    sorted(corpus.iterdir())[2].unlink()
    emb = build([corpus], tmp_path / "emb", progress=False, prune=True)
    rem = build([corpus], tmp_path / "rem", progress=False, prune=True, store=remote)
    assert (rem.added, rem.removed, rem.changed) == (emb.added, emb.removed, emb.changed)
    assert rem.removed_documents == emb.removed_documents and len(rem.removed_documents) == 1
    _assert_same_datasets(GraphStore(tmp_path / "emb" / "store", read_only=True), remote)
    # graph.ttl and the page are made from a temporary embedded copy of the server's graphs, then deleted
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "rem" / name).read_bytes() == (tmp_path / "emb" / name).read_bytes(), name
    assert not [p.name for p in (tmp_path / "rem").iterdir() if p.name.startswith(".")]


def test_query_reads_the_union_of_the_document_graphs(oxigraph_server, seeds_dir):
    remote = RemoteStore.from_url(oxigraph_server)
    graphs = _graphs_of([Path(seeds_dir) / sorted(p.name for p in Path(seeds_dir).iterdir())[0]])
    remote.apply(graphs)
    n = sum(len(q) for q in graphs.values())
    rows = list(remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0]["n"].value) == n == len(remote)


def test_kg_build_store_option(oxigraph_server, tmp_path, seeds_dir, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    runner = CliRunner()
    emb = runner.invoke(main, ["build", "seeds", "--out", "emb", "--no-view"])
    rem = runner.invoke(main, ["build", "seeds", "--out", "rem", "--no-view", "--store", oxigraph_server])
    assert emb.exit_code == 0 and rem.exit_code == 0, rem.output
    assert not (tmp_path / "rem" / "store").exists()  # nothing went to the embedded store
    _assert_same_datasets(GraphStore(tmp_path / "emb" / "store", read_only=True), RemoteStore.from_url(oxigraph_server))
    again = runner.invoke(main, ["build", "seeds", "--out", "rem", "--no-view", "--store", oxigraph_server])
    assert "triples added: 0, removed: 0" in again.output
