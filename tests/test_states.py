"""Today, committed, new (load/states.py), on the tiny park solved by hand (test_tiny.py).

pg-board is made a committed project. By hand, discount rate 0:
- today: grid 1,200 MWh × 1e6 + natural gypsum 4,000 t × 3e5 + disposal 10,000 t × 1e5
  = 3.4e9 VND/yr;
- committed (today + pg-board): every tonne to the board plant saves 3e5 of natural
  gypsum and 1e5 of disposal and costs 5e4 of opex, so it carries the board's 4,000 t:
  3.4e9 + 1e8 capital − 4,000 × 3.5e5 = 2.1e9;
- the cost optimum (test_tiny.py) 1.416667e9, so the saving −1.983333e9 splits into
  −1.3e9 (committed) and −0.683333e9 (the proposal's own).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.analysis.values import current, with_values
from symbiosis.results.check import verify

FIX = Path(__file__).parent / "fixtures"
OPTIMUM = 1.1e9 + 444.444444 * 1e5 + 2e8 + 1e8 + 2e8 + 5e7 - 5555.555556 * 5e4


def _park(tmp: Path, edit) -> Path:
    park = yaml.safe_load((FIX / "tiny-park.yaml").read_text())
    edit(park)
    (tmp / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False))
    (tmp / "s.yaml").write_text("model: park.yaml\npolicy:\n  objective: cost\n"
                                "  discount_rate: 0.0\n")
    return tmp / "s.yaml"


def _committed_board(park):
    park["exchanges"]["pg-board"]["state"] = "committed"
    park["exchanges"]["pg-board"]["in_service"] = {"value": 2026, "source": "hand"}


def test_saving_splits_into_committed_and_proposal(tmp_path):
    r = api.run(_park(tmp_path, _committed_board))
    assert r.status == "optimal"
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(3.4e9, rel=1e-9)
    assert r.committed.totals["cost_vnd_per_year"] == pytest.approx(2.1e9, rel=1e-9)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(OPTIMUM, rel=1e-6)
    cost = r.summary()["savings"]["cost_vnd_per_year"]
    assert cost["total"] == pytest.approx(OPTIMUM - 3.4e9, rel=1e-6)
    assert cost["committed"] == pytest.approx(-1.3e9, rel=1e-9)
    assert cost["proposal"] == pytest.approx(OPTIMUM - 2.1e9, rel=1e-6)
    assert cost["committed"] + cost["proposal"] == pytest.approx(cost["total"], rel=1e-12)
    # Today's baseline does not build the committed link; the scenario must.
    base = {x["id"]: x for x in r.baseline.tables["links"]}
    assert base["pg-board"]["built"] == 0 and base["pg-board"]["state"] == "committed"
    assert {x["id"]: x["built"] for x in r.tables["links"]}["pg-board"] == 1
    assert verify(r) == [] and verify(r.committed) == []


def test_committed_is_built_even_where_the_optimum_would_not(tmp_path):
    # The cement link loses money at this price; committed, it is built all the same.
    def edit(park):
        park["exchanges"]["pg-cement"]["state"] = "committed"
        park["exchanges"]["pg-cement"]["price"]["value"] = -300000
    r = api.run(_park(tmp_path, edit))
    links = {x["id"]: x for x in r.tables["links"]}
    assert links["pg-cement"]["built"] == 1
    assert r.summary()["savings"]["cost_vnd_per_year"]["committed"] > 0  # it costs money


def test_forbid_or_committed_false_leaves_it_out(tmp_path):
    s = _park(tmp_path, _committed_board)
    for extra in ("  forbid: [pg-board]\n", "  committed: false\n"):
        (tmp_path / "t.yaml").write_text(s.read_text() + extra)
        r = api.run(tmp_path / "t.yaml")
        assert r.committed is None
        assert r.summary()["savings"]["cost_vnd_per_year"]["committed"] == 0.0
        built = {x["id"]: x["built"] for x in r.tables["links"]}
        assert built["pg-board"] == (0 if "forbid" in extra else 1)  # free again when not off


def test_committed_folder_and_state_column_are_written(tmp_path):
    s = _park(tmp_path, _committed_board)
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "symbiosis", "run", str(s), "--out", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    d = next(out.iterdir())
    assert (d / "committed" / "links.csv").is_file()
    summary = json.loads((d / "summary.json").read_text())
    assert summary["committed"]["options"] == ["pg-board"]
    assert "state" in (d / "links.csv").read_text().splitlines()[0].split(",")


def test_load_factor_scales_the_plant_by_hand(tmp_path):
    # fert at half load: 5,000 t gypsum, 500 MWh, 250 t CO2 direct. Today:
    # (500 + 200) MWh × 1e6 + 4,000 t × 3e5 + 5,000 t × 1e5 = 2.4e9 VND/yr and
    # 250 + 0.5 × 700 + 0.02 × 4,000 + 0.01 × 5,000 = 730 t CO2e.
    def edit(park):
        park["tenants"]["fert"]["load_factor"] = {"value": 0.5, "source": "hand"}
    r = api.run(_park(tmp_path, edit))
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(2.4e9, rel=1e-9)
    assert r.baseline.totals["co2_t_per_year"] == pytest.approx(730, rel=1e-9)
    assert verify(r) == []
    # A dotted path names the figure as written (design); the load factor scales it.
    sc = r.scenario
    assert current(sc, "tenants.fert.outputs.gypsum") == pytest.approx(10000)
    assert sc.park.tenants["fert"].outputs["gypsum"] == pytest.approx(5000)
    full = with_values(sc, {"tenants.fert.load_factor": 1.0})
    assert full.park.tenants["fert"].outputs["gypsum"] == pytest.approx(10000)
    assert api.run(full).baseline.totals["cost_vnd_per_year"] == pytest.approx(3.4e9, rel=1e-9)
    assert sc.park.tenants["fert"].outputs["gypsum"] == pytest.approx(5000)  # untouched
    more = with_values(sc, {"tenants.fert.outputs.gypsum": 12000})
    assert more.park.tenants["fert"].outputs["gypsum"] == pytest.approx(6000)


def test_a_stopped_plant_releases_nothing(tmp_path):
    def edit(park):
        park["tenants"]["fert"]["load_factor"] = {"value": 0, "source": "hand"}
    r = api.run(_park(tmp_path, edit))
    assert r.status == "optimal"
    assert all(x["flow"] == 0 for x in r.tables["links"])
    # Only the board plant's needs remain: 200 MWh + 4,000 t natural gypsum.
    assert r.totals["cost_vnd_per_year"] == pytest.approx(2e8 + 1.2e9, rel=1e-9)


@pytest.mark.parametrize("edit, key", [
    (lambda p: p["exchanges"]["pg-board"].update(existing=True, state="new"),
     "exchanges.pg-board.state"),
    (lambda p: p["exchanges"]["pg-board"].update(
        in_service={"value": 2026, "source": "hand"}), "exchanges.pg-board.in_service"),
    (lambda p: p["exchanges"]["pg-board"].update(
        state="committed", in_service={"value": 20.5, "source": "hand"}),
     "exchanges.pg-board.in_service.value"),
    (lambda p: p["exchanges"]["pg-board"].update(state="soon"), "exchanges.pg-board.state"),
    (lambda p: p["tenants"]["fert"].update(load_factor={"value": 70, "source": "hand"}),
     "tenants.fert.load_factor.value"),
    (lambda p: p["tenants"]["fert"].update(load_factor={"value": -0.1, "source": "hand"}),
     "tenants.fert.load_factor.value"),
    (lambda p: p["measures"]["fert-drives"].update(state="today"),
     "measures.fert-drives.state"),
])
def test_bad_state_input_names_the_key(tmp_path, edit, key):
    s = _park(tmp_path, edit)
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "symbiosis", "run", str(s), "--out", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "Traceback" not in p.stderr
    assert re.search(rf"park\.yaml:\d+: {re.escape(key)}:", p.stderr), p.stderr
    assert not out.exists()


def test_carbon_price_on_scope1_only_by_hand(tmp_path):
    # The optimum of test_tiny.py emits 500 t direct (scope 1) + 550 t grid + 4.44 t
    # disposal; at 1e5 VND/t on scope 1 only the carbon cost is 5e7, on every scope 1.0544e8.
    costs = {}
    for scope in ("scope1", "all"):
        s = _park(tmp_path, lambda p: None)
        (tmp_path / f"{scope}.yaml").write_text(
            s.read_text() + "  carbon_price: {value: 100000, source: estimate}\n"
            f"  carbon_price_scope: {scope}\n")
        r = api.run(tmp_path / f"{scope}.yaml")
        assert r.status == "optimal" and verify(r) == []
        costs[scope] = r.totals["carbon_cost_vnd_per_year"]
        assert r.summary()["objective"]["value"] == pytest.approx(
            r.totals["cost_vnd_per_year"] + costs[scope], rel=1e-9)
    assert costs["scope1"] == pytest.approx(500 * 1e5, rel=1e-9)
    assert costs["all"] == pytest.approx((500 + 550 + 4.444444) * 1e5, rel=1e-6)


def test_roadmap_builds_a_committed_link_from_its_year_on(tmp_path):
    # pg-cement loses money at -3e5 VND/t paid to the cement plant: never chosen freely.
    # Committed for 2031, the roadmap leaves it out of 2026-30 and builds it in 2031-35.
    def edit(park):
        park["exchanges"]["pg-cement"].update(
            state="committed", in_service={"value": 2031, "source": "hand"})
        park["exchanges"]["pg-cement"]["price"]["value"] = -300000
    s = _park(tmp_path, edit)
    (tmp_path / "rm.yaml").write_text(
        s.read_text() + "roadmap:\n  periods:\n    - {name: 2026-30, start: 2026, years: 5}\n"
        "    - {name: 2031-35, start: 2031, years: 5}\n")
    from symbiosis.roadmap import solve_roadmap
    rm = solve_roadmap(api.load_scenario(tmp_path / "rm.yaml"))
    assert rm.status == "optimal", rm.message
    flows = [{x["id"]: x["flow"] for x in p.results.tables["links"]}["pg-cement"]
             for p in rm.periods]
    assert flows[0] == 0.0 and flows[1] > 0.0


def test_a_fall_of_co2_avoided_at_partners_is_said(tmp_path):
    # pg-cement (5,000 t natural gypsum avoided at the cement plant, 100 t CO2e) is today's;
    # the scenario forbids it, so avoided CO2 falls from 100 t to 0 and a warning says so.
    def edit(park):
        park["exchanges"]["pg-cement"]["state"] = "today"
    s = _park(tmp_path, edit)
    (tmp_path / "t.yaml").write_text(s.read_text() + "  forbid: [pg-cement]\n")
    r = api.run(tmp_path / "t.yaml")
    (w,) = r.summary()["warnings"]
    assert "falls from 100 t/yr (today) to 0 t/yr" in w and "pg-cement" in w
    assert api.run(s).summary()["warnings"] == []
