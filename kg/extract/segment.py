"""Extractor stage `segment` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("segment")
def segment(doc: Document) -> Document:
    return doc
