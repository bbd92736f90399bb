"""The parallel engine: the same answers wherever the solves run, and no files needed.

Sweep, Pareto, MACC and Shapley on a cut-down Tằng Loỏng scenario (carbon-price.yaml
with nine options, two of them through one grinder) give identical rows in this
process and on a pool of 2 workers; a Dask worker that starts in an empty folder,
after the scenario's folder is gone, gives the rows of the in-process run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from symbiosis import api, cli
from symbiosis.analysis import sharing
from symbiosis.analysis.macc import maccs
from symbiosis.analysis.pareto import pareto
from symbiosis.analysis.sweep import sweep
from symbiosis.optimize import solve as solve_module
from symbiosis.uncertainty import engine, spec

ROOT = Path(__file__).parents[1]
OPTIONS = ["pg-cement", "dap2_pg_line", "slag-dgc-cement", "slag-pat-cement", "laokay_grinder",
           "tailgas-dgc-dap2power", "tailgas-pat-dap2power", "dap2-drives", "cu-wasteheat"]


def _small(folder: Path, extends: Path) -> Path:
    path = folder / "small.yaml"
    path.write_text(yaml.safe_dump({"extends": str(extends), "id": "small-tang-loong",
                                    "policy": {"build": OPTIONS}}), encoding="utf-8")
    return path


def _same(a: list[dict], b: list[dict]) -> bool:
    """Same rows: every text, id, order and status equal; every number equal to solver
    rounding (a persistent model's last digits depend on the solves it made before)."""
    assert [sorted(r) for r in a] == [sorted(r) for r in b]
    for x, y in zip(a, b):
        for k, v in x.items():
            if isinstance(v, float) and isinstance(y[k], float):
                assert y[k] == pytest.approx(v, rel=1e-9, abs=1e-6), k
            else:
                assert y[k] == v, k
    return True


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return api.load_scenario(_small(tmp_path_factory.mktemp("small"),
                                    ROOT / "scenarios" / "carbon-price.yaml"))


def test_sweep_same_on_one_and_two_workers(small):
    values = [0, "10 USD/t", "100 USD/t", "1000 USD/t"]
    one = sweep(small, "policy.carbon_price", values)
    two = sweep(small, "policy.carbon_price", values, workers=2, batch_size=1)
    assert one == two
    assert len({(r["links_built"], r["measures_adopted"]) for r in one}) > 1  # they differ


def test_pareto_same_on_one_and_two_workers(small):
    one = pareto(small, 7)
    two = pareto(small, 7, workers=2)
    assert one.rows == two.rows and one.payoff == two.payoff
    assert one.skipped == two.skipped  # the bypass skips the same grid points
    assert len(one.rows) >= 3
    assert one.solves == 2 + 5 - one.skipped  # serial: only the points it needs


def test_pareto_bypass_same_on_one_and_two_workers():
    """A front of jumps (tests/fixtures/macc-two.yaml): most grid points are met by the
    point before, so the bypass decides; solved two at a time it keeps the same points."""
    sc = api.load_scenario(ROOT / "tests" / "fixtures" / "macc-two.yaml")
    one, two = pareto(sc, 9), pareto(sc, 9, workers=2)
    assert one.skipped >= 4 and one.solves == 2 + 7 - one.skipped
    assert (one.rows, one.skipped, one.payoff) == (two.rows, two.skipped, two.payoff)
    assert two.solves >= one.solves  # a point solved ahead may turn out not needed


def test_macc_same_on_one_and_two_workers(small):
    one = maccs(small, ("net", "all"))
    two = maccs(small, ("net", "all"), workers=2)
    for b in ("net", "all"):
        assert _same(one[b].rows, two[b].rows)
        assert _same([one[b].reconciliation()["curve"]], [two[b].reconciliation()["curve"]])
    assert sum(r["merit_order"] is not None for r in one["net"].rows) >= 4


def test_shapley_same_on_one_and_two_workers_each_coalition_solved_once(small, monkeypatch):
    solves = []
    real = solve_module.Optimizer.solve

    def counted(self, *a, **k):
        solves.append(1)
        return real(self, *a, **k)

    monkeypatch.setattr(solve_module.Optimizer, "solve", counted)
    one = sharing.shapley(small)
    assert len(solves) == one.evaluations  # one solve per distinct set of allowed options
    monkeypatch.setattr(sharing, "EXACT_LIMIT", 0)
    sampled = sharing.shapley(small, samples=30, seed=4)
    monkeypatch.undo()
    assert len(one.rows) >= 2
    two = sharing.shapley(small, workers=2)
    assert (one.rows, one.total_saving, one.evaluations) == \
        (two.rows, two.total_saving, two.evaluations)
    assert sampled.method == "sampled" and len(sampled.rows) == len(one.rows)


def test_cli_sweep_same_on_one_and_two_workers(tmp_path, small):
    got = {}
    for name, extra in (("one", []), ("two", ["--workers", "2"])):
        out = tmp_path / name
        assert cli.main(["sweep", str(small.file), "--param", "policy.carbon_price",
                         "--values", "0", "50 USD/t", "--out", str(out), *extra]) == 0
        got[name] = (out / small.id / "sweep-policy.carbon_price.csv").read_text()
    assert got["one"] == got["two"]


def test_dask_worker_in_an_empty_folder_without_the_files(tmp_path, monkeypatch):
    from dask.distributed import Client, LocalCluster

    src = tmp_path / "src"
    shutil.copytree(ROOT / "scenarios", src / "scenarios")
    shutil.copytree(ROOT / "models", src / "models")
    sc = api.load_scenario(_small(src / "scenarios", src / "scenarios" / "carbon-price.yaml"))
    drawn = spec.draw(spec.plan(sc), 8, seed=5)
    meta = {"scenario": sc.id}
    here = engine.evaluate(sc, drawn, tmp_path / "here", meta, batch_size=2)
    here_front = pareto(sc, 4)
    shutil.rmtree(src)  # what a worker elsewhere sees: no scenario, no model
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)  # the workers start here
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        where = client.run(os.getcwd)
        there = engine.evaluate(sc, drawn, tmp_path / "there", meta, batch_size=2,
                                scheduler=cluster.scheduler_address)
        front = pareto(sc, 4, scheduler=cluster.scheduler_address)
    assert sorted(where.values()) == [str(empty)] * 2
    assert there == here
    assert (front.rows, front.skipped) == (here_front.rows, here_front.skipped)
    assert len({r.get("cost_vnd_per_year") for r in here}) > 3  # the samples really differ
    assert not list(empty.iterdir())  # and nothing was written where the workers run
