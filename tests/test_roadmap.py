"""The multi-period roadmap, checked against the single-year model and by hand.

Hand numbers on the tiny park (tests/fixtures/tiny-park.yaml, discount rate 0, so an
annuity is capex / lifetime): pg-board 1e9 / 10 = 1e8 a year, pg-cement 2e9 / 10 = 2e8,
fert-drives 5e8 / 10 = 5e7. Both periods of the two-period fixtures are five years and
the ten-year lifetimes span both, so an option bought in 2026-30 is paid in 2031-35.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symbiosis import api, cli
from symbiosis.cli_roadmap import add_commands
from symbiosis.errors import InputError
from symbiosis.results.check import verify
from symbiosis.roadmap import solve_roadmap
from symbiosis.roadmap.path import co2_path, path_summary
from symbiosis.roadmap.spec import Period

ROOT = Path(__file__).parents[1]
FIX = Path(__file__).parent / "fixtures"
RM = FIX / "roadmap"


def _roadmap(name: str):
    rm = solve_roadmap(api.load_scenario(RM / f"{name}.yaml"))
    assert rm.status == "optimal", rm.message
    return rm


def _links(pr) -> dict[str, float]:
    return {x["id"]: x["flow"] for x in pr.results.tables["links"]}


def _checks_out(pr) -> None:
    """Balances, capacities and CO2 re-derived from the park data; cost differs on purpose:
    the period's Results carry operating cost only (capital is the roadmap's)."""
    assert [p for p in verify(pr.results) if not p.startswith("cost:")] == []


# ---------------------------------------------------------------- (1) one period = one year

@pytest.mark.parametrize("name", ["tiny-one", "tiny-co2-one", "carbon-one"])
def test_one_period_of_one_year_equals_the_single_year_model(name):
    scenario = api.load_scenario(RM / f"{name}.yaml")
    single = api.solve(scenario)
    rm = solve_roadmap(scenario)
    assert single.status == rm.status == "optimal"
    (pr,) = rm.periods
    t, s = pr.results.totals, single.totals
    assert rm.objective == pytest.approx(
        s["cost_vnd_per_year"] + s["carbon_cost_vnd_per_year"], rel=1e-7)
    assert pr.cost == pytest.approx(s["cost_vnd_per_year"], rel=1e-7)
    built = {(k, x["id"]) for k, table, flag in (("build", "links", "built"),
                                                 ("hub", "facilities", "built"),
                                                 ("adopt", "measures", "adopted"))
             for x in single.tables[table] if x[flag] and not x.get("existing")}
    assert set(pr.used) == set(pr.invested) == built
    for key in ("scope1", "scope2", "scope3_upstream", "disposal", "co2_t_per_year",
                "co2_boundary_t_per_year", "avoided_co2_t_per_year_external"):
        assert t[key] == pytest.approx(s[key], rel=1e-7, abs=1e-6), key
    assert [c["status"] for c in pr.results.decree35] == [c["status"] for c in single.decree35]
    _checks_out(pr)


def test_one_period_tiny_by_hand():
    # tests/test_tiny.py: the cost optimum builds both links and the drives, 1.41667e9.
    rm = _roadmap("tiny-one")
    assert rm.objective == pytest.approx(1.416666667e9, rel=1e-8)
    assert rm.periods[0].capital == pytest.approx(1e8 + 2e8 + 5e7)


# ---------------------------------------------------------------- (2) a tenant leaves

def test_tenant_leaving_has_no_flows_from_then_on():
    rm = _roadmap("tiny-leave")
    p1, p2 = rm.periods
    assert p1.absent == [] and p2.absent == ["board"]
    assert _links(p1)["pg-board"] == pytest.approx(4000)
    assert _links(p2)["pg-board"] == 0.0
    board = [x for x in p2.results.tables["resources"] if x["tenant"] == "board"]
    assert board and all(x["amount"] == 0 and x["purchased"] == 0 and x["via_links"] == 0
                         for x in board)
    row = next(x for x in p2.results.tables["tenants"] if x["tenant"] == "board")
    assert row["cost_vnd"] == 0 and row["co2_t"] == 0
    # The board link was bought in 2026-30 and is stranded, still paid, in 2031-35.
    assert ("build", "pg-board") in p1.invested and ("build", "pg-board") in p2.idle
    assert p2.capital == pytest.approx(1e8 + 2e8 + 5e7)
    # 2031-35 by hand: grid 900 MWh × 1e6 + disposal (10,000 − 5,555.6) t × 1e5
    # − cement revenue 5,555.6 t × 5e4 + annuities 3.5e8.
    assert p2.cost == pytest.approx(9e8 + 4444.4444444 * 1e5 - 5555.5555556 * 5e4 + 3.5e8,
                                    rel=1e-8)
    # It no longer counts as an enterprise (Decree 35 shares).
    assert p1.results.kpis["enterprises"] == 2 and p2.results.kpis["enterprises"] == 1
    _checks_out(p1)
    _checks_out(p2)


# ---------------------------------------------------------------- (3) paid for while idle

def test_link_bought_in_period_one_is_paid_for_in_period_two():
    rm = _roadmap("tiny-idle")
    p1, p2 = rm.periods
    cement = ("build", "pg-cement")
    assert cement in p1.invested and cement in p1.used
    assert _links(p2)["pg-cement"] == 0.0 and cement in p2.idle and cement in p2.paid
    # Annuities by hand: pg-board 1e8 + pg-cement 2e8 + drives 5e7, in both periods.
    assert p1.capital == pytest.approx(3.5e8) and p2.capital == pytest.approx(3.5e8)
    # 2026-30: grid 1,100 MWh × 1e6 + board link 4,000 t × 5e4 + disposal 444.4 t × 1e5
    # + paid to the cement plant 5,555.6 t × 1e4 + annuities.
    assert p1.cost == pytest.approx(1.1e9 + 2e8 + 444.44444444 * 1e5 + 5555.5555556 * 1e4
                                    + 3.5e8, rel=1e-8)
    # 2031-35: disposal is free and the cement link idle: grid + board link + annuities.
    assert p2.results.totals["cost_vnd_per_year"] == pytest.approx(1.1e9 + 2e8, rel=1e-9)
    assert p2.cost == pytest.approx(1.65e9, rel=1e-9)
    assert rm.objective == pytest.approx(5 * 1.75e9 + 5 * 1.65e9, rel=1e-8)
    _checks_out(p1)
    _checks_out(p2)


# ---------------------------------------------------------------- (4) capital budget

def test_capital_budget_per_period_is_respected():
    rm = _roadmap("tiny-budget")
    p1, p2 = rm.periods
    assert p1.budget == pytest.approx(1.5e9) and p2.budget == pytest.approx(2e9)
    assert p1.new_capex <= 1.5e9 * (1 + 1e-9) and p2.new_capex <= 2e9 * (1 + 1e-9)
    assert set(p1.invested) == {("build", "pg-board"), ("adopt", "fert-drives")}
    assert p2.invested == [("build", "pg-cement")]
    # 2026-30 without the cement link is test_tiny's 2.05e9; 2031-35 the full optimum.
    assert rm.objective == pytest.approx(5 * 2.05e9 + 5 * 1.416666667e9, rel=1e-8)


def test_one_budget_for_every_period_keeps_the_dear_link_out(tmp_path):
    (tmp_path / "s.yaml").write_text(
        f"extends: {RM / 'tiny-budget.yaml'}\nroadmap:\n  capex_budget: 1.5e9\n")
    rm = solve_roadmap(api.load_scenario(tmp_path / "s.yaml"))
    assert [pr.budget for pr in rm.periods] == [1.5e9, 1.5e9]
    assert all(pr.new_capex <= 1.5e9 for pr in rm.periods)
    assert all(("build", "pg-cement") not in pr.paid for pr in rm.periods)
    # Unbudgeted, the cement link is bought at once.
    free = _roadmap("tiny-idle")
    assert ("build", "pg-cement") in free.periods[0].invested


# ---------------------------------------------------------------- (5) the Net Zero line

def test_net_zero_line_and_cumulative_path_by_hand():
    periods = [Period("a", 2026, 2), Period("b", 2028, 4)]
    rows = co2_path(periods, [100.0, 40.0], baseline=100.0, net_zero_year=2030)
    assert [r["year"] for r in rows] == [2026, 2027, 2028, 2029, 2030, 2031]
    assert [r["net_zero_line_t"] for r in rows] == pytest.approx([100, 75, 50, 25, 0, 0])
    assert [r["cumulative_co2_t"] for r in rows] == pytest.approx([100, 200, 240, 280, 320, 360])
    assert [r["cumulative_line_t"] for r in rows] == pytest.approx([100, 175, 225, 250, 250, 250])
    assert [r["gap_t"] for r in rows] == pytest.approx([0, 25, -10, 15, 40, 40])
    assert [r["under_line"] for r in rows] == [1, 0, 1, 0, 0, 0]
    assert [r["cumulative_under_line"] for r in rows] == [1, 0, 0, 0, 0, 0]
    s = path_summary(rows)
    assert s["years_over_line"] == [2027, 2029, 2030, 2031] and s["first_year_over_line"] == 2027
    assert not s["under_line_every_year"] and not s["cumulative_under_line_at_end"]


def test_co2_path_of_a_solved_roadmap_by_hand():
    rm = _roadmap("tiny-idle")
    rows = rm.path
    assert len(rows) == 10
    # Baseline of 2026-30 (test_tiny): 500 direct + 600 grid + 80 upstream + 100 disposal.
    assert rows[0]["net_zero_line_t"] == pytest.approx(1280)
    assert rows[-1]["net_zero_line_t"] == pytest.approx(1280 * (2050 - 2035) / (2050 - 2026))
    # 2026-30: 500 + 550 + 4.44 t disposed; 2031-35: 6,000 t disposed × 0.01.
    assert rows[0]["co2_t"] == pytest.approx(1054.444444) and rows[-1]["co2_t"] == pytest.approx(
        1110)
    assert rows[-1]["cumulative_co2_t"] == pytest.approx(5 * 1054.444444 + 5 * 1110)


# ---------------------------------------------------------------- trajectories, infeasible

def test_trajectory_forms_cap_and_activity(tmp_path):
    (tmp_path / "s.yaml").write_text(
        f"extends: {RM / 'tiny-budget.yaml'}\nroadmap:\n  capex_budget: null\n"
        "  trajectories:\n    policy.co2_cap: {2031-35: 1000}\n"
        "    policy.carbon_price: {2031-35: '10 USD/t'}\n"
        "    resources.electricity.price: {scale: [1.0, 2.0]}\n"
        "    tenants.fert.activity: [1.0, 0.5]\n")
    rm = solve_roadmap(api.load_scenario(tmp_path / "s.yaml"))
    p1, p2 = (pr.scenario for pr in rm.periods)
    assert (p1.policy.co2_cap, p2.policy.co2_cap) == (None, 1000)
    assert (p1.policy.carbon_price, p2.policy.carbon_price) == (0.0, 10 * 25000)
    assert p2.park.resources["electricity"].price == 2 * p1.park.resources["electricity"].price
    assert p2.park.tenants["fert"].outputs["gypsum"] == 5000
    assert p2.park.tenants["fert"].direct_co2 == 250
    assert rm.periods[1].results.totals["co2_boundary_t_per_year"] <= 1000 * (1 + 1e-9)


@pytest.mark.parametrize("body, words", [
    ("  trajectories:\n    policy.co2_cap: {2031-35: 100}\n", "2031-35 have no solution"),
    ("  capex_budget: 1e9\npolicy:\n  force: [pg-cement]\n", "capital budgets"),
])
def test_infeasible_roadmap_says_why(tmp_path, body, words):
    (tmp_path / "s.yaml").write_text(f"extends: {RM / 'tiny-budget.yaml'}\nroadmap:\n{body}")
    rm = solve_roadmap(api.load_scenario(tmp_path / "s.yaml"))
    assert rm.status == "infeasible" and words in rm.message and not rm.periods


# ---------------------------------------------------------------- input errors

def _bad(tmp_path, body: str) -> InputError:
    path = tmp_path / "bad.yaml"
    path.write_text(f"extends: {FIX / 'tiny-cost.yaml'}\nroadmap:\n{body}")
    with pytest.raises(InputError) as exc:
        solve_roadmap(api.load_scenario(path))
    assert exc.value.file == str(path)
    return exc.value


PERIODS = ("  periods:\n    - {name: a, start: 2026, years: 5}\n"
           "    - {name: b, start: 2031, years: 5}\n")


@pytest.mark.parametrize("body, key, words", [
    (PERIODS + "  trajectories:\n    resources.nope.price: [1, 2]\n",
     "roadmap.trajectories.resources.nope.price", "nope"),
    (PERIODS + "  trajectories:\n    policy.carbon_price: [1, 2, 3]\n",
     "roadmap.trajectories.policy.carbon_price", "needs 2 values"),
    (PERIODS + "  trajectories:\n    policy.carbon_price: ['5 USD/MWh', 0]\n",
     "roadmap.trajectories.policy.carbon_price.0", "convert"),
    (PERIODS + "  trajectories:\n    policy.discount_rate: [0.1, 0.2]\n",
     "roadmap.trajectories.policy.discount_rate", "one discount rate"),
    (PERIODS + "  tenants: {board: {leave: c}}\n", "roadmap.tenants.board.leave", "no period"),
    (PERIODS + "  tenants: {nobody: {leave: b}}\n", "roadmap.tenants.nobody", "no tenant"),
    ("  periods:\n    - {name: a, start: 2026, years: 5}\n    - {name: b, start: 2032, years: 5}\n",
     "roadmap.periods.1.start", "must start in 2031"),
    (PERIODS + "  capex_budget: ['1 t', 0]\n", "roadmap.capex_budget.0", "convert"),
    (PERIODS + "  horizon: 2050\n", "roadmap.horizon", "unknown key"),
])
def test_bad_roadmap_names_file_and_key(tmp_path, body, key, words):
    err = _bad(tmp_path, body)
    assert err.key == key and words in err.message
    assert err.line is not None


def test_scenario_without_roadmap_is_an_input_error():
    with pytest.raises(InputError, match="no 'roadmap:' section"):
        solve_roadmap(api.load_scenario(FIX / "tiny-cost.yaml"))


# ---------------------------------------------------------------- command line, shipped file

def _main(monkeypatch, argv: list[str]) -> int:
    """cli.main with the roadmap command (registered here if cli.py does not yet)."""
    make = cli.parser

    def parser():
        ap = make()
        sub = next(a for a in ap._actions if a.dest == "command")
        if "roadmap" not in sub.choices:
            add_commands(sub)
        return ap

    monkeypatch.setattr(cli, "parser", parser)
    return cli.main(argv)


def test_cli_bad_roadmap_exits_2(tmp_path, monkeypatch, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(f"extends: {FIX / 'tiny-cost.yaml'}\nroadmap:\n{PERIODS}"
                    "  criteria_by: 2040\n")
    assert _main(monkeypatch, ["roadmap", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "roadmap.criteria_by" in err


def test_shipped_roadmap_2050_via_cli(tmp_path, monkeypatch):
    scenario = ROOT / "scenarios" / "roadmap-2050.yaml"
    assert _main(monkeypatch, ["roadmap", str(scenario), "--out", str(tmp_path)]) == 0
    folder = tmp_path / "roadmap-2050"
    summary = json.loads((folder / "roadmap.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"
    assert list(summary["investments_by_period"]) == ["2026-30", "2031-35", "2036-40", "2041-50"]
    lines = (folder / "roadmap.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and "d35_symbiosis-link" in lines[0]
    path = (folder / "roadmap-co2-path.csv").read_text(encoding="utf-8").splitlines()
    assert len(path) == 1 + 25  # 2026…2050
    assert (folder / "summary.json").is_file()  # the first-period run it sits beside
    # Budgets, criteria from 2031-35, pp5 out until 2031: from the solved roadmap itself.
    rm = solve_roadmap(api.load_scenario(scenario))
    for pr in rm.periods:
        assert pr.new_capex <= pr.budget * (1 + 1e-9)
    for pr in rm.periods[1:]:
        assert pr.criteria_imposed
        status = {c["id"]: c["status"] for c in pr.results.decree35}
        assert status["symbiosis-link"] == status["cleaner-production"] == "pass"
    p1 = rm.periods[0]
    assert p1.absent == ["pp5"] and not p1.criteria_imposed
    assert all(x["flow"] == 0 for x in p1.results.tables["links"]
               if "pp5" in (x["from"], x["to"], x["via"]))
    assert summary["objective"]["present_value_vnd"] == pytest.approx(rm.objective, rel=1e-6)
