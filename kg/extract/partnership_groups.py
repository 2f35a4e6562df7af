"""Partnerships stated by a group's membership: the members and leaders of a named 医疗集团 / 医共体 / 医联体.

- **member lists**: "G成员单位包括甲、乙、丙", "甲、乙等N家单位为G成员单位", "G由甲、乙组成", "G新增甲、乙2家成员单位",
  "G由甲牵头，联合乙、丙组建" give a link between the
  group G and each member, of kind 集团成员 whatever G is called (医疗集团, 医共体, 医联体): a named group that
  acts as one body has members (EXTRACTION.md); the members are not partners of each other.
- **leaders**: "甲(和乙)(共同)牵头组建G", "G由甲牵头成立" give a link between each leader and G; co-leaders are not
  partners of each other.

G is the group named in the sentence, else the article's subject when it is a group, else the last group named
before.  Used by `kg.extract.partnerships`, which also drops the pairs of co-members the clause reader finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.names import mentions_in
from kg.model import Document, EntityType, Mention, Sentence

GROUP_KINDS = (("医共体", "医共体"), ("医疗共同体", "医共体"), ("医联体", "医联体"), ("联合体", "医联体"),
               ("集团", "集团成员"))
SEPARATORS = ("、", "和", "及", "以及", "与")
MEMBERS_AFTER = re.compile(
    r"成员单位(?:包括|包含|有|为|是)?[:：]?|成员(?:包括|包含|有)[:：]?|由(?=[^，。；]{2,80}组成)"
    r"|(?<=共体|联体|集团)(?:下辖|下设)|(?:已|先后|陆续|相继)?吸纳了?"
)
# G由甲牵头，联合乙、丙…组建: the joined are members (only with G named in the sentence)
MEMBERS_JOINED = re.compile(r"联合(?=[^。；]{2,80}?(?:组建|组成|成立))")
# 甲、乙(及其下属12家卫生院)等N家单位为(G)成员单位
MEMBERS_BEFORE = re.compile(
    r"^(?:等|及其|及|以及)?[^，。；,;：:为是]{0,14}?(?:(?:为|是|作为|成为|均为)[^，。；,;]{0,24}?成员|(?:共同)?组成)"
    r"|^等(?:[0-9一二三四五六七八九十两几]+(?:家|个|所))?[^，。；,;]{0,6}?成员"
    r"|^[0-9一二三四五六七八九十两]+(?:家|个|所)(?:新)?成员"  # 新增甲、乙2家成员单位
    r"|^等[0-9一二三四五六七八九十两]+(?:家|个|所)[^，。；,;]{0,12}?(?:已|均|先后|陆续|相继)?(?:加入|纳入)(?![^，。；,;]*[院心])"
)
# a specialty alliance the article's subject leads (牵头成立某专科联盟): members listed without a group named
LED_ALLIANCE = re.compile(r"牵头(?:成立|组建|建立|发起)?(?:了)?[^，。；,;、]{0,24}?联盟")
NATIONAL = re.compile(r"(?:中国|全国|国家)[^，。；,;]{0,10}?联盟")
GROUP_WORD = re.compile(r"集团|医共体|医联体")
LEADS = re.compile(r"(?:共同|联合)?牵头(?:组建|成立|建立|组成)?")
Pair = tuple[str, str]


@dataclass
class Membership:
    """Links between groups and their members or leaders, and the pairs that are co-members."""

    links: list[tuple[Pair, str, int, int]] = field(default_factory=list)
    peers: set[tuple[frozenset[str], int]] = field(default_factory=set)  # (pair, sentence start)


def group_kind(name: str) -> str | None:
    """The partnership kind the name of a group states (…医共体 -> 医共体), else None."""
    for end, kind in GROUP_KINDS:
        if name.endswith(end):
            return kind
    return None


def member_kind(name: str) -> str | None:
    """The kind of a link between a named group and its member or leader: 集团成员 (None if not a group)."""
    return "集团成员" if group_kind(name) is not None else None


def is_group(doc: Document, name: str | None) -> bool:
    ent = doc.entities.get(name or "")
    return ent is not None and ent.type == EntityType.INSTITUTION and group_kind(name or "") is not None


# a clause about a bare group word (2024年医共体要…, 医共体内建成…): the one group of that kind named in the article
BARE_OPENING = re.compile(
    r"(?:(?:19|20)\d\d年|今年|明年|下一步)?(?:该|本|我)?(医共体|医联体|医疗集团|集团)"
    r"(?!建设|工作|成员|单位|模式|改革|试点|化|各|医院|内部)"
)


def bare_group(doc: Document, at: int) -> str | None:
    """The named group a clause starting at `at` is about when it opens with a bare 医共体 / 医联体 / 集团:
    the subject if it is one, else the only group of that kind among the article's institutions."""
    m = BARE_OPENING.match(doc.text, at)
    if m is None:
        return None
    kind = group_kind(m.group(1))
    if is_group(doc, doc.subject) and group_kind(doc.subject or "") == kind:
        return doc.subject
    groups = [e for e in doc.entities if is_group(doc, e) and group_kind(e) == kind]
    return groups[0] if len(groups) == 1 else None


def listed_from(doc: Document, ms: list[Mention], first: int, step: int) -> list[Mention]:
    """The mentions of a list that starts at `ms[first]`, read forwards (step 1) or backwards (step -1)."""
    out = [ms[first]]
    i = first
    while 0 <= i + step < len(ms):
        a, b = (ms[i], ms[i + step]) if step > 0 else (ms[i + step], ms[i])
        if doc.text[a.end:b.start].strip() not in SEPARATORS:
            break
        i += step
        out.append(ms[i])
    return out if step > 0 else out[::-1]


def the_group(doc: Document, sent: Sentence, groups: list[Mention], near: int) -> str | None:
    """The group a membership statement at `near` is about: the nearest named in the sentence, the subject
    when it is a group, else the last one named before the sentence."""
    if groups:
        return min(groups, key=lambda g: min(abs(g.start - near), abs(g.end - near))).entity
    if is_group(doc, doc.subject):
        return doc.subject
    before = [m for m in mentions_in(doc, 0, sent.start, {EntityType.INSTITUTION}) if is_group(doc, m.entity)]
    return before[-1].entity if before else None


# 甲、乙等(N家)帮扶单位 / 受援医院: the institutions the subject supports
HELPED_AFTER = re.compile(
    r"(?:等)?(?:[0-9一二三四五六七八九十两]+(?:家|个|所))?(?:对口)?(?:帮扶|受援|支援|援建)(?:单位|医院|机构)"
)


def helped_lists(doc: Document) -> list[tuple[Pair, str, int, int]]:
    """(subject, each listed institution) of kind 对口支援 for a list written as the subject's 帮扶单位 / 受援医院."""
    out: list[tuple[Pair, str, int, int]] = []
    if doc.subject is None:
        return out
    for sent in doc.sentences:
        named = mentions_in(doc, sent.start, sent.end, {EntityType.INSTITUTION})
        ms = [m for m in named if not is_group(doc, m.entity)]
        for i, m in enumerate(ms):
            if HELPED_AFTER.match(doc.text, m.end, sent.end):
                for x in listed_from(doc, ms, i, -1):
                    if x.entity != doc.subject:
                        out.append(((doc.subject, x.entity), "对口支援", x.start, m.end))
    return out


def led_alliance(doc: Document, sent: Sentence) -> bool:
    """The sentence may be about a specialty alliance the subject leads: it names no 医共体 / 医联体 / 集团
    nor a national alliance, and the subject 牵头成立 a (not national) 联盟 somewhere in the article."""
    if doc.subject is None or GROUP_WORD.search(sent.text) or NATIONAL.search(sent.text):
        return False
    for m in LED_ALLIANCE.finditer(doc.text):
        if NATIONAL.search(m.group()):
            continue
        if leader_of(doc, m.start()) == doc.subject:
            return True
    return False


def leader_of(doc: Document, at: int) -> str | None:
    """Who 牵头 at `at`: the institution named in its clause, else the one its sentence opens with, else the
    article's subject (partners after 与 / 和 aside)."""
    sent = doc.sentence_at(at)
    if sent is None:
        return None
    head = sent.text[:at - sent.start]
    clause = sent.start + max(head.rfind(c) for c in "，,；;") + 1
    ms = [  # not a partner written after 与 / 和 / 同 (依托与乙共建的…)
        x for x in mentions_in(doc, sent.start, at, {EntityType.INSTITUTION})
        if doc.text[x.start - 1:x.start] not in ("与", "和", "同")
    ]
    own = [x for x in ms if x.start >= clause]
    return (own[-1] if own else ms[0]).entity if ms else doc.subject


def memberships(doc: Document) -> Membership:
    """The member and leader links of every sentence of `doc`."""
    out = Membership()
    for sent in doc.sentences:
        all_ms = mentions_in(doc, sent.start, sent.end, {EntityType.INSTITUTION})
        groups = [m for m in all_ms if is_group(doc, m.entity)]
        ms = [m for m in all_ms if not is_group(doc, m.entity)]
        found: list[tuple[list[Mention], int, bool]] = []  # (members or leaders, offset of the cue, leaders?)
        cues = list(MEMBERS_AFTER.finditer(sent.text))
        if groups:
            cues += MEMBERS_JOINED.finditer(sent.text)
        for cue in cues:
            at = sent.start + cue.end()
            nxt = next((i for i, m in enumerate(ms) if 0 <= m.start - at <= 1), None)
            if nxt is not None:
                found.append((listed_from(doc, ms, nxt, 1), sent.start + cue.start(), False))
        for i, m in enumerate(ms):
            rest = doc.text[m.end:sent.end]
            if MEMBERS_BEFORE.match(rest):
                found.append((listed_from(doc, ms, i, -1), m.end, False))
            if LEADS.match(rest) and not (found and m in found[-1][0]):
                found.append((listed_from(doc, ms, i, -1), m.end, True))
        for members, at, leaders in found:
            names = sorted({m.entity for m in members})
            out.peers |= {(frozenset((a, b)), sent.start) for a in names for b in names if a < b}
            if leaders and not groups and not GROUP_WORD.search(doc.text, sent.start, at):
                continue  # 甲牵头…: a leader of a group the same sentence names or refers to (该集团由甲牵头)
            group = the_group(doc, sent, groups, at)
            kind = member_kind(group or "")
            fellow = any(m.entity == doc.subject for m in members)  # 我院、乙等成员单位: a member itself
            if (group is None or kind is None) and not leaders and not fellow and led_alliance(doc, sent):
                group, kind = doc.subject, "专科联盟"  # 甲、乙等12家单位已加入 (the subject's 专科联盟)
            if group is None or kind is None:
                continue
            for m in members:
                if m.entity != group:
                    out.links.append(((group, m.entity), kind, m.start, m.end))
    return out
