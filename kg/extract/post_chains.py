"""Title chains around a name: what `posts` reads before and after each person.

``[org] [department] title 、 [org] [department] title … NAME`` is read right to left from the name
(`chain_before`); each title is an `Element` with the organization mention written before it, or the
department (某科, 医务处, 护理部 …) or the bare place (某市副市长) that stands there instead.
``NAME (同志)任 [org] title`` is read the same way after the verb (`appointment`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract import lexicon, organizations, places
from kg.model import Document, EntityType, Mention

PERSON = EntityType.PERSON
ORGS = (EntityType.INSTITUTION, EntityType.ORGANIZATION)
_RUN_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_MAX_SEG = 30
_HONOUR = re.compile(r"(?:优秀|先进|模范|最美|十佳|杰出|标兵|金牌)$")


@cache
def titles() -> frozenset[str]:
    return frozenset(lexicon.words("post_titles"))


@cache
def academic() -> frozenset[str]:
    return frozenset(lexicon.words("academic_titles"))


@cache
def _max_title() -> int:
    return max(len(t) for t in titles() | academic())


@cache
def gov_titles() -> dict[str, str]:
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
        if word in titles() or word in academic():
            return word
    return None


def title_starting_at(text: str, pos: int, limit: int) -> str | None:
    for n in range(min(_max_title(), limit - pos), 1, -1):
        word = text[pos : pos + n]
        if word in titles() or word in academic():
            return word
    return None


def org_mentions(doc: Document, lo: int, hi: int) -> list[Mention]:
    return [m for m in doc.mentions if m.type in ORGS and lo <= m.start and m.end <= hi]


_NOTE_BEFORE = re.compile(r"[（(](?:主持工作|主持全面工作|主持行政工作|兼|代|挂职|正处级|副处级)[)）]$")


def chain_before(doc: Document, name_start: int, floor: int) -> list[Element]:
    """Titles written before the name starting at `name_start`, right to left."""
    text = doc.text
    out: list[Element] = []
    pos = name_start
    note = _NOTE_BEFORE.search(text, max(floor, pos - 10), pos)
    pos = note.start() if note else pos  # 副院长（主持工作）某某: the titles end before the note
    while True:
        title = title_ending_at(text, pos, floor)
        if title is None:
            break
        tstart = pos - len(title)
        el = Element(title, tstart, pos, academic=title in academic() and title not in titles())
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
            ms = [m for m in org_mentions(doc, run_start, tstart) if m.end <= tstart]
            ms = [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end for o in ms)]
            if ms and not _person_between(doc, ms[-1].end, tstart):
                m = ms[-1]
                el.org = m.entity
                between = text[m.end : tstart]
                el.dept = text[m.start : m.end] + between if between == "办" else department(between)
                seg_lo = m.start
            elif _named_by_suffix(doc, text[run_start:tstart]):
                el.org, word = _named_by_suffix(doc, text[run_start:tstart])
                seg_lo = tstart - len(word)
            else:
                seg = text[run_start:tstart]
                el.dept = department(seg)
                place = organizations._written_place(seg[-10:]) if seg else None
                if place and seg.endswith(place) or (place and seg.endswith(place + "委")):
                    el.place = place
                    el.dept = ""
                seg_lo = tstart - len(el.dept) if el.dept else (tstart - len(place or "") if el.place else tstart)
        el.seg_start = seg_lo
        el.former = text[max(floor, seg_lo - 1) : seg_lo] == "原" or el.dept.startswith("原")
        el.dept = el.dept.removeprefix("原")
        if _HONOUR.search(text, max(floor, tstart - 4), tstart):
            el.academic = True  # 优秀护士长某某: an honour, not a post
        out.append(el)
        sep = seg_lo - 1
        if sep >= floor and text[sep] in "、兼" and title_ending_at(text, sep, floor):
            pos = sep  # 党委书记、院长某某: the chain goes on before the 、
            continue
        break
    return out


_ORG_WORD = re.compile(r"(联盟|学会|协会|研究会|基金会|委员会|专委会|分会|集团|公司)$")


def _named_by_suffix(doc: Document, seg: str) -> tuple[str, str] | None:
    """A bare 联盟 / 学会 … before a title: the one organization of the document with that ending; a bare
    社区卫生服务中心 / 卫生院 / 医共体 … (医共体理事长某某): the one institution with that ending."""
    inst = _INST_WORD.search(seg)
    if inst and re.sub(r"^.*[与和及同、]", "", seg) == inst.group():
        hits = [n for n, e in doc.entities.items() if e.type == EntityType.INSTITUTION and n.endswith(inst.group())]
        return (hits[0], inst.group()) if len(hits) == 1 else None
    m = _ORG_WORD.search(seg)
    if not m or not (seg == m.group() or re.search(r"[当选为任]$", seg[: -len(m.group())])):
        return None
    hits = [n for n, e in doc.entities.items() if e.type in ORGS and n.endswith(m.group())]
    return (hits[0], m.group()) if len(hits) == 1 else None


_INST_WORD = re.compile(
    r"(?:社区卫生服务中心|中心卫生院|卫生院|妇幼保健院|中医(?:医)?院|卫生服务站|医共体|医联体|医疗集团)$"
)


def _person_between(doc: Document, lo: int, hi: int) -> bool:
    return any(m.type == PERSON and lo <= m.start and m.end <= hi for m in doc.mentions)


_DEPT_CUT = re.compile(r".*[由在并兼为对向将被把是的了、]")
_SELF_PREFIX = re.compile(r"^(?:医院|我院|本院|该院|全院)")


def department(seg: str) -> str:
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


APPOINT = re.compile(
    r"(?:同志)?(?:现任|担任|出任|兼任|受聘为|被聘为|获聘为|获聘|受聘|聘为|任|当选为|当选|升任|调任|(曾任|历任|原任))"
)


def appointment(doc: Document, start: int, limit: int) -> list[Element]:
    """某某(同志)任某医院党委书记、院长: the titles after the verb, read as a chain."""
    text = doc.text
    stop = start
    while stop < limit and stop - start < 40 and (_RUN_CHAR.match(text[stop]) or text[stop] in "、"):
        stop += 1
    for end in range(stop, start, -1):
        if title_ending_at(text, end, start):
            return chain_before(doc, end, start)
    return []


_HELD = re.compile(r"(?:同志)?(?:担任|兼任|出任)(?=[，。,；;]|$)")


def held_by(doc: Document, m: Mention, floor: int) -> list[tuple[Element, str]]:
    """某机构某职由某某(同志)担任/兼任: the titles written before 由 are the person's, when the organization
    is written with them (a bare 主任委员由… names no body)."""
    text = doc.text
    if not _HELD.match(text, m.end):
        return []
    by = text.rfind("由", floor, m.start)
    if by < 0 or re.search(r"[，。,；;]", text[by:m.start]):
        return []
    chain = chain_before(doc, by, floor)
    return [(el, el.org) for el in reversed(chain) if el.org and not el.academic]


# a department of a party committee (某市委组织部): its posts are the committee's (组织部副部长 of 某市委)
_COMMITTEE_DEPT = re.compile(r"^(.+委)(组织部|宣传部|统战部)$")


def fold_department(doc: Document, role: str, org: str) -> tuple[str, str]:
    """(role, org) with a party committee's department folded into the role when the committee is named."""
    m = _COMMITTEE_DEPT.match(org)
    if m and m.group(1) in doc.entities and not role.startswith(m.group(2)):
        return m.group(2) + role, m.group(1)
    return role, org
