"""Where analyses write: beside the run's results of the same inputs.

An analysis of scenario X writes into ``<out>/<X's id>/``. If that folder holds no
run of the same inputs (same input hash), the scenario is run and written first,
so an analysis never sits beside results it did not come from.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

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


def _atomic(path: Path, write) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_csv(folder: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    return _atomic(folder / name, lambda p: write_csv(p, rows))


def save_json(folder: Path, name: str, obj: Any) -> Path:
    return _atomic(folder / name, lambda p: write_json(p, obj))
