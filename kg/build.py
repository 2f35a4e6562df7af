"""`kg build`: read -> extract -> resolve -> RDF -> store -> DIR/graph.ttl and DIR/graph.html.

Exact incremental builds: every document has its own named graph (keyed by content hash and path).  A
build re-reads the given paths plus every document already in the store whose file still exists (so
entity resolution always sees the whole corpus), recomputes each document graph and writes only the
difference: re-running on the same input adds and removes 0 triples; a changed file replaces its own graph;
`remove` and `prune` drop documents.  Outputs are written to a temporary file and renamed, and the store
is changed in a copy (`GraphStore.staged`) swapped in at the end, so a killed build leaves the previous
outputs and store intact.

Memory stays bounded by streaming in two passes: pass 1 extracts each document, keeps only its compact
resolution index (`kg.resolve.index_entry`) and parks the document in a temporary spool file; pass 2 reads
the documents back one by one, turns each into pyoxigraph quads and writes them in batches.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from kg import build_state, defaults
from kg.cache import ExtractionCache
from kg.errors import DocumentError, KgError
from kg.iris import graph_iri, norm_path
from kg.model import Document
from kg.progress import bar
from kg.store import GraphBackend, GraphStore
from kg.vocab import HKG, ID, SDO

if TYPE_CHECKING:
    from kg.remote import RemoteStore

ENTITY_CLASSES = {
    "hospitals": HKG.Hospital,
    "hospital groups": HKG.HospitalGroup,
    "health centres": HKG.HealthCentre,
    "branches": HKG.Branch,
    "medical institutions (all)": HKG.MedicalInstitution,
    "organizations (all)": HKG.Organization,  # reported without the medical institutions
    "persons": SDO.Person,
    "clinical centres": HKG.ClinicalCentre,
    "initiatives": HKG.Initiative,
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
FACT_CLASSES = {"posts": HKG.PostHolding, "centres": HKG.CentreFact, "partnerships": HKG.Partnership,
                "initiatives": HKG.InitiativeFact}


@dataclass
class BuildSummary:
    """What a build did (`lines()` is what `kg build` prints)."""

    read: int = 0
    rechecked: int = 0
    cached: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    changed: int = 0
    removed_documents: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    added: int = 0
    removed: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed since the last build: it stopped after reading (`kg.build_state`)

    @property
    def documents(self) -> int:
        return self.read + self.rechecked

    def lines(self) -> list[str]:
        out = [f"documents read: {self.read}" + (f" (+{self.rechecked} already in the store, re-checked)"
                                                  if self.rechecked else "")
               + (f"; {self.cached} unchanged ones taken from the extraction cache" if self.cached else "")]
        out.append(f"documents skipped: {len(self.skipped)}")
        out += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        out.append(f"documents unchanged: {self.unchanged}, new or changed: {self.changed}, "
                   f"removed: {len(self.removed_documents)}")
        out += [f"  removed {p}" for p in self.removed_documents]
        if self.stale:
            out.append(f"documents kept although their file is gone: {len(self.stale)} (use --prune to drop them)")
        names = {"organizations (all)": "other organizations"}
        out.append("entities: " + ", ".join(f"{names.get(k, k)} {v}" for k, v in self.entities.items()))
        out.append("facts: " + ", ".join(f"{k} {v}" for k, v in self.facts.items()))
        note = " (nothing changed)" if not self.added and not self.removed else ""
        out.append(f"triples added: {self.added}, removed: {self.removed}{note}")
        if self.up_to_date:
            out.append("same documents, same code and an untouched store as the last build: "
                       "graph.ttl and the page are kept as they are")
        out += [f"wrote {p}" for p in self.outputs]
        out += [f"warning: {w}" for w in self.warnings]
        out.append(f"seconds: {self.seconds:.1f}")
        return [_CONTROL.sub("\ufffd", line) for line in out]  # a file name's ESC codes stay off the terminal


def _shown(path: str | Path) -> str:
    """How a path is stored: relative to the working directory when under it, else absolute; `/` separators."""
    try:
        p = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop: shown as written, made absolute
        p = Path(os.path.abspath(path))
    try:
        return norm_path(str(p.relative_to(Path.cwd().resolve())))
    except ValueError:
        return norm_path(str(p))


def _under(path: str, targets: Sequence[str]) -> bool:
    return any(path == t or path.startswith(t.rstrip("/") + "/") for t in targets)


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` and rename the temporary file to `path` (no half-written output ever)."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _remove_leftovers(out: Path) -> None:
    """Delete the temporary files (``.graph.<pid>.tmp.ttl``, ``.spool.<pid>.tmp.pickle`` …) of a build that was
    killed: never read, they are left only by a process that is gone (a running `kg view` keeps its own)."""
    for p in out.glob(".*.tmp*"):
        m = re.fullmatch(r"\.[^/]+\.(\d+)\.tmp(\.[\w.]+)?", p.name)
        if m and not _alive(int(m.group(1))):
            if p.is_dir():  # a server's graphs copied for the outputs (`local_copy`)
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # not ours to signal, or no such pid at all: leave its files
        return True
    return True


def extract_all(paths: Iterable[str | Path], summary: BuildSummary, progress: bool,
                parallel: dict | None = None, cache: ExtractionCache | None = None,
                max_bytes: int = defaults.MAX_BYTES) -> list[Document]:
    """Every document of `iter_extracted` in a list."""
    return list(iter_extracted(paths, summary, progress, parallel, cache, max_bytes))


def iter_extracted(paths: Iterable[str | Path], summary: BuildSummary, progress: bool,
                   parallel: dict | None = None, cache: ExtractionCache | None = None,
                   max_bytes: int = defaults.MAX_BYTES) -> Iterator[Document]:
    """Read and extract every document under `paths`, one by one; unreadable ones go to `summary.skipped`.

    `parallel` (e.g. ``{"jobs": 4}`` or ``{"executor": "dask", "scheduler": "local"}``) runs extraction
    through `kg.parallel.extract_documents`; without it, documents are extracted here one by one, or
    taken from `cache` when an unchanged article was extracted by the same code before.  Files larger than
    `max_bytes` are skipped."""

    from kg.documents import read_documents
    from kg.extract import extract

    paths = list(paths)
    if not paths:
        return
    if parallel is not None:
        from kg.parallel import extract_documents

        items: Iterable = extract_documents(paths, path_of=_shown, progress=progress, max_bytes=max_bytes,
                                            cache=cache, **parallel)
    else:
        items = bar(read_documents(paths, max_bytes), progress, "extract")
    hits = cache.hits if cache is not None else 0
    for item in items:
        if isinstance(item, DocumentError):
            summary.skipped.append((_shown(item.path), item.reason))
            continue
        if parallel is not None:
            if cache is not None and cache.hits != hits:  # a worker took it from the cache
                summary.cached, hits = summary.cached + cache.hits - hits, cache.hits
            elif cache is not None:
                cache.put(item)
            yield item
            continue
        item.path = _shown(item.path)
        cached = cache.get(item) if cache is not None else None
        if cached is not None:
            summary.cached += 1
            yield cached
            continue
        try:
            doc = extract(item)
        except Exception as e:  # noqa: BLE001 - one bad article must not stop a build
            summary.skipped.append((item.path, f"extraction failed ({type(e).__name__}: {e})"))
            continue
        if cache is not None:
            cache.put(doc)
        yield doc


class _Spool:
    """Extracted documents parked in one temporary file between the two passes of a build (pass 1 keeps only
    the resolution index in memory; pass 2 reads the documents back one by one)."""

    def __init__(self, folder: Path):
        self.path = folder / f".spool.{os.getpid()}.tmp.pickle"
        self._file = self.path.open("wb")
        self.count = 0

    def put(self, doc: Document) -> None:
        tokens, doc.tokens = doc.tokens, []  # as in the extraction cache: the RDF does not use them
        try:
            pickle.dump(doc, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            doc.tokens = tokens
        self.count += 1

    def __iter__(self) -> Iterator[Document]:
        self._file.close()
        with self.path.open("rb") as f:
            for _ in range(self.count):
                yield pickle.load(f)

    def close(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


def build(
    paths: Sequence[str | Path] = (),
    out: str | Path = defaults.OUT_DIR,
    *,
    prune: bool = False,
    remove: Sequence[str | Path] = (),
    progress: bool = True,
    view: bool = True,
    parallel: dict | None = None,
    store: GraphBackend | None = None,
    cache: bool = True,
    max_bytes: int = defaults.MAX_BYTES,
) -> BuildSummary:
    """Build (or update) the graph in `out` from the articles under `paths`; see the module docstring.

    `parallel` is passed to `kg.parallel.extract_documents` (None: extract in this process); `store` is
    where the graph goes (default: the embedded store ``out/store``; `kg.remote.RemoteStore` for a server);
    `cache` keeps extracted documents under ``out/cache`` (see `kg.cache`); files larger than `max_bytes`
    are skipped with their reason.
    """
    from kg.resolve import index_entry, resolve

    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = BuildSummary()
    own_store = store is None
    if store is None:
        store = GraphStore(out / defaults.STORE_DIR)  # locks the store: no other build writes to `out` now
        _remove_leftovers(out)
    stored = store.documents()

    extraction_cache = ExtractionCache(out / "cache") if cache else None
    spool = _Spool(out)
    try:
        # pass 1: extract, keep a compact index for resolution, park the documents in the spool
        index = []
        seen: set[str] = set()
        kept_paths: set[str] = set()

        def take(doc: Document) -> None:
            entry = index_entry(doc)
            if entry[0] in seen:  # the same article twice: the first one counts
                return
            seen.add(entry[0])
            kept_paths.add(doc.path)
            index.append(entry)
            spool.put(doc)

        read_paths: set[str] = set()
        for doc in iter_extracted(paths, summary, progress, parallel, extraction_cache, max_bytes):
            summary.read += 1
            read_paths.add(doc.path)
            take(doc)
        removed_targets = [_shown(p) for p in remove]
        drop: set[URIRef] = set()
        recheck: list[str] = []
        for g, sd in sorted(stored.items()):
            if _under(sd.path, removed_targets) or (prune and not Path(sd.path).exists()):
                drop.add(g)
                summary.removed_documents.append(sd.path)
            elif sd.path in read_paths:
                continue
            elif Path(sd.path).exists():
                recheck.append(sd.path)
            else:
                summary.stale.append(sd.path)
        for doc in iter_extracted(sorted(set(recheck)), summary, progress, parallel, extraction_cache, max_bytes):
            summary.rechecked += 1
            take(doc)

        keep = {graph_iri(k) for k in seen}
        for g, sd in stored.items():  # a changed file: its old graph goes
            if g not in keep and sd.path in kept_paths:
                drop.add(g)
        after = (set(stored) - drop) | keep  # the document graphs of the store when this build is done
        wanted = [defaults.GRAPH_FILE, *([defaults.VIEW_FILE] if view else [])]
        last = build_state.load(out) if own_store else None
        if last is not None and after == set(stored) and last.holds(out, keep, after, len(store),
                                                                      wanted):
            summary.unchanged = len(keep)
            summary.up_to_date = True
            summary.entities, summary.facts = Counter(last.entities), Counter(last.facts)
            summary.seconds = time.perf_counter() - t0
            return summary
        if own_store:
            build_state.save(out, None)  # the store and the outputs may change from here on
        resolution = resolve(index=index)
        index.clear()

        # pass 2: one document graph at a time, written to a copy of the store that replaces it at the end
        target = store.staged() if isinstance(store, GraphStore) else None
        try:
            _write_graphs(bar(spool, progress, "graphs", total=spool.count), resolution, store, target, stored, drop,
                          summary)
        except BaseException:
            if target is not None:
                target.discard()
            raise
    finally:
        spool.close()
    del resolution, stored  # free before graph.ttl and the page: ~1 GB at 100 k articles
    _release_memory()
    if extraction_cache is not None:
        extraction_cache.prune()

    summary.entities = Counter({k: store.count(c) for k, c in ENTITY_CLASSES.items()})
    summary.entities["organizations (all)"] -= summary.entities["medical institutions (all)"]
    summary.facts = Counter({k: store.count(c) for k, c in FACT_CLASSES.items()})
    # graph.ttl and the page come from an embedded store: a server's document graphs are copied to one first
    source = store if isinstance(store, GraphStore) else local_copy(store, out)
    quads = len(store) if own_store else 0
    try:
        summary.outputs.append(write_atomic(out / defaults.GRAPH_FILE,
                                            lambda tmp: write_turtle(source, tmp, progress)))
        if view:
            if own_store:
                page_source: GraphStore | Path = store.path  # reopened read-only
                del store, source  # release the embedded store before the slow part
            else:
                page_source = source
            page = write_page(page_source, out / defaults.VIEW_FILE, summary.warnings)
            if page is not None:
                summary.outputs.append(page)
    finally:
        if not own_store:
            source.discard()
    if own_store:
        build_state.save(out, build_state.BuildState.of(out, keep, after, quads, summary.outputs, summary.entities,
                                                        summary.facts))
    summary.seconds = time.perf_counter() - t0
    return summary


def _release_memory() -> None:
    """Hand the heap the resolution used back to the system before the outputs: clear the name memos (their
    entries are scattered over the whole heap and keep every memory arena they sit in alive), collect what is
    left in reference cycles, and `malloc_trim` (glibc).  10 k articles: 273 -> 112 MB."""
    from kg.iris import slug
    from kg.resolve import normalize

    slug.cache_clear()
    normalize.cache_clear()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def local_copy(store: RemoteStore, out: Path) -> GraphStore:
    """A temporary embedded store under `out` holding the document graphs of a server (`discard` it after)."""
    copy = GraphStore(out / f".remote.{os.getpid()}.tmp.store", bulk=True)
    try:
        store.copy_into(copy.oxigraph, f"{ID}graph/")
    except BaseException:
        copy.discard()
        raise
    return copy


def _write_graphs(docs: Iterable[Document], resolution, store: GraphBackend, target, stored: dict,
                  drop: set[URIRef], summary: BuildSummary, batch: int = 200) -> None:
    """Pass 2 of a build: each document's graph, compared with the stored one; the changed ones go to `target`
    (a `GraphStore.staged()` copy, in batches of `batch` documents, swapped in at the end) or, without a
    target (a remote store), to `store` in one `apply`."""
    from kg.rdf import document_quads

    changes: dict[URIRef, set] = {}
    changed: set[URIRef] = set()
    for doc in docs:
        g, quads = document_quads(doc, resolution)
        if g in stored and store.graph_quads(g) == quads:
            summary.unchanged += 1
            continue
        summary.changed += 1
        changed.add(g)
        changes[g] = quads
        if target is not None and len(changes) >= batch:
            added, removed = target.apply(changes)
            summary.added, summary.removed = summary.added + added, summary.removed + removed
            changes = {}
    if target is None:
        summary.added, summary.removed = store.apply(changes, drop)
        return
    added, removed = target.apply(changes, drop - changed)
    summary.added, summary.removed = summary.added + added, summary.removed + removed
    if summary.added or summary.removed:
        store.swap_in(target)
    else:
        target.discard()


def document_union(store: GraphBackend) -> Graph:
    """The union of the document graphs (other graphs in the store, e.g. analytics, are left out)."""
    from kg.rdf import PREFIXES

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    prefix = f"{ID}graph/"
    for s, p, o, gi in store.quads():
        if str(gi).startswith(prefix):
            g.add((s, p, o))
    return g


def write_turtle(graph: Graph | GraphBackend, path: Path, progress: bool = False) -> None:
    """Stable Turtle: the same graph always gives the same bytes (sorted subjects, no blank nodes); from an
    embedded store it is written subject by subject (`kg.store_turtle`), same bytes, without an rdflib graph."""
    from kg.export import stable_turtle
    from kg.store_turtle import write_store_turtle

    if isinstance(graph, GraphStore):
        write_store_turtle(graph.oxigraph, path, progress)
    else:
        path.write_bytes(stable_turtle(graph))


def write_page(graph: Graph | GraphStore | Path, path: Path, notes: list[str]) -> Path | None:
    """DIR/graph.html through `kg.views.write_view` of an rdflib graph, or of an embedded store (open, or at a
    path: opened read-only) through `kg.views.from_store.view_of_store`, which selects in a big store and never
    copies it to rdflib whole."""
    from kg.store import GraphStore
    from kg.views import write_view
    from kg.views.from_store import view_of_store

    try:
        if isinstance(graph, Graph):
            return write_atomic(path, lambda tmp: write_view(graph, tmp))
        store = graph if isinstance(graph, GraphStore) else GraphStore(graph, read_only=True)
        return write_atomic(path, lambda tmp: view_of_store(store, tmp))
    except KgError as e:
        notes.append(f"{path.name} not written: {e}")
        return None
