"""Lists of names: 副院长王某、李某、赵某 after a title, 王某、李某等 closed by 等, and bylines.

Once the first name of a list is read (`persons.name_after`), every further item separated by 、 / 和 is
read the same way, so a compound surname, a dotted transliterated name or a long minority name in the
middle of a list does not lose the names after it.
"""

from __future__ import annotations

import re

from kg.extract import foreign_names, segment
from kg.extract.persons import (
    HARD_AFTER,
    has_surname,
    looks_like_name,
    name_after,
    surnames,
    titles_before,
    verb_at,
)
from kg.model import Document, Sentence

_LIST_AFTER = re.compile(r"((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})(?=等|和|及|同志)")
# a list of names ends before 及 / 和 / 与 (…及中层干部) or an adverb of the whole list (分别, 共同 …)
_LIST_END = re.compile(r"[及和与]|分别|共同|一同|一起|先后|相继")
_BYLINE = re.compile(
    r"(?:特约记者|见习记者|记者|通讯员|责任编辑|编辑|摄影|审核|审校|作者|撰稿|供稿)\s*[:：]?\s*"
    r"(?P<names>[\u4e00-\u9fff]{2,3}(?:(?:\s+|、)[\u4e00-\u9fff]{2,3}){0,3})(?=$|[\s)）】\]，,。;；]|报道|摄)"
)


def items_after(doc: Document, end: int, limit: int, bounds: segment.Boundaries) -> list[tuple[int, int]]:
    """副院长王某、李某: further names separated by 、 / 和 after a name found after a title."""
    out = []
    text = doc.text
    while end < limit and text[end] in "、和及":
        nxt = name_after(doc, end + 1, limit, bounds)
        if nxt is None:
            break
        name = text[nxt[0] : nxt[1]]
        weak_ok = text[end] == "、" and (
            HARD_AFTER.match(text, nxt[1]) or verb_at(text, nxt[1]) or _LIST_END.match(text, nxt[1])
        )
        if not (list_name(name) or has_surname(name) and weak_ok):
            break  # a weak surname (高, 党 …) only when the name ends at a boundary or a verb
        if titles_before().match(text, nxt[1]) and text[end] == "、":
            # 院长王某、党委书记李某 is handled by the title rule; 王某、李某院长 is ambiguous
            pass
        out.append(nxt)
        end = nxt[1]
    return out


def list_name(name: str) -> bool:
    """A further item of a name list: a strong surname, or a dotted or long transliterated name."""
    return has_surname(name, weak_ok=False) or any(d in name for d in foreign_names.DOTS) or len(name) >= 4


def closed_lists(doc: Document, sent: Sentence) -> list[tuple[int, int]]:
    """王某、李某、赵某等: a list of at least two surname-first names closed by 等."""
    out = []
    for m in _LIST_AFTER.finditer(sent.text):
        base = sent.start + m.start(1)
        items = m.group(1).split("、")
        spans, pos = [], base
        for i, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            compound = item[-4:-2] in surnames()[2] and len(item) >= 4
            if i == 0 and len(item) > 3 and not (compound and len(item) == 4):  # 有王某某 glued to the word before
                if compound:
                    s = e - 4
                else:
                    s = e - 3 if has_surname(doc.text[e - 3 : e], weak_ok=False) else e - 2
            if len(doc.text[s:e]) > (4 if compound else 3) or not has_surname(doc.text[s:e], weak_ok=False):
                spans = []
                break
            if not looks_like_name(doc, s, e):
                spans = []
                break
            spans.append((s, e))
        if len(spans) >= 2:
            out.extend(spans)
    return out


def byline_names(doc: Document, sent: Sentence) -> list[tuple[int, int]]:
    """记者 王某 通讯员 李某、赵某: names after a byline word, separated by spaces or 、."""
    out = []
    for m in _BYLINE.finditer(sent.text):
        for item in re.finditer(r"[\u4e00-\u9fff]{2,3}", m.group("names")):
            s = sent.start + m.start("names") + item.start()
            e = s + len(item.group())
            if has_surname(item.group()) and looks_like_name(doc, s, e):
                out.append((s, e))
    return out
