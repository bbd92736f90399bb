"""Every table of one or more result folders in one workbook, with a summary side by side."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from symbiosis.errors import InputError
from symbiosis.present.resultdir import ANALYSES, ResultDir, _typed, load_result_dir
from symbiosis.present.xlsx_style import (BOLD, HEADER_FILL, fit_widths, number_format, put,
                                          save_atomic, sheet_title, style_header)

TABLES = ("links", "tenants", "resources", "measures", "facilities", "decree35", "enterprises",
          "transfers")
INPUT_TABLES = (("changelog", "inputs/changelog.csv"), ("figures", "inputs/figures.csv"))
MAX_SHEET = 31  # Excel's limit on sheet names
# Summary keys first in reading order; the rest follow as the summary lists them.
FIRST_KEYS = ("scenario", "title", "park", "park_name", "status", "message", "objective",
              "cost_vnd_per_year", "carbon_cost_vnd_per_year", "co2_t_per_year",
              "co2_boundary_t_per_year", "co2_by_scope", "avoided_co2_t_per_year_external",
              "capex_vnd", "kpis", "decree35", "links", "measures", "baseline", "delta", "policy")


def _read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Header and typed rows; the header survives a table with no rows (resultdir drops it)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        return [], []
    return rows[0], [[_typed(v) for v in row] for row in rows[1:]]


def _tables(r: ResultDir) -> list[tuple[str, Path]]:
    """(table name, file) of every CSV in the folder: the known ones first, then any other."""
    out = [(n, r.path / f"{n}.csv") for n in TABLES + ANALYSES]
    out += [(n, r.path / f) for n, f in INPUT_TABLES]
    out = [(n, p) for n, p in out if p.is_file()]
    known = {p.name for _, p in out}
    out += [(p.stem, p) for p in sorted(r.path.glob("*.csv")) if p.name not in known]
    return out


def _sheet_name(label: str, table: str, taken: set[str]) -> str:
    """'<scenario>-<table>' within 31 characters and unique (Excel ignores case)."""
    label, table = sheet_title(label), sheet_title(table)[:MAX_SHEET - 2]
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"~{n}"
        room = MAX_SHEET - len(table) - len(suffix) - 1
        name = f"{label[:max(room, 1)]}-{table}{suffix}"[:MAX_SHEET]
        if name.lower() not in taken:
            taken.add(name.lower())
            return name
    raise InputError(f"too many sheets named like {label}-{table}")


def _unit(key: str, cur: str = "VND") -> str:
    """Unit of a summary key; money keys ("…_vnd…", their historic name) are in ``cur``."""
    k = key.lower()
    if k.endswith("vnd_per_year"):
        return f"{cur}/yr"
    if k.endswith("vnd_per_t"):
        return f"{cur}/t CO2e"
    if k.endswith("_vnd"):
        return cur
    if k.endswith("t_per_mwh"):
        return "t CO2e/MWh"
    if k.endswith("grid_mwh"):
        return "MWh/yr"
    if "scope" in k.split(".")[-1] or k.endswith(".disposal") or \
            ("co2" in k and k.endswith("t_per_year")):
        return "t CO2e/yr"
    if k.endswith("t_per_year"):
        return "t/yr"
    if k.endswith("share"):
        return "fraction"
    return ""


def _flatten(value: Any, key: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{key}.{k}" if key else str(k), out)
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[key] = "; ".join(str(v) for v in value)
    else:
        out[key] = value


def _summary_column(summary: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    keys = [k for k in FIRST_KEYS if k in summary] + [k for k in summary if k not in FIRST_KEYS]
    for key in keys:
        value = summary[key]
        if key == "decree35" and summary.get("criteria") == "none":
            continue  # no criteria set: nothing was checked
        if key == "decree35":
            for c in value or []:
                out[f"decree35.{c.get('id')}"] = c.get("status")
            counts: dict[str, int] = {}
            for c in value or []:
                counts[c.get("status")] = counts.get(c.get("status"), 0) + 1
            out["decree35 pass / fail / needs-evidence"] = " / ".join(
                str(counts.get(s, 0)) for s in ("pass", "fail", "needs-evidence"))
        elif key == "links":
            out["links built (new)"] = "; ".join(
                x["id"] for x in value or [] if x.get("built") and not x.get("existing"))
        elif key == "measures":
            out["measures adopted"] = "; ".join(x["id"] for x in value or [] if x.get("adopted"))
        else:
            _flatten(value, key, out)
    return out


def _summary(ws: Worksheet, labels: list[str], results: list[ResultDir]) -> None:
    columns = [_summary_column(r.summary) for r in results]
    curs = {r.summary.get("currency") or "VND" for r in results}
    cur = curs.pop() if len(curs) == 1 else "park currency (row 'currency')"
    keys: dict[str, None] = {}
    for col in columns:
        keys.update(dict.fromkeys(col))
    for c, v in enumerate(["", "unit"] + labels, start=1):
        put(ws, 1, c, v)
    for r, key in enumerate(keys, start=2):
        put(ws, r, 1, key)
        put(ws, r, 2, _unit(key, cur))
        for c, col in enumerate(columns, start=3):
            number_format(put(ws, r, c, col.get(key)))
    style_header(ws, fill=HEADER_FILL)
    for (cell,) in ws.iter_rows(min_col=1, max_col=1, max_row=ws.max_row):
        cell.font = BOLD
    ws.freeze_panes = "C2"
    fit_widths(ws, max_width=45)


def _table_sheet(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    for c, h in enumerate(header, start=1):
        put(ws, 1, c, h)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            number_format(put(ws, r, c, v))
    style_header(ws, fill=HEADER_FILL)
    ws.freeze_panes = "B2"
    if header:
        ws.auto_filter.ref = ws.dimensions
    fit_widths(ws)


def export_results(result_dirs: list[Path], out: Path) -> Path:
    """One workbook: a summary column per scenario, a contents sheet, then every table."""
    if not result_dirs:
        raise InputError("no result folder given")
    results = [load_result_dir(p) for p in result_dirs]
    labels: list[str] = []
    for r in results:  # two runs of one scenario (other --out folders) need two labels
        label, n = r.id, 2
        while label in labels:
            label, n = f"{r.id} ({n})", n + 1
        labels.append(label)
    wb = Workbook()
    summary = wb.active
    summary.title = "summary"
    contents = wb.create_sheet("contents")
    taken = {"summary", "contents"}
    index: list[list[Any]] = []
    for label, r in zip(labels, results):
        for table, path in _tables(r):
            header, rows = _read_table(path)
            name = _sheet_name(label, table, taken)
            _table_sheet(wb.create_sheet(name), header, rows)
            index.append([name, label, table, str(path), len(rows)])
    _summary(summary, labels, results)
    for c, h in enumerate(["sheet", "scenario", "table", "file", "rows"], start=1):
        put(contents, 1, c, h)
    for r, row in enumerate(index, start=2):
        for c, v in enumerate(row, start=1):
            put(contents, r, c, v)
        contents.cell(row=r, column=1).hyperlink = f"#'{row[0]}'!A1"
    style_header(contents, fill=HEADER_FILL)
    contents.freeze_panes = "A2"
    fit_widths(contents, max_width=80)
    return save_atomic(wb, Path(out))
