"""Several scenarios side by side: cost and CO2 against each one's baseline, and the
Decree 35 criteria as a pass / fail / needs-evidence grid."""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from symbiosis.money import from_summary
from symbiosis.present import i18n
from symbiosis.present.fig_style import (BAD, GOOD, INK, MUTED, SCEN, STATUS_COLOURS,
                                         footnote, full_name, labels, new_figure, num, style,
                                         tick_formatter, wrap)

SYMBOL = {"pass": "✓", "fail": "✗", "needs-evidence": "?"}


_article = i18n.article_l


def _value(c: dict[str, Any], lang: str) -> str:
    v = c.get("value")
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return ""
    if "share" in str(c.get("kpi", "")):
        return f"{num(100 * v, 0, lang)} %"
    return num(v, 0 if float(v).is_integer() else 1, lang)


def build_comparison(results: list[Any], lang: str = "en") -> Figure:
    money = from_summary(results[0].summary)  # compared results share a park's currency
    L = labels(lang, money)
    with style():
        fig = new_figure()
        ids = [i18n.scenario_short(r.summary, lang, r.id) for r in results]
        ok = [r.ok for r in results]
        dcost, dco2, avoided = [], [], []
        for r in results:
            d = r.summary.get("delta") or {}
            dcost.append((d.get("cost_vnd_per_year") or 0.0) / money.divisor if r.ok else None)
            dco2.append((d.get("co2_t_per_year") or 0.0) / 1e3 if r.ok else None)
            avoided.append(-(r.summary.get("avoided_co2_t_per_year_external") or 0.0) / 1e3
                           if r.ok else None)
        gs = fig.add_gridspec(1, 2, left=0.075, right=0.985, top=0.85, bottom=0.63, wspace=0.2)
        ax_c, ax_e = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[0, 1])
        xs = list(range(len(results)))
        _bars(ax_c, xs, [(dcost, SCEN, None)], lang, L)
        _bars(ax_e, xs, [(dco2, SCEN, None), (avoided, GOOD, "///")], lang, L)
        ax_c.set_title(L["delta_cost"], fontsize=9)
        ax_e.set_title(L["delta_co2"], fontsize=9)
        for ax in (ax_c, ax_e):
            ax.set_xticks(xs, [wrap(i, 16, 3) for i in ids], fontsize=7.5)
            ax.yaxis.set_major_formatter(tick_formatter(lang))
            for x, good in zip(xs, ok):
                if not good:
                    ax.text(x, 0, " " + L["infeasible"], ha="center", va="top", fontsize=7,
                            color=BAD, rotation=90)
        ax_e.legend([Patch(color=SCEN), Patch(fc="white", ec=GOOD, hatch="///")],
                    [L["inventory_delta"], f"{L['avoided']} ({L['avoided_note']})"],
                    loc="upper left", bbox_to_anchor=(0.015, 0.535), fontsize=7, ncol=1,
                    borderaxespad=0, bbox_transform=fig.transFigure, title=L["delta_co2_key"],
                    title_fontsize=7.5, alignment="left")
        if any(r.summary.get("criteria") != "none" for r in results):  # else nothing to show
            _grid(fig, fig.add_axes((0.42, 0.075, 0.565, 0.335)), results, lang, L)
        park = next((full_name(r.model.get("park"), "", lang) for r in results
                     if r.model.get("park")), "") or next(
            (r.summary.get("park_name") for r in results if r.summary.get("park_name")), "")
        fig.suptitle(f"{L['compare_title']} — {park}" if park else L["compare_title"],
                     x=0.015, y=0.975, ha="left", va="top", fontsize=12.5, fontweight="bold",
                     color=INK)
        fig.text(0.015, 0.935, wrap(f"{', '.join(ids)} · {L['against_baseline']}", 170, 2),
                 ha="left", va="top", fontsize=8.5, color=MUTED)
        footnote(fig, L["compare_note"])
    return fig


def _bars(ax: Any, xs: list[int], series: list, lang: str, L: dict) -> None:
    n = len(series)
    w = 0.7 / n
    vals = [v for values, _, _ in series for v in values if v is not None]
    span = max([abs(v) for v in vals] + [1e-9])
    for k, (values, colour, hatch) in enumerate(series):
        off = (k - (n - 1) / 2) * w
        for x, v in zip(xs, values):
            if v is None:
                continue
            if hatch:
                ax.bar(x + off, v, width=w * 0.92, fc="white", ec=colour, hatch=hatch, lw=1,
                       zorder=2)
            else:
                ax.bar(x + off, v, width=w * 0.92, color=colour, zorder=2)
            ax.text(x + off, v + (span * 0.03 if v >= 0 else -span * 0.03),
                    num(v, 0, lang, sign=True), ha="center", va="bottom" if v >= 0 else "top",
                    fontsize=6.8, color=INK)
    ax.axhline(0, color=INK, lw=0.8)
    lo, hi = min(vals + [0.0]), max(vals + [0.0])
    ax.set_ylim(lo - 0.18 * span, hi + 0.18 * span)
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.grid(axis="y")


def _grid(fig: Figure, ax: Any, results: list[Any], lang: str, L: dict) -> None:
    rows: dict[str, dict[str, Any]] = {}
    for r in results:
        for c in r.summary.get("decree35") or r.tables.get("decree35") or []:
            rows.setdefault(c["id"], c)
    ids = list(rows)
    ax.set_xlim(-0.5, len(results) - 0.5)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    for j, r in enumerate(results):
        status = {c["id"]: c for c in (r.summary.get("decree35") or [])}
        for i, cid in enumerate(ids):
            c = status.get(cid)
            st = c.get("status") if (c and r.ok) else None
            ax.add_patch(Rectangle((j - 0.46, i - 0.42), 0.92, 0.84,
                                   fc=STATUS_COLOURS.get(st, "#eeeeee"), ec="white", lw=1))
            text = SYMBOL.get(st, "–")
            value = _value(c, lang) if c and r.ok and st != "needs-evidence" else ""
            if value:
                text += f"  {value}"
            ax.text(j, i, text, ha="center", va="center", fontsize=7.5,
                    color="white" if st in ("pass", "fail") else INK, fontweight="bold")
    desc_key = "description_vi" if lang == "vi" else "description"
    ax.set_yticks(range(len(ids)), [
        f"{_article(rows[c].get('article', ''), lang)}\n"
        + _short(rows[c].get(desc_key) or rows[c].get("description") or c) for c in ids],
        fontsize=6.6, linespacing=1.1)
    ax.set_xticks(range(len(results)), [wrap(i18n.scenario_short(r.summary, lang, r.id), 16, 3) for r in results], fontsize=7.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(L["criteria"], fontsize=9, loc="left", pad=22)
    handles = [Patch(color=STATUS_COLOURS[k]) for k in ("pass", "fail", "needs-evidence")]
    handles.append(Patch(color="#eeeeee"))
    texts = [f"{SYMBOL[k]} {L[k]}" for k in ("pass", "fail", "needs-evidence")]
    texts.append(f"– {L['not_checked']}")
    ax.legend(handles, texts, loc="upper left", bbox_to_anchor=(0, -0.02), ncol=4,
              fontsize=7.5, borderaxespad=0)


def _short(text: str, width: int = 62) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
