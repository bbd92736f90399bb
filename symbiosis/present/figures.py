"""Figures of result folders, in English or Vietnamese, as PNG and SVG.

    make_figures(result, out_dir, lang="en")        one result: network, Sankeys, CO2
                                                    waterfall, and pareto / macc when the
                                                    folder holds pareto.csv / macc.csv /
                                                    alternatives.csv
    comparison_figure(results, out_dir, lang="en")  several results: compare.png/.svg

Figures read a :class:`~symbiosis.present.resultdir.ResultDir` (files on disk), never
Pyomo. They are drawn on ``matplotlib.figure.Figure`` with the Agg canvas (no pyplot,
no global state); each ``build_*`` function returns the Figure for callers that want to
look at or restyle it before saving. The modules ``fig_*`` hold one kind of figure each;
``fig_style`` holds the labels (``LABELS``), palette and number formats.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Callable

from matplotlib.figure import Figure

from symbiosis.present.fig_alternatives import build_alternatives
from symbiosis.present.fig_charts import build_pareto, build_waterfall
from symbiosis.present.fig_compare import build_comparison
from symbiosis.present.fig_macc import build_macc
from symbiosis.present.fig_network import build_network
from symbiosis.present.fig_roadmap import build_roadmap
from symbiosis.present.fig_sankey import build_sankey
from symbiosis.present.fig_style import LABELS, labels, save

__all__ = ["LABELS", "FIGURES", "make_figures", "comparison_figure", "build_network",
           "build_sankey", "build_waterfall", "build_pareto", "build_macc",
           "build_comparison"]

# name → (builder, analysis the figure needs or None)
FIGURES: dict[str, tuple[Callable[[Any, str], Figure | None], str | None]] = {
    "network": (build_network, None),
    "sankey-materials": (partial(build_sankey, which="materials"), None),
    "sankey-energy": (partial(build_sankey, which="energy"), None),
    "co2-waterfall": (build_waterfall, None),
    "pareto": (build_pareto, "pareto"),
    "macc": (build_macc, "macc"),
    "roadmap-co2": (build_roadmap, "roadmap-co2-path"),
    "alternatives": (build_alternatives, "alternatives-meta"),
}


def make_figures(result: Any, out_dir: str | Path, lang: str = "en") -> list[Path]:
    """Write every figure of one result as ``<name>.png`` and ``<name>.svg``.

    Returns the paths written; an infeasible or failed run (no tables) gives ``[]``.
    Raises ValueError for a language other than those in ``LABELS``.
    """
    labels(lang)
    if not result.ok or not (result.tables.get("links") or result.tables.get("resources")):
        return []
    out_dir = Path(out_dir)
    written: list[Path] = []
    for name, (build, needs) in FIGURES.items():
        if needs and not result.analyses.get(needs):
            continue
        fig = build(result, lang)
        if fig is not None:
            written += save(fig, out_dir, name)
    return written


def comparison_figure(results: list[Any], out_dir: str | Path, lang: str = "en") -> list[Path]:
    """Write ``compare.png`` and ``compare.svg`` for several results (any status)."""
    labels(lang)
    if not results:
        return []
    return save(build_comparison(list(results), lang), Path(out_dir), "compare")
