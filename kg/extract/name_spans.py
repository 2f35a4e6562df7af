"""Where a name that ends in a known suffix starts: the left edge of 江城第一医院 in 与江城第一医院建立….

Shared by the institution and organization stages.  A name is grown leftwards over jieba tokens of its
sentence from the token that holds its suffix, and stops at punctuation, at a word that cannot be part
of a name (`left_stops`: 与, 在, 签约, 加入 …), at the end of a name already found, or after
`MAX_NAME` characters.  Leading verbs are then trimmed back to a place or university that starts the
name (借鉴江城眼科医院 -> 江城眼科医院).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract import lexicon, places
from kg.model import Document, Sentence

MAX_NAME = 24
NAME_CHAR = re.compile(r"[\u4e00-\u9fff〇A-Za-z0-9·]")
QUANTITY = re.compile(r"(?:[0-9一二三四五六七八九十百千两几数多余]+)(?:余|多)?(?:家|所|个|座|位|批|类|级|届|次|期)")
_LEADING_TRIM_POS = {"v", "vn", "p", "c", "d", "ad", "r", "u", "uj", "ul", "uz", "ug", "ud", "q", "f", "t", "a"}


@cache
def left_stops() -> frozenset[str]:
    """Words a name cannot contain: the stop list and the post titles (院长某某就某医院…)."""
    return frozenset(lexicon.words("left_stops")) | frozenset(lexicon.words("post_titles"))


_GLUED_STOPS = set("暨与及在至赴向对于由被将把从经")
_YEAR = re.compile(r"^(?:[0-9]+|[一二三四五六七八九十〇零]+)(?:年度?|月|日)$|^年度?$")


@cache
def generic_words() -> tuple[str, ...]:
    return lexicon.words("generic_prefixes")


def is_name_text(text: str) -> bool:
    return bool(text) and all(NAME_CHAR.match(c) for c in text)


def sentence_tokens(doc: Document, sent: Sentence) -> list[tuple[str, int, int]]:
    """Tokens of one sentence (doc.tokens is in text order)."""
    cache_ = getattr(doc, "_kg_sent_tokens", None)
    if cache_ is None or cache_[0] != len(doc.tokens):
        by_sent: dict[int, list[tuple[str, int, int]]] = {}
        idx = 0
        sents = doc.sentences
        for tok in doc.tokens:
            while idx < len(sents) and tok[1] >= sents[idx].end:
                idx += 1
            if idx < len(sents):
                by_sent.setdefault(sents[idx].index, []).append(tok)
        cache_ = (len(doc.tokens), by_sent)
        object.__setattr__(doc, "_kg_sent_tokens", cache_)
    return cache_[1].get(sent.index, [])


def grow_left(doc: Document, sent: Sentence, core_start: int, floor: int) -> int:
    """The start of the name whose suffix starts at `core_start` (offsets into doc.text)."""
    toks = sentence_tokens(doc, sent)
    start = core_start
    for word, s, e in toks:  # the suffix may sit inside a longer token (江城第一医院)
        if s < core_start < e:
            if word in left_stops() or not is_name_text(doc.text[s:core_start]):
                return core_start
            start = s
            break
    for word, s, e in reversed(toks):
        if e > start:
            continue
        if e < start or s < floor or core_start - s > MAX_NAME:
            break
        if word in left_stops() or not is_name_text(word) or _YEAR.match(word):
            break
        if len(word) > 1 and word[0] in _GLUED_STOPS and is_name_text(word[1:]):
            start = s + 1  # 暨某大: jieba glued a conjunction to the name
            break
        start = s
    return start


_PROPER_POS = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "eng"}
_ORG_HEAD = re.compile(
    r"(?:中国人民解放军|解放军|中国人民武装警察部队|武警|联勤保障部队|陆军|海军|空军|火箭军|中国|国家|首都|中华|中共)"
)
_PLACE_SHAPE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:镇|乡|县|市|区|旗|州|盟)")
_UNIVERSITY = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:大学|学院)")
_INNER_VERB_OK = {"结合", "协作", "保健"}
# one-character words that never stand inside a name (聘任某某为某医院…: the name starts after 为)
_INNER_LINKS = {"为", "与", "和", "及", "同", "至", "赴", "向", "对", "在", "把", "将", "被", "由"}


@cache
def institution_types() -> frozenset[str]:
    return frozenset(lexicon.words("institution_types"))


@cache
def quality_words() -> frozenset[str]:
    words = frozenset(w for w in generic_words() if not w.startswith("第"))
    return words - institution_types() - set(places.LEVEL_WORDS)


def head_at(text: str, tags: list[tuple[str, str]] | None = None) -> bool:
    """True if a name may start at the beginning of `text`: a place, a university, or a proper word."""
    if places.prefix_place(text)[1] >= 2 or _ORG_HEAD.match(text):
        return True
    if tags is None:
        from kg.extract.segment import pos_tags

        tags = pos_tags(text[:8])
    if not tags:
        return False
    word, flag = tags[0]
    if word in generic_words() or is_generic(word):
        return False
    if flag in _PROPER_POS or (flag == "m" and word.isdigit()):
        return True
    m = _PLACE_SHAPE.match(text)
    if not m or len(tags) < 2 or flag.startswith(("v", "a", "d", "p", "i", "l")):
        return False
    from kg.extract.segment import tokenizer

    head = m.group()[:-1]
    return tags[0][0] in (head, m.group()) and (tokenizer().FREQ.get(head) or 0) < 2000


def name_start(text: str, core: int) -> int | None:
    """Where the name in `text` (grown leftwards, core = length of the part before the suffix) starts.

    The earliest token start with a name head (place, university, proper word); tokens after it must
    not be verbs (except the one next to the suffix: 北京某安医院) nor quality words (三甲, 县级, 示范).
    None when there is no head.
    """
    from kg.extract.segment import pos_tags

    tags = pos_tags(text[:core])
    offsets = []
    pos = 0
    for word, flag in tags:
        offsets.append((pos, word, flag))
        pos += len(word)
    for k, (off, _, _) in enumerate(offsets):
        if off >= core:
            return None
        if not head_at(text[off:core], tags[k:]):
            continue
        strong = places.prefix_place(text[off:])[1] >= 2 or bool(_ORG_HEAD.match(text[off:]))
        inner = [(o, w, f) for o, w, f in offsets[k + 1 :] if o + len(w) <= core]
        verb_at = None
        for j, (o, w, f) in enumerate(inner):
            last = j == len(inner) - 1
            if w in quality_words() or (w.endswith("型") and w not in institution_types()):
                return None
            if f.startswith("a") and w not in institution_types():
                return None
            if f.startswith("v") and w not in _INNER_VERB_OK and not (last and strong) or w in _INNER_LINKS:
                verb_at = o
                break
        if verb_at is None:
            return _glued_place_start(offsets, k)
        # 主任医师常驻某市某医院: a verb between the first head and the suffix; the name starts after it
        later = name_start(text[verb_at:], core - verb_at) if verb_at + 2 < core else None
        return None if later is None or later == 0 and not _strong_at(text[verb_at:]) else verb_at + later
    # no place or proper word: a university or college may still open the name (某某医科大学某某医院)
    for k, (off, word, flag) in enumerate(offsets):
        if off >= core:
            break
        if flag[0] in "vpcdru" or is_generic(word):
            continue
        m = _UNIVERSITY.match(text, off)
        if m and m.end() <= core and not any(f[0] in "vpcdu" for o, _, f in offsets[k:] if o < m.end()):
            return off
        break
    return None


def _glued_place_start(offsets: list[tuple[int, str, str]], k: int) -> int:
    """The start of the head at `k`, or of the character before it when jieba split a two-character city
    or town name (某|某市, 某|某镇): neither is named by one character, and the one before is no function word."""
    off, word, _ = offsets[k]
    if k == 0 or len(word) != 2 or not word.endswith(("市", "镇", "乡")):
        return off
    prev_off, prev, flag = offsets[k - 1]
    if len(prev) != 1 or not "\u4e00" <= prev <= "\u9fff" or flag[:1] in "vpcudrmqf" or prev in left_stops():
        return off
    return prev_off


def _strong_at(text: str) -> bool:
    return places.prefix_place(text)[1] >= 2 or bool(_ORG_HEAD.match(text))


@lru_cache(maxsize=65536)
def is_generic(prefix: str) -> bool:
    """True if `prefix` (a name without its suffix) is made only of generic words, levels and numbers."""
    rest = prefix
    while rest:
        if QUANTITY.match(rest):
            rest = rest[QUANTITY.match(rest).end():]
            continue
        for w in generic_words():
            if rest.startswith(w):
                rest = rest[len(w):]
                break
        else:
            if rest[0] in places.LEVEL_WORDS or rest[0] in "第一二三四五六七八九十0123456789":
                rest = rest[1:]
                continue
            return False
    return True


def has_quantity(text: str) -> bool:
    return bool(QUANTITY.search(text))
