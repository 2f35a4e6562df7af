"""The entity stages (`institutions`, `organizations`, `subject`) and the gazetteer on short texts."""

from __future__ import annotations

import pytest

from kg.documents import document_from_text
from kg.extract import extract, places
from kg.extract.names import resolve_name
from kg.model import EntityType


def run(text: str, **meta):
    return extract(document_from_text(text, **meta))


def institutions(text: str) -> list[str]:
    return run(text).names_of(EntityType.INSTITUTION)


def organizations(text: str) -> list[str]:
    return run(text).names_of(EntityType.ORGANIZATION)


@pytest.mark.parametrize(
    "text, name",
    [
        ("近日，遵义市第二人民医院召开职工大会。", "遵义市第二人民医院"),
        ("临海市中西医结合医院开展义诊活动。", "临海市中西医结合医院"),
        ("桐乡市妇幼保健院举行揭牌仪式。", "桐乡市妇幼保健院"),
        ("专家团队来到江油市中医医院指导工作。", "江油市中医医院"),
        ("寿光市医疗集团召开年度会议。", "寿光市医疗集团"),
        ("双方在遵义医科大学附属医院签约。", "遵义医科大学附属医院"),
        ("与中山大学附属第一医院建立合作关系。", "中山大学附属第一医院"),
        ("石门镇中心卫生院顺利通过评审。", "石门镇中心卫生院"),
    ],
)
def test_institutions_found_by_structure(text: str, name: str) -> None:
    assert name in institutions(text)


@pytest.mark.parametrize(
    "text",
    [
        "县级医院对口帮扶乡镇卫生院。",
        "远程医疗服务中心上联10余家三甲医院。",
        "要加快智慧医院建设，打造清廉医院。",
        "推动公立医院高质量发展。",
        "积极推进互联网医院建设。",
    ],
)
def test_institutions_generic_phrases_are_not_names(text: str) -> None:
    assert institutions(text) == []


def test_institutions_do_not_start_with_the_verb_before_them() -> None:
    names = institutions("会议借鉴遵义市第二人民医院经验，与临海市第一人民医院和桐乡市中医医院签约。")
    assert names == ["临海市第一人民医院", "桐乡市中医医院", "遵义市第二人民医院"]


@pytest.mark.parametrize(
    "text, short",
    [
        ("遵义市第二人民医院召开大会。遵义二院全体职工参加。", "遵义二院"),
        ("遵义市第二人民医院召开大会。市二院全体职工参加。", "市二院"),
        ("临海市中医医院召开大会。市中医医院领导出席。", "市中医医院"),
    ],
)
def test_institutions_short_names_resolve_to_the_full_name(text: str, short: str) -> None:
    doc = run(text)
    assert doc.names_of(EntityType.INSTITUTION) == [text.split("召开")[0]]
    assert resolve_name(doc, short) == text.split("召开")[0]
    start = doc.text.rindex(short)
    assert any(m.start == start and m.entity == text.split("召开")[0] for m in doc.mentions)


def test_institutions_abbreviation_declared_in_brackets() -> None:
    doc = run("遵义医科大学第三附属医院（以下简称：遵医三附院）与某县医院签约。遵医三附院专家出席。")
    assert doc.names_of(EntityType.INSTITUTION) == ["遵义医科大学第三附属医院"]
    assert resolve_name(doc, "遵医三附院") == "遵义医科大学第三附属医院"


def test_institutions_second_name_is_an_alias_not_a_partner() -> None:
    doc = run("通过托管模式，江油市人民医院加挂“绵阳市中心医院江油院区”。")
    assert doc.names_of(EntityType.INSTITUTION) == ["江油市人民医院"]
    assert resolve_name(doc, "绵阳市中心医院江油院区") == "江油市人民医院"


def test_institutions_branch_names_its_parent() -> None:
    doc = run("遵义市第二人民医院东城分院正式揭牌。")
    assert "遵义市第二人民医院东城分院" in doc.names_of(EntityType.INSTITUTION)
    assert "遵义市第二人民医院" in doc.names_of(EntityType.INSTITUTION)


def test_institutions_place_prefixed_variant_is_one_entity() -> None:
    doc = run("贵州省遵义市湄潭县人民医院召开会议。湄潭县人民医院院长出席。")
    assert doc.names_of(EntityType.INSTITUTION) == ["湄潭县人民医院"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("遵义市卫健委副主任出席。", "遵义市卫健委"),
        ("临海市卫生健康局领导出席。", "临海市卫生健康局"),
        ("中共遵义市委宣传部授予荣誉。", "遵义市委宣传部"),
        ("中华医学会心血管病学分会专家出席。", "中华医学会心血管病学分会"),
        ("由中国医院协会主办。", "中国医院协会"),
    ],
)
def test_organizations_found_by_structure(text: str, name: str) -> None:
    assert name in organizations(text)


def test_organizations_placeless_bodies_get_the_document_place() -> None:
    doc = run("临海市第一人民医院在市委、市卫健局的领导下，获省卫健委课题立项。")
    names = doc.names_of(EntityType.ORGANIZATION)
    assert "临海市卫健局" in names
    assert "浙江省卫健委" in names
    assert resolve_name(doc, "市卫健局") == "临海市卫健局"
    assert resolve_name(doc, "省卫健委") == "浙江省卫健委"


def test_organizations_two_bodies_written_together_are_split() -> None:
    names = organizations("他被中共贵州省委宣传部贵州省文明办授予称号。")
    assert set(names) == {"贵州省文明办", "贵州省委宣传部"}


def test_organizations_party_committee_of_a_body_is_not_separate() -> None:
    doc = run("遵义市卫生健康局党委书记、局长张文涛出席。")
    assert doc.names_of(EntityType.ORGANIZATION) == ["遵义市卫生健康局"]
    assert {(p.role, p.org) for p in doc.posts} == {("党委书记", "遵义市卫生健康局"), ("局长", "遵义市卫生健康局")}


def test_subject_from_self_references() -> None:
    doc = run("遵义市第二人民医院召开大会。我院院长王建国作报告。本院职工踊跃发言。")
    assert doc.subject == "遵义市第二人民医院"
    self_refs = [doc.text[m.start : m.end] for m in doc.mentions if m.entity == doc.subject]
    assert "我院" in self_refs and "本院" in self_refs


def test_subject_is_not_the_visitor_named_next_to_wo_yuan() -> None:
    text = (
        "江油市人民医院院长一行来我院交流。临海市第一人民医院院长主持座谈。"
        "临海市第一人民医院将继续深化合作。江油市人民医院表示感谢。江油市人民医院领导参观。"
    )
    assert run(text).subject == "临海市第一人民医院"


def test_subject_is_the_host_a_visit_莅临_names_next_to_wo_yuan() -> None:
    text = (
        "我院通过卒中中心现场评审。专家组一行莅临青山县人民医院，对我院卒中中心建设进行评审。"
        "专家组组长、白河市中医院神经内科主任李明发言。"
    )
    assert run(text).subject == "青山县人民医院"


def test_subject_none_without_institution() -> None:
    assert run("今天天气很好，大家参加了植树活动。").subject is None


def test_subject_from_the_site_header_outside_sentences() -> None:
    doc = document_from_text("欢迎访问临海市第一人民医院~\n专家来我院调研指导工作。")
    assert all("欢迎访问" not in s.text for s in doc.sentences)  # the reader keeps the header out
    assert extract(doc).subject == "临海市第一人民医院"


@pytest.mark.parametrize(
    "name, code_prefix, level",
    [("遵义", "5203", "city"), ("湄潭县", "520328", "county"), ("贵州", "52", "province"), ("延边", "2224", "city")],
)
def test_places_gazetteer_lookup(name: str, code_prefix: str, level: str) -> None:
    place = places.lookup(name)
    assert place is not None and place.code.startswith(code_prefix) and place.level == level


def test_places_parents_from_the_adcode() -> None:
    county = places.lookup("湄潭县")
    assert places.parent(county, "city").name == "遵义市"
    assert places.parent(county, "province").name == "贵州省"


def test_places_short_name_strips_ethnic_autonomy() -> None:
    assert places.short_name("木垒哈萨克自治县") == "木垒"
    assert places.short_name("内蒙古自治区") == "内蒙古"


def test_institutions_placeless_level_name_completed_from_the_document() -> None:
    doc = run("近日，县人民医院召开会议。宁陵县卫健委主任王刚出席。")
    assert doc.names_of(EntityType.INSTITUTION) == ["宁陵县人民医院"]
    assert resolve_name(doc, "县人民医院") == "宁陵县人民医院"


def test_institutions_bracketed_second_name_and_campus() -> None:
    doc = run("张家口市第一医院（又名张家口市红十字医院）东院区正式启用。")
    assert resolve_name(doc, "张家口市红十字医院") == "张家口市第一医院"
    assert "张家口市第一医院东院区" in doc.names_of(EntityType.INSTITUTION)


def test_organizations_placeless_association_gets_the_province() -> None:
    doc = run("江西省人民医院召开会议。省医学会专家出席。")
    assert "江西省医学会" in doc.names_of(EntityType.ORGANIZATION)


def test_institutions_university_hospital_short_name_merges() -> None:
    doc = run("四川大学华西医院专家来院指导。华西医院院长李为民出席。")
    assert doc.names_of(EntityType.INSTITUTION) == ["四川大学华西医院"]


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("我院", "遵义市第二人民医院"),
        ("遵义二院", "遵义市第二人民医院"),
        ("市二院", "遵义市第二人民医院"),
        ("市卫健委", "遵义市卫健委"),
        ("遵义市卫健委", "遵义市卫健委"),
        ("王建国", "王建国"),
        ("省卫健委", None),
    ],
)
def test_resolve_name_maps_written_forms(written: str, canonical: str | None) -> None:
    doc = run("遵义市第二人民医院召开大会。我院院长王建国作报告。遵义市卫健委副主任出席。")
    assert resolve_name(doc, written) == canonical


def test_subject_none_when_only_partners_are_named() -> None:
    text = "我院坚持改革创新。我院与临海市第一人民医院、桐乡市中医医院建立专科联盟。我院职工积极参与。"
    assert run(text).subject is None


def test_subject_bare_hospital_word_is_a_mention_unless_qualified() -> None:
    doc = run("遵义市第二人民医院召开大会。医院党委高度重视，推动医院高质量发展，带动基层医院发展。")
    spans = [(m.start, doc.text[m.start : m.end]) for m in doc.mentions if m.entity == doc.subject]
    assert [w for _, w in spans] == ["遵义市第二人民医院", "医院", "医院"]
    assert doc.text.index("基层医院") + 2 not in [s for s, _ in spans]


def test_organizations_written_forms_of_one_body_are_one_entity() -> None:
    doc = run("遵义市卫生健康委员会主任出席。遵义市卫健委副主任讲话。遵义市人民政府、遵义市政府领导参加。")
    assert doc.names_of(EntityType.ORGANIZATION) == ["遵义市人民政府", "遵义市卫生健康委员会"]
    assert resolve_name(doc, "遵义市卫健委") == "遵义市卫生健康委员会"


def test_institutions_several_second_names_in_one_bracket() -> None:
    text = "深圳市人民医院（暨南大学第二临床医学院、南方科技大学第一附属医院）获批。"
    doc = run(text + "南方科技大学第一附属医院专家来访。")
    assert doc.names_of(EntityType.INSTITUTION) == ["深圳市人民医院"]
    assert resolve_name(doc, "暨南大学第二临床医学院") == "深圳市人民医院"


def test_institutions_plaque_later_in_the_sentence_names_the_nearest_institution() -> None:
    text = "郑州大学第一附属医院与登封市人民政府、登封市中医院签署协议，并挂牌“郑州大学第一附属医院登封医院”。"
    doc = run(text)
    assert doc.names_of(EntityType.INSTITUTION) == ["登封市中医院", "郑州大学第一附属医院"]
    assert resolve_name(doc, "郑州大学第一附属医院登封医院") == "登封市中医院"


# --- generalisation: town and community names that are common words, conjunctions, publishers ---


def test_institutions_every_township_health_centre_of_a_list() -> None:
    names = institutions("松阳县人民医院召开会议。出口镇卫生院、黄泥镇卫生院、前进乡卫生院负责人参加。")
    assert {"出口镇卫生院", "黄泥镇卫生院", "前进乡卫生院"} <= set(names)


@pytest.mark.parametrize(
    "text, hospital",
    [
        ("我院同意与松阳县人民医院续签医联体协议。", "松阳县人民医院"),
        ("远程会诊中心将与白河省人民医院远程医学中心实现互联互通。", "白河省人民医院"),
    ],
)
def test_institutions_a_hospital_then_a_verb_or_its_centre_is_no_group_name(text: str, hospital: str) -> None:
    names = institutions(text)
    assert hospital in names
    assert not any(n.startswith(hospital) and n != hospital for n in names)


def test_institutions_a_hospitals_own_group_keeps_its_name() -> None:
    assert "松阳县人民医院医联体" in institutions("松阳县人民医院医联体召开理事会。")


def test_institutions_a_town_whose_name_opens_like_a_verb_inside_a_list() -> None:
    text = "松阳县人民医院召开会议。前进乡卫生院、打鼓岭镇中心卫生院、出马岭镇卫生院、黄泥镇卫生院负责人参加。"
    names = institutions(text)
    assert {"前进乡卫生院", "打鼓岭镇中心卫生院", "出马岭镇卫生院", "黄泥镇卫生院"} <= set(names)


def test_institutions_county_maternal_and_child_service_centres_are_institutions() -> None:
    doc = run("松阳县人民医院召开会议。松阳县妇幼保健计划生育服务中心、前进乡卫生院负责人参加。")
    assert "松阳县妇幼保健计划生育服务中心" in doc.names_of(EntityType.INSTITUTION)
    assert not any(c.name.endswith("服务中心") for c in doc.centres)


@pytest.mark.parametrize(
    "text, name",
    [
        ("青石社区卫生服务中心开展义诊。", "青石社区卫生服务中心"),
        ("团结街道社区卫生服务中心举行揭牌仪式。", "团结街道社区卫生服务中心"),
        ("胜利镇中心卫生院通过评审。", "胜利镇中心卫生院"),
    ],
)
def test_institutions_local_names_that_are_common_words(text: str, name: str) -> None:
    assert name in institutions(text)


@pytest.mark.parametrize(
    "text",
    ["辖区社区卫生服务中心全部参加。", "各乡镇卫生院负责人参加培训。", "基层社区卫生服务中心开展随访。"],
)
def test_institutions_generic_local_words_are_no_names(text: str) -> None:
    assert institutions(text) == []


def test_organizations_conjunction_before_a_place_less_body() -> None:
    names = organizations("感谢县政府的坚强领导和县卫健委的大力支持。")
    assert "县卫健委" in names or any(n.endswith("县卫健委") and not n.startswith("和县") for n in names)
    assert not any(n.startswith("和县") for n in names)


def test_organizations_county_at_the_start_of_a_sentence_is_a_place() -> None:
    assert "和县卫健委" in organizations("和县卫健委召开专题会议。")


def test_subject_is_the_publishing_bureau_without_self_reference() -> None:
    text = (
        "云溪县卫生健康局开展基层卫生人员培训\n来源：云溪县卫生健康局\n"
        "近日，云溪县卫生健康局举办基层卫生人员能力提升培训班，各乡镇卫生院负责人参加培训。\n"
    )
    doc = run(text)
    assert doc.subject == "云溪县卫生健康局"
    assert doc.entities[doc.subject].type == EntityType.ORGANIZATION


def test_subject_stays_the_hospital_when_the_text_says_we() -> None:
    text = "来源：云溪县卫生健康局\n近日，云溪县人民医院召开年度工作会议。我院全体职工参加。\n"
    assert run(text).subject == "云溪县人民医院"


def test_subject_headline_actor_beats_the_partner_after_yu() -> None:
    text = (
        "梅岭市中心医院与石桥县人民医院签订医联体协议\n"
        "近日，梅岭市中心医院与石桥县人民医院签订合作协议，石桥县人民医院将派员进修。\n"
        "版权所有：梅岭市中心医院\n"
    )
    assert run(text).subject == "梅岭市中心医院"


def test_institutions_towns_listed_before_one_shared_suffix() -> None:
    names = set(institutions("松阳县人民医院召开会议。组织出口镇、黄泥镇、前进乡卫生院开展培训。"))
    assert {"出口镇卫生院", "黄泥镇卫生院", "前进乡卫生院"} <= names


def test_institutions_generic_township_list_gives_no_name() -> None:
    assert institutions("组织各乡、镇卫生院开展培训。") == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("闽江省医师协会急诊医师分会成立大会召开。", "闽江省医师协会急诊医师分会"),
        ("中华医学会超声医学分会青年委员会换届。", "中华医学会超声医学分会青年委员会"),
        ("中国医院协会病案专业委员会年会召开。", "中国医院协会病案专业委员会"),
    ],
)
def test_organizations_branch_written_after_its_society(text: str, name: str) -> None:
    assert name in organizations(text)


def test_organizations_session_committee_is_no_branch() -> None:
    assert not any("第三届" in n for n in organizations("中华医学会第三届委员会会议召开。"))


def test_institutions_transliterated_town_names_in_a_list() -> None:
    names = set(institutions("会议表彰了先进单位，托克其镇卫生院、阿热吾斯塘乡卫生院、英巴格乡中心卫生院获评先进。"))
    assert {"托克其镇卫生院", "阿热吾斯塘乡卫生院", "英巴格乡中心卫生院"} <= names


def test_institutions_list_item_does_not_start_with_a_verb() -> None:
    names = set(institutions("组织出口镇卫生院、黄泥镇卫生院开展培训。"))
    assert {"出口镇卫生院", "黄泥镇卫生院"} <= names
    assert not any(n.startswith("组织") for n in names)


def test_subject_bureau_speaks_of_itself_as_wo_ju() -> None:
    text = (
        "云溪县卫生健康局开展基层卫生人员培训\n来源：云溪县卫生健康局\n"
        "近日，云溪县卫生健康局举办培训班。我局党组书记、局长杜海涛出席并讲话。\n"
    )
    doc = run(text)
    assert {(p.person, p.role, p.org) for p in doc.posts} == {
        ("杜海涛", "党组书记", "云溪县卫生健康局"),
        ("杜海涛", "局长", "云溪县卫生健康局"),
    }


def test_institutions_conjunction_after_a_name_is_no_place() -> None:
    assert institutions("专家组走访了乡卫生院和县人民医院。") == []
    assert institutions("和县人民医院召开会议。") == ["和县人民医院"]


def test_organizations_place_less_body_takes_the_subjects_place_written_without_level() -> None:
    doc = run("金华南湖医院召开会议。市卫健委主任徐文出席。")
    assert "金华市卫健委" in doc.names_of(EntityType.ORGANIZATION)


def test_subject_headline_actor_beats_a_partner_named_more_often() -> None:
    text = (
        "梅岭市中心医院与石桥县人民医院签订医联体协议\n"
        "近日，石桥县人民医院代表团来访。石桥县人民医院将派员进修，石桥县人民医院院长表示感谢。"
        "梅岭市中心医院表示支持。\n"
    )
    assert run(text).subject == "梅岭市中心医院"


def test_subject_source_of_a_signing_beats_the_headline_actor() -> None:
    text = (
        "梅岭市中心医院与石桥县人民医院签订医联体协议\n来源：石桥县人民医院\n"
        "近日，梅岭市中心医院与石桥县人民医院签订协议。\n"
    )
    assert run(text).subject == "石桥县人民医院"


def test_subject_is_the_hospital_the_whole_source_line_names_over_its_group() -> None:
    text = (
        "青山县人民医院医疗集团揭牌\n来源:青山县人民医院\n青山县人民医院医疗集团由青山县人民医院牵头组建。"
        "青山县人民医院医疗集团实行统一管理。集团将在集团内统一建设消毒供应中心。"
    )
    doc = run(text)
    assert doc.subject == "青山县人民医院"
    bare = [m.entity for m in doc.mentions if doc.text[m.start : m.end] == "集团"]
    assert bare and set(bare) == {"青山县人民医院医疗集团"}  # a bare 集团 is the group named after the subject
    assert {(c.org, c.name) for c in doc.centres} == {("青山县人民医院医疗集团", "消毒供应中心")}


def test_institution_a_city_group_named_after_a_hospital() -> None:
    text = "会议同意以我院为牵头单位组建青山县人民医院城市医疗集团。青山县人民医院召开会议。"
    assert "青山县人民医院城市医疗集团" in institutions(text)


def test_subject_is_the_venue_where_a_ceremony_is_held_next_to_wo_yuan() -> None:
    text = (
        "青山县人民医院加入白河市中医院专科联盟。授牌仪式在青山县人民医院举行，我院正式成为联盟成员单位。"
        "白河市中医院心内科主任李明，白河市中医院副院长王芳出席仪式。"
    )
    assert run(text).subject == "青山县人民医院"


def test_person_after_an_aid_expert_cue_is_a_person_without_a_post() -> None:
    doc = run("青山县人民医院完成首例手术。手术由援疆专家沈晓峰与我院心内科主任李明共同完成。")
    assert "沈晓峰" in doc.names_of(EntityType.PERSON)
    assert not any(p.person == "沈晓峰" for p in doc.posts)


@pytest.mark.parametrize("town", ["赶水镇", "打通镇"])
def test_institutions_town_name_jieba_glues_to_zhen(town: str) -> None:
    names = set(institutions(f"松阳县人民医院召开会议。医院向{town}中心卫生院延伸远程心电服务。"))
    assert f"{town}中心卫生院" in names
    assert not {n for n in names if n.endswith("镇卫生院") and n.startswith(("各", "全"))}


def test_institutions_a_name_without_ordinal_is_not_the_short_form_of_one_with_it() -> None:
    names = set(institutions("白河市第二人民医院召开会议。白河市人民医院院长王刚出席。"))
    assert {"白河市第二人民医院", "白河市人民医院"} <= names


@pytest.mark.parametrize("suffix", ["卫生院", "社区卫生服务中心"])
def test_institutions_town_name_jieba_cuts_into_characters(suffix: str) -> None:
    names = set(institutions(f"松阳县人民医院召开会议。医院还与廊下镇{suffix}签订了协议。"))
    assert f"廊下镇{suffix}" in names


def test_institutions_generic_township_words_stay_no_name() -> None:
    names = set(institutions("松阳县人民医院召开会议。全县各乡镇卫生院参加。"))
    assert names == {"松阳县人民医院"}


def test_organizations_two_character_city_jieba_splits_keeps_its_first_character() -> None:
    doc = extract(document_from_text("白鹿市中心医院召开会议。白鹿市卫健委副主任杜鹏出席。"))
    assert "白鹿市卫健委" in doc.entities
    assert "鹿市卫健委" not in doc.entities


def test_institutions_two_character_town_jieba_splits_keeps_its_first_character() -> None:
    names = set(institutions("石门县人民医院召开会议。同日,我院夹山镇分院揭牌成立。"))
    assert "夹山镇分院" in names
    assert "山镇分院" not in names


def test_institutions_do_not_run_through_an_alliance_name() -> None:
    names = set(institutions("松阳县人民医院召开会议。白河大学附属医院眼科专科联盟松阳县人民医院分中心揭牌。"))
    assert {"白河大学附属医院", "松阳县人民医院"} <= names
    assert not [n for n in names if "联盟" in n]


def test_subject_of_an_html_page_is_named_only_in_its_chrome(tmp_path) -> None:
    from kg.documents import read_document

    page = (
        "<html><head><title>我院与省城中心医院开通远程会诊_新闻动态_松溪县第二人民医院</title></head><body>"
        '<div class="logo"><img src="/logo.png" alt="松溪县第二人民医院"></div>'
        "<h1>我院与省城中心医院开通远程会诊</h1><div>来源：医务科</div>"
        "<p>5月8日，我院与省城中心医院远程会诊中心正式开通。我院党支部书记、院长张明远出席仪式。</p>"
        '<div class="footer">版权所有 © 松溪县第二人民医院 地址：某县某镇</div></body></html>'
    )
    path = tmp_path / "news.html"
    path.write_text(page, encoding="utf-8")
    doc = extract(read_document(path))
    assert doc.subject == "松溪县第二人民医院"
    assert any(p.person == "张明远" and p.org == doc.subject and p.role == "院长" for p in doc.posts)


def test_a_community_centre_speaks_of_itself_as_wo_zhongxin() -> None:
    text = (
        "我中心与江城市第一人民医院共建医联体\n"
        "来源：江城市东湖街社区卫生服务中心  时间：2026-05-09\n"
        "5月8日，江城市第一人民医院专家来到我中心坐诊。"
        "我中心主任刘海燕介绍，中心现有家庭医生团队10个。中心党支部书记陈国栋表示，要用好医联体资源。"
    )
    doc = run(text)
    assert doc.subject == "江城市东湖街社区卫生服务中心"
    posts = {(p.person, p.role, p.org) for p in doc.posts}
    assert ("刘海燕", "主任", doc.subject) in posts
    assert ("陈国栋", "党支部书记", doc.subject) in posts


def test_wo_zhongxin_of_a_hospital_clinical_centre_is_not_a_centre_subject() -> None:
    text = (
        "我院胸痛中心成功救治一名急性心梗患者\n"
        "来源：江城市第一人民医院\n"
        "5月8日，我中心接诊一名患者，江城市东湖街社区卫生服务中心医生随车转运。我院心内科主任王志强带队抢救。"
    )
    doc = run(text)
    assert doc.subject == "江城市第一人民医院"
    wo = doc.text.index("我中心")
    assert not any(m.start == wo and m.entity == "江城市东湖街社区卫生服务中心" for m in doc.mentions)


def _page_subject(tmp_path, title: str, body: str):
    from kg.documents import read_document

    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>{title}</title></head><body>{body}</body></html>", encoding="utf-8")
    return extract(read_document(path))


def test_a_page_whose_body_names_no_institution_is_about_its_site(tmp_path) -> None:
    doc = _page_subject(
        tmp_path,
        "院党委召开专题会议_新闻中心_松溪县第二人民医院",
        "<h1>院党委召开专题会议</h1><p>6月3日，院党委召开专题会议，院党委书记李建国主持会议。</p>",
    )
    assert doc.subject == "松溪县第二人民医院"
    assert ("李建国", "党委书记", doc.subject) in {(p.person, p.role, p.org) for p in doc.posts}


def test_a_page_of_a_site_that_is_no_institution_has_no_subject(tmp_path) -> None:
    doc = _page_subject(
        tmp_path,
        "全县开展爱国卫生运动_要闻_松溪县融媒体中心",
        "<h1>全县开展爱国卫生运动</h1><p>6月3日，全县开展爱国卫生月活动，群众踊跃参加。</p>",
    )
    assert doc.subject is None


def test_subject_from_a_copyright_footer_kept_in_a_text_file() -> None:
    text = (
        "我院与省城第一人民医院签约\n6月3日，我院与省城第一人民医院签订医联体协议，我院院长张明远出席。\n"
        "Copyright © 2020-2026 松溪县第二人民医院 版权所有\n"
    )
    assert run(text).subject == "松溪县第二人民医院"
