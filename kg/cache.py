"""A cache of extracted documents under ``DIR/cache``, so that a rebuild does not extract unchanged articles again.

An entry is keyed by the article's content hash, its path and the *code version*: a hash of every source and
data file of the `kg` package, so any change of the reader, the extractor stages or their lexicons makes
every entry stale (correct before fast).  Entries are pickled `Document`s written to a temporary file and
renamed; a missing, stale or unreadable entry just means the article is extracted again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from kg.model import Document

PACKAGE = Path(__file__).resolve().parent
_DATA = {".py", ".txt", ".tsv", ".json"}


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the package's code and data files (what extraction depends on)."""
    h = hashlib.sha256()
    for p in sorted(PACKAGE.rglob("*")):
        if p.is_file() and p.suffix in _DATA and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


class ExtractionCache:
    """Extracted documents on disk, keyed by (code version, content hash, path)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.hits = 0

    def _file(self, doc: Document) -> Path:
        key = hashlib.sha256(f"{code_version()}\0{doc.sha256}\0{doc.path}".encode("utf-8", "surrogatepass"))
        return self.folder / code_version() / f"{key.hexdigest()[:32]}.pickle"

    def get(self, doc: Document) -> Document | None:
        """The extracted version of the freshly read `doc`, if cached."""
        try:
            with self._file(doc).open("rb") as f:
                cached = pickle.load(f)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
            return None
        if not isinstance(cached, Document) or cached.sha256 != doc.sha256 or cached.path != doc.path:
            return None
        self.hits += 1
        return cached

    def put(self, doc: Document) -> None:
        """Remember an extracted document (the token list is not kept)."""
        path = self._file(doc)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tokens, doc.tokens = doc.tokens, []
            try:
                tmp.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
            finally:
                doc.tokens = tokens
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only costs time

    def prune(self) -> None:
        """Drop the entries of other code versions."""
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if sub.is_dir() and sub.name != code_version():
                for f in sub.iterdir():
                    f.unlink(missing_ok=True)
                sub.rmdir()
