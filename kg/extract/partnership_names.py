"""Partnerships stated by names: X分院 / X院区 is a branch of X, X医疗集团 / X医联体 the group of X, X…医院
written as X's second name links the two; 我院 directly before a name is the subject's branch; a campus named by
direction (东院区) is registered as a branch when no entity stage found it.  Used by `kg.extract.partnerships`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kg.extract.lexicon import table
from kg.extract.names import add_entity, add_mention, evidence_for, mentions_in
from kg.model import Document, EntityType, InstitutionKind, Mention

BRANCH_ENDS = ("分院", "院区", "分部", "校区")
GROUP_ENDS = ("医疗集团", "健康集团", "集团", "医联体", "医共体", "联合体")
ALLIANCE_ENDS = ("医联体", "医共体", "联合体")
GROUP_KINDS = {"医联体": "医联体", "联合体": "医联体", "医共体": "医共体", "集团": "集团成员"}
HOSPITAL_ENDS = ("医院", "卫生院")
GENERIC = "合作"
NAME_STATES = {"托管", "集团成员"}  # what a second name "X医院Y院区" may stand for when the sentence says so
ALIAS_WORDS = tuple(w for w, role in table("partnership_verbs").items() if role == "alias")
# 东院区: a campus named by direction
CAMPUS = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[是的和及在与]))[东西南北]部?院区")
Pair = tuple[str, str]


def words_outside_names(doc: Document, offset: int) -> str:
    """The sentence at `offset` with its institution names blanked: a cue word (集团) that is part of a
    name (某医院医疗集团揭牌暨某医院某分院开诊) states nothing about the others."""
    sent = doc.sentence_at(offset)
    if sent is None:
        return ""
    chars = list(sent.text)
    for m in mentions_in(doc, sent.start, sent.end, {EntityType.INSTITUTION}):
        chars[m.start - sent.start : m.end - sent.start] = "□" * (m.end - m.start)
    return "".join(chars)


def base_of(doc: Document, name: str, ends: tuple[str, ...] = GROUP_ENDS) -> str:
    """The institution a group is named after (X医联体 -> X), else `name` itself."""
    if not name.endswith(ends):
        return name
    for other in doc.entities.values():
        if other.type == EntityType.INSTITUTION and other.name != name and name.startswith(other.name):
            return other.name
    return name


def variants(a: str, b: str) -> bool:
    """Two spellings of one name (青山医疗集团 / 青山县医疗集团): one is the other with place-level characters
    left out (a 州 or 市 that is part of a place's name stays: 某州市… and 某县… are two places)."""
    short, long = sorted((a, b), key=len)
    i = 0
    for ch in long:
        if i < len(short) and short[i] == ch:
            i += 1
        elif ch not in "省市县区州":
            return False
    return i == len(short)


def named_relation(name: str, parent_names: Iterable[str]) -> str | None:
    """The kind a name states about a parent whose name it starts with (…分院, …医疗集团, …医院)."""
    for parent in sorted(parent_names, key=lambda p: (-len(p), p)):  # the longest (most specific) first
        rest = name[len(parent):]
        if len(parent) < 4 and parent not in GROUP_ENDS or not name.startswith(parent) or len(rest) < 2:
            continue
        if rest.startswith(ALIAS_WORDS):  # "X又名Y" read as one name: a second name, not a relation
            continue
        if parent.endswith(GROUP_ENDS) and rest.endswith(BRANCH_ENDS + HOSPITAL_ENDS):
            return "集团成员"
        if rest.endswith(BRANCH_ENDS):
            return "分院"
        if rest.endswith(GROUP_ENDS):
            return next(k for w, k in GROUP_KINDS.items() if rest.endswith(w))
        if rest.endswith(HOSPITAL_ENDS):
            return GENERIC
    return None


def written_as(doc: Document, entity: str, prefixes: set[str]) -> list[Mention]:
    """The mentions of `entity` written with one of `prefixes` in front (X医院Y分院)."""
    starts = tuple(p for p in prefixes if len(p) >= 2)
    return [
        m
        for m in mentions_in(doc, 0, len(doc.text), {EntityType.INSTITUTION})
        if m.entity == entity and doc.text[m.start:m.end].startswith(starts) and doc.text[m.start:m.end] not in prefixes
    ]


def written_before(doc: Document, m: Mention) -> str | None:
    """The institution written directly before mention `m` (X东湖分院, X的东湖院区)."""
    for prev in mentions_in(doc, max(0, m.start - 12), m.start, {EntityType.INSTITUTION}):
        if doc.text[prev.end:m.start] in ("", "的") and prev.entity != m.entity:
            return prev.entity
    return None


def name_pairs(doc: Document, stated: Callable[[str], list[str]]) -> list[tuple[Pair, str, int, int]]:
    """Pairs stated by names: X分院 / X医疗集团 / X…医院 of X, and 我院 directly before a name.

    `stated(text)` gives the kinds the words of a sentence state outside its names: where a second name such
    as X医院Y院区 is written in a sentence that says 托管 or 集团, that kind replaces 分院 / 合作.
    """
    found: list[tuple[Pair, str, int, int]] = []
    insts = [e for e in doc.entities.values() if e.type == EntityType.INSTITUTION]
    first = {}
    for m in mentions_in(doc, 0, len(doc.text), {EntityType.INSTITUTION}):
        first.setdefault(m.entity, m)
    for a in insts:
        parent_names = {a.name, *a.aliases}
        if a.name == doc.subject:
            parent_names |= {w for w in GROUP_ENDS if a.name.endswith(w)}
        for b in insts:
            if a.name == b.name or b.name not in first:
                continue
            kinds = {k for n in (b.name, *b.aliases) if (k := named_relation(n, parent_names))}
            if not kinds:
                continue
            written = written_as(doc, b.name, parent_names)
            m = written[0] if written else first[b.name]
            if kinds <= {"分院", GENERIC}:
                said = {k for w in written for k in stated(words_outside_names(doc, w.start)) if k in NAME_STATES}
                kinds = said or kinds
            for kind in sorted(kinds):
                found.append(((a.name, b.name), kind, m.start, m.end))
    has_parent = {b for (_, b), _, _, _ in found}
    for b in insts:
        if b.name not in has_parent and b.name in first and b.name.endswith(BRANCH_ENDS):
            m = first[b.name]
            parent = written_before(doc, m) or doc.subject
            if parent:
                found.append(((parent, b.name), "分院", m.start, m.end))
    ms = mentions_in(doc, 0, len(doc.text), {EntityType.INSTITUTION})
    for prev, m in zip(ms, ms[1:], strict=False):
        short_ref = prev.end - prev.start <= 3  # 我院 / 本院 directly before a name
        if prev.end == m.start and prev.entity == doc.subject and m.entity != doc.subject and short_ref:
            found.append(((doc.subject, m.entity), "分院", prev.start, m.end))
    return found


def register_campuses(doc: Document) -> None:
    """Register campuses named by direction (东院区) that no entity stage found, as branches."""
    for sent in doc.sentences:
        for m in CAMPUS.finditer(sent.text):
            start, end = sent.start + m.start(), sent.start + m.end()
            if mentions_in(doc, start, end) or any(x.start < end and start < x.end for x in doc.mentions):
                continue
            name = m.group()
            if name not in doc.entities:
                add_entity(doc, name, EntityType.INSTITUTION, kind=InstitutionKind.BRANCH,
                           evidence=evidence_for(doc, start, end, "partnerships"))
            add_mention(doc, start, end, name, EntityType.INSTITUTION, "partnerships")
