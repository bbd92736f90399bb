"""Why a scenario has no solution: an elastic re-solve that names what cannot be met.

HiGHS has no conflict finder for MILPs, so the balance, capacity and policy rows of
the normal model get priced slacks instead, and a binary per row counts how many are
broken. The first solve finds the fewest broken rows (a physical row weighs more than
all policy rows together: a planner can change policy, not a mass balance); the second
keeps that count and finds the smallest amounts, each divided by its row's natural
size so tonnes, MWh, t CO2e and enterprise counts compare fairly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pyomo.environ as pyo
from pyomo.contrib.fbbt.fbbt import compute_bounds_on_expr
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import SolutionStatus

from symbiosis.load.census import share_denominator
from symbiosis.money import display
from symbiosis.optimize.data import ModelData
from symbiosis.optimize.model import build_model

PHYSICAL = ("released", "supplied", "link_open", "link_load", "hub_capacity", "partner_demand",
            "process_capacity", "process_minimum")
POLICY = ("min_links", "min_part", "min_cp", "co2_cap_row", "capex_row")
# At most five policy rows exist, so one physical row outweighs all of them.
WEIGHT = {"policy": 1.0, "physical": 1000.0}
KPI = {"min_links": "symbiosis_links", "min_part": "participation_share",
       "min_cp": "cleaner_production_share"}
FALLBACK = {"min_links": "The scenario's minimum number of symbiosis links",
            "min_part": "The scenario's minimum participation share",
            "min_cp": "The scenario's minimum cleaner-production share"}
TOL = 1e-6


@dataclass
class Violation:
    constraint: str
    index: tuple | None
    kind: str          # policy | physical
    amount: float      # in ``unit``, always positive
    unit: str
    names: dict[str, str] = field(default_factory=dict)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["index"] = list(self.index) if self.index is not None else None
        return out


@dataclass
class _Row:
    con: Any
    family: str
    index: tuple | None
    kind: str
    scale: float
    z: Any
    lo: Any = None  # raises the body: the row's lower side was not reached
    up: Any = None  # lowers the body: the row's upper side was exceeded


def _ceilings(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Physical ceilings on the continuous variables, so that every row's reach is finite
    and each big-M below is that row's own bound; no solution of the normal model is cut."""
    def finite(x: float) -> float | None:  # a process without a capacity has no ceiling
        return x if x != float("inf") else None

    for e in d.flows:
        x = d.park.exchanges[e]
        m.flow[e].setub(finite(d.release_ub[x.supplier, x.resource]))
    for k in d.buys:
        m.buy[k].setub(finite(d.need_ub[k]))
    for comp, keys in ((m.dispose, d.disposes), (m.sell, d.sells)):
        for k in keys:
            comp[k].setub(finite(d.release_ub[k]))
    for p, mode in d.runs:
        m.run[p, mode].setub(d.park.processes[p].capacity)


def _scale(d: ModelData, family: str, idx: tuple | None, rhs: float) -> float:
    """A row's natural size: its right-hand side, or the quantity it balances or caps."""
    natural = {"link_open": lambda: d.flow_ub[idx[0]],
               "link_load": lambda: d.flow_ub[idx[0]] * d.policy.min_link_load,
               "released": lambda: d.release_ub[idx], "supplied": lambda: d.need_ub[idx]}
    size = natural[family]() if family in natural else rhs
    return max(1.0, abs(size if size != float("inf") else rhs))


def _elastic(d: ModelData) -> tuple[pyo.ConcreteModel, list[_Row]]:
    m = build_model(d)
    _ceilings(m, d)
    for obj in m.component_data_objects(pyo.Objective, active=True):
        obj.deactivate()
    # As the Optimizer does: the cap row always exists but counts only under a cap, and
    # the lexicographic stage rows belong to a normal solve, not to this one.
    m.co2_cap_row.activate() if d.policy.co2_cap is not None else m.co2_cap_row.deactivate()
    for name in ("co2_stage", "cost_stage"):
        if hasattr(m, name):
            getattr(m, name).deactivate()
    m.el_s = pyo.VarList(domain=pyo.NonNegativeReals)
    m.el_z = pyo.VarList(domain=pyo.Binary)
    m.el_rows = pyo.ConstraintList()
    rows = []
    for kind, families in (("physical", PHYSICAL), ("policy", POLICY)):
        for family in families:
            comp = getattr(m, family, None)
            for con in (comp.values() if comp is not None else ()):
                if not con.active:
                    continue
                low, high = compute_bounds_on_expr(con.body)
                lower = pyo.value(con.lower) if con.has_lb() else None
                upper = pyo.value(con.upper) if con.has_ub() else None
                raw = con.index()
                idx = None if raw is None else (raw if isinstance(raw, tuple) else (raw,))
                scale = _scale(d, family, idx, upper if upper is not None else lower)
                # The largest violation the row can show is its big-M; unbounded never
                # happens with the ceilings above, the scale is only a guard.
                m_lo = (lower - low if low is not None else scale) if lower is not None else 0
                m_up = (high - upper if high is not None else scale) if upper is not None else 0
                if m_lo <= TOL and m_up <= TOL:
                    continue
                row = _Row(con, family, idx, kind, scale, m.el_z.add())
                body = con.body
                for side, big in (("lo", m_lo), ("up", m_up)):
                    if big > TOL:
                        s = m.el_s.add()
                        s.setub(big)
                        m.el_rows.add(s <= big * row.z)
                        setattr(row, side, s)
                        body = body + s if side == "lo" else body - s
                m.el_rows.add(body == con.upper if con.equality
                              else (con.lower, body, con.upper))
                con.deactivate()
                rows.append(row)
    return m, rows


def _solve(d: ModelData, m: pyo.ConcreteModel, solver) -> tuple[bool, str]:
    sv = d.scenario.solver
    res = solver.solve(m, time_limit=sv.time_limit, rel_gap=sv.mip_gap, threads=sv.threads,
                       load_solutions=False, raise_exception_on_nonoptimal_result=False,
                       solver_options={"output_flag": False})
    if res.solution_status in (SolutionStatus.optimal, SolutionStatus.feasible):
        res.solution_loader.load_vars()
        return True, res.termination_condition.name
    return False, res.termination_condition.name


def explain(data: ModelData) -> list[Violation]:
    """The fewest, then smallest, relaxations of balance, capacity and policy rows that
    would make ``data`` solvable; policy items first, then by relative size."""
    m, rows = _elastic(data)
    solver = SolverFactory("highs")
    count = sum(WEIGHT[r.kind] * r.z for r in rows)
    m.el_count = pyo.Objective(expr=count)
    ok, why = _solve(data, m, solver)
    if not ok:
        return [Violation(
            "elastic", None, "physical", 0.0, "", {},
            "The scenario has no solution even with every balance, capacity and policy row "
            f"relaxed (solver: {why}); check the options the policy forces and the links "
            "through processing facilities.")]
    best = pyo.value(count)
    if best < 0.5:
        return []
    # Weights are whole numbers, so +0.5 keeps exactly the best weighted count.
    m.el_keep = pyo.Constraint(expr=count <= best + 0.5)
    m.el_count.deactivate()
    m.el_amount = pyo.Objective(expr=sum(
        WEIGHT[r.kind] * s / r.scale for r in rows for s in (r.lo, r.up) if s is not None))
    _solve(data, m, solver)  # on failure the first solve's values stay loaded
    found = []
    for r in rows:
        lo, up = ((s.value or 0.0) if s is not None else 0.0 for s in (r.lo, r.up))
        amount = abs(up - lo)
        # z within the solver's integrality tolerance of 0 lets a trace of slack through.
        if r.z.value > 0.5 and amount > TOL * r.scale:
            found.append((r, amount, up >= lo))
    found.sort(key=lambda f: (f[0].kind != "policy", -f[1] / f[0].scale))
    return [_violation(data, r, amount, up) for r, amount, up in found]


def _num(x: float) -> str:
    if abs(x - round(x)) <= 1e-6 * max(1.0, abs(x)):
        return f"{round(x):,}"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:.3g}"


def _plural(n: float, word: str) -> str:
    return f"{_num(n)} {word}{'' if round(n) == 1 else 's'}"


def _criterion(d: ModelData, family: str) -> tuple[str, dict[str, str]]:
    crits = d.scenario.criteria
    c = next((c for c in crits.items if c.kpi == KPI[family]), None)
    if c is None:
        return FALLBACK[family], {"kpi": KPI[family]}
    article = c.article if c.article.startswith("Decree") else \
        f"{crits.name.split('/')[0].strip()} {c.article}"
    return article, {"criterion": c.id, "kpi": c.kpi}


def _violation(d: ModelData, r: _Row, amount: float, up: bool) -> Violation:
    park, pol, i, f = d.park, d.policy, r.index, r.family
    if f in ("min_links", "min_part", "min_cp"):
        amount = float(round(amount)) if abs(amount - round(amount)) < 1e-6 else amount
        label, names = _criterion(d, f)
        need = _num(pyo.value(r.con.lower))
        n = share_denominator(d.park)  # the census, as the rows' own (load/census.py)
        if f == "min_links":
            unit, what = "links", (f"{_plural(amount, 'more symbiosis link')} between "
                                   f"enterprises {'is' if round(amount) == 1 else 'are'} "
                                   f"needed than the park can build ({need} required)")
        elif f == "min_part":
            unit, what = "enterprises", (f"{_plural(amount, 'more enterprise')} must take part "
                                         f"in a symbiosis link ({need} of {n} required)")
        else:
            unit, what = "enterprises", (f"{_plural(amount, 'more enterprise')} "
                                         f"need{'s' if round(amount) == 1 else ''} a "
                                         f"cleaner-production measure ({need} of {n} required)")
        return Violation(f, i, r.kind, amount, unit, names, f"{label}: {what}.")
    if f == "co2_cap_row":
        cap = pol.co2_cap
        return Violation(f, i, r.kind, amount, "t CO2e/yr", {"boundary": pol.co2_boundary},
                         f"The CO2 cap of {_num(cap)} t/yr on boundary '{pol.co2_boundary}' is "
                         f"{_num(amount)} t/yr below the lowest CO2 the park can reach "
                         f"({_num(cap + amount)} t/yr).")
    if f == "capex_row":
        budget, m = pol.capex_budget, display(park.currency)
        return Violation(f, i, r.kind, amount, park.currency, {},
                         f"The capital budget of {_num(budget / m.divisor)} {m.unit} is "
                         f"{_num(amount / m.divisor)} {m.unit} short of the new capital the other "
                         f"requirements need ({_num((budget + amount) / m.divisor)} {m.unit}).")
    if f in ("released", "supplied"):
        t, rid = i
        unit = f"{park.resources[rid].unit}/yr"
        node = park.tenants.get(t) or park.processes[t]
        who = f"{'Tenant' if t in park.tenants else 'Process'} '{node.name}' ({t})"
        text = {("supplied", True): f"{who} needs {_num(amount)} {unit} more '{rid}' than it "
                                    "can buy or receive.",
                ("supplied", False): f"{who} would receive {_num(amount)} {unit} more '{rid}' "
                                     "than it needs, from links held at their minimum load.",
                ("released", True): f"{who} releases {_num(amount)} {unit} of '{rid}' that it "
                                    "can neither send on, dispose of nor sell.",
                ("released", False): f"Links from {who[0].lower()}{who[1:]} would have to carry "
                                     f"{_num(amount)} {unit} more '{rid}' than it releases."}
        return Violation(f, i, r.kind, amount, unit, {"tenant": t, "resource": rid},
                         text[f, up])
    if f in ("link_open", "link_load"):
        e = park.exchanges[i[0]]
        unit = f"{park.resources[e.resource].unit}/yr"
        link = f"Link '{e.id}' ({e.supplier} → {e.receiver}, {e.resource})"
        names = {"link": e.id, "supplier": e.supplier, "receiver": e.receiver,
                 "resource": e.resource}
        limit = d.flow_ub[e.id] * (pol.min_link_load if f == "link_load" else 1.0)
        text = (f"{link} would have to carry {_num(amount)} {unit} above its limit of "
                f"{_num(limit)} {unit}." if f == "link_open" else
                f"{link} can carry only {_num(limit - amount)} {unit}, {_num(amount)} {unit} "
                f"short of its minimum load of {_num(limit)} {unit}.")
        return Violation(f, i, r.kind, amount, unit, names, text)
    if f == "hub_capacity":
        t = park.tenants[i[0]]
        unit = f"{t.processing.unit}/yr"
        return Violation(f, i, r.kind, amount, unit, {"tenant": t.id},
                         f"Processing facility '{t.name}' ({t.id}) would have to process "
                         f"{_num(amount)} {unit} above its capacity of "
                         f"{_num(t.processing.capacity)} {unit}.")
    if f in ("process_capacity", "process_minimum"):
        x = park.processes[i[0]]
        unit = f"{x.unit}/yr"
        text = (f"Process '{x.name}' ({x.id}) would have to run {_num(amount)} {unit} above "
                f"its capacity of {_num(x.capacity)} {unit}." if f == "process_capacity" else
                f"Process '{x.name}' ({x.id}) can run only {_num(x.minimum - amount)} {unit}, "
                f"{_num(amount)} {unit} short of its minimum of {_num(x.minimum)} {unit}.")
        return Violation(f, i, r.kind, amount, unit, {"process": x.id}, text)
    p, rid = i  # partner_demand
    unit = f"{park.resources[rid].unit}/yr"
    return Violation(f, i, r.kind, amount, unit, {"partner": p, "resource": rid},
                     f"Partner '{park.partners[p].name}' ({p}) would receive {_num(amount)} "
                     f"{unit} more '{rid}' than it takes "
                     f"({_num(park.partners[p].demand[rid])} {unit}).")


def explanation_json(data: ModelData, violations: list[Violation]) -> dict[str, Any]:
    sid = data.scenario.id
    phys = [v for v in violations if v.kind == "physical"]
    if not violations:
        summary = (f"Scenario '{sid}' has no solution, but relaxing no balance, capacity or "
                   "policy row helps: the cause may be numerical.")
    elif phys:
        summary = (f"Scenario '{sid}' has no solution under any policy: "
                   f"{len(phys)} physical balance or capacity row{'s' * (len(phys) != 1)} "
                   f"cannot be met with the park's data. {phys[0].message}")
    else:
        summary = (f"Scenario '{sid}' has no solution under its policy; relaxing the "
                   f"{len(violations)} policy item{'s' * (len(violations) != 1)} below would "
                   f"give one. {violations[0].message}")
    return {"scenario": sid, "status": "infeasible",
            "violations": [v.to_dict() for v in violations], "summary": summary}
