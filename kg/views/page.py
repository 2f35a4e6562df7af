"""One self-contained HTML page per view: vis-network (from the installed pyvis package) and the data inlined.

Nothing is loaded from the network: the scripts and styles are inline, a Content-Security-Policy forbids
any fetch, and only the page's own scripts (by hash) may run.  Text from documents reaches the page
only as escaped HTML text or as JSON inside `<script type="application/json">` with `<`, `>`, `&`,
U+2028 and U+2029 escaped, and the page script puts it into the DOM with `textContent`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import ViewError
from kg.views.project import NodeType, Relation

VIS_VERSION = "9.1.2"


@dataclass(frozen=True)
class Style:
    name: str  # legend text
    color: str
    border: str
    shape: str  # a vis-network shape whose label is drawn below it (so size by degree shows)


STYLES: dict[NodeType, Style] = {
    NodeType.HOSPITAL: Style("医疗机构 hospital", "#e15759", "#a83234", "dot"),
    NodeType.ORGANIZATION: Style("其他机构 organization", "#4e79a7", "#2f4b6b", "diamond"),
    NodeType.PERSON: Style("人物 person", "#59a14f", "#3a6b33", "triangle"),
    NodeType.CENTRE: Style("临床中心 centre", "#f28e2b", "#a65f17", "square"),
    NodeType.INITIATIVE: Style("举措 initiative", "#b07aa1", "#76506b", "hexagon"),
    NodeType.DOCUMENT: Style("报道 document", "#bab0ac", "#7d7471", "triangleDown"),
}

RELATION_COLORS: dict[str, str] = {
    Relation.POST: "#59a14f",
    Relation.CENTRE: "#f28e2b",
    Relation.PARTNER: "#e15759",
    Relation.INITIATIVE: "#b07aa1",
    Relation.ABOUT: "#bab0ac",
    Relation.MENTION: "#d5d0cd",
    Relation.OTHER: "#999999",
}
RELATION_NAMES: dict[str, str] = {
    Relation.POST: "任职 post", Relation.CENTRE: "中心 centre", Relation.PARTNER: "合作 partnership",
    Relation.INITIATIVE: "举措 initiative", Relation.ABOUT: "报道 about", Relation.MENTION: "提及 mentions",
    Relation.OTHER: "其他 other",
}

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """JSON that is safe inside a `<script>` element: no `</script>`, `<!--`, or JS line separators survive."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


@cache
def _asset(name: str) -> str:
    return resources.files("kg.views").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def _vis(kind: str) -> str:
    """vis-network's minified JS or CSS as shipped inside the installed pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    folder = lib / f"vis-{VIS_VERSION}"
    if not folder.is_dir():  # another pyvis release: the newest vis-network it ships
        folder = max(lib.glob("vis-*"), key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
                     default=folder)
    path = folder / ("vis-network.css" if kind == "css" else "vis-network.min.js")
    if not path.exists():
        raise ViewError(f"vis-network is missing from the pyvis package ({path}); "
                        "reinstall it: pip install 'pyvis>=0.3.2'")
    text = path.read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.I):
        raise ViewError(f"{path} cannot be inlined (it contains a closing tag)")
    return text


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _node_size(degree: int) -> float:
    return round(9 + 5 * degree**0.5, 1) if degree < 400 else 109.0


def page_data(G: nx.MultiDiGraph, positions: dict[str, tuple[float, float]] | None, *, edge_labels: bool,
              smooth: bool, physics: bool) -> dict:
    """The JSON the page script draws (node ids are small integers; IRIs stay in `iri`)."""
    ids = {n: i for i, n in enumerate(sorted(G, key=str))}
    nodes = []
    for n, i in ids.items():
        d = G.nodes[n]
        degree = G.degree(n)
        item = {"id": i, "label": d.get("label", n), "type": d.get("type", NodeType.ORGANIZATION.value),
                "iri": d.get("iri", n), "aliases": list(d.get("aliases", ())), "degree": degree,
                "docs": list(d.get("docs", ()))[:20],
                "size": _node_size(degree)}
        if positions and n in positions:
            item["x"], item["y"] = round(positions[n][0], 1), round(positions[n][1], 1)
        nodes.append(item)
    edges = []
    for j, (a, b, data) in enumerate(sorted(G.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]["label"]))):
        edges.append({"id": j, "from": ids[a], "to": ids[b], "label": data.get("label", ""),
                      "relation": data.get("relation", Relation.OTHER.value), "directed": bool(data.get("directed")),
                      "status": data.get("status"),
                      "evidence": [{k: v for k, v in ev.items() if v is not None and k in
                                    ("text", "doc", "date", "asOf", "status", "stage")}
                                   for ev in data.get("evidence", ())]})
    used = {ev["doc"] for e in edges for ev in e["evidence"] if ev.get("doc")}
    used.update(doc for n in nodes for doc in n["docs"])
    docs = {k: v for k, v in sorted(G.graph.get("documents", {}).items()) if k in used}
    return {
        "nodes": nodes, "edges": edges, "documents": docs,
        "types": {t.value: {"name": s.name, "color": s.color, "border": s.border, "shape": s.shape}
                  for t, s in STYLES.items()},
        "relations": {str(k): v for k, v in RELATION_COLORS.items()},
        "options": {"physics": physics, "edgeLabels": edge_labels, "smooth": smooth,
                    "nodeFont": 14 if len(nodes) <= 300 else 12},
    }


_SVG_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
}


def legend_html(G: nx.MultiDiGraph) -> str:
    """The legend: a swatch and a count per node type, and the edge colours (all text escaped)."""
    counts: dict[str, int] = {}
    for _, t in G.nodes(data="type"):
        counts[t] = counts.get(t, 0) + 1
    rows = []
    for t, s in STYLES.items():
        svg = (f'<svg width="16" height="16" viewBox="0 0 16 16" fill="{s.color}" stroke="{s.border}">'
               f"{_SVG_SHAPES[s.shape]}</svg>")
        rows.append(f'<li data-type="{html.escape(t.value)}">{svg}<span>{html.escape(s.name)}</span>'
                    f' <span class="count">{counts.get(t.value, 0)}</span></li>')
    rels = sorted({d.get("relation", Relation.OTHER.value) for _, _, d in G.edges(data=True)})
    edge_bits = " · ".join(f'<span style="color:{RELATION_COLORS.get(r, "#999")}">━</span> '
                           f"{html.escape(RELATION_NAMES.get(r, r))}" for r in rels)
    return ("<h2>图例 legend</h2><ul>" + "".join(rows) + "</ul>"
            + (f'<p class="edges">{edge_bits}</p>' if edge_bits else "")
            + '<p class="edges">节点大小＝关系数 size = degree · <span class="dash"></span>'
            " 原/计划 former or planned</p>")


def render_page(G: nx.MultiDiGraph, *, title: str, positions: dict[str, tuple[float, float]] | None = None,
                physics: bool = True, edge_labels: bool = True, smooth: bool = True, banner: str | None = None,
                summary: str | None = None) -> str:
    """The complete HTML text of a view of `G`."""
    vis_js, page_js = _vis("js"), _asset("page.js")
    vis_css, page_css = _vis("css"), _asset("page.css")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    data = page_data(G, positions, edge_labels=edge_labels, smooth=smooth, physics=physics)
    summary = summary or f"{G.number_of_nodes()} nodes · {G.number_of_edges()} edges"
    parts = {
        "CSP": html.escape(csp),
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(summary),
        "BANNER": f'<div class="banner" role="status">{html.escape(banner)}</div>' if banner else "",
        "LEGEND": legend_html(G),
        "DATA": script_json(data),
        "VIS_CSS": vis_css,
        "PAGE_CSS": page_css,
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
    }
    # one pass, so nothing inserted is scanned again for markers
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("page.html"))
