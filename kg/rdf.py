"""Documents -> RDF (pure functions): one named graph per document, in the vocabulary of `kg.vocab`.

Each document graph (IRI keyed by the content hash and the path, see `kg.iris`) holds the document node,
every fact as a node with its evidence (PROV-O), the direct shortcut triples, and the triples of every
entity the document mentions (type, label, aliases), so that the union of the graphs still describes an
entity as long as one document mentions it.  No blank nodes: every IRI is minted from a key.

    >>> from kg.documents import document_from_text
    >>> ds = to_rdf([document_from_text("院长王冰主持会议。", path="a.txt")])
    >>> len(list(ds.graphs())) >= 1
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg import vocab
from kg.iris import document_iri, document_key, graph_iri, mint, norm_path
from kg.model import Document, EntityType, Evidence, Fact, InstitutionKind, PartnershipKind
from kg.resolve import Resolution, Resolved, local_entities, normalize


class _Terms:
    """The terms of a namespace, each looked up once (rdflib checks a DefinedNamespace's attribute on every
    access, which was a tenth of the RDF step of a build)."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term


DCTERMS, HKG, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD = (
    _Terms(ns) for ns in (vocab.DCTERMS, vocab.HKG, vocab.ORG, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SDO,
                          vocab.SKOS, vocab.XSD))

ZH = "zh"
PARTNERSHIP_KINDS: dict[str, URIRef] = {
    PartnershipKind.ALLIANCE: HKG.MedicalAlliance,
    PartnershipKind.COUNTY_COMMUNITY: HKG.CountyMedicalCommunity,
    PartnershipKind.TRUSTEESHIP: HKG.Trusteeship,
    PartnershipKind.TELEMEDICINE: HKG.Telemedicine,
    PartnershipKind.PAIRED_SUPPORT: HKG.PairedSupport,
    PartnershipKind.SPECIALTY_ALLIANCE: HKG.SpecialtyAlliance,
    PartnershipKind.GROUP_MEMBER: HKG.GroupMembership,
    PartnershipKind.BRANCH: HKG.BranchOf,
    PartnershipKind.COOPERATION: HKG.Cooperation,
}
INSTITUTION_CLASSES: dict[InstitutionKind, URIRef] = {
    InstitutionKind.HOSPITAL: HKG.Hospital,
    InstitutionKind.GROUP: HKG.HospitalGroup,
    InstitutionKind.HEALTH_CENTRE: HKG.HealthCentre,
    InstitutionKind.BRANCH: HKG.Branch,
}
PREFIXES = {"hkg": vocab.HKG._NS, "org": vocab.ORG, "prov": vocab.PROV, "skos": vocab.SKOS, "schema": vocab.SDO,
            "dcterms": vocab.DCTERMS, "owl": OWL, "xsd": vocab.XSD, "rdfs": vocab.RDFS, "rdf": vocab.RDF}
_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: str, lang: str | None = ZH) -> Literal:
    """A literal for any string (lone surrogates, which no RDF syntax can write, become U+FFFD)."""
    return Literal(_SURROGATE.sub("\ufffd", value), lang=lang)


def date_literal(value: str | None) -> Literal | None:
    """``2024-05-10`` -> xsd:date, ``2024-05`` -> xsd:gYearMonth, ``2024`` -> xsd:gYear; else None."""
    if not value:
        return None
    v = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return Literal(v, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return Literal(v, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", v):
        return Literal(v, datatype=XSD.gYear)
    return None


def evidence_text(doc: Document, ev: Evidence) -> str:
    """The sentence that holds the evidence, as written (`doc.original or doc.text` sliced by its offsets)."""
    source = doc.original or doc.text
    s = doc.sentences[ev.sentence] if 0 <= ev.sentence < len(doc.sentences) else None
    if s is None or not (s.start <= ev.start < max(s.end, s.start + 1)):
        s = doc.sentence_at(ev.start) or s
    if s is None:
        return source[ev.start : ev.end]
    return source[s.start : s.end]


class _Writer:
    """Adds the triples of one document to one graph."""

    def __init__(self, doc: Document, graph: Graph, resolution: Resolution, key: str):
        self.doc, self.g, self.res, self.key = doc, graph, resolution, key
        self.doc_iri = document_iri(key)
        self.as_of = date_literal(doc.published)

    def entity(self, name: str, group: str = "org") -> Resolved:
        return self.res.entity(self.key, name, group)

    def document(self) -> None:
        g, d, doc = self.g, self.doc_iri, self.doc
        g.add((d, RDF.type, SDO.NewsArticle))
        g.add((d, HKG.fileName, text(doc.name, None)))
        g.add((d, HKG.filePath, text(norm_path(doc.path), None)))
        g.add((d, HKG.contentHash, text(doc.sha256, None)))
        if doc.title:
            g.add((d, DCTERMS.title, text(doc.title)))
        if self.as_of is not None:
            g.add((d, SDO.datePublished, self.as_of))
        if doc.source:
            g.add((d, DCTERMS.source, text(doc.source, None)))
        if doc.subject:
            g.add((d, SDO.about, self.entity(doc.subject).iri))

    def entities(self) -> None:
        g = self.g
        for name, local in sorted(local_entities(self.doc).items()):
            r = self.entity(name, local.group)
            g.add((self.doc_iri, SDO.mentions, r.iri))
            if local.type == EntityType.PERSON:
                g.add((r.iri, RDF.type, SDO.Person))
            else:
                g.add((r.iri, RDF.type, HKG.Organization))
            if local.type == EntityType.INSTITUTION:
                g.add((r.iri, RDF.type, HKG.MedicalInstitution))
                if local.kind is not None:
                    g.add((r.iri, RDF.type, INSTITUTION_CLASSES[InstitutionKind(local.kind)]))
            g.add((r.iri, RDFS.label, text(r.label)))
            for alias in local.names:
                if normalize(alias) != normalize(r.label):
                    g.add((r.iri, SKOS.altLabel, text(alias)))

    def fact(self, fact: Fact, cls: URIRef) -> URIRef:
        g = self.g
        f = mint("fact", self.key, *fact.key())
        g.add((f, RDF.type, HKG.Fact))
        g.add((f, RDF.type, cls))
        g.add((f, PROV.wasDerivedFrom, self.doc_iri))
        ev = fact.evidence
        e = mint("evidence", str(f), str(ev.sentence), str(ev.start), str(ev.end), ev.stage)
        stage = mint("stage", ev.stage or "unknown")
        g.add((f, HKG.evidence, e))
        g.add((e, RDF.type, HKG.Evidence))
        g.add((e, PROV.wasDerivedFrom, self.doc_iri))
        g.add((e, HKG.sentenceText, text(evidence_text(self.doc, ev), None)))
        g.add((e, HKG.startOffset, Literal(ev.start)))
        g.add((e, HKG.endOffset, Literal(ev.end)))
        g.add((e, PROV.wasGeneratedBy, stage))
        g.add((stage, RDF.type, HKG.ExtractorStage))
        g.add((stage, RDFS.label, text(ev.stage or "unknown", None)))
        if self.as_of is not None:
            g.add((f, HKG.asOf, self.as_of))
        when = date_literal(fact.date)
        if when is not None:
            g.add((f, HKG.date, when))
        if fact.status:
            g.add((f, HKG.status, text(fact.status, None)))
        return f

    def concept(self, kind: str, label: str, scheme: URIRef) -> URIRef:
        c = mint(kind, normalize(label))
        self.g.add((c, RDF.type, SKOS.Concept))
        self.g.add((c, SKOS.inScheme, scheme))
        self.g.add((c, SKOS.prefLabel, text(label)))
        return c

    def facts(self) -> None:
        g, doc = self.g, self.doc
        for p in doc.posts:
            person, org = self.entity(p.person, "person").iri, self.entity(p.org).iri
            f = self.fact(p, HKG.PostHolding)
            g.add((f, RDF.type, ORG.Membership))
            g.add((f, ORG.member, person))
            g.add((f, ORG.organization, org))
            g.add((f, ORG.role, self.concept("role", p.role, HKG.PostTitleScheme)))
            g.add((f, HKG.roleLabel, text(p.role)))
            g.add((person, ORG.memberOf, org))
            g.add((person, HKG.holdsPostAt, org))
        for c in doc.centres:
            org = self.entity(c.org)
            centre = mint("centre", str(org.iri), normalize(c.name))
            f = self.fact(c, HKG.CentreFact)
            g.add((f, HKG.institution, org.iri))
            g.add((f, HKG.centre, centre))
            g.add((centre, RDF.type, HKG.ClinicalCentre))
            g.add((centre, RDFS.label, text(c.name)))
            g.add((centre, HKG.centreType, self.concept("centre-type", c.name, HKG.CentreTypeScheme)))
            if c.level:
                g.add((centre, HKG.accreditationLevel, text(c.level)))
            year = date_literal(c.date[:4] if c.date else None)
            if year is not None and c.status != "planned":
                g.add((centre, HKG.accreditationYear, year))
            g.add((org.iri, HKG.hasCentre, centre))
        for pa in doc.partnerships:
            a, b = self.entity(pa.a).iri, self.entity(pa.b).iri
            if a == b:  # both names resolved to one entity: not a partnership
                continue
            f = self.fact(pa, HKG.Partnership)
            g.add((f, HKG.partner, a))
            g.add((f, HKG.partner, b))
            kind = PARTNERSHIP_KINDS.get(pa.kind)
            if kind is None:
                kind = self.concept("partnership-kind", pa.kind, HKG.PartnershipKindScheme)
            else:  # the ontology defines it; repeated here so that the data stands alone
                g.add((kind, RDF.type, SKOS.Concept))
                g.add((kind, SKOS.inScheme, HKG.PartnershipKindScheme))
                g.add((kind, SKOS.prefLabel, text(pa.kind)))
            g.add((f, HKG.partnershipKind, kind))
            g.add((a, HKG.partnerOf, b))
            g.add((b, HKG.partnerOf, a))
        for i in doc.initiatives:
            org = self.entity(i.org).iri
            node = mint("initiative", normalize(i.name))
            f = self.fact(i, HKG.InitiativeFact)
            g.add((f, HKG.institution, org))
            g.add((f, HKG.initiative, node))
            g.add((node, RDF.type, HKG.Initiative))
            g.add((node, RDFS.label, text(i.name)))
            g.add((org, HKG.runsInitiative, node))


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def add_document(ds: Dataset, doc: Document, resolution: Resolution | None = None) -> URIRef:
    """Add the named graph of `doc` to `ds` (resolving its entities alone unless `resolution` is given)."""
    key = document_key(doc)
    gi = graph_iri(key)
    w = _Writer(doc, ds.graph(gi), resolution or Resolution([doc]), key)
    w.document()
    w.entities()
    w.facts()
    return gi


class _QuadSink:
    """Takes the rdflib triples `_Writer` adds and keeps them as pyoxigraph quads of one graph (no rdflib store:
    `Graph.add` was the slowest step of a build)."""

    def __init__(self, graph: URIRef):
        from kg.store import to_ox

        self._to_ox = to_ox
        self.graph = ox.NamedNode(str(graph))
        self.quads: set[ox.Quad] = set()
        self._iris: dict[str, ox.NamedNode] = {}

    def _term(self, term):
        if type(term) is URIRef:
            node = self._iris.get(term)
            if node is None:
                node = self._iris[term] = ox.NamedNode(str(term))
            return node
        return self._to_ox(term)

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self.quads.add(ox.Quad(self._term(s), self._term(p), self._term(o), self.graph))


def document_quads(doc: Document, resolution: Resolution | None = None) -> tuple[URIRef, set[ox.Quad]]:
    """The named graph of `doc` as pyoxigraph quads (the same quads as `kg.store.quads_of(to_rdf([doc], ...))`)."""
    key = document_key(doc)
    gi = graph_iri(key)
    sink = _QuadSink(gi)
    w = _Writer(doc, sink, resolution or Resolution([doc]), key)  # type: ignore[arg-type]
    w.document()
    w.entities()
    w.facts()
    return gi, sink.quads


def to_rdf(docs: Iterable[Document], resolution: Resolution | None = None) -> Dataset:
    """A Dataset with one named graph per document; entities resolved across `docs`."""
    docs = list(docs)
    res = resolution or Resolution(docs)
    ds = new_dataset()
    for doc in docs:
        add_document(ds, doc, res)
    return ds


def validate(graph: Graph) -> tuple[bool, str]:
    """Check `graph` (the union of document graphs) against ontology/shapes.ttl with pySHACL; the ontology
    is added to the data so that its concepts count.  Returns (conforms, report text)."""
    from pyshacl import validate as shacl

    from kg import defaults

    data = Graph()
    for t in graph:
        data.add(t)
    data.parse(defaults.ONTOLOGY_DIR / "hospital-kg.ttl", format="turtle")
    shapes = Graph().parse(defaults.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    conforms, _, report = shacl(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return bool(conforms), str(report)
