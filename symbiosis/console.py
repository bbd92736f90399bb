"""The command line's consoles: Rich, with nothing a stranger's file could use.

Ids, names and values from input files reach the terminal in messages and tables; a
control character among them (an escape sequence) is shown as an escape, never sent.
Rich's emoji codes are off, so "park.yaml:100:" prints as written.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from symbiosis.errors import printable


class SafeConsole(Console):
    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_safe(o) for o in objects), **kwargs)


def _safe(obj: Any) -> Any:
    if isinstance(obj, str):
        return printable(obj)
    if isinstance(obj, Table):
        for col in obj.columns:  # Rich keeps a column's cells in ``_cells``
            cells = getattr(col, "_cells", None)
            if cells is not None:
                col._cells = [printable(c) if isinstance(c, str) else c for c in cells]
    return obj


def stdout_console() -> SafeConsole:
    return SafeConsole(highlight=False, emoji=False,
                       width=None if sys.stdout.isatty() else 150)


def stderr_console() -> SafeConsole:
    return SafeConsole(stderr=True, highlight=False, emoji=False)
