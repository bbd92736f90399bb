"""Numerics: answers that hold at any money scale, audits that catch wrong answers, and a
second solver that agrees.

The parks are the random enumeration parks of ``test_enumeration`` (their optimum known by
brute force); money figures are multiplied by 1e-6 or 1e6 to move every cost coefficient
far from where a fixed divisor would put it.
"""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.cli import main
from symbiosis.optimize import audit
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer

from test_enumeration import brute_force, random_park

MONEY_KEYS = {"price", "disposal_cost", "sale_price", "capex", "opex_fixed", "opex_var",
              "carbon_price"}


def scaled(tree, factor: float):
    """A copy of a park or scenario dict with every money figure multiplied by ``factor``."""
    out = copy.deepcopy(tree)

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in MONEY_KEYS and isinstance(v, dict) and "value" in v:
                    v["value"] = v["value"] * factor
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(out)
    return out


def load(tmp_path, model, scenario, name="s"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "park.yaml").write_text(yaml.safe_dump(model))
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    return api.load_scenario(folder / "scenario.yaml")


def chosen(result) -> set[str]:
    links = {r["id"] for r in result.tables["links"] if r["built"] and not r["existing"]}
    return links | {r["id"] for r in result.tables["measures"] if r["adopted"]}


@pytest.mark.parametrize("seed", range(12))
def test_same_answer_at_any_money_scale(seed, tmp_path):
    model, scenario = random_park(seed)
    answers = {}
    for factor in (1e-6, 1.0, 1e6):
        sc = load(tmp_path, scaled(model, factor), scaled(scenario, factor), f"x{factor:g}")
        r = api.solve(sc)
        assert r.status == "optimal", (factor, r.message)
        answers[factor] = (chosen(r), r.objective()["value"] / factor,
                           r.solver["numerics"]["money_unit"] / factor)
    sets = {f: a[0] for f, a in answers.items()}
    assert sets[1e-6] == sets[1.0] == sets[1e6]
    for f in (1e-6, 1e6):
        assert answers[f][1] == pytest.approx(answers[1.0][1], rel=1e-6)
        # The model's money unit moved with the money (six powers of ten).
        assert answers[f][2] == pytest.approx(answers[1.0][2], rel=1e-9)


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_tiny_money_still_reaches_the_enumerated_optimum(seed, tmp_path):
    """×1e-6 puts per-unit costs near 0.1 currency units: under a fixed 1e9 divisor they
    fell below the solver's tolerances. The brute-force optimum is checked independently."""
    model, scenario = random_park(seed)
    sc = load(tmp_path, scaled(model, 1e-6), scaled(scenario, 1e-6))
    r = api.solve(sc)
    assert r.status == "optimal"
    assert r.objective()["value"] == pytest.approx(brute_force(sc), rel=1e-6, abs=1e-9)


def _solved(tmp_path, seed):
    model, scenario = random_park(seed)
    sc = load(tmp_path, model, scenario)
    opt = Optimizer(build_data(sc))
    return opt, opt.solve()


def test_audit_passes_the_true_answer_and_catches_a_flipped_binary(tmp_path):
    caught = 0
    for seed in range(6):
        (tmp_path / str(seed)).mkdir()
        opt, sol = _solved(tmp_path / str(seed), seed)
        assert sol.status == "optimal"
        assert sol.audit["passed"] and opt.audit(sol).ok
        for kind in ("build", "adopt"):
            for key, value in getattr(sol, kind).items():
                wrong = copy.deepcopy(sol)
                getattr(wrong, kind)[key] = 1.0 - value
                verdict = opt.audit(wrong)
                # Flipping an option of a unique optimum changes the cost or breaks a row.
                assert not verdict.ok, (seed, kind, key)
                assert verdict.message
                caught += 1
    assert caught >= 10


def test_gap_sign_bound_above_objective_is_suspect():
    a = audit.check(objective=100.0, bound=100.5, lp_objective=100.0, rel_gap=1e-6)
    assert not a.ok and "above" in a.message and a.gap < 0
    ok = audit.check(objective=100.0, bound=99.9999, lp_objective=100.0, rel_gap=1e-6)
    assert ok.ok and ok.gap == pytest.approx(1e-6, rel=1e-3)
    low = audit.check(objective=100.0, bound=99.0, lp_objective=95.0, rel_gap=1e-6)
    assert not low.ok and "below" in low.message
    broken = audit.check(objective=100.0, bound=99.0, lp_objective=None, rel_gap=1e-6)
    assert not broken.ok


def test_a_solver_bound_above_its_objective_makes_the_run_suspect(tmp_path, monkeypatch):
    model, scenario = random_park(1)
    sc = load(tmp_path, model, scenario)
    opt = Optimizer(build_data(sc))
    real = opt.solver.solve
    calls = []

    def lying(model, **kw):
        res = real(model, **kw)
        calls.append(1)
        if len(calls) == 1 and res.incumbent_objective is not None:
            res.objective_bound = res.incumbent_objective + 0.01 * abs(res.incumbent_objective)
        return res

    monkeypatch.setattr(opt.solver, "solve", lying)
    sol = opt.solve()
    assert sol.status == "suspect"
    assert "bound" in sol.message and sol.gap < 0


@pytest.mark.parametrize("seed", range(100, 130))
def test_highs_and_scip_agree(seed, tmp_path):
    model, scenario = random_park(seed)
    sc = load(tmp_path, model, scenario)
    first = api.solve(sc)
    checked = api.cross_check(first)
    info = checked.solver["cross_check"]
    assert info["solver"] == "scip" and info["agree"], info
    assert checked.status == first.status == "optimal"
    assert info["objective"] == pytest.approx(first.objective()["value"], rel=1e-6)


def test_cross_check_disagreement_is_suspect_and_hands_on_no_tables(tmp_path):
    model, scenario = random_park(2)
    sc = load(tmp_path, model, scenario)
    first = api.solve(sc)
    # A first answer 1 % off, as a wrong solver would give.
    first.solver["objective_from_solver"] *= 1.01
    checked = api.cross_check(first)
    assert checked.status == "suspect" and not checked.tables
    assert "cross-check failed" in checked.message


def test_cli_scip_and_cross_check(tmp_path, capsys):
    model, scenario = random_park(5)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "park.yaml").write_text(yaml.safe_dump(model))
    scenario["solver"] = {"name": "scip"}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    assert main(["run", str(folder / "scenario.yaml"), "--out", str(tmp_path / "o"),
                 "--cross-check"]) == 0
    summary = json.loads((tmp_path / "o" / "scenario" / "summary.json").read_text())
    assert summary["solver"]["solver"] == "scip"
    assert summary["solver"]["cross_check"]["solver"] == "highs"
    assert summary["solver"]["cross_check"]["agree"]
    assert summary["solver"]["audit"]["passed"]
    assert math.isfinite(summary["solver"]["numerics"]["money_unit"])


def test_a_solver_that_is_not_installed_is_an_input_error(tmp_path):
    """CBC is a program on the PATH: with a PATH that does not hold it, it is not there."""
    model, scenario = random_park(5)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "park.yaml").write_text(yaml.safe_dump(model))
    scenario["solver"] = {"name": "cbc"}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    out = tmp_path / "o"
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    run = subprocess.run([sys.executable, "-m", "symbiosis", "run", str(folder / "scenario.yaml"),
                          "--out", str(out)], capture_output=True, text=True, env=env)
    assert run.returncode == 2, run.stderr
    assert "solver.name" in run.stderr and "cbc" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_highs_audit_in_place_equals_the_pyomo_lp_and_catches_a_flipped_incumbent(tmp_path):
    import highspy
    from symbiosis.optimize import audited

    flipped = 0
    for seed in range(4):
        folder = tmp_path / str(seed)
        folder.mkdir()
        opt, sol = _solved(folder, seed)
        h = opt.solver._solver_model
        fast = audited._highs_lp_at_incumbent(h)
        lp = h.getLp()
        ints = [i for i, t in enumerate(lp.integrality_) if t == highspy.HighsVarType.kInteger]
        # HiGHS's columns are unchanged by the in-place LP (bounds and integrality restored).
        after = h.getLp()
        assert list(after.col_lower_) == list(lp.col_lower_)
        assert list(after.col_upper_) == list(lp.col_upper_)
        assert list(after.integrality_) == list(lp.integrality_)
        via_pyomo = audited.lp_at(opt.solver, opt.model, opt._options(),
                                  [(v, v.value) for v in audited.free_binaries(opt.model)])
        assert fast == pytest.approx(via_pyomo, rel=1e-9)
        # Plant a wrong incumbent: one binary flipped in HiGHS's own solution.
        opt.solve()
        for col in ints:
            s = h.getSolution()
            values = list(s.col_value)
            if lp.col_lower_[col] == lp.col_upper_[col]:
                continue  # fixed by the scenario: not the solver's choice
            values[col] = 1.0 - round(values[col])
            s.col_value = values
            h.setSolution(s)
            wrong = audited._highs_lp_at_incumbent(h)
            verdict = audit.check(fast, fast, wrong, 1e-6)
            assert not verdict.ok, (seed, col)
            flipped += 1
            opt.solve()
    assert flipped >= 5


@pytest.mark.parametrize("options, word", [
    ({"solution_file": "/tmp/x", "write_solution_to_file": True}, "not an option"),
    ({"log_file": "/tmp/log"}, "not an option"),
    ({"mip_heuristic_effort": 7}, "between"),
    ({"random_seed": 1.5}, "whole number"),
    ({"presolve": "maybe"}, "one of"),
    ({"mip_detect_symmetry": 1}, "true or false"),
])
def test_solver_options_outside_the_whitelist_are_refused(options, word, tmp_path, capsys):
    model, scenario = random_park(5)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "park.yaml").write_text(yaml.safe_dump(model))
    scenario["solver"] = {"options": options}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    out = tmp_path / "o"
    assert main(["run", str(folder / "scenario.yaml"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"solver.options.{next(iter(options))}" in err and word in err
    assert "Traceback" not in err and not out.exists()
    assert not (tmp_path / "x").exists()


def test_whitelisted_options_reach_the_solver_and_not_the_cross_check(tmp_path):
    model, scenario = random_park(5)
    scenario["solver"] = {"options": {"random_seed": 7, "mip_heuristic_run_rins": True}}
    sc = load(tmp_path, model, scenario)
    r = api.solve(sc)
    assert r.status == "optimal"
    # HiGHS's option names would be refused by SCIP: the cross-check must not pass them on.
    assert api.cross_check(r).solver["cross_check"]["agree"]


def _lp(dense):
    """A HighsLp look-alike (column-wise sparse) for the span functions."""
    from types import SimpleNamespace

    import numpy as np
    from scipy.sparse import csc_matrix

    c = csc_matrix(np.array(dense, dtype=float))
    return SimpleNamespace(a_matrix_=SimpleNamespace(value_=c.data, index_=c.indices,
                                                     start_=c.indptr),
                           num_row_=c.shape[0], num_col_=c.shape[1])


def test_a_unit_change_is_absorbed_by_scaling_but_a_real_spread_is_not():
    from symbiosis.optimize import scaling

    # Rows and columns of very different units, but only units: scaling brings it to 1.
    units = scaling.equilibrated_span(_lp([[1e8, 2e8], [3e-4, 6e-4], [0, 5.0]]))
    assert units["ratio"] < 10
    # a11·a22 / (a12·a21) is the same under any row and column scaling: 1e-20 stays.
    real = scaling.equilibrated_span(_lp([[1.0, 1.0], [1.0, 1e-20]]))
    assert real["ratio"] > scaling.SPAN_LIMIT
    warned = scaling.span_warnings({"matrix": scaling.span([1e8, 3e-4]),
                                    "matrix_scaled": real, "objective": scaling.span([1e-3, 1e9]),
                                    "objective_scaled": None})
    assert len(warned) == 1 and "after row and column scaling" in warned[0]


def test_tang_loong_units_span_widely_as_written_but_not_after_scaling():
    from pathlib import Path

    root = Path(__file__).parents[1]
    r = api.solve(api.load_scenario(root / "scenarios" / "eco-park-2030.yaml"))
    spans = r.solver["numerics"]["spans"]
    assert spans["matrix"]["ratio"] > 1e9          # Nm3 of tail gas beside MWh and t
    assert spans["matrix_scaled"]["ratio"] < 1e3
    assert spans["objective_scaled"]["ratio"] < spans["objective"]["ratio"]
    assert r.solver["numerics"]["warnings"] == []


def test_an_unknown_solver_name_is_bad_input_at_its_line(tmp_path, capsys):
    model, scenario = random_park(5)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "park.yaml").write_text(yaml.safe_dump(model))
    scenario["solver"] = {"name": "cplexx"}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    assert main(["run", str(folder / "scenario.yaml"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "solver.name" in err and "cplexx" in err and "scenario.yaml:" in err
    assert not (tmp_path / "o").exists()


def _scipy_spans(lp, passes=10):
    """The scaling as first written with scipy.sparse: the oracle for the numpy one."""
    import numpy as np
    from scipy.sparse import csc_matrix

    a = lp.a_matrix_
    cost = np.abs(np.asarray(lp.col_cost_, dtype=float))
    m = csc_matrix((np.abs(np.asarray(a.value_, dtype=float)), np.asarray(a.index_),
                    np.asarray(a.start_)), shape=(lp.num_row_, lp.num_col_))
    m.eliminate_zeros()
    cols = np.ones(lp.num_col_)
    for _ in range(passes if m.nnz else 0):
        for axis in (1, 0):
            hi = np.asarray(m.max(axis=axis).todense()).ravel()
            inv = m.copy()
            inv.data = 1.0 / inv.data
            big = np.asarray(inv.max(axis=axis).todense()).ravel()
            lo = np.divide(1.0, big, out=np.zeros_like(big), where=big > 0)
            f = np.ones_like(hi)
            ok = hi > 0
            f[ok] = 1.0 / np.sqrt(hi[ok] * lo[ok])
            m = (m.multiply(f[:, None]) if axis == 1 else m.multiply(f[None, :])).tocsc()
            if axis == 0:
                cols *= f
    return (scaling_span(m.data) if m.nnz else None), scaling_span(cost * cols)


def scaling_span(values):
    from symbiosis.optimize import scaling
    return scaling.span(values)


def test_numpy_scaling_equals_the_scipy_one_on_random_and_real_matrices():
    import numpy as np

    from symbiosis.optimize import scaling
    rng = np.random.default_rng(3)
    for trial in range(30):
        shape = (int(rng.integers(1, 40)), int(rng.integers(1, 40)))
        dense = np.where(rng.random(shape) < 0.3, 10.0 ** rng.uniform(-8, 8, shape), 0.0)
        dense *= rng.choice([-1, 1], shape)
        lp = _lp(dense)
        lp.col_cost_ = 10.0 ** rng.uniform(-3, 9, shape[1]) * (rng.random(shape[1]) < 0.7)
        assert scaling.equilibrated_spans(lp) == _scipy_spans(lp), trial
    # the live LP of a real scenario, as the run's numerics section sees it
    from symbiosis import api
    from symbiosis.optimize.data import build_data
    from symbiosis.optimize.solve import Optimizer
    root = Path(__file__).resolve().parents[1]
    opt = Optimizer(build_data(api.load_scenario(root / "scenarios" / "eco-park-2030.yaml")))
    opt.solve()
    lp = opt._first_lp
    assert lp.num_col_ > 100
    assert scaling.equilibrated_spans(lp) == _scipy_spans(lp)
