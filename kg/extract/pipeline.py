"""Named extractor stages and the pipeline that runs them in order.

A stage is a callable ``Document -> Document`` with a `name`, the names it `requires` (stages that
must run before it) and what it `provides`.  Stages register themselves with `@stage(...)`; the order
of a pipeline is data (a list of names) and is checked when the pipeline is built, like spaCy's
``nlp.add_pipe``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.errors import PipelineError
from kg.model import Document


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class FunctionStage:
    name: str
    requires: tuple[str, ...]
    func: Callable[[Document], Document | None]

    def __call__(self, doc: Document) -> Document:
        out = self.func(doc)
        doc = out if out is not None else doc
        doc.done.append(self.name)
        return doc


REGISTRY: dict[str, Stage] = {}


def stage(name: str, requires: Iterable[str] = ()) -> Callable[[Callable], Callable]:
    """Register a function ``(doc) -> doc | None`` as the extractor stage `name`."""

    def register(func: Callable[[Document], Document | None]) -> Callable:
        REGISTRY[name] = FunctionStage(name, tuple(requires), func)
        return func

    return register


class Pipeline:
    """An ordered list of stages, checked at construction: every stage's requirements run before it."""

    def __init__(self, names: Sequence[str]):
        seen: set[str] = set()
        self.stages: list[Stage] = []
        for name in names:
            if name not in REGISTRY:
                raise PipelineError(f"unknown extractor stage {name!r}; known: {', '.join(sorted(REGISTRY))}")
            st = REGISTRY[name]
            missing = [r for r in st.requires if r not in seen]
            if missing:
                raise PipelineError(f"stage {name!r} needs {', '.join(missing)} to run before it")
            seen.add(name)
            self.stages.append(st)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st(doc)
        return doc
