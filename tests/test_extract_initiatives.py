"""The `initiatives` stage on short sentences written for these tests (made-up names)."""

from __future__ import annotations

import re

import pytest

from kg.documents import document_from_text
from kg.extract.names import add_entity, add_mention, evidence_for
from kg.extract.pipeline import REGISTRY
from kg.model import Document, EntityType, Post

SUBJECT = "青山县人民医院"


def prepared(text: str, organizations: tuple[str, ...] = (), institutions: tuple[str, ...] = ()) -> Document:
    doc = document_from_text(text)
    doc.subject = SUBJECT
    kinds = {SUBJECT: EntityType.INSTITUTION}
    kinds |= {n: EntityType.INSTITUTION for n in institutions} | {n: EntityType.ORGANIZATION for n in organizations}
    for name, etype in kinds.items():
        add_entity(doc, name, etype)
        for m in re.finditer(re.escape(name), text):
            add_mention(doc, m.start(), m.end(), name, etype)
    return doc


def found(text: str, **kw: tuple[str, ...]) -> list[tuple[str, str]]:
    doc = REGISTRY["initiatives"](prepared(text, **kw))
    return [(i.org, i.name) for i in doc.initiatives]


def names(text: str) -> list[str]:
    return [n for _, n in found(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深入开展“五心服务”活动。", ["五心服务活动"]),
        ("抓住“百县工程”建设契机。", ["百县工程"]),
        ("实施“双优双创”,提升服务。", ["双优双创"]),
        ("全面推行“智慧药房”,方便群众。", ["智慧药房"]),
        ("召开“质量提升年”部署会。", ["质量提升年"]),
        ("安装“节能照明”项目,降低能耗。", ["节能照明"]),
        ("从“创二甲”到“强二甲”。", ["创二甲", "强二甲"]),
        ("实施了“双提升,两下沉”战略。", ["双提升,两下沉"]),
        ("开展对口支援“传帮带”和“组团式”帮扶工作。", ["传帮带", "组团式帮扶"]),
        ("“互联网医院”正式上线服务。", ["互联网医院"]),
        ("推进“平安医院”创建。", ["平安医院"]),
        ("以“智慧流动医院”为载体。", ["智慧流动医院"]),
    ],
)
def test_initiatives_quoted_programmes(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("扎实推进清廉医院建设。", ["清廉医院建设"]),
        ("五是要实施医院精细化管理工程,提升能力。", ["医院精细化管理工程"]),
        ("被确定为全国现代医院管理制度试点单位。", ["现代医院管理制度"]),
        ("出席专科联盟揭牌仪式暨医院冬令进补节活动。", ["医院冬令进补节"]),
        ("召开全国基层中医药示范县创建推进会。", ["全国基层中医药示范县创建"]),
        ("推进紧密型县域医共体建设。", ["紧密型县域医共体建设"]),
    ],
)
def test_initiatives_named_without_quotes(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "深入学习贯彻党的二十大精神。",
        "坚持“以人民为中心”的发展思想。",
        "严格落实“第一议题”制度,持续纠治“四风”。",
        "认真落实「一岗双责」,运用好「四种形态」。",
        "谋划“十五五”发展规划。",
        "落实国家卫健委“九不准”规定。",
    ],
)
def test_initiatives_skip_national_slogans(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "医院荣获“全国文明单位”称号。",
        "被表彰命名为“党员先锋岗”。",
        "被评为“改善医疗服务示范医院”。",
        "被授予“人民好医生”。",
    ],
)
def test_initiatives_skip_honour_titles(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "大会审议了《医院工作报告》。",
        "不断加强党建工作。",
        "通过业务“托管”、专科共建等方式合作。",
        "实现了从“量变”到“质变”的跨越。",
        "以“老黄牛精神”为指引。",
        "从“输血式”帮扶到“造血式”培养。",
        "加快推进“医联体”“医共体”建设。",
        "市政府主体工程顺利封顶。",
        "他是中国工程院院士。",
        "被脑卒中防治工程委员会授予称号。",
        "以“一茬接着一茬干”的精神。",
        "医院荣获“全国百佳医院”。",
        "喜迎建院“70周年”。",
        "加强医联体建设,推进分级诊疗。",
        "获得“光荣在党50年”纪念章。",
        "庆祝“中国医师节”,举办中国医师节活动。",
        "开展“学党史、悟思想、办实事、开新局”。",
        "争创“百姓满意医院”。",
    ],
)
def test_initiatives_skip_generic_words_and_figures(text: str) -> None:
    assert names(text) == []


def test_initiatives_skip_quoted_entity_names_and_centres() -> None:
    text = "共同为“青山县人民医院协作医院”揭牌,启动“胸痛救治中心”。"
    assert names(text) == []


def test_initiatives_owner_is_the_body_named_before() -> None:
    text = "东方省卫生健康委光明工程推进会召开。"
    assert found(text, organizations=("东方省卫生健康委",)) == [("东方省卫生健康委", "光明工程")]


def test_initiatives_owner_defaults_to_subject() -> None:
    assert found("开展“三查三改”活动。") == [(SUBJECT, "三查三改活动")]


def test_initiatives_variants_kept_once() -> None:
    assert names("推进清廉医院建设。持续推进清廉医院建设,打造清廉医院。") == ["清廉医院建设"]


def test_initiatives_planned_status() -> None:
    doc = REGISTRY["initiatives"](prepared("医院将启动“智慧病房”建设。"))
    assert [i.status for i in doc.initiatives] == ["planned"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("医院开展服务质量提升年活动。", ["服务质量提升年"]),
        ("圆满完成三个主题年任务。", []),
    ],
)
def test_initiatives_theme_years_without_quotes(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_initiatives_owner_is_the_institution_opening_the_clause() -> None:
    text = "白河县人民医院开展“三好一满意”活动。"
    assert found(text, institutions=("白河县人民医院",)) == [("白河县人民医院", "三好一满意活动")]


def test_initiatives_skip_report_and_document_titles() -> None:
    assert names("传达了《关于开展“双百”行动的通知》和《医院清廉医院建设实施方案》。") == []


def test_initiatives_quoted_theme_of_a_campaign() -> None:
    assert names("开展“改善就医感受 提升患者体验”主题活动。") == ["改善就医感受 提升患者体验"]


@pytest.mark.parametrize("text", ["新院区综合楼工程顺利封顶。", "医院迁建工程开工。"])
def test_initiatives_skip_construction_works(text: str) -> None:
    assert names(text) == []


def test_initiatives_skip_titles_of_talks() -> None:
    assert names("在会议室举办“卒中中心建设”专题讲座和“清廉医院建设”知识竞赛。") == []


def test_initiatives_quoted_national_programme_belongs_to_the_joiner() -> None:
    text = "我院入选东方省卫生健康委“百县工程”名单。"
    assert found(text, organizations=("东方省卫生健康委",)) == [(SUBJECT, "百县工程")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("石泉县人民医院开展“健康进万家”义诊活动。", ["健康进万家义诊活动"]),
        ("医院医护人员参与“组团式”医疗援青工作。", ["组团式医疗援青"]),
        ("全面启动“健康石泉”行动。", ["健康石泉行动"]),
        ("落实“美丽乡医”三年行动计划。", ["美丽乡医三年行动计划"]),
        ("认真做好“暖心陪诊”工作。", ["暖心陪诊"]),
        ("深入实施“乡医培优”工程。", ["乡医培优"]),
        ("开展“光明复明”公益项目。", ["光明复明公益项目"]),
    ],
)
def test_initiatives_quoted_name_followed_by_a_programme_noun(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "成立“暖心陪诊”工作组。",
        "组建“乡医培优”工作专班。",
    ],
)
def test_initiatives_quoted_name_of_a_working_team_is_not_a_programme(text: str) -> None:
    assert names(text) == []


def test_initiatives_a_government_official_speaks_of_the_body_programme() -> None:
    body, person = "石泉县卫生健康局", "周立新"
    text = f"青山县人民医院举行义诊。会上，{body}局长{person}表示，全县将全面推进“健康石泉”行动。"
    doc = prepared(text, organizations=(body,))
    add_entity(doc, person, EntityType.PERSON)
    start = doc.text.index(person)
    add_mention(doc, start, start + len(person), person, EntityType.PERSON)
    evidence = evidence_for(doc, 0, start + len(person), "posts")
    doc.posts.append(Post(evidence=evidence, person=person, role="局长", org=body))
    doc = REGISTRY["initiatives"](doc)
    assert [(i.org, i.name) for i in doc.initiatives] == [(body, "健康石泉行动")]


def test_initiatives_a_body_opening_the_clause_runs_its_programme() -> None:
    body = "石泉县人民政府"
    assert found("石泉县人民政府实施“乡医培优”工程，青山县人民医院积极参与。", organizations=(body,)) == [
        (body, "乡医培优")
    ]


def test_initiatives_a_body_named_with_its_official_does_not_own_the_programme() -> None:
    body = "石泉县卫生健康局"
    text = "石泉县卫生健康局副局长周立新就“乡医培优”工程提出要求。"
    assert found(text, organizations=(body,)) == [(SUBJECT, "乡医培优")]


def test_initiatives_an_official_asking_the_hospital_to_take_part_leaves_it_the_hospital_s() -> None:
    body, person = "石泉县卫生健康局", "周立新"
    text = f"{body}局长{person}强调，青山县人民医院要在“乡医培优”工程中发挥作用。"
    doc = prepared(text, organizations=(body,))
    add_entity(doc, person, EntityType.PERSON)
    start = doc.text.index(person)
    add_mention(doc, start, start + len(person), person, EntityType.PERSON)
    doc.posts.append(Post(evidence=evidence_for(doc, 0, start, "posts"), person=person, role="局长", org=body))
    doc = REGISTRY["initiatives"](doc)
    assert [(i.org, i.name) for i in doc.initiatives] == [(SUBJECT, "乡医培优")]


def test_initiatives_quoted_name_followed_by_two_nouns_and_a_programme_word() -> None:
    assert names("举办“情暖石泉”健康义诊活动。") == ["情暖石泉健康义诊活动"]


def test_initiatives_a_body_that_speaks_itself_owns_the_programme() -> None:
    body = "石泉县卫生健康局"
    text = "青山县人民医院举行义诊。据石泉县卫生健康局介绍，全县将实施“乡医培优”工程。"
    assert found(text, organizations=(body,)) == [(body, "乡医培优")]


def test_initiative_two_part_quoted_theme_of_a_campaign() -> None:
    assert names("以“改善就医感受、提升患者体验”主题活动为抓手，推进各项工作。") == ["改善就医感受、提升患者体验"]


def test_initiative_two_part_quoted_phrase_without_a_campaign_word_is_none() -> None:
    assert names("坚持“以病人为中心、以质量为核心”的理念。") == []


def test_initiative_quoted_goal_of_building_a_regional_centre() -> None:
    assert names("紧紧围绕“建设东方区域医疗中心”目标，持续做强学科。") == ["建设东方区域医疗中心"]


def test_initiative_quoted_service_programme() -> None:
    assert names("中心还将开展“老年友善家庭病床”服务。") == ["老年友善家庭病床"]


def test_initiatives_an_official_who_tells_the_hospital_leaves_the_programme_to_it() -> None:
    body, person = "石泉县人民政府", "周立新"
    text = f"{body}副县长{person}到青山县人民医院调研。{person}强调，要深入实施“母婴安全提升”行动。"
    doc = prepared(text, organizations=(body,))
    add_entity(doc, person, EntityType.PERSON)
    for m in re.finditer(person, text):
        add_mention(doc, m.start(), m.end(), person, EntityType.PERSON)
    doc.posts.append(Post(evidence=evidence_for(doc, 0, 14, "posts"), person=person, role="副县长", org=body))
    doc = REGISTRY["initiatives"](doc)
    assert [(i.org, i.name) for i in doc.initiatives] == [(SUBJECT, "母婴安全提升行动")]


def test_initiatives_quoted_model_or_reform() -> None:
    assert names("医院推行“入院即治疗”急救模式。") == ["入院即治疗"]
    assert names("全面推进“三统一”改革。") == ["三统一"]


def test_initiatives_of_a_bare_group_word_belong_to_the_named_group() -> None:
    group = "青山县人民医院医共体"
    text = "青山县人民医院医共体召开会议。会议指出,2024年医共体要全面推进“两统一”改革。"
    assert ("青山县人民医院医共体", "两统一") in found(text, institutions=(group,))


def test_initiatives_building_a_regional_medical_centre_is_a_goal() -> None:
    assert names("医院要加快建设省级区域医疗中心,带动县级医院。") == ["建设省级区域医疗中心"]
    assert names("医院是省级区域医疗中心。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("医院深入开展“健康进万家”实践活动。", ["健康进万家实践活动"]),
        ("医院开展“美丽医院”创建活动。", ["美丽医院创建活动"]),
        ("医院开展“书香医院”知识竞赛活动。", []),
    ],
)
def test_initiatives_quoted_name_then_a_noun_and_campaign_word(text: str, expected: list[str]) -> None:
    assert names(text) == expected
