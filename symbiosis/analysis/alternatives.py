"""Near-optimal alternatives (MGA): plans within a slack of the optimum that differ most,
and which options every good plan needs.

An option is a free build decision of the scenario (a candidate link, a measure, a
conversion process still to be built: ``optimize/distance.py``); forbidden options are not
in the model and forced ones are in every plan, listed apart. A plan is the set of options
it builds; its value is the best the scenario's objective reaches with exactly those
options built (facilities follow their links, and a link to or from a process still to
be built brings the process), under every constraint of the scenario
(Decree 35 criteria it imposes, caps, budget).

1. The optimum x* with value C*; the cap is C* + slack·|C*| (``optimize/near_optimal.py``:
   with |C*| so that a negative objective still gives a cap above the optimum).
2. Hamming-distance MGA: each next plan maximises its Hamming distance summed over every
   plan found so far, under the cap, each found plan cut off (``optimize/distance.py``),
   then is costed with exactly its options fixed. The search stops at ``count`` plans or
   when no other plan is within the cap.
3. Each option's status, computed exactly rather than read off the plans found: an option
   built at the optimum is solved with it forced off — *must-have* if that optimum exceeds
   the cap (or has no solution), else *swappable*, and that solve is the cheapest plan
   without it; an option not built at the optimum is solved with it forced on — *never*
   if that exceeds the cap, else *swappable*, and the cheapest plan without it is the
   optimum. These solves are independent and run on the parallel engine
   (``uncertainty/engine.py``, one task per batch of options).

With a resilience penalty in the objective the cap is on the money (``m.cost``) while the
solves minimise money plus the penalty, so the status is exact only without a penalty.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.errors import InputError, SolverError
from symbiosis.load.scenario import Scenario
from symbiosis.optimize.distance import options as free_options
from symbiosis.optimize.near_optimal import cap as near_cap, within
from symbiosis.optimize.solve import Solution
from symbiosis.results.core import Results, make_results

METHOD = ("Hamming-distance MGA (Hop-Skip-Jump, Brill et al. 1982): each plan maximises its "
          "Hamming distance summed over the plans found before, under the cap C* + "
          "slack·|C*| on the scenario's objective, found plans cut off; option status from "
          "one exact solve per option (forced off if the optimum builds it, else forced on)")
STATUSES = ("must-have", "swappable", "never")


@dataclass
class Alternatives:
    scenario: Scenario
    objective: str                 # "cost" (currency/yr, with the carbon price) or "co2" (t/yr)
    unit: str
    slack: float
    optimum: float
    cap: float
    plans: list[dict[str, Any]]
    options: list[dict[str, Any]]
    forced: list[str]
    count_asked: int
    solves: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase


def parse_slack(text: str | float) -> float:
    """'5%' or 0.05 → 0.05; ValueError with a message for anything else."""
    raw = str(text).strip()
    try:
        value = float(raw[:-1]) / 100.0 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ValueError(f"not a share: {raw!r} (write 5% or 0.05)") from None
    if not 0.0 <= value <= 10.0 or value != value:
        raise ValueError(f"the slack must lie between 0% and 1000%: {raw!r}")
    return value


def plan_of(d: Any, sol: Solution) -> frozenset[str]:
    """The free options a solution builds, adopts or opens."""
    got = {"build": sol.build, "adopt": sol.adopt, "open": sol.open}
    return frozenset(oid for kind, oid in free_options(d) if got[kind].get(oid, 0.0) > 0.5)


def objective_value(r: Results) -> float:
    """The scenario's objective at a solution: money with the carbon price, or CO2."""
    t = r.totals
    if r.scenario.policy.objective == "co2":
        return t["co2_boundary_t_per_year"]
    return t["cost_vnd_per_year"] + t["carbon_cost_vnd_per_year"]


def _figures(r: Results) -> dict[str, Any]:
    t = r.totals
    counts = {s: sum(c["status"] == s for c in r.decree35) for s in ("pass", "fail",
                                                                       "needs-evidence")}
    return {"objective_value": objective_value(r), "cost_vnd_per_year": t["cost_vnd_per_year"],
            "carbon_cost_vnd_per_year": t["carbon_cost_vnd_per_year"],
            "co2_t_per_year": t["co2_t_per_year"],
            "decree35_pass": counts["pass"], "decree35_fail": counts["fail"],
            "decree35_needs_evidence": counts["needs-evidence"],
            "decree35_failing": ";".join(c["id"] for c in r.decree35 if c["status"] == "fail")}


def _ok(sol: Solution) -> bool:
    return sol.status in ("optimal", "feasible")


def solve_fixed(session: Session, on: frozenset[str] | None = None,
                off: frozenset[str] | None = None) -> tuple[Solution, Results | None]:
    """The scenario's optimum with exactly ``on`` built (``off`` None), or with ``on``
    forced on and ``off`` forced off and the rest free; forced options stay on."""
    opt, d = session.optimizer, session.data
    on = frozenset(on or ())
    if off is None:
        opt.fix_options(set(on) | set(d.forced))
    else:
        opt.fix_options(set(on), off=set(off))
    try:
        sol = opt.solve()
    finally:
        opt.free_options()
    return sol, (make_results(session.scenario, d, sol) if _ok(sol) else None)


def option_task(scenario: Scenario, session: Session,
                samples: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Engine task (module level, so a worker process can run it): each sample names one
    option and whether it is forced "off" or "on"; the row is that solve's optimum."""
    rows = []
    for sample, ask in samples:
        oid = ask["option"]
        pinned = frozenset({oid})
        sol, r = (solve_fixed(session, off=pinned) if ask["fix"] == "off"
                  else solve_fixed(session, on=pinned, off=frozenset()))
        row: dict[str, Any] = {"sample": sample, "option": oid, "fix": ask["fix"],
                               "status": sol.status, "value": None, "options": None}
        if r is not None:
            row.update(value=objective_value(r),
                       options=sorted(plan_of(session.data, sol)), **_figures(r))
        rows.append(row)
    return rows


def solve_each(scenario: Scenario, session: Session, samples: list[dict[str, Any]],
               where: dict[str, Any]) -> list[dict[str, Any]]:
    """The independent solves of ``samples``: here on ``session`` with one local worker,
    else on the parallel engine (``where``: its workers, dask_local, scheduler,
    batch_size), whose tasks carry the scenario itself."""
    if (where.get("workers") or 1) <= 1 and not where.get("dask_local") \
            and not where.get("scheduler"):
        return option_task(scenario, session, list(enumerate(samples)))
    from symbiosis import parallel

    return parallel.run_tasks(option_task, samples, scenario, baseline=False, **where)


def alternatives(scenario: Scenario, slack: float, count: int, workers: int = 1,
                 progress: Callable[[int, int], None] | None = None,
                 **where: Any) -> Alternatives:
    """Up to ``count`` distinct plans within ``slack`` of the optimum (the optimum first),
    and the status of every free option; ``where`` (dask_local, scheduler, batch_size)
    places the per-option solves as ``workers`` does."""
    if count < 1:
        raise InputError("--count must be at least 1", scenario.file, "--count")
    start = time.perf_counter()
    session = Session(scenario, with_baseline=False)
    opt, d = session.optimizer, session.data
    built = time.perf_counter()
    best, r0 = solve_fixed(session, off=frozenset())
    if r0 is None:
        raise SolverError(f"the scenario is {best.status}: there is no optimum to compare "
                          f"alternatives with ({best.message})")
    optimum = objective_value(r0)
    limit = near_cap(optimum, slack)
    ids = [oid for _, oid in free_options(d)]
    total = count + len(ids)
    found = [plan_of(d, best)]
    plans = [_plan_row(1, found[0], found[0], r0, optimum)]
    notes: list[str] = []
    solves = 1
    tries = 0
    while len(plans) < count and tries < 4 * count:  # a plan left out is cut off: no loop
        tries += 1
        if progress:
            progress(len(plans), total)
        opt.near_optimal(limit, found)
        try:
            step = opt.solve(("distance",))
        finally:
            opt.near_optimal(None)
        solves += 1
        if not _ok(step):
            notes.append(f"no other plan within the slack ({step.status}): "
                         f"{len(plans)} plan(s) of the {count} asked")
            break
        plan = plan_of(d, step)
        found.append(plan)
        sol, r = solve_fixed(session, on=plan)
        solves += 1
        if r is None or not within(objective_value(r), limit):
            notes.append(f"a plan found by the search was {sol.status} when costed with its "
                         "options fixed, and is left out")
            continue
        plans.append(_plan_row(len(plans) + 1, plan, found[0], r, optimum))
    searched = time.perf_counter()
    samples = [{"option": oid, "fix": "off" if oid in found[0] else "on"} for oid in ids]
    rows = solve_each(scenario, session, samples, {"workers": workers, **where}) \
        if samples else []
    solves += len(rows)
    seconds = {"model": built - start, "optimum_and_search": searched - built,
               "option_status": time.perf_counter() - searched}
    if progress:
        progress(total, total)
    options = [_option_row(scenario, row, found[0], plans, optimum, limit) for row in rows]
    free = set(d.candidates) | set(d.measures) | set(d.new_processes)
    forced = sorted(x for x in d.forced if x in free)
    return Alternatives(scenario, scenario.policy.objective, _unit(scenario), slack, optimum,
                        limit, plans, options, forced, count, solves, notes, seconds)


def _unit(scenario: Scenario) -> str:
    return "t CO2e/yr" if scenario.policy.objective == "co2" else f"{scenario.park.currency}/yr"


def _above(value: float, optimum: float) -> float:
    return 100.0 * (value - optimum) / max(abs(optimum), 1e-12)


def _plan_row(number: int, plan: frozenset[str], optimum_plan: frozenset[str], r: Results,
              optimum: float) -> dict[str, Any]:
    fig = _figures(r)
    return {"plan": number, **fig, "objective_unit": _unit(r.scenario),
            "above_optimum_percent": _above(fig["objective_value"], optimum),
            "hamming_to_optimum": len(plan ^ optimum_plan), "options_built": len(plan),
            "options": ";".join(sorted(plan))}


def describe(scenario: Scenario, oid: str) -> dict[str, str]:
    """Kind and names of an option, for tables and figures."""
    park = scenario.park
    item, kind = ((park.exchanges[oid], "link") if oid in park.exchanges else
                  (park.measures[oid], "measure") if oid in park.measures else
                  (park.processes[oid], "process"))
    tenant = item.supplier if kind == "link" else item.tenant
    return {"kind": kind, "name": item.name or oid, "name_vi": getattr(item, "name_vi", "") or "",
            "tenant": tenant}


def _option_row(scenario: Scenario, row: dict[str, Any], optimum_plan: frozenset[str],
                plans: list[dict[str, Any]], optimum: float, limit: float) -> dict[str, Any]:
    oid = row["option"]
    in_optimum = oid in optimum_plan
    fits = within(row["value"], limit)
    if in_optimum:
        status = "swappable" if fits else "must-have"
        without, without_plan = row["value"], row["options"]
    else:
        status = "swappable" if fits else "never"
        without, without_plan = optimum, sorted(optimum_plan)
    return {"option": oid, **describe(scenario, oid), "status": status,
            "in_optimum": in_optimum,
            "in_plans_found": sum(oid in p["options"].split(";") for p in plans),
            "cheapest_without_objective_value": without, "objective_unit": _unit(scenario),
            "cheapest_without_above_optimum_percent":
                None if without is None else _above(without, optimum),
            "cheapest_without_options": None if without_plan is None else ";".join(without_plan),
            "checked_by": f"forced {row['fix']}: {row['status']}",
            "forced_objective_value": row["value"]}
