"""Text from strangers' files, made safe for the programs that open our outputs.

A spreadsheet runs a cell that starts with "=", "@" (and "+"/"-" followed by a formula)
as a formula: "=HYPERLINK(…)", "=cmd|' /C calc'!A0", "+cmd|…", "@SUM(…)". Such a cell is
written with a leading apostrophe, which makes it text. Plain values such as "-pg-board"
or "-5 USD/t", which the tool writes and reads back itself, are left as they are.
"""

from __future__ import annotations

from typing import Any

_FORMULA_SIGNS = "|(!"  # what "+…" and "-…" need to call anything


def inert(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in "=@\t\r" or (first in "+-" and any(c in value for c in _FORMULA_SIGNS)):
        return "'" + value
    return value
