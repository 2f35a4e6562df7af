"""kg.rdf on small Documents whose facts and evidence are set by hand (independent of extraction)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from kg.documents import document_from_text
from kg.iris import document_key, graph_iri
from kg.model import Centre, Document, Entity, EntityType, Evidence, Initiative, InstitutionKind, Partnership, Post
from kg.rdf import date_literal, evidence_text, to_rdf
from kg.vocab import HKG, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

TEXT = "甲市第一人民医院党委书记张甲主持会议。医院胸痛中心通过国家级认证。\n医院与乙省大学附属医院建立远程会诊。"


def make_doc(path: str = "docs/a.txt", hospital: str = "甲市第一人民医院", partner: str = "乙省大学附属医院",
             person: str = "张甲", text: str | None = None, aliases: set[str] | None = None,
             published: str | None = "2024-05-10") -> Document:
    """A document with one fact of each kind, evidence spans pointing into its text."""
    text = text or TEXT.replace("甲市第一人民医院", hospital).replace("乙省大学附属医院", partner)
    text = text.replace("张甲", person)
    doc = document_from_text(text, path=path, published=published, title="测试新闻")
    s = doc.sentences
    doc.subject = hospital
    doc.entities = {
        hospital: Entity(hospital, EntityType.INSTITUTION, InstitutionKind.HOSPITAL, set(aliases or ())),
        partner: Entity(partner, EntityType.INSTITUTION, InstitutionKind.HOSPITAL),
        person: Entity(person, EntityType.PERSON),
    }
    doc.posts = [Post(Evidence(0, s[0].start, s[0].end, "posts"), person=person, role="党委书记", org=hospital)]
    doc.centres = [Centre(Evidence(1, s[1].start, s[1].end, "centres"), org=hospital, name="胸痛中心",
                          level="国家级", date="2023")]
    doc.partnerships = [Partnership(Evidence(2, s[2].start, s[2].end, "partnerships"), a=hospital, b=partner,
                                    kind="远程会诊")]
    doc.initiatives = [Initiative(Evidence(2, s[2].start, s[2].end, "initiatives"), org=hospital, name="智慧医院",
                                  status="planned")]
    return doc


def test_one_named_graph_per_document_keyed_by_hash_and_path():
    a, b = make_doc("x/a.txt"), make_doc("y/a.txt")
    ds = to_rdf([a, b])
    graphs = {g.identifier for g in ds.graphs() if len(g)}
    assert graphs == {graph_iri(document_key(a)), graph_iri(document_key(b))}
    assert document_key(a) != document_key(b)


def test_iris_are_deterministic_and_no_blank_nodes():
    first = to_rdf([make_doc()])
    second = to_rdf([make_doc()])
    assert set(first.quads()) == set(second.quads())
    for s, _p, o, _ in first.quads():
        assert not isinstance(s, BNode) and not isinstance(o, BNode)


def test_post_fact_has_evidence_and_shortcuts():
    doc = make_doc()
    g = to_rdf([doc]).graph(graph_iri(document_key(doc)))
    (fact,) = g.subjects(RDF.type, HKG.PostHolding)
    assert (fact, RDF.type, ORG.Membership) in g
    person = g.value(fact, ORG.member)
    org = g.value(fact, ORG.organization)
    assert g.value(person, RDFS.label) == Literal("张甲", lang="zh")
    assert g.value(org, RDFS.label) == Literal("甲市第一人民医院", lang="zh")
    assert (person, ORG.memberOf, org) in g and (person, HKG.holdsPostAt, org) in g
    role = g.value(fact, ORG.role)
    assert (role, SKOS.inScheme, HKG.PostTitleScheme) in g
    assert g.value(fact, HKG.roleLabel) == Literal("党委书记", lang="zh")
    ev = g.value(fact, HKG.evidence)
    assert str(g.value(ev, HKG.sentenceText)) == doc.sentences[0].text
    assert g.value(ev, HKG.startOffset) == Literal(doc.sentences[0].start)
    assert g.value(ev, HKG.endOffset).datatype == XSD.integer
    assert (ev, PROV.wasDerivedFrom, g.value(fact, PROV.wasDerivedFrom)) in g
    assert g.value(g.value(ev, PROV.wasGeneratedBy), RDFS.label) == Literal("posts")
    assert g.value(fact, HKG.asOf) == Literal("2024-05-10", datatype=XSD.date)


def test_centre_partnership_initiative_shapes():
    doc = make_doc()
    g = to_rdf([doc]).graph(graph_iri(document_key(doc)))
    hospital = g.value(predicate=RDFS.label, object=Literal("甲市第一人民医院", lang="zh"))
    partner = g.value(predicate=RDFS.label, object=Literal("乙省大学附属医院", lang="zh"))
    centre = g.value(hospital, HKG.hasCentre)
    assert g.value(centre, HKG.accreditationLevel) == Literal("国家级", lang="zh")
    assert g.value(centre, HKG.accreditationYear) == Literal("2023", datatype=XSD.gYear)
    (pa,) = g.subjects(RDF.type, HKG.Partnership)
    assert set(g.objects(pa, HKG.partner)) == {hospital, partner}
    assert g.value(pa, HKG.partnershipKind) == HKG.Telemedicine
    assert (hospital, HKG.partnerOf, partner) in g and (partner, HKG.partnerOf, hospital) in g
    (init,) = g.objects(hospital, HKG.runsInitiative)
    assert g.value(init, RDFS.label) == Literal("智慧医院", lang="zh")
    (fact,) = g.subjects(RDF.type, HKG.InitiativeFact)
    assert g.value(fact, HKG.status) == Literal("planned")
    d = g.value(predicate=RDF.type, object=SDO.NewsArticle)
    assert g.value(d, SDO.about) == hospital
    assert g.value(d, HKG.fileName) == Literal("a.txt")
    assert g.value(d, HKG.contentHash) == Literal(doc.sha256)


def test_partnership_whose_sides_resolve_to_one_entity_is_dropped():
    doc = make_doc()
    doc.partnerships[0].b = doc.partnerships[0].a
    g = to_rdf([doc])
    assert not list(g.quads((None, RDF.type, HKG.Partnership, None)))


def test_unknown_partnership_kind_becomes_a_concept_of_the_scheme():
    doc = make_doc()
    doc.partnerships[0].kind = "共建"
    g = to_rdf([doc])
    kind = next(o for _, _, o, _ in g.quads((None, HKG.partnershipKind, None, None)))
    assert (kind, SKOS.inScheme, HKG.PartnershipKindScheme, graph_iri(document_key(doc))) in g


def test_aliases_become_alt_labels():
    doc = make_doc(aliases={"甲一院"})
    g = to_rdf([doc])
    assert list(g.quads((None, SKOS.altLabel, Literal("甲一院", lang="zh"), None)))


@pytest.mark.parametrize(("value", "datatype"), [
    ("2024-05-10", XSD.date), ("2024-05", XSD.gYearMonth), ("2024", XSD.gYear), ("五月", None), (None, None),
])
def test_dates_are_typed_by_precision(value, datatype):
    lit = date_literal(value)
    assert (lit.datatype if lit is not None else None) == datatype


def test_evidence_text_comes_from_the_original_text():
    doc = make_doc()
    doc.original = doc.text.replace("会议", "會議")
    assert "會議" in evidence_text(doc, doc.posts[0].evidence)


def test_names_only_facts_mention_get_entities():
    doc = make_doc()
    doc.entities = {}
    g = to_rdf([doc])
    persons = set(g.quads((None, RDF.type, SDO.Person, None)))
    assert len(persons) == 1
    labels = {str(o) for _, _, o, _ in g.quads((None, RDFS.label, None, None))}
    assert {"甲市第一人民医院", "乙省大学附属医院", "张甲"} <= labels


def test_fact_iris_differ_between_documents():
    a, b = make_doc("a.txt"), make_doc("b.txt")
    ds = to_rdf([a, b])
    facts = {s for s, _, _, _ in ds.quads((None, RDF.type, HKG.PostHolding, None))}
    assert len(facts) == 2
    assert all(isinstance(f, URIRef) for f in facts)


def test_hand_made_graph_conforms_to_the_shapes():
    from rdflib import Graph

    from kg.rdf import validate

    ds = to_rdf([make_doc("a.txt", aliases={"甲一院"}), make_doc("b.txt", hospital="乙县人民医院", published="2024")])
    union = Graph()
    for s, p, o, _ in ds.quads():
        union.add((s, p, o))
    conforms, report = validate(union)
    assert conforms, report


def test_shapes_catch_a_fact_without_evidence():
    from rdflib import Graph

    from kg.rdf import validate

    union = Graph()
    for s, p, o, _ in to_rdf([make_doc()]).quads():
        if p != HKG.evidence:
            union.add((s, p, o))
    conforms, report = validate(union)
    assert not conforms and "evidence" in report
