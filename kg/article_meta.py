"""The lines of an article that are not its prose: page clutter and metadata (date, source, bylines).

`classify_lines` sorts every line of a text into prose, blank, clutter (``kg/extract/lexicon/clutter.txt``:
分享到, 上一篇, 返回顶部, 版权所有 …) or metadata (发布时间:… 来源:… 作者:…, or a bare date line).  Clutter
and metadata lines get no sentence but stay in the text, so offsets are those of the text as read.
`read_metadata` takes the published date, source and headline from them; `parse_date` gives an ISO string
at the precision the text states (``2021-05-10``, ``2021-05``, ``2021``) and never makes up a day or month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from kg.extract import lexicon

MAX_META_LINE = 300  # longer lines are prose, whatever they start with
HEAD_LINES = 8  # a bare date line counts as the publication date among the first lines only

_PUBLISHED_KEYS = ("发布于", "发布时间", "发布日期", "发表时间", "发表日期", "发稿时间")
_DATE_KEYS = ("时间", "日期")  # bare: the publication date near the top only (lower down, an event's time)
_UPDATED_KEYS = ("更新时间", "更新日期", "修改时间", "上传时间")
_SOURCE_KEYS = ("来源", "信息来源", "本文来源", "文章来源", "稿件来源", "新闻来源", "消息来源", "出处")
_LATE_SOURCE_KEYS = ("转自", "转载自")
# byline words: a line of bylines only ("记者：王某 通讯员：李某") stays prose, for the persons stage
_BYLINE_KEYS = frozenset("编辑 审核 审稿 供稿 撰稿 撰文 通讯员 记者 摄影".split())
_OTHER_KEYS = (
    "作者 文章作者 发布人 发布者 发布 录入 责任编辑 责编 校对 "
    "浏览次数 浏览量 浏览 点击数 点击量 点击 阅读量 阅读数 阅读 访问量 访问次数 字号 字体 栏目 所属栏目 分类"
).split()
_ALL_KEYS = sorted(
    {*_BYLINE_KEYS, *_PUBLISHED_KEYS, *_DATE_KEYS, *_UPDATED_KEYS, *_SOURCE_KEYS, *_LATE_SOURCE_KEYS, *_OTHER_KEYS},
    key=len,
)[::-1]
_KEY = re.compile(r"[【\[]?(" + "|".join(_ALL_KEYS) + r")(?:[】\]]\s*[:：]?|\s*[:：]|(?<=发布于))")
_D = r"(?<!\d)"
_DATE_FORMS = (
    re.compile(_D + r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?"),
    re.compile(_D + r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)"),
    re.compile(_D + r"(\d{4})\s*年(?!\d)"),
)
_DMY = re.compile(_D + r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ENGLISH = (
    re.compile(_D + r"(?P<d>\d{1,2})\s+" + _MONTH + r",?\s+(?P<y>\d{4})(?!\d)", re.I),  # 10 May 2021
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)", re.I),  # May 10, 2021
)
_LEADING_DATE = re.compile(
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号])"
    r"(?P<time>(?:[T\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?)\s*"
)
_FILE_DATE = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d{2})([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9A-Za-z])"
)
_PROSE_MARK = re.compile(r"[，。！？；,;!?]")
_HEADLINE_END = re.compile(r"[。；;，,：:]$")
_WORD = re.compile(r"[\w\u3400-\u9fff]")


class LineKind(StrEnum):
    """What a line of an article is."""

    PROSE = "prose"
    BLANK = "blank"
    CLUTTER = "clutter"
    META = "meta"


@dataclass(frozen=True)
class Line:
    """A line `text[start:end]` (without its line break) and its kind."""

    start: int
    end: int
    kind: LineKind


@dataclass(frozen=True)
class Metadata:
    """What the metadata lines say: published date (ISO, as precise as stated), source, headline."""

    published: str | None = None
    source: str | None = None
    title: str | None = None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1900 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None:
        try:
            return dt.date(year, month or 1, day).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def parse_date(value: str) -> str | None:
    """The first date in `value` as ISO text at the stated precision (``2021-05-10``, ``2021-05``, ``2021``)."""
    found: list[tuple[int, int, str]] = []  # (position, form, iso): the first date, the fullest form there
    for index, form in enumerate(_DATE_FORMS):
        for m in form.finditer(value):
            year, month, day = (int(g) if g else None for g in (*m.groups(), None, None)[:3])
            iso = _iso(year, month, day) if year else None
            if iso:
                found.append((m.start(), index, iso))
                break
    for m in _DMY.finditer(value):
        iso = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            found.append((m.start(), 0, iso))
            break
    for form in _ENGLISH:
        for m in form.finditer(value):
            iso = _iso(int(m.group("y")), _MONTHS[m.group("m").lower()], int(m.group("d")))
            if iso:
                found.append((m.start(), 0, iso))
                break
    return min(found)[2] if found else None


def date_from_filename(name: str) -> str | None:
    """A full date written in a file name (2021-05-10, 2021_05_10, 20210510), else None."""
    m = _FILE_DATE.search(name.replace("\\", "/").rsplit("/", 1)[-1])
    return _iso(int(m.group(1)), int(m.group(3)), int(m.group(4))) if m else None


@cache
def _clutter() -> re.Pattern[str]:
    patterns = lexicon.words("clutter")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def is_clutter(line: str) -> bool:
    """True for a line of page furniture (the whole stripped line matches a pattern of clutter.txt)."""
    line = line.strip()
    if not line or len(line) > MAX_META_LINE * 3:
        return False
    return not _WORD.search(line) or _clutter().fullmatch(line) is not None


def _fields(rest: str) -> list[tuple[str, str]]:
    """`key: value` fields of a metadata line; each value runs to the next key or a wide gap."""
    keys = list(_KEY.finditer(rest))
    out = []
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(rest)
        value = re.split(r"\s{2,}|\u3000", rest[m.end() : end].strip(), maxsplit=1)[0].strip()
        out.append((m.group(1), value))
    return out


def meta_fields(line: str) -> list[tuple[str, str]] | None:
    """The fields of a metadata line (a leading date is field ``""``), or None for a line that is not one."""
    line = line.strip()
    if not line or len(line) > MAX_META_LINE:
        return None
    lead = _LEADING_DATE.match(line)
    fields: list[tuple[str, str]] = [("", lead.group().strip())] if lead else []
    rest = line[lead.end() :] if lead else line
    if not rest:
        return fields or None
    if _KEY.match(rest):
        fields += _fields(rest)
        return fields if any(key not in _BYLINE_KEYS for key, _ in fields) else None
    # a date with a time, then something short that is no sentence: "2021-05-10 浏览(12)", "… - 某某发布"
    if lead and (lead.group("time") or not re.match(r"\d{4}\s*年", line)):
        if len(rest) <= 30 and not _PROSE_MARK.search(rest):
            return fields + _fields(rest)
    return None


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """`(start, end)` of every line of `text`, line breaks excluded."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def classify_lines(text: str) -> list[Line]:
    """Every line of `text` with its kind."""
    out = []
    for start, end in iter_lines(text):
        line = text[start:end]
        if not line.strip():
            kind = LineKind.BLANK
        elif meta_fields(line) is not None:
            kind = LineKind.META
        elif is_clutter(line):
            kind = LineKind.CLUTTER
        else:
            kind = LineKind.PROSE
        out.append(Line(start, end, kind))
    return out


def _headline(line: str) -> str | None:
    line = line.strip()
    words = _WORD.findall(line)
    if len(words) < 4 or len(line) > 60 or "。" in line or _HEADLINE_END.search(line):
        return None
    return line


def _date_rank(key: str, head: bool) -> int | None:
    """How much a dated field says "published" (0 best); None for a field that is no publication date."""
    if key in _PUBLISHED_KEYS:
        return 0
    if key in _UPDATED_KEYS:
        return 2
    if head:
        return 1 if key in _DATE_KEYS else 3 if key == "" else None
    return None


def read_metadata(text: str, lines: list[Line] | None = None) -> Metadata:
    """Published date, source and headline from the metadata and first lines of `text`."""
    lines = classify_lines(text) if lines is None else lines
    dates: list[tuple[int, int, str]] = []  # (rank, line number, iso)
    sources: list[tuple[int, int, str]] = []
    title: str | None = None
    seen_prose = False
    nonblank = 0
    for n, line in enumerate(lines):
        if line.kind == LineKind.BLANK:
            continue
        nonblank += 1
        raw = text[line.start : line.end]
        if line.kind == LineKind.PROSE and not seen_prose:
            seen_prose = True
            title = _headline(raw)
        if line.kind != LineKind.META:
            continue
        for key, value in meta_fields(raw) or []:
            rank = _date_rank(key, head=nonblank <= HEAD_LINES)
            if rank is not None:
                iso = parse_date(value)
                if iso:
                    dates.append((rank, n, iso))
            elif key in _SOURCE_KEYS or key in _LATE_SOURCE_KEYS:
                value = value.strip(" |｜/-—_·")
                if value:
                    sources.append((0 if key in _SOURCE_KEYS else 1, n, value))
    return Metadata(
        published=min(dates)[2] if dates else None,
        source=min(sources)[2] if sources else None,
        title=title,
    )
