"""Reading articles: files, folders and globs -> `Document` (text, metadata, sentences with offsets).

(Minimal first version: UTF-8 text files; the reading helper extends it.)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document, Sentence

_SENTENCE_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』)）]*|\n|$)")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with character offsets into `text` (blank ones dropped)."""
    out: list[Sentence] = []
    for m in _SENTENCE_END.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out


def document_from_text(text: str, path: str = "<text>", **meta) -> Document:
    """A Document from a string (used by tests and by readers)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(path=path, text=text, sha256=sha, sentences=split_sentences(text), **meta)


def read_document(path: str | Path) -> Document:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DocumentError(str(p), f"cannot read: {e}; skipped") from e
    return document_from_text(text, str(p))


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in {".txt", ".html", ".htm"})
        elif p.exists():
            yield p
        else:
            yield from sorted(Path().glob(str(raw)))


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document | DocumentError]:
    """Every readable article under `paths`; unreadable ones come out as `DocumentError`s."""
    for p in iter_paths(paths):
        try:
            yield read_document(p)
        except DocumentError as e:
            yield e
