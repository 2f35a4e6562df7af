"""Analytics of the graph: counts, rankings, the partnership network, time tables; as text, JSON or RDF.

All figures come from the view projection (`kg.views.project`) of the RDF graph, plus the RDF itself for
per-class counts and accreditation years.  The partnership network is the undirected graph of medical
institutions joined by at least one partnership.  Analytics written back as RDF use the small
`STATS` namespace below, in their own named graph (`ID["stats"]`), so a rebuild never mixes them with facts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef

from kg.views.project import NodeType, Relation, as_graph, project
from kg.vocab import HKG, ID, ONTOLOGY_IRI, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

STATS = Namespace(ONTOLOGY_IRI + "/stats#")
STATS_GRAPH = ID["stats"]
TOP = 20
EXACT_NODES = 2000  # betweenness: exact in a component (or a network) of at most this many nodes
SAMPLES = 500  # sources sampled in a larger component


def _short(iri: URIRef) -> str:
    for prefix, ns in (("hkg:", str(HKG)), ("schema:", str(SDO)), ("skos:", str(SKOS)), ("org:", str(ORG)),
                       ("prov:", str(PROV))):
        if str(iri).startswith(ns):
            return prefix + str(iri)[len(ns):]
    return str(iri)


def partnership_network(G: nx.MultiDiGraph) -> nx.Graph:
    """Institutions joined by partnerships (edge attribute `kinds`: the partnership kinds between them)."""
    P = nx.Graph()
    for a, b, d in G.edges(data=True):
        if d.get("relation") == Relation.PARTNER and a != b:
            for n in (a, b):
                P.add_node(n, label=G.nodes[n]["label"], type=G.nodes[n]["type"])
            if P.has_edge(a, b):
                P.edges[a, b]["kinds"].append(d["label"])
            else:
                P.add_edge(a, b, kinds=[d["label"]])
    return P


def _ranking(G: nx.MultiDiGraph, relation: str, key: str) -> list[dict]:
    """Institutions by how many distinct neighbours of `relation` they have (ties by name)."""
    counts: Counter[str] = Counter()
    for n, t in G.nodes(data="type"):
        if t != NodeType.HOSPITAL:
            continue
        others = {b for _, b, d in G.out_edges(n, data=True) if d["relation"] == relation}
        others |= {a for a, _, d in G.in_edges(n, data=True) if d["relation"] == relation}
        if others - {n}:
            counts[n] = len(others - {n})
    rows = sorted(counts.items(), key=lambda x: (-x[1], G.nodes[x[0]]["label"], x[0]))[:TOP]
    return [{"name": G.nodes[n]["label"], "iri": n, key: c} for n, c in rows]


def betweenness(P: nx.Graph) -> tuple[dict[str, float], int]:
    """Normalized betweenness of every node of `P`, and how many components it was estimated in (0: exact).

    A shortest path never leaves its component, so each component is computed on its own: networkx's
    `betweenness_centrality` of a whole big network sets up every node for each source (500 sources x 90 k
    nodes at 10 M triples: 1.5-2 min), and its sample of 500 sources over the whole network put only ~2 % of
    them in the components where betweenness is not zero.  Exact in every component of at most
    `EXACT_NODES` institutions; a larger one is estimated from `SAMPLES` of its own institutions (seed 0, drawn from its
    nodes in sorted order, so the estimate does not depend on the order the network was read in).  A network
    of at most `EXACT_NODES` institutions is computed whole, as before."""
    n = P.number_of_nodes()
    if n <= EXACT_NODES:
        return nx.betweenness_centrality(P, normalized=True), 0
    between = dict.fromkeys(P, 0.0)
    scale = 2 / ((n - 1) * (n - 2))  # unordered pairs of the component -> networkx's normalization of P
    estimated = 0
    for comp in nx.connected_components(P):
        if len(comp) <= 2:  # no node lies between two others
            continue
        H = nx.Graph()
        H.add_nodes_from(sorted(comp))
        H.add_edges_from(sorted(tuple(sorted(e)) for e in P.subgraph(comp).edges()))
        sampled = len(comp) > EXACT_NODES
        estimated += sampled
        raw = nx.betweenness_centrality(H, normalized=False, k=SAMPLES if sampled else None, seed=0)
        for v, x in raw.items():
            between[v] = x * scale
    return between, estimated


def _centrality(P: nx.Graph, between: dict[str, float] | None = None) -> list[dict]:
    if P.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(P)
    between = between if between is not None else betweenness(P)[0]
    rows = sorted(P, key=lambda n: (-between[n], -degree[n], P.nodes[n]["label"], n))
    return [{"name": P.nodes[n]["label"], "iri": n, "partners": P.degree(n), "degree": round(degree[n], 4),
             "betweenness": round(between[n], 4)} for n in rows]


def _groups(P: nx.Graph, groups: list[set[str]]) -> list[dict]:
    ordered = sorted((sorted(g, key=lambda n: (P.nodes[n]["label"], n)) for g in groups), key=lambda g: (-len(g), g))
    return [{"size": len(g), "members": [P.nodes[n]["label"] for n in g], "iris": g} for g in ordered]


def _accreditations(g: Graph) -> dict[str, Counter[str]]:
    """Year -> accreditation level -> centres, from the RDF."""
    accredited: dict[str, Counter[str]] = {}
    for centre in set(g.subjects(RDF.type, HKG.ClinicalCentre)):
        for year in g.objects(centre, HKG.accreditationYear):
            level = next((str(x) for x in g.objects(centre, HKG.accreditationLevel)), "?")
            accredited.setdefault(str(year)[:4], Counter())[level] += 1
    return accredited


def _time_tables(accredited: dict[str, Counter[str]], G: nx.MultiDiGraph, seen: list | None = None) -> dict:
    from kg.timeline import Sighting, changes, per_year

    if seen is None:
        seen = [Sighting(person=a, role=d["label"], org=b, as_of=e.get("asOf"), date=e.get("date"),
                         status=e.get("status"), doc=e.get("doc") or "")
                for a, b, d in G.edges(data=True) if d["relation"] == Relation.POST for e in d["evidence"]]
    return {"leadership_changes_per_year": per_year(c.date for c in changes(seen)),
            "accreditations_per_year": {y: dict(sorted(c.items())) for y, c in sorted(accredited.items())}}


def compute_stats(graph: Graph) -> dict:
    """Every figure of `kg stats` as one JSON-ready dict."""
    g = as_graph(graph)
    members: dict[str, set] = {}
    for s, o in g.subject_objects(RDF.type):
        if isinstance(o, URIRef):
            members.setdefault(_short(o), set()).add(s)
    return figures(project(g), {c: len(m) for c, m in members.items()}, _accreditations(g))


def figures(G: nx.MultiDiGraph, class_counts: dict[str, int], accredited: dict[str, Counter[str]],
            notes: list[str] | None = None, *, nodes: Counter[str] | None = None,
            relations: dict[str, Counter[str]] | None = None, sightings: list | None = None) -> dict:
    """The figures of a projection `G` (posts with their evidence dates), the per-class counts of the RDF and
    its accreditations per year; `notes` say what is approximate or left out.  A part of the projection will
    do (`kg.views.store_stats`) when the node counts per type, the edge counts per relation and label and the
    post sightings are given."""
    if relations is None:
        relations = {}
        for _, _, d in G.edges(data=True):
            relations.setdefault(d["relation"], Counter())[d["label"]] += 1
    if nodes is None:
        nodes = Counter(t for _, t in G.nodes(data="type"))
    P = partnership_network(G)
    notes = list(notes or ())
    between, estimated = betweenness(P)
    if estimated:
        notes.append(f"betweenness is estimated in the {estimated} component(s) of more than {EXACT_NODES} "
                     f"institutions, from {SAMPLES} of each one's institutions (seed 0); exact elsewhere")
    return {
        "nodes": dict(sorted(nodes.items())),
        "classes": dict(sorted(class_counts.items(), key=lambda x: (-x[1], x[0]))),
        "relations": {r: sum(c.values()) for r, c in sorted(relations.items())},
        "kinds": {r: dict(sorted(c.items(), key=lambda x: (-x[1], x[0]))) for r, c in sorted(relations.items())
                  if r in (Relation.POST, Relation.CENTRE, Relation.PARTNER)},
        "by_partners": _ranking(G, Relation.PARTNER, "partners"),
        "by_centres": _ranking(G, Relation.CENTRE, "centres"),
        "partnership_network": {
            "nodes": P.number_of_nodes(), "edges": P.number_of_edges(),
            "centrality": _centrality(P, between)[:TOP],
            "components": _groups(P, list(nx.connected_components(P))),
            "communities": _groups(P, list(nx.community.louvain_communities(P, seed=0))) if P.number_of_edges()
            else [],
        },
        "time": _time_tables(accredited, G, sightings),
        "notes": notes,
    }


def stats_of_build(out_dir: str | Path, *, graphml: bool = False) -> tuple[dict, Graph | nx.MultiDiGraph]:
    """The figures of the build under `out_dir` and the graph to export: the rdflib union of a small store,
    the light projection of a big one (`kg.views.store_select.STORE_SELECT_FROM`)."""
    from kg.defaults import STORE_DIR
    from kg.store import GraphStore
    from kg.views.store_select import use_store_selection

    store = GraphStore(Path(out_dir) / STORE_DIR, read_only=True)
    if use_store_selection(store.oxigraph):
        from kg.views.store_stats import stats_of_store

        return stats_of_store(store.oxigraph, graphml=graphml)
    from kg.build import document_union

    data = document_union(store)
    return compute_stats(data), data


def stats_graph(stats: dict) -> Graph:
    """The per-institution analytics as triples (in the `STATS` namespace)."""
    out = Graph()
    out.bind("hkgs", STATS)
    for row in stats["partnership_network"]["centrality"]:
        node = URIRef(row["iri"])
        out.add((node, STATS.partnerCount, Literal(row["partners"])))
        out.add((node, STATS.degreeCentrality, Literal(row["degree"], datatype=XSD.decimal)))
        out.add((node, STATS.betweenness, Literal(row["betweenness"], datatype=XSD.decimal)))
    for row in stats["by_centres"]:
        out.add((URIRef(row["iri"]), STATS.centreCount, Literal(row["centres"])))
    for i, group in enumerate(stats["partnership_network"]["communities"]):
        community = ID[f"stats/community/{i + 1}"]
        out.add((community, RDF.type, STATS.Community))
        out.add((community, RDFS.label, Literal(f"partnership community {i + 1}", lang="en")))
        for iri in group["iris"]:
            out.add((URIRef(iri), STATS.community, community))
    return out


def write_stats_rdf(stats: dict, out_dir: str | Path) -> Path:
    """DIR/stats.ttl, and the same triples as the named graph `STATS_GRAPH` of the store under DIR."""
    from kg.build import write_atomic
    from kg.defaults import STORE_DIR
    from kg.store import GraphStore, quads_of

    g = stats_graph(stats)
    path = write_atomic(Path(out_dir) / "stats.ttl", lambda tmp: g.serialize(tmp, format="turtle"))
    from rdflib import Dataset

    ds = Dataset()
    named = ds.graph(STATS_GRAPH)
    for t in g:
        named.add(t)
    store = GraphStore(Path(out_dir) / STORE_DIR)
    store.apply(quads_of(ds) or {STATS_GRAPH: set()})
    return path


def _table(title: str, header: list[str], rows: list[list[object]]) -> list[str]:
    from kg.query import display_width

    cells = [[str(c) for c in r] for r in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(r: list[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(r, widths, strict=True)).rstrip()

    return ["", f"## {title}", line(header), "  ".join("-" * w for w in widths), *(line(r) for r in cells)]


def format_stats(stats: dict) -> str:
    """`kg stats` as aligned text tables."""
    out = ["# hospital-kg statistics"]
    out += [f"note: {n}" for n in stats.get("notes", ())]
    out += _table("nodes by type", ["type", "count"], [[k, v] for k, v in stats["nodes"].items()])
    out += _table("RDF classes", ["class", "count"], [[k, v] for k, v in stats["classes"].items()])
    out += _table("relations", ["relation", "count"], [[k, v] for k, v in stats["relations"].items()])
    for rel, kinds in stats["kinds"].items():
        out += _table(f"{rel} kinds", ["kind", "count"], [[k, v] for k, v in list(kinds.items())[:TOP]])
    out += _table("institutions by partners", ["institution", "partners"],
                  [[r["name"], r["partners"]] for r in stats["by_partners"]])
    out += _table("institutions by centres", ["institution", "centres"],
                  [[r["name"], r["centres"]] for r in stats["by_centres"]])
    net = stats["partnership_network"]
    out += ["", f"## partnership network: {net['nodes']} institutions, {net['edges']} links, "
                f"{len(net['components'])} components, {len(net['communities'])} communities"]
    out += _table("centrality (partnership network)", ["institution", "partners", "degree", "betweenness"],
                  [[r["name"], r["partners"], r["degree"], r["betweenness"]] for r in net["centrality"]])
    for name in ("components", "communities"):
        out += _table(name, ["#", "size", "members"],
                      [[i + 1, g["size"], "、".join(g["members"][:8]) + (" …" if g["size"] > 8 else "")]
                       for i, g in enumerate(net[name][:TOP])])
    t = stats["time"]
    out += _table("leadership changes per year", ["year", "changes"],
                  [[k, v] for k, v in t["leadership_changes_per_year"].items()])
    out += _table("accreditations per year", ["year", "level", "centres"],
                  [[y, lv, n] for y, levels in t["accreditations_per_year"].items() for lv, n in levels.items()])
    return "\n".join(out)
