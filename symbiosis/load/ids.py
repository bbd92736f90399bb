"""Ids that name folders and files (a scenario's id is its result folder's name).

Inputs come from strangers: an id is a name, never a path, a device or an escape.
"""

from __future__ import annotations

import re

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def id_problem(sid: object) -> str | None:
    """Why ``sid`` cannot name a result folder, or None."""
    if not isinstance(sid, str) or not SAFE_ID.fullmatch(sid) or sid.endswith("."):
        return (f"id {sid!r} cannot name a result folder: use letters, digits, '.', '_' and "
                "'-' (at most 100, starting with a letter or digit, not ending with '.')")
    return None
