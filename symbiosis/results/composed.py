"""The composed inputs of a run (``inputs/composed.yaml``, or ``.json`` for big parks).

YAML is the form people read; its writer is LibYAML's where PyYAML has it. A regional
park (more than ``BIG`` entries) is written as JSON: 100,000 links take about two minutes
even through LibYAML's emitter (PyYAML represents each value in Python first) and about
two seconds as JSON. Readers of a result folder go through ``read``, which takes either.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import yaml

NAMES = ("composed.yaml", "composed.json")
BIG = 2_000  # tenants + partners + exchanges + measures above which the inputs are JSON
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def entries(composed: dict[str, Any]) -> int:
    model = composed.get("model") or {}
    return sum(len(model.get(k) or {}) for k in ("tenants", "partners", "exchanges", "measures"))


def write(inputs: Path, composed: dict[str, Any], clean: Callable[[Any], Any]) -> Path:
    """Write ``composed`` into the ``inputs`` folder, NaN and infinities made null by
    ``clean``; its path."""
    if entries(composed) > BIG:
        path = inputs / "composed.json"
        try:  # the C encoder (no indent), and no copy unless there is a NaN to clean
            text = json.dumps(composed, ensure_ascii=False, allow_nan=False)
        except ValueError:
            text = json.dumps(clean(composed), ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path
    path = inputs / "composed.yaml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(clean(composed), fh, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    return path


def find(inputs: Path) -> Path | None:
    """The composed file of a result's ``inputs`` folder, or None."""
    return next((inputs / n for n in NAMES if (inputs / n).is_file()), None)


def parse(path: Path, text: str) -> Any:
    """The data of a composed file's text (ValueError or yaml.YAMLError when it is broken)."""
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def read(inputs: Path) -> Any:
    """The composed inputs of a result folder's ``inputs``, or None without a file."""
    path = find(inputs)
    return None if path is None else parse(path, path.read_text(encoding="utf-8"))
