"""Excel in and out: result workbooks, the data-collection template, and its import.

- ``export_results``: every table of one or more result folders in one workbook.
- ``write_template``: the workbook consultants fill in (empty, or from a model).
- ``import_workbook``: a filled workbook back to a park model dict, validated with the
  same checks as a YAML model; errors name the sheet, row and column.
- ``write_model_yaml``: that dict as a park model file.

The layout of the data-collection workbook is in ``xlsx_layout``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from symbiosis.atomic import write_text
from symbiosis.present.xlsx_export import export_results
from symbiosis.present.xlsx_import import import_workbook
from symbiosis.present.xlsx_template import write_template

__all__ = ["export_results", "write_template", "import_workbook", "write_model_yaml"]

_FLOW_KEYS = {"value", "source", "note", "scale", "delta", "lat", "lon"}
_FLOW_WIDTH = 100  # a figure longer than this goes on several lines, like the hand-written model


class _Flow(dict):
    """A figure or location written on one line: {value: 850 kt, source: ref-pg-project}."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _styled(v) for k, v in value.items()}
        small = value and set(value) <= _FLOW_KEYS and \
            not any(isinstance(v, (dict, list)) for v in value.values())
        if small and len(str(value)) <= _FLOW_WIDTH:
            return _Flow(out)
        return out
    return value


def write_model_yaml(model: dict[str, Any], out: Path, source: Path | None = None) -> Path:
    """Write a park model dict as YAML, keeping key order; atomic like every output."""
    out = Path(out)
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    origin = f"the workbook {Path(source).name}" if source else "a workbook"
    header = (f"# Park model imported from {origin} by `symbiosis import-xlsx` on {when}.\n"
              "# Edit the workbook and import it again, or edit this file; the format is in\n"
              "# docs/model-format.md.\n\n")
    body = yaml.dump(_styled(model), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=_FLOW_WIDTH, default_flow_style=False)
    return write_text(out, header + body)
