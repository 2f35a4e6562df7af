"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over DIR/store, plus the HTML views of DIR.

A small standard WSGI app (served by the stdlib `wsgiref` server, one thread per request):

- ``/sparql``: GET ``?query=``, POST form-encoded ``query=`` or ``application/sparql-query``; the answer format
  follows the Accept header (SPARQL JSON/XML/CSV/TSV for SELECT and ASK; Turtle, N-Triples, RDF/XML, JSON-LD
  for CONSTRUCT and DESCRIBE).  The default graph is the union of the per-document named graphs unless the
  request names ``default-graph-uri`` / ``named-graph-uri``.
- read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) and federated ``SERVICE`` are refused (403).
- limits: a query timeout (the query runs in a killable child process, see `kg.sparql_worker`), a cap on the
  size of a result, on the size of a request and on the number of queries running at once.
- ``/`` serves DIR/graph.html; ``/view/`` lists the other pages, ``/view/<path>`` serves them.

The store is opened read-only when the server starts and shows the graph as it was then: restart
`kg serve` after a `kg build` into the same folder (reading while another process writes is not supported
by Oxigraph's read-only mode).
"""

from __future__ import annotations

import html
import mimetypes
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from kg import defaults
from kg.errors import StoreError
from kg.sparql_worker import Answer, QueryTimeout, QueryWorker

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
STATIC_SUFFIXES = {".html", ".htm", ".js", ".css", ".png", ".svg", ".json"}
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits: seconds per query, bytes per result and per request, queries at once."""

    timeout: float = 10.0
    max_result_bytes: int = 32 * 2**20
    max_request_bytes: int = 1 * 2**20
    workers: int = 2


# strings, IRIs and comments: removed before looking for keywords
_STRIP = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def refusal(query: str) -> str | None:
    """Why a read-only endpoint must refuse `query` (an update, or a federated SERVICE call), or None."""
    bare = _STRIP.sub(" ", query)
    if re.search(r"(?<![\w:?$])SERVICE(?![\w:])", bare, re.IGNORECASE):
        return "federated queries (SERVICE) are refused by this endpoint; query the local graph only"
    body = re.sub(r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)*", "", bare, flags=re.IGNORECASE)
    word = re.match(r"\s*([A-Za-z]+)", body)
    if word and word.group(1).upper() in UPDATE_WORDS:
        return (f"this endpoint is read-only: SPARQL Update ({word.group(1).upper()}) is refused; "
                "change the graph with `kg build` (or `kg build --store URL` for a writable server)")
    return None


class SparqlApp:
    """The WSGI application of `kg serve` (callable as ``app(environ, start_response)``)."""

    def __init__(self, out_dir: str | Path, limits: Limits | None = None):
        self.out_dir = Path(out_dir).resolve()
        self.limits = limits or Limits()
        store = self.out_dir / defaults.STORE_DIR
        if not store.is_dir():
            raise StoreError(f"no store at {store}; run `kg build PATHS --out {out_dir}` first")
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        for _ in range(max(1, self.limits.workers)):
            self._idle.put(QueryWorker(str(store)))
        self._all = list(self._idle.queue)

    def close(self) -> None:
        for w in self._all:
            w.close()

    # -- WSGI ------------------------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        if path in ("/sparql", "/query"):
            answer = self.sparql(environ)
        elif path in ("/", "/index.html"):
            answer = self.static(defaults.VIEW_FILE)
        elif path.rstrip("/") == "/view":
            answer = self.listing()
        elif path.startswith("/view/"):
            answer = self.static(path[len("/view/"):])
        elif path.startswith("/lib/"):  # pyvis pages load lib/… relative to themselves
            answer = self.static(path[1:])
        else:
            answer = Answer(404, TEXT, b"not found; the SPARQL endpoint is /sparql, the views are under /view/\n")
        headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body)))]
        if path in ("/sparql", "/query"):
            headers.append(("Vary", "Accept"))
        start_response(f"{answer.status} {_REASONS.get(answer.status, 'Error')}", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [answer.body]

    def sparql(self, environ: dict) -> Answer:
        method = environ.get("REQUEST_METHOD", "GET")
        if len(environ.get("QUERY_STRING", "")) > self.limits.max_request_bytes:
            return Answer(414, TEXT, b"the query string is too long; send the query by POST\n")
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return Answer(400, TEXT, b"bad Content-Length\n")
            if length > self.limits.max_request_bytes:
                return Answer(413, TEXT, f"request larger than {self.limits.max_request_bytes} bytes\n".encode())
            body = environ["wsgi.input"].read(length) if length else b""
            ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return Answer(403, TEXT, b"this endpoint is read-only: SPARQL Update is refused\n")
            if ctype == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8", "replace"))
            elif ctype in ("application/x-www-form-urlencoded", ""):
                for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
            else:
                return Answer(415, TEXT, f"unsupported Content-Type {ctype!r}; send application/sparql-query "
                                         "or a form with query=\n".encode())
        elif method not in ("GET", "HEAD"):
            return Answer(405, TEXT, b"use GET or POST\n")
        if "update" in params:
            return Answer(403, TEXT, b"this endpoint is read-only: SPARQL Update is refused\n")
        queries = params.get("query", [])
        if len(queries) != 1:
            if not queries and method == "GET":
                return Answer(200, "text/html; charset=utf-8", _FORM)
            return Answer(400, TEXT, b"give exactly one query= parameter\n")
        reason = refusal(queries[0])
        if reason:
            return Answer(403, TEXT, (reason + "\n").encode())
        options = {"default_graph": params.get("default-graph-uri", []),
                   "named_graphs": params.get("named-graph-uri", [])}
        return self.run(queries[0], environ.get("HTTP_ACCEPT", ""), options)

    def run(self, query: str, accept: str, options: dict) -> Answer:
        """Run one query on an idle worker, with the timeout and the result cap."""
        try:
            worker = self._idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            return Answer(503, TEXT, b"all query workers are busy; try again later\n")
        try:
            return worker.ask(query, accept, self.limits.max_result_bytes, self.limits.timeout, options)
        except QueryTimeout:
            return Answer(503, TEXT, f"query timed out after {self.limits.timeout:g} s and was stopped; add a "
                                     "LIMIT or more selective patterns\n".encode())
        except RuntimeError as e:
            return Answer(500, TEXT, f"{e}\n".encode())
        finally:
            self._idle.put(worker)

    def static(self, rel: str) -> Answer:
        target = (self.out_dir / rel).resolve()
        if (not target.is_relative_to(self.out_dir) or target.suffix.lower() not in STATIC_SUFFIXES
                or defaults.STORE_DIR in target.relative_to(self.out_dir).parts[:1] or not target.is_file()):
            hint = " (run `kg build` to make the views)" if rel == defaults.VIEW_FILE else ""
            return Answer(404, TEXT, f"no page {rel}{hint}\n".encode())
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        return Answer(200, ctype, target.read_bytes())

    def listing(self) -> Answer:
        pages = sorted(p.relative_to(self.out_dir).as_posix() for p in self.out_dir.rglob("*.html")
                       if defaults.STORE_DIR not in p.relative_to(self.out_dir).parts[:1])
        items = "".join(f'<li><a href="/view/{html.escape(p)}">{html.escape(p)}</a></li>' for p in pages)
        return Answer(200, "text/html; charset=utf-8",
                      f"<!doctype html><meta charset=utf-8><title>views</title><ul>{items}</ul>".encode())


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            406: "Not Acceptable", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
            500: "Internal Server Error", 503: "Service Unavailable"}
_FORM = (b"<!doctype html><meta charset=utf-8><title>SPARQL</title><form method=post action=/sparql>"
         b"<textarea name=query rows=12 cols=80>SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20</textarea><br>"
         b"<button>run</button></form>")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        if self.server.log:  # type: ignore[attr-defined]
            super().log_message(format, *args)


@dataclass
class RunningServer:
    """A server started by `start_server` (in a background thread); `stop()` shuts it down."""

    url: str
    server: Any
    app: SparqlApp
    thread: threading.Thread

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.app.close()
        self.thread.join(5)


def start_server(out_dir: str | Path, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None,
                 log: bool = False) -> RunningServer:
    """Start the endpoint in a background thread (port 0: a free port) and return it running."""
    app = SparqlApp(out_dir, limits)
    server = make_server(host, port, app, server_class=_Server, handler_class=_QuietHandler)
    server.log = log  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
    thread.start()
    return RunningServer(f"http://{host}:{server.server_address[1]}", server, app, thread)


def serve(out_dir: str | Path, host: str = "127.0.0.1", port: int = 7878, limits: Limits | None = None) -> None:
    """Serve until interrupted (Ctrl-C)."""
    running = start_server(out_dir, host, port, limits, log=True)
    print(f"SPARQL endpoint: {running.url}/sparql   views: {running.url}/   (Ctrl-C stops)", file=sys.stderr)
    try:
        running.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
