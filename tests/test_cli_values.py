"""Values typed on the command line are read whole and strictly (analysis/values.py).

`sweep … --values 0 10 USD/t` once gave three rows: 0, 10 read as 10 VND/t and "USD/t"
read as 1 USD/t. Now a bare unit or a bare number for a number with a unit is an error
(exit 2, nothing written), and the quoted "10 USD/t" gives what a fresh run gives.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from symbiosis import api

FIX = Path(__file__).parent / "fixtures"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True)


@pytest.mark.parametrize("values, words", [
    (["0", "10", "USD/t"], "'10' has no unit"),
    (["0", "USD/t"], "'USD/t' is not a value"),
    (["10 USD/kWh"], "does not convert to VND/t"),
])
def test_sweep_refuses_ambiguous_values(tmp_path, values, words):
    out = tmp_path / "out"
    p = _cli("sweep", str(FIX / "tiny-cost.yaml"), "--param", "policy.carbon_price",
             "--values", *values, "--out", str(out))
    assert p.returncode == 2, p.stdout + p.stderr
    assert words in p.stderr and "--param policy.carbon_price" in p.stderr
    assert "Traceback" not in p.stderr and not out.exists()


def test_a_quoted_value_with_unit_equals_a_fresh_run(tmp_path):
    out = tmp_path / "out"
    p = _cli("sweep", str(FIX / "tiny-cost.yaml"), "--param", "policy.carbon_price",
             "--values", "0", "40 USD/t", "--out", str(out))
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader((out / "tiny-cost" / "sweep-policy.carbon_price.csv").open()))
    assert [r["value"] for r in rows] == ["0", "40 USD/t"]
    (tmp_path / "s.yaml").write_text(
        f"extends: {FIX / 'tiny-cost.yaml'}\npolicy:\n"
        "  carbon_price: {value: 40 USD/t, source: estimate}\n")
    fresh = api.run(tmp_path / "s.yaml")
    assert float(rows[1]["objective"]) == pytest.approx(fresh.objective()["value"], rel=1e-9)
    assert float(rows[1]["value_in_model_unit"]) == pytest.approx(40 * 25000)


def test_a_plain_share_needs_no_unit(tmp_path):
    out = tmp_path / "out"
    p = _cli("sweep", str(FIX / "tiny-cost.yaml"), "--param", "policy.discount_rate",
             "--values", "0.05", "--out", str(out))
    assert p.returncode == 0, p.stderr
