"""Every solver the scenario may name reaches the same optimum as HiGHS and as brute force.

SCIP ships with the package; Gurobi and CPLEX come with their size-limited community
licences (test extras) and CBC from Debian (``.ci/run`` installs it). Outside CI a
machine without one of them skips that solver; in CI a missing solver fails.
"""

from __future__ import annotations

import os

import pytest
import yaml

from symbiosis import api
from symbiosis.optimize import solvers

from test_enumeration import brute_force, random_park


def _needs(name: str) -> None:
    try:
        solvers.make(name)
    except solvers.SolverUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install solver {name}: {exc}")
        pytest.skip(str(exc))


def _scenario(tmp_path, seed: int, name: str):
    model, scenario = random_park(seed)
    scenario["solver"] = {"name": name}
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    return api.load_scenario(tmp_path / "scenario.yaml")


@pytest.mark.parametrize("name", ["scip", "gurobi", "cplex", "cbc"])
@pytest.mark.parametrize("seed", [200, 201, 202])
def test_solver_matches_highs_and_brute_force(name, seed, tmp_path):
    _needs(name)
    sc = _scenario(tmp_path, seed, name)
    got = api.solve(sc)
    assert got.status == "optimal", got.message
    assert got.solver["solver"] == name and got.solver["audit"]["passed"]
    check = api.cross_check(got, "highs")
    assert check.solver["cross_check"]["agree"], check.solver["cross_check"]
    assert got.objective()["value"] == pytest.approx(brute_force(sc), rel=1e-6, abs=1e-3)
