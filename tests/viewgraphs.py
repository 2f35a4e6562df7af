"""Small RDF graphs in the project vocabulary for the view and stats tests (made directly with rdflib).

`make_graph` takes plain dicts; `seed_graph` turns the shared gold annotations of the seeds into one,
with the first seed sentence that names both ends of a fact as its evidence.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from kg.vocab import DCTERMS, HKG, ID, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

TYPES = {"MedicalInstitution": HKG.Hospital, "Organization": HKG.Organization, "Person": SDO.Person}


def iri(kind: str, name: str) -> URIRef:
    return ID[f"{kind}/{hashlib.sha1(name.encode()).hexdigest()[:12]}"]


def make_graph(docs: list[dict]) -> Dataset:
    """docs: [{file, title, date, subject, entities: {name: type}, posts: [(person, role, org, sentence)],
    centres: [(org, centre, level, sentence[, accreditation year])], partnerships: [(a, b, kind, sentence)],
    initiatives: [(org, name, sentence)]}] -> a Dataset with one named graph per document."""
    ds = Dataset()
    for d in docs:
        doc = iri("doc", d["file"])
        g = ds.graph(URIRef(str(doc) + "/graph"))
        g.add((doc, RDF.type, SDO.NewsArticle))
        g.add((doc, DCTERMS.title, Literal(d.get("title", d["file"]), lang="zh")))
        if d.get("date"):
            g.add((doc, DCTERMS.date, Literal(d["date"], datatype=XSD.date)))
        g.add((doc, HKG.fileName, Literal(d["file"])))
        ents = dict(d.get("entities", {}))
        for name, etype in ents.items():
            e = iri("entity", name)
            g.add((e, RDF.type, TYPES[etype]))
            g.add((e, RDFS.label, Literal(name, lang="zh")))
        if d.get("subject"):
            g.add((doc, SDO.about, iri("entity", d["subject"])))
        counter = iter(range(1, 10**6))

        def fact(cls: URIRef, sentence: str, g=g, doc=doc, d=d, counter=counter) -> URIRef:
            n = next(counter)
            f = iri("fact", f"{d['file']}#{n}")
            ev = iri("evidence", f"{d['file']}#{n}")
            g.add((f, RDF.type, cls))
            g.add((f, RDF.type, HKG.Fact))
            g.add((f, HKG.evidence, ev))
            g.add((ev, RDF.type, HKG.Evidence))
            g.add((ev, HKG.sentenceText, Literal(sentence, lang="zh")))
            g.add((ev, PROV.wasDerivedFrom, doc))
            if d.get("date"):
                g.add((f, HKG.asOf, Literal(d["date"], datatype=XSD.date)))
            return f

        for person, role, org, sentence in d.get("posts", ()):
            f = fact(HKG.PostHolding, sentence)
            g.add((f, ORG.member, iri("entity", person)))
            g.add((f, ORG.organization, iri("entity", org)))
            g.add((f, HKG.roleLabel, Literal(role, lang="zh")))
            g.add((iri("entity", person), HKG.holdsPostAt, iri("entity", org)))
        for org, name, level, sentence, *year in d.get("centres", ()):
            f = fact(HKG.CentreFact, sentence)
            c = iri("centre", org + name)
            g.add((c, RDF.type, HKG.ClinicalCentre))
            g.add((c, RDFS.label, Literal(name, lang="zh")))
            ctype = iri("centretype", name)
            g.add((ctype, SKOS.prefLabel, Literal(name, lang="zh")))
            g.add((c, HKG.centreType, ctype))
            if level:
                g.add((c, HKG.accreditationLevel, Literal(level, lang="zh")))
            if year:
                g.add((c, HKG.accreditationYear, Literal(year[0], datatype=XSD.gYear)))
            g.add((f, HKG.institution, iri("entity", org)))
            g.add((f, HKG.centre, c))
            g.add((iri("entity", org), HKG.hasCentre, c))
        for a, b, kind, sentence in d.get("partnerships", ()):
            f = fact(HKG.Partnership, sentence)
            k = iri("kind", kind)
            g.add((k, SKOS.prefLabel, Literal(kind, lang="zh")))
            g.add((f, HKG.partnershipKind, k))
            for x in (a, b):
                g.add((f, HKG.partner, iri("entity", x)))
            g.add((iri("entity", a), HKG.partnerOf, iri("entity", b)))
        for org, name, sentence in d.get("initiatives", ()):
            f = fact(HKG.InitiativeFact, sentence)
            i = iri("initiative", org + name)
            g.add((i, RDF.type, HKG.Initiative))
            g.add((i, RDFS.label, Literal(name, lang="zh")))
            g.add((f, HKG.institution, iri("entity", org)))
            g.add((f, HKG.initiative, i))
            g.add((iri("entity", org), HKG.runsInitiative, i))
    return ds


def _sentence(text: str, *names: str) -> str:
    for s in text.replace("\n", "。").split("。"):
        if all(n and n in s for n in names):
            return s.strip() + "。"
    for s in text.replace("\n", "。").split("。"):
        if names and names[-1] in s:
            return s.strip() + "。"
    return ""


def seed_graph(gold: Path, seeds: Path) -> Dataset:
    """The gold facts of the seeds as a graph (required facts only), with seed sentences as evidence."""
    docs = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        text = (seeds / g["doc"]).read_text(encoding="utf-8")
        names = {k: v["names"][0] for k, v in g["entities"].items()}
        ents = {names[k]: v["type"] for k, v in g["entities"].items()}
        docs.append({
            "file": g["doc"], "title": text.strip().splitlines()[0][:40], "date": None,
            "subject": names.get(g.get("subject")), "entities": ents,
            "posts": [(names[p], r, names[o], _sentence(text, names[p], r)) for p, r, o in g["posts"]],
            "centres": [(names[o], c, lv, _sentence(text, c)) for o, c, lv in g["centres"]],
            "partnerships": [(names[a], names[b], k, _sentence(text, names[b]))
                             for a, b, k in g["partnerships"]],
            "initiatives": [(names[o], i, _sentence(text, i)) for o, i in g["initiatives"]],
        })
    return make_graph(docs)


@cache
def built_seeds(seeds: Path) -> Path:
    """`kg build` of the seeds (no page), once per test session; returns the output folder."""
    from kg.build import build

    out = Path(tempfile.mkdtemp(prefix="kg-seeds-build-")) / "out"
    atexit.register(shutil.rmtree, out.parent, True)
    build([seeds], out, progress=False, view=False)
    return out
