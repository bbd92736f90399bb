"""The three-tenant tiny park, solved by hand (numbers in tests/fixtures/tiny-park.yaml).

Hand calculation, discount rate 0 so capital costs capex / lifetime per year:
- baseline: grid 1,200 MWh × 1e6 + natural gypsum 4,000 t × 3e5 + disposal 10,000 t × 1e5
  = 3.4e9 VND/yr.
- cost optimum: drives (−100 MWh, 5e7/yr), gypsum to the board plant (4,000 t, 1e8/yr
  capital, 5e4/t opex), gypsum to cement (5,000 t natural gypsum ÷ 0.9 = 5,555.6 t,
  2e8/yr capital, 5e4/t revenue), 444.4 t disposed:
  1.1e9 + 4.444e7 + 2e8 + 1e8 + 2e8 + 5e7 − 2.778e8 = 1.41667e9.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis import api
from symbiosis.results.check import verify

FIX = Path(__file__).parent / "fixtures"


def test_cost_optimum_and_baseline_by_hand():
    r = api.run(FIX / "tiny-cost.yaml")
    assert r.status == "optimal"
    assert r.totals["cost_vnd_per_year"] == pytest.approx(1.1e9 + 444.444444 * 1e5 + 2e8
                                                          + 1e8 + 2e8 + 5e7
                                                          - 5555.555556 * 5e4, rel=1e-6)
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(3.4e9, rel=1e-9)
    # CO2: 500 direct + 0.5 × 1,100 MWh + 0.01 × 444.4 t disposed.
    assert r.totals["co2_t_per_year"] == pytest.approx(500 + 550 + 4.444444, rel=1e-6)
    assert r.baseline.totals["co2_t_per_year"] == pytest.approx(500 + 600 + 80 + 100, rel=1e-9)
    assert r.totals["avoided_co2_t_per_year_external"] == pytest.approx(5000 * 0.02, rel=1e-6)
    assert verify(r) == []


def test_co2_objective_builds_the_dear_link_and_logs_the_override():
    r = api.run(FIX / "tiny-co2.yaml")
    assert r.status == "optimal"
    built = {x["id"] for x in r.tables["links"] if x["built"]}
    assert built == {"pg-board", "pg-cement"}
    assert r.totals["co2_boundary_t_per_year"] == pytest.approx(1054.444444, rel=1e-6)
    # Cost at that CO2: the cost optimum plus the extra 1.8e9/yr of cement-link capital.
    assert r.totals["cost_vnd_per_year"] == pytest.approx(1.416666667e9 + 1.8e9, rel=1e-6)
    log = [c for c in r.scenario.changelog if c["path"] == "exchanges.pg-cement.capex"]
    assert log and float(log[0]["old"]) == 2e9 and float(log[0]["new"]) == pytest.approx(2e10)
    assert log[0]["file"].endswith("tiny-co2.yaml")
    assert verify(r) == []


@pytest.mark.parametrize("cap, cement_built, cost", [
    # Without the dear cement link: CO2 500 + 550 + 0.01 × 6,000 disposed = 1,110 t and cost
    # 1.1e9 grid + 6e8 disposal + 2e8 board opex + 1e8 + 5e7 capital = 2.05e9.
    (1110.0, False, 2.05e9),
    # Below 1,110 t the link must be built; once built it carries all it can (each tonne
    # earns 5e4 and saves 1e5 of disposal), so cost is the CO2-first cost.
    (1100.0, True, 1.416666667e9 + 1.8e9),
])
def test_co2_cap_decides_the_dear_link(tmp_path, cap, cement_built, cost):
    (tmp_path / "s.yaml").write_text(
        f"extends: {FIX / 'tiny-co2.yaml'}\npolicy:\n  objective: cost\n"
        f"  constraints: {{co2_cap: {cap}}}\n")
    r = api.run(tmp_path / "s.yaml")
    assert r.status == "optimal"
    assert r.totals["co2_boundary_t_per_year"] <= cap * (1 + 1e-9)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(cost, rel=1e-6)
    built = {x["id"]: x["built"] for x in r.tables["links"]}
    assert bool(built["pg-cement"]) is cement_built


def test_built_links_carry_their_minimum_load(tmp_path):
    # Forced, and losing 1e5 VND on every tonne (paying the cement plant 2e5/t against 1e5/t
    # of disposal saved), the cement link carries exactly 10% of its bound.
    (tmp_path / "s.yaml").write_text(
        f"extends: {FIX / 'tiny-co2.yaml'}\n"
        "overrides:\n  - {path: exchanges.pg-cement.price, set: -200000}\n"
        "policy:\n  objective: cost\n  force: [pg-cement]\n  min_link_load: 0.1\n")
    r = api.run(tmp_path / "s.yaml")
    row = next(x for x in r.tables["links"] if x["id"] == "pg-cement")
    assert row["built"] == 1
    assert row["bound"] == pytest.approx(5000 / 0.9, rel=1e-9)
    assert row["flow"] == pytest.approx(0.1 * 5000 / 0.9, rel=1e-6)


def test_baseline_builds_nothing(tmp_path):
    (tmp_path / "s.yaml").write_text(f"extends: {FIX / 'tiny-cost.yaml'}\npolicy:\n  build: none\n")
    r = api.run(tmp_path / "s.yaml")
    assert not any(x["built"] for x in r.tables["links"])
    assert not any(x["adopted"] for x in r.tables["measures"])
    assert r.totals["cost_vnd_per_year"] == pytest.approx(3.4e9, rel=1e-9)


def test_a_measure_of_a_stopped_plant_is_not_adopted_even_on_co2_alone(tmp_path):
    """At load_factor 0 a measure changes nothing: with CO2 as the only objective its
    binary is in no row and no objective. It must read as not adopted, not as unknown."""
    from symbiosis.optimize.data import build_data
    from symbiosis.optimize.solve import Optimizer
    (tmp_path / "s.yaml").write_text(
        f"extends: {FIX / 'tiny-co2.yaml'}\noverrides:\n"
        "  - {path: tenants.fert.load_factor, add: true, set: {value: 0, source: estimate}}\n",
        encoding="utf-8")
    sol = Optimizer(build_data(api.load_scenario(tmp_path / "s.yaml"))).solve(("co2",))
    assert sol.status == "optimal"
    assert sol.adopt["fert-drives"] == 0
