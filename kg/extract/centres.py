"""Extractor stage `centres`: clinical and service centres an institution has, builds or had accredited.

Every ``中心`` in a sentence is a candidate.  Its name starts after the last word that cannot be part of
it (a verb, a particle, a numeral count, the end of a named entity, the previous centre of a run-together
list); before a known centre type (`lexicon/centre_types.txt`) any word jieba tags as a verb, preposition
or conjunction also ends it (召开胸痛中心…会, 以省级创伤中心…) unless it is a word of a centre type
(急诊创伤中心); guards kept as data (`lexicon/centre_guards.txt`) drop designations (区域医疗中心), institutions
(…中心卫生院, …卫生服务中心) and phrases (中心工作).  Enumerations expand (影像、心电、病理三大中心;
危重孕产妇和新生儿救治中心), generic groups (五大中心) are skipped, the accreditation level becomes the
`level` field (any level word of the centre's own clause: 国家级 … 镇级), and the owner is chosen by
`centre_owners` (the institution named before the centre in its clause, not a partner, else …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.centre_owners import owner
from kg.extract.lexicon import table, words
from kg.extract.names import evidence_for, mentions_in
from kg.extract.pipeline import stage
from kg.extract.segment import pos_tags
from kg.model import Centre, Document, EntityType, Mention, Sentence

LATIN_NOTE = re.compile(r"[（(][A-Za-z0-9\-]{2,8}[)）]$")
NAME_CHAR = re.compile(r"[\u4e00-\u9fff（）()+]")
COUNT = re.compile(r"[0-9一二三四五六七八九十百千万两几多余数]+(?:个|家|座|所|项|批|大)")
SCOPE = ("全国", "全省", "全市", "全县", "各级", "各地")
# the count of an enumeration before its shared head (影像、病理三大中心; 影像、心电、病理四个共享中心)
GROUP = re.compile(r"^(.*?)[一二三四五六七八九十两几]+(?:大|个)[\u4e00-\u9fff]{0,4}$")
ITEM_STOP = re.compile(r"共享|共用")  # 与本部共享检验、影像中心: a verb before the first item
PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:省|市|县|自治区|自治州)(?=[\u4e00-\u9fff]{2})")
SEPARATORS = "、和及"
SHARED_TAILS = ("救治", "诊疗", "诊治", "治疗", "服务", "监测", "防治", "医疗")
SHARED_MODIFIERS = ("急危重", "危重", "高危")
NOT_ITEM_END = ("科", "院", "室", "部", "体", "所", "局", "委", "会", "楼")
PLANNED = re.compile(r"将|计划|拟|争创|力争|筹建|申报")
DATED = re.compile(r"((?:19|20)\d\d)年")
ACCREDITED = re.compile(r"通过|认证|验收|授牌|评为|获批|成立|建立|挂牌|揭牌|认定")
INSTITUTION = {EntityType.INSTITUTION}
NAMED = {EntityType.INSTITUTION, EntityType.ORGANIZATION}
MAX_STEM = 12
BREAK_TAGS = ("v", "vd", "vi", "vn", "p", "c")  # jieba tags of words that end the words before a centre type
TALK_TITLE = re.compile(r"[^”\"」“]{0,8}[”\"」](?:专题)?(?:讲座|培训|论坛|会议|比赛|竞赛|报告)")  # “…中心建设”讲座


@dataclass(frozen=True)
class Guards:
    exact: frozenset[str]
    endings: tuple[str, ...]
    followers: tuple[str, ...]


@cache
def guards() -> Guards:
    entries = words("centre_guards")
    return Guards(
        exact=frozenset(e[1:] for e in entries if e.startswith("=")),
        endings=tuple(e[1:] for e in entries if e.startswith("~")),
        followers=tuple(e[1:] for e in entries if e.startswith(">")),
    )


@cache
def stop_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words("centre_stops"), key=len, reverse=True)))


def planned(text: str) -> str | None:
    """``"planned"`` when `text` announces rather than states (将, 计划, 争创 …)."""
    return "planned" if PLANNED.search(text) else None


def split_level(stem: str) -> tuple[str, str | None]:
    """Strip accreditation level words from the front of `stem`: (stem, level)."""
    levels = table("centre_levels")
    level = None
    changed = True
    while changed:
        changed = False
        for word in sorted(levels, key=len, reverse=True):
            rest = stem[len(word):]
            if stem.startswith(word) and len(rest) >= 2:
                stem, level, changed = rest, level or levels[word], True
                break
        if stem.startswith("高级") and len(stem) >= 4:
            stem, changed = stem[2:], True
    return stem, level


def strip_modifiers(stem: str) -> str:
    """Drop a place name (东湖市…) and quality words (高水平…) from the front of a centre's stem."""
    changed = True
    while changed:
        changed = False
        place = PLACE.match(stem)
        known = place is not None and stem[place.end():] + "中心" in words("centre_types")  # 山东省卒中中心
        if place and (len(stem) - place.end() >= 3 or known):
            stem, changed = stem[place.end():], True
        for word in words("centre_modifiers"):
            if stem.startswith(word) and len(stem) - len(word) >= 2:
                stem, changed = stem[len(word):], True
    return stem


def acceptable(stem: str) -> bool:
    g = guards()
    if stem + "中心" in words("centre_types"):
        return True
    if len(stem) < 2 or stem in g.exact or stem.endswith(g.endings):
        return False
    if "联盟" in stem:  # 某专科联盟某地分中心: a node of an alliance, not a centre of the hospital
        return False
    if stem[0] in "省市县区州" and stem[1] not in "域级":  # 市急救中心: a body of the city, not a centre
        return False
    return not COUNT.search(stem)


def left_edge(doc: Document, sent: Sentence, pos: int, mentions: list[Mention]) -> int:
    """Offset (in the sentence) where the words of a centre ending at `pos` begin."""
    text = sent.text
    start = pos
    while start > 0 and pos - start < 24 and NAME_CHAR.match(text[start - 1]):
        start -= 1
    if start > 0 and text[start - 1].isdigit() and text[start] in "个家座所项批年月日号":
        start += 2 if text.startswith("年度", start) else 1  # 2025年度X中心评审: the year, no part of the name
    cut = start
    window = text[start:pos]
    for m in stop_pattern().finditer(window):
        cut = max(cut, start + m.end())
    listed = start > 0 and text[start - 1] == "、"  # the last item of an enumeration with its count
    for m in COUNT.finditer(window):
        if listed and m.start() >= 2 and GROUP.match(window[m.start() - 2:]):
            continue
        if m.end() < len(window) or not m.group().endswith("大"):
            cut = max(cut, start + m.end())
    prev = text.rfind("中心", start, pos)
    if prev >= 0:
        cut = max(cut, prev + 2)
    for m in mentions:
        rel_end = m.end - sent.start
        if start < rel_end <= pos:
            cut = max(cut, rel_end)
    return cut + verb_cut(text[cut:pos])


def verb_cut(window: str) -> int:
    """Where a centre of a known type (…创伤中心) starts in `window`, the words before its 中心: after the
    last verb, preposition or conjunction (jieba's tags) in front of the type (召开胸痛中心, 以省级创伤中心)."""
    known = max(
        (t[:-2] for t in words("centre_types") if window.endswith(t[:-2]) and len(t) - 2 < len(window)),
        key=len,
        default=None,
    )
    if known is None:
        return 0
    prefix = window[: len(window) - len(known)]
    edge = offset = 0
    for word, tag in pos_tags(prefix):
        offset += len(word)
        # 急诊创伤中心, 综合介入中心: words of centre names that jieba tags as verbs
        medical = word == "综合" or any(word in t for t in words("centre_types"))
        if (tag in BREAK_TAGS and not medical) or word in words("centre_stops"):
            edge = offset
    return edge


def expand(text: str, cut: int, stem: str) -> tuple[list[str], int]:
    """Names of a centre whose stem starts at `cut`, expanding a shared-suffix enumeration before it,
    and where the words that name them start."""
    group = GROUP.match(stem)
    if group:
        stem = group.group(1)
        if not stem or cut == 0 or text[cut - 1] != "、":
            return [], cut
    items: list[str] = []
    pos = cut
    while pos > 0 and text[pos - 1] in SEPARATORS:
        end = pos - 1
        start = end
        while start > 0 and end - start < 9 and re.match(r"[\u4e00-\u9fff]", text[start - 1]):
            start -= 1
        item = text[start:end]
        edges = [m.end() for m in (*stop_pattern().finditer(item), *ITEM_STOP.finditer(item))]
        edges.append(item.rfind("中心") + 2 if "中心" in item else 0)
        item = item[max(edges):]
        if not 2 <= len(item) <= 8 or item.endswith(("中心", *NOT_ITEM_END)):
            break
        items.insert(0, item)
        pos = end - len(item)
    if group and not items:
        return [], cut
    if not items:
        return [stem + "中心"], cut
    tail = next((t for t in SHARED_TAILS if stem.endswith(t) and len(stem) > len(t)), "")
    modifier = next((p for p in SHARED_MODIFIERS if items[0].startswith(p)), "")
    items = [strip_modifiers(item) for item in items]
    if len(items[0]) >= 4 and items[0][:2] in ("县域", "区域", "市域"):  # 县域影像、心电中心: the scope is the list's
        items[0] = items[0][2:]
    names = [item + ("" if item.endswith(tail) else tail) + "中心" for item in items]
    if modifier and not stem.startswith(modifier):
        stem = modifier + stem
    return [*names, stem + "中心"], pos


def centres_in(doc: Document, sent: Sentence) -> list[Centre]:
    found: list[Centre] = []
    mentions = mentions_in(doc, sent.start, sent.end, NAMED)
    g = guards()
    for hit in re.finditer("中心", sent.text):
        pos = hit.start()
        absolute = sent.start + pos
        if sent.text[hit.end():].startswith(g.followers) or TALK_TITLE.match(sent.text, hit.end()):
            continue
        if any(m.start <= absolute and absolute + 2 <= m.end for m in mentions):
            continue
        note = LATIN_NOTE.search(sent.text, max(0, pos - 12), pos)
        if note:  # 多学科诊疗(MDT)中心: the name without its Latin abbreviation
            pos = note.start()
        cut = left_edge(doc, sent, pos, mentions)
        stem = sent.text[cut:pos].strip("()（）").removeprefix("与")
        its = len(stem) > 3 and stem.startswith("其")  # 借助其国家级胸痛中心: the centre of the one named before
        stem = stem[1:] if its else stem
        scope = sent.text[max(0, pos - len(stem) - 2):pos - len(stem)]
        if scope in SCOPE or (stem[:2] in SCOPE and stem[2:] + "中心" in words("centre_types")):
            continue
        stem, level = split_level(stem)
        if level == "国家级" and stem.endswith("医学"):  # 国家…医学中心: a national designation
            continue
        cut = pos - len(stem)
        stem = strip_modifiers(stem)
        cut = pos - len(stem)
        if len(stem) > MAX_STEM:
            known = next((t for t in words("centre_types") if (stem + "中心").endswith(t)), None)
            if known is None:
                continue
            stem = known[:-2]
            cut = pos - len(stem)
        window = re.split(r"[，,；;：:。]", sent.text[max(0, cut - 8):cut])[-1]  # the level is of its own clause
        for word, value in table("centre_levels").items():
            if level is None and word in window:
                level = value
        names, first = expand(sent.text, cut, stem)
        named = mentions_in(doc, sent.start, sent.end, INSTITUTION)
        before = [m for m in named if m.end <= sent.start + cut]
        org = before[-1].entity if its and before else owner(doc, sent, cut, named)
        if org is None:
            continue
        year = DATED.search(sent.text[:pos]) if ACCREDITED.search(sent.text) else None
        for name in names:
            if not acceptable(name[:-2]):
                continue
            found.append(
                Centre(
                    evidence=evidence_for(doc, sent.start + first, absolute + 2, "centres"),
                    org=org,
                    name=name,
                    level=level,
                    date=year.group(1) if year else None,
                    status=planned(sent.text[:pos]),
                )
            )
    return found


@stage("centres", requires=("subject",))
def centres(doc: Document) -> Document:
    """Add the centres of every sentence, one per (org, name), keeping the first evidence and any level."""
    seen = {c.key(): c for c in doc.centres}
    for sent in doc.sentences:
        for c in centres_in(doc, sent):
            old = seen.get(c.key())
            if old is None:
                seen[c.key()] = c
                doc.centres.append(c)
            else:
                old.level = old.level or c.level
                old.date = old.date or c.date
                if old.status and not c.status:
                    old.status = None
    return doc
