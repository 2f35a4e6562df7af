"""The ontology is the source of truth: every term the code, queries and shapes use is defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, DefinedNamespace

from kg import defaults
from kg.model import PartnershipKind
from kg.rdf import PARTNERSHIP_KINDS
from kg.vocab import DCTERMS, HKG, ONTOLOGY_IRI, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = defaults.ONTOLOGY_DIR / "hospital-kg.ttl"
NAMESPACES: dict[str, type[DefinedNamespace]] = {
    "HKG": HKG, "ORG": ORG, "SDO": SDO, "PROV": PROV, "SKOS": SKOS, "DCTERMS": DCTERMS, "RDFS": RDFS,
    "RDF": RDF, "XSD": XSD, "OWL": OWL,
}
PREFIXES = {"hkg": HKG, "org": ORG, "schema": SDO, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS}
DEFINING = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def hkg_terms() -> list[str]:
    return sorted(HKG.__annotations__)


def defined(onto: Graph, ns: type[DefinedNamespace], name: str) -> bool:
    if ns is HKG:
        return any((HKG._NS[name], RDF.type, t) in onto for t in DEFINING)
    return name in getattr(ns, "__annotations__", {})


@pytest.mark.parametrize("name", hkg_terms())
def test_every_hkg_term_is_defined_with_labels(onto, name):
    term = HKG._NS[name]
    assert any((term, RDF.type, t) in onto for t in DEFINING), f"hkg:{name} is not defined in {ONTOLOGY.name}"
    langs = {o.language for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)}
    assert {"zh", "en"} <= langs, f"hkg:{name} needs rdfs:label @zh and @en"
    if (term, RDF.type, SKOS.Concept) not in onto and (term, RDF.type, SKOS.ConceptScheme) not in onto:
        assert {o.language for o in onto.objects(term, RDFS.comment)} >= {"zh", "en"}


def test_ontology_defines_nothing_the_vocabulary_lacks(onto):
    ns = str(HKG._NS)
    subjects = {str(s)[len(ns):] for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    assert subjects <= set(hkg_terms())
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in onto


def test_hkg_is_closed():
    with pytest.raises(AttributeError):
        _ = HKG.NoSuchTerm


def _code_terms() -> set[tuple[str, str]]:
    pattern = re.compile(r"\b(" + "|".join(NAMESPACES) + r")\.([A-Za-z][A-Za-z0-9_]*)\b")
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "kg").rglob("*.py"):
        for ns, name in pattern.findall(path.read_text(encoding="utf-8")):
            found.add((ns, name))
    return found


def test_every_term_the_code_uses_is_defined(onto):
    methods = {"term", "uri", "as_jsonld_context"}
    missing = sorted(f"{ns}.{name}" for ns, name in _code_terms()
                     if name not in methods and not defined(onto, NAMESPACES[ns], name))
    assert not missing, f"terms used in kg/ but defined nowhere: {missing}"


def _prefixed_terms() -> set[tuple[str, str, str]]:
    files = [*(defaults.ONTOLOGY_DIR / "queries").glob("*.rq"), defaults.ONTOLOGY_DIR / "shapes.ttl", ONTOLOGY]
    pattern = re.compile(r"(?<![\w<#/])(" + "|".join(PREFIXES) + r"):([A-Za-z][A-Za-z0-9_]*)")
    found = set()
    for path in files:
        text = re.sub(r'"[^"\n]*"', '""', path.read_text(encoding="utf-8"))
        text = re.sub(r"#[^\n>]*\n", "\n", text)
        for prefix, name in pattern.findall(text):
            found.add((path.name, prefix, name))
    return found


def test_every_term_the_queries_and_shapes_use_is_defined(onto):
    missing = sorted(f"{f}: {p}:{n}" for f, p, n in _prefixed_terms() if not defined(onto, PREFIXES[p], n))
    assert not missing, f"terms used in ontology/ but defined nowhere: {missing}"


def test_partnership_kinds_are_the_nine_kinds_of_the_spec(onto):
    concepts = set(onto.subjects(SKOS.inScheme, HKG.PartnershipKindScheme))
    assert set(PARTNERSHIP_KINDS.values()) == concepts
    assert {k.value for k in PartnershipKind} == set(PARTNERSHIP_KINDS)
    for kind, concept in PARTNERSHIP_KINDS.items():
        labels = list(onto.objects(concept, SKOS.prefLabel))
        assert {str(o) for o in labels if o.language == "zh"} == {kind}
        assert any(o.language == "en" for o in labels)


@pytest.mark.parametrize(("term", "parent"), [
    (HKG.PostHolding, ORG.Membership), (HKG.Fact, PROV.Entity), (HKG.Evidence, PROV.Entity),
    (HKG.Hospital, HKG.MedicalInstitution), (HKG.MedicalInstitution, HKG.Organization),
    (HKG.Organization, ORG.Organization), (HKG.Hospital, SDO.Hospital),
])
def test_classes_reuse_standard_vocabularies(onto, term, parent):
    assert (term, RDFS.subClassOf, parent) in onto


def test_partner_of_is_symmetric(onto):
    assert (HKG.partnerOf, RDF.type, OWL.SymmetricProperty) in onto


def test_shapes_parse():
    shapes = Graph().parse(defaults.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    assert len(shapes) > 50
