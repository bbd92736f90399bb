""""Why infeasible": the elastic re-solve on variants of the tiny park, checked by hand.

Hand facts (see tests/test_tiny.py): fert releases 10,000 t gypsum; board needs 4,000 t
natural gypsum and 200 MWh; fert needs 1,000 MWh (900 with its drives); cement takes
at most 5,000 t natural gypsum = 5,555.6 t gypsum at ratio 0.9. The lowest CO2 on
boundary `all` is 500 direct + 0.5 × 1,100 MWh + 0.01 × 444.4 t disposed = 1,054.44 t.
The park's enterprises are fert and board; neither applies cleaner production yet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.optimize.data import build_data
from symbiosis.optimize.elastic import Violation, explain, explanation_json
from symbiosis.optimize.solve import Optimizer

FIX = Path(__file__).parent / "fixtures"
CRITERIA = "decree35-2022"  # a built-in set, found from any folder
MIN_CO2 = 500 + 0.5 * 1100 + 0.01 * (10000 - 4000 - 5000 / 0.9)


def _data(tmp_path, policy=None, park=None):
    """Tiny park with ``park(doc)`` applied to its model and ``policy`` merged into
    tiny-cost's policy; built without the consistency checks, as the brief's cases pass them."""
    model = yaml.safe_load((FIX / "tiny-park.yaml").read_text())
    if park:
        park(model)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model, sort_keys=False))
    scen = yaml.safe_load((FIX / "tiny-cost.yaml").read_text())
    scen["model"] = "park.yaml"
    scen["policy"]["criteria"] = str(CRITERIA)
    scen["policy"].update(policy or {})
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(scen, sort_keys=False))
    return build_data(api.load_scenario(tmp_path / "s.yaml"))


def _short_link(doc):
    """Board's natural gypsum can no longer be bought and pg-board carries 1,000 t at most."""
    del doc["resources"]["natural_gypsum"]["price"]
    doc["exchanges"]["pg-board"]["capacity"]["value"] = 1000


def _infeasible(d):
    assert Optimizer(d).solve().status == "infeasible"


def test_co2_cap_below_the_reachable_minimum(tmp_path):
    d = _data(tmp_path, {"constraints": {"co2_cap": 1000}})
    _infeasible(d)
    (v,) = explain(d)
    assert (v.constraint, v.kind, v.index, v.unit) == ("co2_cap_row", "policy", None, "t CO2e/yr")
    assert v.amount == pytest.approx(MIN_CO2 - 1000, rel=1e-6)
    assert v.names == {"boundary": "all"}
    assert v.message == ("The CO2 cap of 1,000 t/yr on boundary 'all' is 54.4 t/yr below the "
                         "lowest CO2 the park can reach (1,054.4 t/yr).")


def test_cleaner_production_share_that_no_enterprise_can_reach(tmp_path):
    d = _data(tmp_path, {"forbid": ["fert-drives"],
                         "constraints": {"min_cleaner_production_share": 1.0}})
    assert d.enterprises == ["board", "fert"] and d.measures == []
    _infeasible(d)
    out = explain(d)
    assert [v.kind for v in out] == ["policy"]  # no physical row is blamed
    (v,) = out
    assert (v.constraint, v.amount, v.unit) == ("min_cp", 2.0, "enterprises")
    assert v.names == {"criterion": "cleaner-production", "kpi": "cleaner_production_share"}
    assert v.message == ("Decree 35 Art. 37 cl. 2 c: 2 more enterprises need a "
                         "cleaner-production measure (2 of 2 required).")


def test_input_short_by_a_link_capacity_is_physical(tmp_path):
    d = _data(tmp_path, park=_short_link)
    assert d.flow_ub["pg-board"] == 1000 and ("board", "natural_gypsum") not in d.buys
    _infeasible(d)
    (v,) = explain(d)
    assert (v.constraint, v.index, v.kind, v.unit) == (
        "supplied", ("board", "natural_gypsum"), "physical", "t/yr")
    assert v.amount == pytest.approx(3000, rel=1e-6)
    assert v.names == {"tenant": "board", "resource": "natural_gypsum"}
    assert v.message == ("Tenant 'Board plant' (board) needs 3,000 t/yr more 'natural_gypsum' "
                         "than it can buy or receive.")


def test_policy_items_come_first_and_json_is_plain(tmp_path):
    # With 3,000 t unmet, board takes only 1,000 t of gypsum, so 10,000 − 1,000 − 5,555.6
    # = 3,444.4 t is disposed and the lowest CO2 rises to 1,050 + 34.44 t.
    d = _data(tmp_path, {"constraints": {"co2_cap": 1000}}, park=_short_link)
    _infeasible(d)
    out = explain(d)
    assert [(v.constraint, v.kind) for v in out] == [("co2_cap_row", "policy"),
                                                      ("supplied", "physical")]
    assert out[0].amount == pytest.approx(1050 + 0.01 * (9000 - 5000 / 0.9) - 1000, rel=1e-6)
    assert out[1].amount == pytest.approx(3000, rel=1e-6)
    doc = json.loads(json.dumps(explanation_json(d, out)))
    assert doc["scenario"] == "s" and doc["status"] == "infeasible"
    assert doc["violations"][1]["index"] == ["board", "natural_gypsum"]
    assert doc["summary"].startswith("Scenario 's' has no solution under any policy: 1 physical")
    assert out[1].message in doc["summary"]


def test_feasible_scenarios_have_nothing_to_explain(tmp_path):
    assert explain(_data(tmp_path)) == []
    # A cap just above the minimum is feasible too: the cap row is relaxable but unbroken.
    assert explain(_data(tmp_path, {"constraints": {"co2_cap": 1055}})) == []


def test_violation_to_dict():
    v = Violation("supplied", ("board", "natural_gypsum"), "physical", 3.0, "t/yr",
                  {"tenant": "board"}, "m")
    assert v.to_dict() == {"constraint": "supplied", "index": ["board", "natural_gypsum"],
                           "kind": "physical", "amount": 3.0, "unit": "t/yr",
                           "names": {"tenant": "board"}, "message": "m"}


def test_an_elastic_model_without_a_solution_says_so(tmp_path, monkeypatch):
    # With no physical row relaxable, the short-link park stays infeasible even when relaxed.
    from symbiosis.optimize import elastic
    monkeypatch.setattr(elastic, "PHYSICAL", ())
    (v,) = explain(_data(tmp_path, park=_short_link))
    assert (v.constraint, v.index, v.amount) == ("elastic", None, 0.0)
    assert v.message.startswith("The scenario has no solution even with every balance")
