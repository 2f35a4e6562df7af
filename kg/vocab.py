"""The project's RDF vocabulary as Python constants.

`ontology/hospital-kg.ttl` is the source of truth; `tests/test_vocab.py` checks that every term here is
defined there.  `HKG` is closed (`_fail = True`), so a typo is an error, not a new term.

Shape of the graph (one named graph per document, see `kg.rdf`):

- entities: `hkg:Hospital` / `hkg:HospitalGroup` / `hkg:HealthCentre` / `hkg:Branch` (all
  `hkg:MedicalInstitution`), `hkg:Organization`, `schema:Person`; `rdfs:label`@zh, `skos:altLabel`@zh.
- facts are nodes (`hkg:Fact`): `hkg:PostHolding` (also `org:Membership`: `org:member`,
  `org:organization`, `org:role` -> a `skos:Concept` in `hkg:PostTitleScheme`, `hkg:roleLabel`),
  `hkg:CentreFact` (`hkg:institution`, `hkg:centre`), `hkg:Partnership` (`hkg:partner` x2,
  `hkg:partnershipKind` -> concept in `hkg:PartnershipKindScheme`), `hkg:InitiativeFact`
  (`hkg:institution`, `hkg:initiative`).  Every fact has `hkg:evidence` -> `hkg:Evidence`
  (`prov:wasDerivedFrom` the `schema:NewsArticle`, `hkg:sentenceText`, `hkg:startOffset`,
  `hkg:endOffset`, `prov:wasGeneratedBy` an `hkg:ExtractorStage`), and time: `hkg:asOf` (the date of
  the stating document), `hkg:date` (the date the sentence gives), `hkg:status` ("planned", "former").
- centres are nodes too (`hkg:ClinicalCentre`, `hkg:centreType` -> concept in `hkg:CentreTypeScheme`,
  `hkg:accreditationLevel`, `hkg:accreditationYear`).
- shortcuts for simple SPARQL: `hkg:hasCentre`, `org:memberOf` and `hkg:holdsPostAt`, `hkg:partnerOf`
  (symmetric), `hkg:runsInitiative`; `schema:about` from a document to its subject.
- documents: `schema:NewsArticle` with `dcterms:title`, `schema:datePublished` (xsd:date / gYearMonth /
  gYear by precision), `dcterms:source`, `hkg:fileName`, `hkg:filePath`, `hkg:contentHash`,
  `schema:about` (the subject), `schema:mentions` (every entity of the document).
- the nine partnership kinds are concepts of `hkg:PartnershipKindScheme` (`hkg:MedicalAlliance` ...).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/hospital-kg/ontology"
ID = Namespace("https://w3id.org/hospital-kg/id/")


class HKG(DefinedNamespace):
    """hospital-kg ontology terms (https://w3id.org/hospital-kg/ontology#)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes: entities
    MedicalInstitution: URIRef
    Hospital: URIRef
    HospitalGroup: URIRef
    HealthCentre: URIRef
    Branch: URIRef
    Organization: URIRef
    ClinicalCentre: URIRef
    Initiative: URIRef
    # classes: facts and provenance
    Fact: URIRef
    PostHolding: URIRef
    CentreFact: URIRef
    Partnership: URIRef
    InitiativeFact: URIRef
    Evidence: URIRef
    ExtractorStage: URIRef
    # concept schemes
    PostTitleScheme: URIRef
    CentreTypeScheme: URIRef
    PartnershipKindScheme: URIRef
    # fact properties
    institution: URIRef
    centre: URIRef
    partner: URIRef
    partnershipKind: URIRef
    initiative: URIRef
    roleLabel: URIRef
    centreType: URIRef
    accreditationLevel: URIRef
    accreditationYear: URIRef
    # evidence and time
    evidence: URIRef
    sentenceText: URIRef
    startOffset: URIRef
    endOffset: URIRef
    asOf: URIRef
    date: URIRef
    status: URIRef
    # documents
    fileName: URIRef
    filePath: URIRef
    contentHash: URIRef
    # partnership kinds (concepts of PartnershipKindScheme)
    MedicalAlliance: URIRef
    CountyMedicalCommunity: URIRef
    Trusteeship: URIRef
    Telemedicine: URIRef
    PairedSupport: URIRef
    SpecialtyAlliance: URIRef
    GroupMembership: URIRef
    BranchOf: URIRef
    Cooperation: URIRef
    # shortcuts
    hasCentre: URIRef
    holdsPostAt: URIRef
    partnerOf: URIRef
    runsInitiative: URIRef


__all__ = ["DCTERMS", "HKG", "ID", "ONTOLOGY_IRI", "ORG", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD"]
