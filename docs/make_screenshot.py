"""Make docs/seeds-view.png: `kg build seeds`, open its graph.html in headless chromium, click the most
connected hospital so the evidence panel shows, and take a screenshot.

    python docs/make_screenshot.py [--out docs/seeds-view.png] [--width 1600 --height 1000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "seeds-view.png"))
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args()
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("no chromium on PATH: apt-get install chromium fonts-wqy-zenhei")
    from playwright.sync_api import sync_playwright

    from kg.build import build

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        build([ROOT / "seeds"], Path(tmp) / "out", progress=False)
        page_file = Path(tmp) / "out" / "graph.html"
        ctx = p.chromium.launch_persistent_context(str(Path(tmp) / "profile"), executable_path=exe, headless=True,
                                                   args=ARGS, viewport={"width": args.width, "height": args.height})
        page = ctx.new_page()
        url = page_file.as_uri()
        page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        hub = page.evaluate("""() => JSON.parse(document.getElementById('kg-data').textContent).nodes
            .filter(n => n.type === 'hospital').reduce((a, b) => b.degree > a.degree ? b : a)""")
        box = page.locator("#kg-network").bounding_box()
        pos = page.evaluate("(id) => window.kgNodeAt(id)", hub["id"])
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        page.wait_for_selector("#kg-details h2")
        page.screenshot(path=args.out)
        ctx.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
