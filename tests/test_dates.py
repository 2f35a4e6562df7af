"""Dates in text (kg.extract.dates) and the `time` stage that puts dates and statuses on facts."""

from __future__ import annotations

from datetime import date as _date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.documents import document_from_text
from kg.extract import default_pipeline
from kg.extract.dates import Precision, cn_number, find_dates, normalize_date, resolve_date, xsd_datatype
from kg.extract.names import evidence_for
from kg.extract.timing import time_stage
from kg.model import Centre, Document, Initiative, Partnership, Post


def resolve(expr: str, published: str | None = None, year: int | None = None):
    return resolve_date(expr, (0, len(expr)), published, year)


@pytest.mark.parametrize(
    ("expr", "published", "year", "expected"),
    [
        ("2021年8月", None, None, ("2021-08", Precision.MONTH)),
        ("2019年12月30日", None, None, ("2019-12-30", Precision.DAY)),
        ("2024年", None, None, ("2024", Precision.YEAR)),
        ("2019 年上半年", None, None, ("2019", Precision.YEAR)),
        ("2021年度", None, None, ("2021", Precision.YEAR)),
        ("二〇二一年八月", None, None, ("2021-08", Precision.MONTH)),
        ("2021-07-26", None, None, ("2021-07-26", Precision.DAY)),
        ("2021/5/19", None, None, ("2021-05-19", Precision.DAY)),
        ("7 月 27 日至 28 日", "2019-07-31", None, ("2019-07-27", Precision.DAY)),
        ("5月13~16日", "2021-05-19", None, ("2021-05-13", Precision.DAY)),
        ("十二月", "2022-03-01", None, ("2021-12", Precision.MONTH)),
        ("3月15日", "2025-03-17", None, ("2025-03-15", Precision.DAY)),
    ],
)
def test_resolve_absolute_and_month_day(expr, published, year, expected):
    assert resolve(expr, published, year) == expected


def test_resolve_month_day_after_publication_is_last_year():
    # an article of 2020-01-10 telling of 12月30日 means the previous December
    assert resolve("12月30日", "2020-01-10") == ("2019-12-30", Precision.DAY)


def test_resolve_month_day_takes_stated_year_unless_after_publication():
    assert resolve("3月", "2025-01-25", 2024) == ("2024-03", Precision.MONTH)
    assert resolve("3月", "2025-01-25", 2025) == ("2024-03", Precision.MONTH)  # 2025-03 is after the article
    assert resolve("3月", None, 2018) == ("2018-03", Precision.MONTH)


def test_resolve_month_day_without_any_year_is_none():
    assert resolve("7月27日") is None


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("今年", "2023-06-02", ("2023", Precision.YEAR)),
        ("去年", "2023-06-02", ("2022", Precision.YEAR)),
        ("前年", "2023-06-02", ("2021", Precision.YEAR)),
        ("去年12月30日", "2023-06-02", ("2022-12-30", Precision.DAY)),
        ("今年3月", "2023-06-02", ("2023-03", Precision.MONTH)),
        ("今年上半年", "2023-06-02", ("2023", Precision.YEAR)),
        ("上半年", "2019-07-31", ("2019", Precision.YEAR)),
        ("近日", "2023-06-20", ("2023-06", Precision.MONTH)),
        ("日前", "2023-06-02", ("2023", Precision.YEAR)),  # early in a month "recently" may be last month
        ("昨天", "2020-03-01", ("2020-02-29", Precision.DAY)),
        ("上月", "2020-01-15", ("2019-12", Precision.MONTH)),
    ],
)
def test_resolve_relative_to_publication(expr, published, expected):
    assert resolve(expr, published) == expected


@pytest.mark.parametrize("expr", ["今年", "近日", "昨天", "上半年"])
def test_relative_words_without_publication_date_are_none(expr):
    assert resolve(expr) is None


def test_relative_day_needs_a_day_precise_publication():
    assert resolve("昨天", "2020-03") is None  # no made-up day


@pytest.mark.parametrize("expr", ["2021年2月30日", "2021年13月", "abc"])
def test_impossible_or_foreign_expressions_are_none(expr):
    assert resolve(expr) is None


def test_find_dates_skips_titles_and_uses_paragraph_year():
    text = "2024年，我院与两家医院建立医联体。3月，签约。\n《2021年度财务收支决算报告》。5月，揭牌。"
    found = [(d.text, d.iso) for d in find_dates(text, "2025-01-25")]
    # the bare year of the first paragraph dates its 3月; the second paragraph's 5月 falls back to publication
    assert found == [("2024年", "2024"), ("3月", "2024-03"), ("5月", "2024-05")]


def test_find_dates_offsets_are_document_offsets():
    text = "会上，去年12月30日的决定被通过。"
    (d,) = find_dates(text, "2020-01-10")
    assert text[d.start : d.end] == d.text == "去年12月30日" and d.iso == "2019-12-30"


def test_find_dates_ignores_look_alikes():
    text = "节日前夕，今日头条报道了三个月的工作，5年来成绩显著。"
    assert find_dates(text, "2022-05-20") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("发布时间:2021-07-26 浏览次数:4203", "2021-07-26"),
        ("更新时间:2021/5/19 11:14:50", "2021-05-19"),
        ("2025年09月22日 09:45", "2025-09-22"),
        ("24.11.2016 06:33", "2016-11-24"),
        ("浏览(1421)", None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_cn_number_and_xsd_datatype():
    assert [cn_number(s) for s in ("十", "十二", "二十", "三十一", "二〇一九", "x")] == [10, 12, 20, 31, 2019, None]
    assert [xsd_datatype(s) for s in ("2024", "2024-05", "2024-05-10")] == ["gYear", "gYearMonth", "date"]


# --- the `time` stage, on facts placed by hand (the fact stages are tested elsewhere) ---------------------


def doc_with(text: str, published: str | None = None) -> Document:
    return document_from_text(text, "t.txt", published=published)


def span(doc: Document, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    return start, start + len(words)


def ev(doc: Document, words: str, stage: str = "test", nth: int = 0):
    return evidence_for(doc, *span(doc, words, nth), stage)


def test_centre_gets_its_accreditation_year():
    doc = doc_with("过去的一年，胸痛中心通过2024年国家级胸痛中心验收，并接受了授牌。", "2025-01-25")
    words = "胸痛中心通过2024年国家级胸痛中心验收"
    doc.centres.append(Centre(ev(doc, words), org="甲医院", name="胸痛中心", level="国家级"))
    time_stage(doc)
    assert doc.centres[0].date == "2024" and doc.centres[0].status is None


def test_partnership_takes_the_paragraph_dateline():
    text = "3月15日，甲医院与乙医院举行签约仪式。仪式上，双方签署医联体协议。\n另据报道，丙医院将于明年与乙医院合作。"
    doc = doc_with(text, "2025-03-17")
    doc.partnerships.append(Partnership(ev(doc, "双方签署医联体协议"), a="甲医院", b="乙医院", kind="医联体"))
    doc.partnerships.append(Partnership(ev(doc, "丙医院将于明年与乙医院合作"), a="丙医院", b="乙医院"))
    time_stage(doc)
    signed, planned = doc.partnerships
    assert (signed.date, signed.status) == ("2025-03-15", None)
    assert (planned.date, planned.status) == ("2026", "planned")


def test_closest_date_in_the_same_clause_wins():
    doc = doc_with("2019年12月30日，甲医院召开大会，2021年8月与乙医院建立专科联盟。", "2021-09-01")
    doc.partnerships.append(Partnership(ev(doc, "与乙医院建立专科联盟"), a="甲医院", b="乙医院", kind="专科联盟"))
    time_stage(doc)
    assert doc.partnerships[0].date == "2021-08"


def test_post_date_only_when_the_sentence_states_its_start():
    doc = doc_with("7月27日，院长王冰主持会议。2019年12月30日，经研究决定，任命李四为副院长。", "2020-01-05")
    doc.posts.append(Post(ev(doc, "院长王冰"), person="王冰", role="院长", org="甲医院"))
    doc.posts.append(Post(ev(doc, "李四为副院长"), person="李四", role="副院长", org="甲医院"))
    time_stage(doc)
    assert [p.date for p in doc.posts] == [None, "2019-12-30"]


def test_former_and_planned_statuses():
    doc = doc_with("原院长张三、院长李四出席。医院拟任王五为副院长。医院争创国家级卒中中心。", "2023-05-05")
    doc.posts.append(Post(ev(doc, "原院长张三"), person="张三", role="院长", org="甲医院"))
    doc.posts.append(Post(ev(doc, "院长李四"), person="李四", role="院长", org="甲医院"))
    doc.posts.append(Post(ev(doc, "王五为副院长"), person="王五", role="副院长", org="甲医院"))
    doc.centres.append(Centre(ev(doc, "国家级卒中中心"), org="甲医院", name="卒中中心", level="国家级"))
    time_stage(doc)
    assert [p.status for p in doc.posts] == ["former", None, "planned"]
    assert doc.centres[0].status == "planned"


def test_a_programme_named_plan_is_not_planned_and_the_marker_jiang_is_not_future():
    doc = doc_with("医院实施“青年人才培养计划”。医院将学习成果转化为动力，开展“三红三亮”活动。", "2023-05-05")
    doc.initiatives.append(Initiative(ev(doc, "实施“青年人才培养计划”"), org="甲医院", name="青年人才培养计划"))
    doc.initiatives.append(Initiative(ev(doc, "开展“三红三亮”活动"), org="甲医院", name="“三红三亮”活动"))
    time_stage(doc)
    assert [i.status for i in doc.initiatives] == [None, None]


def test_stage_keeps_what_a_fact_stage_set():
    doc = doc_with("2024年，医院将建设卒中中心。", "2025-01-01")
    doc.centres.append(Centre(ev(doc, "卒中中心"), org="甲医院", name="卒中中心", date="2023", status="former"))
    time_stage(doc)
    assert (doc.centres[0].date, doc.centres[0].status) == ("2023", "former")


def test_time_is_the_last_default_stage_and_dates_reach_the_json_contract():
    assert default_pipeline().names[-1] == "time"
    doc = doc_with("2024年，甲医院胸痛中心通过验收。", "2025-01-25")
    doc.centres.append(Centre(ev(doc, "胸痛中心通过验收"), org="甲医院", name="胸痛中心"))
    time_stage(doc)
    out = doc.to_json()
    assert out["published"] == "2025-01-25" and out["centres"][0]["date"] == "2024"


def test_a_clause_after_a_semicolon_keeps_the_opening_year_and_far_dates_date_nothing():
    text = ("2024年，甲医院与乙医院建立医联体合作关系；与丙医院建立专科合作关系。\n"
            "医院开展了三个主题年活动，2020年推行了主诊医师负责制，调动了各方面的积极性，打造了优势学科群和眼科中心。")
    doc = doc_with(text, "2025-01-25")
    doc.partnerships.append(Partnership(ev(doc, "与丙医院建立专科合作关系"), a="甲医院", b="丙医院", kind="专科联盟"))
    doc.centres.append(Centre(ev(doc, "眼科中心"), org="甲医院", name="眼科中心"))
    time_stage(doc)
    assert doc.partnerships[0].date == "2024"
    assert doc.centres[0].date is None


def test_a_statement_with_a_year_is_no_dateline_and_a_later_clause_dates_nothing_before_it():
    text = ("胸痛中心通过2024年国家级胸痛中心验收；卒中中心不断提升服务质量。"
            "医院开展了“学科建设年”活动，2020年推行了新制度。")
    doc = doc_with(text, "2025-01-25")
    doc.centres.append(Centre(ev(doc, "卒中中心不断"), org="甲医院", name="卒中中心"))
    doc.initiatives.append(Initiative(ev(doc, "开展了“学科建设年”活动"), org="甲医院", name="学科建设年"))
    time_stage(doc)
    assert (doc.centres[0].date, doc.initiatives[0].date) == (None, None)


@pytest.mark.parametrize("opening", ["3月15日上午，", "本报讯 近日，", "2024年，"])
def test_datelines(opening):
    doc = doc_with(opening + "甲医院与乙医院签署合作协议。", "2025-03-17")
    doc.partnerships.append(Partnership(ev(doc, "甲医院与乙医院签署合作协议"), a="甲医院", b="乙医院"))
    time_stage(doc)
    assert doc.partnerships[0].date == {"3": "2025-03-15", "本": "2025-03", "2": "2024"}[opening[0]]


def test_extract_jsonl_carries_published_and_fact_dates(tmp_path):
    import json

    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path / "x.txt"
    path.write_text("发布时间:2024-03-20\n\n3月15日，丰林市人民医院胸痛中心通过国家级胸痛中心认证。\n"
                    "医院将于明年建设卒中中心。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--jsonl"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.splitlines()[0])
    assert out["published"] == "2024-03-20"
    assert {c["name"]: c["date"] for c in out["centres"]} == {"胸痛中心": "2024-03-15", "卒中中心": "2025"}


def test_numeric_dates_and_amounts():
    text = "收入2021.5万元，2021.05.10，2021-07，2021/5/19，2019-2021年，2021.5.10."
    assert [(d.text, d.iso) for d in find_dates(text)] == [
        ("2021.05.10", "2021-05-10"), ("2021-07", "2021-07"), ("2021/5/19", "2021-05-19"), ("2021年", "2021"),
        ("2021.5.10", "2021-05-10"),
    ]


def test_a_then_post_is_former():
    doc = doc_with("2015年，时任院长张三带队考察。", "2023-05-05")
    doc.posts.append(Post(ev(doc, "院长张三"), person="张三", role="院长", org="甲医院"))
    time_stage(doc)
    assert doc.posts[0].status == "former"


# --- properties ------------------------------------------------------------------------------------------

days = st.dates(min_value=_date(1950, 1, 1), max_value=_date(2099, 12, 31))


@given(days)
def test_property_full_dates_round_trip(d):
    assert resolve(f"{d.year}年{d.month}月{d.day}日") == (d.isoformat(), Precision.DAY)
    assert resolve(f"{d.year}年{d.month}月") == (d.isoformat()[:7], Precision.MONTH)


@given(days, days)
def test_property_a_date_without_year_is_never_after_its_article(d, published):
    got = resolve(f"{d.month}月{d.day}日", published.isoformat())
    if got is not None:  # None only for 2月29日 in a year without it
        iso, precision = got
        assert precision is Precision.DAY and iso <= published.isoformat() and iso[5:] == d.isoformat()[5:]
        assert int(iso[:4]) >= published.year - 1
    else:
        assert (d.month, d.day) == (2, 29)


def test_a_post_to_be_taken_up_is_planned():
    doc = doc_with("经研究，李四将出任副院长。", "2023-05-05")
    doc.posts.append(Post(ev(doc, "李四将出任副院长"), person="李四", role="副院长", org="甲医院"))
    time_stage(doc)
    assert doc.posts[0].status == "planned"


@given(
    st.text(alphabet="0123456789年月日号至-/.，。；\n今去近前昨上下半原拟将任命院长中心医与", max_size=80),
    st.lists(st.tuples(st.integers(0, 90), st.integers(0, 12)), max_size=4),
    st.sampled_from([None, "2021", "2021-06", "2021-06-15"]),
)
def test_property_the_time_stage_never_fails_and_writes_iso_dates(text, spans, published):
    doc = doc_with(text, published)
    for start, length in spans:
        start = min(start, len(text))
        evidence = evidence_for(doc, start, min(len(text), start + length), "fuzz")
        doc.posts.append(Post(evidence, person="甲", role="院长", org="乙"))
        doc.centres.append(Centre(evidence, org="乙", name="胸痛中心"))
    time_stage(doc)
    for fact in doc.facts:
        assert fact.status in (None, "planned", "former")
        if fact.date is not None:
            resolve_back = _date.fromisoformat(fact.date + "-01-01"[len(fact.date) - 4 :])
            assert 1900 <= resolve_back.year <= 2099


def test_a_centre_or_partnership_is_dated_only_by_its_event():
    doc = doc_with("3月25日，医院召开会议，研究胸痛中心工作和与乙医院的合作。3月26日，胸痛中心通过验收。", "2022-04-01")
    doc.centres.append(Centre(ev(doc, "研究胸痛中心工作"), org="甲医院", name="胸痛中心"))
    doc.partnerships.append(Partnership(ev(doc, "与乙医院的合作"), a="甲医院", b="乙医院"))
    doc.centres.append(Centre(ev(doc, "胸痛中心通过验收"), org="丙医院", name="胸痛中心"))
    time_stage(doc)
    assert [f.date for f in doc.facts] == [None, "2022-03-26", None]
