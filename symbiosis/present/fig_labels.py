"""Labels of the network map, kept clear of the links, the nodes and one another.

Greedy placement: each node's label tries spots around it, starting on the side away
from the map's centre (where the plants crowd), at growing distances; a spot is scored
by how much it covers other labels, nodes, fixed texts and the links as drawn (the
quadratic curves of ``arc3``, sampled), and by its distance. Labels are drawn last,
above the links, in a white halo; a leader line joins a label placed far from its node.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib import patheffects
from matplotlib.figure import Figure

from symbiosis.present.fig_style import INK, MUTED, short_names, wrap

HALO = [patheffects.withStroke(linewidth=2.6, foreground="white")]
RADII = (8, 14, 22, 32, 44, 58, 74)
SPOTS = 16


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def link_boxes(ax: Any, fig: Figure, curves: list) -> list[tuple[float, float, float, float]]:
    """Small boxes along every drawn link (display units): the arc3 curve from a to b with
    its control point at the chord's middle moved by rad·(dy, −dx)."""
    boxes = []
    for pa, pb, rad, width in curves:
        (x1, y1), (x2, y2) = ax.transData.transform(pa), ax.transData.transform(pb)
        cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
        half = width * fig.dpi / 72 / 2 + 1.5
        n = max(8, int(math.hypot(x2 - x1, y2 - y1) / 6))
        for i in range(1, n):
            t = i / n
            px = (1 - t) ** 2 * x1 + 2 * t * (1 - t) * cx + t * t * x2
            py = (1 - t) ** 2 * y1 + 2 * t * (1 - t) * cy + t * t * y2
            boxes.append((px - half, py - half, px + half, py + half))
    return boxes


def place_labels(fig: Figure, ax: Any, result: Any, lang: str, lay: dict, kind: dict,
                 fixed: list, curves: list) -> None:
    model = result.model
    names = short_names({**(model.get("tenants") or {}), **(model.get("partners") or {})}, lang)
    pos, (cx, cy) = lay["pos"], lay["centre"]
    renderer = fig.canvas.get_renderer()
    nodes = []
    for p in pos.values():
        dx, dy = ax.transData.transform(p)
        nodes.append((dx - 8, dy - 8, dx + 8, dy + 8))
    for artist in fixed:
        bb = artist.get_window_extent(renderer)
        nodes.append((bb.x0, bb.y0, bb.x1, bb.y1))
    lines = link_boxes(ax, fig, curves)
    axbox = ax.get_window_extent(renderer)
    placed: list[tuple[float, float, float, float]] = []
    # partners first (their side is given), then tenants from the outside in
    order = sorted(pos, key=lambda k: (kind.get(k) != "partner",
                                       -math.hypot(pos[k][0] - cx, pos[k][1] - cy)))
    for k in order:
        x, y = pos[k]
        text = wrap(names.get(k, k), 22, 3)
        if kind.get(k) == "partner":
            d = lay["distance_km"].get(k)
            if d:
                text += f"\n≈ {d:,.0f} km".replace(",", "." if lang == "vi" else ",")
        home = math.atan2(y - cy, x - cx) if (x, y) != (cx, cy) else math.pi / 2
        best = None
        for r in RADII:
            for i in range(SPOTS):
                a = home + (i + 1) // 2 * (1 if i % 2 else -1) * 2 * math.pi / SPOTS
                dx, dy = r * math.cos(a), r * math.sin(a)
                ha = "left" if dx > 0.3 * r else "right" if dx < -0.3 * r else "center"
                va = "bottom" if dy > 0.3 * r else "top" if dy < -0.3 * r else "center"
                t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                                ha=ha, va=va, fontsize=7, color=INK, zorder=9,
                                linespacing=1.05, path_effects=HALO)
                bb = t.get_window_extent(renderer)
                box = (bb.x0 - 2, bb.y0 - 2, bb.x1 + 2, bb.y1 + 2)
                score = (6 * sum(_overlap(box, o) for o in placed)
                         + 6 * sum(_overlap(box, o) for o in nodes)
                         + 4 * sum(_overlap(box, o) for o in lines))
                score += 1e4 * (max(0, axbox.x0 - box[0]) + max(0, box[2] - axbox.x1)
                                + max(0, axbox.y0 - box[1]) + max(0, box[3] - axbox.y1))
                score += 1.5 * r + 2 * abs((a - home + math.pi) % (2 * math.pi) - math.pi)
                if best is None or score < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (score, t, box, r)
                else:
                    t.remove()
            if best[0] <= 1.5 * r + 8:  # clear of everything: no need to go further out
                break
        _, t, box, r = best
        placed.append(box)
        if r > 14:
            ax.annotate("", (x, y), xytext=(t.xyann[0], t.xyann[1]), textcoords="offset points",
                        arrowprops=dict(arrowstyle="-", color=MUTED, lw=0.5, shrinkA=0,
                                        shrinkB=5), zorder=8)
