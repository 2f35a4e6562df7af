"""The `centres` stage on short sentences written for these tests (made-up hospital names)."""

from __future__ import annotations

import re

import pytest

from kg.documents import document_from_text
from kg.extract.names import add_entity, add_mention
from kg.extract.pipeline import REGISTRY
from kg.model import Document, EntityType

SUBJECT = "青山县人民医院"


def prepared(text: str, institutions: tuple[str, ...] = (), subject: str | None = SUBJECT) -> Document:
    """A document with the subject and the given institutions registered and their mentions marked."""
    doc = document_from_text(text)
    doc.subject = subject
    names = tuple({*institutions, *([subject] if subject else [])})
    for name in names:
        add_entity(doc, name, EntityType.INSTITUTION)
    taken: set[int] = set()
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not taken & set(range(m.start(), m.end())):
                taken |= set(range(m.start(), m.end()))
                add_mention(doc, m.start(), m.end(), name, EntityType.INSTITUTION)
    for m in re.finditer("我院|本院", text):
        if subject:
            add_mention(doc, m.start(), m.end(), subject, EntityType.INSTITUTION)
    return doc


def centres_of(text: str, institutions: tuple[str, ...] = ()) -> list[tuple[str, str, str | None]]:
    doc = REGISTRY["centres"](prepared(text, institutions))
    return [(c.org, c.name, c.level) for c in doc.centres]


def names_of(text: str) -> list[str]:
    return [name for _, name, _ in centres_of(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我院成立了胸痛中心和卒中中心。", ["胸痛中心", "卒中中心"]),
        ("医院建成了软硬件一流的放射治疗中心。", ["放射治疗中心"]),
        ("及时启动“发热患者居家服务中心”。", ["发热患者居家服务中心"]),
    ],
)
def test_centres_named_after_a_verb_or_particle(text: str, expected: list[str]) -> None:
    assert names_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加快超声、检验、病理三大中心建设。", ["超声中心", "检验中心", "病理中心"]),
        ("医院设有危重孕产妇和新生儿救治中心。", ["危重孕产妇救治中心", "危重新生儿救治中心"]),
        ("建成危重孕产妇、新生儿救治中心。", ["危重孕产妇救治中心", "危重新生儿救治中心"]),
        ("建成县域超声、心电、病理四个共享中心。", ["超声中心", "心电中心", "病理中心"]),
        ("分院与本部共享检验、超声中心。", ["检验中心", "超声中心"]),
        ("医院建成五个中心。", []),
    ],
)
def test_centres_expand_enumeration(text: str, expected: list[str]) -> None:
    assert names_of(text) == expected


def test_centres_split_run_together_list() -> None:
    assert names_of("相继成立了创伤中心胸痛中心、心衰中心房颤中心等诊疗中心。") == [
        "创伤中心", "胸痛中心", "心衰中心", "房颤中心",
    ]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("该院通过国家级胸痛中心验收。", "国家级"),
        ("准备迎接省级卒中中心质控检查。", "省级"),
        ("被授予中国胸痛中心。", "国家级"),
        ("被认定为国家高级卒中中心。", "国家级"),
        ("医院建立了胸痛中心。", None),
    ],
)
def test_centres_level_is_a_field_not_part_of_the_name(text: str, level: str | None) -> None:
    found = centres_of(text)
    assert [(name, lvl) for _, name, lvl in found] == [(found[0][1], level)]
    assert found[0][1] in {"胸痛中心", "卒中中心"}


@pytest.mark.parametrize(
    "text",
    [
        "我院是省级区域医疗中心。",
        "白沙镇中心卫生院服务能力提升。",
        "紧紧围绕医院中心工作。",
        "坚持以人民为中心的发展思想。",
        "扎实推进五大中心建设。",
        "建成十余个诊疗中心。",
        "下设两个社区卫生服务中心。",
        "近年来,全国卒中中心建设快速推进。",
        "打造国家医学中心。",
    ],
)
def test_centres_skip_designations_phrases_and_groups(text: str) -> None:
    assert names_of(text) == []


def test_centres_owner_is_the_institution_named_with_it() -> None:
    found = centres_of("集团白河人民医院先后建立了妇产中心、口腔中心。", ("集团白河人民医院",))
    assert {org for org, _, _ in found} == {"集团白河人民医院"}


def test_centres_owner_is_the_helped_institution_of_an_earlier_clause() -> None:
    text = "白河市中医院派出专家,帮助青山县人民医院创建三甲医院,胸痛中心通过国家认证。"
    found = centres_of(text, ("白河市中医院",))
    assert found == [(SUBJECT, "胸痛中心", None)]


def test_centres_a_helper_helps_build_at_the_subject_not_at_itself() -> None:
    text = "白河市中医院将派驻专家团队，重点协助建设卒中中心和创伤中心。"
    found = centres_of(text, ("白河市中医院",))
    assert {(org, name) for org, name, _ in found} == {(SUBJECT, "卒中中心"), (SUBJECT, "创伤中心")}


def test_centres_owner_is_the_institution_a_partner_helps_with_bangfu() -> None:
    found = centres_of("白河市中医院将帮扶青山县人民医院，年内建成胸痛中心。", ("白河市中医院",))
    assert found == [(SUBJECT, "胸痛中心", None)]


def test_centres_a_partners_centre_written_glued_to_its_name_is_the_partners() -> None:
    found = centres_of("我院远程诊室将与白河市中医院远程医学中心实现互联互通。", ("白河市中医院",))
    assert ("白河市中医院", "远程医学中心", None) in found


def test_centres_its_centre_belongs_to_the_institution_named_before() -> None:
    text = "我院将接受白河市中医院的对口帮扶，借助其省级卒中中心的技术优势，年内建成卒中防治站。"
    found = centres_of(text, ("白河市中医院",))
    assert ("白河市中医院", "卒中中心", "省级") in found
    assert not any(name.startswith("其") for _, name, _ in found)


def test_centres_the_year_of_a_review_is_no_part_of_the_name() -> None:
    assert names_of("省卫健委公布2024年度创伤中心评审结果，我院创伤中心顺利通过。") == ["创伤中心"]
    listed = names_of("省卫健委公布2024年度卒中和胸痛中心评审结果。")
    assert listed and not any("年度" in n or n.startswith("度") for n in listed)


def test_centres_owner_skips_a_partner_named_after_with() -> None:
    found = centres_of("建立起与白河市中医院的远程会诊中心。", ("白河市中医院",))
    assert found == [(SUBJECT, "远程会诊中心", None)]


def test_centres_strip_place_and_quality_words() -> None:
    assert names_of("共同打造东湖市高水平肝胆疾病诊疗中心。") == ["肝胆疾病诊疗中心"]


def test_centres_year_and_planned_status() -> None:
    doc = REGISTRY["centres"](prepared("2023年医院胸痛中心通过认证;医院将筹建卒中中心。"))
    by_name = {c.name: c for c in doc.centres}
    assert by_name["胸痛中心"].date == "2023"
    assert by_name["卒中中心"].status == "planned"
    assert by_name["胸痛中心"].status is None


def test_centres_one_fact_per_org_and_name_with_evidence() -> None:
    doc = REGISTRY["centres"](prepared("医院建立胸痛中心。胸痛中心运行良好。"))
    assert len(doc.centres) == 1
    ev = doc.centres[0].evidence
    assert doc.text[ev.start:ev.end] == "胸痛中心" and ev.stage == "centres"


def test_centres_need_an_owner() -> None:
    doc = REGISTRY["centres"](prepared("医院建立胸痛中心。", subject=None))
    assert doc.centres == []


def test_centres_with_a_director_exist() -> None:
    assert names_of("胸痛中心主任王明介绍。") == ["胸痛中心"]


def test_centres_edition_words_are_not_part_of_the_name() -> None:
    assert centres_of("医院成功创建国家标准版胸痛中心。") == [(SUBJECT, "胸痛中心", "国家级")]


def test_centres_skip_city_bodies() -> None:
    assert names_of("与市急救中心、县血液中心建立联动机制。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("医院新成立了睡眠医学中心和疼痛诊疗中心。", ["睡眠医学中心", "疼痛诊疗中心"]),
        ("呼吸与危重症医学中心相继成立。", ["呼吸与危重症医学中心"]),
        ("院领导到门诊服务中心调研。", ["门诊服务中心"]),
        ("依托医共体建成县域医共体心电诊断中心。", ["心电诊断中心"]),
        ("我院卒中中心获评国家示范高级卒中中心。", ["卒中中心"]),
    ],
)
def test_centres_left_edge_of_compound_names(text: str, expected: list[str]) -> None:
    assert names_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "在医院行政中心召开会议。",
        "投资建设的医技综合楼及急救中心大楼。",
        "建成继续教育中心基地。",
        "打造大型综合性医学中心。",
    ],
)
def test_centres_skip_venues_buildings_and_bases(text: str) -> None:
    assert names_of(text) == []


def test_centres_skip_national_medical_centre_designations() -> None:
    assert names_of("医院获批建设国家心血管病医学中心。") == []


def test_centres_evidence_of_an_enumeration_spans_its_words() -> None:
    doc = REGISTRY["centres"](prepared("医院设有危重孕产妇和新生儿救治中心。"))
    spans = {doc.text[c.evidence.start:c.evidence.end] for c in doc.centres}
    assert spans == {"危重孕产妇和新生儿救治中心"}


def test_centres_skip_quoted_titles_of_talks() -> None:
    assert names_of("举办“胸痛中心建设”专题讲座。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("院长主持召开胸痛中心建设推进会。", [("胸痛中心", None)]),
        ("市卫健委专家组来院调研创伤中心运行情况。", [("创伤中心", None)]),
        ("医院以省级卒中中心标准规范救治流程。", [("卒中中心", "省级")]),
        ("会议举行医共体签约暨远程会诊中心揭牌仪式。", [("远程会诊中心", None)]),
        ("代表团参观考察了心衰中心。", [("心衰中心", None)]),
        ("对标国家级房颤中心要求开展自查。", [("房颤中心", "国家级")]),
        ("承办全市胸痛中心质控会议。", []),
        ("医院在全县率先启用日间手术中心。", [("日间手术中心", None)]),
    ],
)
def test_centres_never_start_with_a_verb_or_preposition(text: str, expected: list) -> None:
    assert [(name, level) for _, name, level in centres_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("柳塘镇卫生院建成镇级内镜中心。", "镇级"),
        ("该院获评区级胸痛中心。", "区级"),
        ("医院顺利通过国家级卒中中心认证。", "国家级"),
    ],
)
def test_centres_any_level_word_goes_to_the_level_field(text: str, level: str) -> None:
    found = centres_of(text, ("柳塘镇卫生院",))
    assert len(found) == 1 and found[0][2] == level
    assert found[0][1] in {"内镜中心", "胸痛中心", "卒中中心"}


def test_centres_certification_body_is_not_a_centre() -> None:
    assert names_of("中国卒中中心认证委员会专家来院评审。") == []


def test_centres_owner_is_the_builder_before_a_dash_pair() -> None:
    found = centres_of(
        "在桃源乡卫生院举行了金沙县中医院-桃源乡卫生院签约暨远程会诊中心揭牌仪式。",
        ("金沙县中医院", "桃源乡卫生院"),
    )
    assert found == [("金沙县中医院", "远程会诊中心", None)]


def test_centres_owner_of_a_clause_without_an_institution_is_the_sentence_topic() -> None:
    found = centres_of("白沙市第三医院院长陈明介绍，2023年医院成功创建省级胸痛中心。", ("白沙市第三医院",))
    assert found == [("白沙市第三医院", "胸痛中心", "省级")]


def test_centres_owner_without_any_institution_in_the_sentence_is_the_subject() -> None:
    assert centres_of("院长陈明介绍，医院成功创建胸痛中心。") == [(SUBJECT, "胸痛中心", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("专家组莅临指导睡眠医学中心建设。", ["睡眠医学中心"]),
        ("院领导陪同检查疼痛诊疗中心。", ["疼痛诊疗中心"]),
        ("医院主办房颤中心质控培训班。", ["房颤中心"]),
        ("医院设有急诊创伤中心。", ["急诊创伤中心"]),
        ("医院建成综合介入中心。", ["综合介入中心"]),
        ("医院设有儿童呼吸中心。", ["儿童呼吸中心"]),
    ],
)
def test_centres_visit_verbs_end_the_name_but_medical_verbs_stay(text: str, expected: list[str]) -> None:
    assert names_of(text) == expected


def test_centre_province_written_before_a_known_type_is_no_part_of_the_name() -> None:
    assert names_of("我院于2021年通过东方省卒中中心认证。") == ["卒中中心"]


def test_centre_verb_complement_成_is_no_part_of_the_name() -> None:
    assert names_of("要把我院打造成县域医疗次中心。") == ["县域医疗次中心"]


def test_centre_a_node_of_an_alliance_is_no_centre() -> None:
    assert names_of("白河医院心血管专科联盟东湖分中心授牌仪式在我院举行。") == []


def test_centre_owner_is_not_the_partner_an_earlier_clause_names_after_与() -> None:
    text = "下一步，医院将以胸痛中心为平台，与白河市中医院深化远程会诊合作，力争三年内建成周边市县的创伤救治中心。"
    found = [(o, n) for o, n, _ in centres_of(text, ("白河市中医院",))]
    assert found == [(SUBJECT, "胸痛中心"), (SUBJECT, "创伤救治中心")]


def test_centre_owner_is_not_a_partner_short_name_declared_in_brackets() -> None:
    text = "青山县人民医院与白河大学第一附属医院(以下简称白大一院)专科联盟签约暨远程会诊中心揭牌仪式举行。"
    doc = prepared(text, ("白河大学第一附属医院", "白大一院"))
    doc = REGISTRY["centres"](doc)
    assert [(c.org, c.name) for c in doc.centres] == [(SUBJECT, "远程会诊中心")]


def test_centres_of_a_bare_group_word_belong_to_the_named_group() -> None:
    group = "青山县人民医院医共体"
    found = centres_of(f"{group}成立三年。院长总结了运行情况:医共体内建成心电诊断中心。", (group,))
    assert found == [(group, "心电诊断中心", None)]


def test_centres_level_is_read_in_the_centre_s_own_clause() -> None:
    assert centres_of("医院通过省级评审,创伤中心建设稳步推进。") == [(SUBJECT, "创伤中心", None)]
    assert centres_of("医院通过评审,省级创伤中心建设稳步推进。") == [(SUBJECT, "创伤中心", "省级")]


def test_centres_latin_abbreviation_in_brackets_is_not_part_of_the_name() -> None:
    assert names_of("医院挂牌成立肿瘤多学科诊疗(MDT)中心。") == ["肿瘤多学科诊疗中心"]


def test_centres_built_by_both_parties_belong_to_the_subject() -> None:
    found = centres_of("白河市中医院将派驻专家常驻我院,同时双方共建远程会诊中心。", ("白河市中医院",))
    assert found == [(SUBJECT, "远程会诊中心", None)]


def test_centres_owner_skips_a_partner_named_after_xieshou() -> None:
    found = centres_of("医院携手白河市中医院成立中医康复联合诊疗中心。", ("白河市中医院",))
    assert found == [(SUBJECT, "中医康复联合诊疗中心", None)]
