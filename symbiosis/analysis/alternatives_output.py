"""The files of ``symbiosis alternatives``, beside the run's results (docs/results-format.md).

``alternatives.csv`` (one row per plan), ``alternatives-options.csv`` (one row per option:
must-have / swappable / never and the cheapest plan without it) and ``alternatives.json``
(both, with the settings and the cap). A folder that holds alternatives of another slack
or count is never overwritten silently: the run refuses, or with ``replace`` moves them to
``history/`` (results/folder.py), as Monte Carlo does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from symbiosis.analysis.alternatives import METHOD, Alternatives
from symbiosis.analysis.output import save_csv, save_json
from symbiosis.errors import InputError
from symbiosis.results.folder import file_away

OUTPUTS = ("alternatives.csv", "alternatives-options.csv", "alternatives.json")
FORMAT = 1  # version of alternatives.json's layout


def settings(slack: float, count: int, input_sha256: str) -> dict[str, Any]:
    return {"slack": slack, "count_asked": count, "input_sha256": input_sha256}


def keep_other_run(folder: Path, wanted: dict[str, Any], replace: bool,
                   notify: Callable[[str], None] | None = None) -> None:
    """Refuse (or with ``replace`` file into history/) alternatives of other settings."""
    try:
        old = json.loads((folder / "alternatives.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(old, dict):
        old = {}
    differs = sorted(k for k in wanted if old.get(k) != wanted[k])
    if not differs:
        return
    said = f"slack {old.get('slack')}, {old.get('count_asked')} plans asked"
    if not replace:
        raise InputError(f"the folder holds other alternatives ({said}; they differ in "
                         f"{', '.join(differs)}): --replace moves them to history/ and "
                         "writes these", folder)
    dest = file_away(folder, OUTPUTS)
    if notify:
        notify(f"the previous alternatives ({said}) moved to {dest}")


def document(alt: Alternatives, execution: str) -> dict[str, Any]:
    """What alternatives.json holds (docs/results-format.md)."""
    sc = alt.scenario
    plans = [{**{k: v for k, v in p.items() if k != "options"},
              "options": [o for o in p["options"].split(";") if o]} for p in alt.plans]
    options = [{**{k: v for k, v in o.items() if k != "cheapest_without_options"},
                "cheapest_without_options": None if o["cheapest_without_options"] is None
                else [x for x in o["cheapest_without_options"].split(";") if x]}
               for o in alt.options]
    return {"format": FORMAT, "scenario": sc.id, "currency": sc.park.currency,
            **settings(alt.slack, alt.count_asked, sc.input_sha256),
            "method": METHOD, "objective": alt.objective, "objective_unit": alt.unit,
            "optimum": alt.optimum, "cap": alt.cap,
            "cap_rule": "optimum + slack × |optimum| (a negative optimum still gets a cap "
                        "above it)",
            "plans": plans, "options": options, "forced": alt.forced,
            "counts": {s: sum(o["status"] == s for o in alt.options)
                       for s in ("must-have", "swappable", "never")},
            "solves": alt.solves, "execution": execution, "seconds": alt.seconds,
            "notes": alt.notes}


def write(alt: Alternatives, folder: Path, execution: str) -> list[Path]:
    return [save_csv(folder, "alternatives.csv", alt.plans),
            save_csv(folder, "alternatives-options.csv", alt.options),
            save_json(folder, "alternatives.json", document(alt, execution))]
