"""Reading articles: files, folders and globs -> `Document` (text, metadata, sentences with offsets).

`read_documents` never raises for one bad file: it yields a `DocumentError` that says why the file was
skipped (empty, binary, too large, unreadable, undecodable, a symlink loop …).  Bytes become text in
`kg.encodings`, HTML pages become text in `kg.html_text`, clutter and metadata lines are recognised in
`kg.article_meta`, and a Traditional Chinese text is converted to Simplified in `kg.traditional` with
`Document.original` keeping the text as written (same length, same offsets).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import defaults
from kg.article_meta import Line, LineKind, classify_lines, date_from_filename, parse_date, read_metadata
from kg.encodings import DecodeFailure, decode
from kg.errors import DocumentError
from kg.html_text import html_to_text, looks_like_html
from kg.model import Document, Sentence
from kg.traditional import is_traditional, to_simplified

SUFFIXES = frozenset({".txt", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
LONG_SENTENCE = 500  # a longer sentence is split after a comma
MAX_SENTENCE = 2000  # ... and one without any comma is cut at this length

_SENTENCE = re.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’」』)）》】\"']*|$)")
_COMMA = re.compile(r"[，,、]")
_GLOB = re.compile(r"[*?\[]")


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A sentence `text[start:end]` cut after commas into pieces of at most LONG_SENTENCE characters."""
    while end - start > LONG_SENTENCE:
        cut = 0
        for m in _COMMA.finditer(text, start, start + LONG_SENTENCE):
            cut = m.end()
        if not cut:
            cut = start + MAX_SENTENCE if end - start > MAX_SENTENCE else end
        yield start, cut
        start = cut
    yield start, end


def _sentences_of_line(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _SENTENCE.finditer(text, start, end):
        if m.end() > m.start():
            yield from _pieces(text, m.start(), m.end())


def split_sentences(text: str, *, keep_clutter: bool = False) -> list[Sentence]:
    """Sentences with character offsets into `text`: split at 。！？!?；; and line breaks, closing quotes kept
    with their sentence, white space stripped, blank lines skipped.  Clutter and metadata lines give no
    sentence unless `keep_clutter`."""
    return _split(text, None if keep_clutter else classify_lines(text))


def _split(text: str, lines: list[Line] | None) -> list[Sentence]:
    """Sentences of the prose lines among `lines` (of every non-blank line when `lines` is None)."""
    if lines is None:
        spans = [(line.start, line.end) for line in classify_lines(text)]
    else:
        spans = [(line.start, line.end) for line in lines if line.kind == LineKind.PROSE]
    out: list[Sentence] = []
    for line_start, line_end in spans:
        for start, end in _sentences_of_line(text, line_start, line_end):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(Sentence(len(out), start, end, text[start:end]))
    return out


def document_from_text(text: str, path: str = "<text>", **meta) -> Document:
    """A Document from a string: Traditional text converted (the original kept), metadata read from its
    lines and file name, sentences split.  Keyword arguments (title, published, source, encoding, sha256)
    win over what is read from the text."""
    original = None
    if is_traditional(text):  # metadata read from the text, and a given title, are Simplified too
        original, text = text, to_simplified(text)
        for key in ("title", "site"):
            if meta.get(key):
                meta[key] = to_simplified(meta[key])
    lines = classify_lines(text)
    found = read_metadata(text, lines)
    meta.setdefault("sha256", hashlib.sha256((original or text).encode("utf-8", "surrogatepass")).hexdigest())
    meta["title"] = meta.get("title") or found.title
    meta["published"] = meta.get("published") or found.published or date_from_filename(path)
    meta["source"] = meta.get("source") or found.source
    return Document(path=path, text=text, original=original, sentences=_split(text, lines), **meta)


def _too_large(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    size = f"{mb:g} MB" if mb >= 1 else f"{max_bytes} bytes"
    return f"larger than {size} (raise the cap with --max-mb)"


def _stat_reason(p: Path, max_bytes: int) -> str | None:
    """Why the file at `p` cannot be read, judged from its metadata (None when it may be)."""
    try:
        st = p.stat()
    except ValueError as e:  # a NUL character in the path
        return f"invalid path: {e}"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symlink loop; fix or remove the link"
        if e.errno == errno.ENOENT:
            return "broken symlink (its target is missing)" if p.is_symlink() else "no such file or folder"
        if e.errno == errno.EACCES:
            return "permission denied; check the file's permissions"
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (device, pipe or socket)"
    if st.st_size == 0:
        return "empty file"
    if st.st_size > max_bytes:
        return _too_large(max_bytes)
    return None


def _read_bytes(p: Path, max_bytes: int) -> bytes:
    reason = _stat_reason(p, max_bytes)
    if reason:
        raise DocumentError(str(p), reason)
    try:
        with open(p, "rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError as e:
        raise DocumentError(str(p), "permission denied; check the file's permissions") from e
    except IsADirectoryError as e:
        raise DocumentError(str(p), "is a directory") from e
    except OSError as e:
        raise DocumentError(str(p), f"cannot read: {e.strerror or e}") from e
    if len(data) > max_bytes:  # the file grew while we looked
        raise DocumentError(str(p), _too_large(max_bytes))
    if not data:
        raise DocumentError(str(p), "empty file")
    return data


def read_document(path: str | Path, max_bytes: int = defaults.MAX_BYTES) -> Document:
    """One article file as a Document; raises `DocumentError` (with the reason) when it cannot be read."""
    p = Path(path)
    data = _read_bytes(p, max_bytes)
    try:
        text, encoding = decode(data)
    except DecodeFailure as e:
        raise DocumentError(str(path), e.reason) from e
    meta: dict = {"encoding": encoding, "sha256": hashlib.sha256(data).hexdigest()}
    if p.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
        page = html_to_text(text)
        if not page.text.strip():
            raise DocumentError(str(path), "no text after removing markup")
        text = page.text
        meta["title"] = page.title
        meta["site"] = page.site
        meta["published"] = parse_date(page.published) if page.published else None
    elif not text.strip():
        raise DocumentError(str(path), "no text (only white space)")
    return document_from_text(text, str(path), **meta)


def _walk(folder: Path) -> Iterator[Path | DocumentError]:
    """Article files under `folder`, following symlinked folders once each (symlink loops end); a folder
    that cannot be listed comes out as a `DocumentError`."""
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=errors.append):
        yield from _folder_errors(errors)
        try:
            st = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        for name in files:
            if Path(name).suffix.lower() in SUFFIXES:
                yield Path(root) / name
    yield from _folder_errors(errors)


def _folder_errors(errors: list[OSError]) -> Iterator[DocumentError]:
    while errors:
        e = errors.pop(0)
        why = "permission denied; check the folder's permissions" if e.errno == errno.EACCES else e.strerror
        yield DocumentError(str(e.filename), f"cannot list folder: {why}")


def _expand(paths: Iterable[str | Path]) -> list[Path | DocumentError]:
    """Files (and errors) named by `paths`: files as given, folders walked, globs matched; sorted, each once."""
    found: dict[str, Path | DocumentError] = {}

    def add(p: Path) -> None:
        if p.is_dir():
            for q in _walk(p):
                key = f"\0{q.path}" if isinstance(q, DocumentError) else os.path.realpath(q)
                found.setdefault(key, q)
        else:
            found.setdefault(os.path.realpath(p), p)

    for raw in paths:
        p = Path(raw)
        try:
            if p.exists() or p.is_symlink() or not _GLOB.search(str(raw)):
                add(p)
                continue
            matches = sorted(glob.glob(str(raw), recursive=True))
        except (OSError, ValueError) as e:  # a name too long, a NUL character …
            found.setdefault(f"\0{raw}", DocumentError(str(raw), f"invalid path: {e}"))
            continue
        if not matches:
            found.setdefault(f"\0{raw}", DocumentError(str(raw), "no file matches this pattern; check the quoting"))
        for match in matches:
            add(Path(match))
    return sorted(found.values(), key=lambda item: item.path if isinstance(item, DocumentError) else str(item))


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The article files under `paths` (files, folders walked recursively for .txt/.html/.htm, globs),
    in sorted order, each once."""
    for item in _expand(paths):
        if isinstance(item, Path):
            yield item


def read_documents(
    paths: Iterable[str | Path], max_bytes: int = defaults.MAX_BYTES
) -> Iterator[Document | DocumentError]:
    """Every readable article under `paths`; an unreadable one comes out as a `DocumentError`."""
    for item in _expand(paths):
        if isinstance(item, DocumentError):
            yield item
            continue
        try:
            yield read_document(item, max_bytes)
        except DocumentError as e:
            yield e
