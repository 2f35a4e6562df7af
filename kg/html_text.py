"""HTML -> article text: BeautifulSoup with lxml, page furniture dropped, blocks as lines.

Scripts, styles, templates, navigation, headers, footers, asides, forms, comments and hidden elements are
removed (an article's own ``<header>``/``<footer>`` inside ``<article>`` or ``<main>`` are kept: they hold
its headline and date).  Block elements and ``<br>`` become line breaks; white space is collapsed the way a
browser does, and a line break between two Chinese characters disappears (CSS Text 3 segment breaks).
The title is the first ``<h1>`` when the ``<title>`` holds it (site names trail there), else ``<title>``;
the publication date comes from meta tags.  The page chrome that names the site (og:site_name, the footer's
版权所有 / 主办单位, the ``<title>`` after its headline, the logo's alt text, meta keywords) is kept as
`site` lines: the publisher of a page whose body only says 我院.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

DROP = frozenset(
    "script style noscript template nav aside form iframe object embed svg canvas button select input "
    "textarea head title meta link".split()
)
DROP_OUTSIDE_ARTICLE = frozenset({"header", "footer"})
BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody thead tfoot tr ul caption br".split()
)
CELL = frozenset({"td", "th"})
# class / id words of page furniture (whole words of names like "main-nav", "site_footer", "bdsharebuttonbox")
FURNITURE = frozenset(
    "nav navbar navigation menu topmenu mainmenu footer sidebar breadcrumb breadcrumbs crumb crumbs share "
    "bdsharebuttonbox copyright toolbar topbar searchbar login pagination pager".split()
)
_NAME_PARTS = re.compile(r"[-_\s]+")
DATE_META = frozenset(
    "article:published_time og:published_time og:article:published_time pubdate publishdate publish_date "
    "publish-date publishtime date dc.date dc.date.issued dcterms.date dcterms.issued dcterms.created "
    "datepublished sailthru.date parsely-pub-date".split()
)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TAG = re.compile(r"</?(?:p|div|br|span|table|td|tr|li|ul|h[1-6]|a|img|font|strong|section|article)\b[^>]*>", re.I)
_SPACE_RUN = re.compile(r"[ \t\n\r\f\xa0]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019]")
_BREAK = object()


@dataclass(frozen=True)
class HtmlText:
    """What an HTML page holds for reading: its text (one block per line), title and raw date string."""

    text: str
    title: str | None = None
    published: str | None = None
    site: str | None = None  # chrome lines naming the site, most telling first, one per line


def looks_like_html(text: str) -> bool:
    """True for a text that is clearly an HTML page (a doctype/html/body start, or many block tags)."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 5


def _collapse(chunk: str) -> str:
    """Browser white-space collapsing; a run with a line break between two wide characters vanishes."""

    def repl(m: re.Match[str]) -> str:
        if "\n" in m.group() or "\r" in m.group():
            before = chunk[m.start() - 1] if m.start() > 0 else ""
            after = chunk[m.end()] if m.end() < len(chunk) else ""
            if before and after and _WIDE.match(before) and _WIDE.match(after):
                return ""
        return " "

    return _SPACE_RUN.sub(repl, chunk)


def _hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true" or "display:none" in style


def _parse(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():  # bs4 warns about XML-looking or URL-looking input; we read it as HTML
        warnings.simplefilter("ignore")
        try:
            return BeautifulSoup(markup, "lxml")
        except Exception:  # noqa: BLE001 - lxml refuses some hostile input; the slower parser takes anything
            return BeautifulSoup(markup, "html.parser")


def _text_of(tag: Tag | None) -> str | None:
    if tag is None:
        return None
    text = _collapse(tag.get_text(" ")).strip()
    return text or None


def _meta_date(soup: BeautifulSoup) -> str | None:
    for meta in soup.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in DATE_META and str(meta.get("content") or "").strip():
            return str(meta["content"]).strip()
    for tag in soup.find_all(attrs={"itemprop": re.compile(r"^datePublished$", re.I)}):
        value = tag.get("datetime") or tag.get("content") or tag.get_text(" ")
        if str(value).strip():
            return str(value).strip()
    return None


_TITLE_SEP = re.compile(r"\s*(?:[_|｜–—]+|\s-\s|-{2,}|::|--)\s*|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])")
_SITE_META = ("og:site_name", "application-name", "author", "copyright")
# 版权所有：某某医院 / Copyright © 2010-2024 某某医院 / 主办单位：某某医院, and 某某医院 版权所有
_FOOTER_CUE = re.compile(
    r"(?:版权所有\s*[:：]?|主办(?:单位)?\s*[:：]|Copyright|©)\s*(?:©\s*)?"
    r"(?:(?:19|20)\d{2}(?:\s*[-–—至]\s*(?:19|20)\d{2})?\s*)?",
    re.I,
)
_CUE_VALUE = re.compile(r"[^\s|｜,，;；。©:：]{4,40}")
_VALUE_BEFORE = re.compile(r"([^\s|｜,，;；。©:：]{4,40})\s*(?:版权所有|All\s+Rights\s+Reserved)", re.I)
_FOOTER_MAX = 200  # a longer run of text is prose (由某医院主办的…), not a footer line
_LOGO = re.compile(r"logo", re.I)
_SITE_NAME_CLASS = re.compile(r"logo|site[-_]?name|site[-_]?title|web[-_]?name", re.I)


def _site_lines(soup: BeautifulSoup, title: str | None, headline: str | None) -> list[str]:
    """Chrome strings that name the site: og:site_name, 版权所有/主办 text, the <title> after its headline,
    the logo's alt text or text (class logo / site-name), the first meta keyword; most telling first,
    duplicates dropped."""
    out: list[str] = []
    for meta in soup.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or "").strip().lower()
        if key in _SITE_META and str(meta.get("content") or "").strip():
            out.append(str(meta["content"]).strip())
    for node in soup.find_all(string=_FOOTER_CUE):
        if isinstance(node, Comment) or not isinstance(node.parent, Tag) or node.parent.name in ("script", "style"):
            continue
        text = _collapse(node.parent.get_text(" "))  # 版权所有：<span>某某医院</span>
        if len(text) > _FOOTER_MAX:
            continue
        out += [m.group(1) for m in _VALUE_BEFORE.finditer(text)]
        for m in _FOOTER_CUE.finditer(text):
            value = _CUE_VALUE.match(text, m.end())
            if value:
                out.append(value.group())
    if title:
        parts = [p.strip() for p in _TITLE_SEP.split(title) if p and p.strip()]
        if len(parts) > 1:  # 新闻标题_栏目_某某医院 (or 某某医院-新闻标题): the site's name, not the headline
            if headline:
                parts = [p for p in parts if p not in headline and headline not in p]
            out.extend(parts[-1:])
    for img in soup.find_all("img"):
        names = " ".join(str(img.get(a) or "") for a in ("src", "class", "id"))
        parent = img.parent if isinstance(img.parent, Tag) else None
        owner = " ".join(str(v) for v in (*(parent.get("class") or ()), parent.get("id") or "")) if parent else ""
        if _LOGO.search(names + " " + owner) and str(img.get("alt") or "").strip():
            out.append(str(img["alt"]).strip())
            break  # the site's logo comes first; a strip of partners' logos lower down names others
    for tag in soup.find_all(class_=_SITE_NAME_CLASS) + soup.find_all(id=_SITE_NAME_CLASS):
        text = _text_of(tag)  # <div class="logo">某某医院</div>: a logo written as text
        if text and len(text) <= 40:
            out.append(text)
            break
    for meta in soup.find_all("meta"):
        if str(meta.get("name") or "").strip().lower() == "keywords":
            first = re.split(r"[,，;；|｜\s]+", str(meta.get("content") or "").strip())[0]
            if first:
                out.append(first)
    seen: list[str] = []
    for line in out:
        line = _collapse(line).strip()
        if line and line not in seen and len(line) <= 60:
            seen.append(line)
    return seen


def _furniture_class(tag: Tag) -> bool:
    """True for a block whose class or id names page furniture (old table-and-div sites have no <nav>)."""
    names = [*(tag.get("class") or ()), str(tag.get("id") or "")]
    return any(part in FURNITURE for value in names for part in _NAME_PARTS.split(str(value).lower()))


def _dropped(tag: Tag, name: str, in_article: int) -> bool:
    if name in DROP or (name in DROP_OUTSIDE_ARTICLE and not in_article) or _hidden(tag):
        return True
    return (name in BLOCK or name in CELL) and name not in ("body", "html", "main", "article") and _furniture_class(tag)


def _lines(root: Tag) -> list[str]:
    """The text of `root`, one line per block, furniture skipped; walked without recursion (hostile
    pages nest deeply) and in one pass (bs4's tree searches are slow on deep trees)."""
    pieces: list[object] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    pre = 0
    in_article = 0
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            name = (node.name or "").lower()
            if leaving:
                pre -= name == "pre"
                in_article -= name in ("article", "main")
                pieces.append(_BREAK if name in BLOCK else " " if name in CELL else "")
                continue
            if node is not root and _dropped(node, name, in_article):
                pieces.append(_BREAK if name in BLOCK else "")
                continue
            if name in BLOCK:
                pieces.append(_BREAK)
            pre += name == "pre"
            in_article += name in ("article", "main")
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(
            node, Comment | Declaration | Doctype | ProcessingInstruction
        ):
            text = str(node)
            pieces.append(text.replace(" ", "\x01").replace("\n", "\x00") if pre else text)
    lines: list[str] = []
    current: list[str] = []
    for piece in [*pieces, _BREAK]:
        if piece is _BREAK:
            line = _collapse("".join(current)).replace("\x00", "\n").replace("\x01", " ")
            lines.extend(part.strip() for part in line.split("\n"))
            current = []
        else:
            current.append(str(piece))
    return [line for line in lines if line]


def html_to_text(markup: str) -> HtmlText:
    """The readable text of an HTML page, its title and its published date (as written in the meta tag)."""
    markup = markup.replace("\x00", "").replace("\x01", "")  # both stand for white space inside <pre>
    soup = _parse(markup)
    title = _text_of(soup.find("title"))
    h1 = _text_of(soup.find("h1"))
    if h1 and (not title or h1 in title):
        title = h1
    published = _meta_date(soup)
    full_title = _text_of(soup.find("title"))
    site = _site_lines(soup, full_title, h1)
    return HtmlText("\n".join(_lines(soup)), title, published, "\n".join(site) or None)
