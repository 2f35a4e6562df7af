"""Extractor stage `partnerships` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("partnerships")
def partnerships(doc: Document) -> Document:
    return doc
