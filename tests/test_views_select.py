"""Focused views (as-of, query results, names), the layout, GraphML and the `kg view` command."""

from __future__ import annotations

import shutil
import time

import networkx as nx
import pytest
from click.testing import CliRunner
from test_views import DOC, page_json
from viewgraphs import built_seeds, make_graph

from kg.errors import ViewError
from kg.views import project, render_view, select, write_graphml
from kg.views.from_store import view_file_name
from kg.views.layout import compute_positions
from kg.views.select import find_node, parse_types

ENTS = {"甲医院": "MedicalInstitution", "乙医院": "MedicalInstitution", "王五": "Person", "赵六": "Person"}


def labels(G: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, _, d in G.edges(data=True)}


def test_as_of_keeps_what_was_known_and_drops_ended_posts():
    docs = [
        {"file": "1.txt", "date": "2019-06-01", "entities": ENTS, "posts": [("王五", "院长", "甲医院", "院长王五。")]},
        {"file": "2.txt", "date": "2022-03-01", "entities": ENTS, "posts": [("赵六", "院长", "甲医院", "院长赵六。")],
         "partnerships": [("甲医院", "乙医院", "医联体", "甲乙医联体。")]},
    ]
    G = project(make_graph(docs))
    then, _ = select(G, date="2020")
    assert {(G.nodes[a]["label"], d["label"]) for a, _, d in then.edges(data=True) if d["relation"] == "post"} == \
        {("王五", "院长")}
    assert "医联体" not in labels(then)
    now, _ = select(G, date="2023-01-01")  # 赵六 succeeded 王五 in a single-seat post
    assert {(G.nodes[a]["label"], d["label"]) for a, _, d in now.edges(data=True) if d["relation"] == "post"} == \
        {("赵六", "院长")}
    assert "医联体" in labels(now)


def test_query_values_select_nodes_facts_and_labels():
    G = project(make_graph([DOC]))
    fact = next(iter(G.graph["facts"]))
    a, b = G.graph["facts"][fact]
    sub, _ = select(G, values=[fact])
    assert set(sub) == {a, b}
    sub, _ = select(G, values=["张三", "乙县中医院", "no such thing"])
    assert {d["label"] for _, d in sub.nodes(data=True)} == {"张三", "乙县中医院"}


def test_names_and_types_errors_say_what_to_do():
    G = project(make_graph([DOC]))
    assert G.nodes[find_node(G, "乙县")]["label"] == "乙县中医院"
    with pytest.raises(ViewError, match="give the full name"):
        find_node(G, "医院")
    with pytest.raises(ViewError, match="use some of: centre, document"):
        parse_types("hospital,planet")
    assert parse_types("hospitals, people") == {"hospital", "person"}


def test_layout_is_deterministic_separates_nodes_and_is_fast():
    G = nx.barabasi_albert_graph(800, 1, seed=3)
    t = time.perf_counter()
    pos = compute_positions(G)
    assert time.perf_counter() - t < 20
    assert pos == compute_positions(G)
    xy = sorted(pos.values())
    assert len(set(xy)) == len(xy)
    spread = max(x for x, _ in xy) - min(x for x, _ in xy)
    assert spread > 500  # not collapsed into a point


def test_graphml_for_gephi(tmp_path):
    path = write_graphml(make_graph([DOC]), tmp_path / "g.graphml")
    H = nx.read_graphml(path)
    by_label = {d["label"]: d for _, d in H.nodes(data=True)}
    assert by_label["甲市人民医院"]["type"] == "hospital" and by_label["甲市人民医院"]["degree"] >= 4
    edge = next(d for _, _, d in H.edges(data=True) if d["label"] == "院长")
    assert edge["relation"] == "post" and edge["evidence"] == "院长张三出席签约仪式。"


def test_view_file_names():
    assert view_file_name() == "graph.html"
    assert view_file_name(focus="某/医院", hops=2, types="hospital,person") == "view-某_医院-2hops-hospital+person.html"
    assert view_file_name(query="SELECT * WHERE { ?s ?p ?o }") == "view-query.html"


def test_title_and_focus_in_page(tmp_path):
    text = render_view(make_graph([DOC]), tmp_path / "x.html", focus="乙县中医院").path.read_text(encoding="utf-8")
    assert "<title>知识图谱 · hospital-kg · 乙县中医院</title>" in text
    assert {n["label"] for n in page_json(text)["nodes"]} == {"乙县中医院", "甲市人民医院"}


def test_view_cli_on_a_build(tmp_path, seeds_dir):
    from kg.cli import main

    out = tmp_path / "out"
    shutil.copytree(built_seeds(seeds_dir), out)
    runner = CliRunner()
    res = runner.invoke(main, ["view", "--out", str(out), "--types", "hospital", "-o", str(tmp_path / "h.html")])
    assert res.exit_code == 0, res.output
    nodes = page_json((tmp_path / "h.html").read_text(encoding="utf-8"))["nodes"]
    assert nodes and {n["type"] for n in nodes} == {"hospital"}
    q = "SELECT ?a ?b WHERE { ?a <https://w3id.org/hospital-kg/ontology#partnerOf> ?b }"
    res = runner.invoke(main, ["view", "--out", str(out), "--query", q])
    assert res.exit_code == 0 and "view-query.html" in res.output
    qnodes = page_json((out / "view-query.html").read_text(encoding="utf-8"))["nodes"]
    assert qnodes and {n["type"] for n in qnodes} == {"hospital"}
    construct = ("CONSTRUCT { ?h <https://w3id.org/hospital-kg/ontology#hasCentre> ?c } "
                 "WHERE { ?h <https://w3id.org/hospital-kg/ontology#hasCentre> ?c }")
    res = runner.invoke(main, ["view", "--out", str(out), "--query", construct, "-o", str(tmp_path / "k.html")])
    assert res.exit_code == 0, res.output
    cnodes = page_json((tmp_path / "k.html").read_text(encoding="utf-8"))["nodes"]
    assert {n["type"] for n in cnodes} == {"hospital", "centre"}
    res = runner.invoke(main, ["view", "--out", str(out), "--query", "partners", "--param", "name=衡水市第二人民医院"])
    assert res.exit_code == 0, res.output
    pnodes = page_json((out / "view-partners.html").read_text(encoding="utf-8"))["nodes"]
    assert "衡水市第二人民医院" in {n["label"] for n in pnodes} and len(pnodes) > 3
    res = runner.invoke(main, ["view", "--out", str(out), "--max-nodes", "5", "-o", str(tmp_path / "c.html")])
    assert res.exit_code == 0 and "raise --max-nodes" in res.output
    res = runner.invoke(main, ["view", "--out", str(out), "--focus", "无此医院名称"])
    assert res.exit_code == 2 and "no node is called" in res.output
