"""The actuals file: one year of measured data per enterprise, one fact per row.

It is a CSV file, or an Excel workbook with a sheet named ``actuals``. The header is
row 1; the order of the columns is free and their names ignore case.

| column | content |
| --- | --- |
| ``year`` | the reporting year; a file holds one year |
| ``tenant`` | a tenant id of the model |
| ``kind`` | ``production``, ``input``, ``output``, ``exchange``, ``measure`` or ``emission`` |
| ``item`` | production: a product of the tenant; input, output: a resource id; exchange: an exchange id; measure: a measure id; emission: ``scope1``, ``scope2``, ``scope3_upstream`` or ``disposal`` |
| ``amount`` | the year's amount; an empty cell means "not reported" |
| ``unit`` | the unit of ``amount``; empty = the model's unit. Converted with pint ("10 kt", "3000 m3/day") |
| ``note`` | free text |
| ``name``, ``plan_or_baseline``, ``source`` | information only (the template writes the first two) |

What an amount means:

- production: tonnes of the product made in the year;
- input: the amount of the resource itself that the tenant used in the year, bought or
  received through a link of the same resource. What a link delivers in place of the
  resource (phosphogypsum in place of natural gypsum) goes in that exchange's row;
- output: the amount of the by-product or stream released in the year, before any
  exchange;
- exchange: the flow through the link in the year, in the unit of the resource it
  carries. One row per link, under its supplier, receiver or processing tenant;
- measure: 1 (or yes) if the measure was kept up during the year, 0 (or no) if stopped;
- emission: t CO2e of one scope from the tenant's own inventory; it replaces the value
  computed from the other rows for that tenant and scope.

Every error names the file, the row (the header is row 1) and the column, with the
cell's letter for a workbook.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pint

from symbiosis.errors import InputError
from symbiosis.load.park import Park
from symbiosis.monitor.actuals_io import _Table, _read_csv, _read_xlsx
from symbiosis.units import describe, park_units

REQUIRED = ("year", "tenant", "kind", "item", "amount")
OPTIONAL = ("unit", "note", "name", "plan_or_baseline", "source")
COLUMNS = REQUIRED + OPTIONAL
KINDS = ("production", "input", "output", "exchange", "measure", "emission")
SCOPES = ("scope1", "scope2", "scope3_upstream", "disposal")
_YES = {"1", "yes", "y", "true", "x", "kept", "có", "co"}
_NO = {"0", "no", "n", "false", "stopped", "không", "khong"}
_NUM = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+")
_CO2 = re.compile(r"\s*CO(2|₂)e?\b")


@dataclass
class Actuals:
    """A year's facts in the model's canonical units; ``rows`` says where each came from."""

    file: Path
    year: int
    production: dict[tuple[str, str], float] = field(default_factory=dict)
    inputs: dict[tuple[str, str], float] = field(default_factory=dict)
    outputs: dict[tuple[str, str], float] = field(default_factory=dict)
    flows: dict[str, float] = field(default_factory=dict)
    measures: dict[str, bool] = field(default_factory=dict)
    emissions: dict[tuple[str, str], float] = field(default_factory=dict)
    notes: dict[tuple[str, ...], str] = field(default_factory=dict)
    rows: dict[tuple[str, ...], int] = field(default_factory=dict)  # fact key → row number
    blank: list[tuple[str, ...]] = field(default_factory=list)  # rows left empty

    def facts(self) -> int:
        return len(self.rows)


# ---------------------------------------------------------------- cell values

def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _number(v: Any) -> float:
    """A float, or ValueError with a message for the user."""
    if isinstance(v, bool):
        raise ValueError(f"'{v}' is not a number")
    if isinstance(v, (int, float)):
        if math.isnan(v) or math.isinf(v):
            raise ValueError(f"'{v}' is not a number")
        return float(v)
    s = str(v).strip().replace("\u00a0", "").replace(" ", "")
    if _NUM.fullmatch(s):
        return float(s)
    if _THOUSANDS.fullmatch(s):
        return float(s.replace(",", ""))
    if _DECIMAL_COMMA.fullmatch(s):
        raise ValueError(f"'{v}' is not a number: write decimals with a point "
                         f"({s.replace(',', '.')})")
    if re.match(r"[-+]?[\d.]", s):
        raise ValueError(f"'{v}' is not a number (put the unit in the 'unit' column)")
    raise ValueError(f"'{v}' is not a number")


def _convert(value: float, unit: str, target: str, ureg: pint.UnitRegistry) -> float:
    """``value`` in ``unit`` expressed in ``target``; an annual rate such as m3/day is allowed."""
    try:
        u = ureg.parse_units(unit)
    except Exception:
        raise ValueError(f"unknown unit '{unit}'") from None
    q = ureg.Quantity(value, u)
    for to in (target, f"({target}) / year"):
        try:
            return float(q.to(to).magnitude)
        except pint.DimensionalityError:
            continue
    raise ValueError(f"'{unit}' does not convert to {target}: it is {describe(q, ureg)}, "
                     f"{target} is {describe(ureg.Quantity(1, target), ureg)}")


def _suggest(word: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {what} '{word}' (did you mean '{close[0]}'?)"
    shown = ", ".join(sorted(known)[:12]) + (", …" if len(known) > 12 else "")
    return f"unknown {what} '{word}' (known: {shown})"


# ---------------------------------------------------------------- the reader

class _Reader:
    def __init__(self, table: _Table, park: Park):
        self.t = table
        self.park = park
        self.ureg = park_units(park)
        self.cols: dict[str, int] = {}

    def header(self) -> None:
        t = self.t
        for i, raw in enumerate(t.header):
            name = _text(raw)
            if name is None:
                continue
            key = name.lower().replace(" ", "_")
            if key not in COLUMNS:
                raise t.fail(1, name, i, _suggest(name, list(COLUMNS), "column")
                             .replace("(known:", "(columns:"))
            if key in self.cols:
                raise t.fail(1, name, i, f"column '{key}' appears twice")
            self.cols[key] = i
        missing = [c for c in REQUIRED if c not in self.cols]
        if missing:
            have = ", ".join(_text(h) for h in t.header if _text(h)) or "nothing"
            raise InputError(f"missing column '{missing[0]}' (the header has: {have}; it needs "
                             f"{', '.join(REQUIRED)})", t.file, "row 1 (header)")

    def cell(self, values: list[Any], col: str) -> Any:
        i = self.cols.get(col)
        return values[i] if i is not None and i < len(values) else None

    def fail(self, row: int, col: str, message: str) -> InputError:
        return self.t.fail(row, col, self.cols.get(col), message)

    def read(self) -> Actuals:
        self.header()
        a: Actuals | None = None
        year_row = 0
        seen: dict[tuple[str, ...], int] = {}
        for row, values in self.t.rows:
            if all(_text(self.cell(values, c)) is None for c in REQUIRED):
                continue
            for c in REQUIRED[:-1]:
                if _text(self.cell(values, c)) is None:
                    raise self.fail(row, c, f"'{c}' is empty")
            year = self.year(row, values)
            if a is None:
                a, year_row = Actuals(file=self.t.file, year=year), row
            elif year != a.year:
                raise self.fail(row, "year", f"year {year} differs from {a.year} in row "
                                f"{year_row}: one file holds one year")
            tenant = self.tenant(row, values)
            kind = self.kind(row, values)
            item, key = self.item(row, values, tenant, kind)
            raw = self.cell(values, "amount")
            if _text(raw) is None:
                a.blank.append(key)
                continue
            if key in seen:
                raise self.fail(row, "item", f"{kind} '{item}' is reported twice (also in row "
                                f"{seen[key]}); give each fact one row")
            seen[key] = row
            self.store(a, row, values, tenant, kind, item, key, raw)
        if a is None or not a.rows:
            raise InputError("no amount is filled in: nothing to monitor (fill the 'amount' "
                             "column of the rows you have data for)", self.t.file)
        return a

    def year(self, row: int, values: list[Any]) -> int:
        v = self.cell(values, "year")
        try:
            y = _number(v)
        except ValueError:
            raise self.fail(row, "year", f"'{_text(v)}' is not a year") from None
        if not y.is_integer() or not 1900 <= y <= 2200:
            raise self.fail(row, "year", f"'{_text(v)}' is not a year")
        this = dt.date.today().year
        if y > this:
            raise self.fail(row, "year", f"{int(y)} is after this year ({this}): actuals are "
                            "what was measured, and a year still to come has none (a plan "
                            "for it is a scenario)")
        return int(y)

    def tenant(self, row: int, values: list[Any]) -> str:
        tid = _text(self.cell(values, "tenant"))
        if tid not in self.park.tenants:
            if tid in self.park.partners:
                raise self.fail(row, "tenant", f"'{tid}' is a partner outside the park, not a "
                                "tenant: report its links in the supplier's exchange rows")
            raise self.fail(row, "tenant", _suggest(tid, list(self.park.tenants), "tenant"))
        return tid

    def kind(self, row: int, values: list[Any]) -> str:
        kind = _text(self.cell(values, "kind")).lower()
        if kind not in KINDS:
            raise self.fail(row, "kind", _suggest(kind, list(KINDS), "kind")
                            .replace("(known:", "(one of:"))
        return kind

    def item(self, row: int, values: list[Any], tid: str, kind: str
             ) -> tuple[str, tuple[str, ...]]:
        item = _text(self.cell(values, "item"))
        park, t = self.park, self.park.tenants[tid]
        bad = lambda msg: self.fail(row, "item", msg)  # noqa: E731
        if kind == "production":
            if item not in t.production:
                if not t.production:
                    raise bad(f"tenant '{tid}' has no production in the model (add "
                              f"tenants.{tid}.production to the model to report it)")
                raise bad(_suggest(item, list(t.production), f"product of '{tid}'"))
            return item, (kind, tid, item)
        if kind in ("input", "output"):
            side = t.inputs if kind == "input" else t.outputs
            if item in side:
                return item, (kind, tid, item)
            if item not in park.resources:
                raise bad(_suggest(item, list(park.resources), "resource"))
            links = [e.id for e in park.exchanges.values() if e.resource == item and (
                e.receiver == tid if kind == "input" else e.supplier == tid)]
            if links:
                raise bad(f"'{item}' reaches '{tid}' through exchange '{links[0]}': report it "
                          "in that exchange's row (kind exchange)")
            names = ", ".join(sorted(side)) or "none"
            raise bad(f"tenant '{tid}' has no {kind} '{item}' in the model (its {kind}s: {names})")
        if kind == "exchange":
            if item not in park.exchanges:
                raise bad(_suggest(item, list(park.exchanges), "exchange"))
            e = park.exchanges[item]
            ends = [n for n in (e.supplier, e.via, e.receiver) if n in park.tenants]
            if tid not in ends:
                raise self.fail(row, "tenant", f"exchange '{item}' joins {', '.join(ends)}, not "
                                f"'{tid}': report it under one of them")
            return item, (kind, item)
        if kind == "measure":
            if item not in park.measures:
                raise bad(_suggest(item, list(park.measures), "measure"))
            if park.measures[item].tenant != tid:
                raise self.fail(row, "tenant", f"measure '{item}' belongs to tenant "
                                f"'{park.measures[item].tenant}', not '{tid}'")
            return item, (kind, item)
        if item not in SCOPES:
            raise bad(_suggest(item, list(SCOPES), "emission scope")
                      .replace("(known:", "(one of:"))
        return item, (kind, tid, item)

    def target_unit(self, kind: str, item: str) -> str | None:
        park = self.park
        if kind in ("production", "emission"):
            return "t"
        if kind in ("input", "output"):
            return park.resources[item].unit
        if kind == "exchange":
            return park.resources[park.exchanges[item].resource].unit
        return None

    def store(self, a: Actuals, row: int, values: list[Any], tid: str, kind: str, item: str,
              key: tuple[str, ...], raw: Any) -> None:
        unit = _text(self.cell(values, "unit"))
        if kind == "measure":
            word = _text(raw).lower()
            if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw in (0, 1):
                kept = bool(raw)
            elif word in _YES | _NO:
                kept = word in _YES
            else:
                raise self.fail(row, "amount", f"'{_text(raw)}' is not 1 (kept up during the "
                                "year) or 0 (stopped)")
            if unit not in (None, "-", "1"):
                raise self.fail(row, "unit", f"a measure row takes no unit (got '{unit}')")
            a.measures[item] = kept
        else:
            try:
                value = _number(raw)
            except ValueError as exc:
                raise self.fail(row, "amount", str(exc)) from None
            if value < 0:
                raise self.fail(row, "amount", f"must not be negative (got {_text(raw)})")
            target = self.target_unit(kind, item)
            if unit is not None:
                text = _CO2.sub("", unit) if kind == "emission" else unit
                try:
                    value = _convert(value, text, target, self.ureg)
                except ValueError as exc:
                    raise self.fail(row, "unit", str(exc)) from None
            store = {"production": a.production, "input": a.inputs, "output": a.outputs,
                     "emission": a.emissions}
            if kind == "exchange":
                a.flows[item] = value
            else:
                store[kind][(tid, item)] = value
        a.rows[key] = row
        note = _text(self.cell(values, "note"))
        if note:
            a.notes[key] = note


def read_actuals(path: str | Path, park: Park) -> Actuals:
    """Read and check an actuals file (CSV, or XLSX with an ``actuals`` sheet) against a park."""
    path = Path(path)
    if not path.is_file():
        raise InputError("actuals file not found", path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = _read_csv(path)
    else:
        raise InputError("the actuals file must be .csv or .xlsx", path)
    return _Reader(table, park).read()
