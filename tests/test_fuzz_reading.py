"""Property-based fuzzing of reading: random bytes, markup and Unicode through decoding, HTML extraction,
Traditional conversion and sentence splitting.  No exception escapes; offsets always hold.

The default run is bounded (FUZZ_EXAMPLES examples per test).  A longer campaign:

    HYPOTHESIS_PROFILE=long pytest tests/test_fuzz_reading.py     # 20,000 examples per test
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import document_from_text, read_document, split_sentences
from kg.encodings import DecodeFailure, common_chinese, decode
from kg.errors import DocumentError
from kg.html_text import html_to_text
from kg.model import Document
from kg.traditional import to_simplified

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FUZZ_EXAMPLES = 20_000 if LONG else 200
fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHINESE = "医院院长党委书记召开会议胸痛中心卒中联盟醫院與會議發展臺灣後裏頭髮的一是了在有和人这中大为上个国"
PUNCT = "。！？!?；;，,、：:“”‘’「」『』（）()《》【】…—\n\r\t \u3000\xa0"
WORDS = ["发布时间：", "来源：", "2021-05-10", "2021年5月", "24.11.2016", "分享到：", "上一篇：", "版权所有", "原创"]
text_chars = st.one_of(st.sampled_from(CHINESE), st.sampled_from(PUNCT), st.characters())
texts = st.lists(st.one_of(text_chars, st.sampled_from(WORDS)), max_size=300).map("".join)

TAGS = (
    "p div br script style nav header footer aside form pre table td tr h1 title article main template noscript "
    "span b li meta html body head"
).split()
tag = st.sampled_from(TAGS)
markup_piece = st.one_of(
    tag.map(lambda t: f"<{t}>"),
    tag.map(lambda t: f"</{t}>"),
    st.sampled_from(
        [
            "<!--",
            "-->",
            "<!DOCTYPE html>",
            "&nbsp;",
            "&ldquo;",
            "&amp;",
            "&#x4e2d;",
            "&#99999999;",
            '<meta name="pubdate" content="2021-05-10">',
            "<p hidden>",
            '<div style="display:none">',
            "<![CDATA[",
            "]]>",
            "<?xml version='1.0'?>",
            "<",
            ">",
            '"',
            "'",
            "=",
        ]
    ),  # fmt: skip
    texts,
)
markups = st.lists(markup_piece, max_size=60).map("".join)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5", "cp950"])


def _check_offsets(text: str, sentences) -> None:
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        previous_end = s.end


@fuzz
@given(texts)
def test_split_sentences_offsets(text):
    _check_offsets(text, split_sentences(text))
    _check_offsets(text, split_sentences(text, keep_clutter=True))


@fuzz
@given(texts)
def test_document_from_text_offsets(text):
    doc = document_from_text(text)
    _check_offsets(doc.text, doc.sentences)
    if doc.original is not None:
        assert len(doc.original) == len(doc.text)
    assert doc.published is None or doc.published[:4].isdigit()


@fuzz
@given(st.text(alphabet=st.one_of(st.sampled_from(CHINESE), st.sampled_from(PUNCT), st.characters()), max_size=300))
def test_to_simplified_keeps_length(text):
    assert len(to_simplified(text)) == len(text)


def test_to_simplified_of_a_lone_surrogate():
    """Hypothesis found it: OpenCC cannot encode a lone surrogate; the line is converted character by character."""
    assert to_simplified("醫院\ud800會議") == "医院\ud800会议"


@fuzz
@given(st.binary(max_size=2000))
def test_decode_random_bytes(data):
    try:
        text, encoding = decode(data)
    except DecodeFailure as e:
        assert e.reason
        return
    assert isinstance(text, str) and encoding
    assert "\r" not in text


@fuzz
@given(texts, encodings)
def test_decode_round_trips_encodable_text(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        decoded, _ = decode(data)
    except DecodeFailure:
        return  # short or odd texts may be judged binary or garbage; never a crash
    assert isinstance(decoded, str)


@fuzz
@given(markups)
def test_html_to_text_never_raises(markup):
    page = html_to_text(markup)
    assert isinstance(page.text, str)
    assert "<script" not in page.text.lower() or "<script" in markup.lower()
    _check_offsets(page.text, split_sentences(page.text))


@settings(max_examples=FUZZ_EXAMPLES // 4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000), markups.map(lambda m: m.encode("utf-8", "surrogatepass"))),
       st.sampled_from(["a.txt", "b.html", "c.HTM", "2021-05-10.txt"]))  # fmt: skip
def test_read_document_yields_a_document_or_a_document_error(data, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except DocumentError as e:
            assert e.reason and e.path == str(path)
            return
        assert isinstance(doc, Document)
        _check_offsets(doc.text, doc.sentences)


chinese_texts = st.lists(
    st.one_of(st.sampled_from(sorted(common_chinese())), st.sampled_from("，。、：；！？“”（）\n 0123456789ABC")),
    min_size=30,
    max_size=300,
).map("".join)


@fuzz
@given(chinese_texts, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le-bom", "utf-16-be-bom", "utf-8-sig"]))
def test_chinese_text_round_trips_through_its_encoding(text, encoding):
    prefix = {"utf-16-le-bom": codecs.BOM_UTF16_LE, "utf-16-be-bom": codecs.BOM_UTF16_BE}.get(encoding, b"")
    codec = encoding.removesuffix("-bom")
    # keep the characters the codec has (Big5 lacks Simplified-only characters, GB2312 Traditional-only ones)
    text = "".join(ch for ch in text if ch.encode(codec, "ignore"))
    if sum(not ch.isascii() for ch in text) < 20:
        return
    assert decode(prefix + text.encode(codec))[0] == text
