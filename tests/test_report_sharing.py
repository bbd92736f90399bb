"""The report's 'who gains, who loses': every enterprise against the baseline, the
transfers that make no one worse off when the scenario asks for them, and the Shapley
share, each number in the result's tables written with its unit.

The twin park (two gypsum suppliers, one board plant) with freight raised to 200,000
VND/t: a supplier then pays more to ship its gypsum than it saves on disposal, so the
plain optimum leaves both suppliers worse off while the board plant gains; asked that no
one be worse off, the optimizer adds payments from the board plant to the suppliers.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from symbiosis import cli
from symbiosis.present import i18n
from symbiosis.present.report import render
from symbiosis.present.resultdir import load_result_dir

FIX = Path(__file__).parent / "fixtures"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sharing")
    out = tmp / "out"
    dear = [{"path": f"exchanges.{e}.opex_var.value", "set": 200000} for e in ("s1-board",
                                                                             "s2-board")]
    for sid, policy in (("plain", {}), ("fair", {"no_one_worse_off": True})):
        (tmp / f"{sid}.yaml").write_text(yaml.safe_dump({
            "id": sid, "extends": str(FIX / "twin-cost.yaml"), "overrides": dear,
            "policy": policy}), encoding="utf-8")
        assert cli.main(["run", str(tmp / f"{sid}.yaml"), "--out", str(out)]) == 0
    assert cli.main(["share", str(tmp / "plain.yaml"), "--out", str(out)]) == 0
    return out


def _section(folder: Path, lang: str, tmp: Path) -> str:
    md = tmp / f"{folder.name}.{lang}.md"
    render([load_result_dir(folder)], lang, {}, None, md)
    text = md.read_text(encoding="utf-8")
    title = i18n.TEXT[lang]["sharing"]
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _cells(section: str, name: str) -> list[str]:
    line = next(x for x in section.splitlines() if x.startswith(f"| {name}"))
    return [c.strip() for c in line.strip("|").split("|")]


def test_every_enterprise_with_its_gain_or_loss_and_its_shapley_share(runs, tmp_path):
    folder = runs / "plain"
    ents = _rows(folder / "enterprises.csv")
    shapley = {r["enterprise"]: r for r in _rows(folder / "shapley.csv")}
    model = load_result_dir(folder).model
    section = _section(folder, "vi", tmp_path)
    assert "Lợi ích ròng so với hiện trạng (tỷ đồng/năm)" in section
    assert "Phần lợi ích theo Shapley (tỷ đồng/năm)" in section
    losers = 0
    for e in ents:
        name = model["tenants"][e["enterprise"]].get("name_vi") or \
            model["tenants"][e["enterprise"]]["name"]
        cells = _cells(section, name)
        gain = -float(e["delta_total_vnd"])
        assert cells[4] == i18n.signed(gain / 1e9, "vi", 1)     # net gain, tỷ đồng/năm
        assert cells[5] == ("chịu thiệt" if gain < -0.5e6 else "được lợi" if gain > 0.5e6
                            else "không đổi")
        losers += gain < -0.5e6
        sh = shapley.get(e["enterprise"])
        if sh:
            assert cells[7] == i18n.number(float(sh["shapley"]) / 1e9, "vi", 1)
            assert cells[8] == f"{i18n.number(100 * float(sh['share']), 'vi')} %"
    assert losers == 2, "both suppliers should lose for this test to bite"
    assert "Chịu thiệt so với hiện trạng:" in section
    assert "không đặt yêu cầu không doanh nghiệp nào chịu thiệt" in section  # no transfers asked


def test_the_transfers_that_make_no_one_worse_off_are_listed(runs, tmp_path):
    folder = runs / "fair"
    transfers = [t for t in _rows(folder / "transfers.csv") if abs(float(t["payment_vnd"])) > 0.5e6]
    assert transfers, "the fair scenario should pay someone for this test to bite"
    section = _section(folder, "vi", tmp_path)
    assert "Không doanh nghiệp nào chịu thiệt so với hiện trạng." in section
    assert "Các khoản chuyển giao để không doanh nghiệp nào chịu thiệt" in section
    model = load_result_dir(folder).model
    table = [x for x in section.splitlines() if x.startswith("| ") and "Bên trả" not in x]
    for t in transfers:
        payer = model["tenants"][t["payer"]].get("name_vi") or model["tenants"][t["payer"]]["name"]
        amount = i18n.number(float(t["payment_vnd"]) / 1e9, "vi", 1)
        assert any(payer in row and row.rstrip(" |").endswith(amount) for row in table), t
    # the English section says the same in English, with no id
    en = _section(folder, "en", tmp_path)
    assert "Transfers that make no one worse off" in en and "Payment (bn VND/yr)" in en
    assert not re.search(r"\bs1-board\b|\bs2-board\b", en)
