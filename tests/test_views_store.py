"""Views selected in the store (kg.views.store_select) show what the full rdflib path shows, on real builds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from viewgraphs import built_seeds

from kg.build import document_union
from kg.store import GraphStore
from kg.views import project, render_view
from kg.views.store_graph import light_projection
from kg.views.store_select import store_view

ROOT = Path(__file__).resolve().parent.parent
BUILDS = {"seeds": ROOT / "seeds", "blind": ROOT / "tests" / "blind"}


def page_json(path: Path) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', path.read_text(encoding="utf-8"),
                  re.S)
    assert m, f"{path} has no data block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module", params=sorted(BUILDS))
def build(request) -> tuple[GraphStore, object]:
    """A real build (read-only store) and the projection of its rdflib union (the full path)."""
    store = GraphStore(built_seeds(BUILDS[request.param]) / "store", read_only=True)
    union = document_union(store)
    return store, union


def _top(G, ntype: str) -> str:
    return max((n for n, t in G.nodes(data="type") if t == ntype), key=lambda n: (G.degree(n), n))


def test_light_projection_has_the_nodes_and_edges_of_project(build):
    store, union = build
    G = project(union)
    L = light_projection(store.oxigraph, labels=lambda label, aliases: True, evidence=True)
    assert {n: (d["type"], d["label"], d["aliases"]) for n, d in G.nodes(data=True)} == \
        {n: (d["type"], d["label"], d["aliases"]) for n, d in L.nodes(data=True)}

    def edges(H):
        return {(a, b, k): (d["relation"], d["label"], d["directed"], d["status"],
                            sorted((e["doc"] or "", e["asOf"] or "", e["date"] or "", e["status"] or "")
                                   for e in d["evidence"]))
                for a, b, k, d in H.edges(keys=True, data=True)}

    assert edges(G) == edges(L)


def _options(G, store: GraphStore) -> list[dict]:
    """A default view (whole and capped), a focus view, a types view, query views and as-of views."""
    from kg.query import query

    hub = G.nodes[_top(G, "hospital")]["label"]
    ask = "SELECT ?a ?b WHERE { ?a <https://w3id.org/hospital-kg/ontology#partnerOf> ?b }"
    facts = "SELECT ?f WHERE { ?f a <https://w3id.org/hospital-kg/ontology#CentreFact> } ORDER BY ?f LIMIT 6"
    labels = ("SELECT ?l WHERE { ?p a <https://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
              " ORDER BY ?l LIMIT 5")
    out_dir = store.path.parent
    values = [[v for row in query(q, out_dir).rows for v in row if v] for q in (ask, facts, labels)]
    assert all(values), "the queries of the test found nothing"
    return [{}, {"max_nodes": 12}, {"focus": hub, "hops": 2}, {"focus": hub, "hops": 1, "types": "hospital"},
            {"types": "hospital,person", "max_nodes": 30}, *({"values": v} for v in values),
            {"as_of": "2022"}, {"as_of": "2019-06", "max_nodes": 25}, {"as_of": "2021", "focus": hub, "hops": 2},
            {"as_of": "2023-06", "types": "hospital,person", "values": values[0]}]


def test_store_selection_writes_the_same_pages(build, tmp_path, caplog):
    store, union = build
    G = project(union)
    for i, opts in enumerate(_options(G, store)):
        caplog.clear()
        full = render_view(G, tmp_path / f"full{i}.html", **opts)
        mine = store_view(store.oxigraph, tmp_path / f"store{i}.html", **opts)
        a, b = page_json(full.path), page_json(mine.path)
        assert (mine.nodes, mine.edges, mine.selection) == (full.nodes, full.edges, full.selection), opts
        assert a["nodes"] == b["nodes"], opts
        assert a["edges"] == b["edges"], opts  # with their evidence sentences, in the same order
        assert a["documents"] == b["documents"], opts
        assert full.path.read_text(encoding="utf-8") == mine.path.read_text(encoding="utf-8"), opts
        assert "not found in the store" not in caplog.text  # every edge came with its own evidence


def test_a_cap_picks_the_most_connected_of_the_whole_graph(build, tmp_path):
    store, union = build
    G = project(union)
    mine = store_view(store.oxigraph, tmp_path / "cap.html", max_nodes=5)
    want = sorted(G, key=lambda n: (-G.degree(n), n))[:5]
    assert sorted(n["iri"] for n in page_json(mine.path)["nodes"]) == sorted(want)
    assert mine.selection.capped and mine.selection.total_nodes == G.number_of_nodes()


def test_big_store_path_never_copies_the_store(tmp_path, seeds_dir, monkeypatch):
    """Above the threshold `kg view`, `kg build`'s page and `kg stats` never call document_union."""
    from click.testing import CliRunner

    import kg.build
    from kg.cli import main

    out = tmp_path / "out"
    shutil.copytree(built_seeds(seeds_dir), out)
    monkeypatch.setattr("kg.views.store_select.STORE_SELECT_FROM", 0)

    def refuse(*_a, **_k):
        raise AssertionError("document_union called on a big store")

    monkeypatch.setattr(kg.build, "document_union", refuse)
    runner = CliRunner()
    for args in ([], ["--focus", "衡水市第二人民医院", "--hops", "2"], ["--types", "hospital"], ["--as-of", "2021"],
                 ["--query", "partners", "--param", "name=衡水市第二人民医院"]):
        res = runner.invoke(main, ["view", "--out", str(out), *args, "-o", str(tmp_path / "v.html")])
        assert res.exit_code == 0, (args, res.output)
        assert page_json(tmp_path / "v.html")["nodes"], args
    summary = kg.build.build([seeds_dir], out, progress=False)
    assert out / "graph.html" in summary.outputs and not summary.warnings
    res = runner.invoke(main, ["stats", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output


def test_build_writes_the_same_page_either_way(tmp_path, seeds_dir, monkeypatch):
    import kg.build

    pages = {}
    for name, threshold in (("full", 10**12), ("store", 0)):
        out = tmp_path / name
        shutil.copytree(built_seeds(seeds_dir), out)
        monkeypatch.setattr("kg.views.store_select.STORE_SELECT_FROM", threshold)
        summary = kg.build.build([seeds_dir], out, progress=False)
        assert out / "graph.html" in summary.outputs
        pages[name] = page_json(out / "graph.html")
    assert pages["full"]["nodes"] and pages["full"]["nodes"] == pages["store"]["nodes"]
    assert pages["full"]["edges"] == pages["store"]["edges"]


def test_names_resolve_alike_in_both_paths(build, tmp_path):
    """A focus given by IRI works; an ambiguous name fails with the same message (ties by degree, then IRI)."""
    from kg.errors import ViewError

    store, union = build
    G = project(union)
    hub = _top(G, "hospital")
    full = render_view(G, tmp_path / "a.html", focus=hub)
    mine = store_view(store.oxigraph, tmp_path / "b.html", focus=hub)
    assert page_json(full.path) == page_json(mine.path)
    messages = []
    for write in (lambda: render_view(G, tmp_path / "c.html", focus="医院"),
                  lambda: store_view(store.oxigraph, tmp_path / "d.html", focus="医院")):
        with pytest.raises(ViewError) as e:
            write()
        messages.append(str(e.value))
    assert messages[0] == messages[1] and "give the full name" in messages[0]


def test_labels_of_many_nodes_read_in_one_pass(build, monkeypatch):
    from kg.views.store_graph import labels_of

    store, union = build
    G = project(union)
    few = labels_of(store.oxigraph, G)
    monkeypatch.setattr("kg.views.store_graph.LABELS_BY_PASS", 0)
    assert labels_of(store.oxigraph, G) == few
    assert {n: few[n] for n, t in G.nodes(data="type") if t != "document"} == \
        {n: d["label"] for n, d in G.nodes(data=True) if d["type"] != "document"}


def test_compact_graph_answers_as_an_rdflib_graph(build):
    """`CompactGraph` (the store path's subgraph) matches rdflib's own store on every pattern `project` asks."""
    from rdflib import Graph

    from kg.views.store_select import CompactGraph

    store, union = build
    g, mine = Graph(), CompactGraph()
    for s, p, o in sorted(union)[:3000]:
        g.add((s, p, o))
        mine.add((s, p, o))
        mine.add((s, p, o))  # once only, as in a graph
    assert len(mine) == len(g) and set(mine) == set(g)
    subjects = sorted(set(g.subjects()))[:50]
    for p in sorted(set(g.predicates())):
        assert sorted(mine.subject_objects(p)) == sorted(g.subject_objects(p)), p
        for s in subjects:
            assert list(mine.objects(s, p)) == list(g.objects(s, p)), (s, p)
        for o in sorted(set(g.objects(None, p)))[:20]:
            assert sorted(mine.subjects(p, o)) == sorted(g.subjects(p, o)), (p, o)
