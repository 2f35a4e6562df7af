"""`kg build / query / export / remove` through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from test_build import write_corpus

from kg.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = write_corpus(tmp_path / "news")
    return CliRunner(), corpus, tmp_path / "out"


@pytest.mark.parametrize("command", ["build", "query", "export", "remove"])
def test_every_command_has_help_with_an_example(command):
    r = CliRunner().invoke(main, [command, "--help"])
    assert r.exit_code == 0
    assert "Example:" in r.output and f"kg {command}" in r.output


def test_help_is_instant_without_heavy_imports():
    heavy = "('pyoxigraph', 'rdflib', 'pyshacl', 'jieba')"
    code = f"import sys; from kg.cli import main; print(' '.join(m for m in {heavy} if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == ""


def test_build_prints_a_summary_and_rebuild_says_nothing_changed(env):
    runner, corpus, out = env
    r = runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    assert r.exit_code == 0, r.output
    assert "documents read: 3" in r.output and "triples added:" in r.output and "seconds:" in r.output
    assert (out / "graph.ttl").exists() and (out / "store").is_dir()
    r = runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    assert "triples added: 0, removed: 0 (nothing changed)" in r.output


def test_strict_fails_when_a_file_was_skipped(env):
    runner, corpus, out = env
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    r = runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    assert r.exit_code == 0 and "skipped news/empty.txt" in r.output
    r = runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view", "--strict"])
    assert r.exit_code != 0


def test_build_of_nothing_readable_fails(env, tmp_path):
    runner, _, out = env
    (tmp_path / "e.txt").write_text("", encoding="utf-8")
    r = runner.invoke(main, ["build", str(tmp_path / "e.txt"), "--out", str(out)])
    assert r.exit_code != 0 and "no article could be read" in r.output


def test_query_formats(env):
    runner, corpus, out = env
    runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    q = "SELECT ?n WHERE { ?d <https://w3id.org/hospital-kg/ontology#fileName> ?n } ORDER BY ?n"
    r = runner.invoke(main, ["query", q, "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert [row["n"] for row in json.loads(r.output)] == ["a.txt", "b.txt", "c.txt"]
    r = runner.invoke(main, ["query", q, "--out", str(out), "--format", "csv"])
    assert r.output.splitlines() == ["n", "a.txt", "b.txt", "c.txt"]
    r = runner.invoke(main, ["query", q, "--out", str(out)])
    assert "(3 rows)" in r.output


def test_query_errors_say_what_to_do(env):
    runner, corpus, out = env
    r = runner.invoke(main, ["query", "leaders", "--out", str(out)])
    assert r.exit_code == 2 and "kg build" in r.output
    runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    r = runner.invoke(main, ["query", "no-such-query", "--out", str(out)])
    assert r.exit_code == 2 and "canned queries" in r.output
    r = runner.invoke(main, ["query", "partners", "--param", "oops", "--out", str(out)])
    assert r.exit_code == 2 and "name=VALUE" in r.output


@pytest.mark.parametrize(("fmt", "parse_as", "quads"), [
    ("turtle", "turtle", False), ("nt", "nt", False), ("jsonld", "json-ld", False),
    ("trig", "trig", True), ("nquads", "nquads", True),
])
def test_export_every_format(env, fmt, parse_as, quads):
    runner, corpus, out = env
    runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    target = out / f"export.{fmt}"
    r = runner.invoke(main, ["export", "--format", fmt, "--out", str(out), str(target)])
    assert r.exit_code == 0, r.output
    data = Dataset() if quads else Graph()
    data.parse(target, format=parse_as)
    assert len(data) > 0 or len(list(data.quads())) > 0


def test_export_unknown_format(env):
    runner, corpus, out = env
    runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    r = runner.invoke(main, ["export", "--format", "xml", "--out", str(out), str(out / "x.xml")])
    assert r.exit_code == 2 and "choose one of" in r.output


def test_remove(env):
    runner, corpus, out = env
    runner.invoke(main, ["build", str(corpus), "--out", str(out), "--no-view"])
    r = runner.invoke(main, ["remove", "news/a.txt", "--out", str(out)])
    assert r.exit_code == 0 and "removed news/a.txt" in r.output
    r = runner.invoke(main, ["remove", "news/a.txt", "--out", str(out)])
    assert r.exit_code == 2 and "none of" in r.output


def test_query_list_shows_the_canned_queries():
    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    names = {line.split()[0] for line in r.output.splitlines() if line.strip()}
    assert {"leaders", "chest-pain-stroke", "partners", "evidence"} <= names
    r = CliRunner().invoke(main, ["query"])
    assert r.exit_code == 2 and "leaders" in r.output
