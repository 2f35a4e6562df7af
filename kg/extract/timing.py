"""Extractor stage `time`: a date and a status on every fact (runs last, after the fact stages).

Every fact is "as of" its document's publication date (`Document.published`; `kg.rdf` writes it as
`hkg:asOf`).  This stage adds what the sentence itself says about time, keeping whatever a fact stage
already set:

- `fact.date`: the date stated closest to the fact's evidence span in its sentence: in the same clause
  first, then the date that opens the sentence (or the sentence it continues after a ；), then a date
  in the clause just before; else the date that opens its paragraph ("3月15日，…签约。仪式上，…").
  A post gets a date only when the sentence states its start (任命, 当选, 履新 …), a centre or a partnership
  only when it states the event (通过…验收, 授牌, 签约, 加入 …) or a plan: a meeting's date is not the start of
  its chair's post, nor the accreditation year of a centre it discussed.
- `fact.status`: ``"planned"`` when the clause announces it (将于, 计划, 争创, 力争, 拟 …), ``"former"`` for
  a post written as ended (原院长, 曾任, 时任 …).
"""

from __future__ import annotations

import re

from kg.extract.dates import DateMention, find_dates
from kg.extract.pipeline import stage
from kg.model import Centre, Document, Fact, Initiative, Partnership, Post, Sentence

_CLAUSE_END = re.compile(r"[，,：:；;]")
_PLANNED = re.compile(
    r"计划|争创|力争|(?<![草模])拟(?![定订稿])|筹建|即将|准备|争取|有望|"
    r"将(?:于|在|会|要|建|成立|开展|启动|建设|打造|与|逐步|全面|进一步|正式|投入|挂牌|成为|迎来|出任|担任|接任)"
)
_FORMER = re.compile(r"(?:原(?![则因创料始有来])|曾任|曾担任|前任|时任)")
_POST_START = re.compile(r"任命|当选|履新|就任|出任|上任|接任|新任|获任|调任|聘任|聘为|被任|选举产生")
# the events that date a centre (accredited, opened …) or a partnership (signed, joined …); other mentions
# of them (a meeting that discussed the chest pain centre) date nothing
_EVENT: dict[type, re.Pattern[str]] = {
    Centre: re.compile(r"通过|认证|验收|授牌|评为|获批|批准|成立|建立|建成|挂牌|揭牌|认定|启用|投入使用|入选|命名"
                       r"|授予"),
    Partnership: re.compile(r"签约|签署|签订|揭牌|挂牌|授牌|加入|成立|建立|组建|托管|结成|达成|启动|纳入|牵手"
                            r"|落户|共建"),
}
_DATELINE = 8  # a dateline: a date and at most this many other characters before the first comma


def _sentence_of(doc: Document, fact: Fact) -> Sentence | None:
    ev = fact.evidence
    if 0 <= ev.sentence < len(doc.sentences):
        return doc.sentences[ev.sentence]
    return doc.sentence_at(ev.start)


def _clause(sent: Sentence, pos: int) -> tuple[int, int]:
    """Document offsets of the clause of `sent` that holds document offset `pos`."""
    start = sent.start
    for m in _CLAUSE_END.finditer(sent.text):
        end = sent.start + m.end()
        if pos < end:
            return start, end
        start = end
    return start, sent.end


def _clause_index(sent: Sentence, pos: int) -> int:
    """Which clause of `sent` (0, 1, …) holds document offset `pos`."""
    return len(_CLAUSE_END.findall(sent.text, 0, max(0, pos - sent.start)))


def _leading(dates: list[DateMention], sent: Sentence) -> DateMention | None:
    """The dateline of `sent`: a date opening it in a short first clause (3月15日上午， 2024年， 本报讯 近日，)."""
    first = _CLAUSE_END.search(sent.text)
    cut = sent.start + (first.start() if first else len(sent.text))
    inside = [d for d in dates if sent.start <= d.start and d.end <= cut]
    if not inside:
        return None
    rest = (cut - sent.start) - sum(d.end - d.start for d in inside)
    return inside[0] if inside[0].start - sent.start <= _DATELINE and rest <= _DATELINE else None


def _opening(doc: Document, sent: Sentence) -> Sentence:
    """The sentence that `sent` continues after a ；(2024年，A与B建立医联体；与C建立专科联盟。), else `sent`."""
    i = sent.index
    if not (0 <= i < len(doc.sentences) and doc.sentences[i] == sent):
        return sent
    while i > 0:
        prev, cur = doc.sentences[i - 1], doc.sentences[i]
        if not prev.text.endswith(("；", ";")) or "\n" in doc.text[prev.end : cur.start]:
            break
        i -= 1
    return doc.sentences[i]


def _paragraph_lead(doc: Document, dates: list[DateMention], sent: Sentence) -> DateMention | None:
    """The dateline of the paragraph (text line) that holds `sent`, from its first sentence."""
    line_start = doc.text.rfind("\n", 0, sent.start) + 1
    first = next((s for s in doc.sentences if s.start >= line_start), None)
    return _leading(dates, first) if first is not None and first.start <= sent.start else None


def _distance(d: DateMention, start: int, end: int) -> int:
    return max(0, d.start - end, start - d.end)


def choose_date(doc: Document, fact: Fact, dates: list[DateMention]) -> DateMention | None:
    """The stated date of `fact` among `dates` (the document's), by the rules of the module docstring."""
    sent = _sentence_of(doc, fact)
    if sent is None:
        return None
    ev = fact.evidence
    if isinstance(fact, Post) and not _POST_START.search(sent.text):
        return None
    event = _EVENT.get(type(fact))
    if event and fact.status != "planned" and not event.search(_opening(doc, sent).text + sent.text):
        return None
    inside = [d for d in dates if sent.start <= d.start and d.end <= sent.end]
    c_start, c_end = _clause(sent, min(max(ev.start, sent.start), sent.end - 1))
    same_clause = [d for d in inside if c_start <= d.start < c_end]
    if same_clause:
        return min(same_clause, key=lambda d: _distance(d, ev.start, ev.end))
    lead = _leading(dates, _opening(doc, sent))
    if lead is not None:
        return lead
    here = _clause_index(sent, c_start)
    near = [d for d in inside if _clause_index(sent, d.start) == here - 1]  # a time word precedes its verb
    if near:
        return min(near, key=lambda d: _distance(d, ev.start, ev.end))
    return _paragraph_lead(doc, dates, sent)


def _own_name(fact: Fact) -> str:
    if isinstance(fact, Centre | Initiative):
        return fact.name
    return ""


def _written_as_ended(text: str, post: Post, c_start: int, c_end: int) -> bool:
    """Whether the role of `post` nearest its evidence is written with 原 / 曾任 right before it."""
    ev = post.evidence
    window = text[c_start : min(c_end, ev.end + 20)]
    roles = list(re.finditer(re.escape(post.role), window))
    if not roles:
        return False
    nearest = min(roles, key=lambda m: abs(c_start + m.start() - ev.start))
    pre = window[max(0, nearest.start() - 16) : nearest.start()]
    cues = list(_FORMER.finditer(pre))
    return bool(cues) and not re.search(r"[、，,。\s]", pre[cues[-1].end() :])


def status_of(doc: Document, fact: Fact) -> str | None:
    """``"planned"``, ``"former"`` or None for `fact`, read from the clause that states it."""
    sent = _sentence_of(doc, fact)
    if sent is None:
        return None
    ev = fact.evidence
    c_start, c_end = _clause(sent, min(max(ev.start, sent.start), sent.end - 1))
    before = doc.text[c_start : max(c_start, min(ev.end, c_end))]
    name = _own_name(fact)
    if name:  # a programme called …计划 is not a plan
        before = before.replace(name, "")
    if isinstance(fact, Post) and fact.role and _written_as_ended(doc.text, fact, c_start, c_end):
        return "former"
    if _PLANNED.search(before):
        return "planned"
    return None


@stage("time")
def time_stage(doc: Document) -> Document:
    """Fill `date` and `status` of every fact that a fact stage left empty."""
    if not doc.facts:
        return doc
    dates = find_dates(doc.text, doc.published)
    for fact in doc.facts:
        if fact.status is None:
            fact.status = status_of(doc, fact)
        if fact.date is None:
            chosen = choose_date(doc, fact, dates)
            fact.date = chosen.iso if chosen else None
    return doc
