"""Every number of the optimization as a mutable Pyomo Param, and the model's shape.

A sweep or a Monte Carlo sample changes numbers, not the model: ``values`` gives the
new numbers from a new ``ModelData``, and ``signature`` tells whether the shape (index
sets, which coefficients are non-zero, which constraints exist) is still the same, so
that the persistent HiGHS model can be updated instead of rebuilt.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import pyomo.environ as pyo

from symbiosis.load.census import outside_cleaner_production, share_denominator
from symbiosis.optimize import quality, symbiosis
from symbiosis.optimize.data import ModelData, changes
from symbiosis.optimize.scaling import money_unit

ATTRS = ("cost", "scope1", "grid_mwh", "scope3", "disposal", "avoided")
# Coefficient Params (one per decision quantity and Term attribute) exist only where the
# coefficient is non-zero: the model never multiplies a variable by the others, and
# ``signature`` holds the non-zero pattern, so an update in place never needs them.
SPARSE = tuple(f"c_{a}" for a in ATTRS) + ("q_link", "q_buy")  # q_*: quality rows (quality.py)
_MEMO = "_params_values"


def coefficients(d: ModelData) -> dict[str, list[float]]:
    """Σ of each Term attribute per decision quantity, in the order of ``d.terms``."""
    cols: dict[str, list[float]] = {a: [] for a in ATTRS}
    cost, s1, grid, s3, disp, avd = (cols[a].append for a in ATTRS)
    for terms in d.terms.values():
        # One pass per list, summing left to right from 0 as sum() does (same floats).
        c = x1 = g = x3 = ds = av = 0
        for t in terms:
            c += t.cost
            x1 += t.scope1
            g += t.grid_mwh
            x3 += t.scope3
            ds += t.disposal
            av += t.avoided
        cost(c), s1(x1), grid(g), s3(x3), disp(ds), avd(av)
    return cols


@contextmanager
def reuse_values(d: ModelData) -> Iterator[None]:
    """Inside the block ``values(d)`` is computed once (building or updating one model
    asks for it several times); outside, every call computes it afresh."""
    owner = _MEMO not in d.__dict__
    if owner:
        d.__dict__[_MEMO] = None
    try:
        yield
    finally:
        if owner:
            d.__dict__.pop(_MEMO, None)


def money(d: ModelData) -> float:
    """Currency units per unit of money inside the model (``scaling.money_unit``), chosen
    once per ModelData; a roadmap sets one unit for all its periods beforehand."""
    if d.money is None:
        d.money = money_unit(d)
    return d.money


def values(d: ModelData) -> dict[str, Any]:
    memo = d.__dict__.get(_MEMO, False)
    if memo:
        return memo
    out = _values(d)
    if memo is None:
        d.__dict__[_MEMO] = out
    return out


def _values(d: ModelData) -> dict[str, Any]:
    park, pol = d.park, d.policy
    coef = coefficients(d)
    if d.money is None:  # the same unit money() picks, from the sums just made
        d.money = money_unit(d, coef["cost"])
    unit = money(d)
    scale = {a: (1 / unit if a == "cost" else 1.0) for a in ATTRS}
    out: dict[str, Any] = {f"c_{a}": {i: c * scale[a] for i, c in enumerate(coef[a])}
                           for a in ATTRS}
    out.update({f"k_{a}": sum(getattr(t, a) for t in d.constant_terms) * scale[a] for a in ATTRS})
    out["flow_ub"] = dict(d.flow_ub)
    out["ratio"] = {e: park.exchanges[e].ratio for e in d.flows}
    ten = park.tenants
    out["need_base"] = {k: ten[k[0]].inputs[k[1]] for k in d.need_ub if k[0] in ten}
    out["release_base"] = {k: ten[k[0]].outputs[k[1]] for k in d.release_ub if k[0] in ten}
    out["need_change"] = {(mid, t, r): c for (t, r) in d.need_ub
                          for mid, c in changes(d, t, "inputs", r)}
    out["release_change"] = {(mid, t, r): c for (t, r) in d.release_ub
                             for mid, c in changes(d, t, "outputs", r)}
    out.update(quality.coefficients(d))  # quality rows: sign·(value − limit)·ratio, row-scaled
    out["hub_cap"] = {h: park.tenants[h].processing.capacity for h in d.hub_links}
    # Conversion processes: per-unit amounts of each (process, mode, side, resource), and
    # the capacity and minimum throughput of those that have one.
    procs = park.processes
    out["proc_yield"] = {(p, mode, side, rid): y for p, mode in d.runs
                         for side in ("inputs", "outputs")
                         for rid, y in procs[p].yields(mode, side).items()}
    out["proc_cap"] = {p: procs[p].capacity for p in d.processes
                       if procs[p].capacity is not None}
    out["proc_min"] = {p: procs[p].minimum for p in d.processes if procs[p].minimum > 0}
    out["demand"] = {k: park.partners[k[0]].demand[k[1]] for k in d.partner_links
                     if k[1] in park.partners[k[0]].demand}
    out["capex"] = {(kind, oid): d.capex(kind, oid) / unit
                    for kind, ids in (("build", d.candidates), ("hub", d.hubs),
                                      ("adopt", d.measures), ("open", d.new_processes))
                    for oid in ids}
    out["carbon_price"] = pol.carbon_price / unit
    out["grid_factor"] = pol.grid_factor
    out["min_load"] = pol.min_link_load
    out["carry_min"] = symbiosis.thresholds(d)  # θ_g of the Decree 35 link rows
    out["co2_cap"] = pol.co2_cap if pol.co2_cap is not None else 0.0
    out["capex_budget"] = (pol.capex_budget if pol.capex_budget is not None else 0.0) / unit
    return out


def signature(d: ModelData) -> tuple:
    """What must match for a built model to take ``d``'s numbers without a rebuild."""
    pol = d.policy
    vals = values(d)
    # In the order of the dicts, which follows d.terms, d.need_ub and d.measures (all
    # compared below), so no sorting is needed.
    nonzero = tuple((name, tuple(k for k, v in vals[name].items() if v))
                    for name in (*SPARSE, "need_change", "release_change"))
    return (tuple(d.flows), tuple(d.candidates), tuple(sorted(d.forced)), tuple(d.hubs),
            tuple(d.measures), tuple(d.buys), tuple(d.disposes), tuple(d.sells),
            tuple(d.terms), tuple(sorted(d.symbiosis_links)), nonzero,
            tuple((g, tuple(x)) for g, x in d.symbiosis_groups.items()),
            share_denominator(d.park), outside_cleaner_production(d.park),
            pol.min_link_load > 0, pol.capex_budget is not None,
            pol.min_symbiosis_links, pol.min_participation_share,
            pol.min_cleaner_production_share, pol.co2_boundary, pol.objective,
            tuple(sorted(vals["demand"])), tuple(sorted(vals["hub_cap"])),
            tuple(d.runs), tuple(d.new_processes),
            tuple(k for k, v in vals["proc_yield"].items() if v),
            tuple(vals["proc_cap"]), tuple(vals["proc_min"]),
            # The sharing rows hold plain numbers: with them on, any change rebuilds.
            id(d) if pol.no_one_worse_off else None,
            pol.resilience_share, pol.resilience_penalty)


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Create one mutable Param per entry of ``values`` (coefficients only where non-zero)."""
    # Domain Any, not Reals: the numbers all come from ``values`` as floats, and Pyomo's
    # Reals check costs ~5 µs a Param (seconds for a 100,000-link park).
    for name, v in values(d).items():
        if name == "capex" and d.policy.capex_budget is None:
            continue  # only the budget row uses them (``signature`` holds whether it exists)
        if isinstance(v, dict):
            if name in SPARSE:
                v = {k: x for k, x in v.items() if x}
            setattr(m, name, pyo.Param(list(v), mutable=True, initialize=v, within=pyo.Any))
        else:
            setattr(m, name, pyo.Param(mutable=True, initialize=v, within=pyo.Any))


def update(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Set every Param to ``d``'s numbers (the shape must already match)."""
    for name, v in values(d).items():
        comp = getattr(m, name, None)
        if comp is None:  # a Param ``add`` left out (see there)
            continue
        if isinstance(v, dict):
            # The model's Params are the non-zero ones of a matching signature.
            for k, p in comp.items():
                p.set_value(v[k])
        else:
            comp.set_value(v)
