"""Extractor stage `persons` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("persons")
def persons(doc: Document) -> Document:
    return doc
