"""Why each option: what the plan loses when that option alone is taken out.

For every link, facility, measure and process the optimal plan builds (new, committed or
existing and in use), the scenario is solved again with that one option off and
everything else free to re-optimise. Its contribution is the difference:

- ``saves_cost`` (park currency/yr, without the carbon price) and ``saves_objective``
  (with it): what the plan costs more without the option;
- ``saves_co2`` (t CO2e/yr, the park's inventory) and ``saves_co2_partners`` (CO2
  avoided at partners outside the park);
- ``payback_years``: capital / the yearly saving before capital charges, for an option
  that needs capital.

Without the option the scenario may have no solution (a Decree 35 constraint needs it):
then ``without_status`` says so and the savings are empty. New options are switched off
in place on one persistent model; existing links need a model without them.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.errors import InputError
from symbiosis.optimize.data import build_data, crf
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.core import Results, make_results

# Above these a plan's contributions are left out unless asked for: each is one more solve
# of the whole model (a regional park of 100,000 links builds thousands of options, each
# re-solve minutes long). ``explain-choice`` still gives any one of them.
MAX_OPTIONS = 200
MAX_BINARIES = 2_000

FIELDS = ("without_status", "saves_cost_vnd_per_year", "saves_objective_vnd_per_year",
          "saves_co2_t_per_year", "saves_co2_partners_t_per_year", "payback_years")


def _figures(r: Results) -> dict[str, float]:
    t = r.totals
    return {"cost": t["cost_vnd_per_year"],
            "objective": t["cost_vnd_per_year"] + t["carbon_cost_vnd_per_year"],
            "co2": t["co2_t_per_year"], "partners": t["avoided_co2_t_per_year_external"]}


def chosen(results: Results) -> list[tuple[str, str]]:
    """(table, id) of every option the plan builds, adopts or opens."""
    tb = results.tables
    out = [("links", x["id"]) for x in tb["links"]
           if x["built"] and (not x["existing"] or x["flow"] > 0)]
    out += [("facilities", x["id"]) for x in tb.get("facilities", [])
            if x["built"] and not x["existing"]]
    out += [("measures", x["id"]) for x in tb["measures"] if x["adopted"]]
    out += [("processes", x["id"]) for x in tb.get("processes", [])
            if x["built"] and not x["existing"]]
    return out


def contributions(results: Results, progress: Callable[[int, int], None] | None = None,
                  only: str | None = None, direct: bool = True) -> dict[str, dict[str, Any]]:
    """Option id → its contribution (FIELDS), for every option the plan has.

    ``direct``: the re-solves of the model's own decisions in one HiGHS instance of their
    own (optimize/direct.py: the option's columns fixed at 0), not through Pyomo's
    change detection (12 ms a re-solve on Tằng Loỏng where HiGHS needs 5); the answers
    are the same (tests/test_contribution.py)."""
    if not results.ok:
        return {}
    sc = results.scenario
    with_it = _figures(results)
    options = [o for o in chosen(results) if only is None or o[1] == only]
    session = Session(sc, with_baseline=False)
    opt, d = session.optimizer, session.data
    direct = _direct(opt) if direct else None
    free = set(d.candidates) | set(d.measures) | set(d.hubs) | set(d.new_processes)
    out: dict[str, dict[str, Any]] = {}
    for i, (_, oid) in enumerate(options):
        if oid in free:  # a decision of the model: fix it (and what needs it) to 0 in place
            off = {oid} | _needing(d, oid)
            sol, data = (direct.solve_without(d, off) if direct else None), d
            if sol is None:  # no direct answer (another solver, a limit): Pyomo's
                opt.free_options()  # forced options back on: the last round fixed one to 0
                opt.fix_options(set(), off=off)
                sol = opt.solve()
        else:  # an existing link: a model without it
            pol = dataclasses.replace(sc.policy, forbid=[*sc.policy.forbid, oid])
            data = build_data(dataclasses.replace(sc, policy=pol))
            sol = Optimizer(data).solve()
        row: dict[str, Any] = {k: None for k in FIELDS}
        row["without_status"] = sol.status
        if sol.has_values and sol.status in ("optimal", "feasible"):
            without = _figures(make_results(sc, data, sol))
            row.update({
                "saves_cost_vnd_per_year": without["cost"] - with_it["cost"],
                "saves_objective_vnd_per_year": without["objective"] - with_it["objective"],
                "saves_co2_t_per_year": without["co2"] - with_it["co2"],
                "saves_co2_partners_t_per_year": with_it["partners"] - without["partners"]})
            row["payback_years"] = _payback(sc, oid, row["saves_cost_vnd_per_year"])
        out[oid] = row
        if progress:
            progress(i + 1, len(options))
    opt.free_options()
    return out


def _direct(opt: Optimizer) -> Any:
    """The model in a HiGHS instance of its own, or None where the direct path cannot
    take it (another solver, a CO2-first objective): then Pyomo re-solves each option."""
    from symbiosis.optimize.direct import CANNOT_COMPILE, DirectOptimizer

    if opt.solver_name != "highs" or opt.data.policy.objective != "cost":
        return None
    # Pyomo writes a fixed variable into HiGHS's rows as a constant: forced options are
    # held at 1 by their bounds instead (the same plans), so that their columns can be
    # switched off too. The Pyomo fallback fixes them again (free_options).
    m = opt.model
    for comp in (m.build, m.adopt, m.hub, m.open):
        for v in comp.values():
            if v.fixed and v.value == 1:
                v.unfix()
                v.setlb(1)
    try:
        # Solved once, so that Pyomo's interface holds every coefficient (the hand-over
        # alone leaves mutable ones at 0 until the first solve).
        return DirectOptimizer(opt) if opt.solve().has_values else None
    except CANNOT_COMPILE:
        return None  # as analysis/direct_session.py: the Pyomo path answers instead


def _needing(d: Any, oid: str) -> set[str]:
    """Links that cannot run without ``oid``: through the facility, to or from the process
    (forced or committed ones too, so their capital is not charged for nothing)."""
    ex = d.park.exchanges
    return {e for e in d.candidates
            if ex[e].via == oid or oid in (ex[e].supplier, ex[e].receiver)}


def _payback(sc: Any, oid: str, saves: float) -> float | None:
    """Capital / the yearly saving before its capital charge; None without capital."""
    park, rate = sc.park, sc.policy.discount_rate
    item = park.exchanges.get(oid) or park.measures.get(oid) or park.processes.get(oid)
    if item is None and oid in park.tenants:
        item = park.tenants[oid].processing
    if item is None or getattr(item, "existing", False) or not getattr(item, "capex", 0):
        return None
    before_capital = saves + crf(rate, item.lifetime) * item.capex
    return item.capex / before_capital if before_capital > 0 else None


def too_many(results: Results) -> str | None:
    """Why the plan's contributions are left out by default (None: they are not)."""
    if not results.ok:
        return None
    n = len(chosen(results))
    binaries = sum(len(results.tables.get(t) or []) for t in ("links", "measures", "facilities"))
    if n > MAX_OPTIONS or binaries > MAX_BINARIES:
        return (f"what each option saves is left out: the plan has {n:,} options among "
                f"{binaries:,} candidates, each would need one more solve (more than "
                f"{MAX_OPTIONS} options or {MAX_BINARIES:,} candidates); `symbiosis "
                "explain-choice` gives any one, `run --contributions` all")
    return None


def with_contributions(results: Results,
                       progress: Callable[[int, int], None] | None = None) -> Results:
    """``results`` with the FIELDS filled in its links, facilities, measures, processes."""
    found = contributions(results, progress)
    tables = {k: [dict(x) for x in v] for k, v in results.tables.items()}
    keys = {"links": "id", "facilities": "id", "measures": "id", "processes": "id"}
    for name, key in keys.items():
        for row in tables.get(name, []):
            row.update(found.get(row[key], {k: None for k in FIELDS}))
    return dataclasses.replace(results, tables=tables)


def contributions_of(results: Results, oid: str) -> dict[str, Any]:
    """One option, for ``explain-choice``: its contribution if the plan has it, else what
    forcing it in costs (the same FIELDS, signed as savings of the plan without it)."""
    sc = results.scenario
    park = sc.park
    item = (park.exchanges.get(oid) or park.measures.get(oid) or park.processes.get(oid)
            or (park.tenants[oid] if oid in park.tenants and park.tenants[oid].processing
                else None))
    if item is None:
        raise InputError(f"no link, facility, measure or process '{oid}' in the model",
                         sc.file, "option")
    name = getattr(item, "name", oid) or oid
    if oid in {o for _, o in chosen(results)}:
        row = contributions(results, only=oid)[oid]  # one re-solve, not one per option
        verdict = ("in the plan; without it the scenario has no solution"
                   if row["saves_cost_vnd_per_year"] is None else "in the plan")
        return {"name": name, "in_plan": True, "verdict": verdict, **row}
    pol = dataclasses.replace(sc.policy, force=[*sc.policy.force, oid],
                              forbid=[f for f in sc.policy.forbid if f != oid])
    data = build_data(dataclasses.replace(sc, policy=pol))
    if oid in data.unbuildable or (oid in park.exchanges and oid not in data.flows):
        why = data.unbuildable.get(oid, "the scenario's policy leaves it out")
        return {"name": name, "in_plan": False, "verdict": f"not in the plan: {why}",
                **{k: None for k in FIELDS}}
    sol = Optimizer(data).solve()
    row = {k: None for k in FIELDS}
    row["without_status"] = results.status
    if sol.has_values and sol.status in ("optimal", "feasible"):
        forced, now = _figures(make_results(sc, data, sol)), _figures(results)
        # Savings of the plan *without* it, i.e. what forcing it in costs.
        row.update({"saves_cost_vnd_per_year": forced["cost"] - now["cost"],
                    "saves_objective_vnd_per_year": forced["objective"] - now["objective"],
                    "saves_co2_t_per_year": forced["co2"] - now["co2"],
                    "saves_co2_partners_t_per_year": now["partners"] - forced["partners"]})
        verdict = "not in the plan: forcing it in costs more (or saves no more) than the plan"
    else:
        verdict = f"not in the plan: with it forced the scenario is {sol.status}"
    return {"name": name, "in_plan": False, "verdict": verdict, **row}
