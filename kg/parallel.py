"""Parallel and distributed extraction: read + extract documents on many cores or a Dask cluster.

Extraction is a pure function of one file, so it runs where the files are: workers get *paths* (in
batches), read the files themselves, run the extractor pipeline (jieba and the lexicons are loaded once
per worker process) and send the extracted `Document`s back.  The caller gets them as a stream, in the
same order as a sequential run (`kg.documents.iter_paths`), with at most a bounded window of batches in
flight, so a build never holds all documents at once.

    >>> for doc in extract_documents(["seeds"], jobs=2):  # doctest: +SKIP
    ...     print(doc.name, len(doc.posts))

Executors: ``process`` (a local process pool; ``jobs=1`` runs in this process) and ``dask`` (a
``distributed`` scheduler at ``scheduler``, or ``"local"`` for a `LocalCluster` of `jobs` workers).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import defaults
from kg.errors import DocumentError, KgError
from kg.model import Document
from kg.progress import bar

if TYPE_CHECKING:
    from kg.cache import ExtractionCache

Item = Document | DocumentError


class Executor(StrEnum):
    """Where extraction runs."""

    PROCESS = "process"
    DASK = "dask"


def extract_batch(items: Sequence[tuple[str, ...]], stages: Sequence[str] | None = None,
                  max_bytes: int = defaults.MAX_BYTES, cache: str | None = None) -> list[Any]:
    """Read and extract one batch of ``(path as listed, absolute path)`` pairs (runs on a worker); files larger
    than `max_bytes` are skipped; an article the extraction cache in the folder `cache` holds (`kg.cache`, when
    the worker can reach it) is taken from there.

    Unreadable files come back as ``("error", path, reason)`` tuples (`DocumentError` does not pickle), cached
    articles as ``("cached", document)``.
    """
    from kg.cache import ExtractionCache
    from kg.documents import read_document
    from kg.extract import extract

    extracted = ExtractionCache(cache) if cache is not None else None

    out: list[Any] = []
    for item in items:
        if len(item) == 3:  # ("error", path, reason): the listing could not use it; passed through in place
            out.append(item)
            continue
        shown, absolute = item
        try:
            doc = read_document(absolute, max_bytes)
        except DocumentError as e:
            out.append(("error", shown, e.reason))
            continue
        doc.path = shown
        hit = extracted.get(doc) if extracted is not None else None
        if hit is not None:
            out.append(("cached", hit))
            continue
        try:
            doc = extract(doc, stages)
        except Exception as e:  # noqa: BLE001 - one bad article must not stop a build (as in kg.build)
            out.append(("error", shown, f"extraction failed ({type(e).__name__}: {e})"))
            continue
        doc.tokens = []  # the segmentation is not needed after extraction; don't ship it back
        out.append(doc)
    return out


def warm_up(stages: Sequence[str] | None = None) -> None:
    """Load jieba and the lexicons in this process (a worker's initializer)."""
    from kg.documents import document_from_text
    from kg.extract import extract

    extract(document_from_text("院长主持会议。"), stages)


def _unpack(results: list[Any], cache: ExtractionCache | None = None) -> Iterator[Item]:
    """The documents and errors of a batch; each cached document counts as a hit of `cache`."""
    for r in results:
        if isinstance(r, tuple) and r[0] == "cached":
            if cache is not None:
                cache.hits += 1
            yield r[1]
        else:
            yield DocumentError(r[1], r[2]) if isinstance(r, tuple) else r


def _batches(paths: Iterable[str | Path], size: int,
             path_of: Callable[[Path], str] = str) -> Iterator[list[tuple[str, ...]]]:
    import kg.documents as reading

    # the same listing as kg.documents.read_documents, errors (bad globs, unreadable folders) in place
    expand = getattr(reading, "_expand", None) or (lambda ps: list(reading.iter_paths(ps)))
    listed = (("error", e.path, e.reason) if isinstance(e, DocumentError) else (path_of(e), str(Path(e).resolve()))
              for e in expand(paths))
    while batch := list(islice(listed, size)):
        yield batch


def _ordered(submit: Callable[[list], Any], result: Callable[[Any], list], batches: Iterable[list],
             window: int, cache: ExtractionCache | None = None) -> Iterator[Item]:
    """Submit batches with at most `window` in flight; yield their results in submission order."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from _unpack(result(pending.popleft()), cache)
    while pending:
        yield from _unpack(result(pending.popleft()), cache)


def extract_documents(paths: Iterable[str | Path], *, jobs: int = 1, executor: str = Executor.PROCESS,
                      scheduler: str | None = None, client: Any = None, stages: Sequence[str] | None = None,
                      batch_size: int = 8, progress: bool = False, connect_timeout: float = 20,
                      path_of: Callable[[Path], str] = str, max_bytes: int = defaults.MAX_BYTES,
                      cache: ExtractionCache | None = None) -> Iterator[Item]:
    """Read and extract every article under `paths` with `jobs` workers; a stream in sequential order.

    `executor` is ``"process"`` or ``"dask"``; for Dask give `scheduler` (an address such as
    ``tcp://10.0.0.5:8786``, or ``"local"``) or an open ``distributed.Client`` as `client`;
    `connect_timeout` is how many seconds to wait for the scheduler; `path_of` names each file (the
    documents' `path`); workers read the absolute path and skip files larger than `max_bytes`, and take
    unchanged articles from `cache` (its `hits` count them) where they can reach its folder.
    """
    kind = Executor(executor)
    args = (stages, max_bytes, str(cache.folder) if cache is not None else None)
    if kind is Executor.DASK or client is not None:
        items = _dask(paths, jobs, scheduler, client, args, batch_size, connect_timeout, path_of, cache)
    elif jobs <= 1:
        items = (i for b in _batches(paths, batch_size, path_of) for i in _unpack(extract_batch(b, *args), cache))
    else:
        items = _processes(paths, jobs, args, batch_size, path_of, cache)
    return iter(bar(items, progress, "extract"))


def _processes(paths: Iterable[str | Path], jobs: int, args: tuple, batch_size: int, path_of: Callable[[Path], str],
               cache: ExtractionCache | None) -> Iterator[Item]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("spawn")  # no fork of a process that may hold threads or an open store
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=warm_up, initargs=(args[0],)) as pool:
        yield from _ordered(lambda b: pool.submit(extract_batch, b, *args), lambda f: f.result(),
                            _batches(paths, batch_size, path_of), window=4 * jobs, cache=cache)


def _dask(paths: Iterable[str | Path], jobs: int, scheduler: str | None, client: Any, args: tuple,
          batch_size: int, connect_timeout: float, path_of: Callable[[Path], str],
          cache: ExtractionCache | None) -> Iterator[Item]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise KgError("the dask executor needs `pip install 'dask[distributed]'`") from e
    cluster = None
    own = client is None
    if own:
        if scheduler in (None, "", "local"):
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout=f"{connect_timeout}s")
            except OSError as e:
                raise KgError(f"cannot reach the dask scheduler at {scheduler}: {e}; start one with "
                              "`dask scheduler` (and `dask worker ADDRESS` on each machine), or use --scheduler local"
                              ) from e
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _ordered(lambda b: client.submit(extract_batch, b, *args, pure=False),
                            lambda f: f.result(), _batches(paths, batch_size, path_of),
                            window=4 * max(workers, jobs), cache=cache)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
