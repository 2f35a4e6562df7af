"""Traditional -> Simplified Chinese with OpenCC, keeping every character offset.

Extraction works on Simplified text; evidence keeps the text as written.  `to_simplified` therefore
returns a text of exactly the same length: each line is converted by OpenCC (phrase-aware) and, if that
changed its length, converted again character by character.  Only clearly Traditional texts are
converted (`is_traditional`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Protocol

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LINES = re.compile(r"[^\n]*\n?")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def converter(config: str) -> _Converter | None:
    """An OpenCC converter ('t2s', 's2t'), from the official `opencc` wheel or the pure-Python reimplementation."""
    try:
        import opencc
    except ImportError:
        return None
    for name in (config, f"{config}.json"):
        try:
            return opencc.OpenCC(name)
        except Exception:  # noqa: BLE001 - the two packages fail differently on an unknown config name
            continue
    return None


@cache
def _char(config: str, ch: str) -> str:
    conv = converter(config)
    out = conv.convert(ch) if conv else ch
    return out if len(out) == 1 else ch


def _per_char(config: str, text: str) -> str:
    table = {ord(ch): _char(config, ch) for ch in set(text) if _CJK.match(ch)}
    return text.translate(table)


def is_traditional(text: str, sample: int = 20_000) -> bool:
    """True when `text` is clearly written in Traditional characters (not Simplified quoting a few)."""
    if converter("t2s") is None:
        return False
    chars = _CJK.findall(text[:sample])
    if not chars:
        return False
    traditional = sum(1 for ch in chars if _char("t2s", ch) != ch)
    simplified = sum(1 for ch in chars if _char("t2s", ch) == ch and _char("s2t", ch) != ch)
    return traditional >= 3 and traditional >= 0.03 * len(chars) and traditional > 4 * simplified


def to_simplified(text: str) -> str:
    """`text` in Simplified characters, with the same length and the same offsets."""
    conv = converter("t2s")
    if conv is None:
        return text
    out: list[str] = []
    for m in _LINES.finditer(text):
        line = m.group()
        if not line:
            continue
        if not _CJK.search(line):
            out.append(line)
            continue
        try:
            converted = conv.convert(line)
        except UnicodeEncodeError:  # a lone surrogate (from a broken file): OpenCC reads UTF-8 only
            converted = ""
        out.append(converted if len(converted) == len(line) else _per_char("t2s", line))
    result = "".join(out)
    return result if len(result) == len(text) else _per_char("t2s", text)
