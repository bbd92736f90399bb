"""Monitoring (Decree 35 Art. 43): indicators of a hand-written year on the tiny park equal
values computed by hand; gaps against a plan; malformed actuals files (CSV and XLSX)
give an InputError naming the row and the column; the template round-trips.

The tiny park (tests/fixtures/tiny-park.yaml): fert buys 1000 MWh of electricity,
releases 10 kt of gypsum (disposal 0.01 t CO2e/t) and emits 500 t CO2 directly; board
buys 4000 t of natural gypsum (upstream 0.02 t CO2e/t) and 200 MWh. The grid factor is
0.5 t/MWh (2023). Links: pg-board (fert → board, capacity 8000 t, ratio 1) and
pg-cement (fert → the cement partner). Measure: fert-drives (−10 % electricity).
Baseline (no link, no measure): scope 1 500, scope 2 0.5 × 1200 = 600, scope 3
0.02 × 4000 = 80, disposal 0.01 × 10000 = 100; total 1280 t CO2e.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import openpyxl
import pytest

from symbiosis import api
from symbiosis.cli_monitor import add_commands
from symbiosis.errors import InputError, SymbiosisError
from symbiosis.monitor import (indicators, load_model, read_actuals, write_outputs,
                               write_template)
from symbiosis.present.resultdir import load_result_dir

ROOT = Path(__file__).parents[1]
FIX = ROOT / "tests" / "fixtures"
TINY = FIX / "tiny-park.yaml"
ACTUALS = FIX / "monitor" / "tiny-2024.csv"


def approx(x: float):
    return pytest.approx(x, rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def tiny():
    park, _ = load_model(TINY)
    return park


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory) -> Path:
    """tiny-cost.yaml solved: pg-board 4000 t, pg-cement 5555.6 t, fert-drives adopted."""
    out = tmp_path_factory.mktemp("plan")
    return api.write_results(api.run(FIX / "tiny-cost.yaml"), out)


@pytest.fixture(scope="module")
def plan(plan_dir):
    return load_result_dir(plan_dir)


@pytest.fixture(scope="module")
def year(tiny):
    return indicators(tiny, read_actuals(ACTUALS, tiny))


def _cli(argv: list[str]) -> int:
    """The monitor commands as ``symbiosis.cli.main`` runs them (exit code of the error)."""
    ap = argparse.ArgumentParser(prog="symbiosis")
    add_commands(ap.add_subparsers())
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except SymbiosisError as exc:
        return exc.exit_code


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def _write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list], sheet: str = "actuals") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append([_cell(v) for v in r])
    wb.save(path)
    return path


def _cell(v: str):
    """Numbers as numbers, as a spreadsheet holds them."""
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v or None


# ---------------------------------------------------------------- reading

def test_read_converts_units_and_keeps_rows(tiny):
    a = read_actuals(ACTUALS, tiny)
    assert a.year == 2024
    assert a.inputs[("fert", "electricity")] == 920.0
    assert a.outputs[("fert", "gypsum")] == 10000.0  # "10 kt"
    assert a.flows == {"pg-board": 3000.0}
    assert a.measures == {"fert-drives": True}
    assert a.rows[("exchange", "pg-board")] == 5
    assert a.notes[("input", "fert", "electricity")].startswith("metered")


def test_xlsx_reads_like_csv(tiny, tmp_path):
    rows = _rows(ACTUALS)
    a = read_actuals(_write_xlsx(tmp_path / "a.xlsx", rows, sheet="Actuals"), tiny)
    b = read_actuals(ACTUALS, tiny)
    assert (a.inputs, a.outputs, a.flows, a.measures) == (b.inputs, b.outputs, b.flows,
                                                           b.measures)


# ---------------------------------------------------------------- indicators by hand

def test_savings_by_hand(year):
    # fert: 920 MWh against 1000 at the same production (no production figures: ratio 1)
    r = year.get("resource_use", "fert", "electricity")
    assert (r["baseline"], r["expected"], r["actual"]) == (1000.0, 1000.0, 920.0)
    assert r["value"] == approx(80.0) and r["share"] == approx(0.08)
    # board: 1000 t natural gypsum bought against 4000 (pg-board replaced 3000)
    assert year.get("resource_use", "board", "natural_gypsum")["value"] == approx(3000.0)
    # park, per kind: energy 1200 → 1120 MWh, materials 4000 → 1000 t, no water
    s = year.summary["savings"]
    assert s["energy"]["saving"] == approx(80.0) and s["energy"]["share"] == approx(80 / 1200)
    assert s["materials"]["saving"] == approx(3000.0)
    assert s["water"]["saving"] == 0.0
    assert year.get("bought_in_saving", "park", "energy")["value"] == approx(80.0)


def test_cleaner_production_by_hand(year):
    assert year.get("measures_kept_up")["actual"] == 1.0
    # 1 of 2 enterprises (fert) kept a measure up: 0.5 ≥ 0.2 (Art. 37 cl. 2 c)
    r = year.get("cleaner_production_share")
    assert r["actual"] == 0.5 and r["target"] == 0.2
    # its result: the model expects 10 % of 1000 MWh = 100 MWh; 80 MWh measured
    e = year.get("measure_effect", "fert-drives", "electricity")
    assert e["expected"] == approx(100.0) and e["actual"] == approx(80.0)
    assert e["share"] == approx(0.8)
    assert year.measure_results == {"fert-drives": True}
    assert year.get("cleaner_production_saving", "fert", "energy", level="enterprise")[
        "value"] == approx(80.0)


def test_symbiosis_by_hand(year):
    # pg-board 3000 t operating: 1 link, 2 enterprises, both new against the baseline
    assert year.get("links_operating")["actual"] == 1
    assert year.get("symbiosis_links_operating")["actual"] == 1
    p = year.get("symbiosis_participants")
    assert p["actual"] == 2 and p["share"] == 1.0
    assert year.summary["symbiosis"]["new_members"] == ["board", "fert"]
    link = year.get("link_flow", "pg-board", "gypsum")
    assert link["actual"] == 3000.0 and link["share"] == approx(3000 / 8000)
    # 3000 of the 10000 t of gypsum released is reused
    assert year.get("link_reuse_share", "pg-board", "gypsum")["value"] == approx(0.3)
    assert year.get("link_substitution", "pg-board", "natural_gypsum")["value"] == 3000.0
    assert year.get("waste_reused")["actual"] == approx(3000.0)
    assert year.get("link_flow", "pg-cement", "gypsum")["actual"] == 0.0


def test_link_to_partner_is_not_symbiosis(tiny, tmp_path):
    # only pg-cement (fert → the cement plant outside the park) operates, 5000 t:
    # 1 link operating, 0 symbiosis links among the park's enterprises, nobody takes part;
    # avoided at the partner 5000 × 0.9 × 0.02 = 90 t, outside the inventory
    rows = [["year", "tenant", "kind", "item", "amount", "unit"],
            ["2024", "fert", "exchange", "pg-cement", "5000", "t"]]
    res = indicators(tiny, read_actuals(_write_csv(tmp_path / "p.csv", rows), tiny))
    assert res.get("links_operating")["actual"] == 1
    assert res.get("symbiosis_links_operating")["actual"] == 0
    assert res.get("symbiosis_participants")["actual"] == 0
    assert res.summary["symbiosis"]["new_members"] == []
    assert res.summary["emissions"]["avoided_external"]["actual"] == approx(90.0)
    assert res.summary["emissions"]["disposal"]["actual"] == approx(0.01 * 5000)
    assert {g["indicator"] for g in res.gaps} == {"symbiosis_links_below_criterion",
                                                  "cleaner_production_share_below_criterion"}


def test_emissions_by_hand(year):
    e = year.summary["emissions"]
    assert e["scope1"]["actual"] == approx(500.0)            # direct, ratio 1
    assert e["scope2"]["actual"] == approx(0.5 * (920 + 200))  # 560
    assert e["scope3_upstream"]["actual"] == approx(0.02 * 1000)  # natural gypsum bought
    assert e["disposal"]["actual"] == approx(0.01 * (10000 - 3000))  # 70
    assert e["total"]["actual"] == approx(1150.0)
    assert e["total"]["baseline"] == approx(1280.0)
    assert e["total"]["reduction"] == approx(130.0)
    assert year.get("co2", "fert", "total", level="tenant")["actual"] == approx(500 + 460 + 70)
    assert year.summary["grid_factor"] == {"year": 2023, "t_per_mwh": 0.5,
                                           "plan_t_per_mwh": None}
    assert year.gaps == []  # no plan; both Decree 35 criteria met


def test_normalised_by_production():
    # fert makes 110 kt against the model's 100 kt: ratio 1.1. Its 990 MWh against the
    # expected 1.1 × 1000 = 1100 is a saving of 110 MWh (10 %); direct CO2 1.1 × 500 = 550.
    # Gypsum is not reported: taken at 1.1 × 10000 = 11000 t, 8000 t of it disposed.
    # board reports its scope 3 (25 t), which replaces the computed 0.02 × 1000 = 20.
    park, scenario = load_model(FIX / "monitor" / "tiny-production.yaml")
    r = indicators(park, read_actuals(FIX / "monitor" / "tiny-production-2024.csv", park),
                   scenario=scenario)
    assert r.get("production_ratio", "fert", level="tenant")["value"] == approx(1.1)
    u = r.get("resource_use", "fert", "electricity")
    assert u["expected"] == approx(1100.0) and u["value"] == approx(110.0)
    assert u["share"] == approx(0.1)
    e = r.summary["emissions"]
    assert e["scope1"]["actual"] == approx(550.0)
    assert e["scope2"]["actual"] == approx(0.5 * (990 + 200))
    assert e["scope3_upstream"]["actual"] == approx(25.0)
    assert e["disposal"]["actual"] == approx(0.01 * 8000)
    assert e["total"]["actual"] == approx(1250.0)
    assert e["total"]["reduction"] == approx(1280.0 - 1250.0)
    # expected = fert's baseline 1100 × 1.1 + board's 180 × 1 = 1390
    assert e["total"]["reduction_normalised"] == approx(1390.0 - 1250.0)
    assert r.get("co2", "board", "scope3_upstream", level="tenant")["note"] == "reported"
    assert any("gypsum" in w and "not reported" in w for w in r.summary["warnings"])



@pytest.mark.parametrize("reported,warned", [("0", False), ("50", True)])
def test_a_stopped_plant_is_not_asked_for_production(tmp_path, reported, warned):
    """A plant at load_factor 0 has no production in the model: reporting none (or 0) is
    no gap; reporting some says the model has it stopped."""
    (tmp_path / "s.yaml").write_text(
        f"extends: {FIX / 'monitor' / 'tiny-production.yaml'}\noverrides:\n"
        "  - {path: tenants.fert.load_factor, add: true, set: {value: 0, source: estimate}}\n",
        encoding="utf-8")
    park, scenario = load_model(tmp_path / "s.yaml")
    rows = [["year", "tenant", "kind", "item", "amount", "unit", "note"],
            ["2024", "fert", "production", "fertilizer", reported, "kt", ""],
            ["2024", "board", "input", "natural_gypsum", "4000", "t", ""]]
    r = indicators(park, read_actuals(_write_csv(tmp_path / "a.csv", rows), park),
                   scenario=scenario)
    warnings = r.summary["warnings"]
    assert not any("fert" in w and "production not reported" in w for w in warnings)
    assert any("fert" in w and "stopped" in w for w in warnings) == warned
    assert r.get("production_ratio", "fert", level="tenant")["note"].startswith("stopped")

def test_grid_year_must_exist(tiny):
    with pytest.raises(InputError, match="no grid emission factor for 2019"):
        indicators(tiny, read_actuals(ACTUALS, tiny), grid_year=2019)


# ---------------------------------------------------------------- against the plan

def test_gaps_against_plan(tiny, plan, tmp_path):
    rows = _rows(ACTUALS)
    for r in rows:
        if r[3] == "fert-drives":
            r[4] = "0"  # the planned measure reported stopped
    a = read_actuals(_write_csv(tmp_path / "b.csv", rows), tiny)
    res = indicators(tiny, a, plan)
    gaps = {(g["indicator"], g["subject"]): g for g in res.gaps}
    # pg-board planned at 4000 t delivers 3000 t: 75 % < 80 %
    g = gaps[("link_flow_below_plan", "pg-board")]
    assert (g["plan"], g["actual"], g["gap"]) == (approx(4000.0), 3000.0, approx(1000.0))
    assert "75%" in g["message"] and "75%" in g["message_vi"]
    # pg-cement planned (5555.6 t) and not reported
    g = gaps[("link_not_operating", "pg-cement")]
    assert g["plan"] == approx(5000 / 0.9) and "not reported" in g["message"]
    # fert-drives planned, reported 0
    g = gaps[("measure_dropped", "fert-drives")]
    assert "không được duy trì" in g["message_vi"]
    # CO2 1150 against the plan's 500 + 0.5 × 1100 + 0.01 × 444.4 = 1054.4 (> 5 %)
    g = gaps[("co2_above_plan", "park")]
    assert g["plan"] == approx(1054.4444444444443) and g["actual"] == approx(1150.0)
    # with the measure stopped no enterprise has cleaner production: 0 < 20 %
    assert ("cleaner_production_share_below_criterion", "park") in gaps
    assert res.summary["baseline_source"] == "plan"
    assert res.summary["symbiosis"]["new_members_unplanned"] == []
    assert res.get("measure_kept_up", "fert-drives", "fert")["plan"] == 1.0


def test_plan_met_gives_no_plan_gap(tiny, plan, tmp_path):
    # the plan's own flows and use: no gap at all
    rows = [["year", "tenant", "kind", "item", "amount", "unit"],
            ["2024", "fert", "input", "electricity", "900", "MWh"],
            ["2024", "fert", "measure", "fert-drives", "1", ""],
            ["2024", "fert", "exchange", "pg-board", "4000", "t"],
            ["2024", "fert", "exchange", "pg-cement", str(5000 / 0.9), "t"],
            ["2024", "board", "input", "natural_gypsum", "0", "t"],
            ["2024", "board", "input", "electricity", "200", "MWh"]]
    res = indicators(tiny, read_actuals(_write_csv(tmp_path / "c.csv", rows), tiny), plan)
    assert res.gaps == []
    assert res.summary["emissions"]["total"]["actual"] == approx(
        plan.summary["co2_t_per_year"])
    assert res.summary["emissions"]["avoided_external"]["actual"] == approx(100.0)


# ---------------------------------------------------------------- malformed files

HEADER = ["year", "tenant", "kind", "item", "amount", "unit", "note"]
GOOD = ["2024", "fert", "input", "electricity", "920", "MWh", ""]

# (change to row 3, the column named, what the message says); row 2 is GOOD
BAD = [
    ({"tenant": "fertt"}, "tenant", "did you mean 'fert'"),
    ({"item": "electricty"}, "item", "unknown resource 'electricty'"),
    ({"kind": "inputs"}, "kind", "unknown kind 'inputs'"),
    ({"amount": "lots"}, "amount", "'lots' is not a number"),
    ({"amount": "-5"}, "amount", "must not be negative"),
    ({"unit": "m3"}, "unit", "does not convert to MWh"),
    ({"year": "2023"}, "year", "differs from 2024 in row 2"),
    ({"tenant": "board", "item": "gypsum"}, "item", "through exchange 'pg-board'"),
    ({"tenant": "fert", "kind": "measure", "item": "fert-drives", "amount": "2", "unit": ""},
     "amount",
     "not 1 (kept up"),
    ({"kind": "exchange", "item": "pg-board", "tenant": "board", "unit": "m3"}, "unit",
     "does not convert to t"),
    ({"tenant": "fert"}, "item", "reported twice (also in row 2)"),
]


def _bad_rows(change: dict[str, str]) -> list[list[str]]:
    row = dict(zip(HEADER, GOOD))
    row.update({"tenant": "board"} if "tenant" not in change else {})
    row.update(change)
    return [HEADER, GOOD, [row[c] for c in HEADER]]


@pytest.mark.parametrize("change,column,says", BAD, ids=[b[2][:24] for b in BAD])
def test_malformed_csv_names_row_and_column(tiny, tmp_path, change, column, says):
    path = _write_csv(tmp_path / "bad.csv", _bad_rows(change))
    with pytest.raises(InputError) as exc:
        read_actuals(path, tiny)
    text = str(exc.value)
    assert str(path) in text
    assert f"row 3, column '{column}'" in text
    assert says in text


@pytest.mark.parametrize("change,column,says", BAD, ids=[b[2][:24] for b in BAD])
def test_malformed_xlsx_names_cell(tiny, tmp_path, change, column, says):
    path = _write_xlsx(tmp_path / "bad.xlsx", _bad_rows(change))
    with pytest.raises(InputError) as exc:
        read_actuals(path, tiny)
    letter = "ABCDEFG"[HEADER.index(column)]
    assert f"actuals!{letter}3 (row 3, column '{column}')" in str(exc.value)
    assert says in str(exc.value)


def test_missing_and_unknown_columns(tiny, tmp_path):
    rows = [[c for c in HEADER if c != "amount"], ["2024", "fert", "input", "electricity",
                                                    "MWh", ""]]
    with pytest.raises(InputError, match=r"row 1 \(header\): missing column 'amount'"):
        read_actuals(_write_csv(tmp_path / "a.csv", rows), tiny)
    rows = [HEADER[:4] + ["amout"] + HEADER[5:], GOOD]
    with pytest.raises(InputError, match=r"actuals!E1 \(row 1, column 'amout'\): unknown "
                                         r"column 'amout' \(did you mean 'amount'\?\)"):
        read_actuals(_write_xlsx(tmp_path / "a.xlsx", rows), tiny)
    with pytest.raises(InputError, match="no sheet named 'actuals'"):
        read_actuals(_write_xlsx(tmp_path / "b.xlsx", [HEADER, GOOD], sheet="data"), tiny)
    with pytest.raises(InputError, match="no amount is filled in"):
        read_actuals(_write_csv(tmp_path / "e.csv", [HEADER, GOOD[:4] + ["", "MWh", ""]]),
                     tiny)


def test_cli_bad_file_exit_2_and_nothing_written(tmp_path, capsys):
    bad = _write_csv(tmp_path / "bad.csv", _bad_rows({"amount": "lots"}))
    out = tmp_path / "out"
    assert _cli(["monitor", str(TINY), str(bad), "--out", str(out)]) == 2
    assert not out.exists()


def test_cli_writes_outputs(tmp_path, plan_dir):
    actuals = tmp_path / "actuals.csv"
    actuals.write_bytes(ACTUALS.read_bytes())
    assert _cli(["monitor", str(TINY), str(actuals), "--plan", str(plan_dir),
                 "--lang", "vi"]) == 0
    folder = tmp_path / "monitor-2024"  # default: beside the actuals file
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["monitor-gaps.csv", "monitor-indicators.csv", "monitor.json",
                     "monitor.md"]
    summary = json.loads((folder / "monitor.json").read_text(encoding="utf-8"))
    assert summary["emissions"]["total"]["actual"] == approx(1150.0)
    gaps = list(csv.DictReader((folder / "monitor-gaps.csv").open(encoding="utf-8")))
    assert {g["indicator"] for g in gaps} >= {"link_flow_below_plan", "link_not_operating"}
    md = (folder / "monitor.md").read_text(encoding="utf-8")
    assert md.startswith("# Báo cáo giám sát năm 2024") and "Cộng sinh công nghiệp" in md


# ---------------------------------------------------------------- template

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_filled_with_baseline_reads_back(tiny, tmp_path, suffix):
    path = write_template(tiny, tmp_path / f"t{suffix}", 2024)
    if suffix == ".csv":
        rows = _rows(path)
        h = rows[0]
        for r in rows[1:]:
            if r[h.index("kind")] != "emission":
                r[h.index("amount")] = r[h.index("plan_or_baseline")]
        _write_csv(path, rows)
    else:
        wb = openpyxl.load_workbook(path)
        ws = wb["actuals"]
        h = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            if row[h.index("kind")].value != "emission":
                row[h.index("amount")].value = row[h.index("plan_or_baseline")].value
        wb.save(path)
    res = indicators(tiny, read_actuals(path, tiny))
    # the baseline's own amounts: nothing saved, nothing reduced, nothing missing
    assert all(v["saving"] == approx(0.0) for v in res.summary["savings"].values())
    assert res.summary["emissions"]["total"]["actual"] == approx(1280.0)
    assert res.summary["warnings"] == []


def test_template_rows(tiny, tmp_path):
    rows = _rows(write_template(tiny, tmp_path / "t.csv", 2025))
    h = rows[0]
    kinds = {(r[h.index("tenant")], r[h.index("kind")], r[h.index("item")]): r for r in rows[1:]}
    assert ("fert", "exchange", "pg-board") in kinds and ("fert", "measure", "fert-drives") in kinds
    assert kinds[("board", "input", "natural_gypsum")][h.index("plan_or_baseline")] == "4000.0"
    assert all(r[h.index("year")] == "2025" and r[h.index("amount")] == "" for r in rows[1:])


def test_real_park_plan_round_trip(tmp_path):
    """Tằng Loỏng, eco-park-2030: the plan's own amounts give back the plan's CO2 by scope."""
    scenario = ROOT / "scenarios" / "eco-park-2030.yaml"
    plan_dir = api.write_results(api.run(scenario), tmp_path)
    park, sc = load_model(scenario)
    plan = load_result_dir(plan_dir)
    # the plan's amounts reported for a past year (a year still to come has no actuals)
    path = write_template(park, tmp_path / "t.xlsx", 2025, plan=plan)
    wb = openpyxl.load_workbook(path)
    ws = wb["actuals"]
    h = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[h.index("kind")].value != "emission":
            row[h.index("amount")].value = row[h.index("plan_or_baseline")].value
    wb.save(path)
    res = indicators(park, read_actuals(path, park), plan, 2030, scenario=sc)
    for scope, value in plan.summary["co2_by_scope"].items():
        assert res.summary["emissions"][scope]["actual"] == pytest.approx(value, rel=1e-6)
    assert res.gaps == []
    assert res.summary["warnings"] == []
    assert res.summary["cleaner_production"]["share"] == pytest.approx(
        plan.summary["kpis"]["cleaner_production_share"])
    assert len(res.summary["symbiosis"]["symbiosis_links_operating"]) == \
        plan.summary["kpis"]["symbiosis_links"]
    out = write_outputs(res, tmp_path / "mon")
    assert [p.name for p in out] == ["monitor-indicators.csv", "monitor-gaps.csv",
                                     "monitor.json", "monitor.md"]
