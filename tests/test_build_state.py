"""`kg.build_state`: a re-run on the same input stops after reading, and only then."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.build_state import FILE
from kg.store import GraphStore
from tests.test_build import write_corpus


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_corpus(tmp_path / "news")


def _stamps(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in ("graph.ttl", "graph.html")}


def test_same_input_stops_after_reading_and_keeps_the_outputs(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, progress=False)
    stamps = _stamps(out)
    again = build([corpus], out, progress=False)
    assert again.up_to_date and (again.added, again.removed, again.changed) == (0, 0, 0)
    assert again.unchanged == first.changed == 3 and again.outputs == []
    assert (again.entities, again.facts) == (first.entities, first.facts)
    assert any("graph.ttl and the page are kept" in line for line in again.lines())
    assert "triples added: 0, removed: 0 (nothing changed)" in again.lines()
    assert _stamps(out) == stamps


def test_a_changed_article_or_output_means_the_full_build(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, progress=False)
    ttl = (out / "graph.ttl").read_bytes()
    (out / "graph.ttl").write_text("edited by hand", encoding="utf-8")
    fixed = build([corpus], out, progress=False)
    assert not fixed.up_to_date and (fixed.added, fixed.removed) == (0, 0)
    assert (out / "graph.ttl").read_bytes() == ttl  # written again, the same bytes

    (corpus / "c.txt").write_text("丁县妇幼保健院院长王丁出席会议。", encoding="utf-8")
    changed = build([corpus], out, progress=False)
    assert not changed.up_to_date and changed.changed == 1 and changed.added > 0
    assert build([corpus], out, progress=False).up_to_date


def test_a_file_gone_changes_what_is_resolved(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, progress=False)
    (corpus / "a.txt").unlink()  # kept in the store (no --prune), but no longer read
    gone = build([corpus], out, progress=False)
    assert not gone.up_to_date and gone.stale == ["news/a.txt"]
    again = build([corpus], out, progress=False)
    assert again.up_to_date and again.stale == ["news/a.txt"]


def test_another_writer_new_code_or_a_page_wanted_means_the_full_build(corpus, tmp_path, monkeypatch):
    import kg.cache

    out = tmp_path / "out"
    build([corpus], out, progress=False, view=False)
    page = build([corpus], out, progress=False)  # the last build wrote no page
    assert not page.up_to_date and (out / "graph.html").exists()
    assert build([corpus], out, progress=False, view=False).up_to_date  # a page it does not want is no matter

    store = GraphStore(out / "store")  # e.g. `kg stats --save` adds its own graph
    g = ox.NamedNode("https://example.org/graph/other")
    store.oxigraph.add(ox.Quad(g, g, ox.Literal("x"), g))
    del store
    assert not build([corpus], out, progress=False).up_to_date
    assert build([corpus], out, progress=False).up_to_date

    monkeypatch.setattr(kg.cache, "code_version", lambda: "other-code")
    assert not build([corpus], out, progress=False).up_to_date


def test_a_broken_state_file_means_the_full_build(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, progress=False)
    (out / FILE).write_text("{not json", encoding="utf-8")
    summary = build([corpus], out, progress=False)
    assert not summary.up_to_date and (summary.added, summary.removed) == (0, 0)
    assert build([corpus], out, progress=False).up_to_date
