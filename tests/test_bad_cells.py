"""Workbook cells from strangers (symbiosis/load/xlsx_cells.py) and actuals from the future.

Where a number is expected, a yes/no, NaN, an infinity, an Excel error or a formula saved
without its value is one message naming sheet!cell, exit 2, nothing written; a formula
saved with its value reads as that value. Actuals for a year after this one are refused
at their cell, and ``template-actuals`` will not write a file for such a year.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from symbiosis.present.xlsx_template import write_template

FIX = Path(__file__).parent / "fixtures"
NEXT_YEAR = dt.date.today().year + 1


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory) -> Path:
    model = yaml.safe_load((FIX / "tiny-park.yaml").read_text(encoding="utf-8"))
    return write_template(tmp_path_factory.mktemp("book") / "tiny.xlsx", model)


def _capacity_cell(path: Path) -> str:
    """The cell of pg-board's capacity on the exchanges sheet, e.g. "L4"."""
    ws = openpyxl.load_workbook(path)["exchanges"]
    col = next(c for c in ws[1] if c.value == "capacity").column_letter
    row = next(c.row for c in ws["A"] if c.value == "pg-board")
    return f"{col}{row}"


def _patch_xml(path: Path, cell: str, xml: str) -> None:
    """Write cell ``cell`` of the exchanges sheet as raw XML, as a hand-made file may
    (openpyxl writes sheet N of the workbook as xl/worksheets/sheetN.xml)."""
    src = path.with_suffix(".src.xlsx")
    shutil.move(path, src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        names = re.findall(r'<sheet [^>]*name="([^"]+)"', zin.read("xl/workbook.xml").decode())
        part = f"xl/worksheets/sheet{names.index('exchanges') + 1}.xml"
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text = data.decode()
                data = re.sub(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', xml, text, count=1).encode()
                assert data != text.encode()
            zout.writestr(item, data)


@pytest.mark.parametrize("value, words", [
    (True, "TRUE is a yes/no, not a number"),
    ("nan", "'nan' is not a finite number"),
    ("-inf t", "'-inf t' is not a finite number"),
    ("1e999", "'1e999' is not a finite number"),
    ("#DIV/0!", "the cell shows the Excel error #DIV/0!"),
    ("=8000*2", "holds the formula '=8000*2' but no computed number"),
    ("=HYPERLINK(\"http://x\")", "holds the formula '=HYPERLINK(\"http://x\")' but no computed"),
    ("xml:<c r=\"{cell}\" t=\"n\"><v>nan</v></c>", "'nan' is not a finite number"),
])
def test_a_cell_without_a_number_is_named_once(tiny_book, tmp_path, value, words):
    book = tmp_path / "b.xlsx"
    shutil.copy(tiny_book, book)
    cell = _capacity_cell(book)
    if isinstance(value, str) and value.startswith("xml:"):
        _patch_xml(book, cell, value[4:].format(cell=cell))
    else:
        wb = openpyxl.load_workbook(book)
        wb["exchanges"][cell] = value
        wb.save(book)
    p = _cli("import-xlsx", str(book), "--out", str(tmp_path / "m.yaml"))
    err = " ".join(p.stderr.split())
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert f"b.xlsx: exchanges!{cell}" in err and words in err, err
    assert "problems" not in err and not (tmp_path / "m.yaml").exists()  # one message


def test_a_formula_saved_with_its_value_reads_as_that_value(tiny_book, tmp_path):
    book = tmp_path / "b.xlsx"
    shutil.copy(tiny_book, book)
    cell = _capacity_cell(book)
    _patch_xml(book, cell, f'<c r="{cell}"><f>2*3500</f><v>7000</v></c>')
    p = _cli("import-xlsx", str(book), "--out", str(tmp_path / "m.yaml"))
    assert p.returncode == 0, p.stderr
    model = yaml.safe_load((tmp_path / "m.yaml").read_text(encoding="utf-8"))
    assert model["exchanges"]["pg-board"]["capacity"]["value"] == 7000


def _actuals_csv(tmp: Path, year: int) -> Path:
    text = (FIX / "monitor" / "tiny-2024.csv").read_text(encoding="utf-8")
    path = tmp / "actuals.csv"
    path.write_text(text.replace("2024,", f"{year},"), encoding="utf-8")
    return path


def test_actuals_of_a_year_to_come_are_refused_at_their_cell(tmp_path):
    p = _cli("monitor", str(FIX / "tiny-park.yaml"), str(_actuals_csv(tmp_path, NEXT_YEAR)),
             "--out", str(tmp_path / "mon"))
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert f"actuals.csv: row 2, column 'year': {NEXT_YEAR} is after this year" in p.stderr
    assert not (tmp_path / "mon").exists()


def test_this_years_actuals_are_read(tmp_path):
    p = _cli("monitor", str(FIX / "tiny-park.yaml"),
             str(_actuals_csv(tmp_path, dt.date.today().year)), "--out", str(tmp_path / "mon"))
    assert p.returncode == 0, p.stderr


def _actuals_book(tmp: Path, edit) -> Path:
    rows = [r.split(",") for r in (FIX / "monitor" / "tiny-2024.csv").read_text(
        encoding="utf-8").splitlines()]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "actuals"
    for r in rows:
        ws.append([int(v) if v.isdigit() else v or None for v in r])
    edit(ws)
    wb.save(tmp / "actuals.xlsx")
    return tmp / "actuals.xlsx"


@pytest.mark.parametrize("edit, cell, words", [
    (lambda ws: ws.__setitem__("A2", NEXT_YEAR), "actuals!A2", f"{NEXT_YEAR} is after this year"),
    (lambda ws: ws.__setitem__("E3", "=10*1"), "actuals!E3",
     "holds the formula '=10*1' but no computed number"),
])
def test_bad_cells_of_an_actuals_workbook_are_named(tmp_path, edit, cell, words):
    book = _actuals_book(tmp_path, edit)
    p = _cli("monitor", str(FIX / "tiny-park.yaml"), str(book), "--out", str(tmp_path / "mon"))
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert f"actuals.xlsx: {cell}" in p.stderr and words in " ".join(p.stderr.split()), p.stderr


def test_no_template_for_a_year_to_come(tmp_path):
    out = tmp_path / "a.xlsx"
    p = _cli("template-actuals", str(FIX / "tiny-park.yaml"), "--year", str(NEXT_YEAR),
             "--out", str(out))
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert f"a.xlsx: --year: {NEXT_YEAR} is after this year" in p.stderr and not out.exists()
