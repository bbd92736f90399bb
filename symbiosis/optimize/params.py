"""Every number of the optimization as a mutable Pyomo Param, and the model's shape.

A sweep or a Monte Carlo sample changes numbers, not the model: ``values`` gives the
new numbers from a new ``ModelData``, and ``signature`` tells whether the shape (index
sets, which coefficients are non-zero, which constraints exist) is still the same, so
that the persistent HiGHS model can be updated instead of rebuilt.
"""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData, changes

ATTRS = ("cost", "scope1", "grid_mwh", "scope3", "disposal", "avoided")
# Money enters the model in billions of VND: park costs run to 1e12 VND/yr, and HiGHS's
# absolute tolerances (1e-7) on rows that large are numerically meaningless.
MONEY = 1e9


def coefficients(d: ModelData) -> dict[str, list[float]]:
    """Σ of each Term attribute per decision quantity, in the order of ``d.terms``."""
    return {a: [sum(getattr(t, a) for t in terms) for terms in d.terms.values()] for a in ATTRS}


def values(d: ModelData) -> dict[str, Any]:
    park, pol = d.park, d.policy
    coef = coefficients(d)
    scale = {a: (1 / MONEY if a == "cost" else 1.0) for a in ATTRS}
    out: dict[str, Any] = {f"c_{a}": {i: c * scale[a] for i, c in enumerate(coef[a])}
                           for a in ATTRS}
    out.update({f"k_{a}": sum(getattr(t, a) for t in d.constant_terms) * scale[a] for a in ATTRS})
    out["flow_ub"] = dict(d.flow_ub)
    out["ratio"] = {e: park.exchanges[e].ratio for e in d.flows}
    out["need_base"] = {k: park.tenants[k[0]].inputs[k[1]] for k in d.need_ub}
    out["release_base"] = {k: park.tenants[k[0]].outputs[k[1]] for k in d.release_ub}
    out["need_change"] = {(mid, t, r): c for (t, r) in d.need_ub
                          for mid, c in changes(d, t, "inputs", r)}
    out["release_change"] = {(mid, t, r): c for (t, r) in d.release_ub
                             for mid, c in changes(d, t, "outputs", r)}
    out["hub_cap"] = {h: park.tenants[h].processing.capacity for h in d.hub_links}
    out["demand"] = {k: park.partners[k[0]].demand[k[1]] for k in d.partner_links
                     if k[1] in park.partners[k[0]].demand}
    out["capex"] = {(kind, oid): d.capex(kind, oid) / MONEY
                    for kind, ids in (("build", d.candidates), ("hub", d.hubs),
                                      ("adopt", d.measures)) for oid in ids}
    out["carbon_price"] = pol.carbon_price / MONEY
    out["grid_factor"] = pol.grid_factor
    out["min_load"] = pol.min_link_load
    out["co2_cap"] = pol.co2_cap if pol.co2_cap is not None else 0.0
    out["capex_budget"] = (pol.capex_budget if pol.capex_budget is not None else 0.0) / MONEY
    return out


def signature(d: ModelData) -> tuple:
    """What must match for a built model to take ``d``'s numbers without a rebuild."""
    pol = d.policy
    vals = values(d)
    nonzero = tuple((name, tuple(k for k, v in sorted(vals[name].items(), key=str) if v))
                    for name in (*(f"c_{a}" for a in ATTRS), "need_change", "release_change"))
    return (tuple(d.flows), tuple(d.candidates), tuple(sorted(d.forced)), tuple(d.hubs),
            tuple(d.measures), tuple(d.buys), tuple(d.disposes), tuple(d.sells),
            tuple(d.terms), tuple(sorted(d.symbiosis_links)), nonzero,
            pol.min_link_load > 0, pol.capex_budget is not None,
            pol.min_symbiosis_links, pol.min_participation_share,
            pol.min_cleaner_production_share, pol.co2_boundary, pol.objective,
            tuple(sorted(vals["demand"])), tuple(sorted(vals["hub_cap"])),
            # The sharing rows hold plain numbers: with them on, any change rebuilds.
            id(d) if pol.no_one_worse_off else None,
            pol.resilience_share, pol.resilience_penalty)


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Create one mutable Param per entry of ``values``."""
    for name, v in values(d).items():
        if isinstance(v, dict):
            setattr(m, name, pyo.Param(list(v), mutable=True, initialize=v, within=pyo.Reals))
        else:
            setattr(m, name, pyo.Param(mutable=True, initialize=v, within=pyo.Reals))


def update(m: pyo.ConcreteModel, d: ModelData) -> None:
    """Set every Param to ``d``'s numbers (the shape must already match)."""
    for name, v in values(d).items():
        comp = getattr(m, name)
        if isinstance(v, dict):
            for k, x in v.items():
                comp[k] = x
        else:
            comp.set_value(v)
