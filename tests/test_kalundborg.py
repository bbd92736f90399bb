"""Kalundborg Symbiosis (examples/kalundborg): a real park from another country, run as a
consultant would run it.

The example is copied to a folder outside the repository and run through the CLI (with
the SCIP cross-check) and through the API. The checks take their numbers from the
example's own YAML and compute by hand what the results must say:
- the Asnæs extraction CHP loses β MWh of power for each GJ of steam and district heat
  it delivers, so its power is η_e·F − β·H (and η_e·F with no steam link);
- the chloride at the inlet of Asnæs's process water, mixed from Statoil's cooling and
  waste water and bought lake water, sits at its limit: the waste water is held back by
  the limit, not by its supply;
- money is in DKK everywhere a person reads it, with no VND and no Decree 35.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.results.check import verify

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "kalundborg"
SCENARIO = "kalundborg-2017"
STEAM_LINKS = ("steam-statoil", "steam-novo-nordisk", "steam-novozymes", "district-heat")
MWH_PER_GJ = 1 / 3.6


def _cli(folder: Path, *argv: str) -> subprocess.CompletedProcess:
    # The package may be installed from another checkout; run this one's code.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "symbiosis", *argv], cwd=folder,
                          capture_output=True, text=True, timeout=600, env=env)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _number(text) -> float:
    """The number in front of a unit, as the example writes it: "8457 TJ" → 8457."""
    return float(str(text).split()[0])


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("kalundborg") / "kalundborg"
    assert ROOT not in folder.resolve().parents
    shutil.copytree(EXAMPLE, folder)
    # The counterfactual of the power-loss check: the same year with no steam delivered.
    (folder / "no-steam.yaml").write_text(
        "id: no-steam\nextends: scenario.yaml\npolicy:\n  forbid: [%s]\n" % ", ".join(STEAM_LINKS),
        encoding="utf-8")
    proc = _cli(folder, "run", "scenario.yaml", "no-steam.yaml", "--out", "out",
                "--cross-check")
    report = _cli(folder, "report", f"out/{SCENARIO}", "--lang", "en", "--format", "both")
    park = yaml.safe_load((folder / "park.yaml").read_text(encoding="utf-8"))
    return {"folder": folder, "proc": proc, "report": report, "park": park,
            "out": folder / "out" / SCENARIO, "no_steam": folder / "out" / "no-steam"}


def _summary(result: Path) -> dict:
    return json.loads((result / "summary.json").read_text(encoding="utf-8"))


def test_cli_run_is_optimal_audited_and_scip_agrees(run):
    proc = run["proc"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    for result in (run["out"], run["no_steam"]):
        s = _summary(result)
        assert s["status"] == "optimal"
        assert s["solver"]["audit"]["passed"] is True, s["solver"]["audit"]
        cross = s["solver"]["cross_check"]
        assert (cross["solver"], cross["status"], cross["agree"]) == ("scip", "optimal", True)
        assert cross["objective"] == pytest.approx(s["objective"]["value"], rel=1e-6)


def test_money_is_dkk_and_nothing_says_vnd_or_decree35(run):
    out = run["out"]
    s = _summary(out)
    assert s["currency"] == "DKK" and s["money"]["unit"] == "M DKK"
    assert s["objective"]["unit"] == "DKK/yr"
    assert s["criteria"] == "none" and s["decree35"] == []
    assert not (out / "decree35.csv").exists()
    assert s["policy"]["grid_factor_year"] is None and s["co2_by_scope"]["scope2"] == 0.0

    def strings(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)
        elif isinstance(x, str):
            yield x
    # Values only: keys ending in _vnd are the documented historic names (model-format.md,
    # "Currency and exchange rates"); they hold DKK here.
    assert not [v for v in strings(s) if "VND" in v or "Decree" in v]
    for table in sorted(out.rglob("*.csv")):
        text = table.read_text(encoding="utf-8")
        assert "VND" not in text and "decree" not in text.lower(), table.name

    stdout = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run["proc"].stdout)
    assert "M DKK/yr" in stdout and "VND" not in stdout and "Decree 35" not in stdout

    assert run["report"].returncode == 0, run["report"].stderr
    for ext in ("html", "md"):
        text = (out / f"report.en.{ext}").read_text(encoding="utf-8")
        text = re.sub(r"base64,[A-Za-z0-9+/=]+", "", text)  # embedded fonts and images
        assert "Capital (M DKK)" in text and "M DKK/yr" in text, ext
        assert "VND" not in text and "Decree 35" not in text and "tỷ đồng" not in text, ext


def _chp(park: dict) -> dict:
    return park["tenants"]["asnaes"]["processes"]["asnaes_chp"]


def _flow(rows, process: str, resource: str) -> float:
    return next(float(x["amount"]) for x in rows
                if x["process"] == process and x["resource"] == resource)


def test_chp_power_loss_for_steam_sold_matches_a_hand_computation(run):
    chp = _chp(run["park"])
    x = chp["extraction"]
    # The file's figures, converted by hand: "42 %" of a GJ of coal is 0.42 GJ of power;
    # "0.15 MWh/MWh" of heat is 0.15 / 3.6 MWh per GJ of steam.
    assert x["power_efficiency"]["value"].endswith("%")
    eta_e = _number(x["power_efficiency"]["value"]) / 100 * MWH_PER_GJ     # MWh/GJ fuel
    assert x["power_loss"]["value"].endswith("MWh/MWh")
    beta = _number(x["power_loss"]["value"]) * MWH_PER_GJ                  # MWh/GJ steam
    eta_h = float(x["heat_efficiency"]["value"])
    fuel = _number(chp["minimum"]["value"]) * 1000                         # TJ → GJ
    assert chp["minimum"]["value"] == chp["capacity"]["value"]

    # Steam delivered: each user's boiler gas divided by the ratio of its link.
    park = run["park"]
    users = {e["to"]: float(e["ratio"]["value"]) for k, e in park["exchanges"].items()
             if k in STEAM_LINKS}
    need = {t: _number(park["tenants"][t]["inputs"]["natural_gas"]["value"]) for t in users}
    heat = sum(need[t] / users[t] for t in users)
    assert heat < eta_h * fuel  # within the plant's extraction range

    links = {x["id"]: x for x in _rows(run["out"] / "links.csv")}
    assert sum(float(links[k]["flow"]) for k in STEAM_LINKS) == pytest.approx(heat, rel=1e-9)
    flows = _rows(run["out"] / "process_flows.csv")
    assert _flow(flows, "asnaes_chp", "coal") == pytest.approx(fuel, rel=1e-9)
    assert _flow(flows, "asnaes_chp", "steam") == pytest.approx(heat, rel=1e-9)
    power = _flow(flows, "asnaes_chp", "power")
    assert power == pytest.approx(eta_e * fuel - beta * heat, rel=1e-9)
    modes = {x["mode"]: float(x["throughput"]) for x in _rows(run["out"] / "process_modes.csv")
             if x["process"] == "asnaes_chp"}
    assert modes["extraction"] == pytest.approx(heat / eta_h, rel=1e-9)
    assert modes["condensing"] + modes["extraction"] == pytest.approx(fuel, rel=1e-9)

    # The same fuel with no steam sold makes η_e·F: the steam cost exactly β·H of power.
    flows0 = _rows(run["no_steam"] / "process_flows.csv")
    power0 = _flow(flows0, "asnaes_chp", "power")
    assert _flow(flows0, "asnaes_chp", "coal") == pytest.approx(fuel, rel=1e-9)
    assert power0 == pytest.approx(eta_e * fuel, rel=1e-9)
    assert power0 - power == pytest.approx(beta * heat, rel=1e-9)
    # β·H is 61.9 GWh here: 6.3% of the power, worth the gas the four users do not burn.
    assert (power0 - power) / power0 == pytest.approx(beta * heat / (eta_e * fuel), rel=1e-9)


def test_chloride_limit_holds_and_binds_at_the_asnaes_water_inlet(run):
    park = run["park"]
    statoil = park["tenants"]["statoil"]
    inlet = park["tenants"]["asnaes_water"]
    limit = _number(inlet["limits"]["surface_water"]["chloride"]["max"]["value"])
    chloride = {"cooling-water-asnaes": _number(statoil["quality"]["cooling_water"]["chloride"]["value"]),
                "wastewater-asnaes": _number(statoil["quality"]["refinery_wastewater"]["chloride"]["value"]),
                "bought": _number(park["resources"]["surface_water"]["quality"]["chloride"]["value"])}
    need = _number(inlet["inputs"]["surface_water"]["value"])
    released = _number(statoil["outputs"]["refinery_wastewater"]["value"])

    links = {x["id"]: x for x in _rows(run["out"] / "links.csv")}
    got = {k: float(links[k]["flow"]) * float(links[k]["ratio"])
           for k in ("cooling-water-asnaes", "wastewater-asnaes")}
    got["bought"] = next(float(x["purchased"]) for x in _rows(run["out"] / "resources.csv")
                         if x["tenant"] == "asnaes_water" and x["resource"] == "surface_water")
    assert sum(got.values()) == pytest.approx(need, rel=1e-9)
    mixed = sum(chloride[k] * got[k] for k in got) / need
    assert mixed <= limit * (1 + 1e-9)
    assert mixed == pytest.approx(limit, rel=1e-7)  # binding, as designed

    # By hand: all the (clean) cooling water, then as much waste water as the limit lets in.
    cooling = got["cooling-water-asnaes"]
    assert cooling == pytest.approx(_number(statoil["outputs"]["cooling_water"]["value"]))
    waste = ((limit - chloride["bought"]) * need
             - (chloride["cooling-water-asnaes"] - chloride["bought"]) * cooling) \
        / (chloride["wastewater-asnaes"] - chloride["bought"])
    assert got["wastewater-asnaes"] == pytest.approx(waste, rel=1e-7)
    assert waste < released  # the limit holds it back, not the supply

    row, = [x for x in _rows(run["out"] / "quality.csv")
            if (x["tenant"], x["resource"], x["property"]) == ("asnaes_water", "surface_water",
                                                              "chloride")]
    assert (row["kind"], row["unit"], row["binding"]) == ("max", "mg/L", "yes")
    assert float(row["limit"]) == limit
    assert float(row["value"]) == pytest.approx(mixed, rel=1e-9)
    assert float(row["received"]) == pytest.approx(need, rel=1e-9)


def test_api_run_passes_the_independent_checker(run):
    r = api.run(run["folder"] / "scenario.yaml")
    assert r.status == "optimal", r.message
    assert verify(r) == []
    assert verify(r.baseline) == []
    s = _summary(run["out"])
    assert r.totals["cost_vnd_per_year"] == pytest.approx(s["cost_vnd_per_year"], rel=1e-9)
    built = {x["id"] for x in r.tables["links"] if x["built"] and not x["existing"]}
    assert built == {x["id"] for x in s["links"] if x["built"] and not x["existing"]}


def test_validate_passes_and_a_broken_copy_is_reported_at_its_line(run, tmp_path):
    ok = _cli(run["folder"], "validate", "scenario.yaml", "park.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken"
    shutil.copytree(EXAMPLE, broken)
    text = (broken / "park.yaml").read_text(encoding="utf-8")
    bad = text.replace('value: "200 mg/L"', 'value: "200 kg"', 1)
    assert bad != text
    (broken / "park.yaml").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index(next(x for x in bad.splitlines() if '"200 kg"' in x)) + 1
    for argv in (("validate", "scenario.yaml"), ("run", "scenario.yaml", "--out", "out")):
        proc = _cli(broken, *argv)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        said = proc.stdout + proc.stderr
        assert "Traceback" not in said
        assert f"park.yaml:{line}: tenants.asnaes_water.limits.surface_water.chloride.max" in said
        assert "'200 kg' does not convert to mg/L" in said
    assert not (broken / "out").exists()


def test_network_draws_links_of_a_process_at_the_plant_that_runs_it(run):
    from symbiosis.present import fig_network
    from symbiosis.present.resultdir import load_result_dir

    r = load_result_dir(run["out"])
    owner = {p["id"]: p["tenant"] for p in r.tables["processes"]}
    from_process = [x for x in r.tables["links"]
                    if x["from"] in owner and x["built"] and x["flow"] > 1e-3]
    assert from_process, "Kalundborg's steam leaves the CHP process"
    legs, _ = fig_network.segments(r.tables["links"], owner)
    pos = fig_network.layout(r.model)["pos"]
    for x in from_process:
        leg = (owner[x["from"]], x["to"], x["resource"])
        assert leg in legs and leg[0] in pos and leg[1] in pos
    steam = sum(x["flow"] for x in from_process if x["resource"] == "steam"
                and x["to"] == "statoil")
    assert legs[("asnaes", "statoil", "steam")]["flow"] == pytest.approx(steam)
    assert all(a != b for a, b, _ in legs)
