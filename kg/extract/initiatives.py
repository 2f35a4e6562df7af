"""Extractor stage `initiatives` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("initiatives")
def initiatives(doc: Document) -> Document:
    return doc
