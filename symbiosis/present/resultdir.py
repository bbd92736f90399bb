"""A result folder read back from disk: what figures, reports and exports work from.

Presentation never touches Pyomo or re-solves: it reads what ``symbiosis run`` and the
analyses wrote (summary.json, the CSV tables, inputs/, pareto.csv, macc.csv, …).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symbiosis.errors import InputError
from symbiosis.results import composed
from symbiosis.safe_text import restore

ANALYSES = ("pareto", "macc", "sweep", "shapley", "link-values", "enterprises-vs-baseline",
            "alternatives", "alternatives-options")


def _typed(value: str) -> Any:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        return restore(value)
    return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() \
        else number


def read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: _typed(v) for k, v in row.items()} for row in csv.DictReader(fh)]


@dataclass
class ResultDir:
    path: Path
    summary: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    baseline_tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    composed: dict[str, Any] = field(default_factory=dict)
    changelog: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    analyses: dict[str, Any] = field(default_factory=dict)  # name → rows (csv) or dict (json)
    explanation: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        return self.summary.get("scenario") or self.path.name

    @property
    def ok(self) -> bool:
        return self.summary.get("status") in ("optimal", "feasible")

    @property
    def model(self) -> dict[str, Any]:
        """The park model as composed for this run (after the scenario's overrides)."""
        return self.composed.get("model", {})


def load_result_dir(path: str | Path) -> ResultDir:
    path = Path(path)
    summary_file = path / "summary.json"
    if path.name.startswith("."):  # a run's temporary folder, complete or not
        raise InputError("a temporary folder of a run, not its result: open the folder "
                         "named after the scenario", path)
    if not summary_file.is_file():
        raise InputError("not a result folder (no summary.json): run `symbiosis run` first",
                         path)
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"summary.json is not valid JSON ({exc})", summary_file) from None
    if not isinstance(summary, dict) or not isinstance(summary.get("scenario"), str):
        raise InputError("summary.json is not a result's summary (no scenario id): was it "
                         "edited by hand?", summary_file)
    r = ResultDir(path=path, summary=summary)
    for name in ("links", "tenants", "resources", "measures", "facilities", "decree35",
                 "enterprises", "transfers", "processes", "process_modes", "process_flows"):
        if (path / f"{name}.csv").is_file():
            r.tables[name] = read_csv(path / f"{name}.csv")
        if (path / "baseline" / f"{name}.csv").is_file():
            r.baseline_tables[name] = read_csv(path / "baseline" / f"{name}.csv")
    inputs = path / "inputs"
    r.composed = composed.read(inputs) or {}
    if (inputs / "changelog.csv").is_file():
        r.changelog = read_csv(inputs / "changelog.csv")
    if (inputs / "figures.csv").is_file():
        r.figures = read_csv(inputs / "figures.csv")
    for name in ANALYSES:
        if (path / f"{name}.csv").is_file():
            r.analyses[name] = read_csv(path / f"{name}.csv")
    for name in ("pareto", "macc", "shapley", "disruption", "montecarlo", "roadmap", "data-needs",
                 "alternatives"):
        if (path / f"{name}.json").is_file():
            r.analyses[f"{name}-meta"] = json.loads((path / f"{name}.json").read_text("utf-8"))
    for name in ("disruption-dependencies", "montecarlo-build-frequency", "roadmap",
                 "roadmap-co2-path", "data-needs"):
        if (path / f"{name}.csv").is_file():
            r.analyses[name] = read_csv(path / f"{name}.csv")
    # Monitoring written into the run's folder (monitor --out RESULT/monitor-YEAR).
    for folder in sorted(path.glob("monitor-*")):
        if (folder / "monitor.json").is_file():
            r.analyses["monitor-meta"] = json.loads((folder / "monitor.json").read_text("utf-8"))
            if (folder / "monitor-gaps.csv").is_file():
                r.analyses["monitor-gaps"] = read_csv(folder / "monitor-gaps.csv")
    if (path / "explanation.json").is_file():
        r.explanation = json.loads((path / "explanation.json").read_text(encoding="utf-8"))
    return r
