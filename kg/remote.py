"""A SPARQL 1.1 server as the graph store: `kg build --store URL` (Oxigraph server, Fuseki, GraphDB).

`RemoteStore` has the methods `kg.build` calls on the embedded `kg.store.GraphStore`, over the standard
protocols only: SPARQL 1.1 Query (reads: which documents the server holds, a graph's quads, counts) and
SPARQL 1.1 Update (writes).  Each document is one named graph, so incremental semantics are the same as
the embedded store's: `apply` gives each replaced graph exactly its new quads (``DELETE DATA`` of what went,
``INSERT DATA`` of what came) and empties dropped graphs.  The writes of one `apply` go in as few update
requests as fit `max_request_bytes` (one request, so one transaction on Oxigraph and Fuseki, for a small
build; a large build is written graph by graph in batches, each batch atomic).

Endpoints from one URL (`from_url`): ``BASE`` or ``BASE/query`` or ``BASE/sparql`` -> ``BASE/query`` and
``BASE/update`` (Oxigraph server, Fuseki); ``…/repositories/NAME`` -> itself and ``…/statements`` (GraphDB).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.errors import StoreError
from kg.store import RdflibViews, StoredDocument, to_rdflib
from kg.vocab import HKG, RDF, SDO

JSON_RESULTS = "application/sparql-results+json"


def _literal(text: str) -> str:
    return str(ox.Literal(text))


def _ntriples(quads: Iterable[ox.Quad]) -> str:
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


class RemoteStore(RdflibViews):
    """A SPARQL 1.1 Query + Update endpoint pair holding one named graph per document."""

    def __init__(self, query_url: str, update_url: str, *, timeout: float = 300.0,
                 max_request_bytes: int = 8 * 2**20, union_param: bool = True):
        import requests

        self.query_url, self.update_url = query_url, update_url
        self.timeout, self.max_request_bytes = timeout, max_request_bytes
        self.union_param = union_param
        self._http = requests.Session()

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RemoteStore:
        """The query and update endpoints of the dataset at `url` (see the module docstring)."""
        url = url.rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise StoreError(f"--store {url!r} is not an http(s) URL; give the dataset's SPARQL endpoint, "
                             "e.g. http://127.0.0.1:7878 (Oxigraph) or http://127.0.0.1:3030/ds (Fuseki)")
        if "/repositories/" in url:
            return cls(url, url + "/statements", **kwargs)
        for tail in ("/query", "/sparql"):
            if url.endswith(tail):
                url = url[: -len(tail)]
        return cls(url + "/query", url + "/update", **kwargs)

    # -- HTTP ------------------------------------------------------------------------------------------
    def _post(self, url: str, data: bytes, content_type: str, accept: str | None = None,
              params: dict | None = None) -> bytes:
        import requests

        headers = {"Content-Type": content_type + "; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        try:
            r = self._http.post(url, data=data, headers=headers, params=params, timeout=self.timeout)
        except requests.RequestException as e:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {e}; is the server running?") from e
        if r.status_code >= 400:
            raise StoreError(f"the SPARQL endpoint {url} answered {r.status_code}: {r.text[:500].strip()}")
        return r.content

    def _select(self, sparql: str, union: bool = False) -> ox.QuerySolutions | ox.QueryBoolean:
        params = {"union-default-graph": ""} if union and self.union_param else None
        body = self._post(self.query_url, sparql.encode("utf-8"), "application/sparql-query", JSON_RESULTS, params)
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        """Run one SPARQL Update request."""
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update")

    # -- the GraphStore methods that kg.build uses -------------------------------------------------------
    def documents(self) -> dict[URIRef, StoredDocument]:
        """Every document graph on the server, with the path and content hash it was built from."""
        q = f"""SELECT ?g ?path ?hash WHERE {{ GRAPH ?g {{
                  ?d a <{SDO.NewsArticle}> ; <{HKG.filePath}> ?path ; <{HKG.contentHash}> ?hash }} }}"""
        out: dict[URIRef, StoredDocument] = {}
        for row in self._select(q):
            g = URIRef(row["g"].value)
            out[g] = StoredDocument(g, row["path"].value, row["hash"].value)
        return out

    def graph_quads(self, graph: URIRef) -> set[ox.Quad]:
        """The quads of one named graph."""
        gn = ox.NamedNode(str(graph))
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return {ox.Quad(r["s"], r["p"], r["o"], gn) for r in rows}

    def graphs_quads(self, graphs: Iterable[URIRef], chunk: int = 200) -> dict[URIRef, set[ox.Quad]]:
        """The quads of many named graphs, `chunk` graphs per request (graphs the server lacks: empty)."""
        wanted = sorted(set(graphs))
        out: dict[URIRef, set[ox.Quad]] = {g: set() for g in wanted}
        for i in range(0, len(wanted), chunk):
            values = " ".join(f"<{g}>" for g in wanted[i : i + chunk])
            rows = self._select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
            for r in rows:
                out[URIRef(r["g"].value)].add(ox.Quad(r["s"], r["p"], r["o"], r["g"]))
        return out

    def apply(self, replace: dict[URIRef, set[ox.Quad]], drop: Iterable[URIRef] = ()) -> tuple[int, int]:
        """Give each graph of `replace` exactly those quads and empty the graphs of `drop`.
        Returns (triples added, triples removed), as `GraphStore.apply`."""
        drop = sorted(set(drop) - set(replace))
        old_all = self.graphs_quads([*replace, *drop])
        added = removed = 0
        batch: list[str] = []
        size = 0
        for g in sorted(replace):
            old, new = old_all[g], replace[g]
            plus, minus = new - old, old - new
            added, removed = added + len(plus), removed + len(minus)
            for op in self._graph_ops(g, plus, minus):
                if batch and size + len(op) > self.max_request_bytes:
                    self.update(" ;\n".join(batch))
                    batch, size = [], 0
                batch.append(op)
                size += len(op)
        for g in drop:
            removed += len(old_all[g])
            batch.append(f"DROP SILENT GRAPH <{g}>")
        if batch:
            self.update(" ;\n".join(batch))
        return added, removed

    @staticmethod
    def _graph_ops(graph: URIRef, plus: set[ox.Quad], minus: set[ox.Quad]) -> Iterator[str]:
        if minus:
            yield f"DELETE DATA {{ GRAPH <{graph}> {{\n{_ntriples(minus)}}} }}"
        if plus:
            yield f"INSERT DATA {{ GRAPH <{graph}> {{\n{_ntriples(plus)}}} }}"

    def count(self, cls: URIRef) -> int:
        """How many distinct nodes of class `cls` the document graphs hold."""
        q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x <{RDF.type}> <{cls}> }} }}"
        for row in self._select(q):
            return int(row["n"].value)
        return 0

    def __len__(self) -> int:
        for row in self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"):
            return int(row["n"].value)
        return 0

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        """Every quad of the named graphs, as rdflib terms."""
        for r in self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield to_rdflib(r["s"]), to_rdflib(r["p"]), to_rdflib(r["o"]), URIRef(r["g"].value)

    def copy_into(self, target: ox.Store, prefix: str) -> None:
        """Bulk-load every quad of the named graphs whose IRI starts with `prefix` into `target`, streamed: the
        answer is parsed as it arrives, never held whole (a big build's graph.ttl and page are made from it)."""
        import requests

        q = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {_literal(prefix)})) }}"
        try:
            with self._http.post(self.query_url, data=q.encode("utf-8"), stream=True, timeout=self.timeout,
                                 headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                          "Accept": JSON_RESULTS}) as r:
                if r.status_code >= 400:
                    raise StoreError(f"the SPARQL endpoint {self.query_url} answered {r.status_code}: "
                                     f"{r.text[:500].strip()}")
                r.raw.decode_content = True
                rows = ox.parse_query_results(r.raw, format=ox.QueryResultsFormat.JSON)
                quads = (ox.Quad(s, p, o, g) for s, p, o, g in rows)
                while chunk := list(itertools.islice(quads, 100_000)):  # the bulk loader holds what it is given
                    target.bulk_extend(chunk)
        except requests.RequestException as e:
            raise StoreError(f"cannot read the graphs from {self.query_url}: {e}; is the server running?") from e

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        """Run a SELECT or ASK query (the default graph as the union of the named graphs on Oxigraph)."""
        return self._select(sparql, union=True)

    def close(self) -> None:
        self._http.close()
