"""Entities of one document: registering them, finding their mentions, resolving a written name.

Shared by every stage: the entity stages (`institutions`, `organizations`, `persons`, `subject`)
register entities and mentions here; the fact stages look names up here.
"""

from __future__ import annotations

from kg.model import Document, Entity, EntityType, Evidence, InstitutionKind, Mention


def add_entity(
    doc: Document,
    name: str,
    etype: EntityType,
    *,
    kind: InstitutionKind | None = None,
    aliases: set[str] | frozenset[str] = frozenset(),
    evidence: Evidence | None = None,
) -> Entity:
    """Register `name` (a resolved full name) in `doc`, merging aliases and evidence if already there."""
    ent = doc.entities.get(name)
    if ent is None:
        ent = doc.entities[name] = Entity(name=name, type=etype, kind=kind)
    elif kind is not None and ent.kind is None:
        ent.kind = kind
    ent.aliases.update(a for a in aliases if a != name)
    if evidence is not None and evidence not in ent.evidence:
        ent.evidence.append(evidence)
    return ent


def add_mention(doc: Document, start: int, end: int, entity: str, etype: EntityType, stage: str = "") -> Mention:
    m = Mention(start, end, entity, etype, stage)
    if m not in doc.mentions:
        doc.mentions.append(m)
    return m


def mentions_in(
    doc: Document, start: int, end: int, types: set[EntityType] | None = None
) -> list[Mention]:
    """Mentions inside the character range [start, end), in text order."""
    return sorted(
        (m for m in doc.mentions if m.start >= start and m.end <= end and (types is None or m.type in types)),
        key=lambda m: (m.start, -m.end),
    )


_SELF_WORDS = ("我院", "本院", "该院", "院", "医院", "我们医院", "集团", "本集团", "我集团", "该集团")


def resolve_name(doc: Document, text: str) -> str | None:
    """The canonical name of the entity `text` refers to in `doc`.

    Its name or one of its aliases; a self-reference (我院, 本院, 该院 …) is the subject; a short name
    (某地二院, 县中医院) is the one institution it abbreviates; a place-less body (省卫健委, 市委) gets the
    place the document implies, if the document names that body.
    """
    text = text.strip()
    if text in doc.entities:
        return text
    for ent in doc.entities.values():
        if text in ent.aliases:
            return ent.name
    if text in _SELF_WORDS:
        return doc.subject
    from kg.extract.institutions import resolve_short
    from kg.extract.organizations import complete

    if text.endswith("院") or text.endswith(("医疗集团", "医共体")):
        hit = resolve_short(doc, text)
        if hit:
            return hit
    full = complete(doc, text, len(doc.text))
    if full != text and full in doc.entities:
        return full
    return None


def evidence_for(doc: Document, start: int, end: int, stage: str) -> Evidence:
    """Evidence for the span [start, end): the sentence that holds `start` and the span itself."""
    sent = doc.sentence_at(start)
    return Evidence(sentence=sent.index if sent else -1, start=start, end=end, stage=stage)
