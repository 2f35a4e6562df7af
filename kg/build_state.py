"""What a build leaves in ``DIR/build-state.json``, so that re-running it on the same input does no work twice.

A build's store and outputs depend only on the documents it keeps (each keyed by content hash and path), on
the code (`kg.cache.code_version`) and on the store it starts from.  So when a build has read its articles and
finds exactly the documents the last build left, with the same code, in a store nobody has written to since
(same document graphs, same number of quads) and with that build's outputs untouched, computing the quads,
graph.ttl and the page again would change nothing: the build says so and stops there (0 triples added or
removed).  Anything else, or a missing or unreadable state file, means the full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg import cache

FILE = "build-state.json"


def digest(graphs: Iterable[str]) -> str:
    """A hash of a set of document graph IRIs."""
    h = hashlib.sha256()
    for g in sorted(map(str, graphs)):
        h.update(g.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


@dataclass
class BuildState:
    code: str
    resolved: str  # `digest` of the document graphs the build read and resolved together
    documents: str  # `digest` of the document graphs in the store (more when files of some are gone)
    quads: int  # every quad of the store (a `kg stats --save` graph included)
    outputs: dict[str, list[int]] = field(default_factory=dict)  # file name -> [size, mtime_ns]
    entities: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, out: Path, resolved: Iterable[str], graphs: Iterable[str], quads: int, outputs: Iterable[Path],
           entities: dict[str, int], facts: dict[str, int]) -> BuildState:
        """The state of a build that has just resolved `resolved` and left a store of `graphs` (`quads` quads in
        all) and the files `outputs`."""
        stamps = {p.name: s for p in outputs if (s := _stamp(p)) is not None and p.parent == out}
        return cls(cache.code_version(), digest(resolved), digest(graphs), quads, stamps, dict(entities),
                   dict(facts))

    def holds(self, out: Path, resolved: Iterable[str], graphs: Iterable[str], quads: int,
              outputs: Iterable[str]) -> bool:
        """Whether a build that resolves `resolved` into a store of `graphs` (`quads` quads in all), wanting
        the files `outputs`, would find nothing to do."""
        return (self.code == cache.code_version() and self.quads == quads and self.resolved == digest(resolved)
                and self.documents == digest(graphs)
                and all(name in self.outputs and _stamp(out / name) == self.outputs[name] for name in outputs))


def load(out: Path) -> BuildState | None:
    """The state the last build left in `out` (None: none, or unreadable)."""
    try:
        data = json.loads((out / FILE).read_text(encoding="utf-8"))
        return BuildState(**data)
    except (OSError, ValueError, TypeError):
        return None


def save(out: Path, state: BuildState | None) -> None:
    """Write `state` atomically (None: forget the state, e.g. before the store changes)."""
    path = out / FILE
    if state is None:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    tmp.write_text(json.dumps(asdict(state), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
