"""The shared look of every figure: labels in two languages, palette, numbers, saving.

Figures are built on ``matplotlib.figure.Figure`` with the Agg canvas, never through
pyplot, so no global figure registry grows; style settings apply only inside
:func:`style` (an ``rc_context``) and never leak into the caller's matplotlib.
"""

from __future__ import annotations

import math
import re
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from symbiosis.money import Display
from symbiosis.present import i18n

FONT = "DejaVu Sans"
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.8,
    "axes.grid": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "grid.color": "#e2e2e2",
    "grid.linewidth": 0.7,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "savefig.dpi": 150,
}
SIZE = (10.0, 7.0)
DPI = 150

INK = "#222222"
MUTED = "#777777"
FAINT = "#c8c8c8"
GOOD = "#1a9850"
BAD = "#d73027"
WARN = "#f4a722"
BASE = "#8a8a8a"
SCEN = "#2b5c8a"
LINK_C = "#1b7f79"
MEASURE_C = "#7b5ea7"
STATUS_COLOURS = {"pass": "#4daf4a", "fail": "#e41a1c", "needs-evidence": "#fdb84e"}

# Distinct hues within each kind of resource: earthy and violet for materials, warm
# for energy, blues for water. Colours are given in model order, resources carried by
# candidate links first, so one park keeps its colours across scenarios and figures.
PALETTE = {
    "material": ["#a6761d", "#7570b3", "#1b9e77", "#e7298a", "#8c564b", "#66a61e",
                 "#bcbd22", "#6a3d9a", "#b15928", "#01665e", "#de77ae", "#7f7f7f",
                 "#543005", "#b8e186", "#c7a76c", "#3f007d"],
    "energy": ["#e6ab02", "#d7301f", "#f46d43", "#4d4d4d", "#fdae6b", "#67000d"],
    "water": ["#08519c", "#4292c6", "#9ecae1", "#084081"],
}

# Units folded into one canonical unit per family so widths compare within it.
# Only physical identities here (no heating values): gas by volume stays apart.
CANON = {"t": ("t", 1.0), "kt": ("t", 1e3), "Mt": ("t", 1e6), "kg": ("t", 1e-3),
         "GJ": ("GJ", 1.0), "MJ": ("GJ", 1e-3), "TJ": ("GJ", 1e3), "PJ": ("GJ", 1e6),
         "kWh": ("GJ", 0.0036), "MWh": ("GJ", 3.6), "GWh": ("GJ", 3600.0),
         "m3": ("m3", 1.0), "Nm3": ("Nm3", 1.0)}


def labels(lang: str, money: Display | None = None) -> dict[str, str]:
    """Figure wording from the one table (``i18n``); with ``money`` its amounts relabelled."""
    return i18n.figure_labels(lang, money)


# The figures' words by language, as the figure modules and tests index them.
LABELS: dict[str, dict[str, str]] = {lang: i18n.figure_labels(lang) for lang in i18n.LANGS}


@contextmanager
def style() -> Iterator[None]:
    with matplotlib.rc_context(RC):
        yield


def new_figure(size: tuple[float, float] = SIZE) -> Figure:
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, out_dir: Path, name: str) -> list[Path]:
    """Write ``name``.png and ``name``.svg; release the figure's artists."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg"]
    with style():
        fig.savefig(paths[0], dpi=DPI, facecolor="white")
        fig.savefig(paths[1], format="svg", facecolor="white")
    fig.clear()
    return paths


def header(fig: Figure, title: str, result: Any, lang: str, top: float = 0.975) -> None:
    """Bold title; the scenario's own title under it (its id only when it has no title:
    an id is no word a reader should have to decode)."""
    fig.suptitle(title, x=0.015, y=top, ha="left", va="top",
                 fontsize=12.5, fontweight="bold", color=INK)
    sub = scenario_title(result, lang) or result.id
    if sub:
        fig.text(0.015, top - 0.04, sub, ha="left", va="top", fontsize=8.5, color=MUTED)


def footnote(fig: Figure, text: str) -> None:
    text = "\n".join(textwrap.wrap(text, 175))
    fig.text(0.015, 0.012, text, ha="left", va="bottom", fontsize=7, color=MUTED)


def scenario_title(result: Any, lang: str) -> str:
    s = result.summary
    scen = result.composed.get("scenario", {}) if result.composed else {}
    if lang == "vi":
        return s.get("title_vi") or scen.get("title_vi") or s.get("title") or ""
    return s.get("title") or scen.get("title") or ""


# ----------------------------------------------------------------------------- numbers

def num(value: float | None, decimals: int = 0, lang: str = "en", sign: bool = False) -> str:
    """A figure's number: ``i18n.number`` with the typographic minus sign."""
    return i18n.number(value, lang, decimals, sign=sign, minus="\u2212")


def tick_formatter(lang: str, decimals: int = 0):
    from matplotlib.ticker import FuncFormatter
    return FuncFormatter(lambda v, _pos: num(v, decimals, lang))


def amount(value: float, unit: str, lang: str) -> str:
    """A flow in readable magnitude: 1.2 Mt, 350 kt, 2.0 PJ, 48 M Nm³."""
    vi = lang == "vi"
    steps = {
        "t": [(1e6, "triệu t" if vi else "Mt"), (1e3, "nghìn t" if vi else "kt"), (1, "t")],
        "GJ": [(1e6, "PJ"), (1e3, "TJ"), (1, "GJ")],
        "m3": [(1e6, "triệu m³" if vi else "M m³"), (1e3, "nghìn m³" if vi else "k m³"),
               (1, "m³")],
        "Nm3": [(1e6, "triệu Nm³" if vi else "M Nm³"), (1e3, "nghìn Nm³" if vi else "k Nm³"),
                (1, "Nm³")],
    }.get(unit, [(1, unit)])
    for factor, name in steps:
        if abs(value) >= factor or factor == steps[-1][0]:
            v = value / factor
            dec = 0 if abs(v) >= 100 or factor == 1 else (1 if abs(v) >= 10 else 2)
            if abs(v - round(v)) < 1e-9:
                dec = 0
            return f"{num(v, dec, lang)} {name}"
    return f"{num(value, 0, lang)} {unit}"  # pragma: no cover


def nice(value: float) -> float:
    """A round number (1, 2, 5 × 10^n) at or below ``value``."""
    if value <= 0:
        return 0.0
    exp = math.floor(math.log10(value))
    for m in (5, 2, 1):
        if m * 10 ** exp <= value:
            return m * 10 ** exp
    return 10 ** exp  # pragma: no cover


def canon(value: float, unit: str) -> tuple[float, str]:
    c, factor = CANON.get(unit, (unit, 1.0))
    return value * factor, c


# ------------------------------------------------------------------------- names, colours

_PREFIXES = ("Công ty TNHH MTV ", "Công ty TNHH ", "Công ty CP ", "Công ty Cổ phần ",
             "Chi nhánh ", "Công ty ")


def full_name(entry: dict[str, Any] | None, key: str, lang: str) -> str:
    entry = entry or {}
    if lang == "vi" and entry.get("name_vi"):
        return str(entry["name_vi"])
    return str(entry.get("name") or key)


def short_names(entries: dict[str, dict[str, Any]], lang: str) -> dict[str, str]:
    """Node labels: ``short_name``/``short_name_vi`` where the model gives one, else the
    name without bracketed asides and legal form (Công ty TNHH MTV …)."""
    out = {}
    for key, entry in entries.items():
        entry = entry or {}
        given = entry.get("short_name_vi" if lang == "vi" else "short_name")
        if given:
            out[key] = str(given)
            continue
        text = re.sub(r"\s*\([^)]*\)", "", full_name(entry, key, lang)).strip()
        for p in _PREFIXES:
            if text.startswith(p):
                text = text[len(p):]
                break
        out[key] = text or key
    return out


def wrap(text: str, width: int = 18, lines: int = 2) -> str:
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(parts)


def resource_colours(model: dict[str, Any]) -> dict[str, str]:
    resources = model.get("resources", {}) or {}
    carried = {e.get("resource") for e in (model.get("exchanges", {}) or {}).values()}
    order = [r for r in resources if r in carried] + [r for r in resources if r not in carried]
    used = {k: 0 for k in PALETTE}
    out = {}
    for r in order:
        kind = resources[r].get("kind", "material")
        pal = PALETTE.get(kind, PALETTE["material"])
        out[r] = pal[used.setdefault(kind, 0) % len(pal)]
        used[kind] += 1
    return out


def colour_of(colours: dict[str, str], resource: str) -> str:
    return colours.get(resource, "#999999")


def finite(value: Any) -> float:
    """A number read from a result's CSV: 0 for an empty cell, NaN or infinity."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if math.isfinite(v) else 0.0
