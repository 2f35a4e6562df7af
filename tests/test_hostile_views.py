"""Issue 6 items 6 and 7 end to end: a hostile article built with `kg build`, its graph.html opened in a
real browser (nothing runs), and served by `kg serve` (every answer well-formed, updates refused).

Escaping with hand-made graphs is proven in tests/test_views.py (test_script_json_cannot_close_the_script,
test_hostile_strings_are_escaped_everywhere) and tests/test_browser.py (test_hostile_text_runs_nothing);
the endpoint's limits in tests/test_serve.py (updates/SERVICE refused, loopback, timeout, size caps).
Here the hostile text comes out of reading and extraction, not out of a hand-made graph.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph

P1 = "</script><script>window.kgPwned=1;alert(1)</script>"
P2 = '"><img src=x onerror="window.kgPwned=2;alert(2)">'
P3 = "<svg onload=window.kgPwned=3>\u2028<!--"
FILE = f"{P2.replace('/', '')} {P3}\x01.txt"  # a file name cannot hold a slash
TEXT = f"""青山县人民医院{P1}大会{P2}
2023年5月6日，青山县人民医院院长李明华出席“健康{P1}义诊”活动启动仪式{P2}。
青山县人民医院开展“健康{P2}义诊”项目。{P3}
青山县人民医院{P3}开展“健康<b>义诊</b>”活动，并成立胸痛中心{P1}\x07。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-view")
    (root / "news").mkdir()
    (root / "news" / FILE).write_text(TEXT, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "build", "news", "--out", "out"], cwd=root, check=True,
                   capture_output=True, timeout=300)
    return root / "out"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_the_page_has_only_its_own_elements_and_no_event_handlers(built):
    page = (built / "graph.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    assert "img" not in names  # (the legend's own svg icons are markup of the page)
    assert not [(t, a) for t, attrs in parser.tags for a, _ in attrs if a.lower().startswith("on")]
    assert names.count("script") == page.count("</script>")  # no script closed early or opened by the data
    data = json.loads(page.split('id="kg-data"', 1)[1].split(">", 1)[1].split("</script>", 1)[0])
    labels = {n["label"] for n in data["nodes"]}
    assert FILE in labels  # the hostile text is in the page as data, intact


@pytest.mark.browser
def test_the_built_page_runs_nothing_in_a_browser(built, tmp_path_factory):
    from browserkit import browser_context, click_edge, click_node, open_view

    gen = browser_context(tmp_path_factory.mktemp("chromium-hostile"))
    ctx = next(gen)
    try:
        loaded = open_view(ctx, built / "graph.html")
        page = loaded.page
        data = page.evaluate("() => JSON.parse(document.getElementById('kg-data').textContent)")
        for node in data["nodes"]:  # every panel that can show hostile text
            click_node(page, node["id"])
        for edge in data["edges"]:
            click_edge(page, edge["id"])
        page.fill("#kg-search", P1)
        page.press("#kg-search", "Enter")
        assert page.evaluate("() => window.kgPwned") is None
        assert page.evaluate("() => document.querySelectorAll('img, svg image, iframe, object').length") == 0
        assert loaded.dialogs == [] and loaded.errors == [] and loaded.foreign_requests == []
    finally:
        gen.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(built):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(built), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _ask(url: str, query: str, accept: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


LABELS = "SELECT ?s ?n WHERE { ?s ?p ?n FILTER(isLiteral(?n)) }"


def test_every_answer_format_is_well_formed_with_hostile_literals(endpoint):
    status, body = _ask(endpoint, LABELS, "application/sparql-results+json")
    assert status == 200
    values = {b["n"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert FILE in values  # with its control character
    status, body = _ask(endpoint, LABELS, "application/sparql-results+xml")
    assert status == 200
    ET.fromstring(body)  # regression: a control character in a literal made the XML ill-formed
    for accept, fmt in [("application/rdf+xml", "xml"), ("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld")]:
        status, body = _ask(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", accept)
        assert status == 200, accept
        assert len(Graph().parse(data=body, format=fmt)) > 20, accept


@pytest.mark.parametrize("update", ['INSERT DATA { <urn:x> <urn:y> "z" }', "CLEAR ALL", "LOAD <http://example.org/>",
                                    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"])
def test_the_endpoint_over_a_hostile_build_stays_read_only(endpoint, update):
    status, _ = _ask(endpoint, update, "application/sparql-results+json")
    assert status in (400, 403)
    status, body = _ask(endpoint, "ASK { <urn:x> ?p ?o }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is False
