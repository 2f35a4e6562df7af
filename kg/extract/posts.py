"""Extractor stage `posts` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("posts")
def posts(doc: Document) -> Document:
    return doc
