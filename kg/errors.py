"""One error hierarchy; every message says what happened and what to do."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error hospital-kg raises on purpose."""


class DocumentError(KgError):
    """A file could not be read as an article (it is skipped; the message says why)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class PipelineError(KgError):
    """An extractor pipeline was configured wrongly."""


class StoreError(KgError):
    """The graph store could not be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query could not be found, parsed or run."""


class ViewError(KgError):
    """A graph view or analytics request could not be made (unknown node, type or option)."""
