"""The view projection and the HTML page: shape, offline, escaping (no browser needed)."""

from __future__ import annotations

import json
import re

import pytest
from viewgraphs import iri, make_graph

from kg.views import project, render_view, write_view
from kg.views.page import script_json

DOC = {
    "file": "a.txt", "title": "甲医院与乙医院签约", "date": "2024-05-10", "subject": "甲市人民医院",
    "entities": {"甲市人民医院": "MedicalInstitution", "乙县中医院": "MedicalInstitution", "张三": "Person",
                 "甲市卫健委": "Organization"},
    "posts": [("张三", "院长", "甲市人民医院", "院长张三出席签约仪式。")],
    "centres": [("甲市人民医院", "胸痛中心", "国家级", "我院通过国家级胸痛中心认证。")],
    "partnerships": [("甲市人民医院", "乙县中医院", "医联体", "甲市人民医院与乙县中医院签订医联体协议。")],
    "initiatives": [("甲市人民医院", "千县工程", "医院入选“千县工程”。")],
}


def page_json(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert m, "the page has no data block"
    return json.loads(m.group(1))


def test_projection_has_typed_nodes_and_labelled_edges():
    G = project(make_graph([DOC]))
    types = {d["label"]: d["type"] for _, d in G.nodes(data=True)}
    assert types["甲市人民医院"] == "hospital"
    assert types["张三"] == "person"
    assert types["甲市卫健委"] == "organization"
    assert types["胸痛中心"] == "centre"
    assert types["千县工程"] == "initiative"
    assert types["甲医院与乙医院签约"] == "document"  # a document is labelled by its title
    labels = {d["label"]: d for _, _, d in G.edges(data=True)}
    assert {"院长", "国家级胸痛中心", "医联体", "开展", "报道"} <= set(labels)
    assert labels["院长"]["evidence"][0]["text"] == "院长张三出席签约仪式。"
    assert labels["医联体"]["directed"] is False
    assert G.graph["documents"][str(iri("doc", "a.txt"))]["date"] == "2024-05-10"


def test_shortcuts_do_not_double_fact_edges():
    G = project(make_graph([DOC]))
    hosp, person = str(iri("entity", "甲市人民医院")), str(iri("entity", "张三"))
    assert G.number_of_edges(person, hosp) == 1


def test_same_fact_from_two_documents_is_one_edge_with_two_evidences():
    other = dict(DOC, file="b.txt", posts=[("张三", "院长", "甲市人民医院", "张三院长介绍了情况。")])
    G = project(make_graph([DOC, other]))
    post = [d for _, _, d in G.edges(data=True) if d["label"] == "院长"]
    assert len(post) == 1
    assert sorted(e["text"] for e in post[0]["evidence"]) == ["张三院长介绍了情况。", "院长张三出席签约仪式。"]


def test_page_is_offline(tmp_path):
    text = write_view(make_graph([DOC]), tmp_path / "g.html").read_text(encoding="utf-8")
    # nothing that loads: no src/href attributes to http(s), no CSS url(http…) or @import
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", text, re.I)
    assert "@import" not in text
    # outside the scripts (vis-network's licence names its home page; IRIs are data), no http(s) URL at all
    assert not re.search(r"https?://", re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S), re.I)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "connect-src &#x27;none&#x27;" in csp


def test_page_has_legend_and_cjk_fonts(tmp_path):
    text = write_view(make_graph([DOC]), tmp_path / "g.html").read_text(encoding="utf-8")
    assert '<section id="kg-legend"' in text
    for name in ("医疗机构", "其他机构", "人物", "临床中心", "举措", "报道"):
        assert name in text
    assert '"WenQuanYi Zen Hei", "Noto Sans CJK SC"' in text


HOSTILE = ['<script>alert(1)</script>', "</script><script>alert(3)</script>", '"><img src=x onerror=alert(2)>',
           "\u2028line\u2029", "<!--", "&amp;"]


@pytest.mark.parametrize("payload", HOSTILE)
def test_script_json_cannot_close_the_script(payload):
    out = script_json({"s": payload})
    assert "<" not in out and ">" not in out and "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"s": payload}


def test_hostile_strings_are_escaped_everywhere(tmp_path):
    bad = {"file": '"><img src=x onerror=alert(2)>.txt', "title": "</script><script>alert(1)</script>",
           "entities": {'<script>alert(1)</script>医院': "MedicalInstitution",
                        '"><img src=x onerror=alert(2)>': "Person"},
           "posts": [('"><img src=x onerror=alert(2)>', "</script>院长", '<script>alert(1)</script>医院',
                      "</script><script>alert(4)</script>")]}
    r = render_view(make_graph([bad]), tmp_path / "g.html", title='<b onmouseover=alert(5)>标题</b>')
    text = r.path.read_text(encoding="utf-8")
    assert "<img" not in text and "onerror=alert" not in text.replace("onerror=alert(2)", "")
    assert text.count("</script>") == 3  # the data block and the two scripts: nothing closed early
    assert "<b onmouseover" not in text
    data = page_json(text)
    assert '<script>alert(1)</script>医院' in {n["label"] for n in data["nodes"]}


def test_focus_hops_types(tmp_path):
    ds = make_graph([DOC])
    data = page_json(render_view(ds, tmp_path / "f.html", focus="张三", hops=1).path.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"张三", "甲市人民医院"}
    data = page_json(render_view(ds, tmp_path / "f.html", focus="张三", hops=2).path.read_text(encoding="utf-8"))
    assert {"乙县中医院", "胸痛中心", "千县工程"} <= {n["label"] for n in data["nodes"]}
    data = page_json(render_view(ds, tmp_path / "t.html", types="hospital").path.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"甲市人民医院", "乙县中医院"}
    assert [e["label"] for e in data["edges"]] == ["医联体"]


def test_node_cap_keeps_the_focus_and_says_so(tmp_path):
    r = render_view(make_graph([DOC]), tmp_path / "c.html", max_nodes=3)
    assert r.selection.capped and r.nodes == 3
    text = r.path.read_text(encoding="utf-8")
    assert "--max-nodes" in text and "raise --max-nodes" in r.message
    assert "甲市人民医院" in {n["label"] for n in page_json(text)["nodes"]}  # the most connected stays


def test_big_view_gets_positions_and_no_physics(tmp_path):
    docs = [{"file": f"{i}.txt", "entities": {f"医院{i}": "MedicalInstitution", f"医院{i + 1}": "MedicalInstitution"},
             "partnerships": [(f"医院{i}", f"医院{i + 1}", "医联体", "")]} for i in range(120)]
    data = page_json(render_view(make_graph(docs), tmp_path / "b.html").path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) > 150
    assert data["options"]["physics"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_layout_is_the_same_in_every_run():
    """Positions do not depend on the hash seed (set order) of the process."""
    import os
    import subprocess
    import sys

    code = ("import networkx as nx; from kg.views.layout import compute_positions; G = nx.MultiDiGraph(); "
            "nx.add_star(G, [f'https://x/h{i:02d}' for i in range(80)]); "
            "nx.add_path(G, [f'https://x/p{i:02d}' for i in range(30)]); "
            "nx.add_cycle(G, ['https://x/a', 'https://x/b', 'https://x/c']); G.add_edge('https://x/d', 'https://x/e'); "
            "print(sorted(compute_positions(G).items()))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(runs) == 1 and "https://x/e" in runs.pop()
