"""kg.query: canned queries on a store of hand-made documents, safe parameters, output formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_rdf import make_doc

from kg.errors import QueryError
from kg.query import Result, bind_params, canned, display_width, format_result, load_query, parse_params, query
from kg.rdf import to_rdf
from kg.store import GraphStore, quads_of


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("q")
    docs = [make_doc("a.txt", aliases={"甲一院"}),
            make_doc("b.txt", hospital="乙县人民医院", partner="甲市第一人民医院", person="李乙")]
    docs[1].centres[0].name = "卒中中心"
    docs[1].centres[0].level = None
    docs[1].posts[0].role = "副院长"
    GraphStore(folder / "store").apply(quads_of(to_rdf(docs)))
    return folder


def rows(result: Result) -> list[dict[str, str]]:
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def test_canned_queries_exist():
    assert {"leaders", "chest-pain-stroke", "partners", "evidence"} <= set(canned())


def test_leaders(out):
    got = {(r["hospital"], r["person"], r["role"]) for r in rows(query("leaders", out))}
    assert got == {("甲市第一人民医院", "张甲", "党委书记"), ("乙县人民医院", "李乙", "副院长")}


def test_chest_pain_stroke(out):
    got = {(r["hospital"], r["centre"], r["level"]) for r in rows(query("chest-pain-stroke", out))}
    assert got == {("甲市第一人民医院", "胸痛中心", "国家级"), ("乙县人民医院", "卒中中心", "")}


def test_partners_all_pairs_once(out):
    got = rows(query("partners", out))
    pairs = {frozenset((r["hospital"], r["partner"])) for r in got}
    assert pairs == {frozenset({"甲市第一人民医院", "乙省大学附属医院"}),
                     frozenset({"乙县人民医院", "甲市第一人民医院"})}
    assert len(got) == 2 and {r["kind"] for r in got} == {"远程会诊"}


@pytest.mark.parametrize("name", ["甲市第一人民医院", "甲一院"])
def test_partners_of_one_hospital_by_name_or_alias(out, name):
    got = {r["partner"] for r in rows(query("partners", out, {"name": name}))}
    assert got == {"乙省大学附属医院", "乙县人民医院"}


def test_evidence_of_an_entity(out):
    got = rows(query("evidence", out, {"name": "李乙"}))
    assert [r["fact"] for r in got] == ["PostHolding"]
    assert got[0]["sentence"].startswith("乙县人民医院党委书记李乙") and got[0]["document"] == "b.txt"
    assert int(got[0]["start"]) < int(got[0]["end"])


@pytest.mark.parametrize("evil", ['" } } ; DROP ALL ; #', "x\" || true || \"", "a\\", "\n}", "'"])
def test_parameters_cannot_change_the_query(out, evil):
    assert query("partners", out, {"name": evil}).rows == []
    assert len(GraphStore(out / "store", read_only=True)) > 0


def test_missing_parameter_in_values_means_any_value():
    text = bind_params("SELECT * WHERE { VALUES ?name { $name } ?s ?p ?name }", {})
    assert "UNDEF" in text and "$name" not in text
    text = bind_params("SELECT * WHERE { VALUES ?name { $name } ?s ?p ?name }", {"name": 'a"b'})
    assert '"a\\"b"' in text


def test_unknown_parameter_and_bad_query_say_what_to_do(out):
    with pytest.raises(QueryError, match="unknown parameter"):
        query("leaders", out, {"name": "x"})
    with pytest.raises(QueryError, match="canned queries"):
        load_query("no-such-query")
    with pytest.raises(QueryError, match="does not parse"):
        query("SELECT WHERE {", out)
    with pytest.raises(QueryError, match="name=VALUE"):
        parse_params(["novalue"])


def test_sparql_text_and_rq_file(out, tmp_path):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = int(query(q, out).rows[0][0])
    assert n > 50
    f = tmp_path / "count.rq"
    f.write_text(q, encoding="utf-8")
    assert int(query(str(f), out).rows[0][0]) == n
    assert query("ASK { ?s ?p ?o }", out).rows == [["true"]]


def test_table_pads_chinese_by_display_width():
    table = format_result(Result(["医院", "n"], [["甲市第一人民医院", "1"], ["ab", "22"]]))
    lines = table.splitlines()
    assert display_width("甲市") == 4
    # the second column starts at the same screen column in the header and in every row
    starts = {display_width(line[: len(line) - len(line.split()[-1])]) for line in [lines[0], lines[2], lines[3]]}
    assert starts == {18}
    assert lines[-1] == "(2 rows)"


def test_csv_and_json_output():
    res = Result(["a", "b"], [["中文,逗号", 'x"y'], ["", "2"]])
    assert list(csv.reader(io.StringIO(format_result(res, "csv")))) == [["a", "b"], *res.rows]
    assert json.loads(format_result(res, "json")) == [{"a": "中文,逗号", "b": 'x"y'}, {"a": "", "b": "2"}]


def test_required_parameter_is_checked_and_others_stay_unbound():
    text = "# param: date  ISO date (required)\n# param: name  optional\nSELECT * WHERE { ?s ?p $date . ?s ?q $name }"
    with pytest.raises(QueryError, match="--param date=VALUE"):
        bind_params(text, {})
    bound = bind_params(text, {"date": "2020-01"})
    assert '?p "2020-01"' in bound and "?q $name" in bound
