"""hospital-kg: knowledge graphs from Chinese hospital news.

    >>> import kg
    >>> doc = kg.extract(kg.document_from_text("院党委书记张三主持会议。", path="a.txt"))
"""

from __future__ import annotations

from kg.documents import document_from_text, read_document, read_documents
from kg.model import Document, EntityType


def extract(doc: Document) -> Document:
    """Run the default extractor pipeline on `doc` (see `kg.extract`)."""
    from kg.extract import extract as run

    return run(doc)


__all__ = ["Document", "EntityType", "document_from_text", "extract", "read_document", "read_documents"]
