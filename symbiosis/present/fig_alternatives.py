"""The near-optimal plans of a result folder that holds alternatives.csv: options × plans.

One row per option, grouped by its status (must-have, swappable, never; the colour of its
cells and label), one column per plan (plan 1 is the optimum), a filled cell where the
plan builds the option. Read from alternatives.csv, alternatives-options.csv and
alternatives.json (``symbiosis alternatives``), never from the model.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from symbiosis.money import from_summary
from symbiosis.present import i18n
from symbiosis.present.fig_macc import option_labels
from symbiosis.present.fig_style import INK, MUTED, footnote, header, labels, new_figure, num, \
    style

STATUSES = ("must-have", "swappable", "never")
COLOURS = {"must-have": "#1a9850", "swappable": "#2b5c8a", "never": "#8a8a8a"}
EMPTY = "#f1f1f1"
MAX_ROWS = 60  # beyond this the rows would not be readable: the swappable ones least built go


def _plan_sets(plans: list[dict[str, Any]]) -> list[set[str]]:
    return [{o for o in str(p.get("options") or "").split(";") if o} for p in plans]


def ordered(options: list[dict[str, Any]], sets: list[set[str]]) -> list[dict[str, Any]]:
    """Must-have first, then swappable, then never; within each, the most often built."""
    rank = {s: i for i, s in enumerate(STATUSES)}
    return sorted(options, key=lambda o: (rank.get(o["status"], 3),
                                          -sum(o["option"] in s for s in sets), o["option"]))


def build_alternatives(result: Any, lang: str) -> Figure | None:
    plans = result.analyses.get("alternatives") or []
    options = result.analyses.get("alternatives-options") or []
    meta = result.analyses.get("alternatives-meta") or {}
    if not plans or not options:
        return None
    money = from_summary(result.summary)
    L = labels(lang, money)
    sets = _plan_sets(plans)
    rows = ordered(options, sets)
    if len(rows) > MAX_ROWS:
        keep = [o for o in rows if o["status"] != "swappable"]
        rows = ordered(keep + [o for o in rows if o["status"] == "swappable"]
                       [:max(0, MAX_ROWS - len(keep))], sets)[:MAX_ROWS]
    names = option_labels([{"id": o["option"], "name": o.get("name"),
                            "name_vi": o.get("name_vi"), "tenant": o.get("tenant")}
                           for o in rows], result.model, lang)
    height = 2.9 + 0.24 * len(rows)
    with style():
        fig = new_figure((10.0, height))
        ax = fig.add_axes((0.42, 1.2 / height, 0.55, 1 - 2.55 / height))
        for i, o in enumerate(rows):
            for j, plan in enumerate(sets):
                built = o["option"] in plan
                ax.add_patch(Rectangle((j + 0.06, i + 0.1), 0.88, 0.8, linewidth=0,
                                       facecolor=COLOURS.get(o["status"], INK) if built
                                       else EMPTY))
        ax.set_xlim(0, len(sets))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks([j + 0.5 for j in range(len(sets))])
        ax.set_xticklabels([f"{L['alt_plan']} {p['plan']}\n"
                            f"{num(float(p.get('above_optimum_percent') or 0), 2, lang, True)} %"
                            for p in plans], fontsize=7.5)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(rows))])
        ax.set_yticklabels([names[o["option"]] for o in rows], fontsize=7.5)
        for tick, o in zip(ax.get_yticklabels(), rows):
            tick.set_color(COLOURS.get(o["status"], INK))
        ax.tick_params(length=0)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Patch(facecolor=COLOURS[s], label=L[f"alt_{s}"]) for s in STATUSES
                   if any(o["status"] == s for o in rows)]
        handles.append(Patch(facecolor=EMPTY, edgecolor=MUTED, linewidth=0.5,
                             label=L["alt_not_built"]))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.2, -0.01), ncol=2,
                  fontsize=7.5)
        header(fig, L["alt_title"], result, lang, top=1 - 0.1 / height)
        footnote(fig, L["alt_note"].format(slack=num(100 * float(meta.get("slack") or 0), 1,
                                                     lang),
                                           cap=_cap(meta, lang, money)))
    return fig


def _cap(meta: dict[str, Any], lang: str, money) -> str:
    if meta.get("cap") is None:
        return "–"
    if meta.get("objective") == "co2":
        return f"{i18n.number(meta['cap'], lang)} {i18n.text(lang, 'unit_t_co2_yr')}"
    return i18n.money_text(meta["cap"], lang, money) + i18n.text(lang, "unit_per_year")
