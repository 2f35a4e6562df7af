"""The objects that flow through extraction: a Document with its sentences, entities and facts.

A `Document` is made by `kg.documents` (text, metadata, sentences with character offsets), handed
through the named extractor stages of `kg.extract` (each adds entities and facts, every fact with its
`Evidence`) and finally turned into triples by `kg.rdf`.  `Document.to_json()` is the JSON contract
of ../shared/spec/EXTRACTION.md (`kg extract --jsonl`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The three entity types of the extraction contract."""

    INSTITUTION = "MedicalInstitution"
    ORGANIZATION = "Organization"
    PERSON = "Person"


class InstitutionKind(StrEnum):
    """Finer kinds of medical institution (ontology subclasses)."""

    HOSPITAL = "Hospital"
    GROUP = "HospitalGroup"
    HEALTH_CENTRE = "HealthCentre"
    BRANCH = "Branch"


class PartnershipKind(StrEnum):
    """Partnership kinds, exactly as written in EXTRACTION.md."""

    ALLIANCE = "医联体"
    COUNTY_COMMUNITY = "医共体"
    TRUSTEESHIP = "托管"
    TELEMEDICINE = "远程会诊"
    PAIRED_SUPPORT = "对口支援"
    SPECIALTY_ALLIANCE = "专科联盟"
    GROUP_MEMBER = "集团成员"
    BRANCH = "分院"
    COOPERATION = "合作"


@dataclass(frozen=True)
class Sentence:
    """A sentence: `text == document.text[start:end]`."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence, the character span of the words that state it, the stage."""

    sentence: int
    start: int
    end: int
    stage: str


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the text: `document.text[start:end]` names `entity` (its resolved
    full name).  我院 / 本院 / 该院 resolve to the subject; `stage` is the stage that found it."""

    start: int
    end: int
    entity: str
    type: EntityType
    stage: str = ""


@dataclass
class Entity:
    """A named entity of one document; `name` is the resolved full name (the canonical string)."""

    name: str
    type: EntityType
    kind: InstitutionKind | None = None
    aliases: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Fact:
    """Common part of every fact: where it was read, and its time (see issue 7).

    `date` is an ISO string at the precision the text gives (``2024``, ``2024-05``, ``2024-05-10``) or None;
    `status` is None for a stated fact, ``"planned"`` for something announced (将, 计划, 争创),
    ``"former"`` for a post or link that has ended (原…).
    """

    evidence: Evidence
    date: str | None = None
    status: str | None = None


@dataclass
class Post(Fact):
    person: str = ""
    role: str = ""
    org: str = ""

    def key(self) -> tuple[str, ...]:
        return ("post", self.person, self.role, self.org)


@dataclass
class Centre(Fact):
    org: str = ""
    name: str = ""
    level: str | None = None

    def key(self) -> tuple[str, ...]:
        return ("centre", self.org, self.name)


@dataclass
class Partnership(Fact):
    a: str = ""
    b: str = ""
    kind: str = PartnershipKind.COOPERATION.value

    def key(self) -> tuple[str, ...]:
        first, second = sorted((self.a, self.b))
        return ("partnership", first, second, self.kind)


@dataclass
class Initiative(Fact):
    org: str = ""
    name: str = ""

    def key(self) -> tuple[str, ...]:
        return ("initiative", self.org, self.name)


@dataclass
class Document:
    """One article: its text and metadata, and what the extractor stages found in it."""

    path: str
    text: str
    original: str | None = None  # the text as written, when `text` was normalised (same length, same offsets)
    title: str | None = None
    published: str | None = None
    source: str | None = None
    site: str | None = None  # an HTML page's chrome lines naming the site (title suffix, 版权所有 …), one a line
    encoding: str = "utf-8"
    sha256: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    # filled by the extractor stages
    tokens: list[tuple[str, int, int]] = field(default_factory=list, repr=False)
    subject: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    centres: list[Centre] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    done: list[str] = field(default_factory=list)

    def __getstate__(self) -> dict:
        """Pickled (cache, spool, worker results) without the stages' private indexes (``_kg_*`` attributes):
        they are rebuilt on use and were nine tenths of the bytes."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_kg_")}

    @property
    def name(self) -> str:
        """The file name without its folder (the `doc` key of the JSON contract)."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def facts(self) -> list[Fact]:
        return [*self.posts, *self.centres, *self.partnerships, *self.initiatives]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds character `offset`."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def names_of(self, etype: EntityType) -> list[str]:
        return sorted(n for n, e in self.entities.items() if e.type == etype)

    def to_json(self) -> dict:
        """The per-document object of the `kg extract --jsonl` contract (EXTRACTION.md)."""
        return {
            "doc": self.name,
            "published": self.published,
            "subject": self.subject,
            "institutions": self.names_of(EntityType.INSTITUTION),
            "organizations": self.names_of(EntityType.ORGANIZATION),
            "persons": self.names_of(EntityType.PERSON),
            "posts": [
                {"person": p.person, "role": p.role, "org": p.org, "date": p.date}
                | ({"former": True} if p.status == "former" else {})
                for p in self.posts
            ],
            "centres": [{"org": c.org, "name": c.name, "level": c.level, "date": c.date} for c in self.centres],
            "partnerships": [
                {"a": p.a, "b": p.b, "kind": p.kind, "date": p.date} for p in self.partnerships
            ],
            "initiatives": [{"org": i.org, "name": i.name, "date": i.date} for i in self.initiatives],
        }
