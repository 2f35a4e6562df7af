"""Views in a real headless chromium: drawn, offline, clickable to their evidence, and safe."""

from __future__ import annotations

import pytest
from browserkit import browser_context, click_edge, click_node, drawn_pixels, node_id, open_view
from test_views import DOC
from viewgraphs import built_seeds, make_graph

from kg.views import render_view, write_view

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    yield from browser_context(tmp_path_factory.mktemp("chromium-profile"))


def assert_clean(loaded) -> None:
    assert loaded.foreign_requests == [], "the page asked the network for something"
    assert loaded.errors == [], "console or page errors"
    assert loaded.dialogs == [], "a dialog opened"


def test_small_view_draws_and_clicks_to_evidence(ctx, tmp_path):
    page_file = write_view(make_graph([DOC]), tmp_path / "small.html")
    loaded = open_view(ctx, page_file)
    page = loaded.page
    drawn, total = drawn_pixels(page)
    assert drawn > total * 0.002, "the canvas is blank"
    details = page.locator("#kg-details")
    # hovering a node previews it in the panel
    box = page.locator("#kg-network").bounding_box()
    pos = page.evaluate("(id) => window.kgNodeAt(id)", node_id(page, "乙县中医院"))
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_function("() => document.querySelector('#kg-details h2')?.textContent === '乙县中医院'")
    assert "甲市人民医院与乙县中医院签订医联体协议。" in details.inner_text()
    click_node(page, node_id(page, "张三"))
    assert details.locator("h2").first.inner_text() == "张三"
    assert "院长张三出席签约仪式。" in details.inner_text()
    assert "甲医院与乙医院签约" in details.inner_text()  # the source document's title
    assert "2024-05-10" in details.inner_text() and "a.txt" in details.inner_text()
    # an edge: the partnership's own sentence
    eid = page.evaluate("""() => JSON.parse(document.getElementById('kg-data').textContent)
        .edges.find(e => e.label === '医联体').id""")
    click_edge(page, eid)
    assert "甲市人民医院与乙县中医院签订医联体协议。" in details.inner_text()
    # clicking empty space clears the panel
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    assert "click or hover" in details.inner_text()
    assert_clean(loaded)


def test_search_box_finds_a_node(ctx, tmp_path):
    loaded = open_view(ctx, write_view(make_graph([DOC]), tmp_path / "s.html"))
    loaded.page.fill("#kg-search", "乙县")
    loaded.page.press("#kg-search", "Enter")
    assert loaded.page.locator("#kg-details h2").first.inner_text() == "乙县中医院"
    assert_clean(loaded)


PAYLOADS = ["<script>window.kgPwned=1;alert(1)</script>", "</script><script>window.kgPwned=1;alert(3)</script>",
            '"><img src=x onerror="window.kgPwned=1;alert(2)">', "\u2028\u2029<!--", "<svg onload=alert(4)>"]


def test_hostile_text_runs_nothing(ctx, tmp_path):
    docs = [{"file": f"{i}{p}.txt", "title": p, "date": "2024-01-01", "subject": f"{p}医院",
             "entities": {f"{p}医院": "MedicalInstitution", f"{p}人": "Person", "好医院": "MedicalInstitution"},
             "posts": [(f"{p}人", f"{p}院长", f"{p}医院", p)],
             "partnerships": [(f"{p}医院", "好医院", p, p)]} for i, p in enumerate(PAYLOADS)]
    r = render_view(make_graph(docs), tmp_path / "evil.html", title=PAYLOADS[2])
    loaded = open_view(ctx, r.path)
    page = loaded.page
    for p in PAYLOADS:  # open every panel that shows hostile text
        click_node(page, node_id(page, f"{p}人"))
        assert p.strip() in page.locator("#kg-details").inner_text() or p.startswith("\u2028")
        click_node(page, node_id(page, f"{p}医院"))
    page.fill("#kg-search", PAYLOADS[0])
    page.press("#kg-search", "Enter")
    assert page.evaluate("() => window.kgPwned") is None
    assert page.evaluate("() => document.querySelectorAll('img, svg image, iframe, object').length") == 0
    assert page.evaluate("() => document.scripts.length") == 3
    assert page.title() == PAYLOADS[2]
    assert_clean(loaded)


def test_big_view_uses_precomputed_layout(ctx, tmp_path):
    docs = [{"file": f"{i}.txt", "entities": {f"医院{i}": "MedicalInstitution", f"医院{i + 1}": "MedicalInstitution"},
             "partnerships": [(f"医院{i}", f"医院{i + 1}", "医联体", f"医院{i}与医院{i + 1}组建医联体。")]}
            for i in range(300)]
    r = render_view(make_graph(docs), tmp_path / "big.html")
    loaded = open_view(ctx, r.path)
    assert loaded.page.evaluate("() => window.kgNetwork.physics.options.enabled") is False
    drawn, total = drawn_pixels(loaded.page)
    assert drawn > total * 0.002
    assert_clean(loaded)


def test_view_of_the_built_seeds(ctx, tmp_path, seeds_dir):
    from kg.views.from_store import view_of_build

    page_file = view_of_build(built_seeds(seeds_dir), tmp_path / "seeds.html").path
    loaded = open_view(ctx, page_file)
    page = loaded.page
    drawn, total = drawn_pixels(page)
    assert drawn > total * 0.01
    data = page.evaluate("() => JSON.parse(document.getElementById('kg-data').textContent)")
    hub = max((n for n in data["nodes"] if n["type"] == "hospital"), key=lambda n: n["degree"])
    click_node(page, hub["id"])
    details = page.locator("#kg-details").inner_text()
    assert hub["label"] in details
    sentences = {ev["text"] for e in data["edges"] if hub["id"] in (e["from"], e["to"]) for ev in e["evidence"]}
    assert any(s and s in details for s in sentences), "no evidence sentence in the panel"
    assert_clean(loaded)


def test_empty_view_is_ready_and_says_so(ctx, tmp_path):
    from rdflib import Graph

    r = render_view(Graph(), tmp_path / "empty.html")
    assert "the view is empty" in r.message
    loaded = open_view(ctx, r.path)
    assert "this view is empty" in loaded.page.locator(".banner").inner_text()
    assert_clean(loaded)
