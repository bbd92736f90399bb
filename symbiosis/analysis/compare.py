"""Compare runs side by side: metrics, Decree 35, links, measures and the inputs that differ.

Everything is read from result folders on disk (what ``symbiosis run`` wrote), never from
a Pyomo model, so results solved earlier or elsewhere compare the same as fresh ones.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml
from rich.markup import escape
from rich.table import Table

from symbiosis.errors import InputError
from symbiosis.results import composed as inputs_file
from symbiosis.money import Display, display, is_currency
from symbiosis.safe_text import inert, restore

DASH = "–"
_MISSING = object()
_FIGURE_KEYS = {"value", "source", "note"}
_SOLVED = ("optimal", "feasible")


@dataclass
class RunSummary:
    folder: Path
    summary: dict[str, Any]
    links: list[dict[str, Any]]      # links.csv rows; flow a float, built/existing bools
    composed: dict[str, Any]         # inputs/composed.yaml
    changelog: list[dict[str, str]]  # inputs/changelog.csv rows

    @property
    def id(self) -> str:
        return self.summary.get("scenario") or self.folder.name

    @property
    def park(self) -> str | None:
        return self.summary.get("park")

    @property
    def input_sha256(self) -> str | None:
        return (self.summary.get("provenance") or {}).get("input_sha256")


@dataclass
class Comparison:
    runs: list[RunSummary]
    labels: list[str]                # column names: scenario ids, made unique
    rows: list[dict[str, Any]]       # metric, unit, one value per label
    input_diff: list[dict[str, Any]]  # path, one value per label, set_by {label: {file, note}}
    same_park: bool


# ---------------------------------------------------------------- reading

def _read(folder: Path, rel: str, parse: Callable[[str], Any]) -> Any:
    path = folder / rel
    try:
        return parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"result folder has no {rel}", folder) from None
    except (OSError, ValueError, yaml.YAMLError, csv.Error) as exc:
        raise InputError(f"cannot read {rel}: {exc}", path) from None


def _csv(text: str) -> list[dict[str, str]]:
    return [{k: restore(v) if isinstance(v, str) else v for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text))]


def _link(row: dict[str, str]) -> dict[str, Any]:
    flag = {"1", "true", "True"}
    return {**row, "flow": float(row["flow"]) if row.get("flow") else None,
            "built": row.get("built") in flag, "existing": row.get("existing") in flag}


def load_result(path: str | Path) -> RunSummary:
    """Read one result folder written by ``symbiosis run``; InputError names what is missing."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError("no such result folder", folder)
    summary = _read(folder, "summary.json", json.loads)
    if not isinstance(summary, dict) or "scenario" not in summary:
        raise InputError("not a summary written by 'symbiosis run' (no 'scenario' key)",
                         folder / "summary.json")
    links: list[dict[str, Any]] = []
    # an unsolved run (or a model without exchanges) writes no links.csv
    if summary.get("links") or (folder / "links.csv").exists():
        links = _read(folder, "links.csv", lambda t: [_link(r) for r in _csv(t)])
    found = inputs_file.find(folder / "inputs")
    rel = f"inputs/{found.name if found else 'composed.yaml'}"
    composed = _read(folder, rel, lambda text: inputs_file.parse(folder / rel, text))
    if not isinstance(composed, dict) or "model" not in composed:
        raise InputError("has no 'model'", folder / rel)
    changelog = _read(folder, "inputs/changelog.csv", _csv)
    return RunSummary(folder, summary, links, composed, changelog)


def resolve(args: list[str | Path], out_dir: str | Path) -> list[RunSummary]:
    """Result folders are read; scenario files are run into ``out_dir`` unless already there."""
    paths = [_kind(Path(a)) for a in args]  # all checked before anything is solved
    return [load_result(p) if is_dir else _run_or_reuse(p, Path(out_dir)) for p, is_dir in paths]


def _kind(p: Path) -> tuple[Path, bool]:
    if p.is_file() and p.name == "summary.json":
        p = p.parent
    if p.is_dir():
        return p, True
    if not p.exists():
        raise InputError("no such result folder or scenario file", p)
    if p.suffix.lower() in (".yaml", ".yml"):
        return p, False
    raise InputError("neither a result folder (with summary.json) nor a scenario YAML file", p)


def _run_or_reuse(path: Path, out_dir: Path) -> RunSummary:
    from symbiosis import api  # imports Pyomo: only when a scenario has to be solved
    scenario = api.load_scenario(path)
    try:
        old = load_result(out_dir / scenario.id)
    except InputError:
        old = None  # absent or damaged: solve again rather than trust it
    if old is not None and old.input_sha256 == scenario.input_sha256:
        return old
    return load_result(api.write_results(api.run(scenario), out_dir))


# ---------------------------------------------------------------- comparing

def _labels(runs: list[RunSummary]) -> list[str]:
    out: list[str] = []
    for r in runs:  # the same id from two folders still needs two columns
        out.append(next(lb for n in range(1, len(runs) + 2)
                        if (lb := r.id if n == 1 else f"{r.id} ({n})") not in out))
    return out


def _get(d: dict[str, Any] | None, dotted: str) -> Any:
    for part in dotted.split("."):
        d = d.get(part) if isinstance(d, dict) else None
    return DASH if d is None else d


def _kpi_unit(name: str) -> str:
    if name.endswith("_share") or name.endswith("_share_of_participants"):
        return "share"
    return {"waste_reused_t_per_year": "t/yr", "min_years_legal_compliance": "years"}.get(
        name, "count" if name in ("participants", "cleaner_production_enterprises") else "")


def compare(runs: list[RunSummary]) -> Comparison:
    labels = _labels(runs)
    rows: list[dict[str, Any]] = []

    def add(metric: str, unit: str, values: list[Any]) -> None:
        rows.append({"metric": metric, "unit": unit,
                     **{lb: DASH if v is None else v for lb, v in zip(labels, values)}})

    s = [r.summary for r in runs]
    add("status", "", [x.get("status") for x in s])
    add("objective kind", "", [f"{_get(x, 'objective.kind')} ({_get(x, 'objective.co2_boundary')})"
                               for x in s])
    for unit in dict.fromkeys(_get(x, "objective.unit") for x in s if x.get("objective")):
        if unit != DASH:  # one row per unit, so a cost run and a CO2 run never share a row
            add(f"objective ({'CO2' if unit.startswith('t') else 'cost + carbon charge'})", unit,
                [_get(x, "objective.value") if _get(x, "objective.unit") == unit else None
                 for x in s])
    cur = next((x["currency"] for x in s if x.get("currency")), "VND")  # the first run's
    for metric, unit, key in (
            ("cost", f"{cur}/yr", "cost_vnd_per_year"),
            ("carbon cost", f"{cur}/yr", "carbon_cost_vnd_per_year"),
            ("CO2 inventory", "t CO2e/yr", "co2_t_per_year"),
            ("CO2 on the objective boundary", "t CO2e/yr", "co2_boundary_t_per_year"),
            ("CO2 scope 1", "t CO2e/yr", "co2_by_scope.scope1"),
            ("CO2 scope 2", "t CO2e/yr", "co2_by_scope.scope2"),
            ("CO2 scope 3 upstream", "t CO2e/yr", "co2_by_scope.scope3_upstream"),
            ("CO2 disposal", "t CO2e/yr", "co2_by_scope.disposal"),
            ("CO2 avoided outside the park", "t CO2e/yr", "avoided_co2_t_per_year_external"),
            ("capex", cur, "capex_vnd"),
            ("Δ cost vs own baseline", f"{cur}/yr", "delta.cost_vnd_per_year"),
            ("Δ CO2 vs own baseline", "t CO2e/yr", "delta.co2_t_per_year")):
        add(metric, unit, [_get(x, key) for x in s])
    if any((x.get("savings") or {}).get("committed_options") for x in s):
        for metric, unit, key in (  # results/savings.py: total = committed + proposal
                ("Δ cost: committed projects' share", f"{cur}/yr", "cost_vnd_per_year.committed"),
                ("Δ cost: the proposal's own share", f"{cur}/yr", "cost_vnd_per_year.proposal"),
                ("Δ CO2: committed projects' share", "t CO2e/yr", "co2_t_per_year.committed"),
                ("Δ CO2: the proposal's own share", "t CO2e/yr", "co2_t_per_year.proposal")):
            add(metric, unit, [_get(x.get("savings") or {}, key) for x in s])
    kinds = [(x.get("baseline") or {}).get("kind") or "today" for x in s]
    if set(kinds) != {"today"}:  # say it when some Δ is against the no-symbiosis counterfactual
        add("own baseline", "", kinds)
    for k in dict.fromkeys(k for x in s for k in (x.get("kpis") or {})):
        vals = [(x.get("kpis") or {}).get(k) for x in s]
        add(f"KPI {k}", _kpi_unit(k), [len(v) if isinstance(v, list) else v for v in vals])
    crit = {c["id"]: c for x in s for c in x.get("decree35") or []}
    for cid, c in crit.items():
        add(f"Decree 35 {cid} ({c.get('article', '')})", "",
            [next((d["status"] for d in x.get("decree35") or [] if d["id"] == cid), None)
             for x in s])
    add("new links built", "count",
        [sum(1 for ln in r.links if ln["built"] and not ln["existing"]) if r.links else None
         for r in runs])
    built = {ln["id"]: ln for r in runs for ln in r.links if ln["built"]}
    for lid, ln in built.items():
        flows = [next((x["flow"] for x in r.links if x["id"] == lid and x["built"]), None)
                 for r in runs]
        add(f"link {lid}" + (" (existing)" if ln["existing"] else ""), ln.get("unit", ""), flows)
    adopted = {m["id"]: m for x in s for m in x.get("measures") or [] if m.get("adopted")}
    for mid, m in adopted.items():
        add(f"measure {mid} ({m.get('tenant', '')})", "",
            ["yes" if any(y["id"] == mid and y.get("adopted") for y in x.get("measures") or [])
             else None for x in s])
    return Comparison(runs, labels, rows, _input_diff(runs, labels),
                      len({r.park for r in runs}) <= 1)


def _leaves(node: Any, prefix: str) -> Iterator[tuple[str, Any, str | None]]:
    """(dotted path, value, the figure's own note) for every leaf; a figure is one leaf."""
    if isinstance(node, dict) and "value" in node and set(node) <= _FIGURE_KEYS:
        yield prefix, node["value"], node.get("note")
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}.{k}")
    elif isinstance(node, list) and any(isinstance(v, (dict, list)) for v in node):
        for i, v in enumerate(node):
            yield from _leaves(v, f"{prefix}.{i}")
    else:
        yield prefix, node, None


def _set_by(log: list[dict[str, str]], path: str) -> dict[str, str] | None:
    key = path.removeprefix("model.")  # change logs use model-file paths
    hits = [e for e in log if e.get("path") == key or e.get("path", "").startswith(key + ".")
            or key.startswith(e.get("path", "") + ".")]
    best = [e for e in hits if e["path"] in (key, key + ".value")] or hits
    return {"file": best[-1].get("file", ""), "note": best[-1].get("note") or ""} if best else None


def _input_diff(runs: list[RunSummary], labels: list[str]) -> list[dict[str, Any]]:
    flat = []
    for r in runs:
        c = r.composed
        leaves = list(_leaves(c.get("model") or {}, "model"))
        leaves += _leaves((c.get("scenario") or {}).get("policy") or {}, "policy")
        flat.append({p: (v, n) for p, v, n in leaves})
    out = []
    for path in dict.fromkeys(p for f in flat for p in f):
        values = [f.get(path, (_MISSING, None))[0] for f in flat]
        if all(v == values[0] for v in values):
            continue
        row: dict[str, Any] = {"path": path}
        row.update({lb: DASH if v is _MISSING else v for lb, v in zip(labels, values)})
        row["set_by"] = {}
        for lb, r, f in zip(labels, runs, flat):
            hit = _set_by(r.changelog, path) if path in f else None
            if hit:
                row["set_by"][lb] = {**hit, "note": hit["note"] or f[path][1] or ""}
        out.append(row)
    return out


# ---------------------------------------------------------------- output

def _fmt(v: Any, unit: str) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if not isinstance(v, (int, float)) or not math.isfinite(v):
        return str(v)
    if _money(unit):
        return _money(unit).amount(v)
    if unit == "share":
        return f"{v:.0%}"
    if abs(v) >= 100 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:,.3g}"


def _money(unit: str) -> Display | None:
    """How to show a money unit ("EUR/yr" → M EUR/yr); None for any other unit."""
    code = unit.split("/")[0]
    return display(code) if is_currency(code) else None


def _unit(unit: str) -> str:
    m = _money(unit)
    return m.unit + unit[len(m.currency):] if m else {"share": "%"}.get(unit, unit)


def table(comparison: Comparison) -> Table:
    t = Table(title="Comparison (Δ against each scenario's own baseline)",
              caption="–: not built, not adopted or not available")
    t.add_column("metric", no_wrap=True)
    t.add_column("unit", no_wrap=True)
    for lb in comparison.labels:
        t.add_column(escape(lb), justify="right", no_wrap=True)
    prev = None
    for row in comparison.rows:
        word = row["metric"].split(" ")[0]
        group = {"new": "link"}.get(word, word if word in ("KPI", "Decree", "measure") else "")
        if prev is not None and group != prev:
            t.add_section()
        prev = group
        t.add_row(escape(row["metric"]), escape(_unit(row["unit"])),
                  *[escape(_fmt(row[lb], row["unit"])) for lb in comparison.labels])
    return t


def _reading(c: Comparison) -> str:
    by = {r["metric"]: r for r in c.rows}
    solved = [lb for lb in c.labels if by["status"][lb] in _SOLVED]
    parts = []
    cost = {lb: by["cost"][lb] for lb in solved if isinstance(by["cost"][lb], (int, float))}
    co2 = {lb: by["CO2 inventory"][lb] for lb in solved
           if isinstance(by["CO2 inventory"][lb], (int, float))}
    if cost and co2:
        lo, hi = min(cost, key=cost.get), max(cost, key=cost.get)
        u = by["cost"]["unit"]
        parts.append(f"{lo} is the cheapest ({_fmt(cost[lo], u)} {_unit(u)} before any "
                     f"carbon charge" + (f"; {hi} costs {_fmt(cost[hi] - cost[lo], u)} "
                                         f"{_unit(u)} more)." if hi != lo else ")."))
        g = min(co2, key=co2.get)
        parts.append(f"{g} emits the least CO2 ({_fmt(co2[g], 't')} t CO2e/yr in the park's "
                     "inventory).")
    crit = [r for r in c.rows if r["metric"].startswith("Decree 35 ")]
    if crit and solved:
        parts.append("Decree 35 criteria passed: " + ", ".join(
            f"{lb} {sum(r[lb] == 'pass' for r in crit)} of {len(crit)}" for lb in solved)
            + " (the others fail or need evidence the model cannot give).")
    unsolved = [lb for lb in c.labels if lb not in solved]
    if unsolved:
        parts.append(f"No solution for {', '.join(unsolved)}; left out of the ranking.")
    if not c.same_park:
        parts.append("Warning: these runs are on different parks ("
                     + ", ".join(sorted({str(r.park) for r in c.runs}))
                     + "), so their numbers are not like for like.")
    parts.append(f"{len(c.input_diff)} input value(s) differ between the scenarios (listed "
                 "below).")
    return " ".join(parts)


def _md_row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(x).replace("|", "\\|").replace("\n", " ") for x in cells) + " |"


def _markdown(c: Comparison) -> str:
    money = _money(next(r["unit"] for r in c.rows if r["metric"] == "cost"))
    lines = [f"# Comparison: {', '.join(c.labels)}", "", _reading(c), "", "## Results", "",
             f"Costs in {money.unit}; Δ against each scenario's own baseline; – : not built, "
             "not adopted or not available.", "", _md_row(["metric", "unit", *c.labels]),
             "|---|---|" + "--:|" * len(c.labels)]
    lines += [_md_row([r["metric"], _unit(r["unit"]), *[_fmt(r[x], r["unit"]) for x in c.labels]])
              for r in c.rows]
    lines += ["", "## Inputs that differ", ""]
    if not c.input_diff:
        return "\n".join(lines + ["The composed inputs are the same in every run.", ""])
    lines += [_md_row(["input", *c.labels]), "|---|" + "---|" * len(c.labels)]
    notes = []
    for r in c.input_diff:
        cells = []
        for lb in c.labels:
            src, v = r["set_by"].get(lb), r[lb]
            cells.append((str(v) if type(v) is int else _fmt(v, ""))  # years without a comma
                         + (f" ({Path(src['file']).name})" if src else ""))
            if src and src["note"]:
                notes.append(f"- `{r['path']}` in {lb}: {src['note']}")
        lines.append(_md_row([f"`{r['path']}`", *cells]))
    if notes:
        lines += ["", "Notes from the change logs:", "", *dict.fromkeys(notes)]
    return "\n".join(lines + [""])


def _write_csv(path: Path, rows: list[dict[str, Any]], fields: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=[inert(f) for f in fields])
        w.writeheader()
        w.writerows({inert(k): inert(v) for k, v in r.items()} for r in rows)


def write(comparison: Comparison, folder: str | Path) -> list[Path]:
    """Write compare.csv, compare-inputs.csv and compare.md into ``folder``, all or nothing."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    labels = comparison.labels
    inputs = [{"path": r["path"], **{lb: r[lb] for lb in labels},
               **{f"{lb} file": r["set_by"].get(lb, {}).get("file", "") for lb in labels},
               **{f"{lb} note": r["set_by"].get(lb, {}).get("note", "") for lb in labels}}
              for r in comparison.input_diff]
    tmp = Path(tempfile.mkdtemp(prefix=".compare-", dir=folder))
    try:
        _write_csv(tmp / "compare.csv", comparison.rows, ["metric", "unit", *labels])
        _write_csv(tmp / "compare-inputs.csv", inputs,
                   ["path", *labels, *[f"{lb} {k}" for lb in labels for k in ("file", "note")]])
        (tmp / "compare.md").write_text(_markdown(comparison), encoding="utf-8")
        # renames start only once every file is complete, so a failure leaves the old set
        names = ["compare.csv", "compare-inputs.csv", "compare.md"]
        for name in names:
            os.replace(tmp / name, folder / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [folder / n for n in names]
