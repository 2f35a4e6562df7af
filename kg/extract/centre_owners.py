"""The institution a centre belongs to: the one named before it in its clause (not a partner after 与 / 、 /
- / 携手 …, nor a short name declared in brackets), else the subject when both parties build it (双方共建),
else the named group a bare 医共体 / 集团 opening the clause refers to, else the institution an earlier
clause helps (帮助乙创建…), else the one an earlier clause opens with, else the article's subject."""

from __future__ import annotations

import re

from kg.extract.partnership_groups import bare_group
from kg.model import Document, EntityType, Mention, Sentence

CLAUSE_BREAK = re.compile(r"[，,；;：:]")
HELPS = re.compile(r"(?:帮助|协助|助力|指导|支持|扶持|帮扶)$")  # 帮助乙医院建设…: 乙 builds, its helper does not
# 甲…，帮助建设X中心 (the helped not named in the clause): the centre is not the helper's
HELPS_UNNAMED = re.compile(r"(?:帮助|协助|援助|帮)(?:其|对方|受援医院)?(?:建设|创建|建成|打造|筹建|创)")
PARTNER_WORDS = ("携手", "联合", "联手", "协同", "会同")
PARTNER_MARK = "与和同及、-－—"  # 甲-乙签约: 乙 is the partner


def owner(doc: Document, sent: Sentence, pos: int, mentions: list[Mention]) -> str | None:
    """The institution named before position `pos` of the sentence (not as a partner), else the subject."""
    breaks = [b.end() for b in CLAUSE_BREAK.finditer(sent.text, 0, pos)]
    clause_start = sent.start + (breaks[-1] if breaks else 0)
    for m in reversed(mentions):
        if m.type != EntityType.INSTITUTION or m.end - sent.start > pos or m.start < clause_start:
            continue
        before = doc.text[m.start - 1] if m.start > sent.start else ""
        joined = doc.text[max(sent.start, m.start - 2):m.start] in PARTNER_WORDS  # 携手乙成立…中心: 乙 a partner
        own = m.end - sent.start == pos  # 与乙远程医学中心互联互通: the centre written glued to 乙 is 乙's
        if not own and (before and before in PARTNER_MARK or joined or _bracketed(doc.text, clause_start, m.start)):
            continue  # a partner, or its short name declared in brackets (乙(以下简称丙))
        return m.entity
    if "双方" in doc.text[clause_start:sent.start + pos] and doc.subject:
        return doc.subject  # 双方共建某中心: both build it, the article's own institution holds it
    opened = bare_group(doc, clause_start) or topic(doc, sent, clause_start, mentions)
    if HELPS_UNNAMED.search(doc.text, clause_start, sent.start + pos) and doc.subject and opened != doc.subject:
        return doc.subject  # 甲将帮助建设X中心: built at the article's own institution, not at its helper
    return opened or doc.subject


def _bracketed(text: str, lo: int, at: int) -> bool:
    """Position `at` is inside a bracket opened after `lo`."""
    opened = max(text.rfind("(", lo, at), text.rfind("（", lo, at))
    return opened >= 0 and max(text.rfind(")", lo, at), text.rfind("）", lo, at)) < opened


def topic(doc: Document, sent: Sentence, clause_start: int, mentions: list[Mention]) -> str | None:
    """The institution an earlier clause of the sentence helps (甲医院…，帮助乙医院创建…，X中心通过认证 -> 乙),
    else the one an earlier clause opens with (甲医院院长某某介绍，…医院建成X中心)."""
    helped = [
        m for m in mentions
        if m.end <= clause_start and HELPS.search(doc.text, max(sent.start, m.start - 3), m.start)
    ]
    if helped:
        return helped[-1].entity
    breaks = CLAUSE_BREAK.finditer(sent.text, 0, clause_start - sent.start)
    starts = [sent.start] + [sent.start + b.end() for b in breaks]
    for start in reversed(starts[:-1] if starts[-1] == clause_start else starts):
        opener = next(
            (m for m in mentions if start <= m.start <= start + 1 and m.end <= clause_start
             and (m.start == 0 or doc.text[m.start - 1] not in PARTNER_MARK)),  # …，与某医院深化合作: a partner
            None,
        )
        if opener:
            return opener.entity
    return None
