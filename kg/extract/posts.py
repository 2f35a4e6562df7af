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
from dataclasses import replace

from kg.extract import organizations
from kg.extract.names import add_entity, evidence_for
from kg.extract.pipeline import stage
from kg.extract.post_chains import (
    APPOINT,
    Element,
    academic,
    appointment,
    chain_before,
    department,
    fold_department,
    gov_titles,
    held_by,
    org_mentions,
    title_starting_at,
)
from kg.model import Document, EntityType, Mention, Post

STAGE = "posts"
PERSON = EntityType.PERSON
ORGS = (EntityType.INSTITUTION, EntityType.ORGANIZATION)
_PARTY_TITLES = ("书记", "副书记", "常务副书记", "常委", "委员")


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
        gov_level = gov_titles().get(el.title)
        if org is None and gov_level:
            org = _government(doc, gov_level, el.place, at)
        elif org is None and el.place and el.title in _PARTY_TITLES:
            org = _committee(doc, el.place)
        elif org is None and el.place and el.title.endswith(("长", "主任", "主席")):
            org = _government(doc, el.place[-1], el.place, at)
        if org is None and inherited and _fits(doc, el.title, inherited) and _society_fit(el.title, inherited):
            org = inherited
        if org is None and _TEAM.search(el.dept):
            continue  # 专家组组长: the leader of a visiting panel, not a post of the subject
        if org is None and el.title in _TEAM_LEADS and _TEAM_BEFORE.search(doc.text, max(0, el.start - 4), el.start):
            continue  # 援疆专家领队, 医疗队队长: the leader of a sent team, not a post of the subject
        if org is None:
            org = doc.subject
        if org is not None and not el.academic:
            out.append((el, org))
        if org is not None and not gov_level:
            inherited = org
    return out


# a temporary team (专家组, 评审组, 督导组 …): its leader holds no post of the subject
_TEAM_LEADS = ("领队", "队长", "副队长")
_TEAM_BEFORE = re.compile(r"(?:专家|医疗队|工作队|服务队|援疆|援藏|援青|义诊)$")
_TEAM = re.compile(r"(?:专家|评审|评估|检查|督导|督查|调研|考核|验收|巡察|巡视|指导)组$")


def _bare(el: Element) -> bool:
    """A title written with no organization, department or place of its own."""
    return el.org is None and not el.dept and el.place is None


_BODY_TITLES = _TITLE_BODIES + (
    ("主任", ("委", "委员会", "办", "办公室", "中心")),
    ("会长", ("会",)),
    ("理事长", ("会",)),
    ("秘书长", ("会",)),
    ("主任委员", ("会",)),
)


def _fits_body(title: str, org: str) -> bool:
    """A title that names its kind of body (局长 -> a 局, 厅长 -> a 厅, 主任 -> a 委 …) and `org` is one."""
    return any(title.endswith(word) and org.endswith(ends) for word, ends in _BODY_TITLES)


_SOCIETY_TITLES = ("主任委员", "主委", "委员", "常委", "会长", "理事长", "理事", "秘书长", "组长")
_SOCIETY = re.compile(r"(?:学会|协会|研究会|分会|专委会|委员会|联盟|学组|协作组)$")


def _elected_body(doc: Document, verb: re.Match[str], floor: int, name_start: int) -> str | None:
    """当选为副主任委员: the society or committee the sentence names before the person."""
    if not verb.group().lstrip("同志").startswith(("当选", "受聘", "被聘", "获聘", "聘为")):
        return None
    def societies(lo: int, hi: int) -> list[Mention]:
        return [o for o in org_mentions(doc, lo, hi) if o.type == EntityType.ORGANIZATION and _SOCIETY.search(o.entity)]

    bodies = societies(floor, name_start)
    if not bodies and verb.group().lstrip("同志").startswith("当选") and floor > 0:
        before = doc.sentence_at(floor - 1)  # 某学会某分会换届选举会议召开。我院某某当选为副主任委员
        bodies = societies(before.start, before.end) if before is not None else []
        bare = _BARE_BODY.match(doc.text, verb.end()) or _BARE_ELECTED.search(doc.text, floor, name_start)
        if not bodies and bare:  # 甲当选为联盟理事长，乙当选为秘书长: the alliance the article named earlier
            bodies = [o for o in societies(0, floor) if o.entity.endswith(bare.group("kind"))]
    return bodies[-1].entity if bodies else None


# a body referred to by its bare kind after 当选为 (联盟首届理事长, 学会副会长)
_BARE_KIND = r"(?:该|本)?(?P<kind>联盟|学会|协会|研究会|分会|专委会)"
_BARE_BODY = re.compile(_BARE_KIND)
_BARE_ELECTED = re.compile(r"当选为?" + _BARE_KIND)


_NAMED_BEFORE = re.compile(r"(?:聘任|聘请|任命|推选|选举|提名|增补|选聘)$")
# 聘请某某(教授)为…: an academic title may stand between the name and 为
_NAMED_AS = re.compile(r"(?:同志|教授|博士|先生|女士)?(?:为|担任)((?!))?")  # group 1 never matches: not former
def _named_in_clause(text: str, floor: int, lo: int) -> bool:
    """聘请某医院某科主任医师某某…: the appointing verb opens the clause of the name, titles between."""
    clause = re.split(r"[，,；;。：:]", text[max(floor, lo - 40) : lo])[-1]
    return bool(re.match(r"^(?:医院|我院|特别|正式|再次|隆重)?(?:聘任|聘请|特聘|任命|选聘)", clause))


_DISMISSED = re.compile(r"(?:同志)?()")  # group 1 always matches: a former post
def _society_fit(title: str, org: str) -> bool:
    """A society or committee inherits only its own kind of titles (主任委员, 会长 …), not 院长."""
    return not _SOCIETY.search(org) or title.endswith(_SOCIETY_TITLES) or "主任" in title


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
    shared: dict[int, list[tuple[str, str]]] = {}  # per sentence: the posts of the last chain before a name
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
        chain = chain_before(doc, m.start, sent.start) or _chain_before_space(doc, m, sent)
        if not chain and m.start - 1 > sent.start and text[m.start - 1] in "，,":
            # 作为某医院党委副书记、常务副院长，某某…
            gap = chain_before(doc, m.start - 1, sent.start)
            if gap and text[max(sent.start, gap[-1].seg_start - 2) : gap[-1].seg_start] in _ROLE_CUES:
                chain = gap
        prev = last.get(sent.index)
        chain_start = min((el.seg_start for el in chain), default=m.start)
        joined = prev is not None and text[prev[0] : chain_start].strip() in _SEPARATORS
        context = prev[2] if joined else None
        if context is None and len(chain) == 1 and chain[0].title.startswith(_SENT_TITLES) and _SENT.search(
            text, sent.start, chain[0].start
        ):
            target = _sent_to(doc, sent, chain[0], m.end)  # 甲派出执行院长某某常驻乙: a post at 乙, not at 甲
            if target:
                chain, context = [replace(chain[0], org=None, place=None, seg_start=chain[0].start)], target
        if context is None and prev is not None and chain and _bare(chain[0]) and _fits_body(chain[0].title, prev[2]):
            context = prev[2]  # 局长某出席并讲话，副局长某主持: the same 局
        for i, (el, org) in enumerate(resolve_elements(doc, chain, m.start, context)):
            role = el.dept + el.title
            _add(doc, seen, by_person, m, role, org, el.seg_start, el.former)
            last[sent.index] = (m.end, role, org, True)
            if not el.former:
                shared[sent.index] = ([] if i == 0 else shared.get(sent.index, [])) + [(role, org)]
        after = title_starting_at(text, m.end, sent.end)
        appointed = APPOINT.match(text, m.end)
        if appointed is None:
            lo, hi = _list_span(doc, persons, m)  # 聘任甲、乙为副院长: the whole list is appointed
            if _NAMED_BEFORE.search(text, max(sent.start, lo - 3), lo) or _named_in_clause(text, sent.start, lo):
                appointed = _NAMED_AS.match(text, hi)  # 聘任某某同志为…主任
            elif text[max(sent.start, lo - 2) : lo] == "免去" and re.match(r"(?:同志)?[^，。；]{2,40}?职务", text[hi:]):
                appointed = _DISMISSED.match(text, hi)  # 免去某某同志…党委书记职务: a former post
        if appointed and (not after or after in academic()):
            elected = _elected_body(doc, appointed, sent.start, m.start)
            for el, org in resolve_elements(doc, appointment(doc, appointed.end(), sent.end), m.start, elected):
                former = el.former or appointed.group(1) is not None  # 曾任 / 历任: a former post
                _add(doc, seen, by_person, m, el.dept + el.title, org, m.start, former, end=el.end)
        if after and after not in academic():
            if not any(t.endswith(after) for t in titled.get(m.entity, ())):
                _title_after(doc, seen, by_person, m, after, sent.start)
        elif not chain and joined and text[prev[0] : m.start] == "、" and prev[3]:
            # 副院长某甲、某乙: the second name shares the first one's posts (党委委员、副院长甲、乙: both)
            for role, org in shared.get(sent.index) or [(prev[1], prev[2])]:
                _add(doc, seen, by_person, m, role, org, m.start, False)
            last[sent.index] = (m.end, prev[1], prev[2], True)  # 副院长甲、乙、丙: the list goes on
        moved = _MOVED.search(text, m.end, sent.end)  # 某某同志不再担任甲院长职务，调任乙党委书记
        if moved and not any(m.end < p.start < moved.start() for p in persons):
            for el, org in resolve_elements(doc, appointment(doc, moved.end(), sent.end), m.start, None):
                _add(doc, seen, by_person, m, el.dept + el.title, org, m.start, el.former, end=el.end)
        for el, org in held_by(doc, m, sent.start):  # 某中心主任由某某兼任
            _add(doc, seen, by_person, m, el.dept + el.title, org, el.seg_start, el.former, end=m.end)
        if by_person.get(m.entity) and not chain and after:
            last[sent.index] = (m.end + len(after), by_person[m.entity][-1], _last_org(doc, m.entity), False)
    return doc


# a later clause of the same person: 某某…职务，调任乙党委书记 (a current post at 乙)
_MOVED = re.compile(r"[，,](?:后|并|现)?(?:调任|改任|转任|升任)")
_SENT = re.compile(r"(?:派出|派驻|选派|委派|下派|外派)了?$")
_SENT_TITLES = ("执行", "业务")  # posts held where the sent person works (执行院长, 业务副院长), not at home
_POSTED_AT = re.compile(r"(?:常驻|驻|进驻|到|赴|至)$")


def _sent_to(doc: Document, sent, el: Element, name_end: int) -> str | None:
    """The institution a person sent with a title (甲派出执行院长某某常驻乙) holds the post at: the one
    named after 常驻 / 到 … after the name, else the one other institution of the sentence than the sender."""
    insts = [o for o in org_mentions(doc, sent.start, sent.end) if o.type == EntityType.INSTITUTION]
    after = [
        o for o in insts if o.start >= name_end and _POSTED_AT.search(doc.text, max(sent.start, o.start - 2), o.start)
    ]
    if after:
        return after[0].entity
    before = [o for o in insts if o.end <= el.start]
    sender = el.org or (before[-1].entity if before else doc.subject)
    others = {o.entity for o in insts} - {sender}
    return others.pop() if len(others) == 1 else None


def _chain_before_space(doc: Document, m: Mention, sent) -> list:
    """An author line (某医院党委书记 王某某): the titles before the spaces that set off a name ending the line."""
    text, k = doc.text, m.start
    while k > sent.start and text[k - 1] in " \u3000\t":
        k -= 1
    if k == m.start or m.start - k > 3 or (m.end < sent.end and text[m.end] not in "\n（("):
        return []
    return chain_before(doc, k, sent.start)


def _list_span(doc: Document, persons: list[Mention], m: Mention) -> tuple[int, int]:
    """Where the 、-list of person mentions that holds `m` starts and ends (m itself if alone)."""
    text = doc.text
    starts = {p.start: p for p in persons}
    ends = {p.end: p for p in persons}
    lo, hi = m.start, m.end
    while lo - 1 in ends and text[lo - 1] == "、":
        lo = ends[lo - 1].start
    while hi < len(text) and text[hi] == "、" and hi + 1 in starts:
        hi = starts[hi + 1].end
    return lo, hi


def _last_org(doc: Document, person: str) -> str:
    return next((p.org for p in reversed(doc.posts) if p.person == person), "")


def _title_after(doc, seen, by_person, m: Mention, title: str, floor: int) -> None:
    """某某院长: the organization written right before the name, else the subject."""
    if any(r.endswith(title) for r in by_person.get(m.entity, [])):
        return
    before = [o for o in org_mentions(doc, floor, m.start) if o.end <= m.start]
    org, role = None, title
    if before:
        gap = doc.text[before[-1].end : m.start]
        if not gap:
            org = before[-1].entity
        elif department(gap) == gap or re.fullmatch(r"[\u4e00-\u9fff]{1,10}", gap):  # 某委某办公室某某处长
            org, role = before[-1].entity, gap + title
    if org is None:
        level = gov_titles().get(title)
        org = _government(doc, level, None, m.start) if level else doc.subject
        lead = re.search(r"[\u4e00-\u9fff]{2,12}$", doc.text[max(floor, m.start - 12) : m.start])
        dept = department(lead.group()) if lead and not level else ""
        if dept and lead.group().endswith(dept):
            role = dept + title  # 心内科王某主任: the department stays in the role
    if org:
        _add(doc, seen, by_person, m, role, org, m.start, False, end=m.end + len(title))


def _add(doc, seen, by_person, m: Mention, role: str, org: str, start: int, former: bool, end: int | None = None):
    role, org = fold_department(doc, role, org)
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
