"""Where analyses write: beside the run's results of the same inputs.

An analysis of scenario X writes into ``<out>/<X's id>/``. If that folder holds no
run of the same inputs (same input hash), the scenario is run and written first,
so an analysis never sits beside results it did not come from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from symbiosis.atomic import replace_with
from symbiosis.load.scenario import Scenario
from symbiosis.results.write import write_csv, write_json


def ensure_run(scenario: Scenario, out: str | Path) -> Path:
    from symbiosis import api

    folder = Path(out) / scenario.id
    summary = folder / "summary.json"
    if summary.is_file():
        try:
            data = json.loads(summary.read_text(encoding="utf-8"))
            if data.get("provenance", {}).get("input_sha256") == scenario.input_sha256:
                return folder
        except (OSError, ValueError):
            pass
    return api.write_results(api.run(scenario), out)





def save_csv(folder: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    return replace_with(folder / name, lambda p: write_csv(p, rows))


def save_json(folder: Path, name: str, obj: Any) -> Path:
    return replace_with(folder / name, lambda p: write_json(p, obj))
