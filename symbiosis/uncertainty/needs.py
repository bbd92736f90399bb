"""Which estimates to replace first: every E figure ranked by how much it matters.

Each figure tagged E (``source: estimate``) in the composed park and scenario, and the
carbon price when the scenario marks it an estimate, moves alone over its range:

- the range the scenario's ``uncertainty.inputs`` gives it (its distribution's support,
  or P10–P90 where a tail is unbounded, as the tornado uses);
- else ± ``uncertainty.estimate_spread``;
- else ± 25 % (``DEFAULT_SPREAD``, also when the spread is 0, which only turns the
  Monte Carlo's default spread off).

At both ends the scenario and its baseline are solved again (the tornado's engine:
persistent models, process pool or Dask). Reported: the swing of the headline saving
(the annual cost change against the baseline) and of the CO2 change, max − min over
low, current and high; and, where the decision (new links built, measures adopted)
at an end differs from the scenario's, the flip point found by bisection to within
1 % of the figure's value (``flips``), on each side where it flips.

Ranking: by the swing of the objective's headline (the cost change for ``objective:
cost``, the CO2 change for ``objective: co2``); on equal swings a figure that flips a
decision first, then by the other swing. Flips are not ranked above swings: a link close
to indifference flips under a small change of many figures while the plan's value hardly
moves (Tằng Loỏng's Phốt pho 6 slag link does), and would push the figures that move the
saving most off the top. Each figure is assigned to who can supply it (``owners``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from symbiosis.errors import InfeasibleError
from symbiosis.load.park import ESTIMATE, Park
from symbiosis.load.scenario import Scenario
from symbiosis.uncertainty import engine, flips, spec
from symbiosis.uncertainty.sensitivity import evaluate_points

DEFAULT_SPREAD = spec.DEFAULT_SPREAD
TOLERANCE = 0.01          # flip points to within 1 % of the figure's value
PARK_WIDE = "park-wide"   # prices, exchange rates, grid factors: the park and the authorities
PARTNER = "partner:"      # an external partner (cement plant, buyer) supplies its own figures
COST, CO2 = "delta_cost_vnd_per_year", "delta_co2_t_per_year"


@dataclass(frozen=True)
class Estimate:
    path: str
    value: float
    unit: str
    source: str             # "estimate", or a registered source whose tag is E
    note: str | None
    low: float
    high: float
    range_basis: str        # "scenario", "spread" or "default"
    spread: float | None    # the relative spread behind "spread" and "default"
    owners: tuple[str, ...]


@dataclass
class DataNeeds:
    rows: list[dict[str, Any]]          # ranked, one per estimate
    base: dict[str, Any]                # the scenario as written (point row)
    ranked_by: str                      # "cost" or "co2"
    points: int                         # solved points (each: scenario and baseline)
    solves: int                         # optimisations in all
    flip_rows: list[dict[str, Any]] = field(default_factory=list)
    seconds: float | None = None        # wall time of the analysis (set by the API)
    paths: list[Path] = field(default_factory=list)  # files written (set by the API)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _node_owner(park: Park, node: str) -> str:
    if node in park.tenants:
        return park.tenants[node].enterprise
    if node in park.processes:
        return park.tenants[park.processes[node].tenant].enterprise
    return PARTNER + node


def owners(park: Park, path: str) -> tuple[str, ...]:
    """Enterprise ids that can supply the figure at ``path`` (``PARK_WIDE`` if none)."""
    kind, _, rest = path.partition(".")
    oid = rest.split(".", 1)[0]
    if kind == "tenants" and oid in park.tenants:
        return (park.tenants[oid].enterprise,)
    if kind == "exchanges" and oid in park.exchanges:
        e = park.exchanges[oid]
        return _unique([_node_owner(park, e.supplier), _node_owner(park, e.receiver)])
    if kind == "measures" and oid in park.measures:
        return (park.tenants[park.measures[oid].tenant].enterprise,)
    if kind == "processes" and oid in park.processes:
        return (_node_owner(park, oid),)
    if kind == "partners" and oid in park.partners:
        return (PARTNER + oid,)
    return (PARK_WIDE,)


def _spread_range(value: float, spread: float) -> tuple[float, float]:
    lo, hi = sorted((value * (1 - spread), value * (1 + spread)))
    return lo, hi


def estimates(scenario: Scenario) -> list[Estimate]:
    """Every estimate of the composed scenario with its range, in the model's order."""
    plan = spec.plan(scenario)  # checks the uncertainty section
    given = (scenario.uncertainty or {}).get("estimate_spread", DEFAULT_SPREAD)
    spread, basis = (given, "spread") if given and given > 0 else (DEFAULT_SPREAD, "default")
    named = {i.path: i for i in plan.inputs if i.source == "scenario"}
    park, out, seen = scenario.park, [], set()
    figures = [(f.path, f.value, f.unit, f.source, f.tag, f.note) for f in park.figures]
    pol = scenario.policy
    if pol.carbon_price and pol.carbon_price_source == ESTIMATE:
        cp = ((scenario.composed.get("scenario") or {}).get("policy") or {}).get("carbon_price")
        note = cp.get("note") if isinstance(cp, dict) else None
        figures.append(("policy.carbon_price", pol.carbon_price, f"{park.currency}/t", ESTIMATE,
                        "E", note))
    for path, value, unit, source, tag, note in figures:
        if tag != "E" or path in seen or spec.identity_ratio(scenario, path):
            continue
        seen.add(path)
        if path in named:
            inp = named[path]
            lo, hi = inp.value(0.0), inp.value(1.0)
            if not (math.isfinite(lo) and math.isfinite(hi)):
                lo, hi = inp.value(0.1), inp.value(0.9)
            est = Estimate(path, value, unit, source, note, lo, hi, "scenario", None,
                           owners(park, path))
        else:
            lo, hi = _spread_range(value, spread)
            est = Estimate(path, value, unit, source, note, lo, hi, basis, spread,
                           owners(park, path))
        out.append(est)
    return out


def _swing(values: list[float | None]) -> float | None:
    """max − min; a difference within rounding of the values themselves is none."""
    got = [v for v in values if v is not None]
    if not got:
        return None
    swing = max(got) - min(got)
    return 0.0 if swing <= 1e-9 * max(1.0, *(abs(v) for v in got)) else swing


def analyse(scenario: Scenario, folder: Path,
            progress: Callable[[str, int, int], None] | None = None, **run) -> DataNeeds:
    """Rank the scenario's estimates; batches go to ``folder/data-needs-batches``."""
    ests = estimates(scenario)
    batches = folder / "data-needs-batches"
    moved = [e for e in ests if e.low != e.high]
    points: list[dict[str, float]] = [{}]
    for e in moved:
        points += [{e.path: e.low}, {e.path: e.high}]
    tick = (lambda d, t: progress("ends", d, t)) if progress else None
    rows = evaluate_points(scenario, points, batches, "ends", progress=tick, **run)
    base = rows[0]
    if flips.decisions(base) == flips.INFEASIBLE:
        raise InfeasibleError(f"{scenario.file}: the scenario has no solution, so no figure "
                              "can be ranked by its effect on the decision; run it to see why")
    ends = {e.path: (rows[1 + 2 * j], rows[2 + 2 * j]) for j, e in enumerate(moved)}
    decided = flips.decisions(base)
    items = []
    for e in moved:
        for side, outer, row in (("low", e.low, ends[e.path][0]), ("high", e.high, ends[e.path][1])):
            beyond = flips.decisions(row)
            if beyond != decided:
                items.append({"path": e.path, "side": side, "inner": e.value, "outer": outer,
                              "tol": TOLERANCE * abs(e.value), "base": decided,
                              "beyond": beyond})
    tick = (lambda d, t: progress("flips", d, t)) if progress else None
    found = engine.evaluate(scenario, items, batches / "flips",
                            {"scenario": scenario.id, "kind": "data-needs flips",
                             "points": len(items)}, progress=tick, task=flips.bisect_batch,
                            **run) if items else []
    by_path: dict[str, list[dict[str, Any]]] = {}
    for f in found:
        by_path.setdefault(f["path"], []).append(f)
    ranked_by = "co2" if scenario.policy.objective == "co2" else "cost"
    out = [_row(e, base, ends.get(e.path), by_path.get(e.path, [])) for e in ests]
    first, second = (CO2, COST) if ranked_by == "co2" else (COST, CO2)
    out.sort(key=lambda r: (-(r[f"{_short(first)}_swing"] or 0), r["flips"] != "yes",
                            -(r[f"{_short(second)}_swing"] or 0), r["figure"]))
    for k, r in enumerate(out, start=1):
        r["rank"] = k
    out = [{"rank": r.pop("rank"), **r} for r in out]
    solves = 2 * len(points) + sum(f["solves"] for f in found)
    return DataNeeds(out, base, ranked_by, len(points), solves, found)


def _short(key: str) -> str:
    return "cost" if key == COST else "co2"


def _row(e: Estimate, base: dict[str, Any], ends: tuple[dict, dict] | None,
         found: list[dict[str, Any]]) -> dict[str, Any]:
    lo, hi = ends or (base, base)
    row: dict[str, Any] = {
        "figure": e.path, "enterprise_ids": ";".join(e.owners), "value": e.value, "unit": e.unit,
        "source": e.source, "tag": "E", "note": e.note or "", "low": e.low, "high": e.high,
        "range_basis": e.range_basis, "spread": e.spread}
    for short, key in (("cost", COST), ("co2", CO2)):
        vals = [lo.get(key), base.get(key), hi.get(key)]
        row.update({f"{short}_change_at_low": vals[0], f"{short}_change_now": vals[1],
                    f"{short}_change_at_high": vals[2], f"{short}_swing": _swing(vals)})
        headline = abs(base.get(key) or 0.0)
        row[f"{short}_swing_share"] = (row[f"{short}_swing"] / headline
                                       if headline and row[f"{short}_swing"] is not None else None)
    found = sorted(found, key=lambda f: abs(f["flip_point"] - e.value))
    row["flips"] = "yes" if found else "no"
    for n, f in enumerate(found[:2], start=1):
        suffix = "" if n == 1 else "_2"
        row[f"flip_point{suffix}"] = f["flip_point"]
        row[f"flip_side{suffix}"] = "below" if f["side"] == "low" else "above"
        row[f"flip_change{suffix}"] = f["change"]
    for suffix in ("", "_2"):
        row.setdefault(f"flip_point{suffix}", None)
        row.setdefault(f"flip_side{suffix}", "")
        row.setdefault(f"flip_change{suffix}", "")
    row["moved"] = "yes" if ends is not None else "no"
    return row
