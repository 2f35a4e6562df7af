"""Extractor stage `initiatives`: named programmes, campaigns and projects an organization runs or joins.

Precision first: a phrase becomes an initiative only when its shape says it is a named programme.

- **Quoted names** (“…”, 「…」) that end with a programme word (…工程, …活动, …年, …医院), are followed by
  one (“五心服务”活动, “百县工程”建设), have the numbered shape of a campaign (双X双Y, 三X三Y, 创二甲), or start
  with 智慧 / 互联网.  Slogans (`lexicon/slogans.txt`), honour titles (`honour_titles.txt`), centres,
  departments, entity names and general words (`initiative_generic.txt`) are dropped.
- **Named programmes without quotes**: X医院建设 for the programme kinds of hospital
  (`hospital_programmes.txt`), …医院管理制度, …示范县创建, …试点, (紧密型)…医共体建设, …工程, …节活动.

A quoted name followed by a noun and a programme word keeps them (“…”义诊活动, “…”三年行动计划); …式 keeps the
aid it names (“组团式”医疗援疆).  The owner is the organization named right before the name, else the
institution or body that opens the clause (县政府实施“…”行动), else the body of an official who speaks
(县卫健委主任某某表示，…; not when the official 强调/要求 — a directive to the visited institution), else the
article's subject.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract.centres import planned
from kg.extract.lexicon import alternation, words
from kg.extract.names import evidence_for, mentions_in
from kg.extract.partnership_groups import bare_group
from kg.extract.pipeline import stage
from kg.model import Document, EntityType, Initiative, Mention, Sentence

TITLE = re.compile(r"《[^》]*》")  # document and report titles: nothing inside is an initiative
QUOTED = re.compile(r"[“\"「『]([^”\"」』“「]{2,24})[”\"」』]")
NUMERAL = "一二三四五六七八九十百千万双两"
CAMPAIGN = re.compile(
    rf"^[{NUMERAL}][\u4e00-\u9fff]{{1,2}}[{NUMERAL}][\u4e00-\u9fff]{{1,2}}$"  # 三查三改, 双优双创
    r"|^[创强争][一二三]级?[甲乙]$"  # 创二甲, 强三甲
)
PARTS = re.compile(r"[、，,]")
STYLE = re.compile(r"式$")
STYLE_FOLLOW = ("帮扶", "援藏", "援疆", "援建", "援助")
AFTER_QUOTE = ("活动", "行动", "工程", "项目", "建设", "创建", "战略", "计划", "专项", "工作")
MODEL = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:模式|改革)")  # “…”急救模式, “…”改革: a named model (the words not kept)
SERVICE = "服务"  # “…”服务: a named service programme (the word is not kept)
CAMPAIGN_WORDS = ("主题活动", "专项行动", "专项活动", "系列活动", "专项整治", "行动计划")
BUILD_VERBS = ("建设", "创建", "打造", "争创")
GOAL_WORDS = ("目标", "战略", "愿景")
KEEP_SUFFIX = ("活动", "行动", "建设")
PROGRAMME_WORDS = "活动|行动|工程|工作|项目|计划"
# a noun and a programme word after a quoted name: “…”义诊活动, “…”三年行动计划 (a bare 活动 / 行动 is kept
# by KEEP_SUFFIX, 主题活动 / 专项行动 by CAMPAIGN_WORDS)
PROGRAMME_TAIL = re.compile(
    rf"(?:义诊|志愿服务|公益|健康|宣传|宣讲|惠民|品牌|示范|提升|帮扶|[一二三四五六七八九十两]年){{1,2}}(?:{PROGRAMME_WORDS})"
    rf"(?:计划)?(?![一-鿿]{{0,1}}(?:组|室|部|处|会|人员|经验|成效|方案|总结|要求))"
)
NOUN_CAMPAIGN = re.compile(r"[\u4e00-\u9fff]{2}(?:活动|行动)(?![\u4e00-\u9fff]{0,1}(?:组|室|部|处|会|方案|总结|要求))")
WORK_TEAM = re.compile(r"工作(?:组|专班|室|人员|队|站|小组)")
STYLE_AID = re.compile(r"([\u4e00-\u9fff]{0,4}?(?:帮扶|援藏|援疆|援建|援助|援青|援外|支援))")
NAMED = {EntityType.INSTITUTION, EntityType.ORGANIZATION}
COUNTED = re.compile(r"^[0-9一二三四五六七八九十百千两几多]+[个项大批]")  # 三个主题年: a count, not a name
CLAUSE_BREAK = re.compile(r"[，,；;：:]")
GROUP_BUILDING = re.compile(r"(?:紧密型(?:县域|城市)?|县域|城市)(?:医共体|医联体|医疗集团)建设")
MIN_CORE = 2
SPEECH = re.compile(r"表示|指出|强调|要求|介绍|提出|说")
DIRECTIVE = ("强调", "要求")
TALK_WORDS = ("讲座", "专题", "报告", "培训", "会议", "论坛", "比赛", "竞赛", "演讲", "征文", "知识")
AWARD_WORDS = ("纪念章", "称号", "荣誉", "奖", "证书", "牌匾", "勋章", "奖章")
THEME_YEARS = "主题|推进|提升|深化|落实|攻坚|巩固|质量|效能|作风|能力|规范"


@cache
def stop_pattern() -> re.Pattern[str]:
    return re.compile(alternation("initiative_stops"))


@cache
def title_pattern() -> re.Pattern[str]:
    return re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{alternation('post_titles')})")


@cache
def unquoted_patterns() -> list[re.Pattern[str]]:
    cjk = r"[\u4e00-\u9fff]"
    return [
        re.compile(rf"(?:{alternation('hospital_programmes')})(?:建设|创建|(?=[^\u4e00-\u9fff]|的|和|与|及|等|$))"),
        re.compile(rf"{cjk}{{2}}医院管理制度"),
        re.compile(rf"{cjk}{{2,12}}示范(?:县|市|区|医院|基地)创建"),
        re.compile(rf"{cjk}{{2,12}}(?:制度|改革|建设)(?=试点)"),
        GROUP_BUILDING,
        # building a regional medical centre (建设省级区域医疗中心): the builder's goal (EXTRACTION.md)
        re.compile(rf"(?:建设|创建|争创){cjk}{{0,6}}?区域医疗中心"),
        re.compile(rf"{cjk}{{2,10}}工程(?!师|院|委|专|学|技术|示范|部|局|处|公司|项目部)"),
        re.compile(rf"{cjk}{{2,12}}节(?=活动)"),
        re.compile(rf"{cjk}{{2,8}}(?:{THEME_YEARS})年(?=活动|行动|工作|[^\u4e00-\u9fff]|$)"),
    ]


def is_slogan(text: str) -> bool:
    return any(s in text for s in words("slogans")) or any(text in s for s in words("slogans") if len(text) >= 2)


def is_honour(text: str) -> bool:
    return text.endswith(words("honour_titles"))


def cut_left(text: str, edge: int = 0) -> str:
    """`text` after the last word that cannot start a programme's name (verbs, particles), and
    after `edge` (the end of a name written before it)."""
    for m in stop_pattern().finditer(text):
        if m.end() < len(text):
            edge = max(edge, m.end())
    return text[edge:]


def plain(doc: Document, start: int, end: int, name: str) -> bool:
    """Not an entity's name, a centre, a department or a general word."""
    building = name.startswith(BUILD_VERBS) and len(name) >= 6  # 建设某某区域医疗中心: a goal, not a centre
    if name.endswith(("中心", "科", "站", "院区", "分院")) and not building or name in words("initiative_generic"):
        return False
    if name.endswith(tuple(w for w in words("initiative_generic") if w.endswith("节"))):
        return False
    if name.endswith(tuple(w for w in words("initiative_generic") if w.endswith("工程"))):
        return False
    if name in words("centre_types") or any(name == e or name in ent.aliases for e, ent in doc.entities.items()):
        return False
    inside = mentions_in(doc, start, end, NAMED)
    return not any(m.end - m.start >= len(name) - 2 for m in inside)


def names_inside(doc: Document, sent: Sentence, q: re.Match[str]) -> bool:
    return bool(mentions_in(doc, sent.start + q.start(), sent.start + q.end(), NAMED))


def quoted_name(text: str, q: re.Match[str], quotes: list[re.Match[str]]) -> str | None:
    """The initiative a quoted phrase names, or None if its shape is not a programme's."""
    core = q.group(1).strip()
    after = text[q.end():q.end() + 2]
    if is_slogan(core) or is_honour(core) or len(core) < MIN_CORE or core in words("initiative_generic"):
        return None
    if core.endswith("周年") or core.endswith("年") and re.search(r"\d", core):
        return None
    if text[q.end():q.end() + 3].startswith(AWARD_WORDS):  # “…”纪念章 / 称号: an honour
        return None
    if text[q.end():q.end() + 2] in TALK_WORDS:  # “…”专题讲座: the title of a talk or a contest
        return None
    parts = [p for p in PARTS.split(core) if p]
    if len(parts) > 1:  # “三X、三Y”, or a two-part theme named as a campaign (“…、…”主题活动)
        campaign = text[q.end():].startswith(CAMPAIGN_WORDS)
        return core if all(p[0] in NUMERAL for p in parts) or (campaign and len(parts) == 2) else None
    if core.startswith(BUILD_VERBS) and text[q.end():q.end() + 2] in GOAL_WORDS:
        return core  # “建设某某区域医疗中心”目标: building one is the builder's programme
    if STYLE.search(core):
        contrast = text[:q.start()].endswith("从")
        aid = STYLE_AID.match(text, q.end())  # “组团式”医疗援疆工作
        return core + aid.group(1) if aid and not contrast else None
    tail = PROGRAMME_TAIL.match(text, q.end())  # “健康进社区”义诊活动, “健康X”三年行动
    if tail is None and not text[q.end():].startswith(CAMPAIGN_WORDS):
        tail = NOUN_CAMPAIGN.match(text, q.end())  # “…”实践活动, “…”创建活动
    if tail and not suffixed_core(core):
        return core + tail.group()
    following = after in AFTER_QUOTE or after in STYLE_FOLLOW or text[q.end():].startswith(CAMPAIGN_WORDS)
    following = following or after == SERVICE or bool(MODEL.match(text, q.end()))
    if WORK_TEAM.match(text, q.end()):  # “…”工作组: a team, not a programme
        following = False
    if not following:
        nxt = next((o for o in quotes if o.start() > q.end()), None)
        if nxt is not None and text[q.end():nxt.start()] in ("和", "、", "及", ""):
            tail = text[nxt.end():nxt.end() + 2]
            following = tail in AFTER_QUOTE or tail in STYLE_FOLLOW
    shaped = (
        core.endswith(words("initiative_suffixes"))
        or bool(CAMPAIGN.match(core))
        or core.startswith(("智慧", "互联网"))
        or core in words("hospital_programmes")
    )
    if not (following or shaped) or len(core) < 3 and not following:
        return None
    suffixed = core.endswith((*AFTER_QUOTE, "年"))
    return core + after if after in KEEP_SUFFIX and not suffixed else core


def suffixed_core(core: str) -> bool:
    """A quoted name that already ends with a programme word (“百医进村工程”): nothing after it is added."""
    return bool(re.search(rf"(?:{PROGRAMME_WORDS}|建设|创建)$", core))


def owner(doc: Document, start: int, sent: Sentence, quoted: bool = False) -> str | None:
    """The organization whose name the programme's name is written onto (X委百万…工程), else the
    institution that opens the clause (X开展…), else the subject (who joins a quoted national programme)."""
    best: Mention | None = None
    for m in mentions_in(doc, sent.start, start, NAMED):
        if m.end == start and not quoted:
            best = m
    if best:
        return best.entity
    breaks = [b.end() for b in CLAUSE_BREAK.finditer(doc.text, sent.start, start)]
    clause = breaks[-1] if breaks else sent.start
    opener = mentions_in(doc, clause, start, {EntityType.INSTITUTION})
    if opener and opener[0].start - clause <= 1:
        return opener[0].entity
    group = bare_group(doc, clause)
    if group:  # 2024年医共体要推进“…”改革: the named group's programme
        return group
    body = mentions_in(doc, clause, start, {EntityType.ORGANIZATION})
    if body and body[0].start == clause and not official_of(doc, body[0], start):
        return body[0].entity  # 县政府实施“…”行动: the body's own programme
    return speaker_body(doc, sent.start, start) or doc.subject


def official_of(doc: Document, body: Mention, end: int) -> bool:
    """The body is named as an official's (县卫健委副主任某某就…): a person or a post title follows it."""
    titled = title_pattern().match(doc.text, body.end, end)
    return bool(titled or mentions_in(doc, body.end, end, {EntityType.PERSON}))


def speaker_body(doc: Document, start: int, end: int) -> str | None:
    """The body (an organization, e.g. a government office) whose official speaks in [start, end):
    县卫健委主任某某表示，将推进“…”行动 is the body's programme, not the subject's."""
    speech = list(SPEECH.finditer(doc.text, start, end))
    said = [m.start() for m in speech]
    if not said or mentions_in(doc, said[-1], end, {EntityType.INSTITUTION}):  # …强调，我院要在“…”活动中
        return None
    if speech[-1].group() in DIRECTIVE:
        return None  # 副市长某某强调/要求(双方)…: what the visited institution is told to carry out
    direct = mentions_in(doc, max(start, said[-1] - 20), said[-1], {EntityType.ORGANIZATION})
    if direct and said[-1] - direct[-1].end <= 1:  # 据县卫健委介绍 / 县政府表示
        return direct[-1].entity
    bodies = {p.person: p.org for p in doc.posts if p.org in doc.entities}
    for m in reversed(mentions_in(doc, start, said[-1], {EntityType.PERSON})):
        org = bodies.get(m.entity)
        if org and doc.entities[org].type == EntityType.ORGANIZATION:
            return org
        if org:
            return None
    return None


def initiatives_in(doc: Document, sent: Sentence) -> list[Initiative]:
    out: list[Initiative] = []
    text = sent.text
    titles = [(t.start(), t.end()) for t in TITLE.finditer(text)]
    quotes = [q for q in QUOTED.finditer(text) if not any(a <= q.start() < b for a, b in titles)]
    spans: list[tuple[int, int, str, bool]] = []
    for q in quotes:
        name = quoted_name(text, q, quotes)
        if name and name.endswith("医院") and names_inside(doc, sent, q):
            continue
        if name:
            spans.append((q.start(), q.end(), name, True))
    titled = [(q.start(), q.end()) for q in quotes if text[q.end():q.end() + 3].startswith((*TALK_WORDS, *AWARD_WORDS))]
    covered = [(a, b) for a, b, _, _ in spans] + titles + titled
    for pat in unquoted_patterns():
        for m in pat.finditer(text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            inside = mentions_in(doc, sent.start + m.start(), sent.start + m.end(), NAMED)
            ends = [x.end - sent.start - m.start() for x in inside]
            name = cut_left(m.group(), max([e for e in ends if e < len(m.group()) - 3], default=0))
            start = m.end() - len(name)
            if len(name) < 4 or is_slogan(name) or is_honour(name) or COUNTED.match(name):
                continue
            spans.append((start, m.end(), name, False))
            covered.append((start, m.end()))
    for start, end, name, quoted in spans:
        name = name.strip("“”\"「」『』 ")
        a, b = sent.start + start, sent.start + end
        if not plain(doc, a, b, name):
            continue
        org = owner(doc, a, sent, quoted)
        if org:
            out.append(
                Initiative(
                    evidence=evidence_for(doc, a, b, "initiatives"),
                    org=org,
                    name=name,
                    status=planned(text[max(0, start - 12):start]),
                )
            )
    return out


def overlaps(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.4 * len(long_)


@stage("initiatives", requires=("subject",))
def initiatives(doc: Document) -> Document:
    """Add the initiatives of every sentence; a name already found for the same org (or a variant) is kept once."""
    for sent in doc.sentences:
        for item in initiatives_in(doc, sent):
            if not any(i.org == item.org and overlaps(i.name, item.name) for i in doc.initiatives):
                doc.initiatives.append(item)
    return doc
