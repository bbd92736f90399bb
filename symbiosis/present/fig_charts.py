"""Charts of one result: CO2 waterfall by scope, cost–CO2 trade-off (the abatement cost
curve is in fig_macc.py)."""

from __future__ import annotations

import math
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from symbiosis.money import from_summary
from symbiosis.present.fig_style import finite as _f
from symbiosis.present.fig_style import (BAD, BASE, GOOD, INK, MUTED, SCEN, footnote, header,
                                         labels, new_figure, nice, num, style, tick_formatter,
                                         wrap)

SCOPES = ("scope1", "scope2", "scope3_upstream", "disposal")


# -------------------------------------------------------------------------- waterfall

def build_waterfall(result: Any, lang: str = "en") -> Figure:
    """Baseline total, Δ of each scope, scenario total (kt CO2e/yr); avoided emissions
    outside the park on a separate hatched bar, outside the inventory."""
    L = labels(lang)
    s = result.summary
    scen = {k: _f((s.get("co2_by_scope") or {}).get(k)) for k in SCOPES}
    base_src = (s.get("baseline") or {}).get("co2_by_scope") or s.get("co2_by_scope") or {}
    base = {k: _f(base_src.get(k)) for k in SCOPES}
    kt = 1e-3
    b_tot, s_tot = sum(base.values()) * kt, sum(scen.values()) * kt
    deltas = [(scen[k] - base[k]) * kt for k in SCOPES]
    with style():
        fig = new_figure()
        gs = fig.add_gridspec(1, 2, width_ratios=(5.2, 1), left=0.08, right=0.975, top=0.82,
                              bottom=0.14, wspace=0.32)
        ax = fig.add_subplot(gs[0])
        side = fig.add_subplot(gs[1])
        names = [L["baseline"], *(f"{L['delta']} {L[k]}" for k in SCOPES), L["scenario"]]
        levels = [b_tot]
        for d in deltas:
            levels.append(levels[-1] + d)
        hi, lo = max(levels + [s_tot]), min(levels + [s_tot])
        floor = 0.0
        if lo > 0 and 0.001 * hi < (hi - lo) < 0.5 * hi:  # zero-based would hide the deltas
            step = nice(hi - lo)
            floor = max(0.0, math.floor((lo - 1.5 * (hi - lo)) / step) * step)
        ax.bar(0, b_tot - floor, bottom=floor, color=BASE, width=0.62, zorder=2)
        ax.bar(5, s_tot - floor, bottom=floor, color=SCEN, width=0.62, zorder=2)
        span = max(hi - floor, 1e-9)
        for i, d in enumerate(deltas, start=1):
            bottom = min(levels[i - 1], levels[i])
            ax.bar(i, max(abs(d), span * 0.002), bottom=bottom, width=0.62, zorder=2,
                   color=GOOD if d < 0 else BAD if d > 0 else MUTED)
            ax.text(i, max(levels[i - 1], levels[i]) + span * 0.015,
                    num(d, 1 if 0.05 <= abs(d) < 10 else 0, lang, sign=True), ha="center",
                    va="bottom", fontsize=8.5, color=INK)
        for i in range(5):
            ax.plot([i + 0.31, i + 0.69], [levels[min(i, 4)]] * 2, color=MUTED, lw=0.8,
                    ls=(0, (2, 2)), zorder=1)
        for x, v in ((0, b_tot), (5, s_tot)):
            ax.text(x, v + span * 0.015, num(v, 0, lang), ha="center", va="bottom",
                    fontsize=9, fontweight="bold", color=INK)
        if b_tot > 0 and abs(s_tot - b_tot) >= 0.0005 * b_tot:
            ax.text(5, v + span * 0.015 + span * 0.045,
                    f"{num(100 * (s_tot - b_tot) / b_tot, 1, lang, sign=True)} %", ha="center",
                    va="bottom", fontsize=8, color=GOOD if s_tot < b_tot else BAD)
        ax.set_xticks(range(6), names)
        ax.set_xlim(-0.6, 5.6)
        ax.set_ylim(floor, hi + span * 0.12)
        ax.set_ylabel(L["co2_axis"])
        ax.yaxis.set_major_formatter(tick_formatter(lang))
        ax.grid(axis="y")
        boundary = (s.get("objective") or {}).get("co2_boundary") or \
            (s.get("policy") or {}).get("co2_boundary") or "all"
        ax.set_title(f"{L['inventory']} ({L['boundary']}: {L.get('boundary_' + boundary, boundary)})",
                     loc="left",
                     fontsize=9, fontweight="normal", color=MUTED)
        if floor > 0:
            for y in (0.0,):
                ax.plot([-0.012, 0.012], [y + 0.008, y + 0.022], transform=ax.transAxes,
                        color=INK, lw=1, clip_on=False)
                ax.plot([-0.012, 0.012], [y + 0.022, y + 0.036], transform=ax.transAxes,
                        color=INK, lw=1, clip_on=False)
        keys = [(Patch(color=BASE), L["baseline"])]
        if any(d < 0 for d in deltas):
            keys.append((Patch(color=GOOD), L["decrease"]))
        if any(d > 0 for d in deltas):
            keys.append((Patch(color=BAD), L["increase"]))
        keys.append((Patch(color=SCEN), L["scenario"]))
        ax.legend(*zip(*keys), loc="upper right", ncol=len(keys), fontsize=7.5)
        avoided = _f(s.get("avoided_co2_t_per_year_external")) * kt
        b_avoided = _f((s.get("baseline") or {}).get("avoided_co2_t_per_year_external")) * kt
        side.bar([0, 1], [b_avoided, avoided], width=0.62, fc="white", ec=GOOD, hatch="///",
                 lw=1.2, zorder=2)
        top = max(avoided, b_avoided) or 1.0
        for x, v in ((0, b_avoided), (1, avoided)):
            side.text(x, v + top * 0.02, num(v, 0, lang), ha="center", va="bottom",
                      fontsize=8.5, color=INK)
        side.set_ylim(0, top * 1.18)
        side.set_xlim(-0.6, 1.6)
        side.set_xticks([0, 1], [wrap(L["baseline"], 10), wrap(L["scenario"], 10)])
        side.yaxis.set_major_formatter(tick_formatter(lang))
        side.grid(axis="y")
        side.set_title(wrap(L["avoided"], 16, 3) + "\n" + wrap(f"({L['avoided_note']})", 18, 3),
                       fontsize=7.5, fontweight="bold", color=INK)
        side.set_ylabel(L["co2_axis"])
        header(fig, L["waterfall_title"], result, lang)
        note = L["avoided_footnote"]
        if floor > 0:
            note = f"{L['axis_break']}. {note}"
        footnote(fig, note)
    return fig


# -------------------------------------------------------------------------- pareto

def build_pareto(result: Any, lang: str = "en") -> Figure | None:
    rows = [r for r in result.analyses.get("pareto", [])
            if r.get("status") in (None, "optimal", "feasible")
            and r.get("cost_vnd_per_year") is not None]
    if not rows:
        return None
    money = from_summary(result.summary)
    L = labels(lang, money)
    s = result.summary
    big = money.divisor
    pts = sorted(((_f(r.get("co2_t_per_year_boundary", r.get("co2_t_per_year"))) / 1e3,
                   _f(r["cost_vnd_per_year"]) / big,
                   len([x for x in str(r.get("links_built") or "").split(";") if x]))
                  for r in rows))
    with style():
        fig = new_figure()
        ax = fig.add_axes((0.09, 0.12, 0.86, 0.66))
        xs, ys, ns = zip(*pts)
        ax.plot(xs, ys, color=SCEN, lw=1.6, marker="o", ms=5.5, mfc="white", mec=SCEN,
                mew=1.4, zorder=3)
        for x, y, n in pts:
            ax.annotate(str(n), (x, y), xytext=(5, 6), textcoords="offset points", fontsize=7.5,
                        color=SCEN, zorder=4)
        handles = [Line2D([], [], color=SCEN, lw=1.6, marker="o", mfc="white", mec=SCEN),
                   Line2D([], [], ls="none")]
        texts = [L["pareto_points"], L["pareto_numbers"]]
        if s.get("cost_vnd_per_year") is not None and s.get("co2_boundary_t_per_year") is not None:
            ax.scatter([_f(s["co2_boundary_t_per_year"]) / 1e3],
                       [_f(s["cost_vnd_per_year"]) / big], marker="*", s=240, c="#f4a722",
                       ec=INK, lw=0.8, zorder=5)
            ax.annotate(L["this_scenario"], (_f(s["co2_boundary_t_per_year"]) / 1e3,
                                             _f(s["cost_vnd_per_year"]) / big),
                        xytext=(-10, -10), textcoords="offset points", ha="right", va="top",
                        fontsize=8, color=INK)
            handles.append(Line2D([], [], ls="none", marker="*", ms=13, mfc="#f4a722", mec=INK))
            texts.append(f"{L['this_scenario']} ({result.id})")
            base = s.get("baseline") or {}
            dco2 = (s.get("delta") or {}).get("co2_boundary_t_per_year")
            if base.get("cost_vnd_per_year") is not None and dco2 is not None:
                bx = (_f(s["co2_boundary_t_per_year"]) - _f(dco2)) / 1e3
                by = _f(base["cost_vnd_per_year"]) / big
                ax.scatter([bx], [by], marker="s", s=70, c=BASE, ec=INK, lw=0.8, zorder=5)
                ax.annotate(L["baseline"], (bx, by), xytext=(-8, 0), textcoords="offset points",
                            ha="right", va="center", fontsize=8, color=INK)
                handles.append(Line2D([], [], ls="none", marker="s", ms=7, mfc=BASE, mec=INK))
                texts.append(L["baseline"])
        ax.margins(x=0.08, y=0.12)
        ax.set_xlabel(L["co2_axis"])
        ax.set_ylabel(L["cost_axis"])
        ax.xaxis.set_major_formatter(tick_formatter(lang))
        ax.yaxis.set_major_formatter(tick_formatter(lang))
        ax.grid(True)
        ax.legend(handles, texts, loc="lower left", bbox_to_anchor=(0, 1.015), ncol=2,
                  fontsize=8, borderaxespad=0)
        meta = result.analyses.get("pareto-meta") or {}
        boundary = meta.get("co2_boundary") or (s.get("objective") or {}).get("co2_boundary")
        header(fig, L["pareto_title"], result, lang)
        footnote(fig, f"{L['cost_basis']}; {L['boundary']}: "
                      f"{L.get('boundary_' + (boundary or 'all'), boundary)}. "
                      f"{L['pareto_note']}")
    return fig
