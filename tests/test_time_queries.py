"""The canned time queries (ontology/queries/*.rq) on graphs built with kg.rdf from articles written here."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import document_from_text
from kg.extract.names import add_entity, evidence_for
from kg.extract.timing import time_stage
from kg.model import Centre, Document, EntityType, InstitutionKind, Partnership, Post
from kg.query import bind_params, load_query
from kg.query import run as execute
from kg.rdf import to_rdf
from kg.resolve import resolve
from kg.store import GraphStore, quads_of
from kg.timeline import Sighting, changes, current_holders, sightings
from kg.vocab import HKG

H = "甲市人民医院"
B = "乙县中医院"


def run(store: GraphStore, query: str, **params: str) -> list[dict[str, str]]:
    """Run a canned query with its `$param`s bound as `kg query --param` does; unbound values come as ''."""
    result = execute(store, bind_params(load_query(query), params))
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def article(text: str, published: str | None, path: str) -> Document:
    doc = document_from_text(text, path, published=published)
    add_entity(doc, H, EntityType.INSTITUTION, kind=InstitutionKind.HOSPITAL)
    add_entity(doc, B, EntityType.INSTITUTION, kind=InstitutionKind.HOSPITAL)
    doc.subject = H
    return doc


def at(doc: Document, words: str):
    start = doc.text.index(words)
    return evidence_for(doc, start, start + len(words), "test")


def post(doc: Document, person: str, role: str, words: str, org: str = H) -> None:
    add_entity(doc, person, EntityType.PERSON)
    doc.posts.append(Post(at(doc, words), person=person, role=role, org=org))


def store_of(tmp_path: Path, docs: list[Document]) -> GraphStore:
    for doc in docs:
        time_stage(doc)
    store = GraphStore(tmp_path / "store")
    store.apply(quads_of(to_rdf(docs, resolve(docs))))
    return store


@pytest.fixture
def two_directors(tmp_path: Path) -> tuple[GraphStore, list[Document]]:
    """A hospital whose 院长 changes between an article of 2019 and one of 2022."""
    a = article("7月27日，院党委书记张三作总结讲话，院党委副书记、院长王一主持会议。", "2019-07-31", "a.txt")
    post(a, "张三", "党委书记", "党委书记张三")
    post(a, "王一", "党委副书记", "党委副书记、院长王一")
    post(a, "王一", "院长", "院长王一")
    b = article("日前，医院召开大会，原院长王一、院长李二出席。", "2022-05-10", "b.txt")
    post(b, "王一", "院长", "原院长王一")
    post(b, "李二", "院长", "院长李二")
    docs = [a, b]
    return store_of(tmp_path, docs), docs


def posts_of(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(r["role"], r["person"]) for r in rows}


def test_leaders_as_of_a_date_before_and_after_the_change(two_directors):
    store, _ = two_directors
    then = run(store, "leaders-as-of", name=H, date="2019-08-01")
    assert posts_of(then) == {("党委书记", "张三"), ("党委副书记", "王一"), ("院长", "王一")}
    later = run(store, "leaders-as-of", name=H, date="2022-12-31")
    assert ("院长", "李二") in posts_of(later) and ("院长", "王一") not in posts_of(later)
    assert run(store, "leaders-as-of", name=H, date="2019-07") == then  # a month holds its days
    assert run(store, "leaders-as-of", name=H, date="2018-12-31") == []


def test_current_leaders_and_the_change(two_directors):
    store, docs = two_directors
    rows = run(store, "current-leaders", name=H)
    assert posts_of(rows) == {("党委书记", "张三"), ("党委副书记", "王一"), ("院长", "李二")}
    (row,) = [r for r in rows if r["role"] == "院长"]
    assert (row["firstSeen"], row["lastSeen"]) == ("2022-05-10", "2022-05-10")
    (change,) = run(store, "leadership-changes", name=H)
    assert (change["role"], change["before"], change["after"], change["date"]) == ("院长", "王一", "李二", "2022-05-10")
    assert change["beforeLastSeen"] == "2019-07-31"
    # the pure timeline says the same
    seen = sightings(docs)
    assert {(t.role, t.person) for t in current_holders(seen, org=H)} == posts_of(rows)
    assert [(c.before, c.after, c.date) for c in changes(seen)] == [("王一", "李二", "2022-05-10")]


def test_the_former_post_is_marked_by_the_time_stage(two_directors):
    _, docs = two_directors
    assert [(p.person, p.status) for p in docs[1].posts] == [("王一", "former"), ("李二", None)]


def test_an_unknown_hospital_has_no_leaders(two_directors):
    store, _ = two_directors
    assert run(store, "current-leaders", name="丙市妇幼保健院") == []
    assert {r["hospital"] for r in run(store, "current-leaders")} == {H}


@pytest.fixture
def facts_with_dates(tmp_path: Path) -> GraphStore:
    a = article("过去的一年，胸痛中心通过2024年国家级胸痛中心验收。医院争创省级卒中中心。", "2025-01-25", "c.txt")
    a.centres.append(Centre(at(a, "胸痛中心通过2024年国家级胸痛中心验收"), org=H, name="胸痛中心", level="国家级"))
    a.centres.append(Centre(at(a, "省级卒中中心"), org=H, name="卒中中心", level="省级"))
    # a relative date: 去年12月 in an article of 2021-03-01 is 2020-12
    b = article("去年12月，甲市人民医院与乙县中医院签署医联体协议。", "2021-03-01", "d.txt")
    b.partnerships.append(Partnership(at(b, "甲市人民医院与乙县中医院签署医联体协议"), a=H, b=B, kind="医联体"))
    return store_of(tmp_path, [a, b])


def test_centres_by_accreditation_year_and_level(facts_with_dates):
    rows = run(facts_with_dates, "centres-by-year", year="2024")
    assert [(r["year"], r["level"], r["hospital"], r["centre"], r["firstStated"]) for r in rows] == [
        ("2024", "国家级", H, "胸痛中心", "2025-01-25")
    ]
    # the planned stroke centre is not an accredited one
    assert {r["centre"] for r in run(facts_with_dates, "centres-by-year")} == {"胸痛中心"}
    assert run(facts_with_dates, "centres-by-year", level="省级") == []


def test_partnerships_by_signing_year_from_a_relative_date(facts_with_dates):
    (row,) = run(facts_with_dates, "partnerships-by-year", year="2020")
    assert (row["signed"], row["statedIn"], row["kind"], row["status"]) == ("2020-12", "2021-03-01", "医联体", "")
    assert {row["a"], row["b"]} == {H, B}
    (named,) = run(facts_with_dates, "partnerships-by-year", name=B)
    assert (named["a"], named["b"]) == (B, H)
    assert run(facts_with_dates, "partnerships-by-year", year="2021") == []


def test_about_a_hospital_in_a_date_range(facts_with_dates):
    rows = run(facts_with_dates, "about-in-range", name=H, **{"from": "2020-06", "to": "2024"})
    assert [(r["when"], r["fact"], r["what"]) for r in rows] == [
        ("2020-12", "partnership", f"医联体 {B}"),
        ("2024", "centre", "国家级 胸痛中心"),
    ]
    assert all(r["file"] in {"c.txt", "d.txt"} and r["sentence"] for r in rows)
    everything = run(facts_with_dates, "about-in-range", name=H)
    assert {r["status"] for r in everything if r["what"] == "省级 卒中中心"} == {"planned"}


# --- on the seeds, built by `kg.build` with the default pipeline ------------------------------------------


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, seeds_dir: Path) -> GraphStore:
    from kg.build import build

    out = tmp_path_factory.mktemp("seeds-graph")
    build([str(seeds_dir)], out, progress=False, view=False)
    return GraphStore(out / "store", read_only=True)


def test_seeds_leaders_as_of_a_date(seeds_store):
    if seeds_store.count(HKG.PostHolding) == 0:
        pytest.skip("the posts stage finds no posts yet")
    rows = run(seeds_store, "leaders-as-of", name="潍坊市人民医院", date="2019-08-01")
    assert ("院长", "王冰") in posts_of(rows)
    assert {r["firstSeen"] for r in rows if r["person"] == "王冰"} == {"2019-07-31"}
    assert run(seeds_store, "leaders-as-of", name="潍坊市人民医院", date="2019-07-30") == []


def test_seeds_accredited_centres_by_year(seeds_store):
    rows = run(seeds_store, "centres-by-year", year="2024", level="国家级")
    assert ("衡水市第二人民医院", "胸痛中心") in {(r["hospital"], r["centre"]) for r in rows}


# --- the SPARQL queries and kg.timeline agree on any history -----------------------------------------------

class MemoryStore:
    """The document graphs in an in-memory Oxigraph store, queried like `GraphStore` (union default graph)."""

    def __init__(self, docs: list[Document]):
        self.store = ox.Store()
        for quads in quads_of(to_rdf(docs, resolve(docs))).values():
            self.store.extend(quads)

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)


sightings_st = st.lists(
    st.tuples(
        st.sampled_from(["王一", "李二", "张三"]),
        st.sampled_from(["院长", "副院长"]),
        st.sampled_from(["2019-07-31", "2020-03-15", "2021-06", "2022-05-10", None]),  # None: an undated article
        st.sampled_from([None, None, "2018", "2020-01-02"]),
        st.sampled_from([None, None, None, "former"]),
    ),
    min_size=1,
    max_size=7,
    unique_by=lambda row: (row[0], row[1], row[2]),  # an article states a post once
)


def docs_of(rows) -> list[Document]:
    docs: dict[str, Document] = {}
    for person, role, published, date, status in rows:
        doc = docs.get(published)
        if doc is None:
            doc = docs[published] = article("医院召开会议。", published, f"{published}.txt")
        add_entity(doc, person, EntityType.PERSON)
        doc.posts.append(Post(at(doc, "医院"), person=person, role=role, org=H, date=date, status=status))
    return list(docs.values())


@settings(max_examples=int(os.environ.get("TIME_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(sightings_st, st.sampled_from(["2019-12-31", "2020-06", "2021", "2023"]))
def test_property_queries_agree_with_the_timeline(rows, as_of):
    docs = docs_of(rows)
    store = MemoryStore(docs)
    seen = [Sighting(p, r, H, pub, d, s, "") for p, r, pub, d, s in rows]
    assert posts_of(run(store, "current-leaders")) == {(t.role, t.person) for t in current_holders(seen)}
    assert posts_of(run(store, "leaders-as-of", date=as_of)) == {
        (t.role, t.person) for t in current_holders(seen, as_of)
    }
    got = run(store, "leadership-changes")
    expected = changes(seen)
    assert {(r["role"], r["before"], r["date"]) for r in got} == {(c.role, c.before, c.date) for c in expected}
    for c in expected:
        assert c.after in {r["after"] for r in got if (r["role"], r["before"]) == (c.role, c.before)}


def test_an_undated_article_does_not_blank_the_first_statement(tmp_path):
    dated = article("胸痛中心通过2024年国家级胸痛中心验收。", "2025-01-25", "e.txt")
    undated = article("医院胸痛中心运行良好。", None, "f.txt")
    for doc, words in ((dated, "胸痛中心通过"), (undated, "胸痛中心运行")):
        doc.centres.append(Centre(at(doc, words), org=H, name="胸痛中心", level="国家级"))
    rows = run(store_of(tmp_path, [dated, undated]), "centres-by-year")
    assert [(r["year"], r["centre"], r["firstStated"]) for r in rows] == [("2024", "胸痛中心", "2025-01-25")]


def test_stats_count_changes_and_accreditations_per_year(tmp_path):
    from kg.stats import compute_stats, format_stats

    a = article("院长王一主持会议。胸痛中心通过2024年国家级胸痛中心验收。", "2019-07-31", "a.txt")
    post(a, "王一", "院长", "院长王一")
    a.centres.append(Centre(at(a, "胸痛中心通过2024年国家级胸痛中心验收"), org=H, name="胸痛中心", level="国家级"))
    b = article("院长李二出席会议。", "2022-05-10", "b.txt")
    post(b, "李二", "院长", "院长李二")
    store = store_of(tmp_path, [a, b])
    stats = compute_stats(store.union())
    assert stats["time"]["leadership_changes_per_year"] == {"2022": 1}
    assert stats["time"]["accreditations_per_year"] == {"2024": {"国家级": 1}}
    assert "leadership changes per year" in format_stats(stats)
