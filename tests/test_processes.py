"""Conversion processes, solved by hand.

CHP (an extraction plant, two modes sharing its fuel capacity): per GJ of coal it makes
0.1 MWh condensing, or 0.075 MWh + 0.5 GJ steam at full extraction, so
power = 0.1·fuel − 0.05·steam, steam ≤ 0.5·fuel (β = 0.05 MWh lost per GJ of steam).
Direct emissions 0.09 t/GJ of coal; coal 1e5 VND/GJ; grid 2e6 VND/MWh at 0.5 t/MWh.
The mill needs 1,000 MWh (from the CHP or the grid); the dye house needs 2,500 GJ of gas
(2e5 VND/GJ, 0.056 t/GJ burnt), which 2,000 GJ of steam replaces (ratio 1.25).

- No steam link: fuel 10,000 GJ; cost 1e9 + 5e8 gas = 1.5e9; scope 1 900 + 140 = 1,040 t.
- Steam link, CHP not at capacity: power stays 1,000 MWh, so fuel = (1,000 + 0.05·2,000)
  / 0.1 = 11,000 GJ (+1,000 GJ); cost 1.1e9; scope 1 990 t. The link's CO2 credit is
  140 − 0.09·1,000 = 50 t, not the 140 t of gas it replaces.
- Steam link, CHP capped at 10,000 GJ: power falls to 1,000 − 100 = 900 MWh, the mill
  buys 100 MWh; cost 1e9 + 2e8 = 1.2e9; scope 1 900, scope 2 50 t: credit 140 − 50 = 90 t.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.errors import InputError
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.check import verify
from test_bad_input import assert_bad_input, cli, line_of

ROOT = Path(__file__).parents[1]
CRITERIA = ROOT / "models" / "criteria" / "decree35-2022.yaml"


def h(value):
    return {"value": value, "source": "hand"}


def chp_park(capacity: float = 20000) -> dict:
    return {
        "park": {"id": "chp", "name": "CHP park", "vnd_per_usd": h(25000),
                 "grid_factors": {2023: h(0.5)}},
        "sources": {"hand": {"tag": "E", "title": "Numbers chosen for hand calculation"}},
        "resources": {
            "electricity": {"name": "Electricity", "unit": "MWh", "kind": "energy",
                            "price": h(2e6)},
            "coal": {"name": "Coal", "unit": "GJ", "kind": "energy", "price": h(1e5)},
            "gas": {"name": "Gas", "unit": "GJ", "kind": "energy", "price": h(2e5),
                    "use_co2": h(0.056)},
            "steam": {"name": "Steam", "unit": "GJ", "kind": "energy"}},
        "tenants": {
            "power": {"name": "Power company", "sector": "energy", "processes": {"chp": {
                "unit": "GJ", "capacity": h(capacity), "direct_co2": h("0.09 t/GJ"),
                "inputs": {"coal": h(1)}, "outputs": {"electricity": h(0.1)},
                "modes": {"condensing": {},
                          "extraction": {"outputs": {"electricity": h(0.075),
                                                     "steam": h(0.5)}}}}}},
            "mill": {"name": "Mill", "sector": "textile", "inputs": {"electricity": h(1000)}},
            "dyer": {"name": "Dye house", "sector": "textile", "inputs": {"gas": h(2500)}}},
        "exchanges": {
            "chp-mill": {"from": "chp", "to": "mill", "resource": "electricity",
                         "replaces": "electricity", "ratio": h(1), "capacity": h(5000),
                         "existing": True},
            "chp-dyer": {"from": "chp", "to": "dyer", "resource": "steam", "replaces": "gas",
                         "ratio": h(1.25), "capacity": h(5000)}},
    }


def biogas_park(capex: float) -> dict:
    """A farm's 10,000 t of residue: disposed (1e5 VND/t, 0.3 t CO2e/t) or digested.

    Reactor per t of residue: 0.02 MWh in; 4 GJ biogas (sold 1e5/GJ) and 0.3 t digestate
    (sold 2e5/t) out; 5e4 VND/t opex, 0.01 t/t methane slip; 8,000 t/yr, 20 years, rate 0.
    Each t digested earns 1e5 + 4e5 + 6e4 − 4e4 − 5e4 = 4.7e5, 3.76e9/yr at capacity:
    built cost = 2e8 disposal + capex/20 + 8,000·9e4 − 8,000·4.6e5 = capex/20 − 2.76e9,
    against 1e9 without it, so it pays below capex 7.52e10.
    """
    return {
        "park": {"id": "bio", "name": "Biogas park", "vnd_per_usd": h(25000),
                 "grid_factors": {2023: h(0.5)}},
        "sources": {"hand": {"tag": "E", "title": "hand"}},
        "resources": {
            "electricity": {"name": "Electricity", "unit": "MWh", "kind": "energy",
                            "price": h(2e6)},
            "residue": {"name": "Residue", "unit": "t", "kind": "material",
                        "disposal_cost": h(1e5), "disposal_co2": h(0.3)},
            "biogas": {"name": "Biogas", "unit": "GJ", "kind": "energy", "sale_price": h(1e5)},
            "digestate": {"name": "Digestate", "unit": "t", "kind": "material",
                          "sale_price": h(2e5)}},
        "tenants": {"farm": {"name": "Farm", "sector": "agriculture",
                             "outputs": {"residue": h("10 kt")}}},
        "processes": {"reactor": {
            "name": "Biogas reactor", "tenant": "farm", "unit": "t", "existing": False,
            "capacity": h(8000), "capex": h(capex), "lifetime": h(20), "opex_var": h(5e4),
            "direct_co2": h(0.01),
            "inputs": {"residue": h(1), "electricity": h("20 kWh/t")},
            "outputs": {"biogas": h(4), "digestate": h(0.3)}}},
        "exchanges": {"feed": {"from": "farm", "to": "reactor", "resource": "residue",
                               "replaces": "residue", "ratio": h(1), "capacity": h(10000),
                               "existing": True}},
    }


def write(tmp_path: Path, park: dict, **policy) -> Path:
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False))
    scen = {"model": "park.yaml", "policy": {"objective": "cost", "discount_rate": 0.0,
                                             "criteria": str(CRITERIA), **policy}}
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scen, sort_keys=False))
    return tmp_path / "scenario.yaml"


def solve(path: Path):
    r = api.run(path, with_baseline=False)
    assert r.status == "optimal", r.message
    assert verify(r) == []
    return r


def modes(r) -> dict[str, float]:
    return {x["mode"]: x["throughput"] for x in r.tables["process_modes"]}


def flow_of(r, pid: str, rid: str) -> float:
    return next(x["amount"] for x in r.tables["process_flows"]
                if x["process"] == pid and x["resource"] == rid)


# ------------------------------------------------------------------ CHP

def test_selling_steam_raises_chp_fuel_by_the_power_loss(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir(), b.mkdir()
    without = solve(write(a, chp_park(), forbid=["chp-dyer"]))
    with_ = solve(write(b, chp_park()))
    assert flow_of(without, "chp", "coal") == pytest.approx(10000, rel=1e-9)
    assert flow_of(with_, "chp", "coal") == pytest.approx(11000, rel=1e-9)
    assert flow_of(with_, "chp", "steam") == pytest.approx(2000, rel=1e-9)
    assert flow_of(with_, "chp", "electricity") == pytest.approx(1000, rel=1e-9)
    assert modes(with_) == pytest.approx({"condensing": 7000, "extraction": 4000}, rel=1e-9)
    assert without.totals["cost_vnd_per_year"] == pytest.approx(1.5e9, rel=1e-9)
    assert with_.totals["cost_vnd_per_year"] == pytest.approx(1.1e9, rel=1e-9)
    assert without.totals["scope1"] == pytest.approx(1040, rel=1e-9)
    assert with_.totals["scope1"] == pytest.approx(990, rel=1e-9)
    # The true credit of the heat link: gas avoided minus the CHP's extra fuel.
    assert without.totals["scope1"] - with_.totals["scope1"] == pytest.approx(50, rel=1e-9)
    assert with_.totals["scope2"] == pytest.approx(0, abs=1e-9)
    # Process costs and CO2 land at the owner in the tenant table.
    power = next(x for x in with_.tables["tenants"] if x["tenant"] == "power")
    assert power["purchase_vnd"] == pytest.approx(1.1e9, rel=1e-9)
    assert power["scope1_t"] == pytest.approx(990, rel=1e-9)
    row = with_.tables["processes"][0]
    assert (row["throughput"], row["cost_vnd"], row["co2_t"]) == pytest.approx(
        (11000, 1.1e9, 990), rel=1e-9)
    # The steam link joins two enterprises: a symbiosis link.
    link = next(x for x in with_.tables["links"] if x["id"] == "chp-dyer")
    assert link["symbiosis"] == 1 and link["built"] == 1


def test_at_capacity_steam_lowers_chp_power_and_the_grid_makes_up(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir(), b.mkdir()
    without = solve(write(a, chp_park(capacity=10000), forbid=["chp-dyer"]))
    r = solve(write(b, chp_park(capacity=10000)))
    assert flow_of(r, "chp", "coal") == pytest.approx(10000, rel=1e-9)
    assert flow_of(r, "chp", "electricity") == pytest.approx(900, rel=1e-9)
    mill = next(x for x in r.tables["resources"] if x["tenant"] == "mill")
    assert mill["purchased"] == pytest.approx(100, rel=1e-9)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(1.2e9, rel=1e-9)
    assert r.totals["scope1"] == pytest.approx(900, rel=1e-9)
    assert r.totals["scope2"] == pytest.approx(50, rel=1e-9)
    assert without.totals["co2_t_per_year"] - r.totals["co2_t_per_year"] == pytest.approx(
        90, rel=1e-9)


def test_chp_update_in_place_matches_a_fresh_model(tmp_path):
    """A sweep or a Monte Carlo sample that changes a yield or a capacity keeps the model."""
    sc = api.load_scenario(write(tmp_path, chp_park()))
    opt = Optimizer(build_data(sc))
    assert opt.solve().objective == pytest.approx(1.1e9, rel=1e-9)
    sc2 = copy.deepcopy(sc)
    chp = sc2.park.processes["chp"]
    chp.capacity = 10000.0
    chp.modes["extraction"]["outputs"]["electricity"] = 0.07  # β = 0.06 MWh/GJ
    d2 = build_data(sc2)
    assert opt.update(d2) is True
    got = opt.solve()
    fresh = Optimizer(build_data(sc2)).solve()
    # power 0.1·10,000 − 0.06·2,000 = 880 MWh; grid 120 MWh: 1e9 + 2.4e8.
    assert got.objective == pytest.approx(1.24e9, rel=1e-9)
    assert fresh.objective == pytest.approx(got.objective, rel=1e-9)
    assert got.run == pytest.approx(fresh.run, rel=1e-9)


# ------------------------------------------------------------------ biogas

@pytest.mark.parametrize("capex, built, cost", [
    (5e10, True, 5e10 / 20 - 2.76e9),
    (8e10, False, 1e9),
])
def test_biogas_reactor_built_only_when_it_pays(tmp_path, capex, built, cost):
    r = solve(write(tmp_path, biogas_park(capex)))
    row = r.tables["processes"][0]
    assert row["built"] == int(built)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(cost, rel=1e-9)
    if built:
        assert row["throughput"] == pytest.approx(8000, rel=1e-9)
        assert flow_of(r, "reactor", "biogas") == pytest.approx(32000, rel=1e-9)
        assert flow_of(r, "reactor", "digestate") == pytest.approx(2400, rel=1e-9)
        # 2,000 t disposed × 0.3 + slip 80 t + 160 MWh × 0.5.
        assert r.totals["co2_t_per_year"] == pytest.approx(600 + 80 + 80, rel=1e-9)
        assert row["capex_vnd"] == capex
        assert r.totals["capex_vnd"] == capex  # new capital of the plan includes the reactor
    else:
        assert row["throughput"] == 0
        assert r.totals["co2_t_per_year"] == pytest.approx(3000, rel=1e-9)


def test_policy_forces_and_forbids_a_process(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    forced = solve(write(a, biogas_park(8e10), force=["reactor"]))
    assert forced.tables["processes"][0]["built"] == 1
    assert forced.totals["cost_vnd_per_year"] == pytest.approx(8e10 / 20 - 2.76e9, rel=1e-9)
    banned = solve(write(b, biogas_park(5e10), forbid=["reactor"]))
    assert banned.tables["processes"][0]["built"] == 0
    assert banned.totals["cost_vnd_per_year"] == pytest.approx(1e9, rel=1e-9)


def test_minimum_throughput_makes_an_existing_plant_run(tmp_path):
    park = biogas_park(0)
    reactor = park["processes"]["reactor"]
    reactor.update(existing=True, minimum=h(5000), opex_var=h(6e5))  # now a loss per t
    r = solve(write(tmp_path, park))
    assert r.tables["processes"][0]["throughput"] == pytest.approx(5000, rel=1e-9)
    # 5,000 disposed 5e8; 5,000 × (6e5 + 4e4 − 4.6e5) = 9e8.
    assert r.totals["cost_vnd_per_year"] == pytest.approx(5e8 + 9e8, rel=1e-9)


# ------------------------------------------------------------------ bad input

def _bad(tmp_path, capsys, mutate, key, problem, line_key=None, policy=None):
    park = biogas_park(5e10)
    mutate(park)
    scen = write(tmp_path, park, **(policy or {}))
    code, out, err = cli(capsys, "run", scen, "--out", tmp_path / "out")
    file = "scenario.yaml" if policy else "park.yaml"
    line = None if policy else line_of(tmp_path / "park.yaml", line_key or key)
    assert_bad_input(code, out, err, tmp_path, file=file, key=key, problem=problem, line=line)


R = "processes.reactor"


@pytest.mark.parametrize("mutate, key, problem", [
    (lambda p: p["processes"][R[10:]]["outputs"].update(bio_gas=h(1)),
     f"{R}.outputs.bio_gas", r"unknown resource"),
    (lambda p: p["processes"][R[10:]]["outputs"]["biogas"].update(value=-4),
     f"{R}.outputs.biogas.value", r"negative"),
    (lambda p: p["processes"][R[10:]].pop("lifetime"), f"{R}.lifetime", r"lifetime"),
    (lambda p: p["processes"][R[10:]].pop("capacity"), f"{R}.capacity", r"capacity"),
    (lambda p: p["processes"][R[10:]]["inputs"]["electricity"].update(value="20 m3/t"),
     f"{R}.inputs.electricity.value", r"unit|convert|dimension"),
    (lambda p: p["processes"][R[10:]].update(tenant="farn"), f"{R}.tenant", r"unknown tenant"),
    (lambda p: p["processes"].update(farm=p["processes"].pop("reactor")), "processes.farm",
     r"another tenant"),
    (lambda p: p["exchanges"].update(gas={
        "from": "reactor", "to": "farm", "resource": "residue", "replaces": "residue",
        "ratio": h(1), "capacity": h(1)}), "exchanges.gas.resource", r"outputs no 'residue'"),
    (lambda p: p["processes"][R[10:]].setdefault("modes", {}).update(idle={"outputs": {"biogas": h(0),
                                                                       "digestate": h(0)},
                                                           "inputs": {"residue": h(0),
                                                                      "electricity": h(0)}}),
     f"{R}.modes.idle", r"at least one positive"),
])
def test_bad_process_input(tmp_path, capsys, mutate, key, problem):
    _bad(tmp_path, capsys, mutate, key, problem)


def test_unknown_process_in_policy(tmp_path, capsys):
    _bad(tmp_path, capsys, lambda p: None, "policy.force.0", r"unknown .*process",
         policy={"force": ["reactr"]})


def test_infeasible_must_run_is_explained_by_the_process(tmp_path):
    """A reactor that must digest 5,000 t but can be fed only 3,000 t: the elastic re-solve
    names the process (its minimum, or its residue supply), not a tenant."""
    park = biogas_park(0)
    park["processes"]["reactor"].update(existing=True, minimum=h(5000))
    park["exchanges"]["feed"]["capacity"] = h(3000)
    r = api.run(write(tmp_path, park), with_baseline=False)
    assert r.status == "infeasible"
    (v,) = r.explanation["violations"]
    assert v["amount"] == pytest.approx(2000, rel=1e-6)
    assert "reactor" in v["message"] and "Process" in v["message"]


def test_validate_warns_about_a_process_output_with_no_outlet(tmp_path):
    park = biogas_park(5e10)
    park["resources"]["digestate"].pop("sale_price")
    sc = api.load_scenario(write(tmp_path, park))
    found = [f for f in api.check(sc.park) if f.check == "processes_can_run"]
    assert [(f.level, f.key) for f in found] == [("warning", "processes.reactor.outputs.digestate")]
    park["processes"]["reactor"].update(existing=True, minimum=h(100))
    sc = api.load_scenario(write(tmp_path, park))
    with pytest.raises(InputError, match="digestate.*processes_can_run") as exc:
        api.check(sc.park)
    assert exc.value.key == "processes.reactor.outputs.digestate" and exc.value.line


def test_monte_carlo_on_process_figures_updates_in_place(tmp_path):
    """Paths are ``processes.<id>.…`` also for a process written under its tenant; samples
    change the Params of the built model and give the answers of fresh solves."""
    from symbiosis.analysis.session import Session
    from symbiosis.analysis.values import with_values
    from symbiosis.uncertainty import montecarlo, spec

    path = write(tmp_path, chp_park())
    text = yaml.safe_load(path.read_text())
    text["uncertainty"] = {"estimate_spread": 0, "inputs": {
        "processes.chp.capacity": {"dist": "uniform", "low": 9000, "high": 12000},
        "processes.chp.modes.extraction.outputs.electricity": {
            "dist": "uniform", "low": 0.06, "high": 0.08},
        "processes.chp.inputs.coal": {"dist": "uniform", "low": 1.0, "high": 1.1}}}
    path.write_text(yaml.safe_dump(text, sort_keys=False))
    sc = api.load_scenario(path)
    samples = spec.draw(spec.plan(sc), 6, seed=4)
    session = Session(sc, with_baseline=False)
    for values in samples:
        changed = with_values(sc, values)
        assert changed.park.processes["chp"].capacity == values["processes.chp.capacity"]
        got = session.solve(changed, with_baseline=False)
        fresh = Optimizer(build_data(changed)).solve()
        assert got.status == "optimal"
        assert got.objective()["value"] == pytest.approx(fresh.objective, rel=1e-9)
        assert verify(got) == []
    assert session.rebuilds == 0
    assert sc.park.processes["chp"].capacity == 20000  # the loaded scenario is untouched
    mc = montecarlo.run(sc, tmp_path / "mc", 6, seed=4)
    assert len({round(r["objective"]) for r in mc.rows}) > 1


def test_bad_figure_of_a_nested_process_is_reported_where_written(tmp_path, capsys):
    park = chp_park()
    park["tenants"]["power"]["processes"]["chp"]["modes"]["extraction"]["outputs"]["steam"] = \
        h("0.5 t/GJ")
    scen = write(tmp_path, park)
    code, out, err = cli(capsys, "run", scen, "--out", tmp_path / "out")
    key = "tenants.power.processes.chp.modes.extraction.outputs.steam.value"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"does not convert", line=line_of(tmp_path / "park.yaml", key))


def test_a_process_link_counts_its_owner_as_a_participant(tmp_path):
    r = solve(write(tmp_path, chp_park()))
    assert set(r.kpis["participants"]) == {"power", "mill", "dyer"}
    assert r.kpis["symbiosis_links"][0] == 2


@pytest.mark.parametrize("build, built", [(["reactor"], 1), ("none", 0), ([], 0)])
def test_policy_build_list_takes_process_ids(tmp_path, build, built):
    r = solve(write(tmp_path, biogas_park(5e10), build=build))
    assert r.tables["processes"][0]["built"] == built
    assert r.tables["processes"][0]["available"] == built


@pytest.mark.parametrize("table, row, column, change, problem", [
    ("process_modes", 1, "throughput", 100.0, "≠ Σ runs"),
    ("process_flows", 0, "purchased", -1000.0, "need 11000 ≠ links 0 + bought 10000"),
    ("process_flows", 2, "amount", 50.0, "≠ yields × runs"),
])
def test_checker_catches_a_wrong_process_table(tmp_path, table, row, column, change, problem):
    r = solve(write(tmp_path, chp_park()))
    r.tables[table][row][column] += change
    found = verify(r)
    assert any(problem in p for p in found), found


def test_checker_catches_a_process_run_but_not_built(tmp_path):
    r = solve(write(tmp_path, biogas_park(5e10)))
    r.tables["processes"][0]["built"] = 0
    found = verify(r)
    assert any("over capacity 0" in p for p in found), found
    assert any(p.startswith("cost:") for p in found), found


def chp_shorthand(capacity: float = 20000, beta: float = 0.05) -> dict:
    """The same CHP written with ``extraction:`` (η_e 0.1, η_h 0.5, β) instead of modes."""
    park = chp_park(capacity)
    chp = park["tenants"]["power"]["processes"]["chp"]
    del chp["modes"]
    chp["outputs"] = {}
    chp["extraction"] = {"power": "electricity", "heat": "steam",
                         "power_efficiency": h("0.1 MWh/GJ"), "heat_efficiency": h(0.5),
                         "power_loss": h(beta)}
    return park


@pytest.mark.parametrize("capacity, coal, power, cost", [
    (20000, 11000, 1000, 1.1e9), (10000, 10000, 900, 1.2e9)])
def test_extraction_shorthand_is_the_two_mode_chp(tmp_path, capacity, coal, power, cost):
    r = solve(write(tmp_path, chp_shorthand(capacity)))
    assert set(modes(r)) == {"condensing", "extraction"}
    assert flow_of(r, "chp", "coal") == pytest.approx(coal, rel=1e-9)
    assert flow_of(r, "chp", "electricity") == pytest.approx(power, rel=1e-9)
    assert flow_of(r, "chp", "steam") == pytest.approx(2000, rel=1e-9)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(cost, rel=1e-9)


def test_power_loss_ratio_is_a_sweepable_number(tmp_path):
    from symbiosis.analysis.session import Session
    from symbiosis.analysis.values import with_values

    sc = api.load_scenario(write(tmp_path, chp_shorthand(10000)))
    session = Session(sc, with_baseline=False)
    assert session.solve(sc, with_baseline=False).totals["cost_vnd_per_year"] == \
        pytest.approx(1.2e9, rel=1e-9)
    # β 0.06: power 1,000 − 0.06 × 2,000 = 880 MWh, 120 MWh bought: 1e9 + 2.4e8.
    r = session.solve(with_values(sc, {"processes.chp.extraction.power_loss": 0.06}),
                      with_baseline=False)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(1.24e9, rel=1e-9)
    assert session.rebuilds == 0
    assert verify(r) == []


def test_extraction_that_makes_negative_power_is_refused(tmp_path, capsys):
    scen = write(tmp_path, chp_shorthand(beta=0.3))
    code, out, err = cli(capsys, "run", scen, "--out", tmp_path / "out")
    key = "tenants.power.processes.chp.extraction.power_loss.value"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"negative power", line=line_of(tmp_path / "park.yaml", key))


def test_the_documented_examples_load_and_solve(tmp_path):
    """The YAML of docs/model-format.md, "Conversion processes", with the tenants and
    resources around it: the long-form and the shorthand CHP solve to the same plan."""
    import re
    import textwrap

    doc = (ROOT / "docs" / "model-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Conversion processes"):doc.index("### partners")]
    short, chp, bio = (yaml.safe_load(textwrap.dedent(b))
                       for b in re.findall(r"```yaml\n(.*?)```", section, re.S))
    costs = []
    for variant in ("modes", "extraction"):
        park = chp_park()
        park["resources"].update(biogas_park(0)["resources"])
        park["tenants"].update(farm=biogas_park(0)["tenants"]["farm"])
        park["tenants"]["power"] = chp["tenants"]["power"]
        if variant == "extraction":
            park["tenants"]["power"]["processes"] = short
        park["exchanges"] = {**park["exchanges"], **chp["exchanges"], **bio["exchanges"]}
        park["processes"] = bio["processes"]
        d = tmp_path / variant
        d.mkdir()
        r = solve(write(d, park))
        assert {x["id"]: x["built"] for x in r.tables["processes"]} == {"chp": 1, "reactor": 1}
        assert flow_of(r, "chp", "coal") == pytest.approx(11000, rel=1e-9)
        costs.append(r.totals["cost_vnd_per_year"])
    assert costs[0] == pytest.approx(costs[1], rel=1e-12)


def test_macc_lists_a_candidate_process(tmp_path):
    """The reactor (capex 5e10): alone it abates 3,000 − 760 = 2,240 t for
    (5e10/20 − 2.76e9) − 1e9 = −1.26e9 VND/yr; the curve reaches the optimum."""
    from symbiosis.analysis.macc import macc

    curve = macc(api.load_scenario(write(tmp_path, biogas_park(5e10))))
    (row,) = curve.rows
    assert (row["id"], row["kind"], row["tenant"], row["in_optimum"]) == (
        "reactor", "process", "farm", True)
    assert row["standalone_abatement_t"] == pytest.approx(2240, rel=1e-9)
    assert row["standalone_cost_vnd"] == pytest.approx(-1.26e9, rel=1e-9)
    assert row["cumulative_abatement_t"] == pytest.approx(curve.baseline_co2 - curve.optimum_co2)


def test_a_link_to_a_candidate_process_brings_it_along_in_fix_options(tmp_path):
    park = biogas_park(5e10)
    park["exchanges"]["feed"].update(existing=False)
    sc = api.load_scenario(write(tmp_path, park))
    opt = Optimizer(build_data(sc))
    opt.fix_options({"feed"})
    sol = opt.solve()
    assert sol.open == {"reactor": 1.0}
    assert sol.objective == pytest.approx(5e10 / 20 - 2.76e9, rel=1e-9)
    opt.fix_options(set())
    assert opt.solve().objective == pytest.approx(1e9, rel=1e-9)


def _roadmap_scenario(tmp_path, capex: float, periods: list[dict]):
    path = write(tmp_path, biogas_park(capex))
    text = yaml.safe_load(path.read_text())
    text["roadmap"] = {"periods": periods}
    path.write_text(yaml.safe_dump(text, sort_keys=False))
    return api.load_scenario(path)


@pytest.mark.parametrize("capex, built", [(5e10, True), (8e10, False)])
def test_roadmap_of_one_year_invests_in_a_process_as_the_single_year_model(
        tmp_path, capex, built):
    from symbiosis.roadmap import solve_roadmap

    sc = _roadmap_scenario(tmp_path, capex, [{"name": "2026", "start": 2026, "years": 1}])
    rm = solve_roadmap(sc)
    assert rm.status == "optimal", rm.message
    single = api.solve(sc)
    assert rm.objective == pytest.approx(single.totals["cost_vnd_per_year"], rel=1e-9)
    (pr,) = rm.periods
    assert (("open", "reactor") in pr.used) == built
    assert [p for p in verify(pr.results) if not p.startswith("cost:")] == []
    if built:
        assert pr.capital == pytest.approx(capex / 20, rel=1e-9)
        assert pr.results.tables["processes"][0]["throughput"] == pytest.approx(8000)


def test_roadmap_pays_a_process_over_its_lifetime_once(tmp_path):
    """Two 10-year periods, rate 0: the reactor bought in the first serves both (20-year
    life) and is paid 2.5e9/yr in each; with its −2.76e9/yr operating cost as in the
    single-year model, 20 years cost 20 × (2.5e9 − 2.76e9)."""
    from symbiosis.roadmap import solve_roadmap

    sc = _roadmap_scenario(tmp_path, 5e10, [{"name": "A", "start": 2026, "years": 10},
                                            {"name": "B", "start": 2036, "years": 10}])
    rm = solve_roadmap(sc)
    assert rm.status == "optimal", rm.message
    assert [pr.invested for pr in rm.periods] == [[("open", "reactor")], []]
    assert rm.objective == pytest.approx(20 * (5e10 / 20 - 2.76e9), rel=1e-9)


def test_link_values_treat_a_process_receiver_as_inside_the_park(tmp_path):
    """The feed link into the reactor (built, 8,000 t): the farm saves 1e5 VND/t of disposal;
    the reactor replaces residue, which has no market price, so the receiver side is unknown."""
    from symbiosis.analysis.sharing import link_split

    (row,) = link_split(solve(write(tmp_path, biogas_park(5e10))))
    assert row["receiver"] == "reactor"
    assert row["supplier_gain_vnd_per_year"] == pytest.approx(8000 * 1e5, rel=1e-9)
    assert row["receiver_gain_vnd_per_year"] is None


def test_an_unbounded_process_without_capacity_is_refused(tmp_path, capsys):
    """Existing, no capacity, residue no longer needed: electricity is bought and biogas and
    digestate sold without limit, so the run would be unbounded; validation says so."""
    park = biogas_park(0)
    reactor = park["processes"]["reactor"]
    reactor.update(existing=True)
    reactor.pop("capacity")
    reactor["inputs"]["residue"] = h(0)
    scen = write(tmp_path, park)
    code, out, err = cli(capsys, "run", scen, "--out", tmp_path / "out")
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key="processes.reactor.capacity",
                     problem=r"nothing bounds", line=line_of(tmp_path / "park.yaml",
                                                              "processes.reactor"))
    reactor["inputs"]["residue"] = h(1)  # fed only by its link: bounded, and it solves
    assert solve(write(tmp_path, park)).tables["processes"][0]["throughput"] == \
        pytest.approx(10000, rel=1e-9)
