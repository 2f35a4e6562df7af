"""Extractor stage `posts`: (person, role, organization) from title chains around each person mention.

Before a name, a chain of titles separated by 、 (or 兼) is read right to left:
``[org] [department] title 、 [org] [department] title … NAME``.  Each title gives one post; its
organization is the mention written before it (an institution, a body, 我院/院 = the subject), else the
one of the title before it in the chain (集团党委书记、院长某某 -> both at the group).  A department between
the organization and the title stays in the role (某科主任).  Government titles imply the government of a
place (副市长 -> 某市政府: the place written before, else the one the document implies); party titles
after a place name the party committee (某市委书记).  After a name, a title (某某院长) gives a post at the
organization written just before the name, else at the subject.  原… marks a former post; academic
titles (教授, 院士, 博士) are no posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract import lexicon, organizations, places
from kg.extract.names import add_entity, evidence_for
from kg.extract.pipeline import stage
from kg.model import Document, EntityType, Mention, Post

STAGE = "posts"
PERSON = EntityType.PERSON
ORGS = (EntityType.INSTITUTION, EntityType.ORGANIZATION)
_RUN_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_MAX_SEG = 30
_PARTY_TITLES = ("书记", "副书记", "常务副书记", "常委", "委员")


@cache
def _titles() -> frozenset[str]:
    return frozenset(lexicon.words("post_titles"))


@cache
def _academic() -> frozenset[str]:
    return frozenset(lexicon.words("academic_titles"))


@cache
def _max_title() -> int:
    return max(len(t) for t in _titles() | _academic())


@cache
def _gov_titles() -> dict[str, str]:
    return lexicon.table("implied_government")


@cache
def _dept_re() -> re.Pattern[str]:
    return re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,24}?(?:" + lexicon.alternation("department_suffixes") + r")$")


@dataclass
class Element:
    """One title of a chain: its organization (if written), department, the title and where it is."""

    title: str
    start: int
    end: int
    org: str | None = None
    dept: str = ""
    place: str | None = None  # a place written before the title without a body (某市副市长)
    former: bool = False
    academic: bool = False
    seg_start: int = 0  # where the organization or department of this title starts


def title_ending_at(text: str, pos: int, floor: int) -> str | None:
    """The longest title (post or academic) that ends at `pos`."""
    for n in range(min(_max_title(), pos - floor), 1, -1):
        word = text[pos - n : pos]
        if word in _titles() or word in _academic():
            return word
    return None


def title_starting_at(text: str, pos: int, limit: int) -> str | None:
    for n in range(min(_max_title(), limit - pos), 1, -1):
        word = text[pos : pos + n]
        if word in _titles() or word in _academic():
            return word
    return None


def _org_mentions(doc: Document, lo: int, hi: int) -> list[Mention]:
    return [m for m in doc.mentions if m.type in ORGS and lo <= m.start and m.end <= hi]


def chain_before(doc: Document, name_start: int, floor: int) -> list[Element]:
    """Titles written before the name starting at `name_start`, right to left."""
    text = doc.text
    out: list[Element] = []
    pos = name_start
    while True:
        title = title_ending_at(text, pos, floor)
        if title is None:
            break
        tstart = pos - len(title)
        el = Element(title, tstart, pos, academic=title in _academic() and title not in _titles())
        # an organization written into the title (某系统党工委书记: the body is …党工委)
        inside = [m for m in doc.mentions if m.type in ORGS and m.start < tstart < m.end <= pos]
        run_start = tstart
        person_end = max((m.end for m in doc.mentions if m.type == PERSON and m.end <= tstart), default=floor)
        lo = max(floor, person_end)
        while run_start > lo and _RUN_CHAR.match(text[run_start - 1]) and tstart - run_start < _MAX_SEG:
            if text[run_start - 1] == "兼" and title_ending_at(text, run_start - 1, floor):
                break
            run_start -= 1
        if inside:
            el.org = inside[-1].entity
            seg_lo = inside[-1].start
        else:
            ms = [m for m in _org_mentions(doc, run_start, tstart) if m.end <= tstart]
            ms = [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end for o in ms)]
            if ms and not _person_between(doc, ms[-1].end, tstart):
                m = ms[-1]
                el.org = m.entity
                between = text[m.end : tstart]
                el.dept = text[m.start : m.end] + between if between == "办" else _dept(between)
                seg_lo = m.start
            elif _named_by_suffix(doc, text[run_start:tstart]):
                el.org, word = _named_by_suffix(doc, text[run_start:tstart])
                seg_lo = tstart - len(word)
            else:
                seg = text[run_start:tstart]
                el.dept = _dept(seg)
                place = organizations._written_place(seg[-10:]) if seg else None
                if place and seg.endswith(place) or (place and seg.endswith(place + "委")):
                    el.place = place
                    el.dept = ""
                seg_lo = tstart - len(el.dept) if el.dept else (tstart - len(place or "") if el.place else tstart)
        el.seg_start = seg_lo
        el.former = text[max(floor, seg_lo - 1) : seg_lo] == "原" or el.dept.startswith("原")
        el.dept = el.dept.removeprefix("原")
        out.append(el)
        sep = seg_lo - 1
        if sep >= floor and text[sep] in "、兼" and title_ending_at(text, sep, floor):
            pos = sep
            continue
        if sep >= floor and text[sep] in "、兼" and _chain_continues(doc, sep, floor):
            pos = sep
            continue
        break
    return out


_ORG_WORD = re.compile(r"(联盟|学会|协会|研究会|基金会|委员会|专委会|分会|集团|公司)$")


def _named_by_suffix(doc: Document, seg: str) -> tuple[str, str] | None:
    """A bare 联盟 / 学会 … before a title: the one organization of the document with that ending."""
    m = _ORG_WORD.search(seg)
    if not m or not (seg == m.group() or re.search(r"[当选为任]$", seg[: -len(m.group())])):
        return None
    hits = [n for n, e in doc.entities.items() if e.type in ORGS and n.endswith(m.group())]
    return (hits[0], m.group()) if len(hits) == 1 else None


def _chain_continues(doc: Document, sep: int, floor: int) -> bool:
    """Before the 、 there is an organization + title (某医院院长、…): the chain goes on."""
    return title_ending_at(doc.text, sep, floor) is not None


def _person_between(doc: Document, lo: int, hi: int) -> bool:
    return any(m.type == PERSON and lo <= m.start and m.end <= hi for m in doc.mentions)


_DEPT_CUT = re.compile(r".*[由在并兼为对向将被把是的了、]")
_SELF_PREFIX = re.compile(r"^(?:医院|我院|本院|该院|全院)")


def _dept(seg: str) -> str:
    """The department at the end of `seg` (某内科, 医务处, 护理部 …), or ''."""
    seg = _SELF_PREFIX.sub("", _DEPT_CUT.sub("", seg.strip()).lstrip("和及与"))
    best = ""
    for k in range(len(seg)):
        tail = seg[k:]
        if _dept_re().fullmatch(tail) and not organizations._written_place(tail):
            best = tail
            break
    if best and best[0] in places.LEVEL_WORDS and len(best) <= 3:
        return ""  # 县委办 is an organization word, handled by the mention
    return best


def _government(doc: Document, level: str, place: str | None, at: int) -> str | None:
    """The government of `place` (or of the place of `level` the document implies)."""
    place = place or organizations.implied_place(doc, level, at) or level  # 区长 with no place known: 区政府
    name = place + "政府"
    for ent in doc.entities.values():
        if ent.type == EntityType.ORGANIZATION and ent.name.startswith(place) and ent.name.endswith("政府"):
            return ent.name
    add_entity(doc, name, EntityType.ORGANIZATION, aliases={place, place + "人民政府"})
    return name


def _committee(doc: Document, place: str) -> str:
    name = place + "委"
    for ent in doc.entities.values():
        if ent.type == EntityType.ORGANIZATION and (ent.name == name or name in ent.aliases):
            return ent.name
    add_entity(doc, name, EntityType.ORGANIZATION, aliases={"中共" + name})
    return name


_TITLE_BODIES = (
    ("局长", ("局",)),
    ("校长", ("大学", "学院", "学校")),
    ("厅长", ("厅",)),
    ("处长", ("处", "局", "委", "厅", "中心")),
)


def _fits(doc: Document, title: str, org: str) -> bool:
    """Can `title` be a post of `org` (院长 of a hospital, 局长 of a 局, 校长 of a university …)?"""
    ent = doc.entities.get(org)
    kind = ent.type if ent else None
    if "院长" in title:
        return kind == EntityType.INSTITUTION or org.endswith("院")
    for word, ends in _TITLE_BODIES:
        if title.endswith(word):
            return org.endswith(ends) or any(e in org for e in ends)
    return True


def resolve_elements(
    doc: Document, chain: list[Element], at: int, context_org: str | None
) -> list[tuple[Element, str]]:
    """(element, organization) for each non-academic title, left to right with inheritance."""
    out = []
    inherited = context_org
    for el in reversed(chain):
        org = el.org
        gov_level = _gov_titles().get(el.title)
        if org is None and gov_level:
            org = _government(doc, gov_level, el.place, at)
        elif org is None and el.place and el.title in _PARTY_TITLES:
            org = _committee(doc, el.place)
        elif org is None and el.place and el.title.endswith(("长", "主任", "主席")):
            org = _government(doc, el.place[-1], el.place, at)
        if org is None and inherited and _fits(doc, el.title, inherited):
            org = inherited
        if org is None:
            org = doc.subject
        if org is not None and not el.academic:
            out.append((el, org))
        if org is not None and not gov_level:
            inherited = org
    return out


_SEPARATORS = {"", "、", "，", ",", "和", "及", "与"}
_ROLE_CUES = ("作为", "身为", "担任")


@stage(STAGE, requires=("persons", "subject"))
def posts(doc: Document) -> Document:
    seen: set[tuple[str, str, str]] = set()
    persons = sorted((m for m in doc.mentions if m.type == PERSON), key=lambda m: m.start)
    by_person: dict[str, list[str]] = {}
    text = doc.text
    # per sentence: where the last person with a post ended, and that post (role, org)
    last: dict[int, tuple[int, str, str, bool]] = {}  # bool: the title was written before the name
    # titles written before each person anywhere in the text: 某某书记 later is one of them, not a new post
    titled: dict[str, set[str]] = {}
    for m in persons:
        sent = doc.sentence_at(m.start)
        if sent is not None:
            titled.setdefault(m.entity, set()).update(el.title for el in chain_before(doc, m.start, sent.start))
    for m in persons:
        sent = doc.sentence_at(m.start)
        if sent is None:
            continue
        chain = chain_before(doc, m.start, sent.start)
        if not chain and m.start - 1 > sent.start and text[m.start - 1] in "，,":
            # 作为某医院党委副书记、常务副院长，某某…
            gap = chain_before(doc, m.start - 1, sent.start)
            if gap and text[max(sent.start, gap[-1].seg_start - 2) : gap[-1].seg_start] in _ROLE_CUES:
                chain = gap
        prev = last.get(sent.index)
        chain_start = min((el.seg_start for el in chain), default=m.start)
        joined = prev is not None and text[prev[0] : chain_start].strip() in _SEPARATORS
        context = prev[2] if joined else None
        for el, org in resolve_elements(doc, chain, m.start, context):
            role = el.dept + el.title
            _add(doc, seen, by_person, m, role, org, el.seg_start, el.former)
            last[sent.index] = (m.end, role, org, True)
        after = title_starting_at(text, m.end, sent.end)
        appointed = _APPOINT.match(text, m.end)
        if appointed and (not after or after in _academic()):
            for el, org in resolve_elements(doc, _appointment(doc, appointed.end(), sent.end), m.start, None):
                _add(doc, seen, by_person, m, el.dept + el.title, org, m.start, el.former, end=el.end)
        if after and after not in _academic():
            if not any(t.endswith(after) for t in titled.get(m.entity, ())):
                _title_after(doc, seen, by_person, m, after, sent.start)
        elif not chain and joined and text[prev[0] : m.start] == "、" and prev[3]:
            # 副院长某甲、某乙: the second name shares the first one's post
            _add(doc, seen, by_person, m, prev[1], prev[2], m.start, False)
        if by_person.get(m.entity) and not chain and after:
            last[sent.index] = (m.end + len(after), by_person[m.entity][-1], _last_org(doc, m.entity), False)
    return doc


_APPOINT = re.compile(r"(?:同志)?(?:担任|出任|兼任|任|当选为|当选|升任|调任)")


def _appointment(doc: Document, start: int, limit: int) -> list[Element]:
    """某某(同志)任某医院党委书记、院长: the titles after the verb, read as a chain."""
    text = doc.text
    stop = start
    while stop < limit and stop - start < 40 and (_RUN_CHAR.match(text[stop]) or text[stop] in "、"):
        stop += 1
    for end in range(stop, start, -1):
        if title_ending_at(text, end, start):
            return chain_before(doc, end, start)
    return []


def _last_org(doc: Document, person: str) -> str:
    return next((p.org for p in reversed(doc.posts) if p.person == person), "")


def _title_after(doc, seen, by_person, m: Mention, title: str, floor: int) -> None:
    """某某院长: the organization written right before the name, else the subject."""
    if any(r.endswith(title) for r in by_person.get(m.entity, [])):
        return
    before = [o for o in _org_mentions(doc, floor, m.start) if o.end <= m.start]
    org, role = None, title
    if before:
        gap = doc.text[before[-1].end : m.start]
        if not gap:
            org = before[-1].entity
        elif _dept(gap) == gap or re.fullmatch(r"[\u4e00-\u9fff]{1,10}", gap):  # 某委某办公室某某处长
            org, role = before[-1].entity, gap + title
    if org is None:
        level = _gov_titles().get(title)
        org = _government(doc, level, None, m.start) if level else doc.subject
    if org:
        _add(doc, seen, by_person, m, role, org, m.start, False, end=m.end + len(title))


def _add(doc, seen, by_person, m: Mention, role: str, org: str, start: int, former: bool, end: int | None = None):
    key = (m.entity, role, org)
    if key in seen or m.entity == org:
        return
    seen.add(key)
    by_person.setdefault(m.entity, []).append(role)
    doc.posts.append(
        Post(
            evidence=evidence_for(doc, start, end or m.end, STAGE),
            person=m.entity,
            role=role,
            org=org,
            status="former" if former else None,
        )
    )
