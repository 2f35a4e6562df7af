"""The `persons` and `posts` stages on short sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.documents import document_from_text
from kg.extract import extract
from kg.model import EntityType

HOSPITAL = "桐乡市第一人民医院"
HEAD = f"{HOSPITAL}召开年度工作会议。"


def run(text: str):
    return extract(document_from_text(text))


def posts_of(text: str) -> set[tuple[str, str, str]]:
    return {(p.person, p.role, p.org) for p in run(text).posts}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("院长王建国主持会议。", {("王建国", "院长", HOSPITAL)}),
        ("王建国院长对全体职工提出要求。", {("王建国", "院长", HOSPITAL)}),
        ("院党委书记李文博作总结讲话。", {("李文博", "党委书记", HOSPITAL)}),
        ("我院副院长刘晓梅介绍了情况。", {("刘晓梅", "副院长", HOSPITAL)}),
    ],
)
def test_posts_title_before_or_after_the_name(sentence: str, expected: set) -> None:
    assert posts_of(HEAD + sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("党委书记、院长赵立新作报告。", {("赵立新", "党委书记", HOSPITAL), ("赵立新", "院长", HOSPITAL)}),
        (
            "医院党委委员、副院长孙卫东主持。",
            {("孙卫东", "党委委员", HOSPITAL), ("孙卫东", "副院长", HOSPITAL)},
        ),
    ],
)
def test_posts_split_title_lists(sentence: str, expected: set) -> None:
    assert posts_of(HEAD + sentence) == expected


def test_posts_name_list_after_one_title() -> None:
    got = posts_of(HEAD + "副院长周海涛、刘晓梅出席会议。")
    assert got == {("周海涛", "副院长", HOSPITAL), ("刘晓梅", "副院长", HOSPITAL)}


def test_posts_title_after_name_is_not_shared_with_next_name() -> None:
    got = posts_of(HEAD + "由马红英主席、陈志远和周海涛组成主席团。")
    assert got == {("马红英", "主席", HOSPITAL)}


def test_posts_organization_title_name() -> None:
    got = posts_of(HEAD + "遵义市卫健委副主任陈志远出席会议。")
    assert ("陈志远", "副主任", "遵义市卫健委") in got


def test_posts_department_stays_in_role() -> None:
    got = posts_of(HEAD + "心血管内科主任马红英、护理部副主任刘晓梅参加。")
    assert got == {("马红英", "心血管内科主任", HOSPITAL), ("刘晓梅", "护理部副主任", HOSPITAL)}


def test_posts_former_post_is_marked() -> None:
    doc = run(HEAD + "会议邀请了原遵义市第二人民医院院长王建国作讲座。")
    former = [p for p in doc.posts if p.person == "王建国"]
    assert former and all(p.status == "former" for p in former)
    assert former[0].org == "遵义市第二人民医院"


@pytest.mark.parametrize(
    "sentence", ["王建国教授作了专题讲座。", "邀请了中山大学教授李文博授课。", "外科学博士陈志远出席。"]
)
def test_posts_academic_titles_are_not_posts(sentence: str) -> None:
    doc = run(HEAD + sentence)
    assert doc.names_of("Person")
    assert doc.posts == []


def test_posts_place_and_government_title() -> None:
    got = posts_of(HEAD + "茂名市副市长高雪山出席活动。")
    assert ("高雪山", "副市长", "茂名市政府") in got


def test_posts_party_committee_titles() -> None:
    text = "遵义市第二人民医院举行签约仪式。遵义市委书记张文涛，遵义市委常委、统战部部长刘海燕出席。"
    got = posts_of(text)
    assert ("张文涛", "书记", "遵义市委") in got
    assert ("刘海燕", "常委", "遵义市委") in got
    assert ("刘海燕", "统战部部长", "遵义市委") in got


def test_posts_place_less_committee_uses_the_document_place() -> None:
    text = "遵义市第二人民医院举行签约仪式。市委书记张文涛出席。"
    assert ("张文涛", "书记", "遵义市委") in posts_of(text)


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("李文博书记从三个方面作了部署。", "李文博"),
        ("院长王冰主持会议。", "王冰"),
        ("院长赵广才对下步工作提出要求。", "赵广才"),
        ("院长朱莉代表医院致辞。", "朱莉"),
    ],
)
def test_persons_do_not_swallow_following_verb(sentence: str, name: str) -> None:
    assert run(HEAD + sentence).names_of("Person") == [name]


def test_persons_list_closed_by_deng() -> None:
    doc = run(HEAD + "周海涛、刘晓梅、孙卫东等10名党员受到表彰。")
    assert doc.names_of("Person") == ["刘晓梅", "周海涛", "孙卫东"]


@pytest.mark.parametrize(
    "sentence",
    ["大力加强党风廉政建设。", "报告由***同志作。", "全院职工积极参加义诊活动。", "护理部组织了业务培训。"],
)
def test_persons_none_in_sentences_without_names(sentence: str) -> None:
    assert run(HEAD + sentence).names_of("Person") == []


def test_persons_name_without_surname_between_title_and_punctuation() -> None:
    doc = run(HEAD + "县卫健局局长扎西顿珠，院长陈志远出席。")
    assert "扎西顿珠" in doc.names_of("Person")


def test_persons_every_occurrence_is_a_mention() -> None:
    doc = run(HEAD + "院长王建国主持会议。王建国指出，要抓好落实。")
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.entity == "王建国"] == ["王建国", "王建国"]


def test_posts_evidence_points_into_the_sentence() -> None:
    doc = run(HEAD + "院长王建国主持会议。")
    post = doc.posts[0]
    sent = doc.sentences[post.evidence.sentence]
    assert sent.start <= post.evidence.start < post.evidence.end <= sent.end
    assert post.evidence.stage == "posts"


def test_posts_appointment_phrases() -> None:
    got = posts_of(HEAD + "王建国同志任院长。由刘晓梅担任副院长。")
    assert ("王建国", "院长", HOSPITAL) in got
    assert ("刘晓梅", "副院长", HOSPITAL) in got


def test_posts_inherited_organization_must_fit_the_title() -> None:
    text = "宁陵县人民医院召开会议。宁陵县卫健委主任王刚，院长赵军出席。"
    got = posts_of(text)
    assert ("赵军", "院长", "宁陵县人民医院") in got
    assert ("赵军", "院长", "宁陵县卫健委") not in got


def test_posts_listed_after_an_explicit_organization_inherit_it() -> None:
    text = HEAD + "遵义医科大学附属医院党委副书记、院长李晓明，副院长周海涛出席。"
    got = posts_of(text)
    assert ("周海涛", "副院长", "遵义医科大学附属医院") in got


def test_posts_bare_alliance_word_resolves_to_the_named_alliance() -> None:
    text = "江苏省胸痛专科联盟正式成立。南京鼓楼医院副院长王东进当选联盟理事长。"
    assert ("王东进", "理事长", "江苏省胸痛专科联盟") in posts_of(text)


def test_posts_elected_to_an_alliance_named_sentences_before() -> None:
    text = (
        "白河市眼科专科联盟成立大会在白河市人民医院召开。来自8家成员单位的代表参加会议。"
        "会上，周明远当选为联盟首届理事长，白河市人民医院眼科主任钱素云当选为秘书长。"
    )
    found = posts_of(text)
    assert ("周明远", "理事长", "白河市眼科专科联盟") in found
    assert ("钱素云", "秘书长", "白河市眼科专科联盟") in found
    assert not any(role in ("理事长", "秘书长") and org != "白河市眼科专科联盟" for _, role, org in found)


def test_persons_surname_that_is_also_a_preposition() -> None:
    doc = run(HEAD + "院长张斌、党委书记于凯江出席。")
    assert doc.names_of("Person") == ["于凯江", "张斌"]


def test_persons_place_in_a_list_is_no_name() -> None:
    text = "简阳市人民医院签约。成都市卫健委副主任王兵、简阳市副市长刘敏见证签约。"
    doc = run(text)
    assert doc.names_of("Person") == ["刘敏", "王兵"]
    assert ("刘敏", "副市长", "简阳市政府") in {(p.person, p.role, p.org) for p in doc.posts}


def test_posts_title_after_name_before_the_full_title_is_not_a_new_post() -> None:
    text = HEAD + "陈志远书记指出，要抓好落实。会议由遵义市委书记陈志远主持。"
    assert posts_of(text) == {("陈志远", "书记", "遵义市委")}


def test_persons_redacted_names_are_nothing() -> None:
    assert run(HEAD + "患者张某某康复出院。护士长李某某介绍了护理经验。").names_of("Person") == []


def test_persons_list_closed_by_tongzhi() -> None:
    doc = run(HEAD + "会议表彰了张建国、李红梅、王志强同志。")
    assert doc.names_of("Person") == ["张建国", "李红梅", "王志强"]


def test_posts_honour_titles_are_not_posts() -> None:
    doc = run(HEAD + "大会表彰了优秀护士长王丽、陈静，优秀护士李娜等50人。")
    assert doc.names_of("Person") == ["李娜", "王丽", "陈静"]
    assert doc.posts == []


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("主刀医生王海涛介绍了手术情况。", "王海涛"),
        ("值班护士李娟及时发现异常。", "李娟"),
        ("张明，男，汉族，1970年出生。", "张明"),
    ],
)
def test_persons_doctor_nurse_and_biography_anchors(sentence: str, name: str) -> None:
    doc = run(HEAD + sentence)
    assert doc.names_of("Person") == [name]
    assert doc.posts == []


def test_posts_current_and_former_appointments() -> None:
    doc = run(HEAD + "李强同志曾任宜宾市第一人民医院院长。王海涛现任宜宾市卫健委主任。")
    got = {(p.person, p.role, p.org, p.status) for p in doc.posts}
    assert got == {("李强", "院长", "宜宾市第一人民医院", "former"), ("王海涛", "主任", "宜宾市卫健委", None)}


def test_persons_byline_names_without_posts() -> None:
    doc = run("（记者 李娜 通讯员 周强 王芳）" + HEAD + "责任编辑：刘洋")
    assert doc.names_of("Person") == ["刘洋", "周强", "李娜", "王芳"]
    assert doc.posts == []


def test_persons_before_a_speech_verb_only_when_jieba_reads_a_name() -> None:
    doc = run(HEAD + "患者家属张红表示感谢。大家表示满意。党员代表认为很好。")
    assert doc.names_of("Person") == ["张红"]


# --- names that the held-out articles showed: compound surnames, minority names, verbs after 医师 ---


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("副院长欧阳振华主持会议。", "欧阳振华"),
        ("院长司马若兰出席并讲话。", "司马若兰"),
        ("党委书记上官伟介绍了情况。", "上官伟"),
        ("院长斯琴巴特尔出席会议。", "斯琴巴特尔"),
        ("副院长萨仁格日勒介绍了经验。", "萨仁格日勒"),
        ("副院长阿不都热依木主持会议。", "阿不都热依木"),
        ("副院长艾力·买买提介绍了情况。", "艾力·买买提"),
        ("党委书记古丽米拉·吐尔逊作总结。", "古丽米拉·吐尔逊"),
        ("院长乌云其木格总结讲话。", "乌云其木格"),
    ],
)
def test_persons_whole_name_after_a_title(sentence: str, name: str) -> None:
    names = run(HEAD + sentence).names_of(EntityType.PERSON)
    assert names == [name]


def test_persons_dotted_name_before_a_title() -> None:
    assert run(HEAD + "会上，迪丽拜尔·阿木提副院长宣读了通知。").names_of(EntityType.PERSON) == ["迪丽拜尔·阿木提"]


@pytest.mark.parametrize(
    "sentence",
    ["省城专家团队主任医师常驻我院开展诊疗。", "该科副主任医师长驻本院坐诊。", "心内科主任医师常驻我市指导工作。"],
)
def test_persons_no_name_ends_inside_a_self_reference(sentence: str) -> None:
    assert run(HEAD + sentence).names_of(EntityType.PERSON) == []


def test_persons_han_name_does_not_swallow_the_adverb_after_it() -> None:
    assert posts_of(HEAD + "副院长孟庆华对此表示肯定。") == {("孟庆华", "副院长", HOSPITAL)}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("集团总院长冯立新、总会计师胡秀英出席。", {("冯立新", "总院长", HOSPITAL), ("胡秀英", "总会计师", HOSPITAL)}),
        ("执行院长钱志远主持会议。", {("钱志远", "执行院长", HOSPITAL)}),
        ("医院聘任宋佳琪同志为医务科主任。", {("宋佳琪", "医务科主任", HOSPITAL)}),
        ("会上宣读了任命贺建军为副院长的决定。", {("贺建军", "副院长", HOSPITAL)}),
        ("会议决定聘请欧阳卫东担任医院发展顾问。", {("欧阳卫东", "发展顾问", HOSPITAL)}),
    ],
)
def test_posts_titles_kept_as_written_and_appointments(sentence: str, expected: set) -> None:
    assert posts_of(HEAD + sentence) == expected


def test_posts_bare_title_after_a_bureau_post_goes_to_the_bureau() -> None:
    found = posts_of(HEAD + "会上，桐乡市卫生健康局局长杜海涛出席并讲话，副局长廖春燕主持。")
    assert found == {("杜海涛", "局长", "桐乡市卫生健康局"), ("廖春燕", "副局长", "桐乡市卫生健康局")}


def test_posts_bare_hospital_title_after_a_bureau_post_stays_at_the_subject() -> None:
    found = posts_of(HEAD + "桐乡市卫生健康局局长杜海涛出席，副院长廖春燕主持。")
    assert ("廖春燕", "副院长", HOSPITAL) in found


def test_posts_elected_committee_title_goes_to_the_society_named() -> None:
    doc = run(HEAD + "近日，中华医学会超声医学分会换届大会召开，我院龚晓明当选为副主任委员。")
    assert {(p.person, p.role, p.org) for p in doc.posts} == {("龚晓明", "副主任委员", "中华医学会超声医学分会")}


def test_posts_title_of_a_named_community_health_centre() -> None:
    found = posts_of(HEAD + "柳荫社区卫生服务中心主任谭丽萍介绍了家庭医生签约经验。")
    assert found == {("谭丽萍", "主任", "柳荫社区卫生服务中心")}


def test_posts_list_after_titles_each_name_gets_every_title() -> None:
    # the titles before a name list apply to the list (tests/blind b18, tests/blind2 t12 gold)
    found = posts_of(HEAD + "党委委员、副院长蒋文涛、邱丽华出席。")
    assert found == {("蒋文涛", "党委委员", HOSPITAL), ("蒋文涛", "副院长", HOSPITAL), ("邱丽华", "党委委员", HOSPITAL),
                     ("邱丽华", "副院长", HOSPITAL)}


def test_posts_organization_of_a_chain_carries_over_the_list() -> None:
    found = posts_of(HEAD + "嘉善县第一人民医院党委书记邵建平、院长邹晓燕一行来院交流。")
    assert found == {("邵建平", "党委书记", "嘉善县第一人民医院"), ("邹晓燕", "院长", "嘉善县第一人民医院")}


def test_posts_long_name_list_survives_every_kind_of_name() -> None:
    found = posts_of(HEAD + "副院长韦国强、欧阳红梅、买买提·吐尔洪、高建华出席。")
    assert {p for p, _, _ in found} == {"韦国强", "欧阳红梅", "买买提·吐尔洪", "高建华"}
    assert {r for _, r, _ in found} == {"副院长"}


def test_persons_closed_list_opening_with_a_compound_surname() -> None:
    names = run(HEAD + "院领导诸葛明远、司马红、鲁晓东等参加活动。").names_of(EntityType.PERSON)
    assert set(names) == {"诸葛明远", "司马红", "鲁晓东"}


@pytest.mark.parametrize(
    "sentence, body, title",
    [
        ("桐乡市卫健委主任杜海涛出席并讲话，副主任廖春燕主持会议。", "桐乡市卫健委", "副主任"),
        ("嘉兴市医学会会长杜海涛致辞，副会长廖春燕宣读表彰决定。", "嘉兴市医学会", "副会长"),
    ],
)
def test_posts_bare_deputy_title_follows_the_body_of_the_previous_post(sentence: str, body: str, title: str) -> None:
    assert ("廖春燕", title, body) in posts_of(HEAD + sentence)


@pytest.mark.parametrize("name", ["阿不都热依木", "乌云其木格"])
def test_persons_one_word_minority_name_before_a_title(name: str) -> None:
    assert posts_of(HEAD + f"会上，{name}副院长作报告。") == {(name, "副院长", HOSPITAL)}


def test_persons_place_word_before_a_title_is_no_name() -> None:
    assert run(HEAD + "会上，内蒙古自治区副主席作报告。").names_of(EntityType.PERSON) == []


def test_persons_verb_after_a_title_is_no_name() -> None:
    doc = run(HEAD + "城东镇卫生院院长孟凡军等兄弟单位负责人应邀出席。")
    assert doc.names_of(EntityType.PERSON) == ["孟凡军"]


def test_persons_no_name_ends_inside_a_hospital_after_a_verb() -> None:
    doc = run(HEAD + "此前，我院神经内科主任医师常驻嘉兴市第二医院进修半年。")
    assert doc.names_of(EntityType.PERSON) == []
    assert "嘉兴市第二医院" in doc.names_of(EntityType.INSTITUTION)


def test_posts_appointed_as_honorary_head_of_another_hospital() -> None:
    doc = run(HEAD + "医院聘任岑晓红为湄潭县人民医院名誉院长。")
    assert "湄潭县人民医院" in doc.names_of(EntityType.INSTITUTION)
    assert {(p.person, p.role, p.org) for p in doc.posts} == {("岑晓红", "名誉院长", "湄潭县人民医院")}


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("党委书记格桑卓玛为基地揭牌。", "格桑卓玛"),
        ("副院长次仁拉姆主持会议。", "次仁拉姆"),
        ("院长巴图孟和出席并讲话。", "巴图孟和"),
        ("县卫生健康局副局长桑杰东智出席会议。", "桑杰东智"),
        ("护理部主任拉毛措毛介绍了经验。", "拉毛措毛"),
    ],
)
def test_persons_tibetan_and_mongolian_names_from_their_syllables(sentence: str, name: str) -> None:
    assert run(HEAD + sentence).names_of(EntityType.PERSON) == [name]


def test_persons_one_syllable_and_a_han_word_is_no_long_name() -> None:
    assert run(HEAD + "主任扎西出席会议。").names_of(EntityType.PERSON) == ["扎西"]


def test_persons_syllable_names_before_a_title() -> None:
    found = posts_of(HEAD + "会上，白玛央金院长讲话，买买提江副院长主持。")
    assert found == {("白玛央金", "院长", HOSPITAL), ("买买提江", "副院长", HOSPITAL)}


def test_persons_one_syllable_name_before_punctuation() -> None:
    found = posts_of(HEAD + "城东镇卫生院院长宝音等兄弟单位负责人出席。")
    assert found == {("宝音", "院长", "城东镇卫生院")}


@pytest.mark.parametrize(
    "sentence, second",
    [
        ("党委委员、副院长高明杰、拓晓军分别作专题报告。", "拓晓军"),
        ("会上，副院长周丽萍、郗志强及各科室主任参加会议。", "郗志强"),
    ],
)
def test_posts_weak_surname_as_a_later_item_of_a_titled_list(sentence: str, second: str) -> None:
    found = posts_of(HEAD + sentence)
    assert (second, "副院长", HOSPITAL) in found


def test_posts_dotted_name_appointed_with_tongzhi_wei() -> None:
    text = HEAD + "经院党委会研究：\n任命阿依努尔·托合提同志为健康管理中心副主任；\n任命王建华同志为医务部主任。"
    doc = run(text)
    assert "阿依努尔·托合提" in doc.names_of(EntityType.PERSON)
    assert ("阿依努尔·托合提", "健康管理中心副主任", HOSPITAL) in {(p.person, p.role, p.org) for p in doc.posts}
    assert not any("任命" in name for name in doc.names_of(EntityType.PERSON))


def test_posts_yewu_yuanzhang_is_a_title_of_its_own() -> None:
    text = "松岭镇卫生院加入医共体。县人民医院派驻主治医师陈立新任卫生院业务院长。"
    found = posts_of(text)
    assert ("陈立新", "业务院长", "松岭镇卫生院") in found
    assert ("陈立新", "院长", "松岭镇卫生院") not in found


@pytest.mark.parametrize(
    "text",
    [
        "桐乡市第一人民医院与松岭镇卫生院签订托管协议，由桐乡市第一人民医院派出执行院长吴海涛常驻卫生院。",
        "桐乡市第一人民医院召开会议。医院派驻执行院长吴海涛进驻松岭镇卫生院。",
    ],
)
def test_posts_an_executive_head_sent_out_holds_the_post_where_he_is_sent(text: str) -> None:
    found = posts_of(text)
    assert ("吴海涛", "执行院长", "松岭镇卫生院") in found
    assert ("吴海涛", "执行院长", HOSPITAL) not in found


def test_posts_a_vice_president_sent_out_keeps_the_post_at_home() -> None:
    found = posts_of(HEAD + "医院选派副院长吴海涛赴松岭镇卫生院开展帮扶。")
    assert ("吴海涛", "副院长", HOSPITAL) in found


def test_posts_transferred_in_a_later_clause_holds_the_new_post() -> None:
    text = HEAD + "会上宣布：张建明同志不再担任桐乡市第一人民医院副院长职务，调任白河市中医院党委书记。"
    assert ("张建明", "党委书记", "白河市中医院") in posts_of(text)


def test_posts_a_later_clause_of_another_person_is_not_transferred() -> None:
    text = HEAD + "院长张建明宣读了关于刘红梅同志的任免文件，调任白河市中医院党委书记。"
    found = posts_of(text)
    assert ("张建明", "党委书记", "白河市中医院") not in found
    assert ("刘红梅", "党委书记", "白河市中医院") in found


def test_posts_weak_surname_right_after_a_body_before_its_title() -> None:
    found = posts_of(HEAD + "桐乡市卫生健康局方建明局长出席并讲话，副局长高丽主持。")
    assert found == {("方建明", "局长", "桐乡市卫生健康局"), ("高丽", "副局长", "桐乡市卫生健康局")}


def test_posts_list_of_appointed_names() -> None:
    assert posts_of(HEAD + "经研究决定，聘任鲍丽、龚刚为医院副院长。") == {
        ("鲍丽", "副院长", HOSPITAL),
        ("龚刚", "副院长", HOSPITAL),
    }


def test_posts_dismissed_post_is_former_and_tongzhi_is_no_part_of_a_name() -> None:
    doc = run(HEAD + f"会议宣读了任职通知：章海同志任{HOSPITAL}党委书记，免去鲁明同志{HOSPITAL}党委书记职务。")
    assert doc.names_of(EntityType.INSTITUTION) == [HOSPITAL]
    got = {(p.person, p.role, p.org, p.status) for p in doc.posts}
    assert got == {("章海", "党委书记", HOSPITAL, None), ("鲁明", "党委书记", HOSPITAL, "former")}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("心血管内科欧阳明主任介绍，该技术已成熟。", ("欧阳明", "心血管内科主任", HOSPITAL)),
        ("护理部韩丽主任主持培训。", ("韩丽", "护理部主任", HOSPITAL)),
    ],
)
def test_posts_department_before_a_name_with_the_title_after(sentence: str, expected: tuple) -> None:
    assert posts_of(HEAD + sentence) == {expected}


@pytest.mark.parametrize("sentence", ["院长司马一行5人到访。", "副院长欧阳在会上强调安全。", "书记上官带队检查。"])
def test_persons_compound_surname_alone_is_no_full_name(sentence: str) -> None:
    assert run(HEAD + sentence).names_of(EntityType.PERSON) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("我院葛明受聘为闽江省医学会急诊医学分会委员。", ("葛明", "委员", "闽江省医学会急诊医学分会")),
        ("我院景红被聘为嘉兴市护理学会副理事长。", ("景红", "副理事长", "嘉兴市护理学会")),
    ],
)
def test_posts_hired_by_a_society(sentence: str, expected: tuple) -> None:
    assert posts_of(HEAD + sentence) == {expected}


def test_posts_a_name_list_shares_every_title_of_the_chain_before_it() -> None:
    found = posts_of("青山县人民医院召开会议。党委委员、副院长陶某民、徐长青出席会议。")
    for name in ("陶某民", "徐长青"):
        assert {(name, "党委委员", "青山县人民医院"), (name, "副院长", "青山县人民医院")} <= found


def test_posts_an_author_line_with_a_space_before_the_name() -> None:
    found = posts_of("在工作会议上的讲话\n青山县人民医院党委书记 易志坚\n同志们：今天我院召开会议。")
    assert ("易志坚", "党委书记", "青山县人民医院") in found


def test_posts_a_space_inside_a_sentence_is_no_author_line() -> None:
    found = posts_of("青山县人民医院召开会议，院长 李明出席会议并讲话。")
    assert not any(p == "李明" for p, _, _ in found)


def test_posts_tibetan_given_name_after_a_title() -> None:
    assert ("才让多杰", "院长", "青山县人民医院") in posts_of("青山县人民医院召开党委会。院长才让多杰出席会议。")


def test_posts_a_visiting_panel_leader_holds_no_post_of_the_subject() -> None:
    found = posts_of(HEAD + "专家组组长、白河市中医院神经内科主任李明发言。")
    assert found == {("李明", "神经内科主任", "白河市中医院")}


def test_posts_a_bare_institution_word_before_a_title_is_the_one_named_institution() -> None:
    text = "与白河街道社区卫生服务中心开通远程会诊。我院副院长李明与社区卫生服务中心主任王芳共同揭牌。"
    found = posts_of(HOSPITAL + text)
    assert ("王芳", "主任", "白河街道社区卫生服务中心") in found
    assert not any(role.startswith("社区卫生服务中心") for _, role, _ in found)


def test_posts_elected_in_a_society_named_in_the_sentence_before() -> None:
    text = HEAD + "东方省医学会骨科学分会换届选举会议召开。我院骨科主任任宏伟当选为副主任委员。"
    found = posts_of(text)
    assert ("任宏伟", "副主任委员", "东方省医学会骨科学分会") in found
    assert ("任宏伟", "副主任委员", HOSPITAL) not in found


def test_posts_bare_group_word_before_a_title_is_the_named_group() -> None:
    group = f"{HOSPITAL}医共体"
    got = posts_of(f"{HEAD}{group}各成员单位负责人参加。医共体理事长、{HOSPITAL}党委书记王建国主持会议。")
    assert ("王建国", "理事长", group) in got
    assert ("王建国", "党委书记", HOSPITAL) in got


def test_posts_of_a_party_committee_department_are_the_committee_s() -> None:
    got = posts_of(f"{HEAD}宣布桐乡市委、市政府的决定。桐乡市委组织部干部科科长王建国宣读任职文件。")
    assert ("王建国", "组织部干部科科长", "桐乡市委") in got


def test_posts_name_of_name_tagged_words_before_tongzhi() -> None:
    found = posts_of(HEAD + "宣读任职文件:阿拉腾巴根同志任桐乡市第一人民医院副院长。")
    assert ("阿拉腾巴根", "副院长", HOSPITAL) in found


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("副院长上官红军,院长王刚出席。", "上官红军"), ("副院长欧阳建国出席。", "欧阳建国")],
)
def test_persons_compound_surname_with_a_common_word_as_given_name(sentence: str, name: str) -> None:
    assert (name, "副院长", HOSPITAL) in posts_of(HEAD + sentence)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("护理部主任帕提古丽作表态发言。", "帕提古丽"), ("护理部主任王晓燕作表态发言。", "王晓燕")],
)
def test_persons_name_ends_before_zuo(sentence: str, name: str) -> None:
    assert (name, "护理部主任", HOSPITAL) in posts_of(HEAD + sentence)


def test_posts_leader_of_a_sent_team_is_no_post_of_the_subject() -> None:
    got = posts_of(HEAD + "援疆专家领队、白河大学附属医院心内科副主任王建国表示,将尽力工作。")
    assert ("王建国", "领队", HOSPITAL) not in got
    assert ("王建国", "心内科副主任", "白河大学附属医院") in got


def test_posts_aid_headquarters_and_its_commanders() -> None:
    got = posts_of(HEAD + "白河市援疆指挥部副总指挥王建国出席签约仪式。")
    assert ("王建国", "副总指挥", "白河市援疆指挥部") in got


def test_posts_appointing_verb_opens_the_clause_titles_between() -> None:
    got = posts_of(HEAD + "医院举行仪式,聘请白河大学附属医院心内科主任医师蒋立新教授为医院名誉院长。")
    assert ("蒋立新", "名誉院长", HOSPITAL) in got


def test_posts_wei_after_a_name_without_appointing_verb_is_no_appointment() -> None:
    got = posts_of(HEAD + "会上,副院长王建国为大家讲解了院长信箱的使用。")
    assert {role for person, role, _ in got if person == "王建国"} == {"副院长"}


@pytest.mark.parametrize("note", ["(主持工作)", "（主持工作）"])
def test_posts_bracketed_note_between_title_and_name(note: str) -> None:
    got = posts_of(HEAD + f"党委书记王建国、院长{note}李晓梅出席。")
    assert ("李晓梅", "院长", HOSPITAL) in got


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("心内科主任陈明获评优秀医师。", "陈明"), ("副院长王建设出席。", "王建设"), ("院长李明辉主持会议。", "李明辉")],
)
def test_persons_two_character_name_before_a_rare_verb(sentence: str, name: str) -> None:
    assert name in {p for p, _, _ in posts_of(HEAD + sentence)}


def test_posts_held_by_a_person_written_after_you() -> None:
    got = posts_of(HEAD + "托管后,绿水镇卫生院院长由我院副院长沈军兼任。")
    assert ("沈军", "院长", "绿水镇卫生院") in got
    assert ("沈军", "副院长", HOSPITAL) in got


def test_posts_held_by_needs_the_organization_written() -> None:
    got = posts_of(HEAD + "本届委员会主任委员由白河大学附属医院骨科主任冀志勇担任。")
    assert not [r for p, r, _ in got if p == "冀志勇" and r == "主任委员"]
