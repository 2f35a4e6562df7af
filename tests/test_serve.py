"""`kg serve`: the SPARQL 1.1 Protocol endpoint, tested over HTTP with real clients on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from kg.serve import Limits, refusal, start_server

pytestmark = pytest.mark.timeout(120)

EX = "https://w3id.org/hospital-kg/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _write_store(out: Path, docs: int = 5, per_doc: int = 40) -> int:
    """A store laid out as `kg build` lays it out: one named graph per document."""
    import pyoxigraph as ox

    store = ox.Store(str(out / "store"))
    n = 0
    for d in range(docs):
        graph = ox.NamedNode(f"{EX}doc/{d}")
        for i in range(per_doc):
            s = ox.NamedNode(f"{EX}e{d}-{i}")
            store.add(ox.Quad(s, ox.NamedNode(LABEL), ox.Literal(f"实体{d}-{i}", language="zh"), graph))
            store.add(ox.Quad(s, ox.NamedNode(EX + "inDoc"), ox.Literal(d), graph))
            n += 2
    store.flush()
    del store
    return n


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("served")
    n = _write_store(out)
    (out / "graph.html").write_text("<!doctype html><title>graph</title><p>图</p>", encoding="utf-8")
    (out / "views").mkdir()
    (out / "views" / "centres.html").write_text("<p>centres</p>", encoding="utf-8")
    return out, n


@pytest.fixture(scope="module")
def server(built):
    running = start_server(built[0], limits=Limits(timeout=3.0, workers=2))
    yield running
    running.stop()


def _client(server, fmt=JSON) -> SPARQLWrapper:
    w = SPARQLWrapper(server.url + "/sparql")
    w.setReturnFormat(fmt)
    return w


def test_binds_loopback_by_default(server):
    assert server.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_select_over_every_protocol_form(server, built, method):
    w = _client(server)
    if method != "GET":
        w.setMethod(POST)
    if method == "POSTDIRECTLY":
        w.setRequestMethod(POSTDIRECTLY)
    w.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    rows = w.query().convert()["results"]["bindings"]
    assert int(rows[0]["n"]["value"]) == built[1]  # the default graph is the union of the document graphs


def test_ask_and_select_in_xml_csv_tsv(server):
    w = _client(server, XML)
    w.setQuery("ASK { ?s ?p \"实体0-1\"@zh }")
    doc = w.query().convert()  # an xml.dom document
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    w = _client(server, CSV)
    w.setQuery(f"SELECT ?s WHERE {{ ?s <{LABEL}> \"实体2-3\"@zh }}")
    assert w.query().convert().decode().splitlines() == ["s", f"{EX}e2-3"]
    r = requests.get(server.url + "/sparql", params={"query": f"SELECT ?l WHERE {{ <{EX}e1-1> <{LABEL}> ?l }}"},
                     headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200 and r.text.splitlines() == ["?l", '"实体1-1"@zh']


def test_construct_formats_give_the_same_graph(server):
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EX}doc/3> {{ ?s ?p ?o }} }}"
    graphs = {}
    for accept, fmt in [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")]:
        r = requests.post(server.url + "/sparql", data=query.encode(),
                          headers={"Content-Type": "application/sparql-query", "Accept": accept})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
        graphs[fmt] = rdflib.Graph().parse(data=r.content, format=fmt)
    assert len(graphs["turtle"]) == 80
    for g in graphs.values():
        assert isomorphic(g, graphs["turtle"])


def test_rdflib_sparqlstore_reads_the_endpoint(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = rdflib.Graph(SPARQLStore(server.url + "/sparql", returnFormat="json"))
    rows = list(g.query(f"SELECT ?s WHERE {{ ?s <{LABEL}> ?l FILTER(STRSTARTS(STR(?l), \"实体4-1\")) }}"))
    assert sorted(str(r[0]) for r in rows) == sorted(f"{EX}e4-{i}" for i in [1, *range(10, 20)])


def test_named_graph_parameters_restrict_the_dataset(server):
    r = requests.get(server.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                                    "default-graph-uri": f"{EX}doc/1"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "80"


def test_unacceptable_format_is_406(server):
    r = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x#>\n# a comment\ndelete where { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_updates_and_service_are_refused(server, query):
    for r in (requests.get(server.url + "/sparql", params={"query": query}),
              requests.post(server.url + "/sparql", data={"update": query}),
              requests.post(server.url + "/sparql", data=query.encode(),
                            headers={"Content-Type": "application/sparql-update"})):
        assert r.status_code == 403 and ("read-only" in r.text or "SERVICE" in r.text)
    r = requests.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json()["boolean"] is True  # nothing was changed


def test_refusal_ignores_keywords_inside_strings_and_iris():
    assert refusal('SELECT * { ?s ?p "DROP SERVICE" . ?s <urn:service> ?o }') is None
    assert refusal("select * { ?s ?p ?o } # SERVICE in a comment") is None
    assert refusal("SELECT * { service <urn:x> { ?s ?p ?o } }") is not None


def test_cartesian_product_times_out_and_the_server_recovers(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    r = requests.get(server.url + "/sparql", params={"query": query})
    took = time.monotonic() - start
    assert r.status_code == 503 and "timed out" in r.text
    assert took < 3.0 + 2.0
    r = requests.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_result_size_cap(built):
    running = start_server(built[0], limits=Limits(timeout=5, max_result_bytes=2000, workers=1))
    try:
        r = requests.get(running.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
        assert r.status_code == 413 and "LIMIT" in r.text
        r = requests.get(running.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"})
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    finally:
        running.stop()


def test_request_size_limits(server):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (Limits().max_request_bytes + 10)
    r = requests.post(server.url + "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    r = requests.get(server.url + "/sparql", params={"query": "ASK {} #" + "x" * 60000})
    assert r.status_code in (200, 414)  # the stdlib server caps the request line itself at 64 KiB


def test_head_gives_the_headers_only(server):
    r = requests.head(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.content == b"" and int(r.headers["Content-Length"]) > 0
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")


def test_bad_query_is_400_with_the_parser_message(server):
    r = requests.get(server.url + "/sparql", params={"query": "SELEKT * { ?s ?p ?o }"})
    assert r.status_code == 400 and "syntax" in r.text.lower()


def test_views_are_served_and_the_store_is_not(server):
    r = requests.get(server.url + "/")
    assert r.status_code == 200 and "图" in r.text and r.headers["Content-Type"].startswith("text/html")
    listing = requests.get(server.url + "/view/").text
    assert "views/centres.html" in listing and "store" not in listing
    assert requests.get(server.url + "/view/views/centres.html").text == "<p>centres</p>"
    assert requests.get(server.url + "/view/store/CURRENT").status_code == 404
    assert requests.get(server.url + "/view/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kg_serve_command(built):
    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(built[0]), "--port", str(port),
                             "--timeout", "5"], stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and proc.poll() is None, "kg serve did not start"
                time.sleep(0.2)
        assert json.loads(r.text)["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(10)


def test_missing_store_says_what_to_do(tmp_path):
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="kg build"):
        start_server(tmp_path)


def test_turtle_client(server):
    w = _client(server, TURTLE)
    w.setQuery(f"DESCRIBE <{EX}e0-0>")
    g = rdflib.Graph().parse(data=w.query().convert(), format="turtle")
    assert (rdflib.URIRef(f"{EX}e0-0"), rdflib.URIRef(LABEL), rdflib.Literal("实体0-0", lang="zh")) in g


@pytest.fixture(scope="module")
def seeds_server(seeds_dir, tmp_path_factory):
    """The endpoint over a real build of the seeds."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds-served")
    build([seeds_dir], out, progress=False, view=False)
    running = start_server(out, limits=Limits(timeout=2.0, workers=1))
    yield out, running
    running.stop()


def test_seeds_graph_answers_like_the_embedded_store(seeds_server):
    from kg.defaults import ONTOLOGY_DIR
    from kg.store import GraphStore

    out, running = seeds_server
    query = (ONTOLOGY_DIR / "queries" / "leaders.rq").read_text(encoding="utf-8")
    r = requests.post(running.url + "/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert r.status_code == 200
    rows = r.text.splitlines()[1:]
    store = GraphStore(out / "store", read_only=True)
    expected = list(store.query(query))
    assert len(rows) == len(expected)


def test_cartesian_product_over_the_seeds_graph_is_stopped_within_the_limit(seeds_server):
    _, running = seeds_server
    start = time.monotonic()
    r = requests.get(running.url + "/sparql",
                     params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 503 and "timed out after 2 s" in r.text
    assert time.monotonic() - start < 2.0 + 1.5
