"""The data-collection workbook: empty, or filled from a park model dict.

Filled from ``models/tang-loong.yaml`` it is also the proof that the layout holds the
whole model: every key must land in a cell, or writing stops (``import_workbook`` then
gives the same dict back).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from symbiosis.errors import InputError
from symbiosis.present import xlsx_layout as L
from symbiosis.present.xlsx_style import (BOLD, HEADER_FILL, MUTED, NOTE_FILL, WRAP, fit_widths,
                                          put, save_atomic)

VALIDATION_ROWS = 2000  # drop-down lists cover this many data rows

README = """\
Data-collection workbook for a symbiosis park model (mô hình khu công nghiệp).

Row 1 of every sheet holds the column keys the importer reads: do not rename them.
Row 2 gives the unit, row 3 what the column means. Data start on row 4.

Every number is a figure with three columns: the value, its source and a note.
- The value is a bare number in the unit of row 2, or text with a unit: "850 kt",
  "53.7 GWh", "1811 VND/kWh", "5 USD/t", "300 bn VND", "3000 m3/day".
- The source is an id on the sources sheet, or the word estimate.
- The note says how the number was obtained. Keep it: the report lists it.
An empty cell means the key is absent (no price: cannot be bought; no flag: not known).
A unit shown only by a cell's number format is not read: type the unit into the cell
as text ("850 kt"), or give the bare number in the unit of row 2. Formulas are read
as the value Excel last computed for them.

Sheets:
{sheets}

Import with:  symbiosis import-xlsx THIS_FILE --out model.yaml
Errors name the sheet, the row and the column, e.g. exchanges!L12 (capacity).
The file format is in docs/model-format.md.
"""


def _get(entry: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(entry, dict) or part not in entry:
            return None
        entry = entry[part]
    return entry


def _leaves(entry: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths of the values in ``entry``; an empty map or a null holds nothing to keep."""
    if isinstance(entry, dict):
        return [leaf for k, v in entry.items() for leaf in _leaves(v, path + (str(k),))]
    return [] if entry is None else [path]


def _check_covered(entry: dict[str, Any], cols: tuple[L.Col, ...], where: str,
                   skip: tuple[str, ...] = ()) -> None:
    """Refuse a model key that has no cell: a round trip would lose it silently."""
    paths = {c.path for c in cols}
    for leaf in _leaves(entry):
        if leaf and leaf[0] in skip:
            continue
        if leaf not in paths:
            key = ".".join((where,) + leaf)
            raise InputError(f"'{key}' has no column in the workbook layout (is it a key of the "
                             "file format? see docs/model-format.md)", key=key)


def _header(ws: Worksheet, cols: tuple[L.Col, ...]) -> None:
    for c, col in enumerate(cols, start=1):
        put(ws, L.KEY_ROW, c, col.key)
        put(ws, L.UNIT_ROW, c, col.unit)
        put(ws, L.DESC_ROW, c, col.desc)
    for cell in ws[L.KEY_ROW]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for r in (L.UNIT_ROW, L.DESC_ROW):
        for cell in ws[r]:
            cell.font, cell.fill, cell.alignment = MUTED, NOTE_FILL, WRAP
    ws.freeze_panes = ws.cell(row=L.FIRST_DATA_ROW, column=2)
    # openpyxl cannot auto-size rows; wrapped descriptions need the room set by hand
    ws.row_dimensions[L.UNIT_ROW].height = 30
    ws.row_dimensions[L.DESC_ROW].height = 75


def _validations(ws: Worksheet, cols: tuple[L.Col, ...]) -> None:
    last = L.FIRST_DATA_ROW + VALIDATION_ROWS
    lists = {"tenants": "tenants", "resources": "resources", "partners": "partners",
             "measures": "measures"}
    for c, col in enumerate(cols, start=1):
        letter = get_column_letter(c)
        formula = None
        if col.choices:
            formula = '"' + ",".join(col.choices) + '"'
        elif col.kind == "ref" and col.unit.startswith("id on the "):
            target = col.unit.removeprefix("id on the ").removesuffix(" sheet")
            if target in lists:  # Excel lists cannot span sheets; resources for production fail
                formula = f"{target}!$A${L.FIRST_DATA_ROW}:$A${last}"
        if formula is None:
            continue
        # A warning, not a stop: a product name or a tenant still to be added is legitimate.
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            errorStyle="warning" if col.kind == "ref" else "stop",
                            showErrorMessage=True)
        dv.error = f"{col.key}: {col.unit}"
        ws.add_data_validation(dv)
        dv.add(f"{letter}{L.FIRST_DATA_ROW}:{letter}{last}")


def _park_sheet(ws: Worksheet, park: dict[str, Any] | None) -> None:
    _header(ws, L.PARK_COLS)
    rows: list[tuple[str, Any, Any, Any, str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for key, unit, desc, is_fig, _ in L.PARK_ROWS:
        prefix = next((p for p in L.KEYED if key.startswith(p)), None)
        if prefix:
            group = prefix[:-1]
            keys = list((park or {}).get(group) or {}) or ([] if park else L.KEYED[prefix])
            for y in keys:
                fig = park[group][y] if park else {}
                rows.append((f"{prefix}{y}", fig.get("value"), fig.get("source"),
                             fig.get("note"), unit, desc))
                seen.update((group, str(y), p) for p in fig)
                _check_figure(fig, f"park.{group}.{y}")
            continue
        path = tuple(key.split("."))
        v = _get(park, path) if park else None
        if park is not None and v is None and key in ("currency", "location.source"):
            continue  # defaults: a row would only add noise
        if is_fig:
            v = v or {}
            _check_figure(v, f"park.{key}")
            rows.append((key, v.get("value"), v.get("source"), v.get("note"), unit, desc))
            seen.update(path + (p,) for p in v)
        else:
            rows.append((key, v, None, None, unit, desc))
            seen.add(path)
    if park:
        for leaf in _leaves(park):
            if leaf not in seen:
                raise InputError(f"'park.{'.'.join(leaf)}' has no row in the workbook layout",
                                 key="park." + ".".join(leaf))
    for r, row in enumerate(rows, start=L.FIRST_DATA_ROW):
        for c, v in enumerate(row, start=1):
            put(ws, r, c, v)
    fit_widths(ws, max_width=50, skip_rows=(L.UNIT_ROW, L.DESC_ROW))


def _check_figure(fig: Any, where: str) -> None:
    if not isinstance(fig, dict) or set(fig) - {"value", "source", "note"}:
        raise InputError(f"'{where}' is not a figure {{value, source, note}}", key=where)


def _entity_sheet(ws: Worksheet, sheet: L.Sheet, model: dict[str, Any] | None,
                  skip: tuple[str, ...]) -> None:
    _header(ws, sheet.cols)
    entries = (model or {}).get(sheet.section) or {}
    for r, (eid, entry) in enumerate(entries.items(), start=L.FIRST_DATA_ROW):
        entry = entry or {}
        _check_covered(entry, sheet.cols, f"{sheet.section}.{eid}", skip)
        for c, col in enumerate(sheet.cols, start=1):
            put(ws, r, c, str(eid) if col.path == () else _get(entry, col.path))
    _validations(ws, sheet.cols)
    fit_widths(ws, skip_rows=(L.UNIT_ROW, L.DESC_ROW))


def _child_sheet(ws: Worksheet, child: L.ChildSheet, model: dict[str, Any] | None) -> None:
    cols = child.all_cols
    _header(ws, cols)
    r = L.FIRST_DATA_ROW
    for eid, entry in ((model or {}).get(child.parent.section) or {}).items():
        for side, key in child.sides.items():
            value = (entry or {}).get(key)
            if not value:
                continue
            # direct_co2 of a measure is one effect, not a map of them
            members = {None: value} if side == "direct_co2" else value
            for rid, item in members.items():
                where = ".".join(str(p) for p in (child.parent.section, eid, key, rid) if p)
                _check_covered(item, child.cols, where)
                row = [eid] + ([side] if child.side else []) + [rid]
                row += [_get(item, col.path) for col in child.cols]
                for c, v in enumerate(row, start=1):
                    put(ws, r, c, v)
                r += 1
    _validations(ws, cols)
    fit_widths(ws, skip_rows=(L.UNIT_ROW, L.DESC_ROW))


def _readme(ws: Worksheet) -> None:
    about = {s.name: s.about for s in L.ENTITY_SHEETS + L.CHILD_SHEETS}
    about["park"] = "the park itself: one row per key (name, exchange rate, grid factors)"
    text = README.format(sheets="\n".join(f"- {n}: {about[n]}" for n in L.SHEET_ORDER))
    for r, line in enumerate(text.splitlines(), start=1):
        put(ws, r, 1, line)
    ws["A1"].font = BOLD
    ws.column_dimensions["A"].width = 100


def write_template(out: Path, model: dict[str, Any] | None = None) -> Path:
    """Write the data-collection workbook; with ``model`` (a park model dict), filled from it."""
    if model is not None and not isinstance(model, dict):
        raise InputError("a park model must be a mapping")
    if model is not None:
        unknown = set(model) - {"park"} - {s.section for s in L.ENTITY_SHEETS}
        if unknown:
            raise InputError(f"unknown top-level key(s) {', '.join(sorted(unknown))} "
                             "(the file format is in docs/model-format.md)")
    wb = Workbook()
    _readme(wb.active)
    wb.active.title = "README"
    sheets = {s.name: s for s in L.ENTITY_SHEETS}
    children = {c.name: c for c in L.CHILD_SHEETS}
    child_keys = {c.parent.section: tuple(c.sides.values()) for c in L.CHILD_SHEETS}
    for name in L.SHEET_ORDER:
        ws = wb.create_sheet(name)
        if name == "park":
            _park_sheet(ws, (model or {}).get("park") if model is not None else None)
        elif name in sheets:
            _entity_sheet(ws, sheets[name], model, child_keys.get(sheets[name].section, ()))
        else:
            _child_sheet(ws, children[name], model)
    wb.active = 1  # open on the park sheet; only it selected, or Excel groups two sheets
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == "park"
    return save_atomic(wb, Path(out))
