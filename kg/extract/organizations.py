"""Extractor stage `organizations`: government and party bodies, universities, associations, companies.

Names are found like institutions: a suffix from `lexicon/government_bodies.txt` or
`lexicon/org_suffixes.txt` (卫健委, 人民政府, 市委, 宣传部, 大学, 学会, 联盟 …) grown leftwards to a
head (a place, 中共, 中国, 国家, a university).  Two bodies written together without punctuation are
split where a new place starts (…省委宣传部某省文明办) or where a level repeats (某市委市政府).
A body written without its place (省卫健委, 市卫健局, 县委, 州人大常委会, a bare 卫健委) gets the place
the document implies (`places_in_doc`): the subject's own place or its parents, else the nearest place
written before it; the written form is kept as an alias.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract import lexicon, name_spans, places
from kg.extract.names import add_entity, add_mention, evidence_for
from kg.extract.pipeline import stage
from kg.model import Document, EntityType, Sentence

STAGE = "organizations"
ORG = EntityType.ORGANIZATION
# bodies that may stand without a place in front and still name one body of the document
_BARE_OK = re.compile(
    r"^(?:卫健委|卫生健康委员会|卫生健康委|卫计委|卫生计生委|卫健局|卫生健康局|卫计局|机关事务管理局|[省市县区州旗盟]委)$"
)
_SUB_BODY = re.compile(r"[\u4e00-\u9fff]{1,2}委(?![员会])|[\u4e00-\u9fff]{2,6}?(?:分院|学院)(?![\u4e00-\u9fff]{0,2}院)")
_ASSOCIATIONS = ("学会", "协会", "研究会", "促进会", "联合会", "分会")
_SOCIETIES = ("学会", "协会", "研究会", "促进会", "联合会")
_BRANCH = re.compile(
    r"(?!第)[\u4e00-\u9fff]{2,12}?(?:分会|专业委员会|专委会)(?:[\u4e00-\u9fff]{0,8}?(?:学组|青年委员会|工作组))?"
)
# companies: a made-up brand + 集团 / 公司 (no place needed)
_COMPANY = ("集团", "公司", "有限公司", "股份有限公司", "科技有限公司")
_PARTY_SUFFIX = ("党委", "党组", "纪委", "党总支", "党支部", "团委", "工会", "办公室")


@cache
def _suffix_re() -> re.Pattern[str]:
    words = set(lexicon.words("government_bodies")) | set(lexicon.words("org_suffixes"))
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _gov_re() -> re.Pattern[str]:
    return re.compile(lexicon.alternation("government_bodies"))


def _inside_institution(doc: Document, start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end and m.type == EntityType.INSTITUTION for m in doc.mentions)


def _overlaps_institution(doc: Document, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end and m.type == EntityType.INSTITUTION for m in doc.mentions)


def candidates_in(doc: Document, sent: Sentence) -> list[tuple[int, int]]:
    """Spans of organization names (full or place-less) in one sentence."""
    text = doc.text
    raw: list[tuple[int, int, int]] = []  # start, core start, end
    titles = _title_re()
    for m in _suffix_re().finditer(sent.text):
        core, end = sent.start + m.start(), sent.start + m.end()
        if _inside_institution(doc, core, end):
            continue
        t = titles.match(text, core)
        if t and t.end() > end and _ends_with_body(doc, sent, core):
            continue  # 某局党委书记: the body is 某局, 党委 belongs to the title
        start = name_spans.grow_left(doc, sent, core, sent.start)
        # do not grow into an institution name (某医院党委 is no organization of its own)
        for mm in doc.mentions:
            if mm.type == EntityType.INSTITUTION and start < mm.end <= core:
                start = mm.end
        raw.append((start, core, end))
    valid: set[tuple[int, int]] = set()
    for start, _core, end in raw:
        for a, b in _split_joined(doc, start, end):
            trimmed = _trim(doc, a, b)
            if trimmed is not None:
                valid.add((trimmed, b))
                sub = _SUB_BODY.match(text, b)  # 某卫健委某防委: a committee under the body, abbreviated
                if (
                    sub and sub.end() <= sent.end and _gov_re().search(text, trimmed, b)
                    and not _title_re().match(text, b) and not _gov_re().match(text, b)
                    and text[b] not in "党常主纪工副村居"
                ):
                    valid.add((trimmed, sub.end()))
    for a, b in list(valid):  # 某医学会某某分会(青年委员会): a branch written right after its society
        sub = _BRANCH.match(text, b, sent.end)
        if sub and text[a:b].endswith(_SOCIETIES) and not _title_re().match(text, b):
            valid.add((a, sub.end()))
    # the longest valid names (a body inside a longer valid name is part of it)
    return sorted(v for v in valid if not any(o != v and o[0] <= v[0] and v[1] <= o[1] for o in valid))


def _ends_with_body(doc: Document, sent: Sentence, core: int) -> bool:
    """The text before `core` ends with an organization suffix or an institution (or nothing)."""
    before = doc.text[sent.start : core]
    if not before or not re.search(r"[\u4e00-\u9fff]$", before):
        return True
    if any(m.end == core for m in doc.mentions):
        return True
    return any(before.endswith(w) for w in lexicon.words("government_bodies") + lexicon.words("org_suffixes"))


@cache
def _title_re() -> re.Pattern[str]:
    return re.compile(lexicon.alternation("post_titles"))


def _trim(doc: Document, start: int, end: int) -> int | None:
    """The start of the organization name in text[start:end] (dropping leading words), or None."""
    from kg.extract.name_spans import sentence_tokens

    sent = doc.sentence_at(start)
    starts = {s for _, s, _ in sentence_tokens(doc, sent)} if sent else {start}
    # a level word glued to the word before it (获省卫健委) may start the name too
    starts |= {k for k in range(start, end) if doc.text[k] in places.LEVEL_WORDS}
    for k in [start] + sorted(s for s in starts if start < s < end):
        if _valid(doc, k, end):
            if _conjunction_then_level(doc, k) and _valid(doc, k + 1, end):
                return k + 1  # 县政府的领导和县卫健委: 和 joins two bodies, 和县 is no place here
            return k
    return None


def _conjunction_then_level(doc: Document, k: int) -> bool:
    """text[k] is 和/与/及 between a Han word and a level word (…领导和县卫健委)."""
    text = doc.text
    sent = doc.sentence_at(k)
    return (
        k + 1 < len(text) and text[k] in "和与及同" and text[k + 1] in places.LEVEL_WORDS
        and sent is not None and k > sent.start and bool(re.match(r"[\u4e00-\u9fff]", text[k - 1]))
    )


def _split_joined(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """某省委宣传部某省文明办 -> two names; 某市委市政府 -> 某市委 + 市政府."""
    text = doc.text
    name = text[start:end]
    cuts = []
    for m in _gov_re().finditer(name):
        cut = m.end()
        if cut >= len(name):
            continue
        rest = name[cut:]
        if places.prefix_place(rest)[1] >= 2 or rest.startswith(("中共", "国家")):
            cuts.append(cut)
        elif rest[0] in places.LEVEL_WORDS and _gov_re().match(rest, 1):
            cuts.append(cut)
    out, prev = [], 0
    for cut in cuts:
        out.append((start + prev, start + cut))
        prev = cut
    out.append((start + prev, end))
    return out


def _valid(doc: Document, start: int, end: int) -> bool:
    name = doc.text[start:end]
    found = list(_suffix_re().finditer(name))
    if not found or _overlaps_institution(doc, start, end):
        return False
    m = found[-1]
    prefix = name[: m.start()]
    if not prefix or _BARE_OK.match(name):
        return bool(_BARE_OK.match(name))
    if prefix[0] in places.LEVEL_WORDS and _only_bodies(prefix[1:]):
        return True  # 省卫健委医政医管局, 县卫健委体改办
    if name_spans.has_quantity(prefix) or re.match(r"[0-9]", prefix):
        return False
    if m.group().endswith("政府") and not (_written_place(name) or prefix in places.LEVEL_WORDS):
        return False  # a government is a place's government
    if name.endswith(_PARTY_SUFFIX) and not (places.prefix_place(prefix)[1] >= 2 or prefix[0] in places.LEVEL_WORDS):
        return False
    if prefix[0] in places.LEVEL_WORDS and len(prefix) <= 2 and _gov_re().match(name, 1):
        return True  # 省卫健委, 市委, 市直工委 … (completed later)
    if name[0] in places.LEVEL_WORDS and _gov_re().fullmatch(name[1:]):
        return True
    if prefix[0] in places.LEVEL_WORDS and len(prefix) <= 4 and m.group() in _ASSOCIATIONS:
        return name_spans.is_name_text(prefix) and not name_spans.has_quantity(prefix)  # 省医学会
    if prefix.startswith(("中共", "中华", "中国", "国家")):
        return True
    if m.group() in _COMPANY and _brand(prefix):
        return True
    return name_spans.name_start(name, len(prefix)) == 0


def _only_bodies(text: str) -> bool:
    while text:
        m = _gov_re().match(text)
        if not m:
            return False
        text = text[m.end() :]
    return True


def _brand(prefix: str) -> bool:
    """A company's own name: 2-4 characters that are no common word (微某, 某某科技)."""
    from kg.extract.segment import pos_tags, tokenizer

    if not (2 <= len(prefix) <= 4) or name_spans.is_generic(prefix) or prefix.endswith(("医疗", "医院", "健康")):
        return False
    tags = pos_tags(prefix)
    if any(f[0] in "vdapcuil" or (tokenizer().FREQ.get(w) or 0) >= 1000 for w, f in tags):
        return False
    return (tokenizer().FREQ.get(prefix) or 0) < 50


def places_in_doc(doc: Document) -> list[tuple[str, places.Place | None, int]]:
    """Places written at the start of the document's entity names: (written, place, first offset)."""
    out = []
    for m in sorted(doc.mentions, key=lambda m: m.start):
        name = doc.text[m.start : m.end]
        written = _written_place(name)
        if written:
            out.append((written, places.lookup(written), m.start))
    return out


def _written_place(name: str) -> str | None:
    """The place a name starts with, as written with its level (敦化市, 寿阳县, 山西省, 延边州)."""
    if name.startswith("中共"):
        name = name[2:]
    place, n = places.prefix_place(name)
    if place is None:
        m = places.PLACE_STRUCTURE.match(name)
        return m.group() if m and len(m.group()) >= 3 and _gov_re().match(name, m.end()) else None
    written = name[:n]
    if written[-1] not in places.LEVEL_WORDS and n < len(name) and name[n] in places.LEVEL_WORDS:
        written = name[: n + 1]
    return written


def level_of(written: str) -> str:
    return written[-1] if written and written[-1] in places.LEVEL_WORDS else ""


def implied_place(doc: Document, level: str, before: int) -> str | None:
    """The place of `level` (省/市/县/区/州/盟/旗) that a place-less name written at `before` refers to."""
    if level not in places.LEVEL_WORDS:
        return None
    cands: list[str] = []
    from kg.extract.subject import choose_subject

    subj = doc.subject or choose_subject(doc)
    known = places_in_doc(doc)
    near = [w for w, _, off in known if off < before and level_of(w) == level]
    if near:
        cands.append(near[-1])
    later = [w for w, _, off in known if off >= before and level_of(w) == level]
    for name in [subj] if subj else []:
        w = _written_place(name)
        if w and level_of(w) == level:
            cands.insert(0, w)
    # parents of the places the document names (寿阳县 -> 晋中市, 山西省)
    own = [(_written_place(subj), places.lookup(_written_place(subj) or ""), 0)] if subj else []
    for _w, p, _ in own + known:
        if p is None:
            continue
        for lvl in ("city", "province"):
            par = places.parent(p, lvl)
            if par is None or par == p:
                continue
            form = _level_form(par)
            if level_of(form) == level:
                cands.append(form)
    cands += later[:1]
    if own and own[0][1] is not None:  # 金华某医院 written without the level: 市卫健委 -> 金华市卫健委
        own_form = _level_form(own[0][1])
        if level_of(own_form) == level:
            cands.append(own_form)
    return cands[0] if cands else None


def _level_form(place: places.Place) -> str:
    """延边朝鲜族自治州 -> 延边州; 山西省 -> 山西省; 泰州市 -> 泰州市."""
    name = place.name
    if "自治" in name and name.endswith(("州", "县", "旗")):
        return place.short + name[-1]
    return name


def complete(doc: Document, written: str, start: int) -> str:
    """The full name of an organization written without its place (省卫健委 -> 某省卫健委)."""
    body = written
    if written[0] in places.LEVEL_WORDS and not places.prefix_place(written)[1]:
        place = implied_place(doc, written[0], start)
        if place:
            return place + written[1:] if place.endswith(written[0]) else place + written
        return written
    if _BARE_OK.match(body):
        for w, _, off in reversed(places_in_doc(doc)):
            if off < start and level_of(w):
                return w + body
    return written


@stage(STAGE, requires=("segment", "institutions"))
def organizations(doc: Document) -> Document:
    for sent in doc.sentences:
        for start, end in candidates_in(doc, sent):
            written = doc.text[start:end]
            full = _canonical_form(complete(doc, written, start))
            aliases = {written} if written != full else set()
            existing = _find(doc, full) or _find(doc, written)
            name = existing or full
            ev = evidence_for(doc, start, end, STAGE)
            add_entity(doc, name, ORG, aliases=aliases | ({full} - {name}), evidence=ev)
            add_mention(doc, start, end, name, ORG, STAGE)
    return doc


def _canonical_form(name: str) -> str:
    """Drop a higher place before a lower one (某州某县县委 -> 某县县委) and 中共 before a place."""
    rest = name[2:] if name.startswith("中共") and places.prefix_place(name[2:])[1] else name
    first = _written_place(rest)
    if first:
        second = _written_place(rest[len(first) :])
        if second and _gov_re().search(rest[len(first) + len(second) :]):
            return rest[len(first) :]
    return rest


def body_key(name: str) -> str:
    """One key for the written forms of one body (某市卫生健康委员会 = 某市卫健委, 某市人民政府 = 某市政府)."""
    table = lexicon.table("body_synonyms")
    for long in sorted(table, key=len, reverse=True):
        if long in name:
            name = name.replace(long, table[long])
    return name.removeprefix("中共")


def _find(doc: Document, name: str) -> str | None:
    if name in doc.entities:
        return name
    key = body_key(name)
    for ent in doc.entities.values():
        if name in ent.aliases:
            return ent.name
    for ent in doc.entities.values():
        if ent.type == ORG and any(body_key(n) == key for n in (ent.name, *ent.aliases)):
            return ent.name
    return None
