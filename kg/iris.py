"""Deterministic IRIs: the same key always gives the same IRI, valid for any name.

An IRI is ``ID + kind + "/" + slug + "-" + hash``: the slug keeps the name's letters and digits (any script,
so Chinese names stay readable) and the hash (SHA-1 of the full key, 10 hex digits) tells apart names whose
slugs agree.  Quotes, spaces, newlines, ``#``, ``%``, ``<>``, emoji and control characters never reach the
IRI, so every RDF syntax can write it.

    >>> mint("org", "医院全称").startswith("https://w3id.org/hospital-kg/id/org/")
    True
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from kg.model import Document
from kg.vocab import ID

SLUG_MAX = 32


def digest(*parts: str, size: int = 10) -> str:
    """A short hex digest of `parts` (lone surrogates allowed)."""
    h = hashlib.sha1()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:size]


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """Letters and digits of `text` (NFKC), other runs turned into one ``-``; at most SLUG_MAX characters."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isalnum() and not 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(ch.lower() if ch.isascii() else ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:SLUG_MAX].strip("-")


def mint(kind: str, *key: str) -> URIRef:
    """The IRI of the thing of `kind` identified by `key` (readable slug of the last part + a hash of all)."""
    s = slug(key[-1]) if key else ""
    h = digest(kind, *key)
    return URIRef(f"{ID}{kind}/{s}-{h}" if s else f"{ID}{kind}/{h}")


def document_key(doc: Document) -> str:
    """The key of a document's named graph: its content hash and its path."""
    content = doc.sha256 or hashlib.sha256((doc.original or doc.text).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{content[:16]}-{digest(norm_path(doc.path), size=8)}"


def norm_path(path: str) -> str:
    """A path with forward slashes (the form stored in the graph)."""
    return path.replace("\\", "/")


def graph_iri(key: str) -> URIRef:
    return URIRef(f"{ID}graph/{key}")


def document_iri(key: str) -> URIRef:
    return URIRef(f"{ID}doc/{key}")
