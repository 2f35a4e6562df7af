"""Bytes -> text: real files in real encodings, Traditional -> Simplified with the offsets kept."""

from __future__ import annotations

import codecs
import importlib.util
from pathlib import Path

import pytest

from kg.documents import read_document, split_sentences
from kg.encodings import DecodeFailure, decode
from kg.errors import DocumentError
from kg.traditional import is_traditional, to_simplified

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles"


def _samples():
    spec = importlib.util.spec_from_file_location("make_samples", DATA / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


SAMPLES = _samples()


def test_sample_files_are_what_the_script_writes():
    for name in SAMPLES.SAMPLES:
        assert (ARTICLES / name).read_bytes() == SAMPLES.sample_bytes(name), f"rerun {DATA / 'make_samples.py'}"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.txt", "utf-8"),
        ("utf8_bom.txt", "utf-8-sig"),
        ("gb18030.txt", "gb18030"),
        ("gbk_crlf.txt", "gb18030"),
        ("utf16le_bom.txt", "utf-16-le"),
        ("utf16be_bom.txt", "utf-16-be"),
        ("utf16le_nobom.txt", "utf-16-le"),
    ],
)
def test_simplified_samples_decode_to_the_same_text(name, encoding):
    doc = read_document(ARTICLES / name)
    assert doc.encoding == encoding
    assert doc.text == SAMPLES.SIMPLIFIED  # no BOM, CRLF normalised, not mojibake
    assert doc.original is None
    assert doc.published == "2023-05-10"
    assert doc.source == "青禾县人民医院办公室"
    assert doc.title == "青禾县人民医院召开职工代表大会"
    assert [s.text for s in doc.sentences][1:3] == [
        "5月9日，青禾县人民医院召开第三届职工代表大会。",
        "院长林志远作“工作报告”。",
    ]


def test_big5_traditional_is_converted_with_the_same_offsets():
    doc = read_document(ARTICLES / "big5.txt")
    assert doc.encoding in ("big5", "cp950")
    assert doc.original == SAMPLES.TRADITIONAL
    assert len(doc.text) == len(doc.original)
    assert "台北市立联合医院与阳明大学签署合作协议" in doc.text
    assert "院长陈志远表示" in doc.text
    assert doc.published == "2022-11-03"  # 發佈時間 is read after conversion
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
    said = next(s for s in doc.sentences if "陈志远" in s.text)
    assert doc.original[said.start : said.end] == "院長陳誌遠表示：「這是醫療體系的重要里程碑」。"


def test_gb18030_and_big5_are_told_apart_on_short_texts():
    assert decode("医院院长主持会议".encode("gb18030")) == ("医院院长主持会议", "gb18030")
    assert decode("醫院院長主持會議".encode("big5"))[0] == "醫院院長主持會議"
    assert decode("醫院院長主持會議".encode("gb18030"))[0] == "醫院院長主持會議"


def test_big5_extension_characters_use_cp950():
    text = "這裏的碁院。醫院長說明。" * 3
    assert decode(text.encode("cp950")) == (text, "cp950")


def test_utf16_without_bom_and_without_ascii():
    text = "医院召开职工代表大会院长作工作报告"
    assert decode(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_invalid_bytes_become_replacement_characters():
    data = "医院召开大会。".encode() + b"\xff" + "院长讲话。".encode() + "中".encode()[:2]
    text, encoding = decode(data)
    assert encoding == "utf-8"
    assert text.startswith("医院召开大会。\ufffd院长讲话。")
    assert text.endswith("\ufffd")


def test_gb18030_cut_inside_a_character():
    data = ("医院召开职工代表大会，院长作报告。" * 5).encode("gb18030")[:-1]
    text, encoding = decode(data)
    assert encoding == "gb18030"
    assert text.startswith("医院召开职工代表大会")


def test_declared_charset_of_an_html_page():
    doc = read_document(ARTICLES / "page_gbk.html")
    assert doc.encoding == "gb18030"
    assert doc.title == "青禾县人民医院揭牌远程会诊中心"
    assert doc.published == "2024-03-18"


def test_latin_text_from_charset_normalizer_has_no_replacement():
    text, _ = decode("Grüße aus Köln, café crème, naïve façade.".encode("latin-1"))
    assert "\ufffd" not in text and "Köln" in text


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"abc\x00def\x00\x01\x02" * 20])
def test_binary_data_is_refused(data):
    with pytest.raises(DecodeFailure, match="binary"):
        decode(data)


def test_random_high_bytes_are_undecodable():
    data = bytes(range(0x80, 0x100)) * 8
    with pytest.raises(DecodeFailure, match="cannot decode"):
        decode(data)


def test_simplified_quoting_a_few_traditional_characters_is_not_converted():
    text = "医院与台湾的醫院开展交流，双方签署协议，院长主持会议并讲话，会议取得圆满成功。"
    assert not is_traditional(text)


def test_to_simplified_keeps_the_length_line_by_line():
    text = "頭髮與後來\n\n發展\r裏面 abc 乾隆\n"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out.splitlines() == ["头发与后来", "", "发展", "里面 abc 乾隆"]


def test_traditional_sentences_from_text():
    text = "醫院召開大會。院長講話！"
    assert [s.text for s in split_sentences(to_simplified(text))] == ["医院召开大会。", "院长讲话！"]


def test_utf16_odd_tail_is_not_fatal(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "医院召开大会。\n".encode("utf-16-le") + b"\x41")
    doc = read_document(path)
    assert doc.text.startswith("医院召开大会。")


def test_undecodable_file_reports_the_encodings_tried(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    with pytest.raises(DocumentError, match="cannot decode as UTF-8, GB18030, UTF-16 or Big5"):
        read_document(path)
