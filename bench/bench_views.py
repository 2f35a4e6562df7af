"""Benchmark graph views: seconds to write the page and to a stable, clickable page in headless chromium.

A synthetic graph in the project vocabulary with the shape of a real build (hospitals with centres,
initiatives and leaders, partnerships among hospitals, one document per hospital) is made at each size;
then, per size:

- project: RDF -> networkx projection (`kg.views.project`);
- write: selection, layout (networkx/k-d tree above `PHYSICS_UP_TO` nodes) and the HTML (`render_view`);
- ready: chromium opens the file until the page says it is drawn and stable (`body[data-ready]`);
- click: a click on the most connected node until its evidence panel shows.

    python bench/bench_views.py [--sizes 100,1000,5000] [--layout auto|physics|networkx] [--timeout 120]

Prints a markdown table.  Needs Debian chromium and the playwright Python package (no downloaded browser).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.views import project, render_view
from kg.vocab import DCTERMS, HKG, ID, ORG, PROV, RDF, RDFS, SDO, SKOS

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KINDS = ["医联体", "医共体", "托管", "远程会诊", "对口支援", "专科联盟"]
CENTRES = ["胸痛中心", "卒中中心", "创伤中心", "肿瘤中心", "内镜中心"]


def synthetic(nodes: int, seed: int = 1) -> Graph:
    """About `nodes` nodes: per hospital 1 document, 2 centres, 2 initiatives, 1 leader; ~1.5 partners each."""
    rng = random.Random(seed)
    g = Graph()
    hospitals = max(2, nodes // 7)
    for k in KINDS:
        g.add((ID[f"kind/{k}"], SKOS.prefLabel, Literal(k, lang="zh")))
    n_fact = 0

    def fact(cls: URIRef, doc: URIRef, sentence: str) -> URIRef:
        nonlocal n_fact
        n_fact += 1
        f, ev = ID[f"fact/{n_fact}"], ID[f"evidence/{n_fact}"]
        g.add((f, RDF.type, cls))
        g.add((f, HKG.evidence, ev))
        g.add((ev, HKG.sentenceText, Literal(sentence, lang="zh")))
        g.add((ev, PROV.wasDerivedFrom, doc))
        return f

    for h in range(hospitals):
        hosp, doc, person = ID[f"h/{h}"], ID[f"doc/{h}"], ID[f"p/{h}"]
        name = f"第{h}人民医院"
        g.add((hosp, RDF.type, HKG.Hospital))
        g.add((hosp, RDFS.label, Literal(name, lang="zh")))
        g.add((doc, RDF.type, SDO.NewsArticle))
        g.add((doc, DCTERMS.title, Literal(f"{name}新闻", lang="zh")))
        g.add((doc, HKG.fileName, Literal(f"{h:05d}.txt")))
        g.add((doc, SDO.about, hosp))
        g.add((person, RDF.type, SDO.Person))
        g.add((person, RDFS.label, Literal(f"人员{h}", lang="zh")))
        f = fact(HKG.PostHolding, doc, f"{name}院长人员{h}出席会议。")
        g.add((f, ORG.member, person))
        g.add((f, ORG.organization, hosp))
        g.add((f, HKG.roleLabel, Literal("院长", lang="zh")))
        for j in range(2):
            c = ID[f"c/{h}/{j}"]
            g.add((c, RDF.type, HKG.ClinicalCentre))
            g.add((c, RDFS.label, Literal(CENTRES[(h + j) % len(CENTRES)], lang="zh")))
            f = fact(HKG.CentreFact, doc, f"{name}建成{CENTRES[(h + j) % len(CENTRES)]}。")
            g.add((f, HKG.institution, hosp))
            g.add((f, HKG.centre, c))
            i = ID[f"i/{h}/{j}"]
            g.add((i, RDF.type, HKG.Initiative))
            g.add((i, RDFS.label, Literal(f"举措{h}-{j}", lang="zh")))
            f = fact(HKG.InitiativeFact, doc, f"{name}开展举措{h}-{j}。")
            g.add((f, HKG.institution, hosp))
            g.add((f, HKG.initiative, i))
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            other = rng.randrange(hospitals)
            if other != h:
                f = fact(HKG.Partnership, doc, f"{name}与第{other}人民医院签约。")
                g.add((f, HKG.partner, hosp))
                g.add((f, HKG.partner, ID[f"h/{other}"]))
                g.add((f, HKG.partnershipKind, ID[f"kind/{rng.choice(KINDS)}"]))
    return g


def in_browser(ctx, path: Path, timeout: float) -> tuple[float, float]:
    page = ctx.new_page()
    url = path.resolve().as_uri()
    page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=timeout * 1000)
    ready = time.perf_counter() - t0
    hub = page.evaluate("""() => { const d = JSON.parse(document.getElementById('kg-data').textContent);
        return d.nodes.reduce((a, b) => b.degree > a.degree ? b : a); }""")
    box = page.locator("#kg-network").bounding_box()
    pos = page.evaluate("(id) => window.kgNodeAt(id)", hub["id"])
    t1 = time.perf_counter()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    # the panel shows a node (the hub, or a node drawn over it in a dense layout)
    page.wait_for_function("() => document.querySelector('#kg-details h2') !== null", timeout=timeout * 1000)
    click = time.perf_counter() - t1
    page.close()
    return ready, click


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--layout", default="auto", choices=["auto", "physics", "networkx"])
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a page may take to become stable")
    args = ap.parse_args()
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("no chromium on PATH: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(Path(tmp) / "profile"), executable_path=exe, headless=True,
                                                   args=ARGS, viewport={"width": 1400, "height": 900})
        render_view(synthetic(30), Path(tmp) / "warm.html", layout="networkx")  # imports, vis-network read once
        for size in (int(s) for s in args.sizes.split(",")):
            rdf = synthetic(size)
            t0 = time.perf_counter()
            G = project(rdf)
            t_project = time.perf_counter() - t0
            t0 = time.perf_counter()
            res = render_view(G, Path(tmp) / f"v{size}.html", layout=args.layout, max_nodes=max(size * 2, 2000))
            t_write = time.perf_counter() - t0
            mb = res.path.stat().st_size / 2**20
            try:
                ready, click = in_browser(ctx, res.path, args.timeout)
                shown = f"{ready:.2f} | {click:.2f}"
            except Exception as e:  # noqa: BLE001 - a timeout is a result here
                shown = f"failed in {args.timeout:.0f} s: {str(e).splitlines()[0][:60]} | -"
            rows.append(f"| {res.nodes} | {res.edges} | {args.layout} | {t_project:.2f} | {t_write:.2f} | {mb:.1f} | "
                        f"{shown} |")
            print(rows[-1], file=sys.stderr, flush=True)
        ctx.close()
    print("| nodes | edges | layout | project s | write s | page MB | ready s | click s |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
