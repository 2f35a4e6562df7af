"""Positions for big views, computed before the page is written (the browser then draws with physics off).

networkx splits the graph into connected components and lays out the small ones (`spring_layout`); the
big ones get a Fruchterman-Reingold layout whose repulsion only acts within a cut-off radius (found with
a k-d tree), so one iteration costs O(n log n) instead of networkx's O(n^2) (5,000 nodes: ~50 s in
networkx's spring_layout, about a second here).  Components are packed in rows, biggest first.
Deterministic: the same graph gives the same positions.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

SMALL_COMPONENT = 60  # up to this many nodes, networkx's spring_layout is quick enough


def _spring(H: nx.Graph, seed: int) -> np.ndarray:
    """networkx's layout of a small component, scaled so that an edge is about one unit long."""
    nodes = list(H)
    if len(nodes) == 1:
        return np.zeros((1, 2))
    pos = nx.spring_layout(H, seed=seed, k=1.0, iterations=80)
    return np.array([pos[n] for n in nodes]) * math.sqrt(len(nodes))


def _scatter(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Row sums of `values` grouped by `index` (an n x 2 array; much faster than np.add.at)."""
    return np.stack([np.bincount(index, weights=values[:, 0], minlength=n),
                     np.bincount(index, weights=values[:, 1], minlength=n)], axis=1)


def _force(H: nx.Graph, seed: int, iterations: int = 90) -> np.ndarray:
    """Fruchterman-Reingold with cut-off repulsion (ideal edge length 1)."""
    nodes = list(H)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in H.edges() if a != b], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(n) * 1.5
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    # start from breadth-first rings around the most connected node: fewer folded stars than random
    hub = max(H.degree, key=lambda x: (x[1], str(x[0])))[0]
    for depth, layer in enumerate(nx.bfs_layers(H, [hub])):
        for j, v in enumerate(sorted(layer, key=str)):
            angle = 2 * math.pi * (j + rng.uniform(0, 0.5)) / max(len(layer), 1)
            r = depth * side / 8 + rng.uniform(0, 0.5)
            pos[index[v]] = (r * math.cos(angle), r * math.sin(angle))
    temperature = side / 6
    cutoff = 3.0
    for it in range(iterations):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            delta = pos[i] - pos[j]
            dist = np.maximum(np.sqrt(np.einsum("ij,ij->i", delta, delta)), 0.01)
            push = delta * (2.0 / (dist * dist))[:, None]  # repulsion 2/d
            disp += _scatter(i, push, n) - _scatter(j, push, n)
        if len(edges):
            a, b = edges[:, 0], edges[:, 1]
            delta = pos[a] - pos[b]
            dist = np.maximum(np.sqrt(np.einsum("ij,ij->i", delta, delta)), 0.01)
            pull = delta * dist[:, None]
            disp += _scatter(b, pull, n) - _scatter(a, pull, n)
        disp -= 0.01 * (pos - pos.mean(axis=0))  # gravity keeps stray leaves near
        length = np.maximum(np.sqrt(np.einsum("ij,ij->i", disp, disp)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature * 0.95, 0.05 if it < iterations - 10 else 0.02)
    return pos


def _pack(blocks: list[np.ndarray], gap: float = 2.0) -> list[np.ndarray]:
    """Shelf-pack component layouts (each moved so its box starts at 0,0), biggest first, in rows."""
    boxes = [(b - b.min(axis=0)) for b in blocks]
    total = sum((b[:, 0].max() + gap) * (b[:, 1].max() + gap) for b in boxes)
    width = max(math.sqrt(total) * 1.2, max(b[:, 0].max() for b in boxes) + gap)
    out, x, y, row = [], 0.0, 0.0, 0.0
    for b in boxes:
        w, h = b[:, 0].max() + gap, b[:, 1].max() + gap
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        out.append(b + (x, y))
        x, row = x + w, max(row, h)
    return out


def compute_positions(G: nx.Graph, *, scale: float = 90.0, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node -> (x, y) in page pixels, for any networkx graph (directions and parallel edges are ignored)."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G, key=str))
    H.add_edges_from(sorted({(a, b) if str(a) < str(b) else (b, a) for a, b in G.edges() if a != b}, key=str))
    if H.number_of_nodes() == 0:
        return {}
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    blocks, order = [], []
    for comp in comps:
        sub = nx.Graph()  # not H.subgraph: its nodes come in set order, which changes from run to run
        sub.add_nodes_from(comp)
        sub.add_edges_from((a, b) for a, b in H.edges(comp) if a != b)
        blocks.append(_spring(sub, seed) if len(comp) <= SMALL_COMPONENT else _force(sub, seed))
        order.append(list(sub))
    placed = _pack(blocks)
    centre = np.vstack(placed).mean(axis=0)
    return {n: (float((p[0] - centre[0]) * scale), float((p[1] - centre[1]) * scale))
            for nodes, block in zip(order, placed, strict=True) for n, p in zip(nodes, block, strict=True)}
