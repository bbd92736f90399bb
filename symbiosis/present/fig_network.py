"""Network map of the park: plants at their coordinates, links by resource and flow.

Local projection in km around the plants' mean latitude (x = Δlon·cos lat0, y = Δlat).
External partners sit on a ring outside the plants' bounding box, in the direction of
their real location (direction only, not to scale); a partner without a location takes
the middle of the widest free arc. Links through a processing facility are drawn
supplier → facility → receiver; flows of several links along one leg are summed.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import ArrowStyle, Circle, FancyArrowPatch, FancyBboxPatch

from symbiosis.present.fig_labels import place_labels
from symbiosis.present.fig_style import (FAINT, INK, MUTED, amount, canon, colour_of, footnote,
                                         full_name, header, labels, new_figure, nice,
                                         resource_colours, style, wrap)

KM_LAT = 110.57
KM_LON = 111.32
MIN_FLOW = 1e-3
W_MIN, W_MAX = 0.8, 6.5  # points


def _width(flow: float, top: float) -> float:
    return W_MIN + (W_MAX - W_MIN) * (flow / top if top > 0 else 0.0)


def layout(model: dict[str, Any]) -> dict[str, Any]:
    """Positions (km) of tenants and partners, the ring, and partners' real distances."""
    tenants = model.get("tenants", {}) or {}
    partners = model.get("partners", {}) or {}
    located = {k: v["location"] for k, v in tenants.items() if (v or {}).get("location")}
    park_loc = (model.get("park", {}) or {}).get("location") or {}
    if located:
        lat0 = sum(v["lat"] for v in located.values()) / len(located)
        lon0 = sum(v["lon"] for v in located.values()) / len(located)
    else:
        lat0, lon0 = park_loc.get("lat", 0.0), park_loc.get("lon", 0.0)
    c = math.cos(math.radians(lat0))

    def proj(loc: dict[str, float]) -> tuple[float, float]:
        return ((loc["lon"] - lon0) * c * KM_LON, (loc["lat"] - lat0) * KM_LAT)

    pos = {k: proj(v) for k, v in located.items()}
    missing = [k for k in tenants if k not in pos]
    if not pos:  # no coordinates at all: a circle, in model order
        for i, k in enumerate(missing):
            a = 2 * math.pi * i / max(1, len(missing))
            pos[k] = (math.cos(a), math.sin(a))
        missing = []
    pos = _separate(pos, 0.24)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    side = max(x1 - x0, y1 - y0, 0.5)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x0, x1 = min(x0, cx - side / 4), max(x1, cx + side / 4)
    y0, y1 = min(y0, cy - side / 4), max(y1, cy + side / 4)
    for i, k in enumerate(missing):  # unlocated tenants: a row under the others
        pos[k] = (x0 + (x1 - x0) * (i + 1) / (len(missing) + 1), y0 - 0.12 * side)
    if missing:
        y0 -= 0.12 * side
    radius = 0.5 * math.hypot(x1 - x0, y1 - y0) * 1.2
    angles, dist = {}, {}
    for k, p in partners.items():
        loc = (p or {}).get("location")
        if loc:
            px, py = proj(loc)
            angles[k] = math.atan2(py - cy, px - cx)
            dist[k] = math.hypot(px - cx, py - cy)
    for k in partners:
        if k not in angles:
            angles[k] = _free_angle(list(angles.values()))
            dist[k] = None
    angles = _spread(angles, math.radians(min(32.0, 300.0 / max(1, len(angles)))))
    for k, a in angles.items():
        pos[k] = (cx + radius * math.cos(a), cy + radius * math.sin(a))
    return {"pos": pos, "bbox": (x0, x1, y0, y1), "centre": (cx, cy), "radius": radius,
            "located": bool(located),
            "angles": angles, "distance_km": dist}


def _separate(pos: dict[str, tuple[float, float]], share: float) -> dict[str, tuple[float, float]]:
    """Nudge plants closer than ``share`` of the map's side apart, keeping their bearings.

    Locations are estimates to a few hundred metres; plants of one company sit on top of
    one another at the map's scale, so a little room is made for legibility."""
    keys = list(pos)
    if len(keys) < 2:
        return dict(pos)
    xs, ys = [pos[k][0] for k in keys], [pos[k][1] for k in keys]
    dmin = share * max(max(xs) - min(xs), max(ys) - min(ys), 0.5)
    p = [list(pos[k]) for k in keys]
    for _ in range(300):
        moved = False
        for i in range(len(p)):
            for j in range(i + 1, len(p)):
                dx, dy = p[j][0] - p[i][0], p[j][1] - p[i][1]
                d = math.hypot(dx, dy)
                if d < dmin - 1e-9:
                    if d < 1e-9:
                        a = 2 * math.pi * (j % 12) / 12
                        dx, dy, d = math.cos(a), math.sin(a), 1.0
                    push = (dmin - math.hypot(p[j][0] - p[i][0], p[j][1] - p[i][1])) / 2 * 0.6
                    p[i][0] -= dx / d * push
                    p[i][1] -= dy / d * push
                    p[j][0] += dx / d * push
                    p[j][1] += dy / d * push
                    moved = True
        if not moved:
            break
    return {k: (v[0], v[1]) for k, v in zip(keys, p)}


def _free_angle(taken: list[float]) -> float:
    if not taken:
        return -math.pi / 2
    t = sorted(a % (2 * math.pi) for a in taken)
    gaps = [((t[(i + 1) % len(t)] - t[i]) % (2 * math.pi) or 2 * math.pi, t[i])
            for i in range(len(t))]
    gap, start = max(gaps)
    return start + gap / 2


def _spread(angles: dict[str, float], sep: float) -> dict[str, float]:
    """Push partners apart along the ring until neighbours are ``sep`` apart."""
    keys = sorted(angles, key=lambda k: (angles[k] % (2 * math.pi), k))
    a = [angles[k] % (2 * math.pi) for k in keys]
    n = len(a)
    if n < 2:
        return dict(zip(keys, a))
    for _ in range(200):
        moved = False
        for i in range(n):
            j = (i + 1) % n
            gap = (a[j] - a[i]) % (2 * math.pi)
            if gap < sep - 1e-9:
                push = (sep - gap) / 2
                a[i] -= push
                a[j] += push
                moved = True
        if not moved:
            break
    return dict(zip(keys, a))


def segments(links: list[dict[str, Any]], owner: dict[str, str] | None = None
             ) -> tuple[dict, set]:
    """Built legs keyed (from, to, resource) with summed flow; candidate legs not built.

    A link's end that is a conversion process is drawn at the plant that runs it
    (``owner``: process id → tenant id); a leg from a plant to itself is not drawn."""
    owner = owner or {}
    legs: dict[tuple[str, str, str], dict[str, Any]] = {}
    faint: set[tuple[str, str]] = set()
    for row in links:
        ends = [row["from"], row["via"], row["to"]] if row.get("via") else [row["from"], row["to"]]
        ends = [owner.get(e, e) for e in ends]
        path = [e for i, e in enumerate(ends) if i == 0 or e != ends[i - 1]]
        if len(path) < 2:
            continue
        flow = float(row.get("flow") or 0.0)
        if row.get("built") and flow > MIN_FLOW:
            for a, b in zip(path, path[1:]):
                leg = legs.setdefault((a, b, row["resource"]), {
                    "flow": 0.0, "unit": row.get("unit", ""), "existing": True})
                leg["flow"] += flow
                leg["existing"] = leg["existing"] and bool(row.get("existing"))
        else:
            faint.update(zip(path, path[1:]))
    drawn = {(a, b) for a, b, _ in legs} | {(b, a) for a, b, _ in legs}
    return legs, {p for p in faint if p not in drawn}


def build_network(result: Any, lang: str = "en") -> Figure:
    L = labels(lang)
    with style():
        fig = new_figure()
        model = result.model
        lay = layout(model)
        pos = lay["pos"]
        tenants = model.get("tenants", {}) or {}
        partners = model.get("partners", {}) or {}
        resources = model.get("resources", {}) or {}
        colours = resource_colours(model)
        legs, faint = segments(result.tables.get("links", []),
                               {p["id"]: p["tenant"] for p in result.tables.get("processes", [])})
        ax = fig.add_axes((0.0, 0.03, 0.66, 0.86))
        ax.set_aspect("equal")
        ax.set_axis_off()
        cx, cy = lay["centre"]
        R = lay["radius"]
        x0, x1, y0, y1 = lay["bbox"]
        pad = 0.12 * max(x1 - x0, y1 - y0)
        ax.add_patch(FancyBboxPatch((x0 - pad, y0 - pad), x1 - x0 + 2 * pad, y1 - y0 + 2 * pad,
                                    boxstyle=f"round,pad=0,rounding_size={pad}",
                                    fc="#f4f2ea", ec="#d8d3c0", lw=0.8, zorder=0))
        park = model.get("park", {}) or {}
        fixed = [ax.text(x0 - pad, y1 + pad * 1.15, full_name(park, park.get("id", ""), lang),
                         fontsize=8, color=MUTED, style="italic", ha="left", va="bottom",
                         zorder=1)]
        if partners:
            ax.add_patch(Circle((cx, cy), R, fill=False, ls=(0, (1, 3)), ec="#aaaaaa", lw=0.9))
            fixed.append(ax.text(cx, cy - R * 1.035, L["outside_ring"], ha="center", va="top",
                                 fontsize=7, color=MUTED, style="italic"))
        lim = R * 1.15 if partners else 0.62 * max(x1 - x0, y1 - y0) + 2 * pad
        ax.set_xlim(cx - lim, cx + lim)
        ax.set_ylim(cy - lim, cy + lim)

        kind = {k: ("facility" if (tenants[k] or {}).get("processing") else "tenant")
                for k in tenants}
        kind.update({k: "partner" for k in partners})
        tops: dict[str, float] = {}
        for (a, b, r), leg in legs.items():
            v, u = canon(leg["flow"], leg["unit"])
            tops[u] = max(tops.get(u, 0.0), v)
        for a, b in sorted(faint):
            if a in pos and b in pos:
                ax.add_patch(FancyArrowPatch(pos[a], pos[b], arrowstyle="-", lw=0.7, color=FAINT,
                                             ls=(0, (1, 2)), shrinkA=5, shrinkB=5, zorder=1,
                                             connectionstyle="arc3,rad=0.08"))
        pairs: dict[frozenset, list] = {}
        for key in sorted(legs, key=lambda k: (k[0], k[1], k[2])):
            pairs.setdefault(frozenset(key[:2]), []).append(key)
        # widest first, so thin legs lie on top
        order = sorted(legs, key=lambda k: -canon(legs[k]["flow"], legs[k]["unit"])[0]
                       / max(tops[canon(1, legs[k]["unit"])[1]], 1e-12))
        curves = []  # (from, to, rad, width) of every drawn leg, for the labels
        for key in order:
            a, b, r = key
            if a not in pos or b not in pos:
                continue
            leg = legs[key]
            v, u = canon(leg["flow"], leg["unit"])
            w = _width(v, tops[u])
            same = pairs[frozenset((a, b))]
            rad = _bend(pos[a], pos[b], lay["centre"]) * (
                0.14 + 0.14 * same.index(key) if len(same) > 1 else 0.16)
            curves.append((pos[a], pos[b], rad, w))
            ax.add_patch(FancyArrowPatch(
                pos[a], pos[b], connectionstyle=f"arc3,rad={rad}",
                arrowstyle=ArrowStyle("-|>", head_length=0.45, head_width=0.3),
                mutation_scale=8 + 1.1 * w, lw=w, color=colour_of(colours, r), alpha=0.88,
                ls="-" if leg["existing"] else (0, (3.5, 1.6)), shrinkA=6, shrinkB=7,
                capstyle="butt", joinstyle="miter", zorder=3))
        marker = {"tenant": ("o", "white", 70), "facility": ("s", "#d9d9d9", 70),
                  "partner": ("D", "#555555", 60)}
        for k, p in pos.items():
            m, fc, s = marker[kind.get(k, "tenant")]
            ax.scatter([p[0]], [p[1]], marker=m, s=s, fc=fc, ec=INK, lw=1.1, zorder=7)
        if lay["located"]:
            fixed += _scale_bar(ax, lay, pad, L)
        place_labels(fig, ax, result, lang, lay, kind, fixed, curves)
        _legend(fig, L, lang, legs, faint, tops, colours, resources, kind)
        header(fig, L["network_title"], result, lang)
        footnote(fig, L["partner_note"] if lay["located"] else L["schematic"])
    return fig


def _bend(a: tuple[float, float], b: tuple[float, float], centre: tuple[float, float]) -> float:
    """+1 or −1: the sign of ``arc3``'s rad that bows the arc a → b away from the map's
    centre, so that links go round the middle, where the plants crowd, not across it."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    mx, my = (a[0] + b[0]) / 2 - centre[0], (a[1] + b[1]) / 2 - centre[1]
    if abs(mx) + abs(my) < 1e-9:
        return 1.0
    return 1.0 if dy * mx - dx * my >= 0 else -1.0  # arc3 moves the middle by rad·(dy, −dx)


def _scale_bar(ax: Any, lay: dict, pad: float, L: dict) -> list:
    x0, x1, _, _ = lay["bbox"]
    length = nice((x1 - x0) / 3)
    (xl, xh), (yl, yh) = ax.get_xlim(), ax.get_ylim()
    y = yl + 0.03 * (yh - yl)
    xs = xl + 0.03 * (xh - xl)
    (line,) = ax.plot([xs, xs + length], [y, y], color=INK, lw=2, solid_capstyle="butt",
                      zorder=6)
    text = f"{length * 1000:,.0f} m" if length < 1 else f"{length:,.0f} km"
    label = ax.text(xs + length / 2, y + pad * 0.12, text, ha="center", va="bottom", fontsize=7,
            color=INK, zorder=6)
    xl, _ = ax.get_xlim()
    _, yh = ax.get_ylim()
    span = yh - ax.get_ylim()[0]
    ax.annotate(L["north"], xy=(xl + span * 0.05, yh - span * 0.02),
                xytext=(xl + span * 0.05, yh - span * 0.09), ha="center", va="top", fontsize=9,
                fontweight="bold", arrowprops=dict(arrowstyle="-|>", color=INK, lw=1.2))
    return [line, label]


def _legend(fig: Figure, L: dict, lang: str, legs: dict, faint: set, tops: dict,
            colours: dict, resources: dict, kind: dict) -> None:
    lax = fig.add_axes((0.665, 0.05, 0.33, 0.84))
    lax.set_axis_off()
    handles, texts, heads = [], [], []

    def head(text: str) -> None:
        heads.append(len(texts))
        handles.append(Line2D([], [], color="none"))
        texts.append(text)

    head(L["links"])
    if any(x["existing"] for x in legs.values()):
        handles.append(Line2D([], [], color=INK, lw=2))
        texts.append(L["existing_link"])
    if any(not x["existing"] for x in legs.values()):
        handles.append(Line2D([], [], color=INK, lw=2, ls=(0, (3.5, 1.6))))
        texts.append(L["new_link"])
    if faint:
        handles.append(Line2D([], [], color=FAINT, lw=1, ls=(0, (1, 2))))
        texts.append(L["not_built"])
    shown = sorted({r for _, _, r in legs}, key=lambda r: list(colours).index(r)
                   if r in colours else 999)
    if shown:
        head(L["resources"])
        for r in shown:
            handles.append(Line2D([], [], color=colour_of(colours, r), lw=4))
            texts.append(wrap(full_name(resources.get(r), r, lang), 44, 2))
    head(L["nodes"])
    for k, m, fc in (("tenant", "o", "white"), ("facility", "s", "#d9d9d9"),
                     ("partner", "D", "#555555")):
        if k in kind.values():
            handles.append(Line2D([], [], ls="none", marker=m, mfc=fc, mec=INK, ms=7))
            texts.append(L[k])
    if tops:
        head(L["width_key"])
        for u in ("t", "GJ", "Nm3", "m3", *sorted(set(tops) - {"t", "GJ", "Nm3", "m3"})):
            if u in tops:
                ref = nice(tops[u])
                handles.append(Line2D([], [], color=MUTED, lw=_width(ref, tops[u])))
                texts.append(amount(ref, u, lang) + f"/{L['yr']}")
    leg = lax.legend(handles, texts, loc="upper left", fontsize=7.3, handlelength=2.6,
                     borderaxespad=0, labelspacing=0.45, handletextpad=0.8)
    for i, t in enumerate(leg.get_texts()):
        if i in heads:
            t.set_fontweight("bold")
            t.set_fontsize(8)
    if tops:
        lax.text(0.0, 0.0, L["width_note"], fontsize=6.8, color=MUTED, style="italic",
                 transform=lax.transAxes)
