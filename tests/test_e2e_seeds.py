"""End to end on the five seeds: build once (module fixture), then ask the graph through SPARQL.

The fact-level assertions are the acceptance criteria of the extraction: they hold once the extractor
stages find those facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import BuildSummary, build
from kg.cli import main
from kg.documents import read_document
from kg.query import run
from kg.rdf import validate
from kg.store import GraphStore

PREFIXES = """PREFIX hkg: <https://w3id.org/hospital-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def built(seeds_dir, tmp_path_factory) -> tuple[Path, BuildSummary]:
    out = tmp_path_factory.mktemp("e2e") / "output"
    return out, build([seeds_dir], out, progress=False)


@pytest.fixture(scope="module")
def store(built) -> GraphStore:
    return GraphStore(built[0] / "store", read_only=True)


def ask(store: GraphStore, where: str) -> bool:
    return run(store, PREFIXES + "ASK {" + where + "}").rows == [["true"]]


def named(var: str, name: str) -> str:
    """`var` is an entity with `name` as its label or one of its aliases."""
    return f'{var} rdfs:label|skos:altLabel ?{var[1:]}_n . FILTER (STR(?{var[1:]}_n) = "{name}")'


def test_build_reads_all_seeds_quickly(built):
    _, summary = built
    assert summary.read == 5 and not summary.skipped
    assert summary.seconds < 60


def test_wang_bing_is_president_of_weifang_peoples_hospital(store):
    assert ask(store, f"""?f a hkg:PostHolding ; org:member ?p ; org:organization ?h ; hkg:roleLabel ?r .
                          ?p rdfs:label ?pl . FILTER (STR(?pl) = "王冰") FILTER (STR(?r) = "院长")
                          {named("?h", "潍坊市人民医院")}""")


def test_hengshui_second_hospital_has_a_national_chest_pain_centre(store):
    assert ask(store, f"""?h hkg:hasCentre ?c . {named("?h", "衡水市第二人民医院")}
                          ?c rdfs:label ?cl ; hkg:accreditationLevel ?lv .
                          FILTER (STR(?cl) = "胸痛中心" && STR(?lv) = "国家级")""")


def test_shouyang_group_partners_west_china_hospital_by_telemedicine(store):
    assert ask(store, f"""?f a hkg:Partnership ; hkg:partner ?a , ?b ; hkg:partnershipKind hkg:Telemedicine .
                          {named("?a", "寿阳县医疗集团")} {named("?b", "华西医院")}""")


def test_every_fact_has_an_evidence_sentence_from_its_document(store):
    assert not ask(store, "?f a hkg:Fact . FILTER NOT EXISTS { ?f hkg:evidence ?e }")
    res = run(store, PREFIXES + """SELECT ?sentence ?path ?start WHERE { ?f a hkg:Fact ; hkg:evidence ?e .
        ?e hkg:sentenceText ?sentence ; hkg:startOffset ?start ; prov:wasDerivedFrom ?d .
        ?d hkg:filePath ?path }""")
    assert res.rows, "no facts yet"
    texts: dict[str, str] = {}
    for sentence, path, _ in res.rows:
        if path not in texts:
            doc = read_document(Path(path))
            texts[path] = doc.original or doc.text
        assert sentence and sentence in texts[path], (path, sentence)


def test_turtle_parses_back_isomorphic_to_the_store(built, store):
    g = Graph().parse(built[0] / "graph.ttl", format="turtle")
    assert isomorphic(g, store.union())


def test_building_twice_gives_identical_turtle(built, seeds_dir, tmp_path):
    out, _ = built
    again = build([seeds_dir], tmp_path / "again", view=False, progress=False)
    assert again.read == 5
    assert (tmp_path / "again" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_rebuild_in_place_changes_nothing(built, seeds_dir):
    out, _ = built
    before = (out / "graph.ttl").read_bytes()
    summary = build([seeds_dir], out, view=False, progress=False)
    assert (summary.added, summary.removed, summary.unchanged) == (0, 0, 5)
    assert (out / "graph.ttl").read_bytes() == before


def test_shacl_conforms(store):
    conforms, report = validate(store.union())
    assert conforms, report


def test_cli_commands_run(built, tmp_path):
    out, _ = built
    runner = CliRunner()
    for args in (["query", "leaders"], ["query", "chest-pain-stroke", "--format", "csv"],
                 ["query", "partners", "--param", "name=寿阳县医疗集团", "--format", "json"],
                 ["query", "evidence", "--param", "name=衡水市第二人民医院"]):
        r = runner.invoke(main, [*args, "--out", str(out)])
        assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["export", "--format", "trig", "--out", str(out), str(tmp_path / "g.trig")])
    assert r.exit_code == 0 and (tmp_path / "g.trig").stat().st_size > 0
    r = runner.invoke(main, ["query", "chest-pain-stroke", "--out", str(out)])
    assert "衡水市第二人民医院" in r.output
