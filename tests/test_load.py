"""Loading: units, defaults, extends chains and the change log."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis import api
from symbiosis.errors import InputError

ROOT = Path(__file__).parents[1]
MODEL = ROOT / "models" / "tang-loong.yaml"


def test_default_grid_year_is_the_latest_stated_not_a_projection(tmp_path):
    park = api.load_park(MODEL)
    projected = [f.path for f in park.figures
                 if f.path.startswith("park.grid_factors.") and f.tag == "E"]
    assert projected, "the model should carry at least one projected factor for this test"
    (tmp_path / "s.yaml").write_text(f"model: {MODEL}\n")
    year = api.load_scenario(tmp_path / "s.yaml").policy.grid_factor_year
    assert f"park.grid_factors.{year}" not in projected
    assert year == max(y for y in park.grid_factors
                       if f"park.grid_factors.{y}" not in projected)


def test_scaling_a_value_with_a_unit_keeps_the_unit(tmp_path):
    base = api.load_park(MODEL)
    tid, rid = next((t.id, r) for t in base.tenants.values() for r in t.outputs)
    (tmp_path / "s.yaml").write_text(
        f"model: {MODEL}\noverrides:\n  - {{path: tenants.{tid}.outputs.{rid}, scale: 0.5}}\n")
    sc = api.load_scenario(tmp_path / "s.yaml")
    assert sc.park.tenants[tid].outputs[rid] == pytest.approx(base.tenants[tid].outputs[rid] / 2)
    entry = sc.changelog[-1]
    assert entry["path"] == f"tenants.{tid}.outputs.{rid}" and entry["op"] == "scale"
    rec = next(f for f in sc.park.figures if f.path == f"tenants.{tid}.outputs.{rid}")
    assert rec.tag == "A"  # a scenario's assumption, not the model's source any more


def test_extends_loop_is_an_input_error(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(InputError, match="loop"):
        api.load_scenario(tmp_path / "a.yaml")


def test_child_policy_overrides_parent_and_is_logged(tmp_path):
    (tmp_path / "p.yaml").write_text(f"model: {MODEL}\npolicy: {{discount_rate: 0.08}}\n")
    (tmp_path / "c.yaml").write_text("extends: p.yaml\npolicy: {discount_rate: 0.12}\n")
    sc = api.load_scenario(tmp_path / "c.yaml")
    assert sc.policy.discount_rate == 0.12
    entries = [c for c in sc.changelog if c["path"] == "policy.discount_rate"]
    assert [e["new"] for e in entries] == [0.08, 0.12]
    assert entries[1]["old"] == 0.08 and entries[1]["file"].endswith("c.yaml")


def test_input_hash_changes_with_any_number(tmp_path):
    (tmp_path / "a.yaml").write_text(f"model: {MODEL}\n")
    (tmp_path / "b.yaml").write_text(
        f"model: {MODEL}\noverrides:\n  - {{path: resources.electricity.price, scale: 1.0001}}\n")
    a, b = api.load_scenario(tmp_path / "a.yaml"), api.load_scenario(tmp_path / "b.yaml")
    assert len(a.input_sha256) == 64 and a.input_sha256 != b.input_sha256


TINY = ROOT / "tests" / "fixtures" / "tiny-cost.yaml"


@pytest.mark.parametrize("price", ['"30 USD/t"', "750000", '"0.75 M VND/t"'])
def test_a_bare_carbon_price_is_accepted_as_an_unsourced_assumption(tmp_path, price):
    """`carbon_price: "30 USD/t"` reads as co2_cap: "1.5 Mt" does, and says it has no source."""
    (tmp_path / "bare.yaml").write_text(f"extends: {TINY}\npolicy:\n  carbon_price: {price}\n")
    (tmp_path / "figure.yaml").write_text(
        f"extends: {TINY}\npolicy:\n  carbon_price: {{value: 30 USD/t, source: estimate}}\n")
    bare, figure = (api.load_scenario(tmp_path / f) for f in ("bare.yaml", "figure.yaml"))
    assert bare.policy.carbon_price == pytest.approx(30 * 25_000)  # the tiny park's rate
    assert bare.policy.carbon_price == pytest.approx(figure.policy.carbon_price)
    assert bare.policy.carbon_price_source == "assumption"
    assert "without a source" in bare.policy.carbon_price_note
    entry = next(e for e in bare.changelog if e["path"] == "policy.carbon_price")
    assert "without a source" in entry["note"]
    assert figure.policy.carbon_price_note is None  # a sourced figure keeps its own (none)
    a, b = api.run(bare), api.run(figure)
    assert a.objective()["value"] == pytest.approx(b.objective()["value"], rel=1e-9)
    assert a.totals["carbon_cost_vnd_per_year"] > 0
