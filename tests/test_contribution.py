"""Why each option (analysis/contribution.py): what the plan loses without it.

Tiny park by hand (test_tiny.py's optimum 1.416667e9 VND/yr, discount rate 0): without
pg-board the board plant buys 4,000 t of natural gypsum (1.2e9) and 4,444.4 t more
phosphogypsum is disposed (4.444e8), against the link's 1e8 capital and 2e8 opex:
2.716667e9, so pg-board saves 1.3e9 VND/yr and 120 t CO2e/yr; its payback is
1e9 / (1.3e9 + 1e8) = 0.714 years. Every contribution equals a fresh solve without it.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from symbiosis import api
from symbiosis.analysis.contribution import chosen, contributions

ROOT = Path(__file__).parents[1]
FIX = Path(__file__).parent / "fixtures"


def _fresh_without(r, oid):
    sc = r.scenario
    pol = dataclasses.replace(sc.policy, forbid=[*sc.policy.forbid, oid],
                              force=[f for f in sc.policy.force if f != oid],
                              committed=[c for c in sc.policy.committed if c != oid])
    return api.solve(dataclasses.replace(sc, policy=pol))


def test_tiny_contributions_by_hand():
    r = api.run(FIX / "tiny-cost.yaml")
    c = contributions(r)
    assert set(c) == {"pg-board", "pg-cement", "fert-drives"}
    board = c["pg-board"]
    assert board["saves_cost_vnd_per_year"] == pytest.approx(1.3e9, rel=1e-6)
    assert board["saves_co2_t_per_year"] == pytest.approx(120, rel=1e-6)
    assert board["payback_years"] == pytest.approx(1e9 / 1.4e9, rel=1e-6)
    # The drives: 100 MWh × 1e6 saved against 5e7 of capital a year.
    assert c["fert-drives"]["saves_cost_vnd_per_year"] == pytest.approx(5e7, rel=1e-6)
    # The cement link: 100 t avoided at the cement plant (5,000 t × 0.02).
    assert c["pg-cement"]["saves_co2_partners_t_per_year"] == pytest.approx(100, rel=1e-6)


@pytest.mark.parametrize("scenario, k", [(FIX / "tiny-cost.yaml", None),
                                         (ROOT / "scenarios" / "eco-park-2030.yaml", 6)])
def test_each_contribution_equals_a_fresh_solve_without_it(scenario, k):
    r = api.run(scenario)
    c = contributions(r)
    options = [o for _, o in chosen(r)]
    if k:  # a new link, a facility, a measure and an existing link at least
        kinds = {}
        for table, o in chosen(r):
            kinds.setdefault(table, []).append(o)
        options = [v[0] for v in kinds.values()] + [
            o for o in options if o not in [v[0] for v in kinds.values()]][:k]
    for oid in options:
        fresh = _fresh_without(r, oid)
        if not fresh.ok:
            assert c[oid]["saves_cost_vnd_per_year"] is None
            assert c[oid]["without_status"] == fresh.status
            continue
        saved = fresh.totals["cost_vnd_per_year"] - r.totals["cost_vnd_per_year"]
        assert c[oid]["saves_cost_vnd_per_year"] == pytest.approx(
            saved, rel=1e-6, abs=1e-6 * abs(r.totals["cost_vnd_per_year"])), oid
        co2 = fresh.totals["co2_t_per_year"] - r.totals["co2_t_per_year"]
        assert c[oid]["saves_co2_t_per_year"] == pytest.approx(
            co2, rel=1e-6, abs=1e-3), oid


def test_links_csv_and_explain_choice(tmp_path):
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "symbiosis", "run", str(FIX / "tiny-cost.yaml"),
                        "--out", str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    header = (out / "tiny-cost" / "links.csv").read_text().splitlines()[0].split(",")
    assert {"saves_cost_vnd_per_year", "saves_co2_partners_t_per_year",
            "payback_years"} <= set(header)
    p = subprocess.run([sys.executable, "-m", "symbiosis", "explain-choice",
                        str(FIX / "tiny-cost.yaml"), "pg-board"], capture_output=True, text=True)
    assert p.returncode == 0 and "in the plan" in p.stdout and "1.3" in p.stdout
    p = subprocess.run([sys.executable, "-m", "symbiosis", "explain-choice",
                        str(FIX / "tiny-cost.yaml"), "nope"], capture_output=True, text=True)
    assert p.returncode == 2 and "'nope'" in p.stderr and "Traceback" not in p.stderr


def test_the_report_shows_what_each_option_saves(tmp_path):
    out = tmp_path / "out"
    assert subprocess.run([sys.executable, "-m", "symbiosis", "run", str(FIX / "tiny-cost.yaml"),
                           "--out", str(out)], capture_output=True).returncode == 0
    for lang, header in (("en", "Lost without it (bn VND/yr)"),
                         ("vi", "Chi phí tăng thêm nếu bỏ (tỷ đồng/năm)")):
        p = subprocess.run([sys.executable, "-m", "symbiosis", "report", str(out / "tiny-cost"),
                            "--lang", lang, "--format", "md"], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        md = (out / "tiny-cost" / f"report.{lang}.md").read_text()
        assert header in md
        row = next(line for line in md.splitlines() if line.startswith("| ") and "→" in line
                   and line.count("|") > 10)  # the links table's pg-board row
        assert ("1.3" if lang == "en" else "1,3") in row  # pg-board saves 1.3e9 VND/yr


def test_run_leaves_contributions_out_of_a_plan_with_too_many_options(tmp_path, monkeypatch,
                                                                       capsys):
    from symbiosis.analysis import contribution
    from symbiosis.cli import main

    tiny = Path(__file__).resolve().parent / "fixtures" / "tiny-cost.yaml"
    monkeypatch.setattr(contribution, "MAX_OPTIONS", 0)  # the tiny plan counts as a big one
    assert main(["run", str(tiny), "--out", str(tmp_path / "a")]) == 0
    assert "left out" in capsys.readouterr().err
    header = (tmp_path / "a" / "tiny-cost" / "links.csv").read_text().splitlines()[0]
    assert "saves_cost_vnd_per_year" not in header
    assert main(["run", str(tiny), "--out", str(tmp_path / "b"), "--contributions"]) == 0
    header = (tmp_path / "b" / "tiny-cost" / "links.csv").read_text().splitlines()[0]
    assert "saves_cost_vnd_per_year" in header


@pytest.mark.parametrize("name", ["carbon-price", "decree35-minimum"])
def test_direct_re_solves_equal_pyomo_re_solves_for_every_option(name):
    # The direct path fixes columns in its own HiGHS copy (forced options held by bounds);
    # the Pyomo path fixes variables. Every option of the plan, forced ones included.
    r = api.run(ROOT / "scenarios" / f"{name}.yaml")
    if not r.ok:
        pytest.fail(f"{name} has no plan: {r.status}")
    direct, pyomo = contributions(r), contributions(r, direct=False)
    assert direct.keys() == pyomo.keys() and len(direct) >= 20
    forced = set(r.scenario.policy.force) | set(r.scenario.policy.committed)
    assert forced & set(direct), "no forced or committed option among them"
    for oid, row in pyomo.items():
        for key, value in row.items():
            if isinstance(value, float):
                assert direct[oid][key] == pytest.approx(value, rel=1e-9, abs=1e-3), (oid, key)
            else:
                assert direct[oid][key] == value, (oid, key)
