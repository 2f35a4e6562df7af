"""Defaults in one place."""

from __future__ import annotations

from pathlib import Path

OUT_DIR = Path("output")
GRAPH_FILE = "graph.ttl"
VIEW_FILE = "graph.html"
VIEW_MAX_NODES = 2000  # node cap of a graph view (kg view --max-nodes)
STORE_DIR = "store"

# reading articles (kg.documents): larger files are skipped with a DocumentError; raise with max_bytes=
MAX_BYTES = 20 * 1024 * 1024

# the extractor stages of the default pipeline, in order (see kg.extract)
STAGES: list[str] = [
    "segment",
    "institutions",
    "organizations",
    "persons",
    "subject",
    "posts",
    "centres",
    "partnerships",
    "initiatives",
    "time",
]

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
