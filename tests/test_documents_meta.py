"""Clutter and metadata lines, published date / source / title, and sentences with offsets."""

from __future__ import annotations

import pytest

from kg.article_meta import LineKind, classify_lines, is_clutter, meta_fields, parse_date, read_metadata
from kg.documents import document_from_text, split_sentences

CLUTTER = [
    "打开网易新闻 查看更多图片",
    "免责声明：本站转载文章仅为传递信息，不代表本站观点。",
    "推荐阅读",
    "相关新闻：",
    "合作咨询",
    "合作咨询：0000-1234567",
    "分享到：",
    "分享到： 微信 微博 QQ空间",
    "上一篇：医院召开季度工作会",
    "下一篇：没有了",
    "返回顶部",
    "【打印本页】 【关闭窗口】",
    "版权所有 © 2020-2024 某县人民医院",
    "Copyright 2024 All Rights Reserved",
    "责任编辑：王某",
    "扫一扫在手机打开当前页",
    "浏览次数：1024",
    "点击数：",
    "阅读：",
    "原创",
    "字号：大 中 小",
    "【字体：大 中 小】",
    "当前位置：首页 > 新闻中心 > 医院新闻",
    "您现在的位置:首页 » 图片新闻",
    "欢迎访问某某医院官方网站",
    "文章内容",
    "|",
    "——",
    "IMG_2034.JPG",
    "（完）",
    "END",
]
PROSE = [
    "分享经验，共同提高。",
    "相关新闻报道显示，医院发展很快。",
    "我院召开职工代表大会",
    "院长林志远作工作报告。",
    "阅读疗法在康复中的应用越来越广。",
    "上一年度门诊量增长百分之十。",
    "原创性研究成果获奖。",
    "会后，专家为患者义诊。076.JPG",
]


@pytest.mark.parametrize("line", CLUTTER)
def test_clutter_lines(line):
    assert is_clutter(line) or meta_fields(line) is not None


@pytest.mark.parametrize("line", PROSE)
def test_prose_lines_are_not_clutter(line):
    assert not is_clutter(line) and meta_fields(line) is None


def test_clutter_gets_no_sentence_but_stays_in_the_text():
    text = "\n".join(["医院新闻标题", *CLUTTER, "院长林志远主持会议。"]) + "\n"
    doc = document_from_text(text)
    assert doc.text == text
    assert [s.text for s in doc.sentences] == ["医院新闻标题", "院长林志远主持会议。"]
    kinds = [line.kind for line in classify_lines(text)]
    assert kinds[0] == LineKind.PROSE and kinds[-2] == LineKind.PROSE and kinds[-1] == LineKind.BLANK
    assert set(kinds[1:-2]) <= {LineKind.CLUTTER, LineKind.META}


def test_keep_clutter_gives_every_line_a_sentence():
    text = "分享到：\n院长主持会议。"
    assert [s.text for s in split_sentences(text)] == ["院长主持会议。"]
    assert [s.text for s in split_sentences(text, keep_clutter=True)] == ["分享到：", "院长主持会议。"]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("发布于：2021-05-10", "2021-05-10"),
        ("发布于 2021-05-10 10:00", "2021-05-10"),
        ("发布时间:2021-05-10 08:30:00", "2021-05-10"),
        ("发布日期：2021年5月10日", "2021-05-10"),
        ("更新时间：2021/5/19 11:14:50", "2021-05-19"),
        ("时间：2023-03-23 13:39:43 来源： 发布人：小编 浏览：", "2023-03-23"),
        ("日期：2021年05月", "2021-05"),
        ("日期：2021年", "2021"),
        ("2021-05-10", "2021-05-10"),
        ("2021/5/19 11:14:50", "2021-05-19"),
        ("2025年09月22日 09:45", "2025-09-22"),
        ("2025年09月22日 09:45    来源：某某发布", "2025-09-22"),
        ("24.11.2016", "2016-11-24"),
        ("24.11.2016 06:33", "2016-11-24"),
        ("2021-05-10\xa0\xa0 浏览(1421)\xa0 (0)", "2021-05-10"),
        ("2023-04-20 10:18:55 - 某某发布", "2023-04-20"),
        ("时间：2021-02-30", None),  # no such day: nothing made up
        ("时间：5月10日上午", None),  # no year stated
    ],
)
def test_published_from_metadata_lines(line, published):
    doc = document_from_text(f"医院新闻标题\n{line}\n院长主持会议。\n")
    assert doc.published == published
    assert [s.text for s in doc.sentences] == ["医院新闻标题", "院长主持会议。"]


def test_publication_date_beats_update_date_and_first_wins():
    text = "更新时间：2022-01-01\n发布时间：2021-12-30\n发布时间：2021-12-31\n正文。"
    assert read_metadata(text).published == "2021-12-30"


def test_bare_date_deep_in_the_text_is_not_the_publication_date():
    text = "\n".join(["标题在这里", *["院长主持会议。"] * 10, "2020-01-01"])
    assert document_from_text(text).published is None


def test_file_name_date_is_the_last_resort():
    assert document_from_text("院长主持会议。", path="x/2020-02-03.txt").published == "2020-02-03"
    text = "发布时间：2021-01-01\n院长主持会议。"
    assert document_from_text(text, path="x/2020-02-03.txt").published == "2021-01-01"


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("来源：青禾县卫生健康局", "青禾县卫生健康局"),
        ("信息来源:急诊科 王某 发布时间:2021-07-26 浏览次数:4203", "急诊科 王某"),
        ("本文来源: Example.Com", "Example.Com"),
        ("发布日期:2018-09-21    来源:市医院  浏览次数:  字号:〖", "市医院"),
        ("作者:李某 来源:神经内科 点击数: 更新时间:2021/5/19 11:14:50", "神经内科"),
        ("【来源】某某日报", "某某日报"),
        ("来源：青禾县人民医院 |", "青禾县人民医院"),
        ("来源： 发布人：小编", None),
    ],
)
def test_source_from_metadata_lines(line, source):
    assert document_from_text(f"{line}\n院长主持会议。").source == source


def test_source_prefers_laiyuan_over_zhuanzi():
    text = "转自：某某公众号\n来源：某某日报\n正文。"
    assert read_metadata(text).source == "某某日报"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("青禾县人民医院召开职工代表大会\n正文。", "青禾县人民医院召开职工代表大会"),
        (
            "原创\n发布于：2021-01-01\n\n青禾县人民医院 「工作落实年」推进会\n正文。",
            "青禾县人民医院 「工作落实年」推进会",
        ),
        ("5月9日，青禾县人民医院召开职工代表大会。\n会议很成功。", None),  # a sentence, no headline
        ("好\n正文。", None),  # too short to be a headline
        ("院" * 80 + "\n正文。", None),  # too long
    ],
)
def test_title_of_a_text_file(text, title):
    assert document_from_text(text).title == title


def test_given_metadata_wins_over_what_is_read():
    doc = document_from_text("发布时间：2021-01-01\n标题行在此\n正文。", title="T", published="2020", source="S")
    assert (doc.title, doc.published, doc.source) == ("T", "2020", "S")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2021-05-10T08:00:00+08:00", "2021-05-10"),
        ("2021年5月", "2021-05"),
        ("2021 年 5 月 10 日", "2021-05-10"),
        ("2021-05", "2021-05"),
        ("Mon, 10 May 2021 08:00:00 GMT", "2021-05-10"),
        ("May 10, 2021", "2021-05-10"),
        ("2021-13-01", None),
        ("1850年", None),
        ("第12345期", None),
    ],
)
def test_parse_date_precision(value, iso):
    assert parse_date(value) == iso


# ---- sentences


def _texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in sentences]


def test_sentences_split_on_stops_and_lines():
    text = "医院召开大会。院长讲话！是否成功？成功;继续；\n  第二行没有句号  \n\n\n第三行!Done?"
    assert _texts(text) == [
        "医院召开大会。",
        "院长讲话！",
        "是否成功？",
        "成功;",
        "继续；",
        "第二行没有句号",
        "第三行!",
        "Done?",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = "他说：“我们要建设胸痛中心。”随后揭牌。「好！」（完。）"
    assert _texts(text) == ["他说：“我们要建设胸痛中心。”", "随后揭牌。", "「好！」", "（完。）"]


def test_sentence_indices_are_consecutive():
    sentences = split_sentences("一。\n\n二。三。")
    assert [s.index for s in sentences] == [0, 1, 2]


def test_long_sentence_is_split_after_commas():
    clause = "医院各科室积极开展工作并取得了显著的成效" * 2 + "，"
    text = clause * 40 + "最后结束。"
    pieces = _texts(text)
    assert len(pieces) > 1
    assert all(len(p) <= 500 for p in pieces)
    assert "".join(pieces) == text


def test_long_sentence_without_commas_is_cut():
    text = "院" * 5000
    pieces = _texts(text)
    assert "".join(pieces) == text and max(len(p) for p in pieces) <= 2000


def test_white_space_is_stripped_from_sentences():
    assert _texts("\u3000\u3000医院召开大会。 \t院长讲话。\u3000") == ["医院召开大会。", "院长讲话。"]


def test_bare_time_key_deep_in_the_text_is_an_event_not_the_publication_date():
    text = "\n".join(["标题在这里", *["院长主持会议。"] * 10, "时间：2022年6月1日", "地点：会议室"])
    assert document_from_text(text).published is None
    assert document_from_text("发布时间：2021-01-01\n" + text).published == "2021-01-01"


def test_byline_only_lines_stay_prose_for_the_persons_stage():
    doc = document_from_text("医院新闻标题\n记者：王某 通讯员：李某\n来源：某某日报 记者：赵某\n院长主持会议。")
    assert [s.text for s in doc.sentences] == ["医院新闻标题", "记者：王某 通讯员：李某", "院长主持会议。"]
    assert doc.source == "某某日报"
