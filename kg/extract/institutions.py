"""Extractor stage `institutions` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("institutions")
def institutions(doc: Document) -> Document:
    return doc
