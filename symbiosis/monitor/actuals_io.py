"""Raw rows of an actuals file, CSV or XLSX, each with where it was read (actuals.py)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symbiosis.errors import InputError
from symbiosis.load.xlsx_cells import has_formulas, number_problem, unreadable_number

SHEET = "actuals"


@dataclass
class _Table:
    file: Path
    sheet: str | None  # None for CSV
    header: list[Any]
    rows: list[tuple[int, list[Any]]]

    def where(self, row: int, col: str, index: int | None) -> str:
        if self.sheet is None or index is None:
            return f"row {row}, column '{col}'"
        from openpyxl.utils import get_column_letter

        return f"{self.sheet}!{get_column_letter(index + 1)}{row} (row {row}, column '{col}')"

    def fail(self, row: int, col: str, index: int | None, message: str) -> InputError:
        return InputError(message, self.file, self.where(row, col, index))


def _read_csv(path: Path) -> _Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc}); save the CSV as UTF-8", path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path) from None
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else \
        "\t" if first.count("\t") > first.count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    if not records:
        raise InputError("the file is empty: it needs a header row (year, tenant, kind, item, "
                         "amount, unit, note); `symbiosis template-actuals` writes one", path)
    return _Table(path, None, records[0], [(i, r) for i, r in enumerate(records[1:], start=2)])


def _read_xlsx(path: Path) -> _Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"not an Excel workbook (.xlsx) ({exc})", path) from None
    try:
        names = {n.lower(): n for n in wb.sheetnames}
        if SHEET not in names:
            raise InputError(f"no sheet named '{SHEET}' (the workbook has: "
                             f"{', '.join(wb.sheetnames)}); `symbiosis template-actuals` "
                             "writes one", path)
        name = names[SHEET]
        rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
    except (ValueError, TypeError) as exc:  # a cell openpyxl cannot read ("nan" as a number)
        raise InputError(unreadable_number(path) or f"the workbook cannot be read "
                         f"({str(exc).splitlines()[0]})", path) from None
    finally:
        wb.close()
    if has_formulas(path):
        _uncomputed(path, name, rows)
    if not rows:
        raise InputError(f"sheet '{name}' is empty: it needs a header row", path)
    return _Table(path, name, rows[0], [(i, r) for i, r in enumerate(rows[1:], start=2)])


def _uncomputed(path: Path, name: str, rows: list[list[Any]]) -> None:
    """A formula saved without its computed value reads as an empty cell, which here means
    "not reported": refused at its cell instead (present/xlsx_cells.py)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wb = load_workbook(path, read_only=True)
    try:
        for r, cells in enumerate(wb[name].iter_rows(values_only=True), start=1):
            for i, f in enumerate(cells):
                got = rows[r - 1][i] if r <= len(rows) and i < len(rows[r - 1]) else None
                why = number_problem(got, f) if isinstance(f, str) and f.startswith("=") \
                    else None
                if why:
                    raise InputError(why, path, f"{name}!{get_column_letter(i + 1)}{r}")
    finally:
        wb.close()
