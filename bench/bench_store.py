"""Benchmark the stores side by side: pyoxigraph (memory, disk) vs rdflib's memory store, 1 M and 10 M triples.

The data is the real graph of a build of the seeds and dev articles (one named graph per document),
replicated until it has the wanted size: copy k renames every instance IRI (…/id/…-k) and label, so
the copies are distinct entities and facts, sharing the ontology's concepts.  Each (store, size) runs in
its own child process (so its peak RSS is its own) with a time bound; a run that does not finish in
time, or a size a store cannot hold, is reported as such.

    python bench/bench_store.py --sizes 1000000,10000000 [--rdflib-max 3000000] [--timeout 900]

Measures: load time (N-Quads file -> store), quads/s, peak RSS, and the latency of canned queries (median
of 3 runs; results fully iterated), the default graph being the union of the document graphs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "dev"]
_ID = re.compile(r"(<https://w3id\.org/hospital-kg/id/[^>]*)>")
_LABEL = re.compile(r'^(\S+ <http://www\.w3\.org/(?:2000/01/rdf-schema#label|2004/02/skos/core#altLabel)> "[^"]*)"')

RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def source_quads() -> list[str]:
    """The N-Quads lines of a build of the seeds and dev articles (built once into bench/out/store-src)."""
    src = OUT / "store-src.nq"
    if not src.exists():
        from kg.build import build

        out = OUT / "store-src"
        shutil.rmtree(out, ignore_errors=True)
        build([p for p in SOURCES if p.is_dir()], out, progress=False, view=False)
        import pyoxigraph as ox

        store = ox.Store.read_only(str(out / "store"))
        src.write_bytes(ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS))
    return [line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_dataset(size: int) -> tuple[Path, str]:
    """An N-Quads file of about `size` quads; returns it and one label to look up."""
    path = OUT / f"quads-{size}.nq"
    lines = source_quads()
    templates = [_LABEL.sub(lambda m: m.group(1) + '\x00"', _ID.sub(lambda m: m.group(1) + "\x00>", line))
                 for line in lines]
    copies = max(1, size // len(lines))
    # the probe: the label of an institution that has a partnership (so the canned query finds rows)
    partner = next(line.split()[2] for line in lines if "/ontology#partner> " in line)
    probe_line = next(t for t, line in zip(templates, lines, strict=True)
                      if line.startswith(partner + " <" + RDFS + "label>"))
    probe = re.search(r'"([^"]*)\x00"', probe_line).group(1) + f"-{copies // 2}"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for k in range(copies):
                suffix = f"-{k}"
                f.write("\n".join(t.replace("\x00", suffix) for t in templates))
                f.write("\n")
        tmp.rename(path)
    return path, probe


def queries(probe: str) -> dict[str, str]:
    leaders = (ROOT / "ontology" / "queries" / "leaders.rq").read_text(encoding="utf-8")
    partners = (ROOT / "ontology" / "queries" / "partners.rq").read_text(encoding="utf-8")
    return {
        "count all": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "label lookup": f'SELECT ?x WHERE {{ ?x <{RDFS}label> "{probe}"@zh }}',
        "GROUP BY class": "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
        "partners of one (canned)": partners.replace("$name", json.dumps(probe, ensure_ascii=False)),
        "leaders, all (canned)": leaders,
    }


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _measure(run, q: str, conn) -> None:
    t = time.perf_counter()
    rows = run(q)
    conn.send((time.perf_counter() - t, rows))


def _timed(run, q: str, limit: float) -> tuple[float, int]:
    """Run one query in a forked copy of this process (the loaded store is shared copy-on-write), so a
    query that passes `limit` seconds can be killed (neither store can cancel a query); rows -1 = stopped."""
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe()
    proc = ctx.Process(target=_measure, args=(run, q, there))
    proc.start()
    answer = here.recv() if here.poll(limit) else (limit, -1)
    proc.kill()
    proc.join()
    return answer


def child(backend: str, path: Path, probe: str, query_limit: float) -> dict:
    t0, c0 = time.perf_counter(), _cpu()
    if backend.startswith("oxigraph"):
        import pyoxigraph as ox

        if backend == "oxigraph-disk":
            loc = OUT / "store-bench"
            shutil.rmtree(loc, ignore_errors=True)
            store = ox.Store(str(loc))
        else:
            store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        size = len(store)

        def run(q: str) -> int:
            return sum(1 for _ in store.query(q, use_default_graph_as_union=True))
    else:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(str(path), format="nquads")
        size = len(ds)

        def run(q: str) -> int:
            return sum(1 for _ in ds.query(q))
    load = time.perf_counter() - t0
    out = {"load": load, "load_cpu": _cpu() - c0, "quads": size, "rss_after_load_mb": _rss_mb(), "queries": {}}

    for name, q in queries(probe).items():
        # first in a forked copy that can be killed at the limit; a query known to finish is then timed
        # here (a forked copy is slower for rdflib: reference counting touches copy-on-write pages)
        took, rows = _timed(run, q, query_limit)
        times = [took]
        if rows >= 0 and took < 10:
            times = []
            for _ in range(3):
                t = time.perf_counter()
                rows = run(q)
                times.append(time.perf_counter() - t)
        out["queries"][name] = {"seconds": statistics.median(times), "rows": rows}
    out["rss_mb"] = _rss_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--backends", default="oxigraph-memory,oxigraph-disk,rdflib-memory")
    ap.add_argument("--rdflib-max", type=int, default=3_000_000, help="largest size tried with rdflib")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per (store, size) run")
    ap.add_argument("--query-limit", type=float, default=60, help="seconds before a query is stopped")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.child[2], args.query_limit)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[str, int], dict | str] = {}
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        path, probe = make_dataset(size)
        for backend in args.backends.split(","):
            if backend.startswith("rdflib") and size > args.rdflib_max:
                results[backend, size] = f"not run (> --rdflib-max {args.rdflib_max})"
                continue
            try:
                proc = subprocess.run([sys.executable, __file__, "--child", backend, str(path), probe,
                                       "--query-limit", str(args.query_limit)],
                                      capture_output=True, text=True, timeout=args.timeout, cwd=ROOT)
                results[backend, size] = (json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0
                                          else f"failed: {proc.stderr.strip().splitlines()[-1:]}")
            except subprocess.TimeoutExpired:
                results[backend, size] = f"did not finish in {args.timeout:.0f} s"
            print(f"{backend} {size}: {results[backend, size]}", file=sys.stderr)
    shutil.rmtree(OUT / "store-bench", ignore_errors=True)
    _table(results, sizes, args.backends.split(","))


def _latency(q: dict, rows: int) -> str:
    if rows < 0:
        return f"stopped after {q['seconds']:.0f} s"
    s = q["seconds"]
    return (f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.1f} s") + f" ({rows} rows)"


def _table(results: dict, sizes: list[int], backends: list[str]) -> None:
    cols = [(b, s) for s in sizes for b in backends]
    print("| measure | " + " | ".join(f"{b} {s / 1e6:g} M" for b, s in cols) + " |")
    print("| --- " * (len(cols) + 1) + "|")

    def cell(key, fn) -> str:
        r = results.get(key)
        return fn(r) if isinstance(r, dict) else (r or "")

    print("| quads loaded | " + " | ".join(cell(k, lambda r: f"{r['quads']:,}") for k in cols) + " |")
    print("| load (bulk N-Quads) | " + " | ".join(cell(k, lambda r: f"{r['load']:.1f} s") for k in cols) + " |")
    print("| load, CPU seconds | " + " | ".join(cell(k, lambda r: f"{r['load_cpu']:.1f} s") for k in cols) + " |")
    print("| quads/s | " + " | ".join(cell(k, lambda r: f"{r['quads'] / r['load'] / 1e3:.0f} k") for k in cols) + " |")
    print("| peak RSS | " + " | ".join(cell(k, lambda r: f"{r['rss_mb']:.0f} MB") for k in cols) + " |")
    names = next((list(r["queries"]) for r in results.values() if isinstance(r, dict)), [])
    for q in names:
        print(f"| {q} | " + " | ".join(
            cell(k, lambda r, q=q: _latency(r["queries"][q], r["queries"][q]["rows"]))
            for k in cols) + " |")


if __name__ == "__main__":
    main()
