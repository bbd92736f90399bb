"""Drawing all samples of an input in one ppf call gives the very floats of one call per sample."""

from pathlib import Path

import pytest
import yaml
from scipy.stats import qmc

from symbiosis import api
from symbiosis.uncertainty import spec

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

KINDS = {  # every distribution kind, with and without relative: true and bounds
    "policy.carbon_price": {"dist": "uniform", "low": 0, "high": "40 USD/t"},
    "resources.electricity.price": {"dist": "uniform", "low": 0.8, "high": 1.1, "relative": True},
    "resources.natural_gypsum.price": {"dist": "triangular", "low": 0.5, "mode": 1.0,
                                       "high": 1.3, "relative": True},
    "exchanges.pg-board.capacity": {"dist": "triangular", "low": "7000 t", "mode": "7500 t",
                                    "high": "9000 t"},
    "resources.gypsum.disposal_cost": {"dist": "lognormal", "median": "100000 VND/t",
                                       "sigma": 0.4},
    "exchanges.pg-cement.capacity": {"dist": "truncnormal", "mean": "6000 t", "sd": "900 t",
                                     "low": "4000 t"},
    "exchanges.pg-cement.price": {"dist": "truncnormal", "mean": 1.0, "sd": 0.2, "low": 0.7,
                                  "high": 1.2, "relative": True},
    "resources.gypsum.disposal_co2": {"dist": "truncnormal", "mean": 1.0, "sd": 0.1,
                                      "relative": True},
}
RELATIVE_LOGNORMAL = {"park.vnd_per_usd": {"dist": "lognormal", "median": 1.0, "sigma": 0.1,
                                           "relative": True}}


def one_call_per_sample(p: spec.Plan, n: int, seed: int) -> list[dict[str, float]]:
    """``draw`` as it was before it was vectorised."""
    u = qmc.LatinHypercube(d=len(p.inputs), seed=seed).random(n)
    return [{inp.path: inp.value(u[k, j]) for j, inp in enumerate(p.inputs)} for k in range(n)]


def plan_with(tmp_path, inputs, spread=0.0):
    text = {"extends": str(FIXTURES / "tiny-cost.yaml"), "id": "draw",
            "uncertainty": {"estimate_spread": spread, "inputs": inputs}}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(text, sort_keys=False))
    return spec.plan(api.load_scenario(path))


@pytest.mark.parametrize("seed", [0, 7, 2026])
def test_every_kind_bit_identical(tmp_path, seed):
    p = plan_with(tmp_path, {**KINDS, **RELATIVE_LOGNORMAL}, spread=0.25)
    assert {i.dist for i in p.inputs} == {"uniform", "triangular", "truncnormal", "lognormal"}
    assert any(i.source == "estimate default" for i in p.inputs)
    new, old = spec.draw(p, 300, seed), one_call_per_sample(p, 300, seed)
    assert [{k: v.hex() for k, v in s.items()} for s in new] == \
        [{k: v.hex() for k, v in s.items()} for s in old]  # the same bits
    assert all(type(v) is float for s in new for v in s.values())
    assert len({s["policy.carbon_price"] for s in new}) == 300  # really 300 different draws


def test_eco_park_2030_bit_identical():
    p = spec.plan(api.load_scenario(ROOT / "scenarios" / "eco-park-2030.yaml"))
    assert len(p.inputs) > 10
    new, old = spec.draw(p, 200, 11), one_call_per_sample(p, 200, 11)
    assert [{k: v.hex() for k, v in s.items()} for s in new] == \
        [{k: v.hex() for k, v in s.items()} for s in old]
