"""Extractor stage `subject`: the institution the article is about, and 我院 / 本院 / 该院 / 院 / 集团 / 医院.

The subject is scored among the document's institutions: a name in the title or in the source line
(来源, site header, an HTML page's chrome: `kg.extract.publisher`) counts most, then mentions in the text;
an article with no institution has none.  Every self-reference (我院, 本院, 该院, 院党委…, a bare 集团 / 医院
word; 我中心 / 本中心 / 中心主任 of a centre-type subject) becomes a mention of it.
"""

from __future__ import annotations

import re

from kg.extract.names import add_mention, mentions_in, resolve_name
from kg.extract.pipeline import stage
from kg.extract.publisher import CENTRE_WORDS, centre_voice, publisher, site_header, site_lines, source_text
from kg.model import Document, EntityType

STAGE = "subject"
INST = EntityType.INSTITUTION
_SELF = re.compile(r"我院|本院|该院|我们医院|我集团|本集团|该集团")
# a centre-type institution (社区卫生服务中心, 卫生服务中心 …) speaks of itself as 我中心 / 本中心
_SELF_CENTRE = re.compile(_SELF.pattern + r"|我中心|本中心")
_CENTRE_BEFORE_TITLE = re.compile(r"(?<![\u4e00-\u9fff])(中心)(?=党支部|党总支|党委|支部|领导|班子|主任|副主任)")
_SELF_BODY = re.compile(r"我局|本局|我委|本委|我厅|本厅")  # a publishing bureau speaking of itself
_SELF_BEFORE_TITLE = re.compile(r"(院|集团|医院)(?=党委|党总支|纪委|工会|团委|领导|班子|院长|副院长)")
_HEAD_LINES = 3
_OBJECT_CUE = re.compile(r"(?:与|同|跟|向|赴|到|走进|来到|前往|加入|联合)$")
_NEAR = 16  # an institution this close to 我院 in a sentence is the other party (某医院一行来我院)
# 莅临 ("honour us with a visit") is only said of a visit to the writer's own institution: the host
_HOST_CUE = re.compile(r"(?:莅临|莅)$")
_VENUE_AFTER = re.compile(r"(?:隆重)?(?:举行|召开|举办|开幕)")  # 仪式在某医院举行，我院…: the venue


def _parent_of(branch, insts):
    """The institution whose name (or alias) a branch's name (or alias) starts with."""
    names = (branch.name, *branch.aliases)
    for ent in insts:
        if ent is branch:
            continue
        if any(b.startswith(p) and b != p for b in names for p in (ent.name, *ent.aliases)):
            return ent
    return None


def _title_text(doc: Document) -> str:
    """The title the reader found, else the first sentence."""
    return doc.title or (doc.sentences[0].text if doc.sentences else "")


def _head_text(doc: Document) -> str:
    return "\n".join(s.text for s in doc.sentences[:_HEAD_LINES])


def m_text(doc: Document, m) -> str:
    return doc.text[m.start : m.end]


def _partner_in_title(doc: Document, floor: int, start: int) -> bool:
    """The institution at `start` is written after 与/同/携手 … in the title: the partner, not the actor."""
    return bool(re.search(r"(?:与|同|和|携手|联合|牵手)$", doc.text[max(floor, start - 2) : start]))



def choose_subject(doc: Document) -> str | None:
    """The canonical name of the subject institution (or publishing organization), or None."""
    self_re = _SELF_CENTRE if centre_voice(doc) else _SELF  # a centre publishing says 我中心 / 本中心
    pub = publisher(doc, self_re)
    if pub is not None:
        return pub
    insts = [e for e in doc.entities.values() if e.type == INST]
    if not insts:
        return None
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in doc.mentions:
        if m.type == INST:
            counts[m.entity] = counts.get(m.entity, 0) + 1
            first[m.entity] = min(first.get(m.entity, m.start), m.start)
    # a branch whose parent is named too speaks for the parent (某医院某分院揭牌: the subject is 某医院)
    for ent in list(insts):
        if ent.kind is None or ent.kind.value != "Branch":
            continue
        parent = _parent_of(ent, insts)
        if parent is not None:
            counts[parent.name] = counts.get(parent.name, 0) + counts.pop(ent.name, 0)
            insts.remove(ent)
    title = _title_text(doc)
    title_sents = [s for s in doc.sentences if s.text == title or title.startswith(s.text)][:1]
    if title_sents:  # the institutions the title names (the longest written name, not a part of it)
        t = title_sents[0]
        in_title = {
            m.entity
            for m in mentions_in(doc, t.start, t.end, {INST})
            if not self_re.fullmatch(m_text(doc, m)) and not _partner_in_title(doc, t.start, m.start)
        }
        partners = {
            m.entity for m in mentions_in(doc, t.start, t.end, {INST}) if _partner_in_title(doc, t.start, m.start)
        } - in_title
    else:
        in_title = {e.name for e in insts if any(n in title for n in (e.name, *e.aliases))}
        partners = set()
    head = _head_text(doc)
    source = source_text(doc) + "\n" + "\n".join(site_lines(doc)) + "\n" + (doc.site or "")
    self_refs = sum(len(self_re.findall(s.text)) for s in doc.sentences)
    # an institution named in the same sentence as 我院 is the other party (某医院一行来我院)
    contrast: dict[str, int] = {}
    title_contrast: dict[str, int] = {}
    hosts: set[str] = set()
    for sent in doc.sentences:
        selfs = [(sent.start + m.start(), sent.start + m.end()) for m in self_re.finditer(sent.text)]
        if not selfs:
            continue
        for m in mentions_in(doc, sent.start, sent.end, {INST}):
            if self_re.fullmatch(doc.text[m.start : m.end]):
                continue
            venue = doc.text[m.start - 1 : m.start] == "在" and _VENUE_AFTER.match(doc.text, m.end)
            if _HOST_CUE.search(doc.text[max(0, m.start - 2) : m.start]) or venue:
                hosts.add(m.entity)  # 专家组莅临某医院 / …在某医院举行，我院…: the host is 我院
                continue
            near = [a for a, b in selfs if -_NEAR <= a - m.end <= _NEAR or -_NEAR <= m.start - b <= _NEAR]
            if not near:
                continue
            contrast[m.entity] = contrast.get(m.entity, 0) + 1
            if any(a == m.start - (b - a) for a, b in selfs if b == m.start):
                contrast[m.entity] += 3  # 我院某某医院: a part of the subject, not the subject
            if sent.index < _HEAD_LINES or (doc.title and sent.text in doc.title):
                title_contrast[m.entity] = 1

    # institutions only ever written as the object of a link (与某医院建立…, 走进某医院) in an article
    # that speaks of 我院 are the partners, not the subject
    as_object: dict[str, list[bool]] = {}
    prev_end, prev_obj = -1, False
    for m in sorted(doc.mentions, key=lambda m: m.start):
        if m.type == INST and not self_re.fullmatch(doc.text[m.start : m.end]):
            before = doc.text[max(0, m.start - 2) : m.start]
            listed = prev_obj and prev_end == m.start - 1 and doc.text[m.start - 1] in "、和及"
            obj = bool(_OBJECT_CUE.search(before)) or listed
            as_object.setdefault(m.entity, []).append(obj)
            prev_end, prev_obj = m.end, obj

    def score(ent) -> tuple[float, int]:
        names = (ent.name, *ent.aliases)
        s = float(counts.get(ent.name, 0))
        if any(n in source for n in names):
            s += 12 if partners else 6  # the site or paper that carries a signing wins over its headline
        if (doc.source or "").strip() in names:
            s += 6  # 来源：某医院 as the whole source line: the publisher, over a group named after it
        if ent.name in in_title and not title_contrast.get(ent.name):
            s += 10 if partners else 4  # 甲医院与乙医院签约: the actor of the headline, not its partner
        elif any(n in head for n in names) and not title_contrast.get(ent.name) and ent.name not in partners:
            s += 2
        if ent.kind is not None and ent.kind.value == "Branch":
            s -= 2
        if self_refs and s > 0:
            s += 0.5
        if ent.name in hosts:
            s += 4
        s -= 2 * contrast.get(ent.name, 0)
        if self_refs and as_object.get(ent.name) and all(as_object[ent.name]):
            s = min(s, 0.0)
        return s, -first.get(ent.name, 10**9)

    best = max(insts, key=score)
    if score(best)[0] <= 0 and (contrast.get(best.name) or (self_refs and all(as_object.get(best.name, [False])))):
        return None  # 我院与某医院…: the only institutions named are the other parties
    return best.name if score(best)[0] > 0 or self_refs else None


def _typed(words: str) -> bool:
    """True if `words` is made of hospital-type words and ordinals only (人民, 中医, 第二人民 …)."""
    from kg.extract.name_spans import institution_types

    types = sorted(institution_types(), key=len, reverse=True)
    if not words:
        return False
    while words:
        m = re.match(r"第?[一二三四五六七八九十]+", words)
        if m:
            words = words[m.end() :]
            continue
        for t in types:
            if words.startswith(t) and t not in ("互联网", "紧密型", "县域", "城市", "协作", "专科"):
                words = words[len(t) :]
                break
        else:
            return False
    return True


def _complete_level_names(doc: Document) -> None:
    """县人民医院 with no full name in the text, but 某县 known from other names: 某县人民医院."""
    from kg.extract.institutions import candidates_in, kind_of, resolve_short
    from kg.extract.names import add_entity
    from kg.extract.organizations import implied_place
    from kg.extract.places import LEVEL_WORDS

    for sent in doc.sentences:
        for c in candidates_in(doc, sent):
            if not c.short or c.name[0] not in LEVEL_WORDS or mentions_in(doc, c.start, c.end, {INST}):
                continue
            if resolve_short(doc, c.name) or not _typed(c.name[1 : len(c.name) - len(c.suffix)]):
                continue
            place = implied_place(doc, c.name[0], c.start)
            if not place or not place.endswith(c.name[0]):
                continue
            full = place + c.name[1:]
            add_entity(doc, full, INST, kind=kind_of(full), aliases={c.name})
            add_mention(doc, c.start, c.end, full, INST, STAGE)


@stage(STAGE, requires=("institutions",))
def subject(doc: Document) -> Document:
    speaks = _SELF.search(doc.text) or CENTRE_WORDS.search(doc.text)
    named = any(e.type == INST for e in doc.entities.values())
    if (speaks and (doc.source or doc.site or not named)) or (doc.site and not named):
        site_header(doc)  # 我院 …, or a page whose body names no institution (院党委召开…): the site's
    _complete_level_names(doc)
    doc.subject = choose_subject(doc)
    if doc.subject is None:
        return doc
    ent = doc.entities[doc.subject]
    if ent.type == EntityType.ORGANIZATION:  # a publishing bureau: 我局 / 本委 are its mentions, 医院 is not
        for sent in doc.sentences:
            for m in _SELF_BODY.finditer(sent.text):
                s = sent.start + m.start()
                if not mentions_in(doc, s, s + len(m.group())):
                    add_mention(doc, s, s + len(m.group()), doc.subject, EntityType.ORGANIZATION, STAGE)
        return doc
    centre = ent.name.endswith("中心")
    for sent in doc.sentences:
        for m in (_SELF_CENTRE if centre else _SELF).finditer(sent.text):
            s = sent.start + m.start()
            if not mentions_in(doc, s, s + len(m.group())):
                add_mention(doc, s, s + len(m.group()), doc.subject, INST, STAGE)
        for m in _CENTRE_BEFORE_TITLE.finditer(sent.text) if centre else ():  # 中心党支部书记某某
            s, e = sent.start + m.start(1), sent.start + m.end(1)
            if not _inside_mention(doc, s, e):
                add_mention(doc, s, e, doc.subject, INST, STAGE)
        for m in _SELF_BEFORE_TITLE.finditer(sent.text):
            s, e = sent.start + m.start(1), sent.start + m.end(1)
            if _inside_mention(doc, s, e):
                continue
            word = m.group(1)
            if word == "集团" and (ent.kind is None or ent.kind.value != "HospitalGroup"):
                continue
            if word != "院" or _free_word(doc, s, e):
                add_mention(doc, s, e, doc.subject, INST, STAGE)
    _bare_words(doc, "集团" if ent.kind is not None and ent.kind.value == "HospitalGroup" else "医院")
    group = _own_group(doc, ent)
    if group is not None:
        _bare_words(doc, "集团", group)
    return doc


def _own_group(doc: Document, subject) -> str | None:
    """The one 医疗集团 named after a hospital subject (某医院医疗集团): what a bare 集团 refers to."""
    if subject.kind is not None and subject.kind.value == "HospitalGroup":
        return None
    groups = [
        e.name for e in doc.entities.values()
        if e.type == INST and e.kind is not None and e.kind.value == "HospitalGroup" and e.name.startswith(subject.name)
    ]
    return groups[0] if len(groups) == 1 else None


_BARE_BEFORE_POS = ("v", "p", "c", "d", "u", "r")


def _bare_words(doc: Document, word: str, entity: str | None = None) -> None:
    """A bare 医院 (集团 for a group) that stands as a word of its own after a verb, a preposition or
    punctuation is the subject (推动医院发展, 医院党委); after a qualifier (基层医院) it is not.  `entity`
    (default: the subject) is what the word refers to."""
    from kg.extract.segment import pos_tags

    toks = doc.tokens
    for i, (w, s, e) in enumerate(toks):
        if w != word or _inside_mention(doc, s, e):
            continue
        sent = doc.sentence_at(s)
        prev = toks[i - 1] if i and sent and toks[i - 1][1] >= sent.start else None
        if prev is None or not re.match(r"[\u4e00-\u9fff]", prev[0]):
            add_mention(doc, s, e, entity or doc.subject, INST, STAGE)
            continue
        tags = pos_tags(prev[0])
        if tags and tags[-1][1].startswith(_BARE_BEFORE_POS) and prev[0] not in ("该", "本", "这", "那", "各", "每"):
            add_mention(doc, s, e, entity or doc.subject, INST, STAGE)


def _inside_mention(doc: Document, start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end for m in doc.mentions)


def _free_word(doc: Document, start: int, end: int) -> bool:
    """The single character 院 stands alone (not the end of 医院 / 学院 …)."""
    return start == 0 or not re.match(r"[\u4e00-\u9fff]", doc.text[start - 1]) or doc.text[start - 1] in "，、。"


def resolve(doc: Document, text: str) -> str | None:
    """resolve_name, with self-references mapped to the subject."""
    if _SELF.fullmatch(text) or text in ("院", "医院", "集团"):
        return doc.subject
    if CENTRE_WORDS.fullmatch(text) and doc.subject and doc.subject.endswith("中心"):
        return doc.subject
    return resolve_name(doc, text)


__all__ = ["choose_subject", "resolve"]
