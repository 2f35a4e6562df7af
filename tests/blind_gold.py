"""The compact notation the hand-written gold of tests/blind*/ is written in (each set's `build_gold.py`).

Entities are id -> (type letter M/O/P, names); `opt` holds the optional block; `write` turns the documents into
the set's gold.jsonl in the shared/gold format.
"""

from __future__ import annotations

import json
from pathlib import Path

TYPES = {"M": "MedicalInstitution", "O": "Organization", "P": "Person"}


def doc(name: str, subject: str | None, ents: dict, posts=(), centres=(), parts=(), inits=(), opt=None) -> dict:
    """One gold object in the shared/gold format."""
    opt = opt or {}
    return {
        "doc": name,
        "subject": subject,
        "entities": {k: {"type": TYPES[t], "names": list(n)} for k, (t, n) in ents.items()},
        "posts": [list(p) for p in posts],
        "centres": [[c[0], c[1], c[2] if len(c) > 2 else None] for c in centres],
        "partnerships": [list(p) for p in parts],
        "initiatives": [list(i) for i in inits],
        "optional": {
            "entities": list(opt.get("entities", [])),
            "posts": [list(p) for p in opt.get("posts", [])],
            "centres": [[c[0], c[1], c[2] if len(c) > 2 else None] for c in opt.get("centres", [])],
            "partnerships": [list(p) for p in opt.get("partnerships", [])],
            "initiatives": [list(i) for i in opt.get("initiatives", [])],
        },
    }


def kinds(a: str, b: str, *ks: str) -> list[tuple[str, str, str]]:
    return [(a, b, k) for k in ks]


def write(docs: list[dict], folder: Path) -> None:
    """`folder`/gold.jsonl from `docs`."""
    out = folder / "gold.jsonl"
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    print(f"wrote {len(docs)} documents to {out}")
