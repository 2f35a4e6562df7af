"""`kg.build`: exact incremental builds, removal, pruning, atomic outputs, a build killed midway."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.errors import StoreError
from kg.store import GraphStore

TEXTS = {
    "a.txt": "甲市第一人民医院党委书记张甲主持会议。甲市第一人民医院胸痛中心通过国家级认证。",
    "b.txt": "乙县人民医院院长李乙介绍，乙县人民医院与甲市第一人民医院签订医联体协议。",
    "c.txt": "丙县中医院开展“智慧医院”建设，丙县中医院卒中中心成立。",
}


def write_corpus(folder: Path, texts: dict[str, str] = TEXTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stored_paths(out: Path) -> dict[str, str]:
    store = GraphStore(out / "store", read_only=True)
    return {d.path: d.sha256 for d in store.documents().values()}


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_corpus(tmp_path / "news")


def test_rebuild_of_same_input_changes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, view=False)
    assert first.read == 3 and first.changed == 3 and first.added > 0
    ttl = (out / "graph.ttl").read_bytes()
    second = build([corpus], out, view=False)
    assert (second.added, second.removed, second.unchanged, second.changed) == (0, 0, 3, 0)
    assert any("nothing changed" in line for line in second.lines())
    assert (out / "graph.ttl").read_bytes() == ttl
    assert set(stored_paths(out)) == {"news/a.txt", "news/b.txt", "news/c.txt"}


def test_changed_file_replaces_its_own_graph(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, view=False)
    before = stored_paths(out)
    (corpus / "c.txt").write_text("丁县妇幼保健院院长王丁出席会议。", encoding="utf-8")
    summary = build([corpus], out, view=False)
    after = stored_paths(out)
    assert summary.changed >= 1 and summary.unchanged >= 1
    assert set(after) == set(before)
    assert after["news/c.txt"] != before["news/c.txt"]
    assert after["news/a.txt"] == before["news/a.txt"]
    assert "丙县中医院" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_building_other_paths_keeps_and_rechecks_previous_documents(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus / "a.txt"], out, view=False)
    summary = build([corpus / "b.txt"], out, view=False)
    assert summary.read == 1 and summary.rechecked == 1
    assert set(stored_paths(out)) == {"news/a.txt", "news/b.txt"}


def test_remove_and_prune(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, view=False)
    summary = build([], out, remove=[corpus / "a.txt"], view=False)
    assert summary.removed_documents == ["news/a.txt"] and summary.removed > 0
    assert set(stored_paths(out)) == {"news/b.txt", "news/c.txt"}
    (corpus / "b.txt").unlink()
    kept = build([corpus / "c.txt"], out, view=False)
    assert kept.stale == ["news/b.txt"]
    assert "news/b.txt" in stored_paths(out)
    pruned = build([corpus / "c.txt"], out, prune=True, view=False)
    assert pruned.removed_documents == ["news/b.txt"]
    assert set(stored_paths(out)) == {"news/c.txt"}
    build([corpus], out, view=False)  # a.txt is still there: building the folder brings it back
    assert set(stored_paths(out)) == {"news/a.txt", "news/c.txt"}


def test_skipped_files_are_listed_with_their_reason(corpus, tmp_path):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    summary = build([corpus, tmp_path / "missing"], tmp_path / "out", view=False)
    reasons = dict(summary.skipped)
    assert "empty" in reasons["news/empty.txt"]
    assert any("missing" in p for p in reasons)
    assert sum(line.startswith("  skipped ") for line in summary.lines()) == 2


def test_failed_store_write_leaves_previous_outputs(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([corpus], out, view=False)
    ttl = (out / "graph.ttl").read_bytes()
    n = len(GraphStore(out / "store", read_only=True))

    def broken(self, replace, drop=()):
        raise StoreError("disk full")

    monkeypatch.setattr(GraphStore, "apply", broken)
    (corpus / "a.txt").write_text("戊市人民医院院长赵戊出席。", encoding="utf-8")
    with pytest.raises(StoreError):
        build([corpus], out, view=False)
    assert (out / "graph.ttl").read_bytes() == ttl
    assert len(GraphStore(out / "store", read_only=True)) == n
    assert not list(out.glob(".*tmp*"))


def test_outputs_are_replaced_atomically(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, view=False)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def _copies(seeds_dir: Path, folder: Path, n: int) -> None:
    folder.mkdir()
    tags = "甲乙丙丁戊己庚辛壬癸"
    for i in range(n):
        tag = tags[i % 10] + tags[i // 10 % 10] + tags[i // 100 % 10]
        for s in sorted(seeds_dir.glob("*.txt")):
            text = s.read_text(encoding="utf-8").replace("市", f"{tag}市").replace("县", f"{tag}县")
            (folder / f"{i:03d}_{s.name}").write_text(text, encoding="utf-8")


def test_build_killed_midway_leaves_previous_graph_and_store(seeds_dir, tmp_path, monkeypatch, copies=20):
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for s in sorted(seeds_dir.glob("*.txt")):
        (corpus / s.name).write_text(s.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out, view=False, progress=False)
    ttl = (out / "graph.ttl").read_bytes()
    quads = set(GraphStore(out / "store", read_only=True).quads())
    _copies(seeds_dir, corpus / "more", copies)  # 5 x copies more articles with changed names

    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-view"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3.0)
    finished = proc.poll() is not None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    after = (out / "graph.ttl").read_bytes()
    Graph().parse(data=after.decode("utf-8"), format="turtle")
    store_quads = set(GraphStore(out / "store", read_only=True).quads())
    if not finished:
        assert after == ttl
    # one transaction: either the previous graphs or all of the new ones, never a part
    docs = GraphStore(out / "store", read_only=True).documents()
    total = 5 + 5 * copies
    assert len(docs) in (5, total)
    if len(docs) == 5:
        assert store_quads == quads

    summary = build([corpus], out, view=False, progress=False)
    assert summary.documents == total
    assert len(GraphStore(out / "store", read_only=True).documents()) == total
    assert (out / "graph.ttl").read_bytes() != ttl


def test_unchanged_articles_come_from_the_extraction_cache(corpus, tmp_path, monkeypatch):
    import kg.cache

    out = tmp_path / "out"
    first = build([corpus], out, view=False)
    assert first.cached == 0
    ttl = (out / "graph.ttl").read_bytes()
    (corpus / "c.txt").write_text("丁县妇幼保健院院长王丁出席会议。", encoding="utf-8")
    second = build([corpus], out, view=False)
    assert second.cached == 2 and any("extraction cache" in line for line in second.lines())
    for f in (out / "cache").rglob("*.pickle"):
        f.write_bytes(b"not a pickle")
    third = build([corpus], out, view=False)
    assert third.cached == 0 and (third.added, third.removed) == (0, 0)
    monkeypatch.setattr(kg.cache, "code_version", lambda: "other-code")
    fourth = build([corpus], out, view=False)
    assert fourth.cached == 0 and (fourth.added, fourth.removed) == (0, 0)
    assert [p.name for p in (out / "cache").iterdir()] == ["other-code"]
    no_cache = build([corpus], out, view=False, cache=False)
    assert no_cache.cached == 0 and (out / "graph.ttl").read_bytes() != ttl


def test_turtle_bytes_do_not_depend_on_the_process(corpus, tmp_path):
    import os

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"out{seed}"
        subprocess.run([sys.executable, "-m", "kg", "build", "news", "--out", str(out), "--no-view", "--no-cache"],
                       check=True, env=env, cwd=tmp_path, capture_output=True)
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    build([corpus], tmp_path / "here", view=False)
    assert (tmp_path / "here" / "graph.ttl").read_bytes() == outputs[0]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_build_are_removed(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, view=False)
    dead, alive = _dead_pid(), subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        leftovers = [out / f".graph.{dead}.tmp.ttl", out / f".graph.{dead}.tmp.ttl.body",
                     out / f".spool.{dead}.tmp.pickle"]
        running = out / f".view-x.{alive.pid}.tmp.html"  # a `kg view` still writing its page
        for p in [*leftovers, running, out / "notes.tmp.txt"]:
            p.write_text("partial", encoding="utf-8")
        copy = out / f".remote.{dead}.tmp.store"  # a server's graphs copied for the outputs
        (copy / "db").mkdir(parents=True)
        (copy / "db" / "CURRENT").write_text("partial", encoding="utf-8")
        summary = build([corpus], out, view=False)
        assert summary.added == summary.removed == 0
        assert not any(p.exists() for p in [*leftovers, copy])
        assert running.exists() and (out / "notes.tmp.txt").exists()
    finally:
        alive.kill()
        alive.wait()


def test_files_over_max_bytes_are_skipped_with_their_reason(corpus, tmp_path):
    (corpus / "big.txt").write_text("甲市第一人民医院院长王丙主持会议。" * 200, encoding="utf-8")
    summary = build([corpus], tmp_path / "out", view=False, max_bytes=4096)
    reasons = dict(summary.skipped)
    assert "larger than 4096 bytes" in reasons["news/big.txt"]
    assert summary.read == 3
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path / "cli"),
                          "--no-view", "--max-mb", "0.004", "--jobs", "2"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "skipped news/big.txt: larger than" in run.stdout
    assert "documents read: 3" in run.stdout


def test_pickled_documents_leave_the_stage_indexes_behind(seeds_dir):
    import pickle

    from kg.documents import read_document
    from kg.extract import extract

    doc = extract(read_document(sorted(seeds_dir.glob("*.txt"))[0]))
    assert any(k.startswith("_kg_") for k in vars(doc))  # the stages cached their token indexes on it
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc and back.to_json() == doc.to_json()
    assert not any(k.startswith("_kg_") for k in vars(back))
