"""Property-based fuzzing of the whole pipeline: random Unicode, markup and bytes through reading
(kg.documents), extraction (kg.extract), resolution and RDF writing (kg.rdf), then every serialisation
(stable Turtle, N-Triples, JSON-LD, TriG, N-Quads) parsed back by rdflib and Oxigraph.

Properties: no exception escapes; every output parses back to exactly the graph written; every evidence
span lies inside its document; no extraction takes more than SLOW_SECONDS.  The texts are built from
words of the domain (so that entities and facts are found and carry the hostile characters into names)
mixed with markup, quotes, control characters and arbitrary code points.

The default run is bounded (a few hundred examples in all).  The long campaign is bench/fuzz_campaign.py.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph

from kg.documents import document_from_text, read_document
from kg.errors import DocumentError
from kg.export import stable_turtle
from kg.extract import extract
from kg.html_text import html_to_text
from kg.model import Document
from kg.rdf import PREFIXES, to_rdf
from kg.resolve import resolve

SLOW_SECONDS = 20.0  # one extraction of a text of a few hundred characters; the cubic case took minutes
bounded = settings(max_examples=120, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# words that make the stages find something: places, institutions, titles, names, cues, quotes
DOMAIN = ["青山县", "绿水市", "人民医院", "中医院", "医院", "医疗集团", "卫生健康委员会", "大学", "附属医院",
          "院长", "党委书记", "副院长", "主任", "李明华", "王建国", "张", "陈国强", "胸痛中心", "卒中中心",
          "国家级", "与", "签订", "合作协议", "医联体", "加入", "联盟", "开展", "活动", "项目", "出席", "成立",
          "2023年5月6日", "去年", "“", "”", "《", "》", "「", "」", "。", "，", "、", "：", "\n", "我院", "本院"]
HOSTILE = ["<script>", "</script>", "<img src=x onerror=alert(1)>", '"', "'", "<", ">", "&", "&amp;", "#", "%",
           "%25", "\\", "\\u0022", "{", "}", "`", "^", "|", " ", "\t", "\r", "\x00", "\x01", "\x07", "\x1b[31m",
           "\x7f", "\u2028", "\u2029", "\ufeff", "\ufffd", "\u200b", "😀", "👨‍⚕️", "\U0010ffff", "]]>", "-->"]
pieces = st.one_of(st.sampled_from(DOMAIN), st.sampled_from(HOSTILE),
                   st.characters(blacklist_categories=("Cs",)))
texts = st.lists(pieces, max_size=80).map("".join)
TAGS = ["p", "div", "br", "script", "style", "nav", "title", "h1", "span", "b", "a href='#'", "meta"]
markup = st.lists(st.one_of(st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
                            st.sampled_from(TAGS).map(lambda t: f"</{t.split()[0]}>"), texts), max_size=20).map("".join)
paths = st.lists(st.one_of(st.sampled_from(DOMAIN[:3]), st.sampled_from(HOSTILE[:20]), st.characters(
    blacklist_categories=("Cs",), blacklist_characters="/\x00")), min_size=1, max_size=12).map(
    lambda parts: "news/" + "".join(parts) + ".txt")

FORMATS = [("nt", "nt", ox.RdfFormat.N_TRIPLES, False), ("json-ld", "json-ld", None, False),
           ("trig", "trig", ox.RdfFormat.TRIG, True), ("nquads", "nquads", ox.RdfFormat.N_QUADS, True)]


def _extract_timed(doc: Document) -> Document:
    t0 = time.perf_counter()
    doc = extract(doc)
    seconds = time.perf_counter() - t0
    assert seconds < SLOW_SECONDS, f"extraction took {seconds:.1f} s on {len(doc.text)} characters"
    return doc


def check_evidence(doc: Document) -> None:
    """Every evidence span of every fact and mention lies inside the document text."""
    for kind in ("posts", "centres", "partnerships", "initiatives"):
        for fact in getattr(doc, kind):
            ev = fact.evidence
            sentence = doc.sentences[ev.sentence]
            assert sentence.start <= ev.start <= ev.end <= sentence.end, (kind, fact)
    for m in doc.mentions:
        assert 0 <= m.start <= m.end <= len(doc.text)


def round_trip(docs: list[Document]) -> int:
    """Write `docs` as RDF in every format and parse each back; returns the number of quads."""
    ds = to_rdf(docs, resolve(docs))
    quads = {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))}
    triples = {(s, p, o) for s, p, o, _ in quads}
    union = Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns)
    for t in triples:
        union.add(t)
    ttl = stable_turtle(union)
    assert set(Graph().parse(data=ttl, format="turtle")) == triples
    assert len({(q.subject, q.predicate, q.object) for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)}) == len(triples)
    for name, rdflib_format, ox_format, is_quads in FORMATS:
        data = (ds if is_quads else union).serialize(format=name, encoding="utf-8")
        if is_quads:
            back = Dataset()
            back.parse(data=data, format=rdflib_format)
            assert {(s, p, o, g) for s, p, o, g in back.quads((None, None, None, None)) if g != back.default_graph
                    .identifier} == quads, name
        else:
            assert set(Graph().parse(data=data, format=rdflib_format)) == triples, name
        if ox_format is not None:
            assert len(list(ox.parse(data, format=ox_format))) == (len(quads) if is_quads else len(triples)), name
    return len(quads)


def pipeline_of_text(text: str, path: str = "news/a.txt") -> int:
    doc = _extract_timed(document_from_text(text, path))
    check_evidence(doc)
    return round_trip([doc])


def pipeline_of_bytes(data: bytes, suffix: str = ".txt") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"article{suffix}"
        f.write_bytes(data)
        try:
            doc = read_document(f)
        except DocumentError as e:
            assert e.reason
            return 0
    doc = _extract_timed(doc)
    check_evidence(doc)
    return round_trip([doc])


@bounded
@given(texts, paths)
def test_random_text_and_file_names_through_extraction_and_every_rdf_format(text, path):
    pipeline_of_text(text, path)


@bounded
@given(st.lists(texts, min_size=2, max_size=3))
def test_several_hostile_documents_resolve_together_and_round_trip(several):
    docs = [_extract_timed(document_from_text(t, f"news/{i}.txt")) for i, t in enumerate(several)]
    round_trip(docs)


@settings(bounded, max_examples=60)
@given(markup)
def test_random_markup_through_the_html_reader_and_the_pipeline(page):
    text = html_to_text(page).text
    if text.strip():
        pipeline_of_text(text)
    pipeline_of_bytes(page.encode("utf-8"), ".html")


@settings(bounded, max_examples=60)
@given(st.one_of(st.binary(max_size=600), texts.flatmap(lambda t: st.sampled_from(
    ["utf-8", "gb18030", "utf-16", "big5"]).map(lambda enc: t.encode(enc, errors="replace")))))
def test_random_bytes_are_read_or_refused_and_what_is_read_round_trips(data):
    pipeline_of_bytes(data)


def test_the_fuzz_alphabet_reaches_names_and_facts():
    """The generator is useful only if such texts give entities and facts that carry hostile characters."""
    doc = extract(document_from_text("青山县人民医院院长李明华出席“<b>#%😀\x01</b>”活动。青山县人民医院成立胸痛中心。"))
    assert doc.posts and doc.centres and any("<b>#%😀\x01</b>" in i.name for i in doc.initiatives)
    assert round_trip([doc]) > 20


def test_a_sentence_of_repeated_suffixes_is_extracted_quickly():
    """Regression: 医院医院… grew a name over the whole sentence (cubic time: 108 s for 2,000 characters)."""
    for text in ("医院" * 1000, "人民医院" * 500, "委员会" * 700, "中心" * 1000):
        t0 = time.perf_counter()
        extract(document_from_text(text))
        assert time.perf_counter() - t0 < 10.0, text[:8]
