"""data-needs on a park small enough to rank by hand.

The park (written below into a tmp folder): a fertilizer plant (enterprise fert_co)
releases 10,000 t/yr of phosphogypsum; a board plant (board_co) buys 4,000 t/yr of
natural gypsum at 50,000 VND/t. The link pg-board (capacity 8,000 t, capital 4e9 VND
over 10 years at discount rate 0 = 4e8 VND/yr, opex 50,000 VND/t) carries 4,000 t when
built, each tonne saving the disposal fee D and the purchase 50,000, costing 50,000:

    built  ⇔  4,000 · (D + 50,000 − 50,000) > 4e8  ⇔  D > X = 100,000 VND/t.

D is an estimate of 110,000 VND/t, so over its ±25 % range (82,500 … 137,500) the link
flips at X. The cost change against the baseline is −5e7 (the drives: 5e7 − 100 MWh ×
1e6) + (built: 4e8 − 4,000·D), so over D's range it runs from −5e7 (not built) to −2e8:
a swing of 1.5e8.

The drives measure saves 10 % of the plant's 1,000 MWh (100 MWh) for 5e7 VND/yr; at any
electricity price in 750,000 … 1,250,000 VND/MWh (± 25 % of the estimate) it pays, so
that price flips nothing, and moves the cost change by 100 MWh × 500,000 = 5e7. The
ranking follows the swing of the cost change (objective: cost). The link's transport
CO2 (estimate 0.01 t/t) changes no cost and no decision: its CO2 swing is 4,000 t ×
0.005 t/t = 20 t. The plant's direct CO2 (estimate) is the same with and without the
link: no swing at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from symbiosis import api, cli
from symbiosis.money import display
from symbiosis.present import needs_text
from symbiosis.present.report import render
from symbiosis.present.resultdir import load_result_dir, read_csv

X = 100_000.0
PARK = """
park:
  id: needs
  name: Data-needs test park
  name_vi: Khu công nghiệp thử nghiệm
  vnd_per_usd: {value: 25000, source: stated}
  grid_factors:
    2023: {value: 0.5, source: stated}
sources:
  stated: {tag: S, title: Numbers stated for the hand calculation}
  guess: {tag: E, title: Ước tính của quản đốc nhà máy}
resources:
  electricity:
    name: Electricity
    name_vi: Điện lưới
    unit: MWh
    kind: energy
    price: {value: 1000000, source: estimate, note: "-1 looks like a formula, is a note"}
  gypsum:
    name: Phosphogypsum
    name_vi: Thạch cao phospho
    unit: t
    kind: material
    disposal_cost: {value: 110000, source: estimate, note: "=HYPERLINK(\\"http://x\\")"}
    disposal_co2: {value: 0.01, source: stated}
  natural_gypsum:
    name: Natural gypsum
    name_vi: Thạch cao tự nhiên
    unit: t
    kind: material
    price: {value: 50000, source: stated}
tenants:
  fert:
    name: Fertilizer plant
    name_vi: Nhà máy phân bón
    enterprise: fert_co
    sector: fertilizer
    inputs: {electricity: {value: 1000, source: stated}}
    outputs: {gypsum: {value: 10000, source: stated}}
    direct_co2: {value: 500, source: guess, note: "@the kiln"}
  board:
    name: Board plant
    name_vi: Nhà máy tấm thạch cao
    enterprise: board_co
    sector: building_materials
    inputs: {natural_gypsum: {value: 4000, source: stated}}
exchanges:
  pg-board:
    name: Phosphogypsum to the board plant
    name_vi: Thạch cao phospho cho nhà máy tấm
    from: fert
    to: board
    resource: gypsum
    replaces: natural_gypsum
    ratio: {value: 1.0, source: stated}
    capacity: {value: 8000, source: stated}
    capex: {value: 4e9, source: stated}
    lifetime: {value: 10, source: stated}
    opex_var: {value: 50000, source: stated}
    transport_co2: {value: 0.01, source: estimate, note: "+ a road haul"}
    opex_fixed: {value: 0, source: estimate}
measures:
  fert-drives:
    tenant: fert
    name: Variable-speed drives
    name_vi: Biến tần cho động cơ
    capex: {value: 5e8, source: stated}
    lifetime: {value: 10, source: stated}
    inputs: {electricity: {scale: -0.1, source: stated}}
"""
SCENARIO = """
id: needs-cost
model: park.yaml
policy:
  objective: cost
  discount_rate: 0.0
  criteria: none
"""


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    d = tmp_path_factory.mktemp("needs")
    (d / "park.yaml").write_text(PARK, encoding="utf-8")
    (d / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    out = d / "results"
    assert cli.main(["data-needs", str(d / "scenario.yaml"), "--workers", "2",
                     "--out", str(out)]) == 0
    folder = out / "needs-cost"
    rows = read_csv(folder / "data-needs.csv")
    return folder, {r["figure"]: r for r in rows}, rows


def test_the_decisive_fee_ranks_first_with_its_flip_point(ranked):
    _, by, rows = ranked
    assert [r["figure"] for r in rows] == [
        "resources.gypsum.disposal_cost", "resources.electricity.price",
        "exchanges.pg-board.transport_co2", "exchanges.pg-board.opex_fixed",
        "tenants.fert.direct_co2"]
    fee = by["resources.gypsum.disposal_cost"]
    assert fee["flips"] == "yes" and fee["flip_side"] == "below"
    assert fee["flip_point"] == pytest.approx(X, rel=0.01)
    assert fee["flip_change"] == "-pg-board"          # below X the link is not built
    assert (fee["low"], fee["high"]) == pytest.approx((82_500, 137_500))
    assert fee["cost_change_now"] == pytest.approx(5e7 - 100 * 1e6 + 4e8 - 4000 * 110_000)
    assert fee["cost_swing"] == pytest.approx(1.5e8, rel=1e-6)
    assert fee["enterprise_ids"] == "park-wide" and fee["ranked_by"] == "cost"


def test_figures_that_flip_nothing_show_the_hand_computed_swing(ranked):
    _, by, _ = ranked
    price = by["resources.electricity.price"]
    assert price["flips"] == "no" and price["flip_point"] is None
    assert price["cost_swing"] == pytest.approx(100 * 500_000, rel=1e-6)
    haul = by["exchanges.pg-board.transport_co2"]
    assert haul["flips"] == "no" and haul["cost_swing"] == 0
    assert haul["co2_swing"] == pytest.approx(4000 * 0.005, rel=1e-6)
    assert haul["enterprise_ids"] == "fert_co;board_co"
    direct = by["tenants.fert.direct_co2"]
    assert direct["cost_swing"] == direct["co2_swing"] == 0 and direct["flips"] == "no"
    assert direct["enterprise_ids"] == "fert_co"
    assert direct["source"] == "guess" and "Ước tính của quản đốc nhà máy" in direct["basis"]
    zero = by["exchanges.pg-board.opex_fixed"]       # 0 ± 25 % is 0: listed, not moved
    assert zero["moved"] == "no" and zero["low"] == zero["high"] == 0
    assert zero["why"].startswith("Giá trị hiện bằng 0")


def test_workbook_has_one_sheet_per_enterprise_and_no_formula(ranked):
    folder, _, _ = ranked
    wb = openpyxl.load_workbook(folder / "data-needs.xlsx")
    assert wb.sheetnames == ["Toàn khu, cơ quan quản lý", "Nhà máy phân bón",
                             "Nhà máy tấm thạch cao"]
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {'=HYPERLINK("http://x")', "-1 looks like a formula, is a note", "@the kiln",
            "+ a road haul"} <= texts               # notes kept as text, not run
    first = [ws.cell(row=5, column=2).value for ws in wb]
    assert first == ["Thạch cao phospho: chi phí thải bỏ",
                     "Thạch cao phospho cho nhà máy tấm: phát thải CO2 vận chuyển trên một đơn vị",
                     "Thạch cao phospho cho nhà máy tấm: phát thải CO2 vận chuyển trên một đơn vị"]


def _english_words() -> set[str]:
    """Every word of the English wording (placeholders such as {swing} left out)."""
    en = [*needs_text.WORDS["en"].values(), *(p[0] for p in needs_text.ATTRS.values()),
          *(p[0] for p in needs_text.FLOWS.values()), *(p[0] for p in needs_text.EFFECTS.values()),
          *(p[0] for p in needs_text.PHRASES.values()), needs_text.SHARE[0], needs_text.AMOUNT[0]]
    return {w.lower() for s in en for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"{\w*}", "", s))}


def test_the_vietnamese_report_section_has_no_english_and_no_ids(ranked, tmp_path):
    folder, by, _ = ranked
    md = tmp_path / "report.vi.md"
    render([load_result_dir(folder)], "vi", {}, None, md)
    text = md.read_text(encoding="utf-8")
    section = text.split("## Số liệu cần thu thập", 1)[1].split("\n## ", 1)[0]
    assert "### Nhà máy phân bón" in section and "### Toàn khu / cơ quan quản lý" in section
    flip = by["resources.gypsum.disposal_cost"]["flip_point"]
    assert f"{needs_text.sig(flip, 'vi')} đồng/t" in section  # 100.117 đồng/t: units, vi format
    words = {w.lower() for w in re.findall(r"[A-Za-zÀ-ỹ]+", section)}
    english = _english_words()
    assert len(english) > 40                       # the check has something to check
    assert words & english == set()
    for raw in ("pg-board", "fert_co", "board_co", "disposal_cost", "park-wide", "fert-drives",
                "transport_co2"):
        assert raw not in section
    en = tmp_path / "report.en.md"
    render([load_result_dir(folder)], "en", {}, None, en)
    assert "## Data to request" in en.read_text(encoding="utf-8")


def test_a_bad_scenario_is_one_message_exit_2_and_nothing_written(tmp_path, capsys):
    (tmp_path / "park.yaml").write_text(PARK, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCENARIO + "uncertainty:\n  inputs:\n    resources.nothing.price: "
                              "{dist: uniform, low: 0, high: 1}\n", encoding="utf-8")
    out = tmp_path / "results"
    assert cli.main(["data-needs", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "resources.nothing.price" in err and "Traceback" not in err
    assert not out.exists()
    assert cli.main(["data-needs", str(tmp_path / "missing.yaml"), "--out", str(out)]) == 2
    assert not out.exists()


def test_every_figure_of_the_real_model_has_a_vietnamese_name_and_unit():
    sc = api.load_scenario(Path(__file__).parents[1] / "scenarios" / "eco-park-2030.yaml")
    model, money, english = sc.composed["model"], display("VND"), _english_words()
    other = needs_text.WORDS["vi"]["other"]
    for f in sc.park.figures:
        name = needs_text.figure_name(f.path, model, "vi")
        unit = needs_text.unit_text(f.unit, f.path, "vi", money)
        assert other not in name, f.path
        ours = name.split(": ", 1)[-1] + " " + unit  # the wording after the entry's own name
        assert not {w.lower() for w in re.findall(r"[A-Za-z]{3,}", ours)} & english, (f.path, ours)
        assert not re.search(r"\byear\b|VND|fraction", unit), (f.path, unit)


def test_one_worker_gives_the_same_list(ranked, tmp_path):
    folder, _, rows = ranked
    scenario = folder.parents[1] / "scenario.yaml"
    found = api.data_needs(scenario, out=tmp_path, lang="vi", workers=1)
    assert read_csv(tmp_path / "needs-cost" / "data-needs.csv") == rows
    assert found.solves == 2 * (1 + 2 * 4) + sum(f["solves"] for f in found.flip_rows) > 18
