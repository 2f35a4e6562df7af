"""Extractor stage `organizations` (placeholder: does nothing yet)."""

from __future__ import annotations

from kg.extract.pipeline import stage
from kg.model import Document


@stage("organizations")
def organizations(doc: Document) -> Document:
    return doc
