"""Counterfactuals: switching existing links off, and reporting against the park without them.

Hand calculation on the tiny park (tests/fixtures/tiny-park.yaml, discount rate 0) with
the gypsum link to the board plant made an existing one, with a fixed opex of 2e7/yr:
- today (existing link on, nothing new): grid 1,200 MWh × 1e6 + 6,000 t disposed × 1e5
  + 4,000 t × 5e4 link opex + 2e7 fixed = 2.02e9 VND/yr; CO2 500 direct + 0.5 × 1,200
  + 0.01 × 6,000 = 1,160 t.
- no symbiosis (the link off): grid 1.2e9 + natural gypsum 4,000 t × 3e5 + 10,000 t
  disposed × 1e5 = 3.4e9 VND/yr (the fixed opex goes too); CO2 500 + 600 + 0.02 × 4,000
  upstream + 0.01 × 10,000 = 1,280 t.
- cost optimum with the link existing: drives (5e7/yr, −100 MWh), the cement link
  (2e8/yr capital, 5,555.6 t at 5e4 revenue), 444.4 t disposed: 1.1e9 + 4.444e7 + 2e8
  + 2e8 + 5e7 + 2e7 − 2.778e8 = 1.336667e9; CO2 500 + 550 + 4.444 = 1,054.444 t.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.cli import main
from symbiosis.results.check import verify

HERE = Path(__file__).parent
ROOT = HERE.parent
TINY_PARK = HERE / "fixtures" / "tiny-park.yaml"
CRITERIA = ROOT / "models" / "criteria" / "decree35-2022.yaml"

TODAY_COST, TODAY_CO2 = 2.02e9, 1160.0
NONE_COST, NONE_CO2 = 3.4e9, 1280.0
OPT_COST, OPT_CO2 = 1.1e9 + 444.444444 * 1e5 + 2e8 + 2e8 + 5e7 + 2e7 - 5555.555556 * 5e4, \
    500 + 550 + 4.444444


def tiny(tmp_path: Path, policy: dict) -> Path:
    park = yaml.safe_load(TINY_PARK.read_text(encoding="utf-8"))
    park["exchanges"]["pg-board"].update(
        existing=True, opex_fixed={"value": 2e7, "source": "hand"})
    for k in ("capex", "lifetime"):
        park["exchanges"]["pg-board"].pop(k)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False), encoding="utf-8")
    scen = {"model": "park.yaml",
            "policy": {"objective": "cost", "discount_rate": 0.0, "criteria": str(CRITERIA),
                       **policy}}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scen, sort_keys=False), encoding="utf-8")
    return path


def link(r, eid: str) -> dict:
    return next(x for x in r.tables["links"] if x["id"] == eid)


@pytest.mark.parametrize("forbid", [["pg-board"], ["existing"]])
def test_no_symbiosis_by_hand(tmp_path, forbid):
    r = api.run(tiny(tmp_path, {"build": "none", "forbid": forbid}))
    assert r.status == "optimal"
    assert r.totals["cost_vnd_per_year"] == pytest.approx(NONE_COST, rel=1e-9)
    assert r.totals["co2_t_per_year"] == pytest.approx(NONE_CO2, rel=1e-9)
    # Reported against today, whose link carries 4,000 t and costs its fixed opex.
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(TODAY_COST, rel=1e-9)
    assert r.baseline.totals["co2_t_per_year"] == pytest.approx(TODAY_CO2, rel=1e-9)
    assert r.delta("cost_vnd_per_year") == pytest.approx(NONE_COST - TODAY_COST, rel=1e-9)
    assert r.delta("co2_t_per_year") == pytest.approx(NONE_CO2 - TODAY_CO2, rel=1e-9)
    row = link(r, "pg-board")
    assert (row["flow"], row["built"], row["existing"], row["available"]) == (0.0, 0, 1, 0)
    assert row["baseline_flow"] == pytest.approx(4000) and row["delta_flow"] == pytest.approx(-4000)
    assert "switched off" in row["why_unavailable"]
    assert r.kpis["symbiosis_links"][0] == 0 and r.baseline.kpis["symbiosis_links"][0] == 1
    assert verify(r) == [] and verify(r.baseline) == []
    s = r.summary()
    assert s["policy"]["baseline"] == "today" and s["baseline"]["kind"] == "today"
    assert s["policy"]["forbid"] == ["pg-board"]


def test_baseline_none_existing_by_hand(tmp_path):
    r = api.run(tiny(tmp_path, {"baseline": "none-existing"}))
    assert r.status == "optimal"
    assert r.totals["cost_vnd_per_year"] == pytest.approx(OPT_COST, rel=1e-6)
    assert r.totals["co2_t_per_year"] == pytest.approx(OPT_CO2, rel=1e-6)
    assert link(r, "pg-board")["flow"] == pytest.approx(4000)  # on in the scenario itself
    # The baseline is the park without its existing link, not today.
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(NONE_COST, rel=1e-9)
    assert r.baseline.totals["co2_t_per_year"] == pytest.approx(NONE_CO2, rel=1e-9)
    assert link(r.baseline, "pg-board")["flow"] == 0.0
    assert link(r, "pg-board")["baseline_flow"] == 0.0
    assert r.delta("cost_vnd_per_year") == pytest.approx(OPT_COST - NONE_COST, rel=1e-6)
    assert r.delta("co2_t_per_year") == pytest.approx(OPT_CO2 - NONE_CO2, rel=1e-6)
    s = r.summary()
    assert s["policy"]["baseline"] == "none-existing"
    assert s["baseline"]["kind"] == "none-existing" and "counterfactual" in s["baseline"]["means"]
    assert s["delta"]["cost_vnd_per_year"] == pytest.approx(OPT_COST - NONE_COST, rel=1e-6)
    assert verify(r) == [] and verify(r.baseline) == []


def test_the_counterfactual_itself_is_its_own_baseline(tmp_path):
    r = api.run(tiny(tmp_path, {"baseline": "none-existing", "build": "none",
                                "forbid": ["existing"]}))
    assert r.totals["cost_vnd_per_year"] == pytest.approx(NONE_COST, rel=1e-9)
    assert r.delta("cost_vnd_per_year") == pytest.approx(0.0, abs=1e-3)


# ------------------------------------------------------------------ the real park

APATITE_PRICE = ("  - path: resources.apatite_concentrate.price\n    add: true\n"
                 "    set: {value: '2400000 VND/t', source: estimate}\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_tang_loong_without_its_existing_links(tmp_path, capsys):
    code = main(["run", str(ROOT / "scenarios" / "no-symbiosis.yaml"), str(ROOT / "scenarios"
                 / "baseline.yaml"), "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    out = tmp_path / "out"
    with open(out / "no-symbiosis" / "links.csv", encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    existing = {k for k, r in rows.items() if r["existing"] == "1"}
    assert existing == {"apatite-dap2", "apatite-dgc", "acidheat-power", "power-dap2"}
    for eid in existing:
        assert float(rows[eid]["flow"]) == 0.0 and rows[eid]["built"] == "0"
        assert float(rows[eid]["baseline_flow"]) > 0
    assert not any(float(r["flow"]) > 0 for r in rows.values())
    s = json.loads((out / "no-symbiosis" / "summary.json").read_text(encoding="utf-8"))
    b = json.loads((out / "baseline" / "summary.json").read_text(encoding="utf-8"))
    assert s["co2_t_per_year"] > b["co2_t_per_year"] + 100_000  # the heat link spares coal
    assert s["baseline"]["co2_t_per_year"] == pytest.approx(b["co2_t_per_year"], rel=1e-9)
    assert s["delta"]["co2_t_per_year"] == pytest.approx(
        s["co2_t_per_year"] - b["co2_t_per_year"], rel=1e-9)
    assert s["baseline"]["kind"] == "today"
    assert "no-symbiosis" in capsys.readouterr().out


def test_tang_loong_deltas_against_the_counterfactual_equal_two_runs(tmp_path):
    carbon = ROOT / "scenarios" / "carbon-price.yaml"
    head = f"extends: {carbon}\noverrides:\n{APATITE_PRICE}"
    cf = api.run(_write(tmp_path, "cf", head + "policy:\n  baseline: none-existing\n"))
    plain = api.run(_write(tmp_path, "plain", head))
    # The counterfactual has neither today's links nor the committed projects.
    alone = api.run(_write(tmp_path, "alone", head + "policy:\n  build: none\n"
                                                      "  forbid: [existing]\n"
                                                      "  committed: false\n"))
    assert cf.ok and plain.ok and alone.ok
    for key in ("cost_vnd_per_year", "co2_t_per_year", "carbon_cost_vnd_per_year", "scope1"):
        assert cf.totals[key] == pytest.approx(plain.totals[key], rel=1e-9)
        assert cf.delta(key) == pytest.approx(plain.totals[key] - alone.totals[key], rel=1e-6)
    assert cf.delta("co2_t_per_year") < plain.delta("co2_t_per_year") < 0
    assert verify(alone) == [] and verify(cf.baseline) == []


def test_switching_an_existing_facility_off(tmp_path):
    """An existing grinder (fixed opex 3e7/yr) on the cement route: forbidden, it costs
    nothing and the cement link through it is out, so the optimum is drives + board link:
    1.1e9 grid + 6,000 t × 1e5 disposed + 4,000 t × 5e4 + 1e8 + 5e7 capital = 2.05e9."""
    park = yaml.safe_load(TINY_PARK.read_text(encoding="utf-8"))
    park["tenants"]["grinder"] = {
        "name": "Gypsum grinder", "sector": "building_materials",
        "processing": {"unit": "t", "capacity": {"value": 8000, "source": "hand"},
                       "opex_fixed": {"value": 3e7, "source": "hand"}}}
    park["exchanges"]["pg-cement"]["via"] = "grinder"
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False), encoding="utf-8")
    scen = tmp_path / "s.yaml"
    scen.write_text(yaml.safe_dump({"model": "park.yaml", "policy": {
        "objective": "cost", "discount_rate": 0.0, "criteria": str(CRITERIA),
        "forbid": ["grinder"]}}), encoding="utf-8")
    r = api.run(scen)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(2.05e9, rel=1e-9)
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(3.4e9 + 3e7, rel=1e-9)
    row = link(r, "pg-cement")
    assert row["flow"] == 0.0 and row["available"] == 0 and "grinder" in row["why_unavailable"]
    fac = next(x for x in r.tables["facilities"] if x["id"] == "grinder")
    assert fac["existing"] == 1 and fac["built"] == 0
    assert verify(r) == [] and verify(r.baseline) == []


@pytest.mark.parametrize("lang, against, row", [
    ("vi", "so với khi không có cộng sinh", "| Kịch bản so sánh | không có cộng sinh"),
    ("en", "against the park without symbiosis", "| Baseline of the comparison | no symbiosis"),
])
def test_report_says_which_baseline(tmp_path, capsys, lang, against, row):
    scen = tiny(tmp_path, {"baseline": "none-existing"})
    out = tmp_path / "out"
    assert main(["run", str(scen), "--out", str(out)]) == 0
    assert "no-symbiosis counterfactual" in capsys.readouterr().out
    assert main(["report", str(out / "scenario"), "--lang", lang, "--format", "md",
                 "--out", str(tmp_path / "r")]) == 0
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert against in md and row in md
    assert ("hiện trạng (" if lang == "vi" else "against the baseline (") not in md
    s = json.loads((out / "scenario" / "summary.json").read_text(encoding="utf-8"))
    assert s["baseline"]["kind"] == "none-existing"


def test_an_infeasible_counterfactual_is_said_not_hidden(tmp_path, capsys):
    """Without a purchase price DAP No.2 cannot get apatite once its link is off."""
    scen = _write(tmp_path, "cf", f"extends: {ROOT / 'scenarios' / 'carbon-price.yaml'}\n"
                                  "policy:\n  baseline: none-existing\n")
    assert main(["run", str(scen), "--out", str(tmp_path / "out")]) == 0
    assert "its baseline is infeasible: no Δ to report" in capsys.readouterr().out
    s = json.loads((tmp_path / "out" / "cf" / "summary.json").read_text(encoding="utf-8"))
    assert s["status"] == "optimal" and s["baseline"]["status"] == "infeasible"
    assert s["delta"] is None


def test_compare_says_which_runs_are_against_the_counterfactual(tmp_path):
    from symbiosis.analysis.compare import compare, load_result

    folders = []
    for name, pol in (("cf", {"baseline": "none-existing"}), ("today", {})):
        (tmp_path / name).mkdir()
        r = api.run(tiny(tmp_path / name, pol))
        r = dataclasses.replace(r, scenario=dataclasses.replace(r.scenario, id=name))
        folders.append(api.write_results(r, tmp_path / "out"))
    c = compare([load_result(f) for f in folders])
    row = next(x for x in c.rows if x["metric"] == "own baseline")
    assert [row[lb] for lb in c.labels] == ["none-existing", "today"]
    delta = next(x for x in c.rows if x["metric"] == "Δ cost vs own baseline")
    assert delta[c.labels[0]] == pytest.approx(OPT_COST - NONE_COST, rel=1e-6)
