"""Canonical entities across documents: one IRI per real-world thing, with its aliases.

Each document names its entities by their resolved full names (plus aliases).  Across documents:

- the same non-generic name is the same entity (``某市第一人民医院`` in two articles is one IRI);
- a name that one entity gives as an alias joins the entity that uses it as its name, but only when
  exactly one entity of the corpus claims it as an alias (an alias two full names share is ambiguous);
  the name without the level word after the place (某某县医疗集团 -> 某某医疗集团) is such an alias too;
- generic, place-less names (``人民医院``, ``第二医院``, ``县医院``, ``省卫健委``) never join anything: such an
  entity stays local to its document, because two hospitals may share that short name.

Persons are identified by name (two namesakes in different articles become one node; the graph keeps the
evidence of both).  The canonical label of a merged entity is the longest of the names documents resolved
it to (not their aliases; ties: the most used, then the first in code-point order).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import URIRef

from kg.iris import document_key, mint
from kg.model import Document, EntityType, InstitutionKind

_QUOTES = "\"'“”‘’「」『』《》〈〉"
_ADMIN_START = re.compile(r"^[省市县区州镇乡旗]")
_GENERIC = re.compile(
    r"^(?:[省市县区州镇乡旗]|本|该|我|贵|第?[一二三四五六七八九十0-9]+|人民|中心|中西医结合|中|妇幼|附属)*"
    r"(?:医院|院|卫生院|社区卫生服务中心|卫生服务中心|医疗集团|集团|医共体|医联体|分院|院区|保健院|医学中心)?$"
)


_LEVEL_AFTER_PLACE = re.compile(r"^([^省市县区旗]{2,4}?)[县市区旗](.{2,})$")


@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """The matching form of a name: NFKC, no white space, no quote marks."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _QUOTES)


def is_generic(name: str) -> bool:
    """A short name that many institutions share (人民医院, 第二医院, 县医院, 省卫健委 ...)."""
    n = normalize(name)
    return len(n) <= 2 or bool(_ADMIN_START.match(n)) or bool(_GENERIC.match(n))


def short_form(name: str) -> str | None:
    """The name without the level word after its place (某某县医疗集团 -> 某某医疗集团), an implicit alias that
    joins like any other alias: only when exactly one entity of the corpus claims it."""
    n = normalize(name)
    m = _LEVEL_AFTER_PLACE.match(n)
    if not m:
        return None
    short = m.group(1) + m.group(2)
    return short if not is_generic(short) else None


@dataclass(frozen=True)
class Resolved:
    """A canonical entity: its IRI, its label and every name the corpus gives it."""

    iri: URIRef
    label: str
    group: str  # "org" or "person"
    names: frozenset[str] = field(default_factory=frozenset)


@dataclass(slots=True)
class _Local:
    doc: str
    name: str
    group: str
    names: Iterable[str]

    def key(self) -> str | None:
        if self.group == "person":
            return normalize(self.name) or None
        if not is_generic(self.name):
            return normalize(self.name)
        others = sorted((normalize(n) for n in self.names if not is_generic(n)), key=lambda n: (-len(n), n))
        return others[0] if others else None


@dataclass
class LocalEntity:
    """An entity as one document gives it: its type (and institution kind) and every name it uses."""

    type: EntityType
    kind: InstitutionKind | None
    names: set[str]

    @property
    def group(self) -> str:
        return "person" if self.type == EntityType.PERSON else "org"


def local_entities(doc: Document) -> dict[str, LocalEntity]:
    """Every entity name a document uses (also names that only facts refer to) -> its `LocalEntity`."""
    out: dict[str, LocalEntity] = {}

    def add(name: str, etype: EntityType, aliases: Iterable[str] = (), kind: InstitutionKind | None = None) -> None:
        if not name:
            return
        if name not in out:
            out[name] = LocalEntity(etype, kind, {name})
        out[name].names.update(a for a in aliases if a)

    for name, ent in doc.entities.items():
        add(name, ent.type, ent.aliases, ent.kind)
    if doc.subject:
        add(doc.subject, EntityType.INSTITUTION)
    for p in doc.posts:
        add(p.person, EntityType.PERSON)
        add(p.org, EntityType.ORGANIZATION)
    for c in doc.centres:
        add(c.org, EntityType.INSTITUTION)
    for pa in doc.partnerships:
        add(pa.a, EntityType.INSTITUTION)
        add(pa.b, EntityType.INSTITUTION)
    for i in doc.initiatives:
        add(i.org, EntityType.ORGANIZATION)
    return out


IndexEntry = tuple[str, list[tuple[str, str, tuple[str, ...]]]]


def index_entry(doc: Document) -> IndexEntry:
    """What resolution needs of one document: its key and (name, group, names) of each entity it uses.

    A few hundred bytes instead of the whole Document, so a build can resolve 100 k articles from an index; names
    are interned (a hospital named in a thousand articles is one string) and kept in tuples, not sets."""
    return document_key(doc), [(sys.intern(name), ent.group, tuple(sorted(sys.intern(n) for n in ent.names)))
                               for name, ent in local_entities(doc).items()]


class Resolution:
    """Which canonical entity each (document, name) stands for."""

    def __init__(self, docs: Iterable[Document] = (), *, index: Iterable[IndexEntry] | None = None):
        entries = index if index is not None else (index_entry(doc) for doc in docs)
        locals_: list[_Local] = []
        for dk, names in entries:
            for name, group, aliases in names:
                locals_.append(_Local(dk, name, group, aliases))
        self._build(locals_)

    def _build(self, locals_: list[_Local]) -> None:
        parent = list(range(len(locals_)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

        keys = [loc.key() for loc in locals_]
        first: dict[tuple[str, str], int] = {}
        for i, (loc, k) in enumerate(zip(locals_, keys, strict=True)):
            if k is not None:
                union(i, first.setdefault((loc.group, k), i))
        # aliases: join when exactly one keyed group claims the alias
        claims: dict[str, set[int]] = defaultdict(set)
        owners: dict[str, set[int]] = defaultdict(set)
        for i, (loc, k) in enumerate(zip(locals_, keys, strict=True)):
            if loc.group != "org" or k is None:
                continue
            owners[k].add(find(i))
            for n in {*loc.names, *(v for n in loc.names if (v := short_form(n)))}:
                nn = normalize(n)
                if nn != k and not is_generic(n):
                    claims[nn].add(find(i))
        for alias, claimers in claims.items():
            if len(claimers) == 1:
                (c,) = claimers
                for o in owners.get(alias, ()):
                    union(c, o)
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(locals_)):
            members[find(i)].append(i)
        self._by_local: dict[tuple[str, str, str], Resolved] = {}
        for root, idx in members.items():
            loc0 = locals_[root]
            primaries = Counter(locals_[i].name for i in idx if keys[i] is not None)
            if primaries:
                label = sorted(primaries, key=lambda n: (-len(normalize(n)), -primaries[n], n))[0]
                iri = mint(loc0.group, normalize(label))
            else:  # a generic name: local to its document
                label = loc0.name
                iri = mint(loc0.group, loc0.doc, normalize(label))
            names = frozenset(n for i in idx for n in locals_[i].names)
            res = Resolved(iri, label, loc0.group, names)
            for i in idx:
                for n in locals_[i].names:
                    self._by_local.setdefault((locals_[i].doc, loc0.group, sys.intern(normalize(n))), res)
                self._by_local[(locals_[i].doc, loc0.group, sys.intern(normalize(locals_[i].name)))] = res

    def entity(self, doc_key: str, name: str, group: str = "org") -> Resolved:
        """The canonical entity that `name` in the document `doc_key` stands for."""
        found = self._by_local.get((doc_key, group, normalize(name)))
        if found is not None:
            return found
        key = normalize(name)
        if group == "person" or not is_generic(name):
            return Resolved(mint(group, key), name, group, frozenset({name}))
        return Resolved(mint(group, doc_key, key), name, group, frozenset({name}))


def resolve(docs: Iterable[Document] = (), *, index: Iterable[IndexEntry] | None = None) -> Resolution:
    """Resolve the entities of `docs` (or of their `index_entry`s) across documents (see the module docstring)."""
    return Resolution(docs, index=index)
