"""Single cells of a data-collection workbook: what the YAML file would hold, and why a
cell where a number is expected holds none.

A workbook comes from a stranger. Where a number is expected, a cell may hold a yes/no
(TRUE is not 1 t), an infinity or NaN (``1e999``, ``nan``, ``-inf``), an Excel error
(``#DIV/0!``) or a formula. A formula whose computed number was saved with it (Excel
saves both) is read as that number, as anyone filling the sheet in Excel expects; one
saved without a number (written by a program that does not compute formulas) would
otherwise read as an empty cell and its figure would silently vanish: it is refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_TRUE, _FALSE = {"true", "yes", "y", "1", "x"}, {"false", "no", "n", "0"}
_NON_FINITE = re.compile(r"[-+]?(nan|inf(inity)?)(\s|$)", re.IGNORECASE)
_EXCEL_ERROR = re.compile(r"#(DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|"
                          r"GETTING_DATA)$", re.IGNORECASE)
_LEADING = re.compile(r"([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)(\s|$)")
NUMERIC = ("number", "value")  # column kinds that expect a number (with its unit)


def clean(v: Any, kind: str) -> Any:
    """A cell as the YAML file would hold it; None when empty."""
    if isinstance(v, str):
        v = v.strip()
        if not v:
            return None
    if v is None or kind == "info":
        return v
    if kind in NUMERIC:
        if isinstance(v, str) and _INT.fullmatch(v):
            return int(v)
        if isinstance(v, str) and _FLOAT.fullmatch(v) and math.isfinite(float(v)):
            return float(v)  # "1e999" stays text: the message shows it as written
        return v
    if kind == "bool":
        if isinstance(v, str) and v.lower() in _TRUE | _FALSE:
            return v.lower() in _TRUE
        if isinstance(v, int) and not isinstance(v, bool) and v in (0, 1):
            return bool(v)
        return v
    # text-like: Excel turns an id such as 2023 into a number, and a name into a date
    if isinstance(v, bool):
        return str(v).upper()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v)


def number_problem(value: Any, formula: str | None = None) -> str | None:
    """Why a cell where a number is expected holds none, or None (empty is fine here:
    whether the cell is required is the schema's to say)."""
    if isinstance(value, bool):
        return (f"{str(value).upper()} is a yes/no, not a number: write the number "
                "(with its unit if it has one)")
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number: write the number"
    text = value.strip() if isinstance(value, str) else None
    lead = _LEADING.match(text) if text else None
    if lead and not math.isfinite(float(lead.group(1))) or text and _NON_FINITE.match(text):
        return f"{text[:40]!r} is not a finite number: write the number"
    if text and _EXCEL_ERROR.match(text):
        return (f"the cell shows the Excel error {text}"
                + (f" of its formula {formula[:40]!r}" if formula else "")
                + ": fix the formula or write the number")
    if formula is not None and (value is None or value == ""):
        return (f"holds the formula {formula[:40]!r} but no computed number (the file was "
                "saved by a program that does not compute formulas): open and save it in "
                "Excel or LibreOffice, or write the number itself")
    return None


def has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula (then the formulas are read too, to tell an
    uncomputed formula from an empty cell)."""
    with zipfile.ZipFile(path) as z:
        return any(b"<f" in z.read(n) for n in z.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml"))


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def unreadable_number(path: Path) -> str | None:
    """"exchanges!L4: 'nan' …" for the first numeric cell (t="n") whose stored text is no
    number, which stops openpyxl with a bare ValueError; None when there is none."""
    try:
        with zipfile.ZipFile(path) as z:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
            for sheet in book.findall("m:sheets/m:sheet", _NS):
                part = target.get(sheet.get(f"{{{_NS['r']}}}id"), "").lstrip("/")
                part = part if part.startswith("xl/") else f"xl/{part}"
                root = ElementTree.fromstring(z.read(part))
                for c in root.iter(f"{{{_NS['m']}}}c"):
                    v = c.find("m:v", _NS)
                    if c.get("t", "n") == "n" and v is not None and v.text:
                        try:
                            ok = math.isfinite(float(v.text))
                        except ValueError:
                            ok = False
                        if not ok:
                            return (f"{sheet.get('name')}!{c.get('r')}: {v.text[:40]!r} is not "
                                    "a finite number: write the number")
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return None
    return None
