"""The public API: load → check → optimize → Results → files. The CLI calls only this."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from symbiosis.errors import InputError
from symbiosis.load.checks import Finding, run_checks
from symbiosis.load.criteria import load_criteria
from symbiosis.load.park import Park
from symbiosis.load.policy_checks import check_bounds
from symbiosis.load.scenario import Scenario, baseline_of, load_park, load_scenario
from symbiosis.load.yamlio import read_yaml
from symbiosis.optimize.data import build_data
from symbiosis.optimize.elastic import explain, explanation_json
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.core import Results, make_results
from symbiosis.results.write import write_results

__all__ = ["load_scenario", "load_park", "check", "solve", "run", "write_results",
           "validate_file", "baseline_of", "Results", "Scenario"]


def check(park: Park) -> list[Finding]:
    """Run the consistency checks; the first error raises InputError, warnings return."""
    findings = run_checks(park)
    for f in findings:
        if f.level == "error":
            file, key, line = park.locate(f.key) if park.locate else (park.file, f.key, None)
            raise InputError(f"{f.message} [{f.check}]", file, key, line)
    return findings


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
    sol = Optimizer(data).solve()
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
    return solve(scenario, base)


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
