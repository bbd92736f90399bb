"""Every built-in scenario solves, passes the independent checker and writes full results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symbiosis import api
from symbiosis.results.check import verify

ROOT = Path(__file__).parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
SUMMARY_KEYS = {
    "scenario", "park", "status", "objective", "cost_vnd_per_year", "co2_t_per_year",
    "co2_by_scope", "avoided_co2_t_per_year_external", "baseline", "links", "measures",
    "kpis", "decree35", "provenance"}


def test_the_five_decree35_scenarios_exist():
    names = {p.stem for p in SCENARIOS}
    assert {"baseline", "decree35-minimum", "carbon-price", "min-co2", "eco-park-2030"} <= names


@pytest.fixture(scope="module")
def solved():
    return {p.stem: api.run(p) for p in SCENARIOS}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_solves_and_checks_out(solved, path):
    r = solved[path.stem]
    assert r.status == "optimal", r.message
    assert verify(r) == []
    assert r.baseline is not None and r.baseline.ok
    assert verify(r.baseline) == []


def test_baseline_builds_nothing_new(solved):
    r = solved["baseline"]
    assert not any(x["built"] and not x["existing"] for x in r.tables["links"])
    assert not any(x["adopted"] for x in r.tables["measures"])
    assert r.totals["cost_vnd_per_year"] == pytest.approx(r.baseline.totals["cost_vnd_per_year"])


def test_scenarios_rank_as_their_objectives_say(solved):
    base = solved["baseline"].totals
    # min-co2 reaches the lowest CO2 of all; no cost-minimising scenario beats it.
    low = solved["min-co2"].totals["co2_boundary_t_per_year"]
    for name, r in solved.items():
        if r.scenario.policy.co2_boundary == solved["min-co2"].scenario.policy.co2_boundary:
            assert low <= r.totals["co2_boundary_t_per_year"] * (1 + 1e-9), name
    assert low < base["co2_t_per_year"]
    # The decree scenario meets the criteria it imposes.
    status = {c["id"]: c["status"] for c in solved["decree35-minimum"].decree35}
    assert status["symbiosis-link"] == "pass" and status["cleaner-production"] == "pass"


def test_results_folder_has_every_file_and_key(solved, tmp_path):
    r = solved["eco-park-2030"]
    folder = api.write_results(r, tmp_path)
    for name in ("summary.json", "links.csv", "tenants.csv", "resources.csv",
                 "inputs/composed.yaml", "inputs/changelog.csv", "inputs/versions.json",
                 "inputs/input_sha256.txt", "inputs/figures.csv"):
        assert (folder / name).is_file(), name
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert SUMMARY_KEYS <= set(summary)
    assert set(summary["co2_by_scope"]) == {"scope1", "scope2", "scope3_upstream", "disposal"}
    assert {"participation_share", "cleaner_production_share", "symbiosis_links",
            "waste_reused_t_per_year"} <= set(summary["kpis"])
    assert {c["status"] for c in summary["decree35"]} <= {"pass", "fail", "needs-evidence"}
    assert summary["provenance"]["input_sha256"] == r.scenario.input_sha256
    assert len(summary["provenance"]["input_sha256"]) == 64
    # The change log records the 2030 overrides with the file that made them.
    assert any("eco-park-2030" in c["file"] for c in r.scenario.changelog)
