"""Extractor stage `centres` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("centres")
def centres(doc: Document) -> Document:
    return doc
