"""Benchmark the default page (graph.html) of a big store: the full path vs selecting in the store.

The store is the real graph of a build of the seeds, the blind set and the shared dev articles, replicated
until it has the wanted size: copy k renames every instance IRI (…/id/…-k) in its own named graphs, except
the concepts and one organization in `HUB_EVERY`, which stay the same in every copy (hubs: the hospitals
many articles name), so the degrees are skewed as in a real corpus.  Each (size, path) runs in its own
child process, so its peak RSS is its own, with a time bound:

- full: `kg.build.document_union` (an rdflib copy of every document graph) -> `render_view` (the old path);
- store: `kg.views.store_select.store_view` (SPARQL selection, quads of the page's nodes only).

    python bench/bench_view_store.py [--sizes 300000,1000000] [--paths full,store] [--timeout 1200]

Prints a markdown table: triples, path, seconds, peak RSS MB, nodes and edges of the page.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SOURCES = [ROOT / "seeds", ROOT / "tests" / "blind", ROOT.parent / "shared" / "corpus" / "dev"]
HUB_EVERY = 40
_ID = re.compile(r"<(https://w3id\.org/hospital-kg/id/[^>]*)>")


def source_lines() -> list[str]:
    """The N-Quads of a build of the sources (built once into bench/out/view-src)."""
    src = OUT / "view-src.nq"
    if not src.exists():
        import pyoxigraph as ox

        from kg.build import build

        out = OUT / "view-src"
        shutil.rmtree(out, ignore_errors=True)
        build([p for p in SOURCES if p.is_dir()], out, progress=False, view=False)
        store = ox.Store.read_only(str(out / "store"))
        src.write_bytes(ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS))
    return [line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_store(size: int) -> Path:
    """A store of about `size` quads under bench/out/view-store-SIZE (made once)."""
    path = OUT / f"view-store-{size}"
    if (path / "done").exists():
        return path
    import pyoxigraph as ox

    lines = source_lines()
    orgs = sorted({m for line in lines for m in _ID.findall(line) if "/id/org/" in m})
    hubs = set(orgs[::HUB_EVERY])  # and the concepts and stages, shared as in a real build
    hubs |= {m for line in lines for m in _ID.findall(line) if re.search(r"/id/(role|centre-type|partnership-kind|"
                                                                         r"stage)/", m)}

    def rename(m: re.Match, k: int) -> str:
        iri = m.group(1)
        return f"<{iri}>" if iri in hubs else f"<{iri}-{k}>"

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    nq = path / "quads.nq"
    copies = max(1, size // len(lines))
    with nq.open("w", encoding="utf-8") as f:
        for k in range(copies):
            f.write("\n".join(_ID.sub(lambda m, k=k: rename(m, k), line) for line in lines))
            f.write("\n")
    store = ox.Store(str(path / "store"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()  # compacted as a build leaves it, so the first read-only open measures no replay
    del store
    nq.unlink()
    (path / "done").write_text(str(copies))
    return path


def run_one(store_dir: Path, which: str) -> dict:
    """One page in this process: seconds, peak RSS, page size (called in a child process)."""
    from kg.build import document_union
    from kg.store import GraphStore
    from kg.views import render_view
    from kg.views.store_select import store_view

    store = GraphStore(store_dir / "store", read_only=True)
    page = store_dir / f"graph-{which}.html"
    t0 = time.perf_counter()
    if which == "full":
        result = render_view(document_union(store), page)
    else:
        result = store_view(store.oxigraph, page)
    seconds = time.perf_counter() - t0
    data = re.search(r'id="kg-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S).group(1)
    nodes = sorted(n["iri"] for n in json.loads(data)["nodes"])
    return {"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "nodes": result.nodes, "edges": result.edges, "triples": len(store), "node_iris": nodes}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300000,1000000")
    ap.add_argument("--paths", default="full,store")
    ap.add_argument("--timeout", type=float, default=1200.0)
    ap.add_argument("--child", nargs=2, metavar=("STORE_DIR", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_one(Path(args.child[0]), args.child[1])))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        store_dir = make_store(size)
        pages = {}
        for which in args.paths.split(","):
            try:
                done = subprocess.run([sys.executable, __file__, "--child", str(store_dir), which], check=True,
                                      capture_output=True, text=True, timeout=args.timeout)
                r = json.loads(done.stdout.splitlines()[-1])
                pages[which] = r.pop("node_iris")
                rows.append(f"| {r['triples']:,} | {which} | {r['seconds']:.1f} | {r['rss_mb']:.0f} | {r['nodes']} | "
                            f"{r['edges']} |")
            except subprocess.TimeoutExpired:
                rows.append(f"| ~{size:,} | {which} | > {args.timeout:.0f} (stopped) | - | - | - |")
            except subprocess.CalledProcessError as e:
                rows.append(f"| ~{size:,} | {which} | failed: {e.stderr.strip().splitlines()[-1][:60]} | - | - | - |")
            print(rows[-1], file=sys.stderr, flush=True)
        if len(pages) == 2:
            same = "the same" if len(set(map(tuple, pages.values()))) == 1 else "DIFFERENT"
            print(f"~{size:,} quads: the two pages show {same} nodes", file=sys.stderr, flush=True)
    print("| triples | path | seconds | peak RSS MB | nodes | edges |")
    print("|---:|---|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
