"""Analytics: counts, rankings, the partnership network, time tables, RDF write-back, the CLI."""

from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from viewgraphs import built_seeds, iri, make_graph

from kg.stats import STATS, compute_stats, format_stats, stats_graph

H = "MedicalInstitution"


def network_docs() -> list[dict]:
    """Two groups of partners: 甲-乙-丙 (乙 in the middle, plus 丁 off 丙) and 戊-己."""
    ents = {n: H for n in ("甲医院", "乙医院", "丙医院", "丁医院", "戊医院", "己医院")} | {"李四": "Person"}
    return [
        {"file": "1.txt", "date": "2020-03-01", "entities": ents,
         "partnerships": [("甲医院", "乙医院", "医联体", "甲乙结成医联体。"),
                          ("乙医院", "丙医院", "托管", "乙托管丙。"),
                          ("丙医院", "丁医院", "对口支援", "丙支援丁。"),
                          ("戊医院", "己医院", "医联体", "戊己医联体。")],
         "centres": [("乙医院", "胸痛中心", "国家级", "乙胸痛中心。"), ("乙医院", "卒中中心", None, "乙卒中中心。"),
                     ("甲医院", "胸痛中心", None, "甲胸痛中心。")],
         "posts": [("李四", "院长", "乙医院", "院长李四。")]},
        {"file": "2.txt", "date": "2021-05-01", "entities": ents,
         "partnerships": [("甲医院", "乙医院", "专科联盟", "甲乙专科联盟。")]},
    ]


@pytest.fixture(scope="module")
def stats() -> dict:
    return compute_stats(make_graph(network_docs()))


def test_counts_per_type_and_kind(stats):
    assert stats["nodes"]["hospital"] == 6 and stats["nodes"]["person"] == 1 and stats["nodes"]["centre"] == 3
    assert stats["classes"]["hkg:Partnership"] == 5
    assert stats["kinds"]["partner"] == {"医联体": 2, "专科联盟": 1, "对口支援": 1, "托管": 1}
    assert stats["kinds"]["post"] == {"院长": 1}


def test_rankings(stats):
    # ties in name order (丙 U+4E19 before 乙 U+4E59)
    assert [(r["name"], r["partners"]) for r in stats["by_partners"][:2]] == [("丙医院", 2), ("乙医院", 2)]
    assert [(r["name"], r["centres"]) for r in stats["by_centres"]] == [("乙医院", 2), ("甲医院", 1)]


def test_partnership_network(stats):
    net = stats["partnership_network"]
    assert (net["nodes"], net["edges"]) == (6, 4)  # 甲-乙 twice (two kinds) is one link
    assert [c["size"] for c in net["components"]] == [4, 2]
    assert sorted(net["components"][1]["members"]) == ["己医院", "戊医院"]
    top = net["centrality"][0]
    # path 甲-乙-丙-丁: 乙 lies on the shortest paths 甲-丙 and 甲-丁: 2 pairs / (5*4/2) = 0.2
    assert top["name"] in ("乙医院", "丙医院") and top["betweenness"] == pytest.approx(0.2, abs=1e-4)
    members = {m for c in net["communities"] for m in c["members"]}
    assert members == {"甲医院", "乙医院", "丙医院", "丁医院", "戊医院", "己医院"}


def test_time_tables(stats):
    assert stats["time"]["leadership_changes_per_year"] == {}
    assert stats["time"]["accreditations_per_year"] == {}  # no hkg:accreditationYear in this graph


def test_time_tables_count_successions_and_accreditations():
    ents = {"甲医院": H, "王五": "Person", "赵六": "Person"}
    docs = [{"file": "1.txt", "date": "2019-06-01", "entities": ents,
             "posts": [("王五", "院长", "甲医院", "院长王五。")],
             "centres": [("甲医院", "胸痛中心", "国家级", "通过国家级胸痛中心认证。", "2019")]},
            {"file": "2.txt", "date": "2022-03-01", "entities": ents,
             "posts": [("赵六", "院长", "甲医院", "院长赵六。")],
             "centres": [("甲医院", "卒中中心", "省级", "获评省级卒中中心。", "2022")]}]
    t = compute_stats(make_graph(docs))["time"]
    assert t["leadership_changes_per_year"] == {"2022": 1}
    assert t["accreditations_per_year"] == {"2019": {"国家级": 1}, "2022": {"省级": 1}}


def test_text_and_rdf(stats):
    text = format_stats(stats)
    assert "## partnership network: 6 institutions, 4 links, 2 components" in text
    g = stats_graph(stats)
    assert g.value(URIRef(iri("entity", "乙医院")), STATS.partnerCount).toPython() == 2
    assert g.value(URIRef(iri("entity", "乙医院")), STATS.centreCount).toPython() == 2
    assert len(set(g.objects(None, STATS.community))) == len(stats["partnership_network"]["communities"])
    Graph().parse(data=g.serialize(format="turtle"), format="turtle")


def test_stats_cli_on_a_build(tmp_path, seeds_dir):
    from kg.cli import main

    out = tmp_path / "out"
    shutil.copytree(built_seeds(seeds_dir), out)
    runner = CliRunner()
    res = runner.invoke(main, ["stats", "--out", str(out), "--json", "--write-rdf", "--graphml",
                               str(out / "g.graphml")])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["nodes"]["hospital"] > 0 and data["partnership_network"]["nodes"] > 0
    assert (out / "stats.ttl").exists() and (out / "g.graphml").exists()
    res = runner.invoke(main, ["stats", "--out", str(tmp_path / "nothing")])
    assert res.exit_code != 0 and "kg build" in res.output


def _network(edges: list[tuple[str, str]], order: int = 1) -> nx.Graph:
    P = nx.Graph()
    for a, b in edges[::order]:
        P.add_edge(a, b)
    return P


def _components() -> list[tuple[str, str]]:
    """A star of 6, a path of 5, a triangle with a tail, and pairs: betweenness in every component."""
    star = [("s0", f"s{i}") for i in range(1, 6)]
    path = [(f"p{i}", f"p{i + 1}") for i in range(4)]
    tri = [("t0", "t1"), ("t1", "t2"), ("t2", "t0"), ("t2", "t3")]
    pairs = [(f"a{i}", f"b{i}") for i in range(5)]
    return star + path + tri + pairs


def test_betweenness_per_component_is_exact(monkeypatch):
    """Above EXACT_NODES the components are computed one by one: the same values as the whole network."""
    import kg.stats as stats_mod

    P = _network(_components())
    monkeypatch.setattr(stats_mod, "EXACT_NODES", 8)  # the network (25 nodes) is "big", each component is not
    between, estimated = stats_mod.betweenness(P)
    assert estimated == 0
    whole = nx.betweenness_centrality(P, normalized=True)
    assert between == pytest.approx(whole, abs=1e-12)
    assert max(between.values()) > 0.03  # the centre of the star


def test_betweenness_of_a_large_component_is_a_seeded_estimate(monkeypatch):
    """A component above EXACT_NODES is sampled (SAMPLES of its nodes, seed 0): the same estimate whatever
    order the network was read in; with as many samples as nodes it is exact; figures() says so in a note."""
    import kg.stats as stats_mod

    edges = _components() + [(f"p{i}", f"p{i + 1}") for i in range(4, 40)]  # the path grows to 41 nodes
    monkeypatch.setattr(stats_mod, "EXACT_NODES", 20)
    monkeypatch.setattr(stats_mod, "SAMPLES", 10)
    first, estimated = stats_mod.betweenness(_network(edges))
    again, _ = stats_mod.betweenness(_network(edges, order=-1))
    assert estimated == 1 and first == again
    whole = nx.betweenness_centrality(_network(edges), normalized=True)
    assert {v: first[v] for v in first if v[0] != "p"} == pytest.approx({v: whole[v] for v in whole if v[0] != "p"})
    assert first["p20"] == pytest.approx(whole["p20"], rel=0.6)  # the middle of the path, roughly
    monkeypatch.setattr(stats_mod, "SAMPLES", 41)
    assert stats_mod.betweenness(_network(edges))[0] == pytest.approx(whole, abs=1e-12)


def test_figures_note_an_estimated_betweenness(monkeypatch):
    import kg.stats as stats_mod

    monkeypatch.setattr(stats_mod, "EXACT_NODES", 3)  # the 甲-乙-丙-丁 component (4) is sampled
    monkeypatch.setattr(stats_mod, "SAMPLES", 2)
    notes = compute_stats(make_graph(network_docs()))["notes"]
    assert any("estimated in the 1 component(s) of more than 3" in n for n in notes)
    monkeypatch.setattr(stats_mod, "EXACT_NODES", 4)  # the network (6) is big, its components are not
    assert compute_stats(make_graph(network_docs()))["notes"] == []
