"""Parallel extraction (process pool, Dask) gives exactly what a sequential run gives, in the same order."""

from __future__ import annotations

import shutil

import pytest

from kg.documents import read_documents
from kg.errors import DocumentError
from kg.extract import extract
from kg.parallel import _ordered, extract_documents

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def corpus(seeds_dir, tmp_path_factory) -> list[str]:
    """The seeds, the dev corpus when ../shared is there, and a file that is not an article."""
    from tests.conftest import SHARED

    odd = tmp_path_factory.mktemp("odd")
    (odd / "empty.txt").write_bytes(b"")
    (odd / "short.txt").write_text("院长主持会议。", encoding="utf-8")
    paths = [str(seeds_dir), str(odd), str(odd / "nothing-*.txt")]  # a glob that matches nothing: an error
    if (SHARED / "corpus" / "dev").is_dir():
        paths.append(str(SHARED / "corpus" / "dev"))
    return paths


def _sequential(paths: list[str]) -> list:
    out = []
    for item in read_documents(paths):
        if isinstance(item, DocumentError):
            out.append(("error", item.path))
            continue
        doc = extract(item)
        doc.tokens = []
        out.append(doc)
    return out


def _comparable(items) -> list:
    return [("error", i.path) if isinstance(i, DocumentError) else i for i in items]


@pytest.fixture(scope="module")
def expected(corpus) -> list:
    return _sequential(corpus)


def test_in_process_run_matches_sequential(corpus, expected):
    assert _comparable(extract_documents(corpus, jobs=1)) == expected
    assert sum(1 for e in expected if isinstance(e, tuple)) >= 2  # the empty file and the glob


def test_process_pool_matches_sequential(corpus, expected):
    small = [p for p in corpus if "corpus" not in p]  # the seeds and the odd files: two workers' start-up dominates
    want = [e for e in expected if (e[1] if isinstance(e, tuple) else e.path).startswith(tuple(small))]
    got = _comparable(extract_documents(small, jobs=2, batch_size=2))
    assert [d[1] if isinstance(d, tuple) else d.path for d in got] == [
        d[1] if isinstance(d, tuple) else d.path for d in want]
    assert got == want  # every entity, fact and evidence span, in the same order


def test_dask_client_matches_sequential(corpus, expected):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            got = _comparable(extract_documents(corpus, executor="dask", client=client, batch_size=4))
    assert got == expected


def _needs_parallel_build():
    import inspect

    from kg.build import build

    if "parallel" not in inspect.signature(build).parameters:
        pytest.skip("kg.build.build has no parallel= parameter yet")
    return build


def test_build_on_a_dask_local_cluster_is_isomorphic_to_the_sequential_build(seeds_dir, tmp_path):
    from kg.store import GraphStore
    from tests.test_remote_store import _assert_same_datasets

    build = _needs_parallel_build()
    build([seeds_dir], tmp_path / "seq", progress=False, view=False)
    summary = build([seeds_dir], tmp_path / "dask", progress=False, view=False,
                    parallel={"executor": "dask", "scheduler": "local", "jobs": 2})
    assert summary.documents == 5 and not summary.skipped
    _assert_same_datasets(GraphStore(tmp_path / "seq" / "store", read_only=True),
                          GraphStore(tmp_path / "dask" / "store", read_only=True))
    assert (tmp_path / "seq" / "graph.ttl").read_bytes() == (tmp_path / "dask" / "graph.ttl").read_bytes()


def test_kg_build_jobs_gives_the_same_graph(seeds_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main

    _needs_parallel_build()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    for src in sorted(seeds_dir.iterdir())[:2]:
        shutil.copy(src, tmp_path / "seeds" / src.name)
    runner = CliRunner()
    one = runner.invoke(main, ["build", "seeds", "--out", "one", "--no-view"])
    two = runner.invoke(main, ["build", "seeds", "--out", "two", "--no-view", "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()


def test_unreachable_scheduler_says_what_to_do(seeds_dir):
    from kg.errors import KgError

    with pytest.raises(KgError, match="dask scheduler"):
        list(extract_documents([str(seeds_dir)], executor="dask", scheduler="tcp://127.0.0.1:1",
                                    connect_timeout=1))


def test_at_most_a_window_of_batches_is_in_flight():
    in_flight, peak = [], [0]

    def submit(batch):
        in_flight.append(batch)
        peak[0] = max(peak[0], len(in_flight))
        return batch

    def result(batch):
        in_flight.remove(batch)
        return [("error", f"doc{i}", "x") for i in batch]

    out = list(_ordered(submit, result, ([i, i + 1] for i in range(0, 100, 2)), window=3))
    assert [e.path for e in out] == [f"doc{i}" for i in range(100)]
    assert peak[0] == 3


def test_parallel_builds_take_unchanged_articles_from_the_cache(seeds_dir, tmp_path, monkeypatch):
    import sys

    from kg.build import build
    from kg.build_state import FILE

    monkeypatch.chdir(tmp_path)
    shutil.copytree(seeds_dir, tmp_path / "news")
    first = build(["news"], "out", progress=False, view=False, parallel={"jobs": 2})
    assert first.cached == 0 and first.changed == 5
    changed = sorted((tmp_path / "news").iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n院长主持会议。\n", encoding="utf-8")
    second = build(["news"], "out", progress=False, view=False, parallel={"jobs": 2})
    assert (second.cached, second.changed, second.unchanged) == (4, 1, 4)
    build(["news"], "seq", progress=False, view=False, cache=False)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (tmp_path / "seq" / "graph.ttl").read_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError("a cached article was extracted again")

    monkeypatch.setattr(sys.modules["kg.extract"], "extract", refuse)  # the in-process worker (jobs=1) must not extract
    (tmp_path / "out" / FILE).unlink()  # not the shortcut of an unchanged build: read every article
    third = build(["news"], "out", progress=False, view=False, parallel={"jobs": 1})
    assert third.cached == 5 and not third.skipped and (third.added, third.removed) == (0, 0)
