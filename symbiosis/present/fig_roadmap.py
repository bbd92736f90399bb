"""The roadmap's CO2 path: each year's CO2 of the plan against the straight line to Net
Zero and against each period's baseline, periods shaded and named."""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from symbiosis.present.fig_style import (BASE, GOOD, INK, MUTED, SCEN, footnote, header,
                                         labels, new_figure, num, style, tick_formatter)


def _f(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def build_roadmap(result: Any, lang: str = "en") -> Figure | None:
    path = [p for p in result.analyses.get("roadmap-co2-path") or [] if _f(p.get("co2_t"))
            is not None]
    periods = result.analyses.get("roadmap") or []
    if not path:
        return None
    L = labels(lang)
    meta = result.analyses.get("roadmap-meta") or {}
    years = [int(p["year"]) for p in path]
    co2 = [_f(p["co2_t"]) / 1e3 for p in path]
    line = [(_f(p.get("net_zero_line_t")) or 0.0) / 1e3 for p in path]
    with style():
        fig = new_figure((10.0, 5.6))
        ax = fig.add_axes((0.08, 0.25, 0.9, 0.57))
        top = max(co2 + line) * 1.12
        for i, per in enumerate(periods):
            start, end = _f(per.get("start")), _f(per.get("end"))
            if start is None or end is None:
                continue
            if i % 2 == 0:
                ax.axvspan(start - 0.5, end + 0.5, color="#f2f4f3", zorder=0)
            ax.text((start + end) / 2, top * 0.985, str(per.get("period", "")), ha="center",
                    va="top", fontsize=8, color=MUTED)
            base = _f(per.get("baseline_co2_boundary_t_per_year"))
            if base is not None:
                ax.plot([start - 0.5, end + 0.5], [base / 1e3] * 2, color=BASE, lw=1.4,
                        ls=(0, (4, 2)), zorder=2,
                        label=L["roadmap_baseline"] if i == 0 else None)
        ax.step(years, co2, where="mid", color=SCEN, lw=2.2, zorder=3, label=L["roadmap_path"])
        ax.plot(years, line, color=GOOD, lw=1.6, zorder=3,
                label=L["roadmap_line"].format(year=meta.get("net_zero_year") or years[-1]))
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        ax.set_ylim(0, top)
        ax.set_xlabel(L["roadmap_year"])
        ax.set_ylabel(L["co2_axis"])
        ax.yaxis.set_major_formatter(tick_formatter(lang))
        ax.grid(axis="y")
        ax.text(years[-1], co2[-1], f" {num(co2[-1], 0, lang)}", ha="left", va="center",
                fontsize=8, color=INK)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=8, ncol=3)
        header(fig, L["roadmap_title"], result, lang)
        footnote(fig, L["roadmap_note"])
    return fig
