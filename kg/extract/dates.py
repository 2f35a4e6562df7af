"""Dates in Chinese news text: finding them and resolving them to ISO strings at their real precision.

`resolve_date(text, span, published, year)` is the pure core: the date expression `text[start:end]`
(2021年8月, 2019年12月30日, 7月27日至28日, 2021-07-26, 今年, 去年3月, 近日, 上半年 …), the publication
date of the article and the nearest stated year give ``(iso, precision)`` or None.  The ISO string has
exactly the precision the words give (``2021``, ``2021-08``, ``2021-08-30``); a day is never made up.
`find_dates` finds every date expression of a text and resolves each.  The extractor stage that puts
dates and statuses on facts is `kg.extract.timing`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    """How much of a date the words give; the RDF datatype follows from it (see `xsd_datatype`)."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression: `text` is the document's `[start, end)` (a range keeps its first day)."""

    start: int
    end: int
    text: str
    iso: str
    precision: Precision


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?:19|20)\d{2}|[一二〇○零][〇○零一二三四五六七八九]{3})"
_SP = r"[ \t\u3000]*"
_TO = r"[至到~～—\-－]"
_UNTIL = rf"{_SP}{_TO}{_SP}(?:{_NUM}{_SP}月{_SP})?{_NUM}{_SP}[日号]"  # …至28日, …至4月2日
_DAY = rf"(?:{_SP}(?P<d>{_NUM})(?:{_SP}[日号](?:{_UNTIL})?|{_UNTIL}))"
_MD = rf"{_SP}(?P<m>{_NUM}){_SP}月(?:份)?{_DAY}?"  # 8月, 12月30日, 7月27日至28日 and 5月13~16日 (the first day)

# the patterns, tried in order; a later match overlapping an earlier, longer one is dropped
_PATTERNS: list[re.Pattern[str]] = [
    # 2019年12月30日, 2021年8月, 2019 年上半年, 2021年度
    re.compile(rf"(?<!\d)(?P<y>{_YEAR}){_SP}年(?:{_MD}|上半年|下半年|年?初|年?底|年?末|度)?"),
    # 2021-07-26, 2021/5/19, 2021-07; with dots only a full date (2021.05.10; 2021.5 may be an amount)
    re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?(?!\d|\.\d)"),
    re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?!\d|\.\d)"),
    # 今年3月, 去年12月30日, 今年上半年, 今年
    re.compile(rf"(?P<rel>今年|本年|去年|前年|明年)(?:{_MD}|上半年|下半年|年初|年底)?"),
    # 近日, 日前, 昨天, 本月 …
    re.compile(r"(?P<rel>近日|(?<!节)日前|昨天|昨日|前天|今天|今日(?!头条)|本月|上月|上个月|上半年|下半年)"),
    # 7月27日至28日, 3月15日, 12月 (year from the nearest stated year or the publication date)
    re.compile(rf"(?<![\d年])(?P<m>{_NUM}){_SP}月(?:份)?{_DAY}?"),
]

_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
_REL_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}


def cn_number(s: str) -> int | None:
    """'12' -> 12, '十二' -> 12, '三十一' -> 31, '二〇二一' -> 2021; None if `s` is not a number."""
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s):  # digit by digit: 二〇二一
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s and s.count("十") == 1:
        tens, _, units = s.partition("十")
        t = 1 if not tens else _CN_DIGITS.get(tens)
        u = 0 if not units else _CN_DIGITS.get(units)
        if t is not None and u is not None and len(tens) <= 1 and len(units) <= 1:
            return 10 * t + u
    return None


def precision_of(iso: str) -> Precision:
    """The precision of an ISO string written by this module (``2021``, ``2021-08``, ``2021-08-30``)."""
    return {4: Precision.YEAR, 7: Precision.MONTH}.get(len(iso), Precision.DAY)


def xsd_datatype(iso: str) -> str:
    """The local name of the XSD datatype for `iso`: ``gYear``, ``gYearMonth`` or ``date``."""
    return {Precision.YEAR: "gYear", Precision.MONTH: "gYearMonth", Precision.DAY: "date"}[precision_of(iso)]


def _iso(y: int, m: int | None = None, d: int | None = None) -> tuple[str, Precision] | None:
    if not 1900 <= y <= 2099:
        return None
    if m is None:
        return f"{y:04d}", Precision.YEAR
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}", Precision.MONTH
    try:
        return dt.date(y, m, d).isoformat(), Precision.DAY
    except ValueError:
        return None


def _parts(iso: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO string of any precision; None if it is not one."""
    if not iso:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso[:10])
    if not m:
        return None
    return int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None


def _relative(word: str, pub: tuple[int, int | None, int | None]) -> tuple[str, Precision] | None:
    py, pm, pd = pub
    if word in _REL_DAY:
        if pm is None or pd is None:
            return None
        day = dt.date(py, pm, pd) + dt.timedelta(days=_REL_DAY[word])
        return day.isoformat(), Precision.DAY
    if word in ("近日", "日前"):  # "recently": the publication month, or only its year early in a month
        if pm is None or (pd is not None and pd <= 7):
            return _iso(py)
        return _iso(py, pm)
    if word == "本月":
        return _iso(py, pm) if pm else None
    if word in ("上月", "上个月"):
        if pm is None:
            return None
        return _iso(py - 1, 12) if pm == 1 else _iso(py, pm - 1)
    return _iso(py)  # 上半年 / 下半年 of the publication year


def resolve_date(
    text: str, span: tuple[int, int], published: str | None = None, year: int | None = None
) -> tuple[str, Precision] | None:
    """Resolve the date expression `text[span[0]:span[1]]` to ``(iso, precision)``.

    `published` is the article's ISO date (any precision) for relative words (今年, 去年, 近日 …) and
    dates without a year; `year` is the nearest year stated in the text, used for a date without a year
    unless that would put it after the publication date.  Without a year from either, such a date is None.
    """
    expr = text[span[0] : span[1]]
    pub = _parts(published)
    for pattern in _PATTERNS:
        m = pattern.fullmatch(expr)
        if m:
            break
    else:
        return None
    groups = m.groupdict()
    month = cn_number(groups["m"].strip()) if groups.get("m") else None
    day = cn_number(groups["d"].strip()) if groups.get("d") else None
    rel = groups.get("rel")
    if groups.get("y"):
        y = cn_number(groups["y"])
        return _iso(y, month, day) if y is not None else None
    if rel in _REL_YEAR:
        return _iso(pub[0] + _REL_YEAR[rel], month, day) if pub else None
    if rel:
        return _relative(rel, pub) if pub else None
    # a month (and day) without a year
    if month is None:
        return None
    if pub is not None:
        py, pm, pd = pub
        later = (month, day or 1) > (pm or 12, pd or 31)  # after the publication: last year's
        if year is not None and year <= py and not (year == py and later):
            return _iso(year, month, day)
        return _iso(py - 1 if later else py, month, day)
    return _iso(year, month, day) if year is not None else None


def _matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    for pattern in _PATTERNS:
        found.extend(pattern.finditer(text, start, end))
    found.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    kept: list[re.Match[str]] = []
    for m in found:
        if not kept or m.start() >= kept[-1].end():
            kept.append(m)
    return kept


def find_dates(text: str, published: str | None = None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every resolvable date expression in `text[start:end]`, in text order, with document offsets.

    A date without a year takes the nearest year stated before it in the same line (paragraph) as a
    hint (2024年，…。3月，…), else the publication year; dates inside 《》 titles are skipped.
    """
    end = len(text) if end is None else end
    out: list[DateMention] = []
    hint: int | None = None
    line_start = start
    for m in _matches(text, start, end):
        nl = text.rfind("\n", line_start, m.start())
        if nl >= 0:  # a new paragraph: forget the year of the previous one
            line_start, hint = nl + 1, None
        if _in_title(text, m.start()):
            continue
        resolved = resolve_date(text, m.span(), published, hint)
        if resolved is None:
            continue
        iso, precision = resolved
        if precision is Precision.YEAR and m.groupdict().get("y"):
            hint = int(iso[:4])  # a bare stated year sets the year of the dates after it
        out.append(DateMention(m.start(), m.end(), m.group(0), iso, precision))
    return out


def _in_title(text: str, pos: int) -> bool:
    """Whether `pos` is inside a 《…》 title (report names carry years that date nothing)."""
    opened = text.rfind("《", 0, pos)
    return opened >= 0 and text.find("》", opened, pos) < 0 and pos - opened < 40


_PUBLISHED_FORMS = [
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)"),  # 24.11.2016
]


def normalize_date(value: str) -> str | None:
    """A stated calendar date in any common form (2021-07-26, 2021/5/19 11:14, 2025年09月22日, 24.11.2016)
    as an ISO day, or None; for readers of publication dates."""
    for pattern in _PUBLISHED_FORMS:
        m = pattern.search(value)
        if m:
            got = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
            if got:
                return got[0]
    return None
