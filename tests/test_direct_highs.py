"""The direct HiGHS path (optimize/direct.py) against fresh Pyomo solves, sample by sample.

Each sample's answer through the one compiled HiGHS instance must be the answer of a
model built afresh in Pyomo for that sample: status, objective, every table number
(every flow, every build and adoption), and the baseline. The tests also check that the
direct path really answered (a test passing through the Pyomo fallback proves nothing).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.analysis.direct_session import direct_solves, solve_sample
from symbiosis.analysis.session import Session
from symbiosis.analysis.values import with_values
from symbiosis.load.scenario import baseline_of
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer
from symbiosis.results.core import make_results
from symbiosis.uncertainty import spec

ROOT = Path(__file__).parents[1]
ECO = ROOT / "scenarios" / "eco-park-2030.yaml"


def fresh(sample):
    """The sample's Results from models built for it alone (no persistent state)."""
    bsc = baseline_of(sample)
    bdata = build_data(bsc)
    base = make_results(bsc, bdata, Optimizer(bdata).solve())
    data = build_data(sample)
    return make_results(sample, data, Optimizer(data).solve(), base)


def close(a, b, rel=1e-7) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)
    return a == b


def differences(got, want, where="") -> list[str]:
    """Every table cell, total and status where two Results differ."""
    out = []
    if got.status != want.status:
        return [f"{where}status {got.status} != {want.status}"]
    if not want.ok:
        return []
    if not close(got.objective()["value"], want.objective()["value"]):
        out.append(f"{where}objective {got.objective()['value']} != {want.objective()['value']}")
    for k, v in want.totals.items():
        if not close(got.totals[k], v):
            out.append(f"{where}totals.{k} {got.totals[k]} != {v}")
    for name, rows in want.tables.items():
        mine = got.tables[name]
        if len(mine) != len(rows):
            out.append(f"{where}{name}: {len(mine)} rows != {len(rows)}")
            continue
        for i, (a, b) in enumerate(zip(mine, rows)):
            for k, v in b.items():
                if not close(a.get(k), v):
                    out.append(f"{where}{name}[{i}].{k} {a.get(k)!r} != {v!r}")
    return out


@pytest.fixture(scope="module")
def eco_run():
    """200 Monte Carlo samples of eco-park-2030 through the direct path, and afresh."""
    sc = api.load_scenario(ECO)
    samples = spec.draw(spec.plan(sc), 200, seed=13)
    session = Session(sc)
    direct = [solve_sample(session, sc, v) for v in samples]
    want = [fresh(with_values(sc, v, origin="sample")) for v in samples]
    return direct_solves(session), direct, want


def test_every_sample_equals_a_fresh_pyomo_solve(eco_run):
    ds, direct, want = eco_run
    assert ds.reason == "" and ds.main is not None
    bad = []
    for i, (got, exp) in enumerate(zip(direct, want)):
        bad += differences(got, exp, f"sample {i}: ")
        if exp.ok:
            bad += differences(got.baseline, exp.baseline, f"sample {i} baseline: ")
    assert not bad, "\n".join(bad[:20])
    # Both outcomes occur in this run, and each was the direct path's own answer.
    assert sum(r.ok for r in want) >= 20 and sum(not r.ok for r in want) >= 1
    assert ds.main.fallbacks == {} and ds.fallbacks == 0
    assert ds.main.solves == len(direct)
    assert ds.base.fallbacks == {}


def test_builds_differ_between_samples(eco_run):
    """The samples move the answer (else equal answers would prove little)."""
    _, direct, _ = eco_run
    plans = {tuple(x["built"] for x in r.tables["links"]) + tuple(
        m["adopted"] for m in r.tables["measures"]) for r in direct if r.ok}
    costs = {round(r.totals["cost_vnd_per_year"]) for r in direct if r.ok}
    assert len(plans) >= 2 and len(costs) > 20


def test_a_changed_shape_falls_back_to_pyomo():
    """A link that can no longer carry anything changes the model's shape: Pyomo answers."""
    sc = api.load_scenario(ECO)
    session = Session(sc)
    ds = direct_solves(session)
    cand = build_data(sc).candidates[0]
    sample = {f"exchanges.{cand}.capacity": 0.0}
    got = solve_sample(session, sc, sample)
    assert ds.main.fallbacks == {"the model's shape changed": 1} and ds.fallbacks == 1
    assert not differences(got, fresh(with_values(sc, sample, origin="sample")))
    # and the direct path goes on answering the samples of the first shape
    plain = {"resources.electricity.price": sc.park.resources["electricity"].price * 1.1}
    again = solve_sample(session, sc, plain)
    assert ds.main.solves == 1 and not differences(
        again, fresh(with_values(sc, plain, origin="sample")))


def test_baseline_kept_when_its_numbers_do_not_move():
    sc = api.load_scenario(ECO)
    session = Session(sc)
    ds = direct_solves(session)
    data = build_data(sc)
    cand = data.candidates[0]
    capex = sc.park.exchanges[cand].capex
    # A candidate's capex is in no baseline number: the first sample solves the baseline
    # in HiGHS, the next two keep its answer (and their Results are still their own).
    for factor in (0.5, 2.0, 3.0):
        sample = {f"exchanges.{cand}.capex": capex * factor}
        got = solve_sample(session, sc, sample)
        assert not differences(got.baseline, fresh(with_values(sc, sample)).baseline)
        assert not differences(got, fresh(with_values(sc, sample)))
    assert ds.base_reused == 2
    price = {"resources.electricity.price": sc.park.resources["electricity"].price * 1.2}
    got = solve_sample(session, sc, price)
    assert ds.base_reused == 2  # the price is: solved again
    assert not differences(got.baseline, fresh(with_values(sc, price)).baseline)


def test_a_staged_objective_stays_on_pyomo(tmp_path):
    doc = yaml.safe_load(ECO.read_text(encoding="utf-8"))
    doc.setdefault("policy", {})["objective"] = "co2"
    path = tmp_path / "co2.yaml"
    park = doc.get("park") or doc.get("model")
    if isinstance(park, str):  # the model file is named relative to the scenario's folder
        doc["park" if "park" in doc else "model"] = str((ECO.parent / park).resolve())
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    sc = api.load_scenario(path)
    session = Session(sc)
    sample = {"resources.electricity.price": sc.park.resources["electricity"].price * 0.9}
    got = solve_sample(session, sc, sample)
    assert "staged objective" in direct_solves(session).reason
    assert not differences(got, fresh(with_values(sc, sample, origin="sample")))


@pytest.mark.parametrize("seed", [0, 3, 7, 11])
def test_direct_path_meets_enumeration_optima(seed, tmp_path):
    """Random small parks of test_enumeration, prices moved: the direct answer is the
    optimum found by trying every subset of options (each an LP in scipy)."""
    from tests.test_enumeration import brute_force, random_park

    model, scenario = random_park(seed)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    sc = api.load_scenario(tmp_path / "scenario.yaml")
    session = Session(sc)
    res = sc.park.resources
    priced = [r for r, x in res.items() if x.price][:2]
    disposed = [r for r, x in res.items() if x.disposal_cost][:1]
    for k, f in enumerate((0.6, 1.0, 1.7)):
        sample = {f"resources.{r}.price": res[r].price * f for r in priced}
        sample.update({f"resources.{r}.disposal_cost": res[r].disposal_cost * (2.2 - f)
                       for r in disposed})
        got = solve_sample(session, sc, sample)
        assert got.status == "optimal"
        expected = brute_force(with_values(sc, sample, origin="sample"))
        assert got.objective()["value"] == pytest.approx(expected, rel=1e-6, abs=1e-3)
    ds = direct_solves(session)
    assert ds.reason == "" and ds.main.solves == 3


def test_maps_are_checked_against_what_pyomo_handed_to_highs():
    """A map that gives another number than the one in HiGHS stops the direct path."""
    from symbiosis.optimize.direct_maps import Unmappable, check_against, compile_maps

    sc = api.load_scenario(ECO)
    opt = Optimizer(build_data(sc))
    opt.solve()
    maps = compile_maps(opt.solver, opt.model)
    from symbiosis.optimize import params
    with params.reuse_values(opt.data):
        now = maps.params(params.values(opt.data))
    lp = opt.solver._solver_model.getLp()
    check_against(maps, now, lp)  # as handed over: the same numbers
    moved = list(now)
    moved[0] *= 1.5  # one Param read wrongly
    with pytest.raises(Unmappable):
        check_against(maps, moved, lp)
