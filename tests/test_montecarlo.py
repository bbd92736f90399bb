"""Monte Carlo and sensitivity: same answers on every executor, resumable, equal to fresh solves."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symbiosis import api, cli
from symbiosis.analysis.values import with_values
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer
from symbiosis.uncertainty import montecarlo, sensitivity, spec

ROOT = Path(__file__).parents[1]
FIX = Path(__file__).parent / "fixtures"
TINY = FIX / "tiny-uncertain.yaml"


@pytest.fixture(scope="module")
def tiny():
    return api.load_scenario(TINY)


def test_plan_reads_distributions_and_draws_latin_hypercube(tiny):
    p = spec.plan(tiny)
    assert [i.path for i in p.inputs] == ["policy.carbon_price", "resources.natural_gypsum.price",
                                          "resources.gypsum.disposal_cost"]
    cp, gyp, disp = p.inputs
    assert cp.value(0.1) == pytest.approx(0.1 * 40 * 25000)       # uniform 0 … 40 USD/t
    assert gyp.value(0.0) == pytest.approx(0.5 * 300000)           # relative triangular
    assert disp.value(0.5) == pytest.approx(100000)                # lognormal median
    samples = spec.draw(p, 10, seed=4)
    assert samples == spec.draw(p, 10, seed=4) != spec.draw(p, 10, seed=5)
    # Latin hypercube: each tenth of each input's probability range holds exactly one sample.
    strata = sorted(int(cp.frozen.cdf(s["policy.carbon_price"]) * 10) for s in samples)
    assert strata == list(range(10))


def test_estimates_get_a_default_spread():
    sc = api.load_scenario(ROOT / "scenarios" / "carbon-price.yaml")
    p = spec.plan(sc)
    estimates = [f for f in sc.park.figures if f.tag == "E"]
    assert len(p.inputs) > 100 and all(i.source == "estimate default" for i in p.inputs)
    one = p.inputs[0]
    assert one.value(0.0) == pytest.approx(min(one.base * 0.75, one.base * 1.25))
    assert {i.path for i in p.inputs} <= {f.path for f in estimates}


def _rows(folder: Path) -> list[dict]:
    import csv
    with (folder / "montecarlo-samples.csv").open() as fh:
        return list(csv.DictReader(fh))


def test_same_results_with_one_two_workers_and_dask(tmp_path):
    runs = {}
    for name, extra in (("one", []), ("two", ["--workers", "2"]), ("dask", ["--dask-local", "2"])):
        out = tmp_path / name
        assert cli.main(["montecarlo", str(TINY), "--samples", "12", "--seed", "7",
                         "--batch-size", "3", "--out", str(out), *extra]) == 0
        runs[name] = _rows(out / "tiny-uncertain")
    assert len(runs["one"]) == 12
    assert runs["one"] == runs["two"] == runs["dask"]
    costs = {r["cost_vnd_per_year"] for r in runs["one"]}
    assert len(costs) > 6  # the samples really differ


def test_a_killed_run_resumes_to_the_same_result(tmp_path):
    scenario = str(ROOT / "scenarios" / "carbon-price.yaml")
    args = ["-m", "symbiosis", "montecarlo", scenario, "--samples", "24", "--seed", "2",
            "--batch-size", "3"]
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, *args, "--out", str(whole)], check=True,
                   capture_output=True, timeout=300)
    cut = tmp_path / "cut"
    proc = subprocess.Popen([sys.executable, *args, "--out", str(cut)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    batches = cut / "carbon-price" / "montecarlo-batches"
    deadline = time.time() + 240
    while time.time() < deadline and len(list(batches.glob("batch-*.json"))) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(batches.glob("batch-*.json")))
    assert 3 <= done < 8, "the run should have been cut part-way"
    assert not (cut / "carbon-price" / "montecarlo-samples.csv").exists()
    assert cli.main(["montecarlo", scenario, "--samples", "24", "--seed", "2", "--batch-size",
                     "3", "--out", str(cut), "--resume"]) == 0
    assert _rows(cut / "carbon-price") == _rows(whole / "carbon-price")
    # Resuming with other settings is refused rather than mixing two runs.
    code = cli.main(["montecarlo", scenario, "--samples", "24", "--seed", "3", "--batch-size",
                     "3", "--out", str(cut), "--resume"])
    assert code == 2


def test_persistent_re_solves_equal_fresh_solves(tiny, tmp_path):
    mc = montecarlo.run(tiny, tmp_path, 6, seed=1)
    samples = spec.draw(spec.plan(tiny), 6, seed=1)
    for row, values in zip(mc.rows, samples):
        fresh = with_values(tiny, values)
        sol = Optimizer(build_data(fresh)).solve()
        assert row["objective"] == pytest.approx(sol.objective, rel=1e-9)
        built = ";".join(e for e, v in sol.build.items() if v > 0.5)
        assert set(filter(None, row["links_built"].split(";"))) == set(filter(None, built.split(";")))


def test_summary_counts_builds_and_percentiles(tiny, tmp_path):
    mc = montecarlo.run(tiny, tmp_path, 10, seed=2)
    freq = {f["id"]: f for f in mc.frequency}
    built = sum("pg-board" in r["links_built"].split(";") for r in mc.rows)
    assert freq["pg-board"]["built_in"] == built
    assert freq["pg-board"]["built_share"] == pytest.approx(built / 10)
    costs = sorted(r["cost_vnd_per_year"] for r in mc.rows)
    assert mc.percentiles["cost_vnd_per_year"]["p50"] == pytest.approx(
        (costs[4] + costs[5]) / 2)
    assert ("pg-board" in mc.robust) == (built >= 9)


def test_tornado_swings_follow_the_inputs(tiny, tmp_path):
    sens = sensitivity.analyse(tiny, tmp_path, morris_trajectories=4, seed=0)
    rows = {r["input"]: r for r in sens.tornado}
    cp = rows["policy.carbon_price"]
    # Each end of each bar is the scenario solved afresh with that one input changed.
    for path, r in rows.items():
        for at in ("low", "high"):
            sol = api.solve(with_values(tiny, {path: r[at]}))
            assert r[f"cost_vnd_per_year_at_{at}"] == pytest.approx(
                sol.totals["cost_vnd_per_year"], rel=1e-9)
    assert cp["low"] < cp["high"]
    assert sens.morris is not None and len(sens.morris) == 3
    assert all(m["cost_vnd_per_year_mu_star"] >= 0 for m in sens.morris)
