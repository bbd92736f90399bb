"""A sample's scenario made by ``ValuePlan`` is the one ``with_values`` makes, and neither
touches the scenario it starts from.

``with_values`` is the definition (dotted paths, tenant amounts at design load, measure
deltas, policy values, figure records, change log, input hash); the plan works the same
steps out once for a fixed set of paths. Compared on Monte Carlo samples of every
shipped scenario and on shuffled mixtures of every kind of path on the same tenants and
measures, with the original scenario's bytes checked byte for byte afterwards.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from symbiosis import api
from symbiosis.analysis.value_plan import ValuePlan
from symbiosis.analysis.values import current, with_values
from symbiosis.errors import InputError
from symbiosis.parallel.engine import pack
from symbiosis.uncertainty import spec

ROOT = Path(__file__).parents[1]
ECO = ROOT / "scenarios" / "eco-park-2030.yaml"


@pytest.fixture(scope="module")
def eco():
    return api.load_scenario(ECO)


def _bytes(sc) -> bytes:
    """The whole scenario as bytes (the pickle a worker gets, without the file locator)."""
    return pack(sc)


def _same(a, b):
    assert a == b  # park (every tenant, measure, link, figure record), policy, change log
    assert a.input_sha256 == b.input_sha256


@pytest.mark.parametrize("name", ["eco-park-2030", "carbon-price", "min-co2"])
def test_the_plan_makes_what_with_values_makes_for_monte_carlo_samples(name):
    sc = api.load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    before = _bytes(sc)
    drawn = spec.draw(spec.plan(sc), 25, seed=11)
    plan = ValuePlan(sc, drawn[0], "sample")
    for values in drawn:
        _same(plan.apply(values), with_values(sc, values, origin="sample"))
    assert _bytes(sc) == before


def _mixture(sc) -> dict[str, float]:
    """Every kind of path, several on the same tenant and the same measure."""
    park = sc.park
    year = next(y for y in park.grid_factors if y != sc.policy.grid_factor_year)
    paths = ["tenants.dap2_power.processing.opex_var", "tenants.dap2_power.outputs.electricity",
             "tenants.dap2_power.inputs.coal", "tenants.dap2_power.load_factor",
             "measures.dap2power-boiler.capex", "measures.dap2power-boiler.inputs.coal.delta",
             "tenants.dap2.inputs.electricity", "resources.electricity.price",
             "policy.carbon_price", "policy.grid_factor_year",
             f"park.grid_factors.{sc.policy.grid_factor_year}", f"park.grid_factors.{year}"]
    paths += [f"exchanges.{e}.capacity" for e, x in list(park.exchanges.items())[:5]
              if x.capacity]
    assert all(p.split(".")[1] in getattr(park, p.split(".")[0], {p.split(".")[1]: 0})
               for p in paths if not p.startswith(("policy.", "park."))), paths
    return {p: current(sc, p) for p in paths}


def test_the_plan_makes_what_with_values_makes_in_any_order(eco):
    base = _mixture(eco)
    before = _bytes(eco)
    rng = random.Random(3)
    years = list(eco.park.grid_factors)
    for _ in range(30):
        keys = list(base)
        rng.shuffle(keys)
        values = {k: (rng.choice(years) if k == "policy.grid_factor_year"
                      else base[k] * rng.uniform(0.5, 1.5) or rng.uniform(0, 1)) for k in keys}
        plan = ValuePlan(eco, values, "mix")
        _same(plan.apply(values), with_values(eco, values, origin="mix"))
        again = {k: (v if k == "policy.grid_factor_year" else v * 1.1) for k, v in values.items()}
        _same(plan.apply(again), with_values(eco, again, origin="mix"))
    assert _bytes(eco) == before  # no sample wrote into the scenario it came from


@pytest.mark.parametrize("order", [0, 1])
def test_a_tenant_amount_after_another_number_of_that_tenant_leaves_the_original(eco, order):
    # A copy of the tenant made for its processing cost is shallow; writing the amount
    # into its design dict wrote into the original scenario's (found making the plan).
    pair = [("tenants.dap2_power.processing.opex_var", 1.0),
            ("tenants.dap2_power.outputs.electricity", 12_345.0)]
    before = _bytes(eco)
    design = dict(eco.park.tenants["dap2_power"].design["outputs"])
    out = with_values(eco, dict(pair[::-1] if order else pair))
    assert eco.park.tenants["dap2_power"].design["outputs"] == design
    assert _bytes(eco) == before
    t = out.park.tenants["dap2_power"]
    assert t.design["outputs"]["electricity"] == 12_345.0
    assert t.outputs["electricity"] == pytest.approx(12_345.0 * t.load_factor)
    assert t.processing.opex_var == 1.0


def test_values_with_units_and_bad_paths_as_with_values(eco):
    values = {"policy.carbon_price": "20 USD/t", "resources.electricity.price": 2_000.0}
    _same(ValuePlan(eco, values).apply(values), with_values(eco, values))
    with pytest.raises(InputError) as plan_error:
        ValuePlan(eco, {"exchanges.nope.capacity": 1.0})
    with pytest.raises(InputError) as plain_error:
        with_values(eco, {"exchanges.nope.capacity": 1.0})
    assert str(plan_error.value) == str(plain_error.value)
