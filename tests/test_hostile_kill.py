"""Nothing lost (issue 6, item 4): `kg build` killed with SIGKILL at several points leaves graph.ttl,
graph.html and the store as they were (or, once it got that far, wholly new), and a re-run completes.

tests/test_build.py::test_build_killed_midway_leaves_previous_graph_and_store kills one build without a view
after a fixed delay; here the kills aim at each stage (extraction, store transaction, writing graph.ttl,
writing graph.html), the view is written, and the store is compared quad by quad.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.store import GraphStore

pytestmark = pytest.mark.slow


def _corpus(seeds_dir: Path, folder: Path, copies: int) -> None:
    folder.mkdir(parents=True)
    tags = "甲乙丙丁戊己庚辛壬癸"
    for i in range(copies):
        tag = tags[i % 10] + tags[i // 10 % 10]
        for s in sorted(seeds_dir.glob("*.txt")):
            text = s.read_text(encoding="utf-8").replace("市", f"{tag}市").replace("县", f"{tag}县")
            (folder / f"{i:03d}_{s.name}").write_text(text, encoding="utf-8")


def _state(out: Path) -> tuple[bytes, bytes, set, set]:
    store = GraphStore(out / "store", read_only=True)
    docs = {(str(g), d.path, d.sha256) for g, d in store.documents().items()}
    return (out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes(), set(store.quads()), docs


def _kill_when(cmd: list[str], cwd: Path, out: Path, when: str) -> bool:
    """Run `cmd`, SIGKILL it at `when` (seconds as text, or a glob of a temporary output in `out`);
    True if it was killed before it finished."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    while proc.poll() is None and time.monotonic() - t0 < 120:
        if when[0].isdigit() and time.monotonic() - t0 >= float(when):
            break
        if not when[0].isdigit() and any(out.glob(when)):
            break
        time.sleep(0.002)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return killed


@pytest.fixture(scope="module")
def builds(seeds_dir, tmp_path_factory) -> Path:
    """news/ (the seeds, then 60 more articles), v1/ built from the seeds, ref/ from all of news/."""
    root = tmp_path_factory.mktemp("kill")
    news = root / "news"
    news.mkdir()
    for s in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(s, news / s.name)
    subprocess.run([*KG, "v1"], cwd=root, check=True, capture_output=True)
    _corpus(seeds_dir, news / "more", 12)
    subprocess.run([*KG, "ref"], cwd=root, check=True, capture_output=True)  # the build to reach
    return root


KG = [sys.executable, "-m", "kg", "build", "news", "--out"]


@pytest.mark.parametrize("when", ["0.5", "2.5", ".graph.*.tmp.ttl", ".graph.*.tmp.html"])
def test_kg_build_killed_at_each_stage_loses_nothing(builds, tmp_path, when):
    kg = KG
    ref_ttl, _, ref_quads, ref_docs = _state(builds / "ref")
    old_ttl, old_html, old_quads, old_docs = _state(builds / "v1")

    out = builds / f"out-{len(list(builds.glob('out-*')))}"
    shutil.copytree(builds / "v1", out)
    shutil.rmtree(out / "cache")
    shutil.copytree(builds / "ref" / "cache", out / "cache")  # extraction is quick: the kill hits later stages
    killed = _kill_when([*kg, out.name], builds, out, when)
    assert killed, f"the build finished before {when}"

    ttl, html, quads, docs = _state(out)
    Graph().parse(data=ttl.decode("utf-8"), format="turtle")
    assert ttl in (old_ttl, ref_ttl)
    assert html == old_html or html.rstrip().endswith(b"</html>")
    assert (quads, docs) in ((old_quads, old_docs), (ref_quads, ref_docs))  # one transaction, never a part
    if killed and ttl == ref_ttl:
        assert docs == ref_docs  # graph.ttl is written from the store, after its transaction
    if killed and when in ("0.5",):
        assert (ttl, html, docs) == (old_ttl, old_html, old_docs)

    done = subprocess.run([*kg, out.name], cwd=builds, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ttl, html, quads, docs = _state(out)
    assert (ttl, quads, docs) == (ref_ttl, ref_quads, ref_docs)
    assert html.rstrip().endswith(b"</html>") and html != old_html
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert all(".tmp." in name for name in leftovers), leftovers  # a killed write may leave its temporary file
