"""Look-ups shared by the resolvers of ``park.py``, ``measures.py`` and ``processes.py``."""

from __future__ import annotations

from typing import Any


def unit_of(r: Any, resources: dict[str, Any], rid: str, key: str) -> str:
    """The canonical unit of a resource, or an input error naming ``key``."""
    if rid not in resources:
        raise r.error(f"unknown resource '{rid}' (known: {', '.join(sorted(resources))})", key)
    return resources[rid].unit
