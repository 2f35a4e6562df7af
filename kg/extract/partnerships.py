"""Extractor stage `partnerships`: stated relations between two named medical institutions.

Two sources, both general:

- **cue words in a clause** (`lexicon/partnership_cues.tsv`: 医联体, 托管, 对口帮扶, 远程会诊 …) give the
  kind; **order words** (`lexicon/partnership_verbs.tsv`: 与 / 加入 / 托管 / 向 …) say which institution is
  the agent and which the partner.  A clause without an agent of its own takes the institution that opened
  an earlier clause of the sentence as its subject (由甲牵头组建的乙 -> 乙; a list never), a speaker's
  institution (from the posts), the topic of the sentence before when it opens with 同时 / 此外 …, or the
  article's subject.
  A clause with a cue and no institution continues the pair of the clause before (…签约, 并建立专科联盟).
- **names**: an institution named as another's name plus 分院 / 院区 is its branch, plus 医疗集团 / 医联体
  its group; 我院 directly followed by an institution's name is a branch of the subject (`partnership_names`).
- **membership**: the members and leaders of a named 医疗集团 / 医共体 / 医联体 are linked to the group (kind
  集团成员, whatever the group is called), never to each other (`partnership_groups`).

Only institutions (never governments, universities, alliances), never one with itself, and second names
(加挂, 又名, brackets) are not partners.  A pair keeps 合作 only when no more specific kind is stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from kg.extract.centres import planned
from kg.extract.lexicon import table
from kg.extract.names import evidence_for, mentions_in
from kg.extract.partnership_groups import group_kind, helped_lists, is_group, memberships
from kg.extract.partnership_names import ALLIANCE_ENDS, base_of, name_pairs, register_campuses, variants
from kg.extract.pipeline import stage
from kg.extract.post_chains import title_starting_at
from kg.model import Document, EntityType, Mention, Partnership, Sentence

CLAUSE = re.compile(r"[^，,；;：:]+")
QUOTES = "“”\"'‘’「」『』（）()《》 "
LINKING = re.compile(r"^(?:并|并且|同时|还|又|以及)|建立|签订|签约|签署|组建|共建|成立|加入|纳入")
STRONG = {"医联体", "医共体", "专科联盟", "托管", "对口支援", "远程会诊", "集团成员"}
GENERIC = "合作"
ALLIANCES = {"医联体", "医共体", "专科联盟"}
LIST_SEPARATORS = {"及", "、", "以及", "暨", "和", "与"}
Pair = tuple[str, str]
# teamwork inside one hospital (多学科协作 = MDT, 医护合作): no link between institutions
INTERNAL = re.compile(r"(?:多学科|跨学科|多科室|医护|科室间)(?:协作|合作|联合)")
# a national alliance (中国胸痛中心联盟, 中国创伤救治联盟) accredits hospitals; it is no alliance between them
NATIONAL_ALLIANCE = re.compile(r"(?:中国|全国|国家)[^\s与和同及、，,。；;院]{0,10}?联盟")
JOINED_BARE = re.compile(r"(?:该|本|我院)?(?:医联体|医共体|医疗集团|集团|专科联盟|联盟)的")
CONTINUES = re.compile(r"^\s*(?:同时|此外|另外|并且|并|还|也|随后|此后|之后)")
BARE_GROUP = re.compile(
    r"^\s*(?:该|本|我)?(?:医共体|医联体|医疗集团|集团)(?!建设|工作|内|成员|单位|模式|协议|签约|框架|化|改革|试点|各)"
)


@cache
def cue_pattern() -> re.Pattern[str]:
    cues = sorted(table("partnership_cues"), key=len, reverse=True)
    return re.compile("|".join(re.escape(c) for c in cues))


@cache
def verbs(role: str) -> tuple[str, ...]:
    return tuple(sorted((w for w, r in table("partnership_verbs").items() if r == role), key=len, reverse=True))


def cue_kinds(text: str) -> list[str]:
    """Kinds stated by the cue words of `text`, in order; 合作 only if nothing more specific."""
    kinds: list[str] = []
    for m in cue_pattern().finditer(NATIONAL_ALLIANCE.sub("", INTERNAL.sub("", text))):
        kind = table("partnership_cues")[m.group()]
        if kind not in kinds:
            kinds.append(kind)
    specific = [k for k in kinds if k != GENERIC]
    if ALLIANCES & set(specific):  # 成为…医联体成员单位: the membership is the alliance's
        specific = [k for k in specific if k != "集团成员"]
    return specific or kinds


def is_alias(doc: Document, m: Mention, clause_start: int) -> bool:
    """A mention written as a second name: after 加挂 / 又名 / 简称 … (quote marks and brackets aside)."""
    before = doc.text[max(clause_start, m.start - 8):m.start].rstrip(QUOTES)
    return before.endswith(verbs("alias"))


def in_brackets_after(doc: Document, m: Mention, prev: Mention | None) -> bool:
    """`m` is written in brackets right after `prev` (X医疗集团(区医院、…)): a description, not a party."""
    if prev is None:
        return False
    between = doc.text[prev.end:m.start]
    return between[:1] in "(（" and ")" not in between and "）" not in between


def institutions_in(doc: Document, start: int, end: int) -> list[Mention]:
    """Institution mentions of [start, end), second names, bracketed notes and repeats dropped."""
    out: list[Mention] = []
    for m in mentions_in(doc, start, end, {EntityType.INSTITUTION}):
        if in_brackets_after(doc, m, out[-1] if out else None):
            continue
        if is_alias(doc, m, start) or (out and out[-1].entity == m.entity) or any(
            o.start <= m.start and m.end <= o.end for o in out
        ):
            continue
        out.append(m)
    return out


def marker(text: str, offset: int, words: Iterable[str], ms: list[Mention], gap: int = 2) -> int | None:
    """Offset in `text` of the first of `words` that is followed (within `gap` chars) by a mention."""
    best = None
    for w in filter(None, words):
        at = text.find(w)
        while at >= 0:
            after = offset + at + len(w)
            if any(0 <= m.start - after <= gap for m in ms) and (best is None or at < best[0]):
                best = (at, at + len(w))
            at = text.find(w, at + len(w))
    return None if best is None else best[1]


def _acts_first(text: str, start: int, ms: list[Mention], with_end: int) -> bool:
    """An act word (托管, 帮扶 …) followed by an institution comes before the "with" word ending at `with_end`."""
    act = marker(text, start, verbs("act"), ms, 2)
    return act is not None and act < with_end - 1


class ClauseReader:
    """Reads the pairs of one sentence clause by clause, carrying the agent between clauses."""

    def __init__(self, doc: Document, sent: Sentence, topic: str | None = None):
        self.doc = doc
        self.sent = sent
        # 同时/此外… opening a sentence continues the topic of the sentence before
        self.agent = topic if topic and CONTINUES.match(sent.text) else doc.subject
        self.topic: str | None = None  # the institution the first clause of this sentence is about
        self.posts = {p.person: p.org for p in doc.posts if self.is_institution(p.org)}

    def is_institution(self, name: str | None) -> bool:
        ent = self.doc.entities.get(name or "")
        return ent is not None and ent.type == EntityType.INSTITUTION

    def agent_before(self, start: int, end: int, ms: list[Mention]) -> str | None:
        """The agent of a clause part [start, end): its last institution, a speaker's, none if a body."""
        left = [m for m in ms if m.end <= end]
        if left:
            return left[-1].entity
        others = mentions_in(self.doc, start, end, {EntityType.ORGANIZATION, EntityType.PERSON})
        for m in reversed(others):
            if m.type == EntityType.ORGANIZATION:
                return None
            if m.entity in self.posts:
                return self.posts[m.entity]
        return self.agent

    def leaders(self, pair: Pair) -> Pair:
        """The pair with an alliance named after an institution (X医联体) replaced by that institution."""
        a, b = pair
        a2, b2 = base_of(self.doc, a, ALLIANCE_ENDS), base_of(self.doc, b, ALLIANCE_ENDS)
        return (a2, b2) if a2 != b2 else pair

    def near_cue(self, start: int, text: str, pair: Pair) -> bool:
        """A membership cue (成员单位, 医疗集团) counts only beside one of the pair's names."""
        cues = table("partnership_cues")
        spots = [start + m.start() for m in cue_pattern().finditer(text) if cues[m.group()] == "集团成员"]
        ms = [
            m for m in mentions_in(self.doc, start, start + len(text))
            if m.entity in pair or base_of(self.doc, m.entity) in pair
        ]
        return any(abs(s - m.end) <= 8 or abs(m.start - s) <= 8 for s in spots for m in ms)

    def affiliation(self, m: Mention) -> bool:
        """`m` is written as a person's post (某医院院长某某): a post title follows the name."""
        return title_starting_at(self.doc.text, m.end, self.sent.end) is not None

    def listed(self, a: Mention, b: Mention) -> bool:
        """`b` only follows `a` in a list (X及Y, X、Y, X暨Y): the text names both, not a link."""
        return self.doc.text[a.end:b.start].strip(QUOTES) in LIST_SEPARATORS

    def group_reference(self, start: int, text: str, ms: list[Mention]) -> str | None:
        """The group a clause opening with a bare 医共体 / 医联体 / 集团 refers to: the subject when it is a
        group, else the last group named before."""
        if not BARE_GROUP.match(text) or (ms and ms[0].start - start <= 1):
            return None
        if is_group(self.doc, self.doc.subject):
            return self.doc.subject
        before = [m for m in mentions_in(self.doc, 0, start, {EntityType.INSTITUTION}) if is_group(self.doc, m.entity)]
        return before[-1].entity if before else None

    def subject_of(self, start: int, ms: list[Mention]) -> str | None:
        """The institution a clause at `start` is about: the one it opens with (after 由 / 经, the one the
        relative clause describes: 由甲牵头组建的乙医共体 -> 乙); none when it opens with a list (甲、乙为…)."""
        opening = self.doc.text[start:ms[0].start].strip(QUOTES) if ms else "-"
        if opening in ("由", "经"):
            head = next((m for m in ms[1:] if self.doc.text[m.start - 1] == "的"), None)
            return head.entity if head else None
        if opening:
            return None
        if len(ms) > 1 and self.listed(ms[0], ms[1]):
            return None
        return ms[0].entity

    def pairs(self, start: int, text: str, ms: list[Mention]) -> tuple[list[Pair], bool]:
        """Pairs of a clause at `start`, and whether an order word structured them."""
        for role in ("join", "with", "act"):
            gap = 12 if role == "join" else 2
            pos = marker(text, start, verbs(role), ms, gap)
            if pos is None:
                continue
            if role == "with" and _acts_first(text, start, ms, pos):
                continue  # 甲对口帮扶乙和丙: 和 joins the objects of the act, it is no "with"
            cut = start + pos
            right = [m for m in ms if m.start >= cut]
            if role == "join" and JOINED_BARE.match(text, pos):  # 新加入医联体的甲、乙: each joins the agent's
                return [(self.agent, m.entity) for m in right if self.agent], True
            if role == "join":
                left = [m.entity for m in ms if m.end <= cut] or [self.agent]
                target = right[0].entity
                # a group that acts as one body is a partner itself, and so is the one it is named after
                targets = {target, base_of(self.doc, target)}
                return [(a, t) for a in left if a for t in sorted(targets)], True
            agent = self.agent_before(start, cut, ms)
            agents = [agent] if agent else []
            left = [m for m in ms if m.end <= cut]
            while len(left) >= 2 and left[-1].entity in agents and self.listed(left[-2], left[-1]):
                agents.insert(0, left[-2].entity)  # 甲、乙分别与丙…: each of the listed is an agent
                left.pop()
            return [(a, m.entity) for a in agents for m in right], True
        if len(ms) >= 2:
            if "分别" in text and all(self.affiliation(m) for m in ms):
                return [], False  # 甲医院院长某、乙医院院长某分别汇报: the speakers' hospitals, not partners
            return [(ms[0].entity, m.entity) for m in ms[1:] if not self.listed(ms[0], m)], False
        if len(ms) == 1 and self.agent:
            return [(self.agent, ms[0].entity)], False
        return [], False

    def partner_kinds(self, start: int, text: str, ms: list[Mention], pairs: list[Pair]) -> dict[str, list[str]]:
        """Each partner's own kinds when every partner of the clause is followed by its own cue
        (与甲组建的专科联盟和与乙的合作平台): 甲 专科联盟, 乙 合作; else nothing."""
        partners = [m for m in ms if m.entity in {b for _, b in pairs}]
        if len(partners) < 2:
            return {}
        out: dict[str, list[str]] = {}
        for m, nxt in zip(partners, [*partners[1:], None], strict=True):
            own = cue_kinds(self.doc.text[m.end:nxt.start if nxt else start + len(text)])
            if not own:
                return {}
            out.setdefault(m.entity, own)
        return out

    def read(self) -> list[tuple[Pair, str, int, int]]:
        found: list[tuple[Pair, str, int, int]] = []
        last: list[Pair] = []
        for c in CLAUSE.finditer(self.sent.text):
            start = self.sent.start + c.start()
            text = c.group()
            ms = institutions_in(self.doc, start, start + len(text))
            group = self.group_reference(start, text, ms)
            if group:  # 医共体同时与X…: the group named before is the agent; its word states no kind
                self.agent = group
                kinds = cue_kinds(text[BARE_GROUP.match(text).end():])
            else:
                kinds = cue_kinds(text)
            pairs, structured = self.pairs(start, text, ms)
            named = mentions_in(self.doc, start, start + len(text), {EntityType.ORGANIZATION})
            own_partner = bool(named) or any(w in text for w in (*verbs("with"), *verbs("act")))
            if not ms and last and LINKING.search(text) and not own_partner:
                pairs = last
            stated = [*pairs, *(self.leaders(p) for p in pairs if self.leaders(p) != p)]
            each = self.partner_kinds(start, text, ms, pairs)
            for pair in dict.fromkeys(stated):  # the alliance itself (X医联体) and the one it is named after
                named = self.leaders(pair) != pair  # X医联体 beside another: only membership of its kind
                own = {group_kind(x) for x in pair if named and is_group(self.doc, x)}
                for kind in each.get(pair[1], kinds):
                    if own and kind not in own:
                        continue
                    if kind == "集团成员" and not self.near_cue(start, text, pair):
                        continue
                    found.append((pair, kind, start, start + len(text)))
            opened = self.subject_of(start, ms)
            if c.start() == 0:
                self.topic = opened or (self.agent if CONTINUES.match(text) else None)
            self.agent = opened or self.agent
            if structured or (not ms and last):
                last = pairs
            elif ms:
                last = []
        return found


def sentence_pairs(doc: Document, sent: Sentence, reader: ClauseReader) -> list[tuple[Pair, str, int, int]]:
    found = reader.read()
    if found:
        return found
    kinds = [k for k in cue_kinds(sent.text) if k in STRONG - {"集团成员"}]
    named = institutions_in(doc, sent.start, sent.end)
    if "分别" in sent.text and named and all(reader.affiliation(m) for m in named):
        return []  # 甲医院院长某、乙医院院长某分别汇报了医共体…: the speakers' hospitals
    others = {m.entity for m in named if m.entity != doc.subject}
    bodies = mentions_in(doc, sent.start, sent.end, {EntityType.ORGANIZATION})
    if kinds and len(others) == 1 and doc.subject and not bodies:  # with a body named, the cue may be its
        return [((doc.subject, others.pop()), k, sent.start, sent.end) for k in kinds]
    return []


def membership_kind(doc: Document, pair: Pair, kind: str) -> str:
    """A link with a named 医共体 / 医联体 that acts as one body is membership of it: the kind its own name
    states (X医共体 beside its member or leader) becomes 集团成员, as for a 医疗集团 (EXTRACTION.md)."""
    if kind in ALLIANCES and any(is_group(doc, x) and group_kind(x) == kind for x in pair):
        return "集团成员"
    return kind


def co_members(doc: Document, candidate: tuple[Pair, str, int, int], peers: set[tuple[frozenset[str], int]]) -> bool:
    """A pair read from a sentence that lists both as members (or co-leaders) of one group."""
    sent = doc.sentence_at(candidate[2])
    return sent is not None and (frozenset(candidate[0]), sent.start) in peers


@stage("partnerships", requires=("subject", "posts"))
def partnerships(doc: Document) -> Document:
    """Add the partnerships of the document: one per (pair, kind); 合作 dropped where a pair has more."""
    if doc.subject:
        register_campuses(doc)
    candidates = name_pairs(doc, lambda text: [k for k in cue_kinds(text) if k in STRONG])
    topic = None
    for sent in doc.sentences:
        reader = ClauseReader(doc, sent, topic)
        candidates += sentence_pairs(doc, sent, reader)
        topic = reader.topic
    groups = memberships(doc)
    candidates = [c for c in candidates if not co_members(doc, c, groups.peers)] + groups.links + helped_lists(doc)
    candidates = [(pair, membership_kind(doc, pair, kind), s, e) for pair, kind, s, e in candidates]
    kinds_of: dict[frozenset[str], set[str]] = {}
    for (a, b), kind, _, _ in candidates:
        both = all(doc.entities.get(x) and doc.entities[x].type == EntityType.INSTITUTION for x in (a, b))
        if a and b and a != b and not variants(a, b) and both:
            kinds_of.setdefault(frozenset((a, b)), set()).add(kind)
    seen = {p.key() for p in doc.partnerships}
    for (a, b), kind, start, end in candidates:
        kinds = kinds_of.get(frozenset((a, b)), set())
        if kind not in kinds or (kind == GENERIC and kinds - {GENERIC}):
            continue
        if kind == "分院" and "托管" in kinds:  # a trusteed hospital renamed as a branch: the trusteeship
            continue
        p = Partnership(
            evidence=evidence_for(doc, start, end, "partnerships"),
            a=a,
            b=b,
            kind=kind,
            status=planned(doc.text[start:end]),
        )
        if p.key() not in seen:
            seen.add(p.key())
            doc.partnerships.append(p)
    return doc
