"""Sankey-style diagrams of resource flows: suppliers left, receivers right.

Bands are cubic Bézier ``PathPatch``es of height ∝ flow, coloured by resource. Besides
the links, purchases come from a "market" node and disposed or sold streams go to
"disposal" and "market" sinks, so the picture shows what symbiosis replaces; the sinks
and the market carry their baseline amounts for comparison. One panel per unit family
(t, m³ / GJ, Nm³): band heights compare only within a panel.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MPath

from symbiosis.present.fig_style import (INK, MUTED, amount, canon, colour_of, full_name, header,
                                         labels, new_figure, resource_colours, short_names, style,
                                         wrap)

MARKET_IN, MARKET_OUT, DISPOSAL = "__market_in__", "__market_out__", "__disposal__"
SPECIAL = (MARKET_IN, MARKET_OUT, DISPOSAL)
KINDS = {"materials": ("material", "water"), "energy": ("energy",)}
PANEL_ORDER = ("t", "m3", "GJ", "Nm3")
MIN_FLOW = 1e-3
X_LEFT, X_RIGHT, BAR_W = 0.31, 0.69, 0.012
NODE_COLOURS = {MARKET_IN: "#9a9a9a", MARKET_OUT: "#9a9a9a", DISPOSAL: "#7a4a2a"}


def flows(tables: dict[str, list[dict[str, Any]]], model: dict[str, Any],
          kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """Flows of the given resource kinds: links, purchases, disposal and sales."""
    res = model.get("resources", {}) or {}
    out = []

    def add(src: str, dst: str, resource: str, value: Any, unit: str) -> None:
        value = float(value or 0.0)
        if value <= MIN_FLOW or (res.get(resource) or {}).get("kind", "material") not in kinds:
            return
        v, u = canon(value, unit)
        out.append({"src": src, "dst": dst, "resource": resource, "value": v, "unit": u})

    for row in tables.get("links", []):
        if row.get("built"):
            add(row["from"], row["to"], row["resource"], row.get("flow"), row.get("unit", ""))
    for row in tables.get("resources", []):
        if row.get("direction") == "output":
            add(row["tenant"], DISPOSAL, row["resource"], row.get("disposed"), row["unit"])
            add(row["tenant"], MARKET_OUT, row["resource"], row.get("sold"), row["unit"])
        else:
            add(MARKET_IN, row["tenant"], row["resource"], row.get("purchased"), row["unit"])
    return out


def _order(panel: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Node order on each side: barycentre sweeps, market and sinks at the bottom."""
    tot_l: dict[str, float] = {}
    tot_r: dict[str, float] = {}
    for f in panel:
        tot_l[f["src"]] = tot_l.get(f["src"], 0.0) + f["value"]
        tot_r[f["dst"]] = tot_r.get(f["dst"], 0.0) + f["value"]
    left = sorted(tot_l, key=lambda n: (n in SPECIAL, -tot_l[n], n))
    right = sorted(tot_r, key=lambda n: (n in SPECIAL, -tot_r[n], n))

    def sweep(fixed: list[str], moving: list[str], end_fixed: str, end_moving: str) -> list[str]:
        idx = {n: i for i, n in enumerate(fixed)}
        bary = {}
        for n in moving:
            fs = [f for f in panel if f[end_moving] == n]
            w = sum(f["value"] for f in fs) or 1.0
            bary[n] = sum(idx[f[end_fixed]] * f["value"] for f in fs) / w
        return sorted(moving, key=lambda n: (n in SPECIAL, SPECIAL.index(n) if n in SPECIAL
                                             else 0, bary[n], n))

    for _ in range(4):
        right = sweep(left, right, "src", "dst")
        left = sweep(right, left, "dst", "src")
    right = sweep(left, right, "src", "dst")
    return left, right


def _stack(values: list[float], label_h: float, gap: float, usable: float) -> float:
    """Scale (axes units per flow unit) such that Σ max(bar, label room) + gaps = usable."""
    total = sum(values)
    room = usable - gap * (len(values) - 1)
    if total <= 0 or room <= 0:
        return 0.0
    lo, hi = 0.0, room / total
    for _ in range(60):  # Σ max(v·k, label_h) grows with k: bisection
        k = (lo + hi) / 2
        if sum(max(v * k, label_h) for v in values) > room:
            hi = k
        else:
            lo = k
    return lo


def _panel(ax: Any, panel: list[dict[str, Any]], names: dict[str, str], colours: dict,
           lang: str, unit: str, baseline: dict[str, float], panel_h_pt: float,
           L: dict) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    left, right = _order(panel)
    gap = 4.0 / panel_h_pt
    # label room for two lines of 7 pt, shrunk (with the font) on a crowded side
    label_h = {side: min(17.0 / panel_h_pt, 0.92 * (0.96 - gap * (len(n) - 1)) / len(n))
               for side, n in (("L", left), ("R", right))}
    font = {side: max(5.5, min(7.0, 7.0 * h * panel_h_pt / 17.0)) for side, h in label_h.items()}
    tot = {("L", n): 0.0 for n in left} | {("R", n): 0.0 for n in right}
    for f in panel:
        tot[("L", f["src"])] += f["value"]
        tot[("R", f["dst"])] += f["value"]
    k = min(_stack([tot[("L", n)] for n in left], label_h["L"], gap, 0.96),
            _stack([tot[("R", n)] for n in right], label_h["R"], gap, 0.96))
    ypos: dict[tuple[str, str], float] = {}  # top of each node's bar
    for side, nodes in (("L", left), ("R", right)):
        y = 0.985
        for n in nodes:
            h = tot[(side, n)] * k
            slot = max(h, label_h[side])
            ypos[(side, n)] = y - (slot - h) / 2
            y -= slot + gap
    cursor = dict(ypos)
    li = {n: i for i, n in enumerate(left)}
    ri = {n: i for i, n in enumerate(right)}
    out_sorted = sorted(panel, key=lambda f: (li[f["src"]], ri[f["dst"]], f["resource"]))
    starts = {}
    for f in out_sorted:
        starts[id(f)] = cursor[("L", f["src"])]
        cursor[("L", f["src"])] -= f["value"] * k
    for f in sorted(panel, key=lambda f: (ri[f["dst"]], li[f["src"]], f["resource"])):
        y0, y1, h = starts[id(f)], cursor[("R", f["dst"])], f["value"] * k
        cursor[("R", f["dst"])] -= h
        x0, x1 = X_LEFT + BAR_W, X_RIGHT
        xm = (x0 + x1) / 2
        verts = [(x0, y0), (xm, y0), (xm, y1), (x1, y1), (x1, y1 - h), (xm, y1 - h),
                 (xm, y0 - h), (x0, y0 - h), (x0, y0)]
        codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO,
                 MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MPath(verts, codes), fc=colour_of(colours, f["resource"]),
                               ec="none", alpha=0.62, zorder=2))
    for side, nodes in (("L", left), ("R", right)):
        x = X_LEFT if side == "L" else X_RIGHT
        for n in nodes:
            h, top = tot[(side, n)] * k, ypos[(side, n)]
            ax.add_patch(Rectangle((x, top - h), BAR_W, max(h, 0.002),
                                   fc=NODE_COLOURS.get(n, "#3d4a57"), ec="none", zorder=3))
            name = wrap(names.get(n, n), 46 if side == "L" else 52, 1)
            value = amount(tot[(side, n)], unit, lang)
            if n in baseline:
                value += f"  ({L['baseline_was']} {amount(baseline[n], unit, lang)})"
            tx = x - 0.008 if side == "L" else x + BAR_W + 0.008
            ha = "right" if side == "L" else "left"
            ax.text(tx, top - h / 2, f"{name}\n{value}", ha=ha, va="center", fontsize=font[side],
                    color=INK, linespacing=1.15, zorder=4)


def build_sankey(result: Any, lang: str = "en", which: str = "materials") -> Figure:
    L = labels(lang)
    if which not in KINDS:
        raise ValueError(f"unknown Sankey {which!r}; choose one of: {', '.join(KINDS)}")
    with style():
        fig = new_figure()
        model = result.model
        colours = resource_colours(model)
        data = flows(result.tables, model, KINDS[which])
        base = flows(result.baseline_tables, model, KINDS[which]) if result.baseline_tables \
            else []
        names = short_names({**(model.get("tenants") or {}), **(model.get("partners") or {})},
                            lang)
        names |= {MARKET_IN: L["market_in"], MARKET_OUT: L["market_out"],
                  DISPOSAL: L["disposal_sink"]}
        units = sorted({f["unit"] for f in data},
                       key=lambda u: (PANEL_ORDER.index(u) if u in PANEL_ORDER else 99, u))
        header(fig, L[f"sankey_{which}_title"], result, lang)
        if not units:
            fig.text(0.5, 0.5, L["no_flows"], ha="center", va="center", fontsize=11,
                     color=MUTED)
            return fig
        sizes = []
        for u in units:
            p = [f for f in data if f["unit"] == u]
            sizes.append(max(len({f["src"] for f in p}), len({f["dst"] for f in p})) + 0.6)
        n_res = len({f["resource"] for f in data})
        top, bottom, hgap = 0.85, 0.04 + 0.046 * -(-n_res // 3), 0.055
        for x, text in ((X_LEFT, L["suppliers"]), (X_RIGHT, L["receivers"])):
            fig.text(0.01 + 0.98 * (x + BAR_W / 2), 0.893, text, ha="center", va="bottom",
                     fontsize=8, color=MUTED, fontweight="bold")
        avail = top - bottom - hgap * (len(units) - 1)
        y = top
        for i, u in enumerate(units):
            h = avail * sizes[i] / sum(sizes)
            ax = fig.add_axes((0.01, y - h, 0.98, h))
            panel = [f for f in data if f["unit"] == u]
            basetot: dict[str, float] = {}
            for f in base:
                if f["unit"] == u:
                    end = f["src"] if f["src"] in SPECIAL else f["dst"]
                    if end in SPECIAL:
                        basetot[end] = basetot.get(end, 0.0) + f["value"]
            shown = {f["src"] for f in panel} | {f["dst"] for f in panel}
            basetot = {n: v for n, v in basetot.items() if n in shown}
            ax.text(0.5 + BAR_W / 2, 1.0, L.get(f"panel_{u}", u), transform=ax.transAxes,
                    ha="center", va="bottom", fontsize=9, fontweight="bold", color=INK)
            _panel(ax, panel, names, colours, lang, u, basetot, h * fig.get_figheight() * 72, L)
            y -= h + hgap
        _legend(fig, data, model, colours, lang)
    return fig


def _legend(fig: Figure, data: list[dict[str, Any]], model: dict[str, Any], colours: dict,
            lang: str) -> None:
    res = model.get("resources", {}) or {}
    shown = sorted({f["resource"] for f in data},
                   key=lambda r: list(colours).index(r) if r in colours else 999)
    handles = [Patch(fc=colour_of(colours, r), alpha=0.75, ec="none") for r in shown]
    texts = [wrap(full_name(res.get(r), r, lang), 38, 2) for r in shown]
    fig.legend(handles, texts, loc="lower left", bbox_to_anchor=(0.015, 0.01), ncol=3,
               fontsize=7, handlelength=1.6, columnspacing=1.6, labelspacing=0.35)
