"""A park outside Vietnam: its own currency, no grid electricity, its own criteria choice.

The fixture (tests/fixtures/eur-park) is a park in EUR whose prices are quoted in USD
and M EUR, with no electricity resource and ``criteria: none``. It is copied to a
folder outside the repository and run through the CLI, as a consultant abroad would.
The optimum is found by enumerating the four plans by hand from the fixture's own
numbers, so a wrong exchange rate, a lost unit or a wrong plan fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from symbiosis.cli import main
from symbiosis.optimize.data import crf

ROOT = Path(__file__).parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "eur-park"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _number(text: str | float) -> float:
    """The number in front of a fixture's unit: "10 USD/GJ" → 10, "50 M EUR" → 50e6."""
    parts = str(text).split()
    return float(parts[0]) * (1e6 if len(parts) > 2 and parts[1] == "M" else 1.0)


def _copy(tmp_path: Path) -> Path:
    """The fixture in a fresh folder outside the repository."""
    assert ROOT not in tmp_path.resolve().parents
    dest = tmp_path / "abroad"
    shutil.copytree(FIXTURE, dest)
    return dest


def _plans(park: dict, scenario: dict, rate_usd: float, rate_own: float) -> dict:
    """Objective of each plan (link? measure?) in the park currency, by hand.

    ``rate_usd``: park currency per USD; ``rate_own``: park currency per EUR (the unit
    the fixture writes its EUR figures in; 1 for the EUR park itself).
    """
    res, ex = park["resources"], park["exchanges"]["heat-greenhouse"]
    m = park["measures"]["greenhouse-screens"]
    need = _number(park["tenants"]["greenhouse"]["inputs"]["gas"]["value"])
    gas = _number(res["gas"]["price"]["value"]) * rate_usd
    co2 = res["gas"]["use_co2"]["value"]
    cp = _number(scenario["policy"]["carbon_price"]["value"]) * rate_usd
    r = scenario["policy"]["discount_rate"]
    link = crf(r, ex["lifetime"]["value"]) * _number(ex["capex"]["value"]) * rate_own
    opex = _number(ex["opex_var"]["value"]) * rate_own
    screens = crf(r, m["lifetime"]["value"]) * _number(m["capex"]["value"]) * rate_usd
    cut = 1 + m["inputs"]["gas"]["scale"]
    return {(False, False): need * (gas + cp * co2),
            (True, False): link + need * opex,
            (False, True): screens + cut * need * (gas + cp * co2),
            (True, True): link + screens + cut * need * opex}


def _env() -> dict[str, str]:
    # The package is installed from another checkout; run this one's code.
    return dict(os.environ, PYTHONPATH=str(ROOT))


def _cli(capsys, *argv) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, ANSI.sub("", cap.out + cap.err)


# ------------------------------------------------------------------ the EUR park

@pytest.fixture(scope="module")
def eur_run(tmp_path_factory) -> dict:
    folder = _copy(tmp_path_factory.mktemp("eur"))
    def cli(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "symbiosis", *argv], cwd=folder,
                              capture_output=True, text=True, timeout=300, env=_env())

    (folder / "no-link.yaml").write_text(  # a second run to compare with
        "id: no-link\nextends: scenario.yaml\npolicy: {forbid: [heat-greenhouse]}\n",
        encoding="utf-8")
    proc = cli("run", "scenario.yaml", "no-link.yaml", "--out", "out")
    macc = cli("macc", "scenario.yaml", "--out", "out")  # money per tonne: its own labels
    later = [macc, cli("plot", "out/harbour-heat", "--lang", "en")] + [
        cli("report", "out/harbour-heat", "--lang", lang) for lang in ("en", "vi")] + [
        cli("compare", "out/harbour-heat", "out/no-link", "--out", "out/compare")]
    return {"folder": folder, "proc": proc, "macc": macc, "later": later,
            "result": folder / "out" / "harbour-heat"}


def test_eur_park_solves_to_the_hand_optimum(eur_run):
    proc = eur_run["proc"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    folder = eur_run["folder"]
    park = yaml.safe_load((folder / "park.yaml").read_text(encoding="utf-8"))
    scen = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    plans = _plans(park, scen, park["park"]["exchange_rates"]["USD"]["value"], 1.0)
    best = min(plans, key=plans.get)
    s = json.loads((eur_run["result"] / "summary.json").read_text(encoding="utf-8"))
    assert s["objective"]["value"] == pytest.approx(plans[best], rel=1e-7)
    assert s["objective"]["unit"] == "EUR/yr"
    built = {x["id"]: x["built"] for x in s["links"]}
    adopted = {x["id"]: x["adopted"] for x in s["measures"]}
    assert (built["heat-greenhouse"], adopted["greenhouse-screens"]) == best
    # the baseline is the plan with nothing built
    b = s["baseline"]
    assert b["cost_vnd_per_year"] + b["co2_t_per_year"] * s["policy"]["carbon_price_vnd_per_t"] \
        == pytest.approx(plans[(False, False)], rel=1e-7)


def test_eur_park_results_say_eur_and_no_criteria(eur_run):
    s = json.loads((eur_run["result"] / "summary.json").read_text(encoding="utf-8"))
    assert s["currency"] == "EUR"
    assert s["money"]["unit"] == "M EUR" and s["money"]["divisor"] == 1e6
    assert s["criteria"] == "none" and s["decree35"] == []
    assert s["policy"]["grid_factor_year"] is None
    assert s["co2_by_scope"]["scope2"] == 0.0
    assert not (eur_run["result"] / "decree35.csv").exists()
    out = ANSI.sub("", eur_run["proc"].stdout)
    assert "M EUR/yr" in out
    assert "VND" not in out and "Decree 35" not in out


def test_eur_park_report_and_figures_say_eur(eur_run):
    for proc in eur_run["later"]:
        assert proc.returncode == 0, proc.stderr
    assert "EUR/t" in eur_run["macc"].stdout and "VND" not in eur_run["macc"].stdout
    d = eur_run["result"]
    for lang, money, decree in (("en", "M EUR", "Decree 35"), ("vi", "triệu EUR", "Nghị định 35")):
        for ext in ("md", "html"):
            text = (d / f"report.{lang}.{ext}").read_text(encoding="utf-8")
            text = re.sub(r"base64,[A-Za-z0-9+/=]+", "", text)  # embedded fonts and images
            assert money in text, f"report.{lang}.{ext} has no {money}"
            assert "VND" not in text and "tỷ đồng" not in text, f"report.{lang}.{ext}"
            assert decree not in text, f"report.{lang}.{ext} still has a {decree} section"
    # matplotlib writes each text of an SVG as a comment beside its glyphs
    svgs = {p.stem: p.read_text(encoding="utf-8") for p in (d / "figures" / "en").glob("*.svg")}
    assert "<!-- Abatement cost (EUR/t CO₂e) -->" in svgs["macc"]
    for name, svg in svgs.items():
        assert "VND" not in svg, name


def test_eur_park_comparison_in_eur(eur_run):
    md = (eur_run["folder"] / "out" / "compare" / "compare.md").read_text(encoding="utf-8")
    assert "| cost | M EUR/yr |" in md and "Costs in M EUR" in md
    assert "VND" not in md and "Decree 35" not in md
    assert "VND" not in eur_run["later"][-1].stdout


def test_eur_park_excel_units_are_eur(eur_run, capsys):
    from openpyxl import load_workbook

    book = eur_run["folder"] / "out" / "all.xlsx"
    code, text = _cli(capsys, "export-xlsx", eur_run["result"], "--out", book)
    assert code == 0, text
    units = {row[0]: row[1] for row in load_workbook(book)["summary"].iter_rows(values_only=True)}
    assert units["cost_vnd_per_year"] == "EUR/yr"
    assert units["capex_vnd"] == "EUR"
    assert not any(str(k).startswith("decree35") for k in units)


# ------------------------------------------------------------------ DKK, criteria by name

def _dkk(tmp_path: Path, criteria) -> tuple[Path, dict, dict]:
    folder = _copy(tmp_path)
    park = yaml.safe_load((folder / "park.yaml").read_text(encoding="utf-8"))
    park["park"]["currency"] = "DKK"
    park["park"]["exchange_rates"] = {
        "USD": {"value": 6.86, "source": "hand", "note": "DKK per USD"},
        "EUR": {"value": "7.46 DKK/EUR", "source": "hand"}}
    (folder / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False), encoding="utf-8")
    scen = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    scen["policy"]["criteria"] = criteria
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scen, sort_keys=False), encoding="utf-8")
    return folder, park, scen


def test_dkk_park_with_decree82_by_name(tmp_path, capsys, monkeypatch):
    folder, park, scen = _dkk(tmp_path, "decree82-2018")
    monkeypatch.chdir(folder)
    code, text = _cli(capsys, "run", "scenario.yaml", "--out", "out")
    assert code == 0, text
    assert "M DKK/yr" in text and "VND" not in text and "Decree 35" in text
    s = json.loads((folder / "out" / "harbour-heat" / "summary.json").read_text("utf-8"))
    assert s["currency"] == "DKK" and s["criteria"] == "decree82-2018"
    plans = _plans(park, scen, 6.86, 7.46)
    best = min(plans, key=plans.get)
    assert s["objective"]["value"] == pytest.approx(plans[best], rel=1e-7)
    ids = {c["id"] for c in s["decree35"]}
    assert "symbiosis-plan-share" in ids  # a criterion only Decree 82 has
    assert {c["criteria_set"] for c in s["decree35"]} == {"decree82-2018"}
    link = next(c for c in s["decree35"] if c["id"] == "symbiosis-link")
    # the heat link joins two enterprises: it counts when the optimum builds it
    assert link["status"] == ("pass" if best[0] else "fail")
    assert (folder / "out" / "harbour-heat" / "decree35.csv").is_file()
    code, text = _cli(capsys, "report", "out/harbour-heat", "--format", "md")
    assert code == 0, text
    md = (folder / "out" / "harbour-heat" / "report.en.md").read_text(encoding="utf-8")
    assert "## Criteria checklist: Decree 82/2018" in md and "M DKK/yr" in md
    assert "VND" not in md


def test_criteria_path_is_relative_to_the_scenario_that_sets_it(tmp_path, capsys, monkeypatch):
    folder, _, _ = _dkk(tmp_path, None)
    (folder / "policies" / "sets").mkdir(parents=True)
    (folder / "policies" / "sets" / "two-links.yaml").write_text(yaml.safe_dump({
        "id": "two-links", "name": "At least two symbiosis links",
        "criteria": [{"id": "links", "article": "local rule", "description": "two links",
                      "kpi": "symbiosis_links", "threshold": 2, "imposable": True}]}),
        encoding="utf-8")
    (folder / "policies" / "base.yaml").write_text(yaml.safe_dump({
        "model": "../park.yaml", "policy": {"criteria": "sets/two-links.yaml"}}), encoding="utf-8")
    (folder / "child.yaml").write_text(yaml.safe_dump({
        "id": "child", "extends": "policies/base.yaml",
        "policy": {"discount_rate": 0.05, "force": ["heat-greenhouse"]}}), encoding="utf-8")
    monkeypatch.chdir(folder)
    code, text = _cli(capsys, "run", "child.yaml", "--out", "out")
    assert code == 0, text
    s = json.loads((folder / "out" / "child" / "summary.json").read_text("utf-8"))
    assert s["criteria"] == "two-links"
    assert [(c["id"], c["status"], c["value"]) for c in s["decree35"]] == [("links", "fail", 1)]
    # imposed, the rule cannot be met by a park with one candidate link
    (folder / "child.yaml").write_text(yaml.safe_dump({
        "id": "child", "extends": "policies/base.yaml",
        "policy": {"impose_criteria": True}}), encoding="utf-8")
    code, text = _cli(capsys, "run", "child.yaml", "--out", "out2")
    assert code == 3, text


def test_vnd_park_default_criteria_found_from_outside_the_repo(tmp_path, capsys, monkeypatch):
    """The tiny VND park with no criteria key: the built-in Decree 35 set, wherever it lies."""
    shutil.copy(ROOT / "tests" / "fixtures" / "tiny-park.yaml", tmp_path / "park.yaml")
    (tmp_path / "s.yaml").write_text("model: park.yaml\npolicy: {discount_rate: 0.0}\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, text = _cli(capsys, "run", "s.yaml", "--out", "out")
    assert code == 0, text
    assert "bn VND/yr" in text
    s = json.loads((tmp_path / "out" / "s" / "summary.json").read_text("utf-8"))
    assert s["currency"] == "VND" and s["criteria"] == "decree35-2022"
    assert s["decree35"] and s["money"]["unit"] == "bn VND"


def test_eur_park_round_trips_through_the_workbook(tmp_path):
    """Currency and exchange rates survive template-xlsx → import-xlsx."""
    from symbiosis.load.scenario import load_park
    from symbiosis.present.excel import import_workbook, write_model_yaml, write_template

    model = yaml.safe_load((FIXTURE / "park.yaml").read_text(encoding="utf-8"))
    book = write_template(tmp_path / "harbour.xlsx", model)
    back = import_workbook(book)
    assert back["park"]["currency"] == "EUR"
    assert back["park"]["exchange_rates"] == model["park"]["exchange_rates"]
    park = load_park(write_model_yaml(back, tmp_path / "park.yaml", source=book))
    orig = load_park(FIXTURE / "park.yaml")
    assert (park.currency, park.exchange_rates, park.electricity) == ("EUR", {"USD": 0.92}, None)
    assert {(f.path, f.value) for f in park.figures} == {(f.path, f.value) for f in orig.figures}
