"""Progress bars on stderr for the long steps of a build (shown only when asked for, and after 2 s)."""

from __future__ import annotations

import sys
from collections.abc import Iterable


def bar(items: Iterable, on: bool, desc: str, unit: str = "doc", total: int | None = None) -> Iterable:
    """`items`, with a tqdm bar when `on`."""
    if not on:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr, mininterval=0.5, delay=2.0)
