"""Quality-limited water reuse against the textbook: Wang & Smith (1994), example 1.

Four operations (limiting flowrate t/h, Cin,max ppm, Cout,max ppm): P1 20, 0, 100;
P2 100, 50, 100; P3 40, 50, 800; P4 10, 400, 800. In the fixed-flowrate form with direct
reuse the published minimum fresh water is 90 t/h (170 t/h with no reuse). The park
model (tests/fixtures/water/wang-smith-1994.yaml) gives only the limiting data: no cap
on any link, so the quality rows alone decide how much water can be reused.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.optimize import linprog

from symbiosis import api
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.check import verify
from symbiosis.units import convert, registry

WATER = Path(__file__).parent / "fixtures" / "water"
PARK = WATER / "wang-smith-1994.yaml"
HOURS = 365.25 * 24  # "t/h" in the file is converted to t per year
FLOW = [20, 100, 40, 10]
CIN = [0, 50, 50, 400]
COUT = [100, 100, 800, 800]


def fresh_t_per_h(r) -> float:
    return sum(x["purchased"] for x in r.tables["resources"]
               if x["direction"] == "input" and x["resource"] == "water") / HOURS


def scenario(tmp_path: Path, overrides=(), forbid=()) -> Path:
    doc = {"id": "ws", "model": str(PARK), "overrides": list(overrides),
           "policy": {"objective": "cost", "discount_rate": 0.0, "min_link_load": 0.0,
                      "carbon_price": {"value": 0, "source": "estimate"},
                      "criteria": str(Path(__file__).parents[1] / "models" / "criteria"
                                      / "decree35-2022.yaml"),
                      "forbid": list(forbid)}}
    path = tmp_path / "ws.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def independent_lp(local_recycle: bool, cin=CIN, cout=COUT) -> float:
    """Least fresh water (t/h) of the sink/source problem, written here with scipy alone."""
    n = 4
    pairs = [(i, j) for i in range(n) for j in range(n) if local_recycle or i != j]
    nv = len(pairs) + 2 * n  # reuse flows, fresh water per inlet, effluent treated
    c = np.zeros(nv)
    c[len(pairs):len(pairs) + n] = 1.0
    a_eq, b_eq, a_ub = [], [], []
    for j in range(n):
        need, mix = np.zeros(nv), np.zeros(nv)
        for k, (i, jj) in enumerate(pairs):
            if jj == j:
                need[k], mix[k] = 1.0, cout[i] - cin[j]
        need[len(pairs) + j], mix[len(pairs) + j] = 1.0, 0.0 - cin[j]
        a_eq.append(need)
        b_eq.append(FLOW[j])
        a_ub.append(mix)
    for i in range(n):
        out = np.zeros(nv)
        for k, (ii, _) in enumerate(pairs):
            if ii == i:
                out[k] = 1.0
        out[len(pairs) + n + i] = 1.0
        a_eq.append(out)
        b_eq.append(FLOW[i])
    lp = linprog(c, A_ub=np.array(a_ub), b_ub=np.zeros(n), A_eq=np.array(a_eq), b_eq=b_eq,
                 method="highs")
    assert lp.status == 0
    return lp.fun


def test_ppm_converts_as_a_ratio():
    """"100 ppm" is 100 in a ppm property, not the ratio 1e-4; a bare number stays as given."""
    u = registry()
    assert convert("100 ppm", "ppm", u) == pytest.approx(100.0)
    assert convert("0.01 %", "ppm", u) == pytest.approx(100.0)
    assert convert("1e-4", "ppm", u) == 1e-4 and convert(50, "ppm", u) == 50.0
    assert convert("0.1 g/L", "mg/L", u) == pytest.approx(100.0)
    assert convert("5 bn", "VND", u) == 5e9  # other unitless multipliers are unchanged


def test_rates_per_hour_convert_per_year():
    park = api.load_park(PARK)
    assert park.tenants["p2_in"].inputs["water"] == pytest.approx(100 * HOURS)
    assert park.quality.released["p3_out"]["wastewater"]["contaminant"] == 800.0
    assert tuple(park.quality.limits["p4_in"]["water"]["contaminant"]) == (None, 400.0)
    assert park.quality.bought["water"]["contaminant"] == 0.0
    tags = {f.path: f.tag for f in park.figures}
    assert tags["tenants.p4_in.limits.water.contaminant.max"] == "S"
    assert tags["tenants.p3_out.quality.wastewater.contaminant"] == "S"


def test_published_minimum_fresh_water_90_t_per_h():
    r = api.run(WATER / "wang-smith-cost.yaml")
    assert r.status == "optimal"
    assert fresh_t_per_h(r) == pytest.approx(90.0, rel=1e-7)
    assert fresh_t_per_h(r.baseline) == pytest.approx(170.0, rel=1e-9)
    assert independent_lp(local_recycle=True) == pytest.approx(90.0, rel=1e-9)
    assert verify(r) == []
    rows = {x["tenant"]: x for x in r.tables["quality"]}
    assert set(rows) == {"p1_in", "p2_in", "p3_in", "p4_in"}
    for t in ("p1_in", "p2_in", "p3_in"):  # below the pinch (100 ppm) every inlet is at its limit
        assert rows[t]["binding"] == "yes" and rows[t]["value"] == pytest.approx(rows[t]["limit"])
    for x in rows.values():
        assert x["value"] <= x["limit"] + 1e-6
    # Cost = fresh water + treatment of the same amount of effluent.
    assert r.totals["cost_vnd_per_year"] == pytest.approx(90 * HOURS * 30000, rel=1e-7)


def test_reuse_between_operations_only_needs_116_t_per_h(tmp_path):
    """Without local recycle the same data need 116.25 t/h, as the independent LP says."""
    r = api.run(scenario(tmp_path, forbid=[f"reuse-{i}-{i}" for i in range(1, 5)]))
    assert r.status == "optimal"
    expected = independent_lp(local_recycle=False)
    assert expected == pytest.approx(116.25, rel=1e-9)
    assert fresh_t_per_h(r) == pytest.approx(expected, rel=1e-7)
    assert verify(r) == []


def test_tiny_prices_give_the_same_network(tmp_path):
    """Prices of a few VND: money scaling must not blur the objective (see params.MONEY)."""
    ov = [{"path": "resources.water.price", "set": "3 VND/t", "source": "estimate",
           "note": "tiny price"},
          {"path": "resources.wastewater.disposal_cost", "set": "2 VND/t", "source": "estimate",
           "note": "tiny price"}]
    r = api.run(scenario(tmp_path, overrides=ov))
    assert r.status == "optimal"
    assert fresh_t_per_h(r) == pytest.approx(90.0, rel=1e-6)
    assert verify(r) == []


def test_a_dirtier_effluent_updates_in_place_and_matches_a_rebuild(tmp_path):
    """Quality coefficients are mutable Params: a changed Cout updates the persistent model."""
    base = api.load_scenario(scenario(tmp_path))
    opt = Optimizer(build_data(base))
    assert opt.solve().status == "optimal"
    ov = [{"path": "tenants.p2_out.quality.wastewater.contaminant", "set": "200 ppm",
           "source": "estimate", "note": "dirtier effluent of P2"},
          {"path": "tenants.p4_in.limits.water.contaminant.max", "set": "300 ppm",
           "source": "estimate", "note": "stricter inlet of P4"}]
    (tmp_path / "b").mkdir()
    dirty = api.load_scenario(scenario(tmp_path / "b", overrides=ov))
    d2 = build_data(dirty)
    assert opt.update(d2) is True
    updated = opt.solve()
    fresh = Optimizer(d2).solve()
    assert updated.status == fresh.status == "optimal"
    assert updated.objective == pytest.approx(fresh.objective, rel=1e-9)
    bought = sum(v for (t, rr), v in updated.buy.items() if rr == "water") / HOURS
    expected = independent_lp(True, cin=[0, 50, 50, 300], cout=[100, 200, 800, 800])
    assert expected > 90.0 + 1.0  # the change matters
    assert bought == pytest.approx(expected, rel=1e-7)


def test_checker_catches_a_broken_limit():
    """Tables that move P2's fresh water to P3's 800 ppm effluent break P2's 50 ppm limit."""
    r = api.run(WATER / "wang-smith-cost.yaml")
    assert verify(r) == []
    moved = 10 * HOURS
    link = next(x for x in r.tables["links"] if x["id"] == "reuse-3-2")
    link["flow"] += moved
    bought = next(x for x in r.tables["resources"]
                  if x["tenant"] == "p2_in" and x["direction"] == "input")
    bought["purchased"] -= moved
    problems = verify(r)
    assert any("p2_in/water contaminant" in p and "breaks the max 50" in p for p in problems), \
        problems


def test_roadmap_blocks_carry_the_quality_rows(tmp_path):
    """The multi-period model adds every family per period: quality limits hold in each."""
    from symbiosis.roadmap import solve_roadmap

    path = scenario(tmp_path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["roadmap"] = {"periods": [{"name": "2026-30", "start": 2026, "years": 5},
                                  {"name": "2031-35", "start": 2031, "years": 5}],
                      "trajectories": {"tenants.p2_in.limits.water.contaminant.max": [50, 25]}}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    rm = solve_roadmap(api.load_scenario(path))
    assert rm.status == "optimal"
    first, second = (fresh_t_per_h(p.results) for p in rm.periods)
    assert first == pytest.approx(90.0, rel=1e-7)
    expected = independent_lp(True, cin=[0, 25, 50, 400])
    assert expected > 90.0 + 1.0
    assert second == pytest.approx(expected, rel=1e-7)
    for p in rm.periods:
        assert verify(p.results) == []


def test_sweeps_reach_quality_numbers_by_their_file_path(tmp_path):
    """Sweeps and Monte Carlo set numbers by path (analysis.values): values and limits too,
    on a copy, and the persistent model takes them in place."""
    from symbiosis.analysis.values import current, unit_of, with_values

    sc = api.load_scenario(scenario(tmp_path))
    lim = "tenants.p2_in.limits.water.contaminant.max"
    assert (current(sc, lim), unit_of(sc, lim)) == (50.0, "ppm")
    assert current(sc, "tenants.p3_out.quality.wastewater.contaminant") == 800.0
    assert current(sc, "resources.water.quality.contaminant") == 0.0
    changed = with_values(sc, {lim: "25 ppm",
                               "tenants.p2_out.quality.wastewater.contaminant": "0.02 %"})
    assert current(sc, lim) == 50.0  # the original is untouched
    assert current(changed, "tenants.p2_out.quality.wastewater.contaminant") == \
        pytest.approx(200.0)
    opt = Optimizer(build_data(sc))
    assert opt.update(build_data(changed)) is True
    sol = opt.solve()
    bought = sum(v for (t, rr), v in sol.buy.items() if rr == "water") / HOURS
    assert bought == pytest.approx(independent_lp(True, cin=[0, 25, 50, 400],
                                                  cout=[100, 200, 800, 800]), rel=1e-7)
