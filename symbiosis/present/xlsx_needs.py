"""The data-request workbook: one sheet per enterprise, the figures to ask it for first.

Cells are written with ``xlsx_style.put`` (text that starts with '=' stays text, no
cell is a formula); headers and words in the chosen language (``needs_text``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from symbiosis.money import Display
from symbiosis.present import needs_text as nt
from symbiosis.present.xlsx_style import (BOLD, HEADER_FILL, MUTED, WRAP, fit_widths,
                                          number_format, put, save_atomic, sheet_title,
                                          style_header)

MAX_SHEET = 31
HEADER_ROW = 4
COLUMNS = ("rank", "figure", "value", "unit", "basis", "note", "low", "high", "range_basis",
           "cost_swing", "co2_swing", "flips", "flip_point", "why")


def short_title(name: str, taken: set[str]) -> str:
    """A sheet name from an enterprise's name: no brackets or legal form, ≤ 31 characters."""
    text = sheet_title(nt.short_name(name).replace(" / ", ", "))
    if len(text) > MAX_SHEET:
        cut = text[:MAX_SHEET + 1].rsplit(" ", 1)[0]
        text = (cut if len(cut) >= 8 else text[:MAX_SHEET]).rstrip(" ,–-")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f" ~{n}"
        title = text[:MAX_SHEET - len(suffix)] + suffix
        if title.lower() not in taken:
            taken.add(title.lower())
            return title
    raise ValueError(f"too many sheets named like {text}")


def by_enterprise(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of each enterprise in rank order; enterprises in the order of their best rank."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: r["rank"]):
        for e in str(r.get("enterprise_ids") or "").split(";"):
            if e:
                groups.setdefault(e, []).append(r)
    return groups


def _cells(r: dict[str, Any], words: dict[str, Any], lang: str, money: Display,
           model: dict[str, Any]) -> list[Any]:
    unit, path = r["unit"], r["figure"]
    w = nt.labelled(r, model, lang, money)
    cost = r.get("cost_swing")
    return [r["rank"], w["name"], nt.shown(r.get("value"), unit),
            nt.unit_text(unit, path, lang, money), w["source_text"], r.get("note") or None,
            nt.shown(r.get("low"), unit),
            nt.shown(r.get("high"), unit), w["range_basis_text"],
            None if cost is None else cost / money.divisor, r.get("co2_swing"),
            w["flips_text"], nt.shown(r.get("flip_point"), unit), w["why"]]


def write_workbook(rows: list[dict[str, Any]], model: dict[str, Any], lang: str,
                   money: Display, scenario: str, out: Path) -> Path:
    words = nt.words(lang, money)
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    headers = [words[c] for c in COLUMNS] + ([words["path"]] if lang == "en" else [])
    for eid, items in by_enterprise(rows).items():
        name = nt.enterprise_name(eid, model, lang)
        ws = wb.create_sheet(short_title(name, taken))
        put(ws, 1, 1, name).font = BOLD
        put(ws, 2, 1, words["sheet_note"].format(scenario=scenario)).font = MUTED
        for c, h in enumerate(headers, start=1):
            put(ws, HEADER_ROW, c, h)
        style_header(ws, HEADER_ROW, fill=HEADER_FILL, wrap=True)
        for i, r in enumerate(items, start=HEADER_ROW + 1):
            values = _cells(r, words, lang, money, model) + ([r["figure"]] if lang == "en" else [])
            for c, v in enumerate(values, start=1):
                cell = put(ws, i, c, v)
                number_format(cell)
                if c <= len(COLUMNS) and COLUMNS[c - 1] in ("note", "why"):
                    cell.alignment = WRAP
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
        fit_widths(ws, skip_rows=(1, 2))
    if not wb.sheetnames:
        ws = wb.create_sheet(short_title(words["title"], taken))
        put(ws, 1, 1, words["none"])
    return save_atomic(wb, out)
