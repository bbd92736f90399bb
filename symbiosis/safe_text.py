"""Text from strangers' files, made safe for the programs that open our outputs.

A spreadsheet may run a cell that starts with "=", "+", "-", "@", a tab or a carriage
return as a formula: "=HYPERLINK(…)", "=cmd|' /C calc'!A0", "+cmd|…", "@SUM(…)", or
simply "+1+1". OWASP's rule for CSV injection: write every such text cell with a
leading apostrophe, which makes it text; a number written as text ("-5", "1e3") stays
as it is. ``restore`` undoes ``inert`` exactly, for the tool's own readers of its CSV
files (a change list "+a;-b" reads back as written); a text that already starts with an
apostrophe before one of those signs gets one more, so the round trip never loses one.
"""

from __future__ import annotations

import math
from typing import Any

_TRIGGERS = "=+-@\t\r"


def _number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def inert(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in _TRIGGERS and not _number(value):
        return "'" + value
    if first == "'" and len(value) > 1 and value[1] in _TRIGGERS + "'":
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text ``inert`` was given, from what it wrote."""
    if len(text) > 1 and text[0] == "'" and text[1] in _TRIGGERS + "'":
        return text[1:]
    return text
