"""The public API: load → check → optimize → Results → files. The CLI calls only this."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any, Callable

from symbiosis.errors import InputError
from symbiosis.load.checks import Finding, run_checks
from symbiosis.load.criteria import load_criteria
from symbiosis.load.park import Park
from symbiosis.load.policy_checks import check_bounds
from symbiosis.load.scenario import (Scenario, baseline_of, committed_of, load_park,
                                     load_scenario)
from symbiosis.load.yamlio import read_yaml
from symbiosis.optimize.data import build_data
from symbiosis.optimize.elastic import explain, explanation_json
from symbiosis.optimize import audit, solvers
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.core import Results, make_results
from symbiosis.results.write import check_out, write_results
from symbiosis.analysis.contribution import too_many as contributions_left_out
from symbiosis.analysis.contribution import with_contributions

__all__ = ["load_scenario", "load_park", "check", "solve", "run", "write_results", "check_out",
           "with_contributions", "contributions_left_out",
           "cross_check", "check_solver",
           "validate_file", "baseline_of", "Results", "Scenario"]


def check(park: Park) -> list[Finding]:
    """Run the consistency checks; the first error raises InputError, warnings return
    (each with the file, line and key where it is written: ``Finding.where()``)."""
    findings = []
    for f in run_checks(park):
        file, key, line = park.locate(f.key) if park.locate else (park.file, f.key, None)
        if f.level == "error":
            raise InputError(f"{f.message} [{f.check}]", file, key, line)
        findings.append(dataclasses.replace(f, file=str(file), line=line, shown=key))
    return findings


def check_solver(scenario: Scenario, name: str | None = None) -> None:
    """The solver a scenario asks for must be on this machine (checked before any solve)."""
    name = name or scenario.solver.name
    try:
        solvers.make(name)
    except solvers.SolverUnavailable as exc:
        raise InputError(str(exc), scenario.file, "solver.name") from None


def _is_baseline(scenario: Scenario) -> bool:
    b = baseline_of(scenario).policy
    return dataclasses.replace(scenario.policy) == b


def check_policy(scenario: Scenario) -> None:
    """A ``force`` or ``forbid`` entry on a link that cannot carry any flow (its bound is
    zero) is an InputError at that entry.

    The other policy checks run when the scenario loads; these need the model's bounds,
    so they build the optimizer's data (only when something is forced or forbidden).
    Bounds only grow when fewer options are forbidden, so a link without room in the
    data with nothing forbidden has none in the scenario either.
    """
    pol = scenario.policy
    if pol.force:
        check_bounds(pol, "force", build_data(scenario).unbuildable)
    if pol.forbid:
        free = dataclasses.replace(scenario, policy=dataclasses.replace(pol, forbid=[]))
        check_bounds(pol, "forbid", build_data(free).unbuildable)


__all__ += ["check_policy"]


def solve(scenario: Scenario, baseline: Results | None = None) -> Results:
    """Optimize one composed scenario; ``baseline`` is attached to the Results if given.

    An infeasible scenario comes back with ``explanation``: the fewest items whose
    relaxation would give a solution (an elastic re-solve).
    """
    data = build_data(scenario)
    opt = Optimizer(data)
    sol = opt.solve()
    sol.numerics = opt.numerics()
    results = make_results(scenario, data, sol, baseline)
    if sol.status == "infeasible":
        results.explanation = explanation_json(data, explain(data))
    return results


def run(scenario: Scenario | str | Path, with_baseline: bool = True) -> Results:
    """Load (if a path), check, solve the scenario and its baseline."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    check(scenario.park)
    check_policy(scenario)
    base = None
    if with_baseline or scenario.policy.no_one_worse_off:
        base = solve(baseline_of(scenario))
        if _is_baseline(scenario):
            return dataclasses.replace(base, scenario=scenario, baseline=base)
    if scenario.policy.no_one_worse_off and base.ok:
        costs = {row["enterprise"]: row["total_vnd"] for row in base.tables["enterprises"]}
        scenario = dataclasses.replace(scenario, policy=dataclasses.replace(
            scenario.policy, baseline_enterprise_costs=costs))
    results = solve(scenario, base)
    ref = committed_of(scenario) if base is not None else None
    if ref is not None:  # the committed pipeline's share of the saving (results/savings.py)
        results = dataclasses.replace(results, committed=solve(ref, base))
    return results


def cross_check(results: Results, other: str | None = None) -> Results:
    """Solve ``results``' scenario again with a second solver and compare the optima.

    Both must reach the same objective within the gap either was allowed (at least
    ``audit.TOLERANCE``). When they do not, the Results become ``suspect`` (no tables are
    handed on) with both figures in ``solver.cross_check``.
    """
    sc = results.scenario
    first = results.solver.get("solver", sc.solver.name)
    other = other or ("scip" if first != "scip" else "highs")
    check_solver(sc, other)
    sol = Optimizer(build_data(sc), solver=other).solve()
    a, b = results.solver.get("objective_from_solver"), sol.objective
    tol = max(sc.solver.mip_gap, audit.TOLERANCE)
    agree = (results.status == sol.status == "infeasible") or (
        a is not None and b is not None and results.ok and sol.has_values
        and abs(a - b) <= tol * max(abs(a), abs(b), 1e-12))
    info = {"solver": other, "status": sol.status, "objective": b, "agree": agree,
            "relative_difference": (abs(a - b) / max(abs(a), abs(b), 1e-12)
                                    if a is not None and b is not None else None)}
    solver = {**results.solver, "cross_check": info}
    if agree:
        return dataclasses.replace(results, solver=solver)
    msg = (f"cross-check failed: {first} gives {results.status} {a}, {other} gives "
           f"{sol.status} {b} (allowed relative difference {tol:g})")
    return dataclasses.replace(results, status="suspect", message=msg, solver=solver,
                               tables={})


def validate_file(path: str | Path) -> tuple[str, list[Finding]]:
    """Validate a scenario, park model or criteria file; returns its kind and warnings."""
    doc = read_yaml(path)
    if "criteria" in doc.data and "park" not in doc.data:
        load_criteria(path)
        return "criteria", []
    if "park" in doc.data:
        return "model", check(load_park(path))
    scenario = load_scenario(path)
    if scenario.uncertainty:
        from symbiosis.uncertainty.spec import plan

        plan(scenario)  # distributions are checked now, not at the first Monte Carlo run
    if scenario.roadmap:
        from symbiosis.roadmap.spec import read_spec

        read_spec(scenario)  # periods, trajectories, tenants, budgets checked now
    findings = check(scenario.park)
    check_policy(scenario)
    return "scenario", findings


def data_needs(scenario: Scenario | str | Path, out: str | Path = "results", lang: str = "vi",
               workers: int = 1, batch_size: int | None = None, scheduler: str | None = None,
               dask_local: int | None = None,
               progress: Callable[[str, int, int], None] | None = None) -> Any:
    """Rank the scenario's estimates by how much they matter; write the data-request list.

    Beside the run's results (``<out>/<id>/``, run first if missing or stale):
    ``data-needs.csv`` (one row per estimate, ranked), ``data-needs.json`` (what was
    done: counts, solves, seconds) and ``data-needs.xlsx`` (one sheet per enterprise,
    in ``lang``). Returns the ``uncertainty.needs.DataNeeds`` with ``paths`` and
    ``seconds`` set. ``progress(phase, done, total)``: phase "ends", then "flips".
    """
    from symbiosis.analysis.output import ensure_run, save_csv, save_json
    from symbiosis.money import display
    from symbiosis.present import needs_text
    from symbiosis.present.i18n import check_lang
    from symbiosis.present.xlsx_needs import write_workbook
    from symbiosis.uncertainty import needs

    try:
        check_lang(lang)
    except ValueError as exc:
        raise InputError(str(exc), key="--lang") from None
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    check(scenario.park)
    check_policy(scenario)
    check_solver(scenario)
    needs.estimates(scenario)  # the uncertainty section is checked before anything is written
    folder = ensure_run(scenario, out)
    start = time.perf_counter()
    found = needs.analyse(scenario, folder, progress, workers=workers, batch_size=batch_size,
                          scheduler=scheduler, dask_local=dask_local)
    found.seconds = time.perf_counter() - start
    money = display(scenario.park.currency)
    model = scenario.composed.get("model", {})
    rows = needs_text.csv_rows(found.rows, model, lang, money, found.ranked_by)
    execution = (f"dask scheduler {scheduler}" if scheduler else
                 f"dask LocalCluster, {dask_local} workers" if dask_local else
                 f"{workers} local worker{'s' if workers > 1 else ''}")
    meta = {"scenario": scenario.id, "input_sha256": scenario.input_sha256,
            "ranked_by": found.ranked_by, "estimates": len(found.rows),
            "flipping": sum(r["flips"] == "yes" for r in found.rows),
            "points": found.points, "solves": found.solves, "seconds": found.seconds,
            "execution": execution, "tolerance": needs.TOLERANCE,
            "default_spread": needs.DEFAULT_SPREAD, "lang": lang,
            "cost_change_now": found.base.get(needs.COST),
            "co2_change_now": found.base.get(needs.CO2)}
    found.paths = [save_csv(folder, "data-needs.csv", rows),
                   save_json(folder, "data-needs.json", meta),
                   write_workbook(found.rows, model, lang, money, scenario.id,
                                  folder / "data-needs.xlsx")]
    return found


__all__ += ["data_needs"]
