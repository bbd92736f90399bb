"""Disruption simulation and network metrics, against hand calculations.

Two networks: the chain test park (tests/fixtures/disrupt/chain-park.yaml, whose
header works out every link's value by hand) and the Tằng Loỏng carbon-price run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from symbiosis import api
from symbiosis.analysis.disrupt_outage import chain_probabilities
from symbiosis.analysis.disrupt_plan import park_of
from symbiosis.analysis.disruption import WEEKS, simulate, tenant_ids
from symbiosis.errors import InputError
from symbiosis.network.metrics import network_metrics
from symbiosis.present.resultdir import load_result_dir

ROOT = Path(__file__).parent.parent
FIX = Path(__file__).parent / "fixtures" / "disrupt"
USD = 26000  # Tằng Loỏng's vnd_per_usd

# Chain park, per unit of flow (VND, t CO2e): see chain-park.yaml.
CHAIN = {"pg-board": (4000, 3.5e5, 0.03), "other-board": (2000, 3.5e5, 0.03),
         "heat-board": (2000, 5.1e4, 0.05), "pg-cement": (1000, 1.3e5, 0.01), "conc": (1000, 0, 0)}


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    out = tmp_path_factory.mktemp("disrupt")
    return load_result_dir(api.write_results(api.run(FIX / "chain.yaml"), out))


@pytest.fixture(scope="module")
def tang(tmp_path_factory):
    out = tmp_path_factory.mktemp("disrupt-tl")
    r = api.run(ROOT / "scenarios" / "carbon-price.yaml")
    assert r.status == "optimal"
    return load_result_dir(api.write_results(r, out))


def all_up(result, years=1):
    return np.ones((years, WEEKS, len(tenant_ids(result))), dtype=bool)


def down_weeks(result, schedule, tenant, weeks):
    schedule[:, list(weeks), tenant_ids(result).index(tenant)] = False
    return schedule


def by_id(res):
    return {lk.id: i for i, lk in enumerate(res.links)}


# ------------------------------------------------------------ no outages = the plan

def test_chain_plan_by_hand_and_no_outage_equals_plan(chain):
    res = simulate(chain, 1, schedule=all_up(chain))
    ids = by_id(res)
    for lid, (flow, value, co2) in CHAIN.items():
        lk = res.links[ids[lid]]
        assert lk.flow == pytest.approx(flow)
        assert lk.value_vnd == pytest.approx(value)
        assert lk.co2_t == pytest.approx(co2)
    assert res.links[ids["conc"]].essential and res.links[ids["conc"]].receiver_fallback == \
        "cut output"
    hand = sum(f * v for f, v, _ in CHAIN.values())
    assert hand == pytest.approx(2.332e9)
    assert res.planned_saving == pytest.approx(hand, rel=1e-12)
    assert res.planned_co2 == pytest.approx(290.0, rel=1e-12)
    assert res.planned_avoided == pytest.approx(1000 * 0.02, rel=1e-12)
    # Realised with every week up is the plan, exactly.
    assert res.saving[0] == res.planned_saving
    assert res.co2[0] == res.planned_co2
    assert (res.share == 1.0).all()
    # No measures, and the only existing link is valued 0: the net planned saving is
    # the run's saving against its baseline (capital 1e7 + 1e7 + 5e6 + 1e7 a year).
    s = res.summary()
    assert s["fixed_annual_vnd"] == pytest.approx(3.5e7)
    assert s["planned_net_saving_vnd"] == pytest.approx(-s["result_delta_cost_vnd"], rel=1e-9)


def smelter_acid_value(park):
    """VND a t of smelter acid saves, from the model's own figures.

    Each t spares DAP No.2 a t of its own acid (USD 115/t in the model) and costs VIMICO the
    sale it would make (USD 50/t), less the link's running cost: its transfer and the make-up
    coal at DAP No.2's power unit, its 'via' (one t of acid passes it per t).
    """
    ex = park.exchanges["smelteracid-dap2"]
    assert ex.ratio == 1 and ex.via_factor == 1
    assert park.resources["sulfuric_acid"].price == pytest.approx(115 * USD)
    spared = park.resources["sulfuric_acid"].price - park.resources["smelter_acid"].sale_price
    running = ex.opex_var + park.tenants["dap2_power"].processing.opex_var
    return spared - running


def test_tang_loong_no_outage_equals_plan(tang):
    res = simulate(tang, 3, schedule=all_up(tang, 3))
    assert (res.saving == res.planned_saving).all()
    assert (res.co2 == res.planned_co2).all()
    assert (res.share == 1.0).all()
    # Every avoided tonne at a partner comes from a link: the plan has them all.
    assert res.planned_avoided == pytest.approx(
        tang.summary["avoided_co2_t_per_year_external"], rel=1e-9)
    lk = res.links[by_id(res)["smelteracid-dap2"]]
    park = park_of(tang)
    assert lk.value_vnd == pytest.approx(smelter_acid_value(park), rel=1e-9)
    # The link emits its transfer and, at DAP No.2, the make-up coal (smelter_acid's use_co2).
    emitted = park.exchanges["smelteracid-dap2"].transport_co2 + park.resources["smelter_acid"].use_co2
    assert lk.co2_t == pytest.approx(park.resources["sulfuric_acid"].upstream_co2 - emitted, rel=1e-9)


# ------------------------------------------------------------ fixed outage schedules

def test_supplier_down_four_weeks_loses_flow_times_4_52(chain):
    res = simulate(chain, 1, schedule=down_weeks(chain, all_up(chain), "other", range(10, 14)))
    i = by_id(res)["other-board"]
    assert res.delivered[0, i] == 48
    assert res.lost_flow()[0, i] == pytest.approx(2000 * 4 / 52)
    assert res.planned_saving - res.saving[0] == pytest.approx(2000 * 4 / 52 * 3.5e5)
    assert res.planned_co2 - res.co2[0] == pytest.approx(2000 * 4 / 52 * 0.03)
    assert [r for r in res.link_rows() if r["delivered_share_mean"] < 1] == \
        [r for r in res.link_rows() if r["id"] == "other-board"]


def test_facility_down_idles_the_links_through_it(chain):
    res = simulate(chain, 1, schedule=down_weeks(chain, all_up(chain), "hub", range(4)))
    i = by_id(res)["pg-cement"]
    assert res.delivered[0, i] == 48 and res.via_down[0, i] == 4
    assert res.planned_saving - res.saving[0] == pytest.approx(1000 * 4 / 52 * 1.3e5)
    assert res.planned_avoided - res.avoided[0] == pytest.approx(1000 * 4 / 52 * 0.02)


def test_tang_loong_smelter_down_four_weeks(tang):
    res = simulate(tang, 1, schedule=down_weeks(tang, all_up(tang), "vimico_cu", range(20, 24)))
    value = smelter_acid_value(park_of(tang))
    i = by_id(res)["smelteracid-dap2"]
    assert res.lost_flow()[0, i] == pytest.approx(40000 * 4 / 52)
    lost = {r["id"]: r["lost_saving_vnd_mean"] for r in res.link_rows()}
    assert lost["smelteracid-dap2"] == pytest.approx(40000 * 4 / 52 * value, rel=1e-9)
    # VIMICO's other links stop too; nothing else does (nothing depends on it to run).
    vimico = {lk.id for lk in res.links if lk.supplier == "vimico_cu"}
    assert {k for k, v in lost.items() if v} == vimico
    assert not (res.own_up != res.up).any()


# ------------------------------------------------------------ cascades

@pytest.mark.parametrize("k", [1, 5])
def test_chain_cascade_mine_stops_plant(chain, k):
    res = simulate(chain, 1, schedule=down_weeks(chain, all_up(chain), "mine", range(k)))
    plant = tenant_ids(chain).index("plant")
    assert not res.up[0, :k, plant].any() and res.up[0, k:, plant].all()
    ids = by_id(res)
    for lid in ("conc", "pg-board", "heat-board", "pg-cement"):
        assert res.delivered[0, ids[lid]] == 52 - k
    assert res.delivered[0, ids["other-board"]] == 52
    assert res.planned_saving - res.saving[0] == pytest.approx(
        k / 52 * (4000 * 3.5e5 + 2000 * 5.1e4 + 1000 * 1.3e5))
    dep = {(d["receiver"], d["input"]): d for d in res.dependency_rows()}
    assert dep["plant", "concentrate"]["weeks_short_mean"] == k
    assert res.summary()["tenants"]["plant"]["forced_weeks_down_mean"] == k


@pytest.mark.parametrize("k", [3, 52])
def test_tang_loong_flotation_down_stops_dap2(tang, k):
    res = simulate(tang, 1, schedule=down_weeks(tang, all_up(tang), "apatit", range(k)))
    t = tenant_ids(tang)
    assert not res.up[0, :k, t.index("dap2")].any() and res.up[0, k:, t.index("dap2")].all()
    forced = [x for x in t if (res.own_up[0, :, t.index(x)] != res.up[0, :, t.index(x)]).any()]
    # The two wet-process lines can buy no concentrate; DAP No.2's power unit buys coal
    # instead of running down.
    assert forced == ["dap2", "dgc_chem"]
    for lk, n in zip(res.links, res.delivered[0]):
        touches = {"dap2", "dgc_chem", "apatit"} & {lk.supplier, lk.receiver}
        assert n == (52 - k if touches else 52), lk.id


def test_down_option_is_a_schedule(tang):
    res = simulate(tang, 2, seed=1, down={"apatit": 52},
                   reliability={"default": {"availability": 1, "mean_repair_weeks": 1}})
    stopped = {lk.id for lk in res.links
               if {"dap2", "dgc_chem", "apatit"} & {lk.supplier, lk.receiver}}
    assert "water-wwtp-apatit" in stopped and "pg-cement" in stopped
    assert {lk.id for lk, s in zip(res.links, res.share[0]) if s == 0} == stopped
    assert (res.share[:, [lk.id not in stopped for lk in res.links]] == 1).all()


# ------------------------------------------------------------ random outages

def test_deterministic_for_a_seed(chain):
    a, b = simulate(chain, 200, seed=11), simulate(chain, 200, seed=11)
    assert np.array_equal(a.own_up, b.own_up) and np.array_equal(a.saving, b.saving)
    assert a.summary() == b.summary()
    c = simulate(chain, 200, seed=12)
    assert not np.array_equal(a.own_up, c.own_up)


def test_markov_chain_gives_the_asked_availability_and_repair_time(chain):
    pf, pr = chain_probabilities(0.8, 4)
    assert pf == pytest.approx(0.2 / (0.8 * 4)) and pr == 0.25
    res = simulate(chain, 3000, seed=5,
                   reliability={"default": {"availability": 0.8, "mean_repair_weeks": 4}})
    own = res.own_up
    assert own.mean() == pytest.approx(0.8, abs=0.005)
    # Mean length of a repair: down weeks / outages begun (a down week after an up one).
    starts = (~own[:, 1:] & own[:, :-1]).sum()
    assert (~own[:, 1:]).sum() / starts == pytest.approx(4, rel=0.1)
    s = res.summary()
    assert s["p10_saving_vnd"] < s["mean_saving_vnd"] < s["planned_saving_vnd"]


def test_reliability_precedence_and_errors(chain, tmp_path):
    res = simulate(chain, 1, seed=0, reliability={"default": {"availability": 0.9},
                                                  "mine": {"mean_repair_weeks": 5}})
    assert res.reliability["other"]["availability"] == 0.9
    assert res.reliability["other"]["mean_repair_weeks"] == 2
    assert res.reliability["mine"] | {"source": None} == {
        "availability": 0.9, "mean_repair_weeks": 5, "p_fail": pytest.approx(0.1 / 4.5),
        "p_repair": 0.2, "source": None}
    with pytest.raises(InputError, match="not a tenant"):
        simulate(chain, 1, reliability={"nope": {"availability": 0.9}})
    f = tmp_path / "rel.yaml"
    f.write_text("mine: {availability: 0.2, mean_repair_weeks: 2}\n")
    with pytest.raises(InputError, match="too low"):
        simulate(chain, 1, reliability=f)
    with pytest.raises(ValueError, match="shape"):
        simulate(chain, 2, schedule=all_up(chain, 1))


# ------------------------------------------------------------ network metrics

def test_network_metrics_of_the_chain_by_hand(chain):
    m = network_metrics(chain)
    n = m["network"]
    assert (n["nodes"], n["edges"], n["links"]) == (6, 5, 5)
    assert n["connectance"] == pytest.approx(5 / 30)
    nodes = {r["node"]: r for r in m["nodes"]}
    deg = {k: (v["in_degree"], v["out_degree"]) for k, v in nodes.items()}
    assert deg == {"mine": (0, 1), "plant": (1, 2), "other": (0, 1), "board": (2, 0),
                   "hub": (1, 1), "cement": (1, 0)}
    # Shortest paths through plant: mine → board, hub, cement; through hub: mine and
    # plant → cement. Normalised by (n − 1)(n − 2) = 20.
    assert nodes["plant"]["betweenness"] == pytest.approx(3 / 20)
    assert nodes["hub"]["betweenness"] == pytest.approx(2 / 20)
    assert nodes["board"]["betweenness"] == 0
    assert nodes["hub"]["kind"] == "facility" and nodes["cement"]["kind"] == "partner"
    assert (n["dependencies"], n["dependencies_with_alternatives"]) == (4, 1)
    assert n["redundancy_share"] == pytest.approx(0.25)


def test_single_supplier_dependencies(chain, tang):
    dep = {(d["receiver"], d["input"]): d
           for d in simulate(chain, 1, schedule=all_up(chain)).dependency_rows()}
    assert dep["board", "natural_gypsum"]["n_suppliers"] == 2
    assert dep["board", "coal"]["single_supplier"] == 1
    assert dep["board", "coal"]["largest_supplier_share_of_need"] == pytest.approx(1.0)
    tl = {(d["receiver"], d["input"]): d
          for d in simulate(tang, 1, schedule=all_up(tang)).dependency_rows()}
    assert tl["dap2", "apatite_concentrate"]["fallback"] == "cut output"
    assert tl["dap2", "apatite_concentrate"]["single_supplier"] == 1


# ------------------------------------------------------------ command line

def _cli(argv):
    from symbiosis.cli_disrupt import add_commands

    ap = argparse.ArgumentParser()
    add_commands(ap.add_subparsers())
    args = ap.parse_args(argv)
    return args.func(args)


def test_cli_writes_beside_the_results(chain):
    assert _cli(["disrupt", str(chain.path), "--years", "40", "--seed", "3",
                 "--down", "mine:2", "--reliability",
                 str(FIX / "reliability-chain.yaml")]) == 0
    for name in ("disruption.csv", "disruption-links.csv", "disruption-dependencies.csv",
                 "network-metrics.csv", "disruption.json"):
        assert (chain.path / name).is_file(), name
    meta = json.loads((chain.path / "disruption.json").read_text("utf-8"))
    assert meta["summary"]["years"] == 40 and meta["summary"]["seed"] == 3
    assert meta["reliability"]["mine"]["source"] == "reliability file"
    assert meta["network"]["edges"] == 5
    assert len((chain.path / "disruption.csv").read_text("utf-8").splitlines()) == 41
    with pytest.raises(InputError, match="not a tenant"):
        _cli(["disrupt", str(chain.path), "--down", "nope"])
