"""Benchmark the stores and the canned queries: pyoxigraph (memory, disk) vs rdflib, 1 M and 10 M triples.

The data has the shape of a real build: the template is the store of `kg build` over a corpus made by
make_corpus.py (3,000 articles, ~0.8 M quads, one named graph per document; built once into bench/out/).
Copy 0 is that store as it is; copy k renames every document, fact, evidence, centre and entity IRI
(…-k) and the labels of the renamed entities, so the copies are new articles about new entities; the
concepts (post titles, centre types, partnership kinds, stages) stay shared, as in a real build, and so do
the hub entities (named in >= --hub-graphs documents of the template, the big hospitals of a news feed and
their leaders), whose fan-out then grows with the size.  With the union default graph, pyoxigraph 0.5
returns a triple once per graph that holds it (oxigraph issue 1919), so these shared triples are what makes
a careless query slow.

    python bench/bench_store.py --sizes 1000000,10000000 [--rdflib-max 3000000] [--timeout 900]
    python bench/bench_store.py --canned --sizes 1000000,10000000 [--compare-rev REV]
    python bench/bench_store.py --canned --store bench/out/canned-store-10000000 --template T --only evidence

With --store, an existing store is opened read-only (as `kg query` opens it) instead of loading N-Quads, and
the queries run in it as they are (its size is the store's); --only keeps the canned queries named.

Measures: load time (N-Quads file -> store), quads/s, peak RSS, and the latency of queries (median of 3
runs when under 10 s; results fully iterated), the default graph being the union of the document graphs.
With --canned: every canned query (ontology/queries/*.rq) on the disk store, without its parameters and
with realistic ones taken from the data (the most mentioned hospital that has posts, centres and
partnerships, the commonest year and level, a median date), and with --compare-rev also the text of
each canned query at that git revision (old vs new).
"""

from __future__ import annotations

import argparse
import collections
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
TEMPLATE_ARTICLES = 3000
_IRI = re.compile(r"<https://w3id\.org/hospital-kg/id/([a-z-]+)/[^>]*>")
_LITERAL_END = re.compile(r'^(\S+ \S+ "(?:[^"\\]|\\.)*)"')
KEEP = {"role", "centre-type", "partnership-kind", "stage"}  # concepts: one IRI in every build
ENTITY = {"org", "person", "initiative"}
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
HKG = "https://w3id.org/hospital-kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
LABELS = (f"<{RDFS}label>", "<http://www.w3.org/2004/02/skos/core#altLabel>")
PARAMS = ("name", "year", "level", "date", "from", "to")


def source_quads(template: Path | None = None) -> list[str]:
    """The N-Quads lines of the template store (`template`, or a build of a make_corpus corpus made once)."""
    import pyoxigraph as ox

    tag = TEMPLATE_ARTICLES if template is None else template.resolve().parent.name
    src = OUT / f"store-src-{tag}.nq"
    if not src.exists():
        if template is None:
            from kg.build import build

            corpus = OUT / f"corpus-{TEMPLATE_ARTICLES}"
            if not corpus.is_dir():
                subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--count",
                                str(TEMPLATE_ARTICLES), "--out", str(corpus)], check=True)
            built = OUT / f"store-src-{TEMPLATE_ARTICLES}"
            shutil.rmtree(built, ignore_errors=True)
            build([corpus], built, progress=False, view=False)
            template = built / "store"
        store = ox.Store.read_only(str(template))
        src.write_bytes(ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS))
    return [line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]


def _hubs(lines: list[str], min_graphs: int) -> set[str]:
    """Entity IRIs whose label is in at least `min_graphs` document graphs."""
    count = collections.Counter(line.split(" ", 1)[0] for line in lines if line.split(" ", 2)[1] == LABELS[0])
    return {iri for iri, n in count.items() if n >= min_graphs and _IRI.match(iri) and
            _IRI.match(iri).group(1) in ENTITY}


def _template(line: str, hubs: set[str]) -> str:
    """`line` with a \\x00 where copy k writes its suffix (renamed IRIs, labels of renamed subjects)."""
    def iri(m: re.Match) -> str:
        return m.group(0) if m.group(1) in KEEP or m.group(0) in hubs else m.group(0)[:-1] + "\x00>"

    subject, predicate, _ = line.split(" ", 2)
    out = _IRI.sub(iri, line)
    renamed = _IRI.fullmatch(subject) is not None and iri(_IRI.fullmatch(subject)) != subject
    if predicate in LABELS and renamed:
        out = _LITERAL_END.sub(lambda m: m.group(1) + '\x00"', out, count=1)
    return out


def probe_params(lines: list[str]) -> dict[str, str]:
    """Realistic parameters from the template: the most mentioned hospital with posts, centres and
    partnerships; the commonest year of its facts, its median fact date, the commonest centre level."""
    roles: dict[str, set[str]] = collections.defaultdict(set)
    facts: dict[str, list[str]] = collections.defaultdict(list)
    labels: dict[str, str] = {}
    mentions: collections.Counter = collections.Counter()
    dates: dict[str, str] = {}
    levels: collections.Counter = collections.Counter()
    for line in lines:
        s, p, rest = line.split(" ", 2)
        o = rest.rsplit(" ", 2)[0]
        if p in (f"<{HKG}partner>", f"<{ORG}organization>", f"<{HKG}institution>"):
            roles[o].add(p)
            facts[o].append(s)
        elif p == LABELS[0] and s.startswith("<https://w3id.org/hospital-kg/id/org/"):
            labels[s] = o
            mentions[s] += 1
        elif p == f"<{HKG}asOf>":
            dates[s] = o.split('"')[1]
        elif p == f"<{HKG}accreditationLevel>":
            levels[o.split('"')[1]] += 1
    org = max((s for s in labels if len(roles[s]) == 3), key=lambda s: (mentions[s], s))
    own = sorted(dates[f] for f in facts[org] if f in dates) or sorted(dates.values())
    median = own[len(own) // 2]
    year = collections.Counter(d[:4] for d in own).most_common(1)[0][0]
    return {"name": labels[org].split('"')[1], "year": year, "level": levels.most_common(1)[0][0],
            "date": median, "from": str(int(median[:4]) - 1), "to": median[:4]}


def make_dataset(size: int, template: Path | None = None, hub_graphs: int = 10) -> tuple[Path, dict[str, str]]:
    """An N-Quads file of about `size` quads (whole document graphs); returns it and the query parameters."""
    lines = source_quads(template)
    hubs = _hubs(lines, hub_graphs)
    params = probe_params(lines)
    path = OUT / f"quads-{size}-{len(lines)}-h{hub_graphs}.nq"
    if not path.exists():
        templates = [_template(line, hubs) for line in lines]
        tmp = path.with_suffix(".tmp")
        written = 0
        with tmp.open("w", encoding="utf-8") as f:
            for k in range(size // len(lines) + 1):
                suffix = f"-{k}" if k else ""
                last = None
                for t in templates:
                    graph = t.rsplit(" ", 2)[1]
                    if written >= size and graph != last:  # stop at a document boundary
                        break
                    f.write(t.replace("\x00", suffix) + "\n")
                    written += 1
                    last = graph
                if written >= size:
                    break
        tmp.rename(path)
    return path, params


def canned_queries(params: dict[str, str], rev: str | None = None, only: set[str] | None = None) -> dict[str, str]:
    """Every canned query (or those in `only`) without its parameters and with `params` (those it takes), as
    SPARQL; with `rev`, also the text at that git revision ("old …")."""
    from kg.query import _PARAM, bind_params, canned

    texts = {name: path.read_text(encoding="utf-8") for name, path in canned().items() if not only or name in only}
    out: dict[str, str] = {}
    for name, text in texts.items():
        versions = {"": text}
        if rev:
            old = subprocess.run(["git", "show", f"{rev}:ontology/queries/{name}.rq"], cwd=ROOT,
                                 capture_output=True, text=True)
            if old.returncode == 0:
                versions["old "] = old.stdout
        for tag, sparql in versions.items():
            takes = set(_PARAM.findall(sparql)) & set(params)
            required = {"name"} if "(required)" in sparql else set()
            out[f"{tag}{name}" + (f" ({', '.join(sorted(required))})" if required else "")] = bind_params(
                sparql, {k: params[k] for k in required})
            if takes - required:
                out[f"{tag}{name} ({', '.join(sorted(takes))})"] = bind_params(sparql, {k: params[k] for k in takes})
    return out


def queries(params: dict[str, str], canned_set: bool = False, rev: str | None = None,
            only: set[str] | None = None) -> dict[str, str]:
    if canned_set:
        return canned_queries(params, rev, only)
    probe = json.dumps(params["name"], ensure_ascii=False)
    leaders = (ROOT / "ontology" / "queries" / "leaders.rq").read_text(encoding="utf-8")
    partners = (ROOT / "ontology" / "queries" / "partners.rq").read_text(encoding="utf-8")
    return {
        "count all": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "label lookup": f'SELECT ?x WHERE {{ ?x <{RDFS}label> {probe}@zh }}',
        "GROUP BY class": "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
        "partners of one (canned)": partners.replace("$name", probe),
        "leaders, all (canned)": leaders,
    }


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _measure(run, q: str, conn) -> None:
    t, c = time.perf_counter(), _cpu()
    rows = run(q)
    conn.send((time.perf_counter() - t, rows, _cpu() - c))


def _timed(run, q: str, limit: float) -> tuple[float, int, float | None]:
    """Run one query in a forked copy of this process (the loaded store is shared copy-on-write), so a
    query that passes `limit` seconds can be killed (neither store can cancel a query); rows -1 = stopped.
    Returns seconds, rows and CPU seconds (None when stopped)."""
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe()
    proc = ctx.Process(target=_measure, args=(run, q, there))
    proc.start()
    answer = here.recv() if here.poll(limit) else (limit, -1, None)
    proc.kill()
    proc.join()
    return answer


class _Union:
    """A pyoxigraph store queried as `kg.store.GraphStore` queries it (the union of the named graphs)."""

    def __init__(self, store):
        self.store = store

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True)


def child(backend: str, path: Path, params: dict[str, str], query_limit: float, canned_set: bool = False,
          rev: str | None = None, only: set[str] | None = None) -> dict:
    t0, c0 = time.perf_counter(), _cpu()
    if backend.startswith("oxigraph"):
        import pyoxigraph as ox

        if backend == "oxigraph-store":  # an existing store, read-only
            store = ox.Store.read_only(str(path))
        elif backend == "oxigraph-disk":
            loc = OUT / "store-bench"
            shutil.rmtree(loc, ignore_errors=True)
            store = ox.Store(str(loc))
        else:
            store = ox.Store()
        if backend != "oxigraph-store":
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        size = len(store)

        def run(q: str) -> int:
            if canned_set:  # as `kg query` runs it (kg.query.run: its final ORDER BY in Python)
                from kg.query import run as kg_run

                return len(kg_run(_Union(store), q).rows)
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

    for name, q in queries(params, canned_set, rev, only).items():
        # first in a forked copy that can be killed at the limit; a query known to finish is then timed
        # here (a forked copy is slower for rdflib: reference counting touches copy-on-write pages)
        took, rows, cpu = _timed(run, q, query_limit)
        times, cpus = [took], [cpu]
        if rows >= 0 and took < 10:
            times, cpus = [], []
            for _ in range(3):
                t, c = time.perf_counter(), _cpu()
                rows = run(q)
                times.append(time.perf_counter() - t)
                cpus.append(_cpu() - c)
        out["queries"][name] = {"seconds": statistics.median(times), "rows": rows,
                                "cpu": None if cpus[0] is None else statistics.median(cpus)}
    out["rss_mb"] = _rss_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--backends", default=None,
                    help="default: oxigraph-memory,oxigraph-disk,rdflib-memory; with --canned oxigraph-disk")
    ap.add_argument("--rdflib-max", type=int, default=3_000_000, help="largest size tried with rdflib")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per (store, size) run")
    ap.add_argument("--query-limit", type=float, default=60, help="seconds before a query is stopped")
    ap.add_argument("--canned", action="store_true", help="time every canned query, without and with parameters")
    ap.add_argument("--compare-rev", help="with --canned: also time the canned queries of this git revision")
    ap.add_argument("--template", type=Path, help="store to replicate (default: a build of 3,000 corpus articles)")
    ap.add_argument("--hub-graphs", type=int, default=10, help="entities in this many documents stay shared")
    ap.add_argument("--store", type=Path, help="with --canned: an existing store (opened read-only), not --sizes")
    ap.add_argument("--only", help="with --canned: these canned queries only (comma-separated names)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        only = set(args.only.split(",")) if args.only else None
        print(json.dumps(child(args.child[0], Path(args.child[1]), json.loads(args.child[2]), args.query_limit,
                               args.canned, args.compare_rev, only)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    backends = (args.backends or ("oxigraph-disk" if args.canned else
                                  "oxigraph-memory,oxigraph-disk,rdflib-memory")).split(",")
    results: dict[tuple[str, int], dict | str] = {}
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.store:  # one existing store: its size stands for the first of --sizes in the table
        backends, sizes = ["oxigraph-store"], sizes[:1]
    for size in sizes:
        if args.store:
            path, params = args.store, probe_params(source_quads(args.template))
        else:
            path, params = make_dataset(size, args.template, args.hub_graphs)
        print(f"{path.name}: parameters {params}", file=sys.stderr)
        for backend in backends:
            if backend.startswith("rdflib") and size > args.rdflib_max:
                results[backend, size] = f"not run (> --rdflib-max {args.rdflib_max})"
                continue
            extra = (["--canned"] * args.canned + (["--compare-rev", args.compare_rev] if args.compare_rev else [])
                     + (["--only", args.only] if args.only else []))
            try:
                proc = subprocess.run([sys.executable, __file__, "--child", backend, str(path),
                                       json.dumps(params, ensure_ascii=False), "--query-limit", str(args.query_limit),
                                       *extra], capture_output=True, text=True, timeout=args.timeout, cwd=ROOT)
                results[backend, size] = (json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0
                                          else f"failed: {proc.stderr.strip().splitlines()[-1:]}")
            except subprocess.TimeoutExpired:
                results[backend, size] = f"did not finish in {args.timeout:.0f} s"
            print(f"{backend} {size}: {results[backend, size]}", file=sys.stderr)
    shutil.rmtree(OUT / "store-bench", ignore_errors=True)
    (OUT / f"bench-store{'-canned' if args.canned else ''}.json").write_text(
        json.dumps({f"{b} {s}": r for (b, s), r in results.items()}, ensure_ascii=False, indent=1))
    if args.canned:
        _canned_table(results, sizes, backends[0])
    else:
        _table(results, sizes, backends)


def _canned_table(results: dict, sizes: list[int], backend: str) -> None:
    """One row per canned query (and parameters), old and new text side by side at each size."""
    runs = [(s, results.get((backend, s))) for s in sizes]
    names = next((list(r["queries"]) for _, r in runs if isinstance(r, dict)), [])
    new = [n for n in names if not n.startswith("old ")]
    has_old = any(n.startswith("old ") for n in names)
    quads = {s: (r["quads"] if isinstance(r, dict) else s) for s, r in runs}  # an existing store: its own size
    heads = [f"{round(quads[s] / 1e6, 1):g} M {tag}".strip() for s in sizes
             for tag in (("old", "new") if has_old else ("",))]
    print(f"| {backend}: query (parameters) | " + " | ".join(heads) + " |")
    print("| --- " * (len(heads) + 1) + "|")
    for r in (r for _, r in runs if isinstance(r, dict)):
        print(f"| quads loaded, load | {r['quads']:,}, {r['load']:.0f} s |")
    for n in new:
        cells = []
        for _, r in runs:
            for key in (("old " + n, n) if has_old else (n,)):
                q = r["queries"].get(key) if isinstance(r, dict) else None
                cells.append(_latency(q, q["rows"]) if q else (r if isinstance(r, str) else "–"))
        print(f"| {n} | " + " | ".join(cells) + " |")


def _latency(q: dict, rows: int) -> str:
    if rows < 0:
        return f"stopped after {q['seconds']:.0f} s"
    s, cpu = q["seconds"], q.get("cpu")
    took = f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.1f} s"
    if cpu is not None and s >= 1:
        took += f", {cpu:.1f} CPU s"
    return took + f" ({rows} rows)"


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
