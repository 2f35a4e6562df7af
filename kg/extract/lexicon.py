"""The domain lexicon: general words of the field kept as data files in `kg/extract/lexicon/`.

Each file holds one entry per line; `#` starts a comment; blank lines are ignored.  Entries are general
knowledge (post titles, centre types, institution suffixes, partnership cue words, national slogans),
never names taken from sample articles.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


@cache
def words(name: str) -> tuple[str, ...]:
    """Entries of `lexicon/<name>.txt`, longest first (so alternations prefer the longest match)."""
    path = LEXICON_DIR / f"{name}.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return tuple(sorted(set(entries), key=lambda w: (-len(w), w)))


@cache
def table(name: str) -> dict[str, str]:
    """`lexicon/<name>.tsv` as a mapping of its first column to its second."""
    path = LEXICON_DIR / f"{name}.tsv"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            key, _, value = line.partition("\t")
            out[key.strip()] = value.strip()
    return out


def alternation(name: str) -> str:
    """A regex alternation of the entries of `name` (longest first), escaped."""
    import re

    return "|".join(re.escape(w) for w in words(name))
