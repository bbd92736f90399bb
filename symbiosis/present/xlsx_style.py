"""Cell writing, styles and saving shared by the result export and the data-collection workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from symbiosis.atomic import replace_with

BOLD = Font(bold=True)
MUTED = Font(italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NOTE_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write one value; text stays text even when it starts with '=' (a note, not a formula)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def number_format(cell: Any) -> None:
    """Thousands separators on big numbers: VND amounts run to 13 digits."""
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) >= 1000:
        cell.number_format = "#,##0"


def style_header(ws: Worksheet, row: int = 1, font: Font = BOLD, fill: PatternFill | None = None,
                 wrap: bool = False) -> None:
    for cell in ws[row]:
        cell.font = font
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = WRAP


def fit_widths(ws: Worksheet, min_width: int = 8, max_width: int = 60, sample: int = 300,
               skip_rows: tuple[int, ...] = ()) -> None:
    """Rough widths from the longest text in the first rows (a saved file cannot auto-fit)."""
    widths: dict[int, int] = {}
    rows = ws.iter_rows(max_row=min(sample, ws.max_row), values_only=True)
    for r, row in enumerate(rows, start=1):
        if r in skip_rows:
            continue
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            text = f"{v:,.0f}" if isinstance(v, float) and abs(v) >= 1000 else str(v)
            longest = max((len(line) for line in text.splitlines()), default=0)
            widths[c] = max(widths.get(c, 0), longest)
    for c in range(1, ws.max_column + 1):
        width = max(min_width, min(max_width, widths.get(c, 0) + 2))
        ws.column_dimensions[get_column_letter(c)].width = width


def save_atomic(wb: Workbook, out: Path) -> Path:
    """Save through a temp file in the same folder, so a reader never sees half a workbook."""
    return replace_with(Path(out), lambda tmp: wb.save(tmp))


def sheet_title(text: str) -> str:
    return text.translate(INVALID_SHEET_CHARS)
