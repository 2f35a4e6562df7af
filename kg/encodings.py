"""Bytes -> text for Chinese articles: BOMs, strict UTF-8, GB18030/GBK, Big5, UTF-16 without a BOM.

Legacy Chinese encodings decode almost any byte string without an error, so a guess is judged by what it
reads as: each candidate decoding is scored by how many of its characters are common Chinese characters
(GB2312 level 1 or Big5 level 1, both taken from Python's own codecs), against replacement and control
characters.  Strict UTF-8 always comes first; charset-normalizer adds its own guess as one more candidate.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

SAMPLE_BYTES = 64 * 1024  # bytes looked at when judging candidate encodings
UNDECODABLE = "cannot decode as UTF-8, GB18030, UTF-16 or Big5; convert the file to UTF-8"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030", "big5": "cp950"}
_CJK_CODECS = frozenset({"gb18030", "big5", "cp950"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BINARY = "binary file (NUL bytes); only text and HTML files are read"


class DecodeFailure(ValueError):
    """The bytes are not text in any encoding tried; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@cache
def common_chinese() -> frozenset[str]:
    """The common Chinese characters: GB2312 level 1 (Simplified) and Big5 level 1 (Traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes((lead, trail)).decode("gb2312", "ignore"))
    for lead in range(0xA4, 0xC7):  # A440-C67E (C6A1 on holds kana and symbols)
        for trail in [*range(0x40, 0x7F), *(range(0xA1, 0xFF) if lead < 0xC6 else ())]:
            chars.update(bytes((lead, trail)).decode("big5", "ignore"))
    return frozenset(chars)


def score(text: str) -> int:
    """How much `text` reads like (Chinese) prose: common characters up, garbage down."""
    common = common_chinese()
    total = 0
    for ch in text:
        if ch in common:
            total += 2
        elif ch < "\x80":
            total += 1 if ch.isprintable() or ch in "\t\n\r" else -5
        elif ch == "\ufffd":
            total -= 5
        elif "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u201f":
            total += 1  # CJK and full-width punctuation, quotes, dashes
        elif "\ue000" <= ch <= "\uf8ff" or not ch.isprintable():
            total -= 3
    return total


def chinese_share(text: str) -> float:
    """The share of common Chinese characters among the characters of `text` that are not white space."""
    common = common_chinese()
    chars = [ch for ch in text if not ch.isspace()]
    return sum(ch in common for ch in chars) / len(chars) if chars else 0.0


def readable_share(text: str) -> float:
    """The share of characters of `text` that are printable ASCII, white space, common Chinese or CJK punctuation."""
    if not text:
        return 0.0
    common = common_chinese()
    good = sum(
        1
        for ch in text
        if ch.isspace() or " " <= ch <= "~" or ch in common or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )
    return good / len(text)


def bad_share(text: str) -> float:
    """The share of replacement and control characters in `text` (0 for an empty text)."""
    if not text:
        return 0.0
    return (text.count("\ufffd") + len(_CONTROL.findall(text))) / len(text)


def garbled(text: str, encoding: str) -> bool:
    """True when a decoded text is mostly garbage: many replacement or control characters, or, for a
    Chinese legacy encoding (which decodes almost any bytes), few common Chinese characters."""
    bad = text.count("\ufffd") + len(_CONTROL.findall(text))
    if bad > max(4, 0.1 * len(text)):
        return True
    if encoding in _CJK_CODECS:
        wide = [ch for ch in text if ch >= "\x80" and not ch.isspace()]
        common = common_chinese()
        good = sum(1 for ch in wide if ch in common or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
        return len(wide) >= 8 and good < 0.6 * len(wide)
    return False


def _decode(data: bytes, encoding: str) -> str:
    return data.decode(encoding, errors="replace")


def _strict(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _normalizer_guess(sample: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(sample).best()
    if best is None:
        return None
    name = best.encoding.lower().replace("_", "-")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(sample: bytes) -> str | None:
    """A charset declared in the first bytes (HTML meta, XML prolog), as a Python codec name."""
    m = _DECLARED.search(sample[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _best(sample: bytes, candidates: list[str]) -> tuple[int, str]:
    """The best-scoring candidate (earlier ones win ties); a sample cut inside a character costs all alike."""
    scored = [(score(_decode(sample, enc)), -i, enc) for i, enc in enumerate(candidates)]
    best = max(scored)
    return best[0], best[2]


def guess_encoding(data: bytes) -> str:
    """The codec to read `data` with (a Python codec name; 'utf-8-sig' when a UTF-8 BOM is present)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:SAMPLE_BYTES]
    even = sample[: len(sample) // 2 * 2]
    if b"\x00" in sample:
        # only UTF-16 text has NUL bytes (one in each ASCII character, line break, digit)
        points, name = _best(even, ["utf-16-le", "utf-16-be"])
        text = _decode(even, name)
        if points <= 0 or bad_share(text) > 0.02 or "\x00" in text or readable_share(text) < 0.8:
            raise DecodeFailure(BINARY)
        return name
    if _strict(data, "utf-8"):
        return "utf-8"
    candidates = ["utf-8", "gb18030", "big5", "cp950"]
    for extra in (_declared(sample), _normalizer_guess(sample)):
        if extra and extra not in candidates and not extra.startswith("utf-16"):
            candidates.append(extra)
    name = _best(sample, candidates)[1]
    if len(data) % 2 == 0:  # UTF-16 without a BOM and without ASCII (so without NUL bytes)
        points, utf16 = _best(even, ["utf-16-le", "utf-16-be"])
        if points > score(_decode(sample, name)) and chinese_share(_decode(even, utf16)) > 0.6:
            return utf16
    return name


def decode(data: bytes) -> tuple[str, str]:
    """`(text, encoding)` for the bytes of a file; invalid bytes become U+FFFD.

    Raises `DecodeFailure` for binary data or when the best decoding is still mostly garbage.
    Line ends are normalised to ``\\n``.
    """
    encoding = guess_encoding(data)
    text = _decode(data, encoding)
    if encoding.startswith("utf-16") and text.startswith("\ufeff"):
        text = text[1:]
    if garbled(text[:SAMPLE_BYTES], encoding):
        raise DecodeFailure(BINARY if "\x00" in text[:SAMPLE_BYTES] else UNDECODABLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding
