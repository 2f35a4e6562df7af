"""Names of township and community health centres whose place is a town or a community: the town name
may be a common word (出口镇卫生院), glued to 镇 by jieba (某某镇), cut into single characters (某|某|镇) or
transliterated (an item of a list of 镇卫生院).  Used by the `institutions` stage."""

from __future__ import annotations

import re

from kg.extract import name_spans
from kg.extract.segment import pos_tags
from kg.model import Document, Sentence

TOWNSHIP_SUFFIXES = ("卫生院", "中心卫生院")
_COMMUNITY_SUFFIXES = ("社区卫生服务中心", "社区卫生服务站", "卫生服务中心")


def local_name(doc: Document, sent: Sentence, start: int, core: int, suffix: str) -> int | None:
    """出口镇卫生院, 青石社区卫生服务中心: a town or community name that is also a common word.

    The word right before 镇/乡 (for a township health centre) or right before the community suffix
    (maybe after 街道/社区) names the place, unless it is a generic word (辖区, 城区, 各乡镇 …).
    Returns the offset of the name in text[start:core] or None.
    """
    toks = [t for t in name_spans.sentence_tokens(doc, sent) if start <= t[1] and t[2] <= core]
    if not toks or toks[-1][2] != core:
        return None
    if suffix in TOWNSHIP_SUFFIXES and toks[-1][0] in ("镇", "乡"):
        head = toks[-2] if len(toks) >= 2 else None
    elif suffix in TOWNSHIP_SUFFIXES and 3 <= len(toks[-1][0]) <= 5 and toks[-1][0][-1] in "镇乡":
        word, s, e = toks[-1]  # jieba glued the town's name to 镇 (某某镇): the name is the word without it
        head = (word[:-1], s, e - 1)
    elif suffix in _COMMUNITY_SUFFIXES:
        head = toks[-1]
        if head[0] in ("街道", "社区") and len(toks) >= 2:
            head = toks[-2]
    else:
        return None
    if head is not None and head[0] in ("镇", "乡"):  # 某某镇社区卫生服务中心: the town names it
        head = toks[-2] if len(toks) >= 2 and toks[-1] == head else None
    if head is not None and len(head[0]) == 1:
        head = _split_town(doc, toks[: toks.index(head) + 1])
    if head is None or not 2 <= len(head[0]) <= 4 or not name_spans.is_name_text(head[0]):
        return None
    word = head[0]
    if word in name_spans.left_stops() or name_spans.is_generic(word) or name_spans.has_quantity(word):
        return None
    if word[-1] in "镇乡村街区县市省":
        return None  # 各乡镇, 城区: a level word, no proper name
    return head[1] - start


_BEFORE_TOWN = set("与和及同向对在由为到赴、，,：:（(")


def _split_town(doc: Document, toks: list[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    """A town name jieba cut into single characters (某|某|镇): two or three one-character words after a
    preposition, a conjunction or punctuation, joined back."""
    singles = []
    for tok in reversed(toks):
        if len(tok[0]) != 1 or len(singles) == 3:
            break
        singles.insert(0, tok)
    while len(singles) > 2 and singles[0][0] in _BEFORE_TOWN:
        singles.pop(0)
    if len(singles) < 2 or singles[0][1] == 0:
        return None
    if doc.text[singles[0][1] - 1] not in _BEFORE_TOWN:
        return None
    return ("".join(t[0] for t in singles), singles[0][1], singles[-1][2])


_ITEM_EDGE = re.compile(r"[、，,。：:；;（(\s]")
_NOT_TOWN = set("县市区省州各全本该诸其等和与及")


def town_item(doc: Document, sent: Sentence, core: int, suffix: str) -> int | None:
    """墩某镇卫生院、胡某某孜镇卫生院: an item of a list of township health centres runs from the list
    separator to 镇/乡, whatever words jieba sees in a transliterated town name (no verb, no level)."""
    text = doc.text
    if suffix not in TOWNSHIP_SUFFIXES or core - 1 <= sent.start or text[core - 1] not in "镇乡":
        return None
    listed = text[core + len(suffix) : core + len(suffix) + 1] == "、"
    k = core - 1
    while k > sent.start and not _ITEM_EDGE.match(text[k - 1]) and core - 1 - k < 8:
        k -= 1
    head = text[k : core - 1]
    at_edge = k == sent.start or bool(_ITEM_EDGE.match(text[k - 1]))
    if not at_edge or not (listed or text[k - 1 : k] == "、") or not 2 <= len(head) <= 7:
        return None
    if not name_spans.is_name_text(head) or set(head) & _NOT_TOWN or name_spans.is_generic(head):
        return None
    toks = [t for t in name_spans.sentence_tokens(doc, sent) if t[1] < core and t[2] > k]
    if not toks or toks[0][1] != k or toks[-1][2] != core:
        return None  # the item must start and end on word edges (各乡镇 is one word)
    inside = text[k - 1 : k] == "、" and listed  # 、下马关镇卫生院、: between two separators a verb-like
    for i, (word, _s, _e) in enumerate(toks):  # word opening the town's name (下马|关镇) is part of it
        banned = "pcd" if inside and i < len(toks) - 1 else "vpcd"
        if len(word) >= 2 and (word in name_spans.left_stops() or pos_tags(word)[0][1][:1] in banned):
            return None
    return k
