"""The `partnerships` stage on short sentences written for these tests (made-up hospital names)."""

from __future__ import annotations

import re

import pytest

from kg.documents import document_from_text
from kg.extract.names import add_entity, add_mention, evidence_for
from kg.extract.partnership_names import variants
from kg.extract.pipeline import REGISTRY
from kg.model import Document, EntityType, Post

SUBJECT = "青山县人民医院"
PARTNER = "白河市中医院"
TOWN = "绿水镇卫生院"


def prepared(
    text: str,
    institutions: tuple[str, ...] = (PARTNER, TOWN),
    organizations: tuple[str, ...] = (),
    aliases: dict[str, set[str]] | None = None,
) -> Document:
    """A document with the subject, institutions, organizations (and aliases) registered and marked."""
    doc = document_from_text(text)
    doc.subject = SUBJECT
    kinds = {n: EntityType.INSTITUTION for n in (SUBJECT, *institutions)}
    kinds |= {n: EntityType.ORGANIZATION for n in organizations}
    aliases = aliases or {}
    for name, etype in kinds.items():
        add_entity(doc, name, etype, aliases=aliases.get(name, set()))
    written = {n: n for n in kinds} | {a: n for n, al in aliases.items() for a in al}
    taken: set[int] = set()
    for form in sorted(written, key=len, reverse=True):
        for m in re.finditer(re.escape(form), text):
            if not taken & set(range(m.start(), m.end())):
                taken |= set(range(m.start(), m.end()))
                add_mention(doc, m.start(), m.end(), written[form], kinds[written[form]])
    for m in re.finditer("我院|本院", text):
        add_mention(doc, m.start(), m.end(), SUBJECT, EntityType.INSTITUTION)
    return doc


def run(doc: Document) -> set[tuple[frozenset[str], str]]:
    doc = REGISTRY["partnerships"](doc)
    return {(frozenset((p.a, p.b)), p.kind) for p in doc.partnerships}


def pair(a: str, b: str, kind: str) -> tuple[frozenset[str], str]:
    return (frozenset((a, b)), kind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("青山县人民医院与白河市中医院签订医联体协议。", "医联体"),
        ("我院与白河市中医院建立专科联盟。", "专科联盟"),
        ("2019年,我院全面托管了白河市中医院。", "托管"),
        ("青山县人民医院向白河市中医院提供全面对口帮扶。", "对口支援"),
        ("建立起与白河市中医院的远程会诊中心。", "远程会诊"),
        ("与白河市中医院消化内镜专业建立深度合作关系。", "专科联盟"),
        ("我院与白河市中医院签订战略合作协议。", "合作"),
        ("与白河市中医院开通远程心电会诊。", "远程会诊"),
        ("我院向白河市中医院延伸远程影像服务。", "远程会诊"),
        ("我院牵头与白河市中医院等县级医院组建白河市卒中救治联盟。", "专科联盟"),
        ("今年我院与白河市中医院建立了眼科、皮肤科两个专科协作关系。", "专科联盟"),
    ],
)
def test_partnership_kind_from_cue(text: str, kind: str) -> None:
    assert run(prepared(text)) == {pair(SUBJECT, PARTNER, kind)}


def test_partnership_national_alliance_is_no_alliance_between_hospitals() -> None:
    text = "中国胸痛中心联盟-青山县人民医院胸痛中心签约仪式在白河市中医院举行。"
    assert run(prepared(text, organizations=("中国胸痛中心联盟",))) == set()


def test_partnership_partners_listed_after_with() -> None:
    found = run(prepared("我院与白河市中医院、绿水镇卫生院建立医联体合作关系。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体"), pair(SUBJECT, TOWN, "医联体")}


def test_partnership_joining_a_named_alliance_links_its_leader() -> None:
    doc = prepared("白河市中医院签约加入青山县人民医院医联体。", institutions=(PARTNER, "青山县人民医院医联体"))
    assert pair(PARTNER, SUBJECT, "医联体") in run(doc)


def test_partnership_two_kinds_when_two_are_stated() -> None:
    found = run(prepared("我院与白河市中医院签订医联体协议以及眼科等专科联盟合作协议。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体"), pair(SUBJECT, PARTNER, "专科联盟")}


def test_partnership_continues_into_the_next_clause() -> None:
    found = run(prepared("今天,白河市中医院签约加入我院医联体,并建立专科联盟。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体"), pair(SUBJECT, PARTNER, "专科联盟")}


def test_partnership_generic_cooperation_dropped_when_specific_stated() -> None:
    found = run(prepared("我院与白河市中医院开展合作。我院与白河市中医院签订医联体协议。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体")}


@pytest.mark.parametrize(
    "text",
    [
        "青山县人民医院与青山县人民医院签订医联体协议。",
        "我院与青山县人民医院建立医联体。",
    ],
)
def test_partnership_never_with_itself(text: str) -> None:
    assert run(prepared(text)) == set()


def test_partnership_skips_government_partners() -> None:
    doc = prepared("青山县人民政府与白河市中医院签订合作协议。", organizations=("青山县人民政府",))
    assert run(doc) == set()


def test_partnership_needs_a_cue() -> None:
    assert run(prepared("我院专家在白河市中医院开展义诊。")) == set()


def test_partnership_second_name_is_an_alias_not_a_partner() -> None:
    alias = "青山县人民医院白河院区"
    doc = prepared(f"通过托管模式,白河市中医院加挂“{alias}”。", aliases={PARTNER: {alias}})
    found = run(doc)
    assert all(alias not in p for p, _ in found)
    assert found == {pair(SUBJECT, PARTNER, "托管")}


@pytest.mark.parametrize(
    ("branch", "kind"),
    [
        ("青山县人民医院东湖分院", "分院"),
        ("青山县人民医院北院区", "分院"),
        ("青山县人民医院医疗集团", "集团成员"),
        ("青山县人民医院医共体", "集团成员"),  # a named 医共体 acts as one body
    ],
)
def test_partnership_from_name_structure(branch: str, kind: str) -> None:
    doc = prepared(f"{branch}揭牌。", institutions=(branch,))
    assert run(doc) == {pair(SUBJECT, branch, kind)}


def test_partnership_named_branch_without_parent_belongs_to_subject() -> None:
    doc = prepared("南湖分院正式启用。", institutions=("南湖分院",))
    assert run(doc) == {pair(SUBJECT, "南湖分院", "分院")}


def test_partnership_speaker_acts_for_the_institution_of_his_post() -> None:
    doc = prepared("李明与绿水镇卫生院院长签订对口帮扶协议。", institutions=(PARTNER, TOWN))
    add_entity(doc, "李明", EntityType.PERSON)
    add_mention(doc, 0, 2, "李明", EntityType.PERSON)
    doc.posts.append(Post(evidence=evidence_for(doc, 0, 2, "posts"), person="李明", role="院长", org=PARTNER))
    assert run(doc) == {pair(PARTNER, TOWN, "对口支援")}


def test_partnership_has_evidence_and_planned_status() -> None:
    doc = REGISTRY["partnerships"](prepared("我院将与白河市中医院签订医联体协议。"))
    (p,) = doc.partnerships
    assert p.status == "planned" and p.evidence.stage == "partnerships"
    assert PARTNER in doc.text[p.evidence.start:p.evidence.end]


def test_partnership_branch_written_after_its_parent() -> None:
    doc = prepared("白河市中医院的东湖院区正式启用。", institutions=(PARTNER, "东湖院区"))
    assert run(doc) == {pair(PARTNER, "东湖院区", "分院")}


def test_partnership_membership_of_an_alliance_is_the_alliance_kind() -> None:
    found = run(prepared("白河市中医院成为我院医联体成员单位。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体")}


def test_partnership_clause_with_an_unknown_partner_does_not_continue() -> None:
    found = run(prepared("我院与白河市中医院签订医联体协议,与某专科医院建立深度合作关系。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体")}


def test_partnership_trusteeship_wins_over_branch_name() -> None:
    alias = "青山县人民医院白河分院"
    doc = prepared(f"我院全面托管了白河市中医院。白河市中医院加挂“{alias}”牌子。", aliases={PARTNER: {alias}})
    assert run(doc) == {pair(SUBJECT, PARTNER, "托管")}


def test_partnership_joining_a_named_group_links_group_and_leader() -> None:
    group = "青山县人民医院医疗集团"
    found = run(prepared(f"白河市中医院成为{group}成员单位。", institutions=(PARTNER, group)))
    assert pair(PARTNER, group, "集团成员") in found and pair(PARTNER, SUBJECT, "集团成员") in found


def test_partnership_no_continuation_into_a_clause_naming_an_alliance() -> None:
    alliance = "东方省心血管专科联盟"
    doc = prepared(f"我院与白河市中医院建立远程会诊系统,并加入{alliance}。", organizations=(alliance,))
    assert run(doc) == {pair(SUBJECT, PARTNER, "远程会诊")}


def test_partnership_not_from_a_name_read_with_its_second_name() -> None:
    merged = f"{SUBJECT}又名青山县中西医结合医院"
    assert run(prepared(f"{merged}建院五十年。", institutions=(merged,))) == set()


def test_partnership_campus_named_by_direction_is_a_branch_of_the_subject() -> None:
    doc = prepared("一是南院区顺利投入使用。")
    assert run(doc) == {pair(SUBJECT, "南院区", "分院")}
    assert doc.entities["南院区"].type == EntityType.INSTITUTION


def test_partnership_bracketed_members_are_not_parties() -> None:
    group = "东湖区医疗集团"
    doc = prepared(f"成员单位包含{group}(白河市中医院、2个分院)。", institutions=(PARTNER, group))
    assert run(doc) == {pair(SUBJECT, group, "集团成员")}


def test_partnership_membership_cue_far_from_the_name_is_ignored() -> None:
    assert run(prepared("增设成员单位所需专科医生的全专科联合门诊、白河市中医院联合病房。")) == set()


def test_partnership_member_of_a_named_alliance_links_the_alliance_and_its_leader() -> None:
    alliance = f"{SUBJECT}医联体"
    found = run(prepared(f"白河市中医院是{alliance}成员单位。", institutions=(PARTNER, alliance)))
    assert pair(PARTNER, SUBJECT, "医联体") in found
    assert pair(PARTNER, alliance, "集团成员") in found  # membership of the named body


def test_partnership_cue_of_a_named_body_is_not_a_link_between_members() -> None:
    alliance = "东方省心血管病专科联盟"
    doc = prepared(f"会议由{alliance}主办,我院、白河市中医院等成员单位参加。", organizations=(alliance,))
    assert run(doc) == set()


def test_partnership_partner_of_one_clause_is_not_the_agent_of_the_next() -> None:
    other = "东湖市肿瘤医院"
    text = f"我院全面托管了绿水镇卫生院,与白河市中医院签订医联体协议,与{other}放疗专业建立深度合作关系。"
    found = run(prepared(text, institutions=(PARTNER, TOWN, other)))
    assert found == {pair(SUBJECT, TOWN, "托管"), pair(SUBJECT, PARTNER, "医联体"), pair(SUBJECT, other, "专科联盟")}


GROUP = "枫林县医疗集团"
GONGTI = "枫林县医共体"
LEAD = "枫林县人民医院"
TCM = "枫林县中医院"
TOWNS = ("松坪镇卫生院", "鹿角乡卫生院", "石门镇卫生院")


def group_doc(text: str, extra: tuple[str, ...] = ()) -> Document:
    return prepared(text, (GROUP, GONGTI, LEAD, TCM, *TOWNS, *extra))


def test_partnership_member_list_after_members_cue_links_each_member_to_the_group() -> None:
    text = "枫林县医疗集团由枫林县人民医院牵头组建，成员单位包括松坪镇卫生院、鹿角乡卫生院和石门镇卫生院。"
    found = run(group_doc(text))
    assert found == {
        pair(GROUP, LEAD, "集团成员"),
        *(pair(GROUP, t, "集团成员") for t in TOWNS),
    }


def test_partnership_member_list_before_members_cue_is_membership_of_the_group() -> None:
    # a named 医共体 acts as one body: its members are 集团成员 of it (the kind 医共体 is the gold's alternative)
    found = run(group_doc("松坪镇卫生院、鹿角乡卫生院、石门镇卫生院等3家单位为枫林县医共体成员单位。"))
    assert found == {pair(GONGTI, t, "集团成员") for t in TOWNS}


def test_partnership_members_are_not_partners_of_each_other_even_without_a_named_group() -> None:
    doc = prepared("松坪镇卫生院、鹿角乡卫生院等5家单位为成员单位。", TOWNS)
    assert run(doc) == set()


def test_partnership_members_joining_the_subjects_alliance_are_its_specialty_alliance_partners() -> None:
    text = "我院牵头组建青山县儿科专科联盟，目前松坪镇卫生院、鹿角乡卫生院、石门镇卫生院等15家单位已加入。"
    assert run(prepared(text, TOWNS)) == {pair(SUBJECT, t, "专科联盟") for t in TOWNS}


def test_partnership_member_units_at_a_meeting_of_the_alliance_the_subject_leads() -> None:
    text = (
        "青山县人民医院牵头成立青山县眼科专科联盟。"
        "来自松坪镇卫生院、鹿角乡卫生院、石门镇卫生院等6家成员单位的代表参加成立大会。"
    )
    assert run(prepared(text, TOWNS)) == {pair(SUBJECT, t, "专科联盟") for t in TOWNS}


def test_partnership_members_listed_without_an_alliance_the_subject_leads_stay_unlinked() -> None:
    text = "来自松坪镇卫生院、鹿角乡卫生院、石门镇卫生院等6家成员单位的代表参加培训。"
    assert run(prepared(text, TOWNS)) == set()


def test_partnership_a_group_that_took_in_members_links_each_to_the_group() -> None:
    text = f"{TCM}是{GROUP}第4家成员单位，此前该集团已吸纳松坪镇卫生院、鹿角乡卫生院和石门镇卫生院。"
    found = run(group_doc(text))
    assert {pair(GROUP, t, "集团成员") for t in TOWNS} <= found
    assert pair("松坪镇卫生院", "鹿角乡卫生院", "集团成员") not in found


def test_partnership_institutions_listed_as_the_subjects_supported_units() -> None:
    text = "副院长王红分管对口支援工作，联系松坪镇卫生院、鹿角乡卫生院等帮扶单位。"
    assert run(prepared(text, TOWNS)) == {pair(SUBJECT, t, "对口支援") for t in TOWNS[:2]}


def test_partnership_institutions_listed_as_the_subjects_supporters() -> None:
    text = "近年来，白河市中医院等3家对口支援医院先后派出专家42人次。"
    assert run(prepared(text)) == {pair(SUBJECT, PARTNER, "对口支援")}


def test_partnership_co_leaders_are_each_linked_to_the_group_not_to_each_other() -> None:
    found = run(group_doc("枫林县人民医院和枫林县中医院共同牵头组建枫林县医共体。"))
    assert found == {pair(LEAD, GONGTI, "集团成员"), pair(TCM, GONGTI, "集团成员")}


def test_partnership_leading_a_group_links_leader_and_group() -> None:
    assert run(group_doc("2022年，枫林县人民医院牵头组建枫林县医疗集团。")) == {pair(LEAD, GROUP, "集团成员")}


def test_partnership_member_of_a_named_alliance_links_the_alliance_entity() -> None:
    alliance = "枫林县人民医院医共体"
    found = run(group_doc("松坪镇卫生院作为枫林县人民医院医共体成员单位，积极参与分级诊疗。", (alliance,)))
    assert pair(alliance, "松坪镇卫生院", "集团成员") in found
    assert pair("松坪镇卫生院", "鹿角乡卫生院", "医共体") not in found


def test_partnership_group_of_a_members_sentence_is_the_subject_group() -> None:
    doc = group_doc("集团成员单位有松坪镇卫生院、鹿角乡卫生院。")
    doc.subject = GROUP
    assert run(doc) == {pair(GROUP, "松坪镇卫生院", "集团成员"), pair(GROUP, "鹿角乡卫生院", "集团成员")}


@pytest.mark.parametrize(
    "text",
    [
        "由枫林县人民医院牵头组建的枫林县医共体，覆盖12家卫生院，同时与北岭市中心医院建立远程会诊协作关系。",
        "枫林县医共体由枫林县人民医院牵头，松坪镇卫生院、鹿角乡卫生院为成员单位，同时与北岭市中心医院开展远程会诊。",
    ],
)
def test_partnership_agent_of_a_subjectless_clause_is_the_topic_of_the_chain(text: str) -> None:
    found = run(group_doc(text, ("北岭市中心医院",)))
    assert pair(GONGTI, "北岭市中心医院", "远程会诊") in found
    assert pair(LEAD, "北岭市中心医院", "远程会诊") not in found
    assert pair("松坪镇卫生院", "北岭市中心医院", "远程会诊") not in found


def test_partnership_leading_something_that_is_not_a_named_group_links_nothing() -> None:
    doc = group_doc("枫林县医疗集团成立于2019年。枫林县人民医院牵头成立了县域胸痛救治联盟。")
    assert pair(LEAD, GROUP, "集团成员") not in run(doc)


@pytest.mark.parametrize(
    "text",
    [
        "枫林县医共体由枫林县人民医院牵头组建。医共体同时与北岭市中心医院建立远程会诊协作关系。",
        "2021年枫林县人民医院牵头组建枫林县医共体。医共体同时与北岭市中心医院建立远程会诊协作关系。",
    ],
)
def test_partnership_bare_group_word_opening_a_clause_is_the_named_group(text: str) -> None:
    found = run(group_doc(text, ("北岭市中心医院",)))
    assert pair(GONGTI, "北岭市中心医院", "远程会诊") in found
    assert pair(GONGTI, "北岭市中心医院", "医共体") not in found
    assert pair(SUBJECT, "北岭市中心医院", "远程会诊") not in found


def test_partnership_group_building_opening_a_clause_is_not_the_group() -> None:
    text = "枫林县医共体成立于2020年。医共体建设方面，我院与北岭市中心医院开展远程会诊。"
    found = run(group_doc(text, ("北岭市中心医院",)))
    assert pair(SUBJECT, "北岭市中心医院", "远程会诊") in found


def test_partnership_members_with_a_trailing_note_before_the_members_cue() -> None:
    text = "该集团由枫林县人民医院牵头，松坪镇卫生院、鹿角乡卫生院及其下属5家村卫生室为成员单位。"
    doc = group_doc(text)
    doc.subject = GROUP
    assert run(doc) == {
        pair(GROUP, LEAD, "集团成员"),
        pair(GROUP, "松坪镇卫生院", "集团成员"),
        pair(GROUP, "鹿角乡卫生院", "集团成员"),
    }


def test_partnership_members_forming_a_group_are_linked_to_it() -> None:
    found = run(group_doc("松坪镇卫生院、鹿角乡卫生院共同组成枫林县医共体。"))
    assert found == {pair(GONGTI, "松坪镇卫生院", "集团成员"), pair(GONGTI, "鹿角乡卫生院", "集团成员")}


def test_partnership_each_listed_agent_before_with_is_a_party() -> None:
    found = run(group_doc("枫林县人民医院、枫林县中医院分别与北岭市中心医院签订专科联盟协议。", ("北岭市中心医院",)))
    assert found == {pair(LEAD, "北岭市中心医院", "专科联盟"), pair(TCM, "北岭市中心医院", "专科联盟")}


@pytest.mark.parametrize(
    "text",
    [
        "枫林县医共体包括松坪镇卫生院、鹿角乡卫生院等9家成员单位。",
        "枫林县医共体下辖松坪镇卫生院、鹿角乡卫生院。",
    ],
)
def test_partnership_other_member_list_shapes(text: str) -> None:
    assert run(group_doc(text)) == {pair(GONGTI, "松坪镇卫生院", "集团成员"), pair(GONGTI, "鹿角乡卫生院", "集团成员")}


def test_partnership_joining_a_named_alliance_links_the_alliance_with_its_own_kind_only() -> None:
    alliance = "北岭市中心医院医联体"
    text = f"枫林县人民医院正式加入{alliance}，并建立专科联盟。"
    found = run(group_doc(text, ("北岭市中心医院", alliance)))
    assert pair(LEAD, alliance, "集团成员") in found
    assert pair(LEAD, "北岭市中心医院", "医联体") in found
    assert pair(LEAD, "北岭市中心医院", "专科联盟") in found
    assert pair(LEAD, alliance, "专科联盟") not in found


def test_partnership_sentence_opening_with_同时_continues_the_topic_of_the_one_before() -> None:
    text = "枫林县医共体成立于2020年，覆盖全县12家卫生院。同时与北岭市中心医院建立远程会诊协作关系。"
    found = run(group_doc(text, ("北岭市中心医院",)))
    assert pair(GONGTI, "北岭市中心医院", "远程会诊") in found
    assert pair(SUBJECT, "北岭市中心医院", "远程会诊") not in found


def test_partnership_sentence_without_a_connective_falls_back_to_the_subject() -> None:
    text = "枫林县医共体成立于2020年。与北岭市中心医院建立远程会诊协作关系。"
    assert pair(SUBJECT, "北岭市中心医院", "远程会诊") in run(group_doc(text, ("北岭市中心医院",)))


def test_partnership_members_named_before_等成员单位_belong_to_the_subject_group() -> None:
    doc = group_doc("松坪镇卫生院、鹿角乡卫生院等成员单位负责人参加会议。")
    doc.subject = GONGTI
    assert run(doc) == {pair(GONGTI, "松坪镇卫生院", "集团成员"), pair(GONGTI, "鹿角乡卫生院", "集团成员")}


def test_partnership_institutions_a_named_group_joins_联合_are_its_members() -> None:
    found = run(group_doc("枫林县医疗集团由枫林县人民医院牵头，联合松坪镇卫生院、鹿角乡卫生院组建，实行统一管理。"))
    assert found == {pair(GROUP, LEAD, "集团成员"), *(pair(GROUP, t, "集团成员") for t in TOWNS[:2])}


def test_partnership_联合_without_a_named_group_is_no_membership() -> None:
    found = run(group_doc("枫林县人民医院联合松坪镇卫生院组建胸痛救治单元。"))
    assert all(kind != "集团成员" for _, kind in found)


def test_partnership_new_members_counted_after_the_list() -> None:
    found = run(group_doc("枫林县医疗集团新增松坪镇卫生院、鹿角乡卫生院2家成员单位。"))
    assert found == {pair(GROUP, t, "集团成员") for t in TOWNS[:2]}


def test_partnership_branch_named_beside_a_group_name_stays_a_branch() -> None:
    group, branch = f"{SUBJECT}医疗集团", f"{SUBJECT}东湖分院"
    doc = prepared(f"{group}揭牌成立暨{branch}开诊仪式举行。", institutions=(group, branch))
    found = run(doc)
    assert pair(SUBJECT, branch, "分院") in found
    assert pair(SUBJECT, branch, "集团成员") not in found


def test_partnership_objects_of_an_act_joined_by_和_are_each_the_agents_partner() -> None:
    doc = prepared(f"我院派出12名骨干对口帮扶{TOWN}和{PARTNER}，帮助两院建成中医馆。")
    assert run(doc) == {pair(SUBJECT, TOWN, "对口支援"), pair(SUBJECT, PARTNER, "对口支援")}


def test_partnership_teamwork_inside_a_hospital_is_no_link() -> None:
    doc = prepared(f"专家组组长、{PARTNER}神经内科主任李明对我院多学科协作、溶栓流程给予充分肯定。")
    assert run(doc) == set()


def test_partnership_hospitals_of_speakers_who_each_report_are_no_partners() -> None:
    doc = prepared(f"会上，{SUBJECT}院长李明、{PARTNER}院长王芳分别汇报了医共体运行情况。")
    assert run(doc) == set()


def test_partnership_heads_of_two_hospitals_signing_together_still_link_them() -> None:
    doc = prepared(f"{SUBJECT}院长李明、{PARTNER}院长王芳共同签署医联体协议。")
    assert pair(SUBJECT, PARTNER, "医联体") in run(doc)


def test_partnership_names_variants_only_drop_level_characters() -> None:
    assert variants("青山医疗集团", "青山县医疗集团")
    assert not variants("白州市妇幼保健院", "白县妇幼保健院")  # a city and a county of it: two hospitals


def test_partnership_trusteed_county_hospital_of_a_city_named_alike() -> None:
    doc = prepared("托管的白县人民医院通过评审。", institutions=("白县人民医院",))
    doc.subject = "白州市人民医院"
    add_entity(doc, "白州市人民医院", EntityType.INSTITUTION)
    assert run(doc) == {pair("白州市人民医院", "白县人民医院", "托管")}


def test_partnership_each_partner_takes_the_cue_written_after_it() -> None:
    found = run(prepared("要用好与白河市中医院组建的专科联盟和与绿水镇卫生院的合作平台。"))
    assert found == {pair(SUBJECT, PARTNER, "专科联盟"), pair(SUBJECT, TOWN, "合作")}


def test_partnership_partners_listed_before_one_cue_share_it() -> None:
    found = run(prepared("我院与白河市中医院、绿水镇卫生院组建专科联盟。"))
    assert found == {pair(SUBJECT, PARTNER, "专科联盟"), pair(SUBJECT, TOWN, "专科联盟")}


def test_partnership_every_listed_newcomer_joins_the_agent_s_alliance() -> None:
    found = run(prepared("会上,为新加入医联体的白河市中医院、绿水镇卫生院授牌。"))
    assert found == {pair(SUBJECT, PARTNER, "医联体"), pair(SUBJECT, TOWN, "医联体")}
