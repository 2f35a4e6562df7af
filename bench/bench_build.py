"""Benchmark `kg build`: documents/s, MB/s, peak RSS, seconds per stage, and the ratio to bare jieba.

Runs two child processes over the same corpus (so their memory is measured apart):

1. baseline: read every file and segment it with `jieba.lcut` (the floor any build has to pay);
2. build: `kg.build.build` with every stage timed (read, extract, resolve, spool, rdf = document quads, store, write),
   exclusive times (a stage called inside another counts once), peak RSS of the build process and of
   its worker processes.

    python bench/make_corpus.py --count 10000 --out bench/out/corpus-10k
    python bench/bench_build.py --corpus bench/out/corpus-10k [--jobs 2] [--limit 2000]

Prints a markdown table.  The goal from the issue: whole build <= 2 x jieba.lcut, peak RSS < 2 GB.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    return files[:limit] if limit else files


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds (user + system): unlike wall time, not inflated by other work on a shared machine."""
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def child_baseline(files: list[Path]) -> dict:
    import jieba

    jieba.initialize()
    t0 = time.perf_counter()
    texts = [p.read_text(encoding="utf-8") for p in files]
    read = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), _cpu()
    tokens = sum(len(jieba.lcut(t)) for t in texts)
    seg, seg_cpu = time.perf_counter() - t0, _cpu() - c0
    chars = sum(len(t) for t in texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"read": read, "lcut": seg, "lcut_cpu": seg_cpu, "chars": chars, "mb": mb, "tokens": tokens,
            "rss_mb": _rss_mb()}


class StageClock:
    """Exclusive wall time per stage of wrapped functions (nested calls are charged to the inner stage)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list] = []

    def wrap(self, owner: object, attr: str, stage: str) -> None:
        func = getattr(owner, attr)

        @functools.wraps(func)
        def timed(*args, **kwargs):
            frame = [stage, time.perf_counter(), 0.0]  # stage, start, time spent in nested stages
            self._stack.append(frame)
            try:
                return func(*args, **kwargs)
            finally:
                self._stack.pop()
                took = time.perf_counter() - frame[1]
                self.seconds[stage] = self.seconds.get(stage, 0.0) + took - frame[2]
                self.calls[stage] = self.calls.get(stage, 0) + 1
                if self._stack:
                    self._stack[-1][2] += took

        setattr(owner, attr, timed)


def child_build(files: list[Path], out: Path, jobs: int, view: bool, store_url: str | None = None) -> dict:
    import inspect

    import kg.build
    import kg.documents  # noqa: F401 - imported to be wrapped below
    import kg.extract  # noqa: F401
    import kg.rdf  # noqa: F401
    import kg.resolve  # noqa: F401
    import kg.store  # noqa: F401

    clock = StageClock()
    mod = sys.modules  # `kg.extract` etc. may be shadowed by names re-exported from kg/__init__.py
    clock.wrap(kg.build, "extract_all", "read+extract (workers)" if jobs > 1 else "read")
    clock.wrap(mod["kg.documents"], "read_document", "read")
    clock.wrap(mod["kg.extract"], "extract", "extract")
    clock.wrap(mod["kg.resolve"], "resolve", "resolve")
    clock.wrap(mod["kg.resolve"], "index_entry", "resolve")
    clock.wrap(mod["kg.rdf"], "document_quads", "rdf")
    clock.wrap(kg.build._Spool, "put", "spool")
    import kg.remote

    for cls in (mod["kg.store"].GraphStore, kg.remote.RemoteStore):
        for name in ("documents", "graph_quads", "apply", "count", "union", "quads"):
            if hasattr(cls, name):
                clock.wrap(cls, name, "store")
    clock.wrap(kg.build, "write_turtle", "write")
    clock.wrap(kg.build, "write_page", "write")
    kwargs: dict = {"progress": False, "view": view}
    params = inspect.signature(kg.build.build).parameters
    if jobs > 1 and "parallel" in params:
        kwargs["parallel"] = {"jobs": jobs}
    elif jobs > 1 and "jobs" in params:
        kwargs["jobs"] = jobs
    elif jobs > 1:
        sys.exit("kg.build.build takes no `parallel` (or `jobs`) argument; run with --jobs 1")
    if store_url:
        kwargs["store"] = kg.remote.RemoteStore.from_url(store_url)
    shutil.rmtree(out, ignore_errors=True)
    t0, c0 = time.perf_counter(), _cpu()
    summary = kg.build.build([str(p) for p in files], out, **kwargs)
    total, cpu = time.perf_counter() - t0, _cpu() - c0
    triples = sum(1 for line in (out / "graph.ttl").open(encoding="utf-8") if line.rstrip().endswith((" .", ";")))
    return {"total": total, "cpu": cpu, "workers_cpu": _cpu(resource.RUSAGE_CHILDREN), "stages": clock.seconds,
            "rss_mb": _rss_mb(),
            "children_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN), "documents": summary.documents,
            "skipped": len(summary.skipped), "added": summary.added, "ttl_lines_approx": triples,
            "store_mb": sum(f.stat().st_size for f in (out / "store").rglob("*") if f.is_file()) / 1e6
            if (out / "store").is_dir() else 0.0}


def _run_child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"child {args[:2]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus-10k")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "build")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N files")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--no-view", action="store_true", help="skip graph.html")
    ap.add_argument("--store", help="a SPARQL 1.1 server to build into (an empty dataset), e.g. http://127.0.0.1:7878")
    ap.add_argument("--child", choices=["baseline", "build"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    files = _files(args.corpus, args.limit)
    if args.child == "baseline":
        print(json.dumps(child_baseline(files)))
        return
    if args.child == "build":
        print(json.dumps(child_build(files, args.out, args.jobs, not args.no_view, args.store)))
        return
    if not files:
        sys.exit(f"no *.txt under {args.corpus}; make one with bench/make_corpus.py")
    common = ["--corpus", str(args.corpus), "--out", str(args.out), "--jobs", str(args.jobs)]
    common += ["--limit", str(args.limit)] if args.limit else []
    common += ["--no-view"] if args.no_view else []
    common += ["--store", args.store] if args.store else []
    base = _run_child(["--child", "baseline", *common])
    build = _run_child(["--child", "build", *common])
    n, total = len(files), build["total"]
    print(f"corpus: {n} articles, {base['chars'] / 1e6:.1f} M characters, {base['mb']:.1f} MB UTF-8; "
          f"jobs={args.jobs}; view={'no' if args.no_view else 'yes'}; store={args.store or 'embedded'}\n")
    print("| measure | value |\n| --- | --- |")
    rows = [
        ("documents built (skipped)", f"{build['documents']} ({build['skipped']})"),
        ("whole build", f"{total:.1f} s"),
        ("documents/s", f"{n / total:.1f}"),
        ("MB of text/s", f"{base['mb'] / total:.2f}"),
        ("jieba.lcut alone (same text)", f"{base['lcut']:.1f} s ({base['chars'] / base['lcut'] / 1e3:.0f} k chars/s)"),
        ("build / jieba.lcut, wall (goal <= 2)", f"{total / base['lcut']:.1f} x"),
        ("CPU s: build process + workers", f"{build['cpu']:.0f} + {build['workers_cpu']:.0f} s"),
        ("CPU s: jieba.lcut", f"{base['lcut_cpu']:.1f} s"),
        ("build / jieba.lcut, CPU", f"{(build['cpu'] + build['workers_cpu']) / base['lcut_cpu']:.1f} x"),
        ("load average at the end (2 cores; other work on the machine)", f"{os.getloadavg()[0]:.1f}"),
        ("peak RSS, build process", f"{build['rss_mb']:.0f} MB"),
        ("peak RSS, largest worker", f"{build['children_rss_mb']:.0f} MB"),
        ("triples written", f"{build['added']}"),
        ("store on disk", f"{build['store_mb']:.0f} MB"),
    ]
    stages = build["stages"]
    for stage in ("read", "read+extract (workers)", "extract", "resolve", "spool", "rdf", "store", "write"):
        if stage in stages:
            rows.append((f"stage: {stage}", f"{stages[stage]:.1f} s ({100 * stages[stage] / total:.0f} %)"))
    rows.append(("stage: other (resolve bookkeeping, diffs)", f"{total - sum(stages.values()):.1f} s"))
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()
