"""Decision support: Pareto front, sweeps, abatement curve, benefit sharing, infeasibility."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from symbiosis import api, cli
from symbiosis.analysis import sharing
from symbiosis.analysis.macc import macc
from symbiosis.analysis.pareto import pareto
from symbiosis.analysis.sweep import sweep
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.core import make_results

ROOT = Path(__file__).parents[1]
SCEN = ROOT / "scenarios"
FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def carbon():
    return api.load_scenario(SCEN / "carbon-price.yaml")


@pytest.fixture(scope="module")
def front(carbon):
    return pareto(carbon, points=8)


def fresh(scenario, order):
    d = build_data(scenario)
    return make_results(scenario, d, Optimizer(d).solve(order))


def test_pareto_points_are_monotone_and_non_dominated(front):
    pts = [(r["cost_vnd_per_year"], r["co2_t_per_year_boundary"]) for r in front.rows]
    assert len(pts) >= 3
    for (c0, e0), (c1, e1) in zip(pts, pts[1:]):
        assert e1 < e0 and c1 > c0  # less CO2 always costs more along the front
    for i, (ci, ei) in enumerate(pts):
        for j, (cj, ej) in enumerate(pts):
            if i != j:
                assert not (cj <= ci and ej <= ei), f"point {j} dominates point {i}"


def test_pareto_end_points_are_the_single_objective_optima(front, carbon):
    no_price = dataclasses.replace(carbon, policy=dataclasses.replace(carbon.policy,
                                                                      carbon_price=0.0))
    least_cost = fresh(no_price, ("cost",)).totals["cost_vnd_per_year"]
    least_co2 = fresh(no_price, ("co2",)).totals["co2_boundary_t_per_year"]
    assert front.rows[0]["cost_vnd_per_year"] == pytest.approx(least_cost, rel=1e-6)
    assert front.rows[-1]["co2_t_per_year_boundary"] == pytest.approx(least_co2, rel=1e-6)
    # Marginal abatement cost is the cost step over the CO2 step to the previous point.
    r1, r2 = front.rows[1], front.rows[2]
    assert r2["mac_vnd_per_t"] == pytest.approx(
        (r2["cost_vnd_per_year"] - r1["cost_vnd_per_year"])
        / (r1["co2_t_per_year_boundary"] - r2["co2_t_per_year_boundary"]), rel=1e-9)


def test_sweep_re_solves_persistently_and_equals_fresh_runs(carbon, tmp_path):
    values = [0, "10 USD/t", "100 USD/t"]
    rows = sweep(carbon, "policy.carbon_price", values)
    assert [r["rebuilt"] for r in rows] == [False, False, False]
    for value, row in zip(values, rows):
        path = tmp_path / f"s{len(str(value))}.yaml"
        carbon_price = {"value": value, "source": "estimate"}
        path.write_text(yaml.safe_dump({"extends": str(SCEN / "carbon-price.yaml"),
                                        "policy": {"carbon_price": carbon_price}}))
        again = api.run(path)
        assert row["objective"] == pytest.approx(again.objective()["value"], rel=1e-6)
        assert row["co2_t_per_year"] == pytest.approx(again.totals["co2_t_per_year"], rel=1e-6)
        assert row["baseline_cost_vnd_per_year"] == pytest.approx(
            again.baseline.totals["cost_vnd_per_year"], rel=1e-9)
    assert rows[0]["co2_t_per_year"] > rows[-1]["co2_t_per_year"]


def test_sweep_of_a_model_number_equals_an_override(carbon, tmp_path):
    rows = sweep(carbon, "resources.electricity.price", ["2500 VND/kWh"])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"extends": str(SCEN / "carbon-price.yaml"), "overrides": [
        {"path": "resources.electricity.price", "set": "2500 VND/kWh"}]}))
    again = api.run(path)
    assert rows[0]["objective"] == pytest.approx(again.objective()["value"], rel=1e-6)
    assert rows[0]["value_in_model_unit"] == pytest.approx(2.5e6)


def test_macc_incremental_abatement_adds_up_to_the_min_co2_optimum():
    sc = api.load_scenario(SCEN / "min-co2.yaml")
    curve = macc(sc)
    run = api.run(sc)
    abated = run.baseline.totals["co2_boundary_t_per_year"] - run.totals["co2_boundary_t_per_year"]
    steps = [r["incremental_abatement_t"] for r in curve.rows if r["phase"] == "optimum"]
    assert sum(steps) == pytest.approx(abated, rel=1e-6)
    assert curve.baseline_co2 - curve.optimum_co2 == pytest.approx(abated, rel=1e-6)
    # No option beyond the CO2 optimum can abate more.
    assert all(r["phase"] != "beyond optimum" or r["incremental_abatement_t"] <= 1e-6
               for r in curve.rows)
    # A stand-alone figure equals a fresh solve with that option alone forced on.
    row = next(r for r in curve.rows if r["kind"] == "measure" and r["standalone_abatement_t"] > 1)
    # "Every other option off" includes the committed projects (macc fixes them like any).
    alone = dataclasses.replace(sc, policy=dataclasses.replace(
        sc.policy, build=[row["id"]], force=[row["id"]], committed=[]))
    fresh_run = api.run(alone)
    assert curve.baseline_co2 - fresh_run.totals["co2_boundary_t_per_year"] == pytest.approx(
        row["standalone_abatement_t"], rel=1e-6)


def test_shapley_sums_to_the_saving_and_treats_twins_alike(monkeypatch):
    sc = api.load_scenario(FIX / "twin-cost.yaml")
    exact = sharing.shapley(sc)
    share = {r["enterprise"]: r["shapley"] for r in exact.rows}
    run = api.run(sc)
    saving = run.baseline.objective()["value"] - run.objective()["value"]
    assert exact.method == "exact"
    assert exact.total_saving == pytest.approx(saving, rel=1e-9)
    assert sum(share.values()) == pytest.approx(saving, rel=1e-9)
    assert share["s1"] == pytest.approx(share["s2"], rel=1e-9)
    # By hand: v(board+one supplier) = 1.65e9, v(all) = 2.6e9, others 0.
    assert share["s1"] == pytest.approx((1.65e9 + 2 * 0.95e9) / 6, rel=1e-9)
    monkeypatch.setattr(sharing, "EXACT_LIMIT", 0)
    sampled = sharing.shapley(sc, samples=600, seed=3)
    assert sampled.method == "sampled" and sampled.samples == 600
    assert sum(r["shapley"] for r in sampled.rows) == pytest.approx(saving, rel=1e-9)
    for r in sampled.rows:
        assert r["shapley"] == pytest.approx(share[r["enterprise"]], rel=0.1)


def test_no_one_worse_off_option_compensates_every_enterprise(tmp_path):
    plain = api.run(SCEN / "carbon-price.yaml")
    losers = [r for r in sharing.enterprise_table(plain) if r["worse_off"]]
    assert losers, "the plain optimum should leave someone worse off for this test to bite"
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"extends": str(SCEN / "carbon-price.yaml"),
                                    "policy": {"no_one_worse_off": True}}))
    fair = api.run(path)
    assert fair.status == "optimal"
    for r in sharing.enterprise_table(fair):
        assert r["total_vnd"] <= r["baseline_total_vnd"] + 1e-6 * abs(r["baseline_total_vnd"]) + 1e3
    # Transfers only move money between enterprises: they net to zero over the park, and
    # the park's cost is the plain optimum's (up to the tie-break stage's tolerance).
    assert any(abs(t["payment_vnd"]) > 1e6 for t in fair.tables["transfers"])
    assert sum(r["transfers_vnd"] for r in fair.tables["enterprises"]) == pytest.approx(0, abs=1e3)
    assert fair.objective()["value"] == pytest.approx(plain.objective()["value"], rel=1e-6)


def test_link_split_adds_up_to_the_link_value():
    run = api.run(FIX / "twin-cost.yaml")
    rows = {r["link"]: r for r in sharing.link_split(run)}
    r = rows["s1-board"]
    # Supplier avoids 1e5/t disposal and pays 5e4/t opex and 1e8/yr capital; the board
    # plant avoids buying natural gypsum at 3e5/t; no transfer price is set.
    flow = r["flow"]
    assert r["supplier_gain_vnd_per_year"] == pytest.approx(1e5 * flow - 5e4 * flow - 1e8)
    assert r["receiver_gain_vnd_per_year"] == pytest.approx(3e5 * flow)
    assert r["value_vnd_per_year"] == pytest.approx(r["supplier_gain_vnd_per_year"]
                                                    + r["receiver_gain_vnd_per_year"])
    p = r["even_split_price_vnd_per_unit"]
    assert r["supplier_gain_vnd_per_year"] + p * flow == pytest.approx(
        r["receiver_gain_vnd_per_year"] - p * flow)


def test_infeasible_run_exits_3_and_explains(tmp_path, capsys):
    path = tmp_path / "tight.yaml"
    path.write_text(yaml.safe_dump({"id": "tight", "extends": str(FIX / "tiny-cost.yaml"),
                                    "policy": {"constraints": {"co2_cap": 1000}}}))
    code = cli.main(["run", str(path), "--out", str(tmp_path / "out")])
    assert code == 3
    printed = capsys.readouterr().out
    assert "CO2 cap" in printed and "54.4" in printed
    explanation = json.loads((tmp_path / "out" / "tight" / "explanation.json").read_text())
    assert [v["constraint"] for v in explanation["violations"]] == ["co2_cap_row"]
    assert explanation["violations"][0]["amount"] == pytest.approx(54.444444, rel=1e-6)
