"""Extractor stage `persons`: full Chinese names next to a title, in name lists, and their re-mentions.

A name is read where the text anchors it: right after a post title, a byline word or a cue
(院长王某, 记者王某, 市领导王某), right before a title or 同志 (王某院长, 王某同志, 王某教授), in a
list after one (副院长王某、李某), or in a list closed by 等 (王某、李某等15名).  Its length (2-4
characters) is chosen with the surname list and jieba's word boundaries so that it never swallows the
next word (张某乙书记从…, 王某主持…); a compound surname (欧阳, 司马 …) takes a given name of one or two
characters.  Names without a Han surname (Tibetan, Mongolian, Uyghur: 某·某, known name syllables, one
name-tagged word) are read by `foreign_names` next to a title only.  A name never ends inside the word
after it (常驻我院) nor opens with a common verb (应邀出席).  Lists are read by `name_lists`.  Every later
occurrence of a found name is a mention too.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract import foreign_names, lexicon, segment
from kg.extract.names import add_entity, add_mention, evidence_for
from kg.extract.pipeline import stage
from kg.model import Document, EntityType

STAGE = "persons"
PERSON = EntityType.PERSON
HAN = re.compile(r"[\u4e00-\u9fff]")
HARD_AFTER = re.compile(r"[，,、。；;：:！!？?（(）)\s“”\"]|$|等|同志")
_ORGISH_END = set("院医委局部处室会省市县区所站校队组科党团办司厅镇乡村馆社中心")
_APPOINT = re.compile(
    r"(?:同志)?(?:现任|曾任|历任|原任|担任|出任|兼任|受聘为|被聘为|获聘为|获聘|受聘|聘为|任|当选为|当选|升任|调任)"
    r"(?=[\u4e00-\u9fff]{0,24}?(?:长|书记|主任|委员|主席|经理|顾问))"
)
# 聘任某某同志为…主任 / 任命某某为副院长: the name between the appointing verb and 为
_NAMED_AS = re.compile(
    r"(?:聘任|聘请|任命|推选|选举|提名|增补|选聘)(?=(?:[\u4e00-\u9fff]{2,4}、){0,5}[\u4e00-\u9fff]{2,4}(?:同志)?(?:为|担任))"
)
# a note written in brackets between a title and the name (副院长（主持工作）某某)
TITLE_NOTE = re.compile(r"[（(](?:主持工作|主持全面工作|主持行政工作|兼|代|挂职|正处级|副处级)[)）]")
_SPEECH = re.compile(r"(?=表示|指出|强调|介绍说|说道|认为|坦言|感慨)")
_BIO = re.compile(r"(?=[，,](?:男|女)[，,])")



@cache
def surnames() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(strong single surnames, weak single surnames, compound surnames)."""
    strong = lexicon.words("surnames")
    weak = lexicon.words("surnames_weak")
    return (
        frozenset(w for w in strong if len(w) == 1),
        frozenset(weak),
        tuple(w for w in strong if len(w) == 2),
    )


@cache
def titles_before() -> re.Pattern[str]:
    words = set(lexicon.words("post_titles")) | set(lexicon.words("academic_titles"))
    words |= set(lexicon.words("byline_words")) | set(lexicon.words("person_cues"))
    words -= {"文", "图", "同志", "先生", "女士", "老师", "专家", "学者"}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _titles_after() -> re.Pattern[str]:
    words = set(lexicon.words("post_titles")) | set(lexicon.words("academic_titles"))
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _followers() -> frozenset[str]:
    return frozenset(lexicon.words("name_followers"))


@cache
def _word_tags() -> dict[str, str]:
    segment.pos_tags("初始化")
    return segment._posseg().word_tag_tab


def has_surname(name: str, weak_ok: bool = True) -> bool:
    strong, weak, compound = surnames()
    return name[:2] in compound or name[0] in strong or (weak_ok and name[0] in weak)


def looks_like_name(doc: Document, start: int, end: int, compound: bool = False) -> bool:
    """Common checks for a candidate name text[start:end] (`compound`: it opens with a compound surname)."""
    name = doc.text[start:end]
    if not (2 <= len(name) <= 4) or not all(HAN.match(c) for c in name):
        return False
    if name[-1] in _ORGISH_END or name[-1] in _followers() or "某" in name:
        return False  # 张某某 is a redacted name
    if _titles_after().search(name[1:]) or titles_before().search(name):
        return False
    if not has_surname(name, weak_ok=False) and foreign_names.common_start(name):
        return False  # 应邀出席, 带领: a weak surname or none, and a common verb
    if _is_place_word(doc.text[start : end + 1]) or _is_place_word(name):
        return False  # 简阳市 is a place, not 简阳
    freq = segment.tokenizer().FREQ
    for word in (name,) if compound else (name, name[:2]):  # a common word is no name (干部…, 工作…)
        tag = _word_tags().get(word, "")
        if not tag.startswith("nr") and (freq.get(word) or 0) >= (20 if word == name else 800):
            return False
    return not any(m.start < end and start < m.end for m in doc.mentions if m.type != PERSON)


def _boundary(doc: Document, offset: int, bounds: segment.Boundaries, name_start: int | None = None) -> bool:
    """A name may end at `offset`: a word boundary, a non-Han character, a follower (及, 等 …), or
    jieba glued the name's last character to an unknown word (谭某驹作了 -> 驹作)."""
    text = doc.text
    if offset >= len(text) or bounds.at(offset) or not HAN.match(text[offset]) or text[offset] in _followers():
        return True
    for word, s, _e in _tokens_at(doc, offset):
        unknown = (segment.tokenizer().FREQ.get(word) or 0) < 50
        if unknown and (s == offset - 1 or (name_start is not None and s >= name_start)):
            return True  # jieba's guess glued the name to the next character (某某某来)
    return False


def _tokens_at(doc: Document, offset: int) -> list[tuple[str, int, int]]:
    from bisect import bisect_right

    starts = getattr(doc, "_kg_tok_starts", None)
    if starts is None or len(starts) != len(doc.tokens):
        starts = [t[1] for t in doc.tokens]
        object.__setattr__(doc, "_kg_tok_starts", starts)
    i = bisect_right(starts, offset) - 1
    return [doc.tokens[i]] if 0 <= i < len(doc.tokens) and doc.tokens[i][1] < offset < doc.tokens[i][2] else []


def name_after(doc: Document, p: int, limit: int, bounds: segment.Boundaries) -> tuple[int, int] | None:
    """A name that starts at `p` (right after a title)."""
    text = doc.text
    dotted = foreign_names.dotted_after(doc, p, limit)
    if dotted:
        return dotted
    hit = _name_after(doc, p, limit, bounds)
    if hit and text[p : p + 2] in surnames()[2]:
        hit = _compound_after(doc, p, limit, bounds)
    if hit and _SELF_AFTER.match(text, hit[1] - 1):
        return None  # 常驻我院: the name would end inside 我院
    syl = foreign_names.syllables_after(doc, p, limit)
    if syl and (hit is None or syl[1] > hit[1]):
        return syl  # 索南才让: known syllables of a Tibetan or Mongolian name
    if hit is not None and (hit[1] >= limit or not foreign_names.HAN.match(text[hit[1]])):
        return hit  # a run of Han words could not reach past it
    run = foreign_names.run_after(doc, p, limit)
    cut = hit is not None and run is not None and run[1] > hit[1]
    if run and (hit is None or cut and (_inside_token(doc, hit[1], run[1]) or _name_word_at(text, hit[1]))):
        return run  # 那仁高娃, 阿不都热依木: a name jieba reads as one word, not cut inside it
    return hit


_SELF_AFTER = re.compile(r"[我本该](?:院|市|县|区|省|州|镇|乡|所|校|单位|中心)")


def _name_word_at(text: str, offset: int) -> bool:
    """jieba reads a name word of two or more characters at `offset` (斯琴|巴特尔: the name goes on)."""
    tags = segment.pos_tags(text[offset : offset + 6])
    return bool(tags) and len(tags[0][0]) >= 2 and tags[0][1].startswith("nr")


def _inside_token(doc: Document, offset: int, run_end: int) -> bool:
    """`offset` is inside a jieba token that ends by `run_end` (仁高|娃: cut inside 仁高娃)."""
    return any(s < offset < e <= run_end for _, s, e in _tokens_at(doc, offset))


def _compound_after(doc: Document, p: int, limit: int, bounds: segment.Boundaries) -> tuple[int, int] | None:
    """欧阳某某 / 司马某: a compound surname and a given name of one or two characters."""
    text = doc.text
    ok = []
    for n in (3, 4):
        e = p + n
        given = text[p + 2 : e]
        common = (segment.tokenizer().FREQ.get(given) or 0) >= 200 and not _word_tags().get(given, "").startswith("nr")
        if n == 4 and common and not (e <= limit and HARD_AFTER.match(text, e)):
            continue  # 司马一行来到: the given name would be a common word (上官红军, before punctuation, is one)
        if e <= limit and looks_like_name(doc, p, e, compound=True) and (
            _boundary(doc, e, bounds, p) or HARD_AFTER.match(text, e) or e == limit
        ):
            ok.append(n)
    if not ok:
        return None
    if len(ok) == 2:
        fourth = text[p + 3]
        if fourth in _followers():
            return p, p + 3
        rare = (segment.tokenizer().FREQ.get(text[p + 3 : p + 5]) or 0) < 50
        if bounds.at(p + 4) or HARD_AFTER.match(text, p + 4) or rare:
            return p, p + 4
    return p, p + ok[0]


def _name_after(doc: Document, p: int, limit: int, bounds: segment.Boundaries) -> tuple[int, int] | None:
    text = doc.text
    valid = []
    for n in (2, 3, 4):
        e = p + n
        if e > limit or not looks_like_name(doc, p, e):
            continue
        hard = bool(HARD_AFTER.match(text, e)) or e == limit
        if not (_boundary(doc, e, bounds, p) or hard):
            continue
        name = text[p:e]
        conj = name[0] in _followers() and not has_surname(name[0], weak_ok=False) and not _word_at(doc, p, e)
        if conj and has_surname(name) and segment.pos_tags(name[1:])[0][1].startswith("nr"):
            conj = False  # 于 + a given name jieba reads as a name
        if conj and not (hard or _titles_after().match(text, e)):
            continue  # 委员和某… : 和 is the conjunction here
        if has_surname(name) and (n < 4 or name[:2] in surnames()[2]):
            valid.append((n, hard))
        elif (hard or verb_at(text, e)) and not has_surname(name) and _foreign_name(name):
            valid.append((n, hard))  # 院长 + a name without surname + punctuation or a verb
    if not valid:
        return None
    lengths = {n for n, _ in valid}
    if 3 in lengths and 2 in lengths:
        # 王某主持 -> 2; 赵某明对 -> 3: the third character starts a word of its own, or not
        third = text[p + 2]
        if third in _followers():
            return p, p + 2
        token = bounds.by_start.get(p + 2)
        if token is not None and token[2] - token[1] == 2 and segment.pos_tags(token[0])[0][1] == "v":
            return p, p + 2  # 王某|获评: jieba cut a verb, however rare, after two characters
        if bounds.at(p + 3) or (segment.tokenizer().FREQ.get(text[p + 2 : p + 4]) or 0) < 50:
            return p, p + 3
        return p, p + 2
    return p, p + min(lengths)


def _is_place_word(text: str) -> bool:
    from kg.extract import places

    place = places.lookup(text)
    return place is not None and (place.name == text or text[-1:] in places.LEVEL_WORDS)


def _jieba_name(doc: Document, start: int, end: int) -> bool:
    """jieba cut text[start:end] as one word and tags it as a person's name."""
    token = segment.boundaries(doc).by_start.get(start)
    if token is None or token[2] != end:
        return False
    tags = segment.pos_tags(doc.text[start:end])
    return len(tags) == 1 and tags[0][1] in ("nr", "nrfg")


def verb_at(text: str, offset: int) -> bool:
    """A verb starts at `offset` (表示, 出席, 介绍 …)."""
    tags = segment.pos_tags(text[offset : offset + 4])
    return bool(tags) and len(tags[0][0]) >= 2 and tags[0][1][0] in "vil"


def _word_at(doc: Document, start: int, end: int) -> bool:
    """jieba made one word of text[start:end] or of a part of it beginning at `start` (于某某)."""
    token = segment.boundaries(doc).by_start.get(start)
    return token is not None and start + 2 <= token[2] <= end


def _foreign_name(name: str) -> bool:
    """A name without a Han surname (Tibetan, Uyghur …): jieba sees a name or an unknown proper word."""
    from kg.extract import places

    if foreign_names.common_start(name):
        return False  # 负责人应邀出席: a verb jieba reads as a name
    word, flag = segment.pos_tags(name)[0]
    return (flag.startswith("nr") or flag in ("ns", "nz")) and places.lookup(name) is None and word != name[:1]


def name_before(doc: Document, q: int, floor: int, bounds: segment.Boundaries) -> tuple[int, int] | None:
    """A name that ends at `q` (right before a title)."""
    text = doc.text
    dotted = foreign_names.dotted_before(doc, q, floor) or foreign_names.syllables_before(doc, q, floor)
    dotted = dotted or foreign_names.run_before(doc, q, floor)
    if dotted:
        return dotted
    best = None
    for n in (3, 2, 4):
        s = q - n
        if s < floor or not looks_like_name(doc, s, q):
            continue
        name = text[s:q]
        if not has_surname(name) or (n == 4 and name[:2] not in surnames()[2]):
            continue
        before_ok = s == floor or not HAN.match(text[s - 1]) or bounds.at(s) or text[s - 1] in _followers()
        if not before_ok:
            continue
        after_body = any(m.end == s and m.type != PERSON for m in doc.mentions)  # 某卫健局王某局长
        glued = s > floor and HAN.match(text[s - 1]) and text[s - 1] not in _followers() and not after_body
        if glued and not has_surname(name, weak_ok=False):
            continue  # a weak surname (高, 党 …) only after punctuation
        if n == 3 and text[s] in _followers() and has_surname(text[s + 1 :q]):
            continue  # 为周某院长 -> 周某
        if n == 3 and not has_surname(name, weak_ok=False) and has_surname(text[s + 1 : q], weak_ok=False):
            best = best or (s + 1, q)
            continue
        return s, q
    return best


def _name_after_space(doc: Document, p: int, limit: int, bounds: segment.Boundaries) -> tuple[int, int] | None:
    """An author line's name set off by spaces (某医院党委书记 王某某): only when nothing follows it."""
    q = p
    while q < limit and doc.text[q] in " \u3000\t":
        q += 1
    if q == p or q - p > 3:
        return None
    hit = name_after(doc, q, limit, bounds)
    return hit if hit and (hit[1] == limit or doc.text[hit[1]] in "\n（(") else None


def find_names(doc: Document) -> list[tuple[int, int]]:
    """Spans of anchored names in the document."""
    from kg.extract import name_lists
    bounds = segment.boundaries(doc)
    spans: list[tuple[int, int]] = []
    for sent in doc.sentences:
        for m in titles_before().finditer(sent.text):
            te = sent.start + m.end()
            note = TITLE_NOTE.match(doc.text, te, sent.end)
            te = note.end() if note else te  # 副院长(主持工作)某某: the note is no part of the name
            hit = name_after(doc, te, sent.end, bounds) or _name_after_space(doc, te, sent.end, bounds)
            if hit:
                spans.append(hit)
                spans.extend(name_lists.items_after(doc, hit[1], sent.end, bounds))
        for m in _titles_after().finditer(sent.text):
            ts = sent.start + m.start()
            hit = name_before(doc, ts, sent.start, bounds)
            if hit:
                spans.append(hit)
                te = sent.start + m.end()
                if te < sent.end and doc.text[te] == "、":  # 王某院长、李某主席、赵某和钱某
                    nxt = name_after(doc, te + 1, sent.end, bounds)
                    if nxt and has_surname(doc.text[nxt[0] : nxt[1]], weak_ok=False):
                        spans.append(nxt)
                        spans.extend(name_lists.items_after(doc, nxt[1], sent.end, bounds))
        for m in _SPEECH.finditer(sent.text):  # 王某某表示: only a word jieba itself reads as a name
            hit = name_before(doc, sent.start + m.start(), sent.start, bounds)
            if hit and _jieba_name(doc, *hit):
                spans.append(hit)
        for m in _BIO.finditer(sent.text):  # 王某，男，汉族…
            hit = name_before(doc, sent.start + m.start(), sent.start, bounds)
            if hit:
                spans.append(hit)
        for m in _NAMED_AS.finditer(sent.text):
            hit = name_after(doc, sent.start + m.end(), sent.end, bounds)
            if hit is None:
                continue
            items = [hit, *name_lists.items_after(doc, hit[1], sent.end, bounds)]
            if re.match(r"(?:同志)?(?:为|担任)", doc.text[items[-1][1] : sent.end]):
                spans.extend(items)
        for m in _APPOINT.finditer(sent.text):
            hit = name_before(doc, sent.start + m.start(), sent.start, bounds)
            if hit:
                spans.append(hit)
        spans.extend(name_lists.closed_lists(doc, sent))
        spans.extend(name_lists.byline_names(doc, sent))
    return spans


@stage(STAGE, requires=("segment", "institutions"))
def persons(doc: Document) -> Document:
    spans = find_names(doc)
    names: dict[str, tuple[int, int]] = {}
    for s, e in sorted(spans):
        names.setdefault(doc.text[s:e], (s, e))
    # a two-character name inside a longer found name is the same person cut short
    for short in [n for n in names if any(n != o and o.startswith(n) for o in names)]:
        names.pop(short, None)
    for name, (s, e) in names.items():
        add_entity(doc, name, PERSON, evidence=evidence_for(doc, s, e, STAGE))
    if names:
        pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
        taken = [(m.start, m.end) for m in doc.mentions if m.type != PERSON]
        for sent in doc.sentences:
            for m in pattern.finditer(sent.text):
                s, e = sent.start + m.start(), sent.start + m.end()
                if not any(a < e and s < b for a, b in taken):
                    add_mention(doc, s, e, m.group(), PERSON, STAGE)
    return doc
