"""Extractor stage `subject` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("subject")
def subject(doc: Document) -> Document:
    return doc
