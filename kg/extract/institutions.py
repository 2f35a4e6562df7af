"""Extractor stage `institutions`: named hospitals, groups, health centres, branches and their short names.

Full names are found by structure: a suffix from `lexicon/institution_suffixes.txt` (医院, 卫生院,
医疗集团, 分院 …) grown leftwards to the start of the name (`name_spans.grow_left`); a name whose
prefix is only generic words (县级医院, 乡镇卫生院, 协作医院) or a quantity (10余家三甲医院) is no name.
Short names and written variants are resolved by `institution_names`, town and community names by
`local_names`.  Bracketed names, 以下简称, 又名, 加挂, 挂牌 make aliases of one entity; a branch or campus
also names its parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import name_spans, places
from kg.extract.institution_names import (
    abbreviation_of,
    kind_of,
    merge_variants,
    ordinal_short_names,
    resolve_short,
    suffix_re,
)
from kg.extract.local_names import TOWNSHIP_SUFFIXES, local_name, town_item
from kg.extract.names import add_entity, add_mention, evidence_for
from kg.extract.pipeline import stage
from kg.model import Document, EntityType, InstitutionKind, Sentence

__all__ = ["Candidate", "abbreviation_of", "candidates_in", "institutions", "kind_of", "resolve_short"]

STAGE = "institutions"
INST = EntityType.INSTITUTION
_ALIAS_AFTER = re.compile(
    r"^[（(](?:以下简称|下称|简称|又名|又称|原名|原称)?[:：]?[“\"「]?([^()（）“”\"」]{2,30}?)[”\"」]?[)）]"
)
_PLAQUE = re.compile(r"(?:加挂|挂牌|挂上)[“\"「]([^“”\"」]{4,30})[”\"」]")
_SECOND_NAME = re.compile(r"^(?:同时)?(?:加挂|挂牌|又名|又称|即)[“\"「]([^“”\"」]{2,30})[”\"」]")


_CAMPUS = ("院区", "分院", "校区")
_ACADEMIC_BODIES = ("学院", "研究院", "科学院", "大学", "党校", "学会", "协会")
_DIRECTIONS = "东西南北中新老"
_ASSOCIATION = re.compile(r"协会|学会|研究会|促进会|基金会|联合会|联盟|委员会|专委会|分会|总部|管理局|协作组")


@dataclass
class Candidate:
    start: int
    end: int
    name: str
    suffix: str
    short: bool  # a generic short form (市X医院, 集团X医院) to resolve against full names


def candidates_in(doc: Document, sent: Sentence) -> list[Candidate]:
    """Institution names written in full (or as generic short forms) in one sentence."""
    out: list[Candidate] = []
    text = doc.text
    floor = sent.start
    for m in suffix_re().finditer(sent.text):
        core = sent.start + m.start()
        end = sent.start + m.end()
        item = town_item(doc, sent, core, m.group())
        if item is not None:
            out.append(Candidate(item, end, text[item:end], m.group(), False))
            continue
        start = name_spans.grow_left(doc, sent, core, floor)
        if start == core:
            continue
        grown = text[start:end]
        if name_spans.has_quantity(text[start:core]):
            continue
        offset = name_spans.name_start(grown, core - start)
        short = False
        if offset is None and m.group() in _CAMPUS and grown[: core - start][-1:] in _DIRECTIONS:
            offset = core - start - 1  # 东院区, 西院区: a campus named by its direction
        if offset is None:
            offset = local_name(doc, sent, start, core, m.group())
        if offset is None:
            # a generic short form (a level or 集团 + type + suffix) pointing at a full name
            for k in range(core - start):
                pre = grown[k : core - start]
                if _can_be_short(pre) and name_spans.is_generic(re.sub(r"^(?:集团|医共体)", "", pre)):
                    offset, short = k, True
                    break
            if offset is None:
                continue
        start += offset
        joint = next((k for k in range(start, core) if _conjunction_then_level(text, k, start)), None)
        if joint is not None:
            start = joint + 1  # 乡卫生院和县人民医院: 和 joins two names, 和县 is no place here
            pre = re.sub(r"^(?:集团|医共体)", "", text[start:core])
            short = _can_be_short(text[start:core]) and name_spans.is_generic(pre)
        alliance = text.rfind("联盟", start, core)
        if alliance >= 0 and core - (alliance + 2) >= 2:  # 某某专科联盟乙医院分中心: 乙医院 after the alliance
            start = alliance + 2
        name = text[start:end]
        if _ASSOCIATION.match(text, end):
            continue  # 中国医院协会 is an association, not a hospital
        if _inner_tail(text, start, core, m.group()):
            continue  # 甲医院续签医联体(协议), 甲医院远程医学中心: 甲医院 is the name, the rest is not
        if m.group() == "分院" and name[: -len(m.group())].endswith(_ACADEMIC_BODIES):
            continue  # 某大学某学院分院 is a branch of a college: an organization
        out.append(Candidate(start, end, name, m.group(), short))
    out.extend(_shared_suffix(doc, sent, out))
    # keep maximal spans only (江城县医疗集团妇幼保健院 over 江城县医疗集团 inside it)
    out.sort(key=lambda c: (c.start, -c.end))
    kept: list[Candidate] = []
    for c in out:
        if kept and c.start >= kept[-1].start and c.end <= kept[-1].end:
            continue
        kept = [k for k in kept if not (k.start >= c.start and k.end <= c.end)]
        kept.append(c)
    return kept


_GROUP_SUFFIXES = ("医联体", "医疗联合体", "医共体", "医疗共同体", "医学中心")
_INNER_END = re.compile(r"(?:医院|卫生院|保健院)")


def _inner_tail(text: str, start: int, core: int, suffix: str) -> bool:
    """A group or 医学中心 name made of a full hospital name, then a verb (续签, 组建) or, for 医学中心, a
    short word (远程): the hospital plus what it signs or holds, not one name."""
    if suffix not in _GROUP_SUFFIXES:
        return False
    inner = [m.end() for m in _INNER_END.finditer(text, start, core)]
    if not inner or not 1 <= core - inner[-1] <= 4:
        return False
    if suffix == "医学中心":
        return True
    from kg.extract.segment import pos_tags

    tags = pos_tags(text[inner[-1]:core])
    return bool(tags) and tags[0][1].startswith("v") and len(tags[0][0]) >= 2


def _conjunction_then_level(text: str, k: int, floor: int) -> bool:
    """text[k] is 和/与/及/同 between a name that ends with an institution suffix and a level word
    (…乡卫生院和县人民医院): a conjunction, not the place 和县."""
    if not (k > floor and k + 1 < len(text) and text[k] in "和与及同" and text[k + 1] in places.LEVEL_WORDS):
        return False
    m = suffix_re().search(text, max(floor, k - 12), k)
    return re.match(r"[\u4e00-\u9fff]", text[k - 1]) is not None and (m is not None and m.end() == k)


_TOWN_LIST_ITEM = re.compile(r"([\u4e00-\u9fff]{2,4}?[镇乡])、$")


def _shared_suffix(doc: Document, sent: Sentence, found: list[Candidate]) -> list[Candidate]:
    """甲镇、乙镇卫生院: the towns listed before a township health centre share its suffix."""
    out = []
    for c in found:
        if c.suffix not in TOWNSHIP_SUFFIXES or doc.text[c.end - len(c.suffix) - 1] not in "镇乡":
            continue
        pos = c.start
        while pos > sent.start:
            m = _TOWN_LIST_ITEM.search(doc.text, max(sent.start, pos - 6), pos)
            if not m:
                break
            head = name_spans.grow_left(doc, sent, m.end(1) - 1, max(sent.start, m.start(1)))
            town = doc.text[head : m.end(1)]
            if len(town) < 3 or name_spans.is_generic(town[:-1]) or town[:-1] in name_spans.left_stops():
                break
            out.append(Candidate(head, m.end(1), town + c.suffix, c.suffix, False))
            pos = head
    return out


def _can_be_short(prefix: str) -> bool:
    """Generic prefixes that still point at one institution of the document (a level, 集团, a type word)."""
    return prefix.startswith(places.LEVEL_WORDS + ("集团", "医共体", "总", "中心", "中医", "人民")) and len(prefix) <= 6


@stage(STAGE, requires=("segment",))
def institutions(doc: Document) -> Document:
    found: list[Candidate] = []
    for sent in doc.sentences:
        found.extend(candidates_in(doc, sent))
    fulls = [c for c in found if not c.short]
    for c in fulls:
        add_entity(doc, c.name, INST, kind=kind_of(c.name), evidence=evidence_for(doc, c.start, c.end, STAGE))
    _second_names(doc, fulls)
    _plaques_later(doc, fulls)
    _branch_parents(doc, [c for c in fulls if c.name in doc.entities])
    merge_variants(doc)
    _branches_after_brackets(doc, fulls)
    for c in fulls:
        add_mention(doc, c.start, c.end, canonical(doc, c.name), INST, STAGE)
    # generic short forms: only when they point at one full name of the document
    for c in found:
        if c.short:
            target = resolve_short(doc, c.name)
            if target is None and c.name.startswith(("集团", "医共体")) and not c.name.endswith(("医联体", "医共体")):
                target = c.name
                add_entity(doc, target, INST, kind=kind_of(target), evidence=evidence_for(doc, c.start, c.end, STAGE))
            if target:
                doc.entities[target].aliases.add(c.name) if c.name != target else None
                add_mention(doc, c.start, c.end, target, INST, STAGE)
    ordinal_short_names(doc)
    return doc


def canonical(doc: Document, name: str) -> str:
    if name in doc.entities:
        return name
    for ent in doc.entities.values():
        if name in ent.aliases:
            return ent.name
    return name


def _branch_parents(doc: Document, fulls: list[Candidate]) -> None:
    """A branch or campus (…医院东山分院) also names its parent institution (…医院)."""
    for c in fulls:
        kind = kind_of(c.name)
        if kind not in (InstitutionKind.BRANCH, InstitutionKind.GROUP) and not re.search(r"院.{2,6}医院$", c.name):
            continue
        body = c.name[: -len(c.suffix)]
        inner = list(suffix_re().finditer(body))
        m = inner[-1] if inner else None
        if m is None or m.end() < len(body) - 6:
            continue
        parent = body[: m.end()]
        prefix = parent[: m.start()]
        if prefix and not name_spans.is_generic(prefix) and parent not in doc.entities:
            add_entity(doc, parent, INST, kind=kind_of(parent))
            add_mention(doc, c.start, c.start + len(parent), parent, INST, STAGE)


def _branches_after_brackets(doc: Document, fulls: list[Candidate]) -> None:
    """某医院（又名…）东院区: the campus is a branch of the institution before the bracket."""
    text = doc.text
    by_end = {c.end: c for c in fulls}
    for c in fulls:
        if kind_of(c.name) != InstitutionKind.BRANCH or len(c.name) > 5 or c.start == 0:
            continue
        if text[c.start - 1] not in ")）":
            continue
        opening = max(text.rfind("(", 0, c.start), text.rfind("（", 0, c.start))
        owner = by_end.get(opening)
        if opening < 0 or owner is None or owner.name not in doc.entities or c.name not in doc.entities:
            continue
        full = owner.name + c.name
        ent = doc.entities.pop(c.name)
        add_entity(doc, full, INST, kind=InstitutionKind.BRANCH, aliases=ent.aliases | {c.name})
        c.name = full


def _plaques_later(doc: Document, fulls: list[Candidate]) -> None:
    """…与某县中医院签约，并挂牌“某大学附属医院某县医院”: the plaque is a second name of the nearest
    institution named before it in the sentence (not of the one whose name the plaque starts with)."""
    for sent in doc.sentences:
        for m in _PLAQUE.finditer(sent.text):
            plaque = m.group(1)
            at = sent.start + m.start()
            owner = canonical(doc, plaque)
            if owner != plaque or plaque not in doc.entities:
                continue  # already a second name, or not an institution name
            before = [c for c in fulls if sent.start <= c.start and c.end <= at and c.name in doc.entities]
            before = [c for c in before if not plaque.startswith(c.name) and c.name != plaque]
            if not before or before[-1].end < at - 40:
                continue
            holder = before[-1].name
            other = doc.entities.pop(plaque)
            doc.entities[holder].aliases |= other.aliases | {plaque}


def _second_names(doc: Document, fulls: list[Candidate]) -> None:
    """X(Y), X(以下简称Y), X加挂“Y”: Y is a second name of X, one entity."""
    text = doc.text
    for c in fulls:
        after = text[c.end : c.end + 40]
        m = _ALIAS_AFTER.match(after) or _SECOND_NAME.match(after)
        if not m:
            continue
        base = c.end + m.start(1)
        offset = 0
        for part in re.split(r"([、，,；;])", m.group(1)):  # (甲学院、乙大学附属医院): several second names
            a0 = base + offset
            offset += len(part)
            alias = part.strip()
            if alias == c.name or len(alias) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", alias):
                continue
            if c.name not in doc.entities:
                break
            # the alias may have been found as a name of its own: fold it into X
            if alias in doc.entities and doc.entities[alias].type == INST:
                other = doc.entities.pop(alias)
                doc.entities[c.name].aliases |= other.aliases
            doc.entities[c.name].aliases.add(alias)
            add_mention(doc, a0, a0 + len(part), c.name, INST, STAGE)
