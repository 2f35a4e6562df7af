"""Names of medical institutions: suffixes and kinds, short names and written variants.

A short name is the same institution as a full name of the document when its characters are a
subsequence of it with the same ordinal (江城二院, 市三院, 东大一院 for 江城市第二人民医院 …); a place +
ordinal short name with no full name (西湖三院) is kept as written.  Two written forms of one
institution are merged (某省某市某县人民医院 = 某县人民医院; 某大学某某医院 = 某某医院).
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract import lexicon, name_spans, places
from kg.extract.names import add_entity, add_mention
from kg.model import Document, EntityType, InstitutionKind

STAGE = "institutions"
INST = EntityType.INSTITUTION
_SHORT_ORDINAL = re.compile(r"(?:([一二三四五六七八九十])(附院|院|医院)|()(附院))(?![长区士办系部务])")


@cache
def suffix_re() -> re.Pattern[str]:
    return re.compile(lexicon.alternation("institution_suffixes"))


@cache
def _kinds() -> dict[str, str]:
    return lexicon.table("institution_kinds")


def kind_of(name: str) -> InstitutionKind:
    for suf in sorted(_kinds(), key=len, reverse=True):
        if name.endswith(suf):
            return InstitutionKind(_kinds()[suf])
    return InstitutionKind.HOSPITAL


def _ordinal(name: str) -> str | None:
    m = re.search(r"第([一二三四五六七八九十]+)", name)
    m = m or re.search(r"([一二三四五六七八九十])(?:附院|院|医院|附属)", name)
    return m.group(1) if m else None


def is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(c in it for c in short)


def abbreviation_of(short: str, full: str) -> bool:
    """True if `short` is a plausible short form of `full` (江城二院 / 江城市第二人民医院)."""
    if short == full or len(short) >= len(full) or not is_subsequence(short, full):
        return False
    if _ordinal(short) != _ordinal(full) and _ordinal(short) is not None:
        return False
    if _ordinal(full) is not None and _ordinal(short) is None:
        return False  # an ordinal (第二, 二院) is never left out of a short name: without it, another hospital
    tail_s = short[-2:]
    return full.endswith(tail_s) or (short.endswith("院") and full.endswith("院"))


def resolve_short(doc: Document, short: str) -> str | None:
    """The one institution of `doc` that `short` abbreviates, if exactly one."""
    hits = set()
    for ent in doc.entities.values():
        if ent.type != INST:
            continue
        if short == ent.name or short in ent.aliases:
            return ent.name
        if any(abbreviation_of(short, n) for n in (ent.name, *ent.aliases)):
            hits.add(ent.name)
    if len(hits) > 1:  # a branch (…医院某分院) is not what the parent's short name means
        hits = {h for h in hits if not any(o != h and h.startswith(o) for o in hits)}
    if len(hits) > 1:  # still ambiguous: the one the text names first is the article's main actor
        first = {m.entity: m.start for m in sorted(doc.mentions, key=lambda m: -m.start)}
        return min(hits, key=lambda h: first.get(h, 10**9))
    return next(iter(hits)) if hits else None


def merge_variants(doc: Document) -> None:
    """One institution written two ways: 某省某市某县人民医院 = 某县人民医院; 某地医院 = 某地某某医院."""
    names = [n for n, e in doc.entities.items() if e.type == INST]
    for name in sorted(names, key=len, reverse=True):
        if name not in doc.entities:
            continue
        target = None
        rest = name
        while True:  # drop leading places while what is left is another entity
            place, n = places.prefix_place(rest)
            if place is None or n >= len(rest):
                break
            rest = rest[n:]
            if rest in doc.entities and rest != name:
                target = rest
                break
        if target is None:
            head = places.prefix_place(name)[0]
            longer = [
                o for o in names
                if o in doc.entities and o != name and abbreviation_of(name, o) and not o.startswith(name)
                and not name.startswith(o) and kind_of(o) == kind_of(name) and o.endswith(name[-2:])
                and (
                    places.prefix_place(o)[0] == head or (len(name) >= 4 and o.endswith(name))
                    or _same_core(name, o) or _ordinal(name) is not None
                )
            ]
            if len(longer) == 1:
                target = longer[0]
        if target and target in doc.entities:
            ent = doc.entities.pop(name)
            doc.entities[target].aliases |= ent.aliases | {name}
            doc.entities[target].evidence += ent.evidence


def _same_core(short: str, full: str) -> bool:
    """江城医院 / 某大学附属江城中西医结合医院: the short name's own word stands in the full name,
    followed by a type word or a suffix (北京医院 is not 某大学附属北京某安医院)."""
    first = suffix_re().search(short)
    core = short[: first.start()] if first else ""
    tail = short[first.end() :] if first else ""
    if len(core) < 2 or (tail and not full.endswith(tail)):
        return False  # 江城医院东山分院 / 某大学附属江城某医院东山分院: the branch part must match too
    at = full.find(core)
    if at <= 0:
        return False
    rest = full[at + len(core) :]
    return bool(suffix_re().match(rest)) or any(rest.startswith(t) for t in name_spans.institution_types())


def ordinal_short_names(doc: Document) -> None:
    """江城二院, 市三院, 东大一院, 二附院: resolve to a full name, or keep place + ordinal names as written."""
    text = doc.text
    taken = [(m.start, m.end) for m in doc.mentions]
    for sent in doc.sentences:
        for m in _SHORT_ORDINAL.finditer(sent.text):
            end = sent.start + m.end()
            core = sent.start + m.start()
            if any(s <= core < e for s, e in taken):
                continue
            for n in range(min(5, core - sent.start), -1, -1):
                pre = text[core - n : core]
                if not name_spans.is_name_text(pre) and pre:
                    continue
                short = pre + text[core:end]
                ordinal = m.group(1) is not None
                target = resolve_short(doc, short) if (pre or m.group(2) == "附院") else None
                if target is None and pre and ordinal and _all_places(pre):
                    target = short
                    add_entity(doc, short, INST, kind=InstitutionKind.HOSPITAL)
                if target:
                    if target != short:
                        doc.entities[target].aliases.add(short)
                    add_mention(doc, core - n, end, target, INST, STAGE)
                    taken.append((core - n, end))
                    break


def _all_places(text: str) -> bool:
    """True if `text` is a run of division names (宁波鄞州, 衡水, 常州市)."""
    while text:
        place, n = places.prefix_place(text)
        if place is None:
            return False
        text = text[n:]
    return True
