"""Names of people without a Han surname: transliterated names with a middle dot and long one-word names.

Uyghur, Kazakh or foreign names are written with a middle dot between their parts (艾力·买买提); Mongolian
and Tibetan names, and Uyghur names without the dot, are one word of 3-8 characters that jieba tags as a
name or a proper noun (那仁高娃, 阿不都热依木).  Both are read only right after a title (`persons` calls
these from `name_after`), and only up to a hard boundary, a verb, a title or a follower (的, 和 …), so a
name never runs into the next word.
"""

from __future__ import annotations

import re
from functools import cache

from kg.extract import lexicon, places, segment
from kg.model import Document, EntityType

HAN = re.compile(r"[\u4e00-\u9fff]")
DOTS = "·•・‧"
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,10}){1,3}")
_HARD = re.compile(r"[，,、。；;：:！!？?（(）)\s“”\"]|$|等|同志")
_NAME_TAGS = ("nr", "ns", "nz")
_ORGISH_END = set("院医委局部处室会省市县区所站校队组科党团办司厅镇乡村馆社中心")
MAX_RUN = 8


@cache
def _followers() -> frozenset[str]:
    return frozenset(lexicon.words("name_followers"))


@cache
def _titles() -> re.Pattern[str]:
    words = set(lexicon.words("post_titles")) | set(lexicon.words("academic_titles"))
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _verb_at(text: str, offset: int) -> bool:
    """A common word of two or more characters starts at `offset` (主持, 出席, 介绍, 总结 …)."""
    freq = segment.tokenizer().FREQ
    for probe in (text[offset : offset + 4], text[offset : offset + 2]):
        tags = segment.pos_tags(probe) if probe else []
        if tags and len(tags[0][0]) >= 2 and (freq.get(tags[0][0]) or 0) >= 100:
            if tags[0][1][0] in "vil" or probe == text[offset : offset + 4]:
                return True
    return False


def ends_name(text: str, offset: int, limit: int) -> bool:
    """A name may end at `offset`: punctuation, a verb, a title or a follower character comes next."""
    if offset >= limit or _HARD.match(text, offset):
        return True
    return text[offset] in _followers() or _titles().match(text, offset) is not None or _verb_at(text, offset)


def _free(doc: Document, start: int, end: int) -> bool:
    """No institution or organization mention overlaps text[start:end]."""
    return not any(m.start < end and start < m.end for m in doc.mentions if m.type != EntityType.PERSON)


def common_start(name: str) -> bool:
    """`name` opens with a common word that is no name (应邀出席, 带领 …): a verb, adverb or preposition."""
    word = name[:2]
    tag = segment._posseg().word_tag_tab.get(word, "")
    return (segment.tokenizer().FREQ.get(word) or 0) >= 50 and tag[:1] in ("v", "d", "p", "c", "a")


def dotted_after(doc: Document, p: int, limit: int) -> tuple[int, int] | None:
    """艾力·买买提 right after a title: the last part ends where a verb, title or boundary starts."""
    text = doc.text
    m = _DOTTED.match(text, p, limit)
    if not m or text[p] in DOTS:
        return None
    last_dot = max(text.rfind(d, p, m.end()) for d in DOTS)
    tags = segment.pos_tags(text[last_dot + 1 : min(limit, last_dot + 14)])
    if len(tags) >= 2 and len(tags[0][0]) >= 2 and tags[1][1][:1] in "vpdcu":
        e = last_dot + 1 + len(tags[0][0])  # 吐尔逊|作总结: the last part is the word before a verb
        return (p, e) if _free(doc, p, e) else None
    for e in range(last_dot + 2, min(m.end(), last_dot + 11) + 1):
        if ends_name(text, e, limit):
            return (p, e) if _free(doc, p, e) else None
    return None


_APPOINTING = re.compile(r"(?:经研究)?(?:决定)?(?:任命|聘任|聘请|免去|推荐|提名|增补|选举)")
_LAST_PART = 6  # characters of the last part of a dotted name (买买提, 阿不都热依木)


def dotted_before(doc: Document, q: int, floor: int) -> tuple[int, int] | None:
    """艾力·买买提 right before a title (q): the first part starts after punctuation or a jieba token edge."""
    text = doc.text
    s = q
    while s > floor and (HAN.match(text[s - 1]) or text[s - 1] in DOTS) and q - s < 24:
        s -= 1
    span = text[s:q]
    if not any(d in span for d in DOTS) or span[0] in DOTS or span[-1] in DOTS:
        return None
    first_dot = min(i for i, c in enumerate(span) if c in DOTS)
    last_dot = max(i for i, c in enumerate(span) if c in DOTS)
    if len(span) - last_dot - 1 > _LAST_PART:
        return None  # 某某·某某同志为某部 (副主任): the title is not right after the name
    if s > floor and HAN.match(text[s - 1]) is None or s == floor:
        opening = _APPOINTING.match(span)  # 任命某某·某某 opening the clause: the verb is no part of the name
        start = s + (opening.end() if opening and opening.end() < first_dot else 0)
    else:  # the first part is the name-tagged word right before the dot
        head = segment.pos_tags(span[:first_dot])
        if not head or not head[-1][1].startswith("nr"):
            return None
        start = s + first_dot - len(head[-1][0])
    return (start, q) if _free(doc, start, q) else None


def run_after(doc: Document, p: int, limit: int) -> tuple[int, int] | None:
    """那仁高娃 / 阿不都热依木 after a title: name-tagged jieba words (and single characters), 3-8 characters."""
    text = doc.text
    tags = segment.pos_tags(text[p : min(limit, p + MAX_RUN + 4)])
    pos, best, tagged = p, None, False
    for word, flag in tags:
        if not all(HAN.match(c) for c in word):
            break
        name_like = flag.startswith(_NAME_TAGS)
        if not name_like and not (len(word) == 1 and word not in _followers() and flag[:1] not in "pcudv"):
            break
        tagged = tagged or (name_like and len(word) >= 2)
        pos += len(word)
        if pos - p > MAX_RUN:
            break
        name = text[p:pos]
        if (
            pos - p >= 3
            and not common_start(name)
            and tagged
            and ends_name(text, pos, limit)
            and name[-1] not in _ORGISH_END
            and places.lookup(name) is None
            and not _titles().search(name)
            and _free(doc, p, pos)
        ):
            best = (p, pos)
    return best


def run_before(doc: Document, q: int, floor: int) -> tuple[int, int] | None:
    """阿不都热依木副院长: one name-tagged jieba word of 4-8 characters right before a title at `q`, or a run
    of name-tagged words (那顺巴|雅尔同志) that starts right after punctuation."""
    text = doc.text
    token = segment.boundaries(doc).by_end.get(q)
    if token is None:
        return None
    word, s, _ = token
    if not 4 <= len(word):
        return _tagged_run_before(doc, q, floor)
    if s < floor or not 4 <= len(word) <= MAX_RUN or not all(HAN.match(c) for c in word):
        return None
    tags = segment.pos_tags(word)
    if len(tags) != 1 or not tags[0][1].startswith(_NAME_TAGS) or places.lookup(word) is not None:
        return None
    if word[-1] in _ORGISH_END or _titles().search(word):
        return None
    if s > floor and HAN.match(text[s - 1]) and text[s - 1] not in _followers():
        return None
    return (s, q) if _free(doc, s, q) else None


@cache
def _syllables() -> tuple[str, ...]:
    return lexicon.words("name_syllables")  # longest first


def syllables_after(doc: Document, p: int, limit: int) -> tuple[int, int] | None:
    """格桑卓玛 / 巴图孟和 after a title: two or more known name syllables, then a name edge."""
    text = doc.text
    pos, count, best = p, 0, None
    while pos < limit and pos - p < MAX_RUN:
        syl = next((w for w in _syllables() if text.startswith(w, pos) and pos + len(w) <= limit), None)
        if syl is None or (len(syl) == 1 and count == 0):
            break
        pos += len(syl)
        count += 1
        if count >= 2 and ends_name(text, pos, limit) and _free(doc, p, pos):
            best = (p, pos)
        elif count == 1 and len(syl) >= 2 and (pos >= limit or _HARD.match(text, pos)) and _free(doc, p, pos):
            best = (p, pos)  # 院长宝音等: one syllable is a whole name only before punctuation or 等
    return best


def syllables_before(doc: Document, q: int, floor: int) -> tuple[int, int] | None:
    """格桑卓玛院长: two or more known name syllables ending at `q`, after a name edge."""
    text = doc.text
    pos, count, best = q, 0, None
    while pos > floor and q - pos < MAX_RUN:
        syl = next((w for w in _syllables() if text.endswith(w, floor, pos)), None)
        if syl is None:
            break
        pos -= len(syl)
        count += 1
        edge = pos == floor or not HAN.match(text[pos - 1]) or text[pos - 1] in _followers()
        if count >= 2 and len(syl) >= 2 and edge and _free(doc, pos, q):  # a name opens with a full syllable
            best = (pos, q)
    return best


def _tagged_run_before(doc: Document, q: int, floor: int) -> tuple[int, int] | None:
    """Two or three jieba words, 4-8 characters, all tagged as names, between punctuation and `q`."""
    text = doc.text
    by_end = segment.boundaries(doc).by_end
    s, parts = q, 0
    while parts < 3 and s in by_end and by_end[s][1] >= floor:
        s, parts = by_end[s][1], parts + 1
        span = text[s:q]
        if not 4 <= len(span) <= MAX_RUN or not all(HAN.match(c) for c in span):
            continue
        if s > floor and HAN.match(text[s - 1]):
            continue  # only from a hard edge: a run inside a clause may be anything
        tags = segment.pos_tags(span)
        if len(tags) < 2 or not all(flag.startswith(_NAME_TAGS) for _, flag in tags):
            continue
        if span[-1] in _ORGISH_END or _titles().search(span) or places.lookup(span) is not None:
            continue
        return (s, q) if _free(doc, s, q) and not common_start(span) else None
    return None
