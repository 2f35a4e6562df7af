"""Who publishes an article: its source line (来源：…), site header (欢迎访问 / 版权所有) and page chrome.

`publisher` is a publishing bureau (来源：某县卫生健康局) of an article that names no institution there;
`site_header` adds the institution a header, source line or HTML page's chrome names (the subject of a page
whose body only says 我院); `centre_voice` tells a centre-type publisher (…社区卫生服务中心) that calls
itself 我中心 / 本中心.
"""

from __future__ import annotations

import re

from kg.extract.names import add_entity, resolve_name
from kg.model import Document, EntityType

INST = EntityType.INSTITUTION
CENTRE_WORDS = re.compile(r"我中心|本中心")
_SITE_LINE = re.compile(
    r"(?:欢迎访问|欢迎来到|版权所有[:：©\s]*)([^~～!！。,，\s|]{4,40})"
    r"|(?:©|Copyright)\s*(?:(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*)?([^~～!！。,，\s|©]{4,40})\s*版权所有",
    re.I,
)


def source_text(doc: Document) -> str:
    """The source line and the first lines that say 来源 / 本报讯 / 欢迎访问 / 发布."""
    src = doc.source or ""
    for s in doc.sentences[:8]:
        if re.search(r"来源|本站讯|本报讯|欢迎访问|发布", s.text):
            src += "\n" + s.text
    return src


def site_lines(doc: Document) -> list[str]:
    """欢迎访问 / 版权所有 lines at the top or bottom of the page (the site that publishes the article)."""
    return [m.group(1) or m.group(2) for m in _SITE_LINE.finditer(doc.text[:400] + "\n" + doc.text[-400:])]


_PUBLISHER_LINE = re.compile(r"(?:来源|发布单位|发布机构|供稿单位|供稿)\s*[:：]\s*([^\s，,。|｜]{4,40})")


def centre_voice(doc: Document) -> bool:
    """我中心 / 本中心 in a text whose source line or page chrome names a centre-type institution (…中心)."""
    if not CENTRE_WORDS.search(doc.text):
        return False
    lines = [doc.source or "", *(doc.site or "").splitlines(), *site_lines(doc)]
    return any(
        e.type == INST and e.name.endswith("中心") and any(n in line for n in (e.name, *e.aliases) for line in lines)
        for e in doc.entities.values()
    )


def publisher(doc: Document, self_re: re.Pattern[str]) -> str | None:
    """The organization that publishes an article with no 我院 and no institution in its source line.

    A health bureau or commission (来源：某县卫生健康局) whose news is about its own work is the subject
    when the text names it.
    """
    if self_re.search(doc.text):
        return None
    lines = [doc.source or ""] + [m.group(1) for s in doc.sentences[:8] for m in _PUBLISHER_LINE.finditer(s.text)]
    lines += [m.group(1) for m in _PUBLISHER_LINE.finditer(doc.text[:600])]
    lines = [x for x in lines if x]
    if not lines:
        return None
    hits = []
    for ent in doc.entities.values():
        if ent.type not in (INST, EntityType.ORGANIZATION):
            continue
        names = (ent.name, *ent.aliases)
        if any(n in line for n in names for line in lines if len(n) >= 3):
            hits.append(ent)
    if not hits or any(e.type == INST for e in hits):
        return None
    return max(hits, key=lambda e: len(e.name)).name


def site_header(doc: Document) -> None:
    """The site header (欢迎访问某某医院) that the reader keeps out of the sentences: its institution."""
    from kg.documents import document_from_text
    from kg.extract.institutions import candidates_in, kind_of
    from kg.extract.segment import segment as run_segment

    lines = site_lines(doc)
    if doc.source:
        lines.insert(0, doc.source)
    lines += (doc.site or "").splitlines()  # an HTML page's chrome: title suffix, 版权所有, logo alt
    for line in lines:
        mini = run_segment(document_from_text(line))
        for sent in mini.sentences:
            for c in candidates_in(mini, sent):
                if c.short:
                    continue
                if resolve_name(doc, c.name) is None:
                    add_entity(doc, c.name, INST, kind=kind_of(c.name))
                return


__all__ = ["CENTRE_WORDS", "centre_voice", "publisher", "site_header", "site_lines", "source_text"]
