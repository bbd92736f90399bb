"""The abatement cost curve (MACC) of a result folder that holds macc.csv.

One numbering everywhere: an option's number is its ``merit_order`` in macc.csv, the
number the figure's bars and key show and the report's table prints (``macc_key``
makes the numbered, labelled rows for both). Bars are the curve's packages (see
analysis/macc.py), drawn at their pooled cost per tonne, so the curve never falls.
"""

from __future__ import annotations

import re
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from symbiosis.money import from_summary
from symbiosis.present.fig_style import finite as _f
from symbiosis.present.fig_style import (BAD, INK, LINK_C, MEASURE_C, MUTED, footnote,
                                         full_name, header, labels, new_figure, num,
                                         short_names, style, tick_formatter, wrap)

PROCESS_C = "#b5651d"
MIXED_C = "#4f6d8f"
LABEL_WIDTH = 44  # characters of an option's label in the key
TAG_WIDTH = 20  # characters of the plant that tells two same-named options apart
# Words a shortened label does not end on.
_DANGLING = {"and", "or", "to", "of", "the", "for", "at", "on", "in", "a", "with", "by",
             "from", "và", "hoặc", "cho", "của", "tại", "làm", "bằng", "với", "từ", "các",
             "qua", "→", "–", "-", "&", "+"}


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word so that it fits ``width`` characters with "…"; whole when it
    fits. Never ends on a connecting word or inside brackets."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    kept: list[str] = []
    for word in text.split(" "):
        if len(" ".join(kept + [word])) + 1 > width:
            break
        kept.append(word)
    while kept:
        opened = sum(w.count("(") - w.count(")") for w in kept)
        if opened > 0:  # a bracket left open: back to before it
            while kept and "(" not in kept[-1]:
                kept.pop()
            kept and kept.pop()
            continue
        if kept[-1].lower() in _DANGLING:
            kept.pop()
            continue
        break
    if not kept:  # one word longer than the width: the only cut inside a word
        return text[: max(1, width - 1)].rstrip() + "…"
    return re.sub(r"[,;:.]+$", "", " ".join(kept)) + "…"


def option_labels(rows: list[dict[str, Any]], model: dict[str, Any], lang: str,
                  width: int = LABEL_WIDTH) -> dict[str, str]:
    """A unique label per option: its name in ``lang`` shortened by words. Options whose
    shortened names would read the same keep the words that tell them apart: the end of
    their names when the names differ there, else their plant's name."""
    entries = {**(model.get("exchanges") or {}), **(model.get("measures") or {}),
               **(model.get("processes") or {})}
    plants = short_names(model.get("tenants") or {}, lang)
    by_id = {r["id"]: r for r in rows}

    def name(r: dict[str, Any]) -> str:
        if r["id"] in entries:
            return " ".join(full_name(entries[r["id"]], r["id"], lang).split())
        return (r.get("name_vi") if lang == "vi" else None) or r.get("name") or r["id"]

    out = {r["id"]: shorten(name(r), width) for r in rows}
    for ids in _twins(out):
        names = {oid: name(by_id[oid]) for oid in ids}
        if len(set(names.values())) == len(ids):  # the names differ further on
            out.update(_head_and_tail(names, width))
        else:  # the same name at different plants
            for oid in ids:
                plant = plants.get(by_id[oid].get("tenant") or "", by_id[oid].get("tenant") or "")
                tag = shorten(plant.split(",")[0], TAG_WIDTH if width <= 2 * LABEL_WIDTH else width)
                out[oid] = f"{shorten(names[oid], width - len(tag) - 3)} ({tag})"
    for ids in _twins(out):  # true twins: same name, same plant
        for k, oid in enumerate(ids, start=1):
            out[oid] = f"{out[oid]} ({k})"
    return out


def _twins(labels: dict[str, str]) -> list[list[str]]:
    seen: dict[str, list[str]] = {}
    for oid, text in labels.items():
        seen.setdefault(text, []).append(oid)
    return [ids for ids in seen.values() if len(ids) > 1]


def _head_and_tail(names: dict[str, str], width: int) -> dict[str, str]:
    """Each name as its first words, "…", and its words from where the names part."""
    words = {oid: n.split(" ") for oid, n in names.items()}
    common = 0
    while all(len(w) > common + 1 for w in words.values()) and \
            len({w[common] for w in words.values()}) == 1:
        common += 1
    first = next(iter(words.values()))
    if common and first[common - 1].lower() in _DANGLING:
        common -= 1  # "… làm phụ gia xi măng" reads better than "… phụ gia xi măng"
    out = {}
    for oid, w in words.items():
        tail = shorten(" ".join(w[common:]), max(12, width - 12))
        head = shorten(" ".join(w[:common]), max(8, width - len(tail) - 1))
        out[oid] = f"{head} {tail}" if head else tail
    return out


def macc_key(result: Any, lang: str) -> list[dict[str, Any]]:
    """The curve's options in merit order, numbered as in macc.csv, with their labels:
    what the figure's key lists and the report's table prints."""
    rows = sorted((r for r in result.analyses.get("macc", []) if r.get("merit_order")),
                  key=lambda r: int(r["merit_order"]))
    short = option_labels(rows, result.model, lang)
    whole = option_labels(rows, result.model, lang, width=1000)  # for tables: not shortened
    return [{"number": int(r["merit_order"]), "id": r["id"], "label": short[r["id"]],
             "name": whole[r["id"]],
             "kind": r.get("kind"), "phase": r.get("phase"),
             "package": None if r.get("package") is None else int(r["package"]),
             "abated_t": _f(r.get("incremental_abatement_t")),
             "cost_t": None if r.get("curve_vnd_per_t") is None else _f(r["curve_vnd_per_t"]),
             "step_cost_t": None if r.get("incremental_vnd_per_t") is None
             else _f(r["incremental_vnd_per_t"]),
             "boundary": r.get("boundary") or "net"} for r in rows]


def _numbers(keys: list[dict[str, Any]]) -> str:
    lo, hi = keys[0]["number"], keys[-1]["number"]
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _colour(keys: list[dict[str, Any]]) -> str:
    kinds = {k["kind"] for k in keys}
    if len(kinds) > 1:
        return MIXED_C
    return {"link": LINK_C, "measure": MEASURE_C, "process": PROCESS_C}.get(kinds.pop(), MIXED_C)


def build_macc(result: Any, lang: str = "en") -> Figure | None:
    keys = macc_key(result, lang)
    bars: dict[int, list[dict[str, Any]]] = {}
    for k in keys:
        if k["package"] is not None:
            bars.setdefault(k["package"], []).append(k)
    if not bars:
        return None
    money = from_summary(result.summary)
    L = labels(lang, money)
    per = money.price_divisor  # thousand VND/t; EUR/t as they are
    boundary = keys[0]["boundary"]
    offset = [k for k in keys if k["package"] is None]
    x0 = sum(k["abated_t"] for k in offset) / 1e3
    packs = [bars[p] for p in sorted(bars)]
    widths = [sum(k["abated_t"] for k in pk) / 1e3 for pk in packs]
    heights = [pk[0]["cost_t"] / per for pk in packs]
    span = sum(widths)
    end = x0 + span
    optimum = x0 + sum(k["abated_t"] for k in keys if k["phase"] == "optimum"
                       and k["package"] is not None) / 1e3
    price = _f((result.summary.get("policy") or {}).get("carbon_price_vnd_per_t")) / per
    # y range from the bars that carry real abatement; slivers and outliers beyond it are cut
    core = [h for w, h in zip(widths, heights) if w >= 0.02 * span] or heights
    typical = sorted(abs(h) for h in core)[len(core) // 2]
    if typical > 0:
        core = [h for h in core if abs(h) <= 5 * typical] or core
    lo, hi = min(core + [0.0, price]), max(core + [0.0, price])
    pad = 0.15 * (hi - lo or 1.0)
    lo, hi = lo - pad, hi + pad
    with style():
        fig = new_figure()
        ax = fig.add_axes((0.075, 0.2, 0.47, 0.56))
        handles, texts = [], []
        if offset:  # a strip along the top: where the curve starts, not a bar
            ax.axvspan(x0, 0, ymin=0.965, ymax=1.0, fc=BAD, alpha=0.35, lw=0, zorder=1)
            ax.axvline(0, color=BAD, lw=0.6, alpha=0.5, zorder=1)
            handles.append(Patch(fc=BAD, alpha=0.35, ec="none"))
            texts.append(f"{L['macc_offset']}: {_numbers(offset)} "
                         f"(+{num(-x0, 0, lang)} {L['macc_key_kt']})")
        x, marks = x0, []
        for pk, w, h in zip(packs, widths, heights):
            beyond = all(k["phase"] == "beyond optimum" for k in pk)
            ax.bar(x, h, width=w, align="edge", color=_colour(pk), alpha=0.45 if beyond else 0.9,
                   ec="white", lw=0.6, hatch="//" if beyond else None, zorder=2)
            cut = h < lo or h > hi
            y = min(max(h, lo), hi)
            # the number beyond the bar's end; on a bar cut at the axis, inside the axes
            up = (h >= 0) != cut
            marks.append((w, ax.annotate(_numbers(pk), (x + w / 2, y), xytext=(0, 2 if up else -2),
                                         textcoords="offset points", ha="center",
                                         va="bottom" if up else "top", fontsize=6.5,
                                         color=INK, zorder=4)))
            if cut:
                marks.append((w, ax.annotate(num(h, 0, lang), (x + w / 2, y),
                                             xytext=(0, 12 if up else -12),
                                             textcoords="offset points", ha="center",
                                             va="bottom" if up else "top", fontsize=6.5,
                                             color=BAD, rotation=90, zorder=4,
                                             bbox={"fc": "white", "ec": "none",
                                                   "alpha": 0.8, "pad": 0.6})))
            x += w
        ax.axhline(0, color=INK, lw=0.8, zorder=3)
        kinds = {k["kind"] for pk in packs for k in pk}
        for kind, colour, text in (("link", LINK_C, L["link_option"]),
                                   ("measure", MEASURE_C, L["measure_option"]),
                                   ("process", PROCESS_C, L["process_option"])):
            if kind in kinds:
                handles.insert(len(handles) - bool(offset), Patch(color=colour))
                texts.insert(len(texts) - bool(offset), text)
        if any(_colour(pk) == MIXED_C for pk in packs):
            handles.append(Patch(color=MIXED_C))
            texts.append(L["macc_package"])
        if any(k["phase"] == "beyond optimum" for k in keys):
            handles.append(Patch(fc=MUTED, alpha=0.45, hatch="//", ec="white"))
            texts.append(L["beyond_optimum"])
        ax.axvline(optimum, color=INK, lw=0.9, ls=":", zorder=3)
        handles.append(Line2D([], [], color=INK, lw=0.9, ls=":"))
        texts.append(f"{L['macc_optimum']}: {num(optimum, 0, lang)} {L['macc_key_kt']}")
        rate = _rate(result.model, money.currency)
        if price > 0:
            ax.axhline(price, color=BAD, lw=1.1, ls=(0, (5, 3)), zorder=3)
            handles.append(Line2D([], [], color=BAD, lw=1.1, ls=(0, (5, 3))))
            usd = f" (≈ {num(price * per / rate, 0, lang)} USD/t)" if rate else ""
            texts.append(f"{L['carbon_price']}: {num(price, 0, lang)} {L['thousand_vnd_t']}{usd}")
        ax.set_xlim(min(x0, 0.0), max(end, optimum) + 0.01 * (span or 1.0))
        ax.set_ylim(lo, hi)
        ax.set_xlabel(L["macc_x"])
        ax.set_ylabel(L["macc_y"])
        ax.xaxis.set_major_formatter(tick_formatter(lang))
        ax.yaxis.set_major_formatter(tick_formatter(lang))
        ax.grid(axis="y")
        if rate:
            sec = ax.secondary_yaxis("right", functions=(lambda v: v * per / rate,
                                                         lambda u: u * rate / per))
            sec.set_ylabel(L["macc_usd"], labelpad=2)
            sec.yaxis.set_major_formatter(tick_formatter(lang))
        ax.legend(handles, [wrap(t, 40, 3) for t in texts], loc="lower left",
                  bbox_to_anchor=(0, 1.01, 1, 0.2), mode="expand", ncol=2, fontsize=6.5,
                  borderaxespad=0, handlelength=1.6, columnspacing=1.0, frameon=False)
        _drop_overlapping(fig, marks)
        _key(fig, keys, per, lang, L)
        header(fig, f"{L['macc_title']} ({L['macc_' + boundary]})", result, lang)
        left = sum(1 for r in result.analyses.get("macc", []) if not r.get("merit_order"))
        note = f"{L[f'macc_{boundary}_note']} {L['macc_note']}"
        footnote(fig, note + (" " + L["macc_left_out"].format(n=left) if left else ""))
    return fig


def _drop_overlapping(fig: Figure, marks: list) -> None:
    """Bar numbers that would run into another (widest bars keep theirs)."""
    renderer = fig.canvas.get_renderer()
    kept: list = []
    for _, text in sorted(marks, key=lambda m: -m[0]):
        box = text.get_window_extent(renderer).expanded(1.05, 1.0)
        if any(box.overlaps(k) for k in kept):
            text.remove()
        else:
            kept.append(box)


def _key(fig: Figure, keys: list[dict[str, Any]], per: float, lang: str, L: dict) -> None:
    """Every numbered option, one line each: number, label, abatement, curve's cost/t."""
    key = fig.add_axes((0.635, 0.2, 0.355, 0.66))
    key.set_axis_off()
    shown = keys[:44]
    step = min(0.042, 0.97 / (len(shown) + 2))
    size = 7 if step >= 0.03 else 6 if step >= 0.022 else 5.5
    key.text(0.0, 1.02, L["macc_key"], fontsize=7.5, fontweight="bold", va="bottom",
             transform=key.transAxes)
    for x, text in ((0.86, L["macc_key_kt"]), (1.0, L["macc_key_cost"])):
        key.text(x, 1.0 - 0.9 * step, text.replace(" ", "\n", 1), fontsize=6, va="bottom",
                 ha="right", color=MUTED, transform=key.transAxes, linespacing=1.0)
    for i, k in enumerate(shown, start=1):
        y = 1.0 - (i + 0.9) * step
        colour = {"link": LINK_C, "measure": MEASURE_C, "process": PROCESS_C}.get(k["kind"], INK)
        faint = 0.6 if k["phase"] == "beyond optimum" else 1.0
        key.text(0.0, y, str(k["number"]), fontsize=size, va="top", color=colour,
                 fontweight="bold", transform=key.transAxes)
        key.text(0.065, y, k["label"], fontsize=size, va="top", color=INK, alpha=faint,
                 transform=key.transAxes)
        kt = k["abated_t"] / 1e3
        digits = 1 if abs(kt) >= 1 else 2 if abs(kt) >= 0.01 else 3
        key.text(0.86, y, num(kt, digits, lang), fontsize=size, va="top",
                 ha="right", color=BAD if kt < 0 else INK, transform=key.transAxes)
        cost = "–" if k["cost_t"] is None else num(k["cost_t"] / per, 0, lang)
        key.text(1.0, y, cost, fontsize=size, va="top", ha="right", color=INK,
                 transform=key.transAxes)
    # a bracket joins the options pooled into one bar
    for pack in {k["package"] for k in shown if k["package"] is not None}:
        rows = [i for i, k in enumerate(shown, start=1) if k["package"] == pack]
        if len(rows) > 1:
            top, bottom = 1.0 - (rows[0] + 0.95) * step, 1.0 - (rows[-1] + 1.75) * step
            key.plot([0.875, 0.875], [top, bottom], color=MUTED, lw=0.8,
                     transform=key.transAxes, clip_on=False)
    if len(keys) > len(shown):
        key.text(0.065, 1.0 - (len(shown) + 1.9) * step, f"… +{len(keys) - len(shown)}",
                 fontsize=size, va="top", color=MUTED, transform=key.transAxes)


def _rate(model: dict[str, Any], currency: str = "VND") -> float | None:
    """Park currency per USD, for the USD axis; none for a park in USD."""
    park = model.get("park") or {}
    if currency == "USD":
        return None
    v = (park.get("exchange_rates") or {}).get("USD") or park.get("vnd_per_usd") or {}
    v = v.get("value") if isinstance(v, dict) else v
    try:
        rate = float(str(v).split()[0].replace(",", ""))
    except (TypeError, ValueError, IndexError):
        return None
    return rate if rate > 0 else None
