"""Headless Debian chromium driven by Playwright (its Python package only: no downloaded browser).

`browser_context` skips (with the reason) when no chromium or no playwright can be had; `open_view`
loads a page while recording every request (anything but the page itself is aborted), console errors,
page errors and dialogs, and waits until the page says it is drawn and stable.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    for name in (os.environ.get("KG_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (path := shutil.which(name)):
            return path
    return None


@dataclass
class Loaded:
    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


def browser_context(tmp_dir: Path):
    """A generator yielding a Playwright persistent context on a fresh user-data-dir (for a fixture)."""
    exe = find_chromium()
    if exe is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium; .ci/run does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is missing: pip install -e '.[test]'")
    with sync_playwright() as p:
        try:
            ctx = p.chromium.launch_persistent_context(str(tmp_dir), executable_path=exe, headless=True,
                                                       args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
        except Exception as e:  # noqa: BLE001 - any launch failure means: no browser here
            pytest.skip(f"chromium at {exe} does not start: {str(e).splitlines()[0]}")
        yield ctx
        ctx.close()


def open_view(ctx, path: Path, timeout_ms: int = 60_000) -> Loaded:
    page = ctx.new_page()
    url = path.resolve().as_uri()
    loaded = Loaded(page, url)
    page.on("request", lambda r: loaded.requests.append(r.url))
    page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.errors.append(str(e)))

    def dialog(d) -> None:
        loaded.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=timeout_ms)
    return loaded


def drawn_pixels(page) -> tuple[int, int]:
    """(pixels drawn on the network canvas, all pixels)."""
    return tuple(page.evaluate("""() => {
        const c = document.querySelector('#kg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }
        return [n, c.width * c.height];
    }"""))


def node_id(page, label: str) -> int:
    return page.evaluate("""(label) => JSON.parse(document.getElementById('kg-data').textContent)
        .nodes.find(n => n.label === label).id""", label)


def click_node(page, nid: int) -> None:
    box = page.locator("#kg-network").bounding_box()
    pos = page.evaluate("(id) => window.kgNodeAt(id)", nid)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def click_edge(page, eid: int) -> None:
    """Click the middle of an edge (vis-network 9's own point-on-edge, so curves are followed)."""
    box = page.locator("#kg-network").bounding_box()
    pos = page.evaluate("""(id) => {
        const e = window.kgNetwork.body.edges[id];
        return window.kgNetwork.canvasToDOM(e.edgeType.getPoint(0.5));
    }""", eid)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
