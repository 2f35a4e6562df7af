"""The view projection read from the store with SPARQL: no rdflib copy, no evidence text.

`light_projection(store)` has the nodes and edges of `kg.views.project.project` of the union of the document
graphs (the same node types, edge keys, labels, directions and statuses; tests/test_views_store.py compares
them), but reads only what a selection needs: the node types, the ends and labels of the facts, the
shortcut, about and mention links.  Optional parts cost memory and are read only when asked for:

- `labels`: a test `wanted(label, aliases)`; the nodes it accepts get `label` and `aliases` (for `--focus`
  and `--query`, which find nodes by name);
- `evidence`: per edge, the documents and dates of its evidence without the sentences (for `--as-of`);
- `fact_iris`: the facts whose edges go into `G.graph["facts"]` (for `--query` results that name facts).

Blank nodes are never nodes here (the project's graphs have none).  Triples of other graphs than the
documents' (analytics) hold none of the predicates read here.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.store import to_rdflib
from kg.views.project import (
    _FILE_PREDICATES,
    _LABEL_PREDICATES,
    _SHORTCUTS,
    _TITLE_PREDICATES,
    _TYPE_ORDER,
    RELATION_LABELS,
    NodeType,
    Relation,
    _add_edge,
    pick_label,
)
from kg.vocab import HKG, ORG, PROV, RDF, SDO, SKOS

FACT_CLASSES = (HKG.PostHolding, HKG.CentreFact, HKG.Partnership, HKG.InitiativeFact)
LABELS_BY_PASS = 2000  # `labels_of` more IRIs than this: one pass over all labels, not VALUES joins
_ORDER = [ntype for ntype, _ in _TYPE_ORDER]
_TYPE = ox.NamedNode(str(RDF.type))
_LABEL_PREDS = [str(p) for p in _LABEL_PREDICATES]
_NAME_PREDS = list(dict.fromkeys(_LABEL_PREDS + [str(p) for p in _TITLE_PREDICATES[:2] + _FILE_PREDICATES]
                                 + [str(SKOS.altLabel)]))


def _values(var: str, iris: Iterable) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def _distinct(s: str, pred, o: str) -> str:
    """`?s pred ?o` once per pair: the union of the graphs yields a triple once per graph holding it, so plain
    joins of a fact's properties grow with the product of the numbers of documents stating them."""
    return f"{{ SELECT DISTINCT ?{s} ?{o} WHERE {{ ?{s} <{pred}> ?{o} }} }}"


def _opt(s: str, pred, o: str) -> str:
    return f"OPTIONAL {_distinct(s, pred, o)}"


def _facts(cls) -> str:
    return f"{{ SELECT DISTINCT ?f WHERE {{ ?f a <{cls}> }} }}"


def rows(store: ox.Store, sparql: str) -> Iterator[tuple]:
    """The solutions of a SELECT over the union of the graphs, as tuples of pyoxigraph terms (None: unbound)."""
    for sol in store.query(sparql, use_default_graph_as_union=True):
        yield tuple(sol)


def fact_values(store: ox.Store, cls, preds: Iterable) -> Iterator[tuple]:
    """`(fact, first object of each of preds or None)` for every fact of class `cls`, read by index lookups: a
    SPARQL join of optional properties holds a hash table of each property over the whole store (100 k
    articles: hundreds of MB), these hold nothing."""
    preds = [ox.NamedNode(str(p)) for p in preds]
    seen: set[int] = set()  # hashes: a set of 10^6 IRIs would cost ~300 MB
    for q in store.quads_for_pattern(None, _TYPE, ox.NamedNode(str(cls)), None):
        f = q.subject
        if isinstance(f, ox.NamedNode) and hash(f.value) not in seen:
            seen.add(hash(f.value))
            yield (f.value, *(first_object(store, f, p) for p in preds))


def first_object(store: ox.Store, s, p):
    """The first object of `s p ?o` in any graph (None: none)."""
    for q in store.quads_for_pattern(s, p, None, None):
        return q.object
    return None


def _iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _text(term) -> str | None:
    return None if term is None else term.value


def _term_label(term, names: dict[str, str]) -> str | None:
    """`label_of` of a term read with `labels_of` (a literal or blank node is shown as itself)."""
    if term is None:
        return None
    return names.get(term.value, "") if isinstance(term, ox.NamedNode) else term.value


def node_types(store: ox.Store) -> dict[str, int]:
    """IRI -> index in `_TYPE_ORDER` of every typed node (the most specific type wins, as in `node_type`)."""
    group = {str(cls): i for i, (_, classes) in enumerate(_TYPE_ORDER) for cls in classes}
    out: dict[str, int] = {}
    for s, c in rows(store, f"SELECT ?s ?c WHERE {{ {_values('c', group)} ?s a ?c }}"):
        key = _iri(s)
        if key is not None:
            key = sys.intern(key)  # the edges refer to the same strings
            rank = group[c.value]
            if out.get(key, rank) >= rank:
                out[key] = rank
    return out


def labels_of(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """`label_of` for a few IRIs (concepts, centres), read with one query."""
    iris = sorted(set(iris))
    found: dict[str, list[set]] = {i: [set() for _ in _LABEL_PREDS] for i in iris}
    if len(iris) > LABELS_BY_PASS:  # many: one pass over every label beats many VALUES joins
        queries = [f"SELECT ?s ?p ?o WHERE {{ {_values('p', _LABEL_PREDS)} ?s ?p ?o }}"]
    else:
        queries = [f"SELECT ?s ?p ?o WHERE {{ {_values('s', iris[i:i + 500])} {_values('p', _LABEL_PREDS)} ?s ?p ?o }}"
                   for i in range(0, len(iris), 500)]
    for q in queries:
        for s, p, o in rows(store, q):
            if s.value in found:
                found[s.value][_LABEL_PREDS.index(p.value)].add(to_rdflib(o))
    return {i: pick_label(to_rdflib(ox.NamedNode(i)), found[i]) for i in iris}


def _named(types: dict[str, int], node: str, objects: list[list]) -> tuple[str, str, list[str]]:
    """(IRI, label, aliases) of a node from its objects of each of `_NAME_PREDS`."""
    by_pred = dict(zip(_NAME_PREDS, objects, strict=True))
    label = pick_label(to_rdflib(ox.NamedNode(node)), [by_pred[p] for p in _LABEL_PREDS])
    if _ORDER[types[node]] == NodeType.DOCUMENT:
        first = [o for p in [str(x) for x in _TITLE_PREDICATES[:2]] for o in by_pred[p]]
        first = first or [o for p in [str(x) for x in _FILE_PREDICATES] for o in by_pred[p]]
        label = str(min(first, key=str)) if first else label
    aliases = sorted({str(o) for o in by_pred[str(SKOS.altLabel)]} - {label})
    return node, label, aliases


def names_containing(store: ox.Store, types: dict[str, int], name: str, *, exact: Iterable[str] = ()
                     ) -> Iterator[tuple[str, str, list[str]]]:
    """(IRI, label, aliases) of the nodes whose label or an alias may contain `name` (or, given `exact` names,
    be one of them): those with such a name literal or IRI (a node without labels is called after its IRI),
    read node by node."""
    from urllib.parse import unquote

    exact = sorted(set(exact))
    if exact:
        tests = [f"STR(?o) IN ({', '.join(str(ox.Literal(n)) for n in exact[i:i + 200])})"
                 for i in range(0, len(exact), 200)]
    else:
        tests = [f"CONTAINS(STR(?o), {ox.Literal(name)})"]
    found = {sys.intern(s.value) for test in tests
             for (s,) in rows(store, f"SELECT DISTINCT ?s WHERE {{ {_values('p', _NAME_PREDS)} ?s ?p ?o "
                                     f"FILTER({test}) }}")
             if isinstance(s, ox.NamedNode) and s.value in types}
    wanted = set(exact)
    if exact:  # the last part of the IRI, as `project.label_of` shows a node without labels
        found |= {n for n in types if unquote(n.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]) in wanted}
    else:
        found |= {n for n in types if name in unquote(n)}
    preds = [ox.NamedNode(p) for p in _NAME_PREDS]
    for node in sorted(found):
        term = ox.NamedNode(node)
        objects = [list(dict.fromkeys(to_rdflib(q.object) for q in store.quads_for_pattern(term, p, None)))
                   for p in preds]
        yield _named(types, node, objects)


def display_names(store: ox.Store, types: dict[str, int]) -> Iterator[tuple[str, str, list[str]]]:
    """(IRI, label, aliases) of every node, as `kg.views.project` shows them (documents by title or file)."""
    named = functools.partial(_named, types)
    seen: set[str] = set()
    current, objects = None, None
    q = f"SELECT ?s ?p ?o WHERE {{ {_values('p', _NAME_PREDS)} ?s ?p ?o }} ORDER BY ?s"
    for s, p, o in rows(store, q):
        node = _iri(s)
        if node not in types:
            continue
        if node != current:
            if current is not None:
                yield named(current, objects)
            current, objects = node, [[] for _ in _NAME_PREDS]
            seen.add(node)
        term = to_rdflib(o)
        bucket = objects[_NAME_PREDS.index(p.value)]
        if term not in bucket:
            bucket.append(term)
    if current is not None:
        yield named(current, objects)
    for node in types:
        if node not in seen:
            yield named(node, [[] for _ in _NAME_PREDS])


_CLASS_OF = dict(zip((Relation.POST, Relation.CENTRE, Relation.PARTNER, Relation.INITIATIVE), FACT_CLASSES,
                      strict=True))


def _evidence(store: ox.Store, classes: Iterable) -> dict[str, list[dict]]:
    """Fact IRI -> its evidence records as `project._evidence` makes them, without sentence and stage (the facts
    of `classes` only)."""
    facts = _values("c", classes)
    stamps: dict[str, dict] = {}
    q = (f"SELECT ?f ?a ?d ?st WHERE {{ {facts} ?f a ?c . OPTIONAL {{ ?f <{HKG.asOf}> ?a }} "
         f"OPTIONAL {{ ?f <{HKG.date}> ?d }} OPTIONAL {{ ?f <{HKG.status}> ?st }} }}")
    for f, a, d, st in rows(store, q):
        if (a or d or st) and _iri(f) not in stamps:
            stamps[_iri(f)] = {"asOf": _text(a), "date": _text(d), "status": _text(st)}
    per_fact: dict[str, dict[str, dict]] = {}
    q = (f"SELECT ?f ?e ?doc ?s ?t WHERE {{ {facts} ?f a ?c ; <{HKG.evidence}> ?e . "
         f"OPTIONAL {{ ?e <{PROV.wasDerivedFrom}> ?doc }} OPTIONAL {{ ?e <{HKG.startOffset}> ?s }} "
         f"OPTIONAL {{ ?e <{HKG.endOffset}> ?t }} }}")
    none = {"asOf": None, "date": None, "status": None}
    for f, e, doc, s, t in rows(store, q):
        evs = per_fact.setdefault(_iri(f), {})
        if e.value not in evs:
            start, end = _text(s), _text(t)
            evs[e.value] = {"text": "", "doc": _text(doc), "stage": None,
                            "start": int(start) if start and start.lstrip("-").isdigit() else None,
                            "end": int(end) if end and end.lstrip("-").isdigit() else None,
                            **stamps.get(_iri(f), none)}
    out = {f: sorted(evs.values(), key=lambda e: (e["doc"] or "", e["start"] or 0)) for f, evs in per_fact.items()}
    for f, stamp in stamps.items():
        if f not in out:
            out[f] = [{"text": "", "doc": None, "start": None, "end": None, "stage": None, **stamp}]
    return out


class NxEdges:
    """Edges read from the store go into a networkx projection (with `project`'s own `_add_edge`)."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G

    def add(self, a: str, b: str, rel: Relation, label: str, evidence: list[dict], directed: bool = True,
            status: str | None = None) -> None:
        _add_edge(self.G, a, b, rel, label, evidence, directed, status)

    def explained(self, a: str, b: str, rel: str) -> bool:
        return any(d["relation"] == rel for x, y in ((a, b), (b, a))
                   for d in (self.G.get_edge_data(x, y) or {}).values())

    def linked(self) -> set[str]:
        return {n for n in self.G if self.G.degree(n) > 0}


class CompactEdges:
    """Edge keys only, `(a, b) -> key` (a set when there are several): what degrees need, ~100 bytes an edge
    (a networkx projection costs ~1 KB a node and an edge); for the default and `--types` views."""

    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], str | set[str]] = {}
        self._keys: dict[str, str] = {}

    def add(self, a: str, b: str, rel: Relation, label: str, evidence: list[dict], directed: bool = True,
            status: str | None = None) -> None:
        if not directed and b < a:  # as project._add_edge
            a, b = b, a
        key = f"{rel.value}:{label}"
        key = self._keys.setdefault(key, key)
        old = self.pairs.get((a, b))
        if old is None:
            self.pairs[(a, b)] = key
        elif isinstance(old, str):
            if old != key:
                self.pairs[(a, b)] = {old, key}
        else:
            old.add(key)

    def keys(self, a: str, b: str) -> Iterable[str]:
        found = self.pairs.get((a, b), ())
        return (found,) if isinstance(found, str) else found

    def explained(self, a: str, b: str, rel: str) -> bool:
        return any(k.split(":", 1)[0] == rel for x, y in ((a, b), (b, a)) for k in self.keys(x, y))

    def linked(self) -> set[str]:
        return {n for pair in self.pairs for n in pair}

    def degrees(self, keep: Callable[[str], bool]) -> dict[str, int]:
        """Node -> degree (a self-loop counts twice, as in networkx) over the edges whose two ends `keep` accepts."""
        out: dict[str, int] = {}
        for (a, b), ks in self.pairs.items():
            if keep(a) and keep(b):
                n = 1 if isinstance(ks, str) else len(ks)
                out[a] = out.get(a, 0) + n
                out[b] = out.get(b, 0) + n
        return out


class DatedEdges(CompactEdges):
    """Edge keys, when each edge was first known and the sightings of the posts: what `--as-of` needs
    (`as_of` below does what `kg.views.select.as_of` does to a projection)."""

    def __init__(self) -> None:
        super().__init__()
        self.first: dict[tuple[str, str, str], str] = {}
        self.sightings: dict[tuple[str, str, str], list] = {}

    def add(self, a: str, b: str, rel: Relation, label: str, evidence: list[dict], directed: bool = True,
            status: str | None = None) -> None:
        from kg.timeline import Sighting

        super().add(a, b, rel, label, evidence, directed, status)
        if not directed and b < a:
            a, b = b, a
        key = (a, b, self._keys[f"{rel.value}:{label}"])
        dates = [d for d in (e.get("date") or e.get("asOf") for e in evidence) if d]
        if dates:
            self.first[key] = min(dates + ([self.first[key]] if key in self.first else []))
        if rel == Relation.POST and evidence:
            self.sightings.setdefault(key, []).extend(
                Sighting(person=a, role=label, org=b, as_of=e.get("asOf"), date=e.get("date"),
                         status=e.get("status"), doc=e.get("doc") or "") for e in evidence)

    def as_of(self, date: str) -> set[str]:
        """Drop the edges first known after `date` and the posts ended by then; returns the nodes left alone."""
        from kg.timeline import ended_by, on_or_before

        before = self.linked()
        gone = {k for k, first in self.first.items() if not on_or_before(first, date)}
        ended = ended_by([s for k, ss in self.sightings.items() if k not in gone for s in ss], date)
        for (a, b), ks in self.pairs.items():
            for k in (ks,) if isinstance(ks, str) else ks:
                rel, label = k.split(":", 1)
                if rel == Relation.POST and (a, label, b) in ended:
                    gone.add((a, b, k))
        for a, b, k in gone:
            ks = self.pairs[(a, b)]
            if isinstance(ks, str) or len(ks) == 1:
                del self.pairs[(a, b)]
            else:
                ks.discard(k)
        self.first.clear()
        self.sightings.clear()
        return before - self.linked()


def light_projection(store: ox.Store, *, labels: Callable[[str, list[str]], bool] | None = None,
                     evidence: bool | Iterable[Relation] = False,
                     fact_iris: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The projection's nodes (attribute `type`, and `label`/`aliases` where `labels` accepts them) and edges
    (`relation`, `label`, `directed`, `status`, and `evidence` records when asked for: True, or the relations
    whose edges need them); see the module doc."""
    if isinstance(evidence, bool):
        evidence = set(Relation) if evidence else set()
    evidence = set(evidence)
    types = node_types(store)
    G = nx.MultiDiGraph()
    for node, rank in types.items():
        G.add_node(node, type=_ORDER[rank].value)
    if labels is not None:
        for node, label, aliases in display_names(store, types):
            if labels(label, aliases):
                G.nodes[node].update(label=label, aliases=aliases)
    classes = [_CLASS_OF[r] for r in _CLASS_OF if r in evidence]
    records = _evidence(store, classes) if classes else {}
    G.graph["facts"] = {}
    G.graph["documents"] = {}
    read_links(store, types, NxEdges(G), records, fact_iris, G.graph["facts"], about=Relation.ABOUT in evidence)
    return G


def compact_projection(store: ox.Store, facts: dict[str, tuple[str, str]] | None = None,
                       as_of: str | None = None) -> tuple[dict[str, int], CompactEdges]:
    """The projection's nodes (IRI -> index of its type in `_TYPE_ORDER`) and edge keys, in little memory; the
    ends of the edges of the facts already in `facts` (as keys) are filled in.  With `as_of`, the graph as it
    stood then (`kg.views.select.as_of`: later edges, ended posts and the nodes they leave alone go)."""
    types = node_types(store)
    edges = DatedEdges() if as_of else CompactEdges()
    read_links(store, types, edges, _evidence(store, FACT_CLASSES) if as_of else None,
               fact_iris=list(facts or ()), facts=facts)
    if as_of:
        for n in edges.as_of(as_of):
            del types[n]
    return types, edges


def read_links(store: ox.Store, types: dict[str, int], sink: NxEdges | CompactEdges,
               records: dict[str, list[dict]] | None = None, fact_iris: Iterable[str] | None = None,
               facts: dict[str, tuple[str, str]] | None = None, about: bool = False) -> None:
    """Every edge of the projection into `sink`, as `project` makes them: facts (with `records` as evidence),
    shortcuts no fact explains, about links, and mentions of the nodes nothing else links; the edges of the
    facts of `fact_iris` go into `facts`."""
    records = records if records is not None else {}
    wanted = set(fact_iris or ())

    def link(fact: str, a: str | None, b: str | None, rel: Relation, label: str, status: str | None,
             directed: bool = True) -> None:
        if a in types and b in types:
            a, b = sys.intern(a), sys.intern(b)
            sink.add(a, b, rel, label, records.get(fact, []), directed, status)
            if fact in wanted and facts is not None:
                facts[fact] = (a, b)

    # posts: the role label, else the label of the role concept
    later = []  # posts without a role label: named after their role concept
    for f, m, o, rl, role, st in fact_values(store, HKG.PostHolding, (ORG.member, ORG.organization, HKG.roleLabel,
                                                                       ORG.role, HKG.status)):
        if rl is not None and rl.value:
            link(f, _iri(m), _iri(o), Relation.POST, rl.value, _text(st))
        else:
            later.append((f, _iri(m), _iri(o), _iri(role), _text(st)))
    names = labels_of(store, {role for *_, role, _ in later} - {None})
    for f, m, o, role, st in later:
        link(f, m, o, Relation.POST, (names.get(role) if role else None) or RELATION_LABELS[Relation.POST], st)
    del later
    # centres: level + centre type (or the centre's own label)
    names = labels_of(store, {ct.value for (ct,) in rows(store, f"SELECT DISTINCT ?ct WHERE {{ "
                                                                 f"?c <{HKG.centreType}> ?ct FILTER(isIRI(?ct)) }}")})
    later = []  # centres whose type has no label: named after the centre itself
    level, ctype = ox.NamedNode(str(HKG.accreditationLevel)), ox.NamedNode(str(HKG.centreType))
    for f, i, c, st in fact_values(store, HKG.CentreFact, (HKG.institution, HKG.centre, HKG.status)):
        lvl = ct = None
        if c is not None:
            lvl, ct = first_object(store, c, level), first_object(store, c, ctype)
        if c is None:
            link(f, _iri(i), None, Relation.CENTRE, RELATION_LABELS[Relation.CENTRE], _text(st))
        elif _term_label(ct, names):
            link(f, _iri(i), _iri(c), Relation.CENTRE, (_text(lvl) or "") + _term_label(ct, names), _text(st))
        else:
            later.append((f, _iri(i), c, _text(lvl), _text(st)))
    names = labels_of(store, {c.value for _, _, c, _, _ in later if isinstance(c, ox.NamedNode)})
    for f, i, c, lvl, st in later:
        link(f, i, _iri(c), Relation.CENTRE, (lvl or "") + _term_label(c, names), st)
    del later
    # partnerships: exactly two partners, undirected
    partner = ox.NamedNode(str(HKG.partner))
    partners = [(f, {q.object.value for q in store.quads_for_pattern(ox.NamedNode(f), partner, None, None)}, k,
                 _text(st)) for f, k, st in fact_values(store, HKG.Partnership, (HKG.partnershipKind, HKG.status))]
    names = labels_of(store, {_iri(k) for _, _, k, _ in partners} - {None})
    for f, ends, k, st in partners:
        if len(ends) == 2:
            a, b = sorted(ends)
            link(f, a, b, Relation.PARTNER, _term_label(k, names) or RELATION_LABELS[Relation.PARTNER], st,
                 directed=False)
    del partners
    for f, i, n, st in fact_values(store, HKG.InitiativeFact, (HKG.institution, HKG.initiative, HKG.status)):
        link(f, _iri(i), _iri(n), Relation.INITIATIVE, RELATION_LABELS[Relation.INITIATIVE], _text(st))
    records.clear()

    for pred, rel in _SHORTCUTS.items():
        for s, o in rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{pred}> ?o }}"):
            a, b = _iri(s), _iri(o)
            if a in types and b in types and not sink.explained(a, b, rel):
                sink.add(a, b, rel, RELATION_LABELS[rel], [], directed=rel != Relation.PARTNER)
    for d, s in rows(store, f"SELECT DISTINCT ?d ?s WHERE {{ ?d <{SDO.about}> ?s }}"):
        a, b = _iri(d), _iri(s)
        if a in types and b in types:
            ev = [{"text": "", "doc": a, "start": None, "end": None, "stage": None, "asOf": None, "date": None,
                   "status": None}] if about else []
            sink.add(a, b, Relation.ABOUT, RELATION_LABELS[Relation.ABOUT], ev)
    linked = sink.linked()
    lonely = {n for n in types if n not in linked}
    del linked
    if lonely:
        mentions = store.quads_for_pattern(None, ox.NamedNode(str(SDO.mentions)), None, None)
        for d, e in sorted({(q.subject.value, q.object.value) for q in mentions if _iri(q.object) in lonely}):
            if d in types and d != e:
                sink.add(d, e, Relation.MENTION, RELATION_LABELS[Relation.MENTION], [], directed=True)


__all__ = ["FACT_CLASSES", "CompactEdges", "NxEdges", "compact_projection", "display_names", "labels_of",
           "light_projection", "node_types", "read_links", "rows"]
