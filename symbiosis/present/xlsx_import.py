"""A filled data-collection workbook read back into a park model dict, then validated.

Validation is the package's own (schema, unit and reference resolution, consistency
checks), so a workbook passes exactly when the YAML it becomes would. While reading,
every dotted key of the model is remembered with the cell it came from; an error about
``exchanges.pg-cement.capacity.value`` is then reported at ``exchanges!L12 (capacity)``.

Every problem of a workbook is reported at once, in sheet and row order: a row that
cannot be read is skipped and the others are read; the model's values are then checked
round after round (``xlsx_problems``). A sheet or a required column missing stops there:
the cells cannot be checked without it. The consistency checks run once everything else
is right.
"""

from __future__ import annotations

import copy
import difflib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import BaseModel

from symbiosis.errors import InputError, input_problems
from symbiosis.load import schema as s
from symbiosis.load.checks import run_checks
from symbiosis.load.xlsx_cells import NUMERIC, clean as _clean, has_formulas, number_problem
from symbiosis.load.xlsx_cells import unreadable_number
from symbiosis.present import xlsx_layout as L
from symbiosis.present.xlsx_problems import MAX_PROBLEMS, resolve_all

_SCHEMA = {"sources": s.Source, "properties": s.Property, "resources": s.Resource,
           "tenants": s.Tenant, "partners": s.Partner, "exchanges": s.Exchange,
           "measures": s.Measure}


@dataclass(frozen=True)
class Ref:
    """Where a key was read: a cell, a column missing from the sheet, or a whole sheet."""

    sheet: str
    row: int | None
    letter: str | None
    col: str

    def text(self, rest: str = "") -> str:
        if self.row is None:
            return f"{self.sheet} sheet (no row '{rest}')" if rest else f"{self.sheet} sheet"
        if self.letter is None:
            where = f"{self.sheet} row {self.row}, column '{self.col}' (not on the sheet)"
        else:
            where = f"{self.sheet}!{self.letter}{self.row} ({self.col})"
        return where + (f", key '{rest}'" if rest else "")


def _set(entry: dict[str, Any], path: tuple[Any, ...], value: Any) -> bool:
    for part in path[:-1]:
        nxt = entry.setdefault(part, {})
        if not isinstance(nxt, dict):
            return False
        entry = nxt
    if path[-1] in entry:
        return False
    entry[path[-1]] = value
    return True


def _order(entry: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Keys in the order of the file format, so the YAML reads like a hand-written one."""
    keys = [f.alias or n for n, f in model.model_fields.items()]
    return {k: entry[k] for k in keys if k in entry} | {k: v for k, v in entry.items()
                                                          if k not in keys}


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.wb = load_workbook(path, data_only=True)
            # the formulas too, only where there are any: an uncomputed one reads as empty
            self.formulas = load_workbook(path) if has_formulas(path) else None
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            raise InputError(f"not an Excel workbook (.xlsx) ({exc})", path) from None
        except (ValueError, TypeError) as exc:  # a cell openpyxl cannot read
            raise InputError(unreadable_number(path) or f"the workbook cannot be read "
                             f"({str(exc).splitlines()[0]})", path) from None
        self.bad_cells: set[tuple[str, int, str | None]] = set()  # each told once
        self.refs: dict[str, Ref] = {}
        self.problems: list[tuple[int, int, int, str]] = []  # (sheet, row, order, text)
        self.broken = False  # a sheet or required column is missing: cells not checked
        self.skipped: set[str] = set()  # owners of skipped rows: what follows is no news
        self.unchecked: str | None = None  # why some values were not checked

    def flag(self, where: Ref | str, message: str, sheet: str | None = None,
             row: int | None = None) -> None:
        """Note a problem; ``sheet`` and ``row`` order it (a Ref carries its own)."""
        if isinstance(where, Ref):
            text, sheet, row = where.text(), where.sheet, where.row
        else:
            text = where
        order = L.SHEET_ORDER.index(sheet) if sheet in L.SHEET_ORDER else len(L.SHEET_ORDER)
        self.problems.append((order, row or 0, len(self.problems), f"{text}: {message}"))

    def error(self) -> InputError | None:
        if not self.problems:
            return None
        texts = [p[3] for p in sorted(self.problems)]
        note = ("the values are checked once the sheets and columns are complete"
                if self.broken else self.unchecked)
        return input_problems(texts, self.path, note)

    def where(self, dotted: str) -> tuple[str, Ref | None]:
        parts = dotted.split(".") if dotted else []
        for n in range(len(parts), 0, -1):
            ref = self.refs.get(".".join(parts[:n]))
            if ref is not None:
                return ref.text(".".join(parts[n:])), ref
        return dotted or "workbook", None

    # ---------------------------------------------------------------- one sheet as rows

    def table(self, name: str, cols: tuple[L.Col, ...]
              ) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, str]]:
        if name not in self.wb.sheetnames:  # reported by model()
            return [], {}
        ws = self.wb[name]
        known = {c.key: c for c in cols}
        index: dict[str, int] = {}
        for i, cell in enumerate(next(ws.iter_rows(min_row=L.KEY_ROW, max_row=L.KEY_ROW)), 1):
            key = _clean(cell.value, "text")
            if key is None:
                continue
            letter = get_column_letter(i)
            at = f"{name}!{letter}{L.KEY_ROW}"
            if key in index:
                self.flag(at, f"column '{key}' appears twice (also in column "
                          f"{get_column_letter(index[key] + 1)})", name, L.KEY_ROW)
                continue
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.flag(at, f"unknown column '{key}'{hint}; row {L.KEY_ROW} holds the "
                          "column keys", name, L.KEY_ROW)
                continue
            index[key] = i - 1
        for pos, col in enumerate(cols):
            if col.required and col.key not in index:
                letter = get_column_letter(pos + 1)
                after = f", after '{cols[pos - 1].key}'" if pos else ""
                self.flag(f"{name}!{letter}{L.KEY_ROW}", f"required column '{col.key}' is "
                          f"missing (row {L.KEY_ROW} holds the column keys; the template "
                          f"has it in column {letter}{after})", name, L.KEY_ROW)
                self.broken = True
        letters = {k: get_column_letter(i + 1) for k, i in index.items()}
        rows = []
        for r, values in enumerate(ws.iter_rows(min_row=L.FIRST_DATA_ROW, values_only=True),
                                   start=L.FIRST_DATA_ROW):
            row = {c.key: _clean(values[index[c.key]] if c.key in index
                                 and index[c.key] < len(values) else None, c.kind) for c in cols}
            for c in cols if name != "park" else ():  # the park sheet: by row, in park()
                if c.kind in NUMERIC and c.key in letters:
                    self.number_cell(name, r, letters[c.key], c.key, row)
            if any(v is not None for k, v in row.items() if known[k].kind != "info"):
                rows.append((r, row))
        return rows, letters

    def number_cell(self, sheet: str, r: int, letter: str, key: str, row: dict) -> None:
        """A cell where a number is expected that holds none: told here, once, at its cell
        (and emptied, so that nothing later reports it again)."""
        formula = self.formulas[sheet][f"{letter}{r}"].value if self.formulas else None
        why = number_problem(row[key], formula if isinstance(formula, str)
                             and formula.startswith("=") else None)
        if why:
            self.flag(Ref(sheet, r, letter, key), why)
            self.bad_cells.add((sheet, r, letter))
            row[key] = None

    # ---------------------------------------------------------------- the park sheet

    def park(self) -> dict[str, Any]:
        rows, letters = self.table("park", L.PARK_COLS)
        kinds = {k: kind for k, _, _, _, kind in L.PARK_ROWS}
        self.refs["park"] = Ref("park", None, None, "key")
        park: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for r, row in rows:
            def at(col: str, r: int = r) -> Ref:
                return Ref("park", r, letters.get(col), col)
            key = row["key"]
            given = {k: row[k] for k in ("value", "source", "note") if row[k] is not None}
            if key is None:
                if given:
                    self.flag(at("key"), "a value without a key (write the key in "
                              "column A, e.g. vnd_per_usd)")
                continue
            if key in seen:
                self.flag(at("key"), f"key '{key}' is also on row {seen[key]}")
                continue
            seen[key] = r
            grid = key.startswith(L.GRID_PREFIX)
            keyed = grid or key.startswith(L.RATE_PREFIX)
            is_fig = keyed or key in L.PARK_FIGURES
            if (is_fig or kinds.get(key) in NUMERIC) and "value" in letters:
                self.number_cell("park", r, letters["value"], "value", row)
                if row["value"] is None:
                    given.pop("value", None)
            base = f"park.{key}"
            known = keyed or key in kinds
            self.refs[base] = at("value" if known else "key")
            if is_fig:
                for part in ("value", "source", "note"):
                    self.refs[f"{base}.{part}"] = at(part)
            if not given:
                continue
            if is_fig:
                value: Any = given
            elif set(given) != {"value"}:
                extra = "source" if "source" in given else "note"
                self.flag(at(extra), f"'{key}' is not a figure: give only its value "
                          "(figures here are vnd_per_usd, exchange_rates.CODE "
                          "and grid_factors.YEAR)")
                continue
            else:
                value = _clean(row["value"], kinds.get(key, "value"))
            path: tuple[Any, ...] = tuple(key.split("."))
            if grid and path[1].isdigit():
                path = ("grid_factors", int(path[1]))
            if not _set(park, path, value):
                self.flag(at("key"), f"'{key}' clashes with another row's key")
        return _order(park, s.ParkInfo)

    # ---------------------------------------------------------------- one entry per row

    def entities(self, sheet: L.Sheet) -> dict[str, dict[str, Any]]:
        rows, letters = self.table(sheet.name, sheet.cols)
        out: dict[str, dict[str, Any]] = {}
        first: dict[str, int] = {}
        for r, row in rows:
            def at(col: L.Col, r: int = r) -> Ref:
                return Ref(sheet.name, r, letters.get(col.key), col.key)
            idc = sheet.cols[0]
            eid = row[idc.key]
            if eid is None:
                self.flag(at(idc), "the id is empty; every row needs one")
                continue
            if eid in out:
                self.flag(at(idc), f"id '{eid}' is also on row {first[eid]}")
                continue
            first[eid] = r
            base = f"{sheet.section}.{eid}"
            self.refs[base] = at(idc)
            entry: dict[str, Any] = {}
            for col in sheet.cols[1:]:
                for n in range(1, len(col.path) + 1):
                    self.refs.setdefault(".".join((base,) + col.path[:n]), at(col))
                if row[col.key] is not None:
                    _set(entry, col.path, row[col.key])
            out[eid] = entry
        return out

    # ---------------------------------------------------------------- maps inside entries

    def children(self, child: L.ChildSheet, parents: dict[str, dict[str, Any]]) -> None:
        rows, letters = self.table(child.name, child.all_cols)
        section, what = child.parent.section, child.parent.name.rstrip("s")
        first: dict[str, int] = {}
        for r, row in rows:
            def at(col: L.Col, r: int = r) -> Ref:
                return Ref(child.name, r, letters.get(col.key), col.key)
            owner = row[child.owner.key]
            if owner is None:
                self.flag(at(child.owner), f"empty: which {what}?")
                continue
            if owner not in parents:
                self.flag(at(child.owner), f"unknown {what} '{owner}' (not on the "
                          f"{child.parent.name} sheet)")
                continue
            side = ""
            if child.side is not None:
                side = (row[child.side.key] or "").lower()
                if side not in child.sides:
                    got = f"'{row[child.side.key]}'" if row[child.side.key] else "empty"
                    self.flag(at(child.side), f"{got}: write one of {', '.join(child.sides)}")
                    self.skipped.add(owner)
                    continue
            mapkey, member = child.sides[side], row[child.member.key]
            if side == "direct_co2":
                if member is not None:
                    self.flag(at(child.member), "leave it empty for a direct_co2 effect")
                    self.skipped.add(owner)
                    continue
                base, key_ref = f"{section}.{owner}.{mapkey}", at(child.side)
            else:
                if member is None:
                    self.flag(at(child.member), "empty: which resource?")
                    self.skipped.add(owner)
                    continue
                base, key_ref = f"{section}.{owner}.{mapkey}.{member}", at(child.member)
            if base in first:
                self.flag(key_ref, f"{what} '{owner}' already has this {child.member.key} "
                          f"on row {first[base]}")
                continue
            first[base] = r
            self.refs[base] = key_ref
            item: dict[str, Any] = {}
            for col in child.cols:
                self.refs[".".join((base,) + col.path)] = at(col)
                if row[col.key] is not None:
                    _set(item, col.path, row[col.key])
            entry = parents[owner]
            if side == "direct_co2":
                entry[mapkey] = item
            else:
                entry.setdefault(mapkey, {})[member] = item

    # ---------------------------------------------------------------- the whole model

    def model(self) -> dict[str, Any]:
        for name in (n for n in L.SHEET_ORDER if n not in self.wb.sheetnames):
            self.flag(f"{name} sheet", f"missing from the workbook (it has: "
                      f"{', '.join(self.wb.sheetnames)}); start from `symbiosis "
                      "template-xlsx`", name)
            self.broken = True
        model: dict[str, Any] = {"park": self.park()}
        for sheet in L.ENTITY_SHEETS:
            model[sheet.section] = self.entities(sheet)
        for child in L.CHILD_SHEETS:
            self.children(child, model[child.parent.section])
        for section, cls in _SCHEMA.items():
            model[section] = {k: _order(v, cls) for k, v in model[section].items()}
        return model

    def check(self, model: dict[str, Any], warnings: list[str] | None) -> None:
        """Every problem of the model's values, then (if none) of the consistency checks."""
        if self.broken:
            return
        park, complete = resolve_all(copy.deepcopy(model), self.path, self._flag_key,
                                     gone=self.skipped)
        if not complete:
            self.unchecked = (f"stopped after {MAX_PROBLEMS} problems of values"
                              if len(self.problems) >= MAX_PROBLEMS else
                              "some values could not be checked") + "; the rest show once " \
                "these are fixed"
        if park is None:
            return
        for f in run_checks(park):
            if f.level == "error":
                self._flag_key(f.key, f"{f.message} [{f.check}]")
            elif warnings is not None:
                warnings.append(f"{self.where(f.key)[0]}: {f.message} [{f.check}]")

    def _flag_key(self, dotted: str, message: str) -> None:
        """A problem at a dotted key of the model, reported at the cell it came from."""
        where, ref = self.where(dotted)
        if ref is not None and (ref.sheet, ref.row, ref.letter) in self.bad_cells:
            return  # told at the cell already
        if message.startswith("required key is missing") and ref is not None and ref.letter:
            message = message.replace("required key is missing", "required, but the cell is empty")
        if ref is not None:
            self.flag(where, message, ref.sheet, ref.row)
        else:
            self.flag(where, message)


def import_workbook(path: Path, warnings: list[str] | None = None) -> dict[str, Any]:
    """A park model dict (the YAML file format) from a filled data-collection workbook.

    Raises InputError naming the sheet, row and column of the problem; with several,
    ``InputProblems`` lists them all, in sheet and row order. Warnings of the consistency
    checks are appended to ``warnings`` when a list is given and the workbook is right.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("workbook not found", path)
    reader = _Reader(path)
    model = reader.model()
    reader.check(model, warnings)
    problem = reader.error()
    if problem is not None:
        if warnings is not None:
            warnings.clear()
        raise problem
    return model
