"""RDF graph (project vocabulary) -> networkx projection for views, analytics and GraphML.

Nodes are entities, centres, initiatives and documents (attributes `label`, `type`, `iri`, `aliases`);
edges are facts, one per (source, target, relation label), with every evidence that states them
(attribute `evidence`: a list of dicts `text`, `doc`, `start`, `end`, `stage`, `date`, `asOf`, `status`).
The documents' metadata (title, date, file) is in `G.graph["documents"]`, keyed by document IRI.
Shortcut triples (`hkg:partnerOf` …) that no fact node explains become edges without evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from urllib.parse import unquote

import networkx as nx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import FOAF
from rdflib.term import Node

from kg.vocab import DCTERMS, HKG, ORG, PROV, RDF, RDFS, SDO, SKOS


class NodeType(StrEnum):
    """What a node of a view is; decides its colour, shape and legend entry."""

    HOSPITAL = "hospital"
    ORGANIZATION = "organization"
    PERSON = "person"
    CENTRE = "centre"
    INITIATIVE = "initiative"
    DOCUMENT = "document"


class Relation(StrEnum):
    """The kind of an edge (its Chinese label is per edge: the role, the centre type, the kind …)."""

    POST = "post"
    CENTRE = "centre"
    PARTNER = "partner"
    INITIATIVE = "initiative"
    ABOUT = "about"
    MENTION = "mention"
    OTHER = "other"


# rdf:type -> node type, most specific first (a hospital is also an organization)
_TYPE_ORDER: list[tuple[NodeType, tuple[URIRef, ...]]] = [
    (NodeType.HOSPITAL, (HKG.MedicalInstitution, HKG.Hospital, HKG.HospitalGroup, HKG.HealthCentre, HKG.Branch,
                         SDO.Hospital, SDO.MedicalOrganization)),
    (NodeType.CENTRE, (HKG.ClinicalCentre,)),
    (NodeType.INITIATIVE, (HKG.Initiative,)),
    (NodeType.PERSON, (SDO.Person, FOAF.Person)),
    (NodeType.ORGANIZATION, (HKG.Organization, ORG.Organization, SDO.Organization, ORG.FormalOrganization)),
    (NodeType.DOCUMENT, (SDO.NewsArticle, SDO.Article, SDO.CreativeWork)),
]

# default Chinese labels of relations whose label the data does not give
RELATION_LABELS: dict[Relation, str] = {
    Relation.POST: "任职",
    Relation.CENTRE: "设有中心",
    Relation.PARTNER: "合作",
    Relation.INITIATIVE: "开展",
    Relation.ABOUT: "报道",
    Relation.MENTION: "提及",
    Relation.OTHER: "关联",
}

_SHORTCUTS: dict[URIRef, Relation] = {
    HKG.hasCentre: Relation.CENTRE,
    HKG.holdsPostAt: Relation.POST,
    ORG.memberOf: Relation.POST,
    HKG.partnerOf: Relation.PARTNER,
    HKG.runsInitiative: Relation.INITIATIVE,
}

_LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, SDO.name, FOAF.name)
_TITLE_PREDICATES = (DCTERMS.title, SDO.headline, SDO.name, RDFS.label)
_DATE_PREDICATES = (DCTERMS.date, SDO.datePublished, DCTERMS.issued)
_FILE_PREDICATES = (HKG.fileName, DCTERMS.source)


def as_graph(data: Graph | Iterable) -> Graph:
    """One rdflib Graph holding every triple of `data` (a Graph, a Dataset's union, or triples)."""
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        g = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    if isinstance(data, Graph):
        return data
    g = Graph()
    for t in data:
        g.add(t[:3])
    return g


def label_of(g: Graph, node: Node) -> str:
    """The best display label of `node`: a Chinese label first, else any label, else its IRI's last part."""
    return pick_label(node, [list(g.objects(node, pred)) for pred in _LABEL_PREDICATES])


def pick_label(node: Node, values_by_predicate: Iterable[Iterable[Node]]) -> str:
    """`label_of` from the objects of each of `_LABEL_PREDICATES` (in that order), however they were read."""
    for objects in values_by_predicate:
        values = [o for o in objects if isinstance(o, Literal)]
        if values:
            zh = [v for v in values if (v.language or "").startswith("zh")]
            return str(sorted(zh or values)[0])
    if isinstance(node, URIRef):
        tail = str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return unquote(tail)
    return str(node)


def node_type(g: Graph, node: Node) -> NodeType | None:
    types = set(g.objects(node, RDF.type))
    for ntype, classes in _TYPE_ORDER:
        if types.intersection(classes):
            return ntype
    return None


def _first(g: Graph, node: Node, preds: Iterable[URIRef]) -> str | None:
    for pred in preds:
        for o in g.objects(node, pred):
            return str(o)
    return None


def _evidence(g: Graph, fact: Node) -> list[dict]:
    """The evidence records of a fact node (sorted, so the output is stable)."""
    stamp = {"asOf": _first(g, fact, (HKG.asOf,)), "date": _first(g, fact, (HKG.date,)),
             "status": _first(g, fact, (HKG.status,))}
    out = []
    for ev in g.objects(fact, HKG.evidence):
        doc = next(iter(g.objects(ev, PROV.wasDerivedFrom)), None)
        start = _first(g, ev, (HKG.startOffset,))
        end = _first(g, ev, (HKG.endOffset,))
        stage = next(iter(g.objects(ev, PROV.wasGeneratedBy)), None)
        out.append({
            "text": _first(g, ev, (HKG.sentenceText,)) or "",
            "doc": str(doc) if doc is not None else None,
            "start": int(start) if start is not None and start.lstrip("-").isdigit() else None,
            "end": int(end) if end is not None and end.lstrip("-").isdigit() else None,
            "stage": label_of(g, stage) if stage is not None else None,
            **stamp,
        })
    if not out and any(stamp.values()):
        out.append({"text": "", "doc": None, "start": None, "end": None, "stage": None, **stamp})
    return sorted(out, key=lambda e: (e["doc"] or "", e["start"] or 0, e["text"]))


def document_meta(g: Graph, doc: Node) -> dict:
    """What a page shows of a document: its title, date and file."""
    return {"title": _first(g, doc, _TITLE_PREDICATES), "date": _first(g, doc, _DATE_PREDICATES),
            "file": _first(g, doc, _FILE_PREDICATES)}


def _add_node(G: nx.MultiDiGraph, g: Graph, node: Node) -> str | None:
    key = str(node)
    if key in G:
        return key
    ntype = node_type(g, node)
    if ntype is None:
        return None
    label = label_of(g, node)
    if ntype == NodeType.DOCUMENT:  # a document is shown by its title, else its file name
        label = _first(g, node, _TITLE_PREDICATES[:2]) or _first(g, node, _FILE_PREDICATES) or label

    aliases = sorted({str(o) for o in g.objects(node, SKOS.altLabel)} - {label})
    G.add_node(key, label=label, type=ntype.value, iri=key, aliases=aliases)
    return key


def _add_edge(G: nx.MultiDiGraph, a: str, b: str, rel: Relation, label: str, evidence: list[dict],
              directed: bool = True, status: str | None = None) -> None:
    if not directed and b < a:  # one key for an unordered pair
        a, b = b, a
    key = f"{rel.value}:{label}"
    if G.has_edge(a, b, key):
        data = G.edges[a, b, key]
        data["evidence"].extend(e for e in evidence if e not in data["evidence"])
        if data.get("status") and status != data["status"]:
            data["status"] = None  # stated as current somewhere: not only former/planned
        return
    G.add_edge(a, b, key=key, relation=rel.value, label=label, evidence=list(evidence), directed=directed,
               status=status)


def _concept_label(g: Graph, concept: Node | None) -> str | None:
    return label_of(g, concept) if concept is not None else None


def project(data: Graph | Dataset) -> nx.MultiDiGraph:
    """The view graph of `data` (see the module docstring)."""
    g = as_graph(data)
    G = nx.MultiDiGraph()
    documents = {str(doc): document_meta(g, doc) for doc in set(g.subjects(RDF.type, SDO.NewsArticle))}
    G.graph["documents"] = documents
    for ntypes in _TYPE_ORDER:
        for cls in ntypes[1]:
            for node in g.subjects(RDF.type, cls):
                if not isinstance(node, BNode):
                    _add_node(G, g, node)
    explained: set[tuple[str, str, Relation]] = set()
    facts: dict[str, tuple[str, str]] = {}  # fact IRI -> the ends of its edge (for views of query results)
    G.graph["facts"] = facts

    def link(a_node: Node | None, b_node: Node | None, rel: Relation, label: str, fact: Node,
             directed: bool = True) -> None:
        if a_node is None or b_node is None:
            return
        a, b = _add_node(G, g, a_node), _add_node(G, g, b_node)
        if a is None or b is None:
            return
        status = _first(g, fact, (HKG.status,))
        _add_edge(G, a, b, rel, label, _evidence(g, fact), directed, status)
        facts[str(fact)] = (a, b)
        explained.add((a, b, rel))
        explained.add((b, a, rel))

    # facts in IRI order: an edge stated by several facts lists their evidence in the same order every run
    for fact in sorted(set(g.subjects(RDF.type, HKG.PostHolding))):
        role = _first(g, fact, (HKG.roleLabel,)) or _concept_label(g, next(g.objects(fact, ORG.role), None))
        link(next(g.objects(fact, ORG.member), None), next(g.objects(fact, ORG.organization), None),
             Relation.POST, role or RELATION_LABELS[Relation.POST], fact)
    for fact in sorted(set(g.subjects(RDF.type, HKG.CentreFact))):
        centre = next(g.objects(fact, HKG.centre), None)
        label = RELATION_LABELS[Relation.CENTRE]
        if centre is not None:
            ctype = _concept_label(g, next(g.objects(centre, HKG.centreType), None))
            level = _first(g, centre, (HKG.accreditationLevel,)) or ""
            label = level + (ctype or label_of(g, centre))
        link(next(g.objects(fact, HKG.institution), None), centre, Relation.CENTRE, label, fact)
    for fact in sorted(set(g.subjects(RDF.type, HKG.Partnership))):
        partners = sorted(g.objects(fact, HKG.partner))
        kind = _concept_label(g, next(g.objects(fact, HKG.partnershipKind), None))
        if len(partners) == 2:
            link(partners[0], partners[1], Relation.PARTNER, kind or RELATION_LABELS[Relation.PARTNER], fact,
                 directed=False)
    for fact in sorted(set(g.subjects(RDF.type, HKG.InitiativeFact))):
        link(next(g.objects(fact, HKG.institution), None), next(g.objects(fact, HKG.initiative), None),
             Relation.INITIATIVE, RELATION_LABELS[Relation.INITIATIVE], fact)

    for pred, rel in _SHORTCUTS.items():
        for s, o in g.subject_objects(pred):
            a, b = _add_node(G, g, s), _add_node(G, g, o)
            if a is None or b is None or (a, b, rel) in explained:
                continue
            _add_edge(G, a, b, rel, RELATION_LABELS[rel], [], directed=rel != Relation.PARTNER)
            explained.update({(a, b, rel), (b, a, rel)})
    mentions: dict[str, set[str]] = {}
    for doc, ent in g.subject_objects(SDO.mentions):
        mentions.setdefault(str(ent), set()).add(str(doc))
    for n, data in G.nodes(data=True):
        data["docs"] = [n] if data["type"] == NodeType.DOCUMENT else sorted(mentions.get(n, ()))
    for doc, subject in g.subject_objects(SDO.about):
        a, b = _add_node(G, g, doc), _add_node(G, g, subject)
        if a is not None and b is not None:
            _add_edge(G, a, b, Relation.ABOUT, RELATION_LABELS[Relation.ABOUT],
                      [{"text": "", "doc": a, "start": None, "end": None, "stage": None, "asOf": None,
                        "date": None, "status": None}])
    # an entity that no fact links is drawn next to the documents that mention it
    for n in [n for n in G if G.degree(n) == 0]:
        for doc in G.nodes[n]["docs"]:
            if doc in G and doc != n:
                _add_edge(G, doc, n, Relation.MENTION, RELATION_LABELS[Relation.MENTION], [], directed=True)
    return G

