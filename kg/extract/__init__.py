"""Extraction: named stages that add entities and facts to a `Document`.

    >>> from kg.documents import document_from_text
    >>> from kg.extract import extract
    >>> doc = extract(document_from_text("院长王冰主持会议。"))
"""

from __future__ import annotations

from collections.abc import Sequence

from kg import defaults
from kg.extract.pipeline import REGISTRY, Pipeline, stage
from kg.model import Document

# importing the stage modules registers their stages
from kg.extract import (  # noqa: E402,F401  isort: skip
    segment,
    institutions,
    organizations,
    persons,
    subject,
    posts,
    centres,
    partnerships,
    initiatives,
    timing,
)

_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline(defaults.STAGES)
    return _default


def extract(doc: Document, stages: Sequence[str] | None = None) -> Document:
    """Run the extractor stages (the default pipeline unless `stages` names others) on `doc`."""
    pipe = default_pipeline() if stages is None else Pipeline(stages)
    return pipe(doc)


__all__ = ["REGISTRY", "Pipeline", "default_pipeline", "extract", "stage"]
