"""Decree 35 rules on hand-built parks, each answer worked out by hand below.

- Art. 37 cl. 2 c: the cleaner-production share is over the park's census
  (``park.enterprises``), and the optimizer's row uses the same denominator.
- ``needs-evidence`` when the data cannot show a criterion: no census, unknown
  enterprises, a basic service not given.
- Art. 37 cl. 2 b: a link counts once per pair of enterprises and resource, only when it
  carries flow, only between enterprises that count; the optimizer counts the same way.
- Art. 37 cl. 1 b: every basic service, the WWTP's capacity against the park's wastewater.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from symbiosis import api
from symbiosis.load.pairs import CARRIES_FLOW


def fig(v: Any) -> dict[str, Any]:
    return {"value": v, "source": "hand"}


def base_park(tenants: dict[str, Any], resources: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"park": {"id": "hand", "name": "Hand-built park", "electricity": None},
            "sources": {"hand": {"tag": "E", "title": "Numbers chosen for hand calculation"},
                        "doc": {"tag": "S", "title": "A stated source"}},
            "resources": resources, "tenants": tenants, **rest}


def solve(tmp_path: Path, park: dict[str, Any], policy: dict[str, Any] | None = None,
          name: str = "s"):
    (tmp_path / f"{name}-park.yaml").write_text(yaml.safe_dump(park, sort_keys=False))
    scen = {"model": f"{name}-park.yaml",
            "policy": {"objective": "cost", "discount_rate": 0.0, **(policy or {})}}
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(scen, sort_keys=False))
    r = api.run(tmp_path / f"{name}.yaml", with_baseline=False)
    assert r.status == "optimal", r.message
    return r


def criterion(r, cid: str) -> dict[str, Any]:
    return next(c for c in r.decree35 if c["id"] == cid)


# ------------------------------------------------------------------ census (Art. 37 cl. 2 c)

POWER = {"power": {"name": "Power", "unit": "MWh", "kind": "energy", "price": fig(100)}}


def nine(cp: set[int], measures: bool = False) -> dict[str, Any]:
    """Nine one-tenant enterprises e1…e9 buying 10 MWh each; those in ``cp`` are flagged as
    applying cleaner production, the others flagged as not. With ``measures``, each e_i has
    a measure that changes nothing and costs i × 1,000 a year (lifetime 1, no discount)."""
    tenants = {f"e{i}": {"name": f"Plant {i}", "sector": "chemicals",
                         "inputs": {"power": fig(10)},
                         "flags": {"cleaner_production": i in cp, "source": "hand"}}
               for i in range(1, 10)}
    park = base_park(tenants, copy.deepcopy(POWER))
    if measures:
        park["measures"] = {f"m{i}": {"tenant": f"e{i}", "name": f"Measure {i}",
                                      "capex": fig(1000 * i), "lifetime": fig(1)}
                            for i in range(1, 10)}
    return park


def with_census(park: dict[str, Any], count: int | None, outside: list[bool | None] = ()):
    park = copy.deepcopy(park)
    members = [{"name": f"Outside {j}", "cleaner_production": v} for j, v in enumerate(outside)]
    park["park"]["enterprises"] = {"source": "doc", **({"count": count} if count else {}),
                                   **({"members": members} if members else {})}
    return park


def test_share_is_over_the_census_two_of_22_fail_where_two_of_9_pass(tmp_path):
    # 2 of the 9 modelled enterprises apply cleaner production: 22 % ≥ 20 % over the model.
    r9 = solve(tmp_path, with_census(nine({1, 2}), 9), name="c9")
    c = criterion(r9, "cleaner-production")
    assert (c["status"], c["value"]) == ("pass", pytest.approx(2 / 9))
    # The park has 22 enterprises, the 13 outside the model known not to: 2/22 = 9 % < 20 %.
    r22 = solve(tmp_path, with_census(nine({1, 2}), 22, [False] * 13), name="c22")
    c = criterion(r22, "cleaner-production")
    assert (c["status"], c["value"]) == ("fail", pytest.approx(2 / 22))
    assert "22 enterprises" in c["basis"] and "22 doanh nghiệp" in c["basis_vi"]
    # The participation share (Decree 82's criterion, a KPI here) has the same denominator.
    assert r22.kpis["participation_share"].value == 0.0
    assert r22.kpis["enterprises"] == 9 and r22.kpis["enterprises_census"] == 22


def test_census_members_known_to_apply_count_toward_the_share(tmp_path):
    # 2 modelled + 3 outside members applying = 5 of 22 = 22.7 % ≥ 20 %.
    r = solve(tmp_path, with_census(nine({1, 2}), 22, [True] * 3 + [False] * 10))
    c = criterion(r, "cleaner-production")
    assert (c["status"], c["value"]) == ("pass", pytest.approx(5 / 22))


def test_enterprises_outside_the_model_unknown_need_evidence(tmp_path):
    # Census 22 by count only: 13 enterprises of unknown status could lift 2/22 to 15/22.
    r = solve(tmp_path, with_census(nine({1, 2}), 22))
    c = criterion(r, "cleaner-production")
    assert (c["status"], c["value"]) == ("needs-evidence", pytest.approx(2 / 22))
    assert "13 enterprises outside the model: unknown" in c["basis"]


@pytest.mark.parametrize("cp", [{1, 2}, set(range(1, 10))], ids=["two", "all nine"])
def test_no_census_is_never_a_pass(tmp_path, cp):
    r = solve(tmp_path, nine(cp))
    c = criterion(r, "cleaner-production")
    assert c["status"] == "needs-evidence"
    assert c["value"] == pytest.approx(len(cp) / 9)  # shown over the model, not claimed
    assert c["basis"].startswith("park.enterprises not given")
    assert "chưa có số doanh nghiệp" in c["basis_vi"]
    # Legal compliance too is over the whole park: unknown without a census.
    assert criterion(r, "enterprise-compliance")["status"] == "needs-evidence"


@pytest.mark.parametrize("count,outside,adopted", [
    (9, [], 2),                 # ⌈0.2 × 9⌉ = 2: measures 1 and 2
    (22, [], 5),                # ⌈0.2 × 22⌉ = 5: measures 1…5
    (22, [True] * 3, 2),        # 5 − 3 outside members already applying = 2
])
def test_optimizer_imposes_the_share_over_the_census(tmp_path, count, outside, adopted):
    """The cheapest plan adopts the cheapest measures until ⌈20 % × census⌉ enterprises
    apply cleaner production: cost = 900 MWh-cost + 1,000 × (1 + … + k)."""
    park = with_census(nine(set(), measures=True), count, outside)
    r = solve(tmp_path, park, {"constraints": {"min_cleaner_production_share": 0.2}})
    assert sorted(m["id"] for m in r.tables["measures"] if m["adopted"]) == \
        [f"m{i}" for i in range(1, adopted + 1)]
    assert r.totals["cost_vnd_per_year"] == pytest.approx(9 * 10 * 100 + 1000 * sum(
        range(1, adopted + 1)))
    c = criterion(r, "cleaner-production")
    assert c["status"] == "pass" and c["value"] >= 0.2  # the checklist agrees with the row


# ------------------------------------------------------------------ services (Art. 37 cl. 1 b)

SIX = ("power_supply", "water_supply", "information", "fire_protection", "symbiosis_support")


def services(ww: dict[str, Any] | None, drop: str | None = None, false: str | None = None):
    park = nine({1, 2})
    flags = {k: {"provided": k != false, "source": "doc"} for k in SIX if k != drop}
    if ww is not None:
        flags["wastewater_treatment"] = {"provided": True, "source": "doc", **ww}
    park["park"]["services"] = flags
    return park


ENOUGH = {"capacity": {"value": "3000 m3/day", "source": "doc"},
          "park_wastewater": {"value": "2400 m3/day", "source": "hand"}}


@pytest.mark.parametrize("park,status,value", [
    (services(ENOUGH), "pass", 1.0),
    (services(dict(ENOUGH, park_wastewater={"value": "3100 m3/day", "source": "hand"})),
     "fail", 5 / 6),                                              # capacity short
    (services(ENOUGH, false="fire_protection"), "fail", 5 / 6),   # a service not provided
    (services(ENOUGH, drop="information"), "needs-evidence", 5 / 6),  # a flag not given
    (services({"capacity": ENOUGH["capacity"]}), "needs-evidence", 5 / 6),  # load not given
    (services(None), "needs-evidence", 5 / 6),                    # no wastewater flag
    (nine({1, 2}), "needs-evidence", 0.0),                        # no services at all
], ids=["all", "capacity-short", "one-false", "one-missing", "no-load", "no-wwtp", "none"])
def test_basic_services(tmp_path, park, status, value):
    c = criterion(solve(tmp_path, park), "basic-services")
    assert (c["status"], c["value"]) == (status, pytest.approx(value))


def test_wastewater_basis_compares_capacity_with_the_parks_wastewater(tmp_path):
    park = services(dict(ENOUGH, park_wastewater={"value": "3100 m3/day", "source": "hand"}))
    c = criterion(solve(tmp_path, park), "basic-services")
    # A year is 365.25 days: 3,000 and 3,100 m3/day are 1,095,750 and 1,132,275 m3/yr.
    assert "capacity 1,095,750 m3/yr against the park's wastewater 1,132,275 m3/yr (short)" \
        in c["basis"]
    assert "công suất 1.095.750 m3/năm" in c["basis_vi"]


def test_a_wwtp_tenant_alone_is_no_longer_a_pass(tmp_path):
    """The old check passed when a tenant of sector wastewater_treatment existed."""
    park = nine({1, 2})
    park["tenants"]["wwtp"] = {"name": "WWTP", "sector": "wastewater_treatment",
                               "counts_as_enterprise": False, "inputs": {"power": fig(1)}}
    assert criterion(solve(tmp_path, park), "basic-services")["status"] == "needs-evidence"


# ------------------------------------------------------------------ links (Art. 37 cl. 2 b)

def link(frm: str, to: str, res: str, repl: str, cap: float, via: str | None = None,
         **extra: Any) -> dict[str, Any]:
    out = {"from": frm, "to": to, "resource": res, "replaces": repl, "ratio": fig(1),
           "capacity": fig(cap), "existing": True, **extra}
    if via:
        out["via"] = via
    return out


def routed_park() -> dict[str, Any]:
    """Enterprise a (tenant a) and enterprise b (tenants b1, b2), a shared facility h and a
    WWTP w, both park infrastructure. Every link is existing and pays (fuel 1,000/t against
    disposal 100/t), so each carries its capacity:
      gas a→b1, a→b2, a→b1 via h (100 t each) and b2→a (50 t): one pair, one resource;
      heat b1→a (50 GJ): the same pair, a second resource;
      water w→a (100 m3): from infrastructure, no symbiosis."""
    res = {"gas": {"name": "Gas", "unit": "t", "kind": "material", "disposal_cost": fig(100)},
           "fuel": {"name": "Fuel", "unit": "t", "kind": "material", "price": fig(1000)},
           "heat": {"name": "Heat", "unit": "GJ", "kind": "energy", "disposal_cost": fig(0)},
           "steam": {"name": "Steam", "unit": "GJ", "kind": "energy", "price": fig(50)},
           "water": {"name": "Water", "unit": "m3", "kind": "water", "disposal_cost": fig(1)},
           "raw_water": {"name": "Raw water", "unit": "m3", "kind": "water", "price": fig(5)}}
    ten = {"a": {"name": "A", "sector": "chemicals", "outputs": {"gas": fig(300)},
                 "inputs": {"fuel": fig(50), "steam": fig(50), "raw_water": fig(100)}},
           "b1": {"name": "B unit 1", "enterprise": "b", "sector": "chemicals",
                  "inputs": {"fuel": fig(200)}, "outputs": {"heat": fig(50)}},
           "b2": {"name": "B unit 2", "enterprise": "b", "sector": "chemicals",
                  "inputs": {"fuel": fig(100)}, "outputs": {"gas": fig(50)}},
           "h": {"name": "Shared gas cleaner", "sector": "power", "counts_as_enterprise": False,
                 "processing": {"unit": "t", "capacity": fig(1000)}},
           "w": {"name": "WWTP", "enterprise": "investor", "sector": "wastewater_treatment",
                 "counts_as_enterprise": False, "outputs": {"water": fig(100)}}}
    ex = {"gas-a-b1": link("a", "b1", "gas", "fuel", 100),
          "gas-a-b2": link("a", "b2", "gas", "fuel", 100),
          "gas-a-h-b1": link("a", "b1", "gas", "fuel", 100, via="h"),
          "gas-b2-a": link("b2", "a", "gas", "fuel", 50),
          "heat-b1-a": link("b1", "a", "heat", "steam", 50),
          "water-w-a": link("w", "a", "water", "raw_water", 100)}
    return base_park(ten, res, exchanges=ex)


def test_one_link_per_enterprise_pair_and_resource(tmp_path):
    r = solve(tmp_path, routed_park())
    flows = {x["id"]: x["flow"] for x in r.tables["links"]}
    assert all(f == pytest.approx(c) for f, c in zip(
        (flows[k] for k in ("gas-a-b1", "gas-a-b2", "gas-a-h-b1", "gas-b2-a", "heat-b1-a",
                            "water-w-a")), (100, 100, 100, 50, 50, 100)))
    # Four gas routings between a and b, both directions, count once; heat counts again.
    assert r.kpis["symbiosis_links"].value == 2
    c = criterion(r, "symbiosis-link")
    assert c["status"] == "pass" and c["value"] == 2
    assert "a+b gas (gas-a-b1, gas-a-b2, gas-a-h-b1, gas-b2-a)" in c["basis"]
    assert "a+b heat (heat-b1-a)" in c["basis"]


def test_infrastructure_links_are_not_between_enterprises(tmp_path):
    r = solve(tmp_path, routed_park())
    sym = {x["id"]: x["symbiosis"] for x in r.tables["links"]}
    assert sym["water-w-a"] == 0 and sym["gas-a-h-b1"] == 1  # h carries, a and b are parties
    assert r.kpis["participants"] == ["a", "b"]              # not the WWTP's investor
    park = routed_park()
    park["exchanges"] = {"water-w-a": park["exchanges"]["water-w-a"]}
    r = solve(tmp_path, park, name="water-only")
    assert r.kpis["symbiosis_links"].value == 0
    assert criterion(r, "symbiosis-link")["status"] == "fail"


# ------------------------------------------------------------------ idle links

def idle_park() -> dict[str, Any]:
    """a releases 1,000 t of slag (free to dispose of); b needs 500 t of sand at 10/t. The
    candidate link a→b costs 1,000/yr to build and 30/t to run: using it costs 20/t more than
    sand, so without a rule it would stay idle. Its tight bound is min(capacity 1,000,
    release 1,000, need 500) = 500 t, so carrying flow means ≥ 0.001 × 500 = 0.5 t."""
    res = {"slag": {"name": "Slag", "unit": "t", "kind": "material", "disposal_cost": fig(0)},
           "sand": {"name": "Sand", "unit": "t", "kind": "material", "price": fig(10)}}
    ten = {"a": {"name": "A", "sector": "steel", "outputs": {"slag": fig(1000)}},
           "b": {"name": "B", "sector": "building_materials", "inputs": {"sand": fig(500)}}}
    ex = {"slag-a-b": link("a", "b", "slag", "sand", 1000, existing=False, capex=fig(1000),
                           lifetime=fig(1), opex_var=fig(30))}
    return base_park(ten, res, exchanges=ex)


def test_an_idle_built_link_meets_neither_the_constraint_nor_the_kpi(tmp_path):
    # Forced built with min_link_load 0 and no rule: it carries nothing and counts nothing.
    r = solve(tmp_path, idle_park(), {"force": ["slag-a-b"], "min_link_load": 0.0}, name="idle")
    row = next(x for x in r.tables["links"] if x["id"] == "slag-a-b")
    assert row["built"] == 1 and row["flow"] == pytest.approx(0.0, abs=1e-9)
    assert r.kpis["symbiosis_links"].value == 0
    assert criterion(r, "symbiosis-link")["status"] == "fail"
    # Imposed: the optimizer must make the link carry flow. By hand, the two plans are
    # "no link" (infeasible under the rule) and "link carrying f ≥ θ": cost 1,000 + 30 f
    # + 10 (500 − f), least at f = θ = 0.5 t → 6,010 (an idle link would have cost 6,000).
    theta = CARRIES_FLOW * 500
    r = solve(tmp_path, idle_park(), {"min_link_load": 0.0,
                                      "constraints": {"min_symbiosis_links": 1}}, name="rule")
    row = next(x for x in r.tables["links"] if x["id"] == "slag-a-b")
    assert row["built"] == 1 and row["flow"] == pytest.approx(theta, rel=1e-6)
    assert r.totals["cost_vnd_per_year"] == pytest.approx(1000 + 30 * theta + 10 * (500 - theta))
    assert r.kpis["symbiosis_links"].value == 1
    assert criterion(r, "symbiosis-link")["status"] == "pass"


def test_the_constraint_counts_routings_once(tmp_path):
    """Two new links a→b1 and a→b2 of the same gas: requiring two symbiosis links cannot be
    met by building both (one pair, one resource), so the scenario has no solution, and the
    explanation names the criterion; one is met by the cheaper link alone."""
    park = routed_park()
    park["exchanges"] = {
        "gas-a-b1": link("a", "b1", "gas", "fuel", 100, existing=False, capex=fig(500),
                         lifetime=fig(1)),
        "gas-a-b2": link("a", "b2", "gas", "fuel", 100, existing=False, capex=fig(400),
                         lifetime=fig(1))}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(park, sort_keys=False))
    scen = {"model": "p.yaml", "policy": {"objective": "cost", "discount_rate": 0.0,
                                          "constraints": {"min_symbiosis_links": 2}}}
    (tmp_path / "two.yaml").write_text(yaml.safe_dump(scen, sort_keys=False))
    r = api.run(tmp_path / "two.yaml", with_baseline=False)
    assert r.status == "infeasible"  # counted per link, building both would have met it
    assert [v["constraint"] for v in r.explanation["violations"]] == ["min_links"]
    r = solve(tmp_path, park, {"constraints": {"min_symbiosis_links": 1}}, name="one")
    built = sorted(x["id"] for x in r.tables["links"] if x["built"])
    # Both pay for themselves (fuel 1,000/t × 100 t ≫ capex), so both are built anyway;
    # they count as one symbiosis.
    assert built == ["gas-a-b1", "gas-a-b2"] and r.kpis["symbiosis_links"].value == 1


def test_threshold_follows_the_bound_when_a_sweep_updates_the_model(tmp_path):
    """θ is a Param of the persistent model: a smaller capacity (300 t, so F̄ = 300) lowers
    the flow the link must carry to 0.3 t without a rebuild."""
    from symbiosis.optimize.data import build_data
    from symbiosis.optimize.solve import Optimizer

    def data(cap: float):
        park = idle_park()
        park["exchanges"]["slag-a-b"]["capacity"]["value"] = cap
        (tmp_path / "p.yaml").write_text(yaml.safe_dump(park, sort_keys=False))
        (tmp_path / "s.yaml").write_text(yaml.safe_dump({"model": "p.yaml", "policy": {
            "objective": "cost", "discount_rate": 0.0, "min_link_load": 0.0,
            "constraints": {"min_symbiosis_links": 1}}}))
        return build_data(api.load_scenario(tmp_path / "s.yaml"))

    opt = Optimizer(data(1000))
    assert opt.solve().flow["slag-a-b"] == pytest.approx(CARRIES_FLOW * 500, rel=1e-6)
    opt.update(data(300))
    assert opt.solve().flow["slag-a-b"] == pytest.approx(CARRIES_FLOW * 300, rel=1e-6)
    assert opt.rebuilds == 0


def test_a_sweep_can_set_the_census(tmp_path):
    """``park.enterprises.count`` is a number of the model like any other: setting it
    (sweeps, data-needs) moves the optimizer's requirement with it, 9 → 22 gives 2 → 5."""
    from symbiosis.analysis.values import current, with_values

    park = with_census(nine(set(), measures=True), 9)
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(park, sort_keys=False))
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({"model": "p.yaml", "policy": {
        "objective": "cost", "discount_rate": 0.0,
        "constraints": {"min_cleaner_production_share": 0.2}}}))
    sc = api.load_scenario(tmp_path / "s.yaml")
    assert current(sc, "park.enterprises.count") == 9
    for count, adopted in ((9, 2), (22, 5)):
        r = api.solve(with_values(sc, {"park.enterprises.count": count}))
        assert sum(m["adopted"] for m in r.tables["measures"]) == adopted
    assert sc.park.census.count == 9  # the loaded scenario is left as it was
