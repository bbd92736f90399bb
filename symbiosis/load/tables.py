"""Park sections as CSV tables: one row per tenant (or exchange…), one column per key.

A park model file may say ::

    tables:
      tenants: tenants.csv       # relative to the park file
      exchanges: exchanges.csv

Each table has an ``id`` column and one column per dotted key of an entry as the YAML
form writes it (``name``, ``inputs.coal.value``, ``inputs.coal.source``, ``ratio.value``…).
An empty cell leaves the key out; any other cell reads as the same text would in the
YAML form (``12`` and ``0.95`` numbers, ``true`` a flag, ``[a, b]`` a list, ``10 kt``
text). The rows become the section as if written in the file, and
go through the same validation; an error in a row names the table, its line and column.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path
from typing import Any, Callable

import yaml

from symbiosis.errors import InputError
from symbiosis.load.yamlio import YamlDoc, read_text, read_yaml

SECTIONS = ("resources", "tenants", "partners", "exchanges", "measures")


def read_model(path: str | Path, what: str = "model file") -> YamlDoc:
    """A park model file (YAML or JSON) with its ``tables:`` read into their sections."""
    doc = read_yaml(path, what)
    tables = doc.data.get("tables")
    if tables is None:
        return doc
    if not isinstance(tables, dict):
        raise doc.error("'tables' maps a section (tenants, exchanges…) to a CSV file",
                        "tables")
    for section, name in tables.items():
        key = f"tables.{section}"
        if section not in SECTIONS:
            raise doc.error(f"no table for '{section}' (tables can hold "
                            f"{', '.join(SECTIONS)})", key)
        if not isinstance(name, str):
            raise doc.error("give the CSV file's name", key)
        file = doc.path.parent / name
        if not file.is_file():
            raise doc.error(f"table not found: {file}", key)
        inline = doc.data.get(section) or {}
        if not isinstance(inline, dict):
            raise doc.error("a section with a table must be a mapping", section)
        rows = _read(file, section, doc, inline)
        doc.data[section] = {**inline, **rows}
    del doc.data["tables"]
    return doc


_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")


def _cell(text: str) -> Any:
    """The cell as YAML reads the same text written as a plain value, so that a table and
    its YAML twin give the same model (``1e9`` stays text, as PyYAML keeps it)."""
    t = text.strip()
    if t[:1] in ("[", "{"):  # a flow list or mapping
        try:
            return yaml.safe_load(t)
        except yaml.YAMLError:
            return t
    tag = _RESOLVER.resolve(yaml.ScalarNode, t, (True, False))
    if tag == _STR:
        return t
    if tag.endswith(":int") and _PLAIN_INT.match(t):
        return int(t.replace("_", ""))
    if tag.endswith(":float") and ":" not in t and not t.lstrip("+-").startswith("."):
        return float(t.replace("_", ""))
    return yaml.safe_load(t)  # true/false, dates, hexadecimal…: rare, as PyYAML does


def _where(file: Path, row_line: int, columns: tuple[str, ...],
           dotted: str) -> tuple[Path, str, int | None]:
    rest = dotted.split(".", 2)[2] if dotted.count(".") >= 2 else ""
    col = next((c for c in columns if rest and (c == rest or rest.startswith(c + "."))), None)
    col = col or next((c for c in columns if rest and c.startswith(rest + ".")), None)
    shown = f"{dotted} (row {row_line}" + (f", column '{col}')" if col else ")")
    return file, shown, row_line


def _place(file: Path, section: str, row_line: int,
           columns: list[str]) -> Callable[[str], tuple[Path, str, int | None]]:
    # a partial of a module-level function, not a closure: a document travels to workers
    return functools.partial(_where, file, row_line, tuple(columns))


def _read(file: Path, section: str, doc: YamlDoc, inline: dict[str, Any]) -> dict[str, Any]:
    text = read_text(file, "table")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or header[0].strip() != "id":
        raise InputError("the first column of a table is 'id'", file, None, 1)
    columns = [h.strip() for h in header[1:]]
    for i, col in enumerate(columns):
        if not col or col in columns[:i]:
            why = "empty column name" if not col else f"column '{col}' twice"
            raise InputError(why, file, f"column {i + 2}", 1)
    out: dict[str, Any] = {}
    line = reader.line_num + 1
    for cells in reader:
        if not any(c.strip() for c in cells):
            line = reader.line_num + 1
            continue
        eid = cells[0].strip()
        if not eid:
            raise InputError("a row without an id", file, "column 'id'", line)
        if len(cells) > len(header):
            raise InputError(f"{len(cells)} cells for {len(header)} columns", file,
                             f"{section}.{eid} (row {line})", line)
        if eid in out or eid in inline:
            raise InputError(f"'{eid}' is written twice (in this table"
                             f"{'' if eid in out else ' and in the park file'})", file,
                             f"{section}.{eid} (row {line}, column 'id')", line)
        entry: dict[str, Any] = {}
        for col, raw in zip(columns, cells[1:]):
            if raw.strip() == "":
                continue
            node = entry
            *path, last = col.split(".")
            for part in path:
                nxt = node.setdefault(part, {})
                if not isinstance(nxt, dict):
                    raise InputError(f"column '{col}' goes inside '{part}', which another "
                                     "column gives a value", file, f"column '{col}'", 1)
                node = nxt
            node[last] = _cell(raw)
        out[eid] = entry
        doc.places[f"{section}.{eid}"] = _place(file, section, line, columns)
        line = reader.line_num + 1
    return out
