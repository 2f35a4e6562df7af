"""Running read-only SPARQL queries in a child process that can be killed at a deadline.

pyoxigraph has no way to cancel a running query, so `kg serve` runs each query in a `QueryWorker`: a
child process that opens the store read-only, runs the query, serialises the result in the format the
client asked for (stopping once it passes a byte cap) and sends the bytes back.  If the answer does not
come by the deadline, the parent kills the child and starts a fresh one.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import re
import threading
from dataclasses import dataclass
from typing import Any

# media types, best first: SELECT/ASK results and CONSTRUCT/DESCRIBE graphs
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "application/n-quads": "N_QUADS",
}
_XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls XML 1.0 cannot hold, even escaped


@dataclass(frozen=True)
class Answer:
    """What a query gave: an HTTP status, a media type and the body."""

    status: int
    content_type: str
    body: bytes


def negotiate(accept: str, offered: dict[str, str]) -> str | None:
    """The media type of `offered` that the Accept header `accept` likes best (None if none fits)."""
    if not accept.strip():
        return next(iter(offered))
    ranked: list[tuple[float, int, str]] = []
    for pos, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            m = re.fullmatch(r"q\s*=\s*([0-9.]+)", f)
            if m:
                q = float(m.group(1))
        if q > 0:
            ranked.append((-q, pos, media))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            for candidate in offered:
                if family == "*" or candidate.startswith(family + "/"):
                    return candidate
    return None


class _CappedBuffer(io.RawIOBase):
    """A byte buffer that refuses to grow past `cap` bytes (raises OSError, which stops a serialiser)."""

    def __init__(self, cap: int):
        self.cap, self.parts, self.size = cap, [], 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.size += len(b)
        if self.size > self.cap:
            raise OSError("result cap exceeded")
        self.parts.append(bytes(b))
        return len(b)

    def value(self) -> bytes:
        return b"".join(self.parts)


def run_query(store: Any, query: str, accept: str, max_bytes: int, options: dict) -> Answer:
    """Run `query` on a pyoxigraph store and serialise the result for `accept` (at most `max_bytes`)."""
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    if options.get("default_graph"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in options["default_graph"]]
    else:
        kwargs["use_default_graph_as_union"] = True
    if options.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in options["named_graphs"]]
    try:
        result = store.query(query, **kwargs)
    except SyntaxError as e:
        return Answer(400, "text/plain; charset=utf-8", f"SPARQL syntax error: {e}\n".encode())
    if isinstance(result, ox.QueryTriples):
        offered, formats = GRAPH_TYPES, ox.RdfFormat
    else:
        offered, formats = RESULT_TYPES, ox.QueryResultsFormat
    media = negotiate(accept, offered)
    if media is None:
        return Answer(406, "text/plain; charset=utf-8",
                      f"cannot answer in {accept!r}; ask for one of: {', '.join(offered)}\n".encode())
    buf = _CappedBuffer(max_bytes)
    try:
        if isinstance(result, ox.QueryTriples):
            ox.serialize(result, buf, getattr(formats, offered[media]))
        else:
            result.serialize(buf, getattr(formats, offered[media]))
    except OSError as e:
        if buf.size > buf.cap:
            return Answer(413, "text/plain; charset=utf-8",
                          f"the result is larger than the cap of {max_bytes} bytes; add a LIMIT or narrow the "
                          "query (kg serve --max-result-mb raises the cap)\n".encode())
        return Answer(500, "text/plain; charset=utf-8", f"query failed: {e}\n".encode())
    charset = "" if "xml" in media or "json" in media else "; charset=utf-8"
    body = buf.value()
    if "xml" in media:  # a literal from an article may hold a control character: U+FFFD keeps the XML well-formed
        body = _XML_FORBIDDEN.sub("\ufffd".encode(), body)
    return Answer(200, media + charset, body)


def _worker_main(conn: Any, store_path: str) -> None:
    """Child process: open the store read-only, answer queries from `conn` until it closes."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            query, accept, max_bytes, options = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run_query(store, query, accept, max_bytes, options)
        except Exception as e:  # noqa: BLE001 - any failure is reported to the client, the worker lives on
            answer = Answer(500, "text/plain; charset=utf-8", f"query failed: {type(e).__name__}: {e}\n".encode())
        conn.send(answer)


class QueryTimeout(Exception):
    """The query did not finish before the deadline (its worker was killed)."""


class QueryWorker:
    """One child process holding the store open read-only; `ask()` runs one query with a deadline."""

    def __init__(self, store_path: str):
        self.store_path = store_path
        self._ctx = mp.get_context("spawn")
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        self._start()

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(child, self.store_path), daemon=True)
        proc.start()
        child.close()
        try:
            ready = parent.poll(60) and parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            proc.kill()
            raise RuntimeError(f"the query worker could not open the store {self.store_path} read-only; "
                               "is it a store written by `kg build`?")
        self._proc, self._conn = proc, parent

    def ask(self, query: str, accept: str, max_bytes: int, timeout: float, options: dict) -> Answer:
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            try:
                self._conn.send((query, accept, max_bytes, options))
                if self._conn.poll(timeout):
                    return self._conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._kill()
                raise RuntimeError("the query worker died; try again") from None
            self._kill()
            raise QueryTimeout

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
            self._conn.close()
        self._proc = self._conn = None

    def close(self) -> None:
        with self._lock:
            self._kill()
