"""One saving against today, the same wherever it is quoted (results/savings.py).

On the tiny park with a carbon price: `run`'s summary, `share` (its Shapley total is the
objective's saving: cost with the carbon price), `disrupt` (which quotes the run's saving
beside the gross value of the links) and the report's findings all give the same figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from symbiosis import api
from symbiosis.analysis.sharing import shapley

FIX = Path(__file__).parent / "fixtures"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True)


@pytest.fixture
def carbon(tmp_path):
    s = tmp_path / "carbon.yaml"
    s.write_text(f"extends: {FIX / 'tiny-cost.yaml'}\nid: tiny-carbon\npolicy:\n"
                 "  carbon_price: {value: 20 USD/t, source: estimate}\n")
    return s


def test_run_share_disrupt_and_report_quote_one_saving(carbon, tmp_path):
    out = tmp_path / "out"
    assert _cli("run", str(carbon), "--out", str(out)).returncode == 0
    summary = json.loads((out / "tiny-carbon" / "summary.json").read_text())
    sv = summary["savings"]
    cost = sv["cost_vnd_per_year"]["total"]
    with_carbon = cost + sv["carbon_cost_vnd_per_year"]["total"]
    assert cost == pytest.approx(summary["delta"]["cost_vnd_per_year"], rel=1e-12)
    # share: the Shapley shares add up to the objective's saving.
    sh = shapley(api.load_scenario(carbon), samples=100, seed=0)
    assert sh.total_saving == pytest.approx(-with_carbon, rel=1e-9)
    assert sum(r["shapley"] for r in sh.rows) == pytest.approx(sh.total_saving, rel=1e-9)
    # disrupt quotes the run's saving beside the links' gross value.
    p = _cli("disrupt", str(out / "tiny-carbon"), "--years", "2", "--seed", "1")
    assert p.returncode == 0, p.stderr
    shown = f"Δ cost {cost / 1e9:+,.1f} bn VND/yr"
    assert shown in p.stdout.replace("\n", " ")
    # the report's findings say the same number.
    p = _cli("report", str(out / "tiny-carbon"), "--lang", "en", "--format", "md")
    assert p.returncode == 0, p.stderr
    md = (out / "tiny-carbon" / "report.en.md").read_text()
    assert f"{cost / 1e9:+,.1f} bn VND/yr against the baseline" in md
