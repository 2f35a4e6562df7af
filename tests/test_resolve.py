"""Resolution across documents: one IRI per institution, aliases, no merging of shared short names."""

from __future__ import annotations

import pytest
from rdflib import Literal

from kg.documents import document_from_text
from kg.iris import document_key
from kg.model import Document, Entity, EntityType, InstitutionKind
from kg.rdf import to_rdf
from kg.resolve import is_generic, resolve, short_form
from kg.vocab import RDFS, SKOS


def doc_naming(path: str, *entities: tuple[str, set[str]]) -> Document:
    doc = document_from_text("。".join(n for n, _ in entities) + "。", path=path)
    doc.entities = {n: Entity(n, EntityType.INSTITUTION, InstitutionKind.HOSPITAL, set(a)) for n, a in entities}
    return doc


def iri(res, doc: Document, name: str):
    return res.entity(document_key(doc), name).iri


@pytest.mark.parametrize("name", ["人民医院", "县医院", "第二医院", "二院", "中医院", "省人民医院", "县人民医院",
                                  "市中心医院", "省卫健委", "本院", "卫生院"])
def test_generic_names(name):
    assert is_generic(name)


@pytest.mark.parametrize("name", ["甲市人民医院", "乙县中医院", "丙大学华山医院", "华山医院", "丁县医疗集团"])
def test_specific_names(name):
    assert not is_generic(name)


def test_same_full_name_in_two_documents_is_one_iri():
    a = doc_naming("a.txt", ("甲市人民医院", set()))
    b = doc_naming("b.txt", ("甲市人民医院", set()))
    res = resolve([a, b])
    assert iri(res, a, "甲市人民医院") == iri(res, b, "甲市人民医院")


def test_alias_in_one_document_joins_short_name_in_another():
    a = doc_naming("a.txt", ("丙大学华山医院", {"华山医院"}))
    b = doc_naming("b.txt", ("华山医院", set()))
    res = resolve([a, b])
    entity = res.entity(document_key(b), "华山医院")
    assert entity.iri == iri(res, a, "丙大学华山医院")
    assert entity.label == "丙大学华山医院"
    ds = to_rdf([a, b], res)
    assert list(ds.quads((entity.iri, SKOS.altLabel, Literal("华山医院", lang="zh"), None)))
    labels = {o for _, _, o, _ in ds.quads((entity.iri, RDFS.label, None, None))}
    assert labels == {Literal("丙大学华山医院", lang="zh")}


def test_shared_short_name_never_merges_two_hospitals():
    a = doc_naming("a.txt", ("甲市人民医院", {"人民医院"}))
    b = doc_naming("b.txt", ("乙市人民医院", {"人民医院"}))
    c = doc_naming("c.txt", ("人民医院", set()))
    res = resolve([a, b, c])
    ia, ib, ic = iri(res, a, "甲市人民医院"), iri(res, b, "乙市人民医院"), iri(res, c, "人民医院")
    assert len({ia, ib, ic}) == 3
    assert iri(res, a, "人民医院") == ia  # inside its own document the short name is the hospital


def test_generic_name_stays_local_to_its_document():
    a = doc_naming("a.txt", ("县医院", set()))
    b = doc_naming("b.txt", ("县医院", set()))
    res = resolve([a, b])
    assert iri(res, a, "县医院") != iri(res, b, "县医院")


def test_alias_claimed_by_two_full_names_is_ambiguous():
    a = doc_naming("a.txt", ("甲市华山医院", {"华山医院"}))
    b = doc_naming("b.txt", ("乙市华山医院", {"华山医院"}))
    c = doc_naming("c.txt", ("华山医院", set()))
    res = resolve([a, b, c])
    assert len({iri(res, a, "甲市华山医院"), iri(res, b, "乙市华山医院"), iri(res, c, "华山医院")}) == 3


def test_canonical_label_is_the_longest_name_documents_resolved_to():
    a = doc_naming("a.txt", ("华山医院", {"丙大学华山医院"}))
    b = doc_naming("b.txt", ("华山医院", set()))
    assert resolve([a, b]).entity(document_key(b), "华山医院").label == "华山医院"
    c = doc_naming("c.txt", ("丙大学华山医院", set()))
    res = resolve([a, b, c])
    assert res.entity(document_key(b), "华山医院").label == "丙大学华山医院"
    assert res.entity(document_key(b), "华山医院").iri == res.entity(document_key(c), "丙大学华山医院").iri


def test_persons_are_matched_by_name_and_kept_apart_from_organizations():
    a = doc_naming("a.txt", ("甲市人民医院", set()))
    a.entities["张甲"] = Entity("张甲", EntityType.PERSON)
    b = doc_naming("b.txt", ("乙市人民医院", set()))
    b.entities["张甲"] = Entity("张甲", EntityType.PERSON)
    res = resolve([a, b])
    pa = res.entity(document_key(a), "张甲", "person")
    assert pa.iri == res.entity(document_key(b), "张甲", "person").iri
    assert "/person/" in pa.iri


def test_resolution_does_not_depend_on_document_order():
    a = doc_naming("a.txt", ("丙大学华山医院", {"华山医院"}))
    b = doc_naming("b.txt", ("华山医院", set()))
    assert set(to_rdf([a, b]).quads()) == set(to_rdf([b, a]).quads())


def test_name_without_level_word_joins_the_full_name():
    a = doc_naming("a.txt", ("丁阳县医疗集团", set()), ("丁阳医疗集团", set()))
    res = resolve([a])
    assert iri(res, a, "丁阳医疗集团") == iri(res, a, "丁阳县医疗集团")
    assert res.entity(document_key(a), "丁阳医疗集团").label == "丁阳县医疗集团"


def test_name_without_level_word_is_ambiguous_between_city_and_county():
    a = doc_naming("a.txt", ("丁阳县中医院", set()))
    b = doc_naming("b.txt", ("丁阳市中医院", set()))
    c = doc_naming("c.txt", ("丁阳中医院", set()))
    res = resolve([a, b, c])
    assert len({iri(res, a, "丁阳县中医院"), iri(res, b, "丁阳市中医院"), iri(res, c, "丁阳中医院")}) == 3


@pytest.mark.parametrize(("name", "short"), [("丁阳县医疗集团", "丁阳医疗集团"), ("甲市人民医院", None),
                                             ("县人民医院", None), ("丙大学华山医院", None)])
def test_short_form(name, short):
    assert short_form(name) == short
