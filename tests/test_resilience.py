"""The resilience option: dependence on one supplier beyond a share is penalised."""

from pathlib import Path

import pytest

from symbiosis import api

FIX = Path(__file__).parent / "fixtures"


def scenario(tmp_path, base, share, penalty):
    f = tmp_path / f"{base}-resilient.yaml"
    f.write_text(f"extends: {FIX / base}\nid: resilient\npolicy:\n  resilience:\n"
                 f"    max_supplier_share: {share}\n    penalty: {penalty}\n", encoding="utf-8")
    return f


def flows(r):
    return {x["id"]: x["flow"] for x in r.tables["links"]}


def test_a_cheap_penalty_keeps_a_valuable_single_supplier(tmp_path):
    plain = api.run(FIX / "tiny-cost.yaml")
    r = api.run(scenario(tmp_path, "tiny-cost.yaml", 0.6, 0.5))  # 1.5e5/t < 3.5e5/t value
    assert flows(r)["pg-board"] == pytest.approx(4000)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(plain.totals["cost_vnd_per_year"])
    assert r.baseline.totals["cost_vnd_per_year"] == pytest.approx(3.4e9)


def test_a_dear_penalty_caps_the_supplier_at_the_share(tmp_path):
    r = api.run(scenario(tmp_path, "tiny-cost.yaml", 0.6, 2.0))  # 6e5/t > 3.5e5/t
    assert flows(r)["pg-board"] == pytest.approx(0.6 * 4000)
    # 1,600 t less through pg-board: 1,600 t of natural gypsum bought (3e5/t), no link opex
    # on them (5e4/t), and 1,600 t more disposed (1e5/t).
    assert r.totals["cost_vnd_per_year"] == pytest.approx(
        1.416666667e9 + 1600 * 3e5 - 1600 * 5e4 + 1600 * 1e5, rel=1e-6)


def test_two_equal_suppliers_split_the_need(tmp_path):
    f = flows(api.run(scenario(tmp_path, "twin-cost.yaml", 0.5, 0.5)))
    assert f["s1-board"] == pytest.approx(4000) and f["s2-board"] == pytest.approx(4000)
