"""Numbers that are not numbers, or not sane ones, refused at load with their key and line.

NaN capacities once dropped a link silently, `vnd_per_usd: 0` made every USD price 0,
`capacity: true` was read as 1 t, and NaN, inf and 1e308 reached the solver (exit 3 with
an empty explanation, or a CPU held for minutes). Each case sets one number of a copy of
the real model, a scenario, an override, a criteria file or a command-line value.
Zero capacities, ratio bands and Excel cells are another change's and not here.
"""

from __future__ import annotations

import re

from conftest import Case, cases

NAN, INF = float("nan"), float("inf")
FINITE = "not a finite number"
NO_NUMBER = "has no number"


def _model(key: str, value, kalundborg: bool = False):
    def make(w):
        w.mutate(w.kalundborg / "park.yaml" if kalundborg else w.model, key, value)
        return ["validate", w.kalundborg / "scenario.yaml" if kalundborg else
                w.scenario("baseline")]
    return make


def _scenario(name: str, key: str, value):
    def make(w):
        w.mutate(w.scenario(name), key, value)
        return ["validate", w.scenario(name)]
    return make


def _criteria(key: str, value):
    def make(w):
        criteria = w.models / "criteria" / "decree35-2022.yaml"
        w.mutate(criteria, key, value)
        w.mutate(w.scenario("baseline"), "policy.criteria", "../models/criteria/decree35-2022.yaml")
        return ["validate", w.scenario("baseline")]
    return make


def _huge_integer(w):  # an integer literal no float can hold: float() would overflow
    w.replace(w.model, 'capacity: {value: "535.8 kt", source: d-dap2-apatite}',
              "capacity: {value: 1" + "0" * 400 + ", source: d-dap2-apatite}")
    return ["validate", w.scenario("baseline")]


CAP = "exchanges.apatite-dap2.capacity.value"
PRICE = "resources.electricity.price.value"
MODEL = [
    ("capacity-nan", CAP, NAN, FINITE), ("capacity-inf", CAP, INF, FINITE),
    ("capacity-minus-inf", CAP, -INF, FINITE), ("capacity-1e999", CAP, "1e999 kt", FINITE),
    ("capacity-true", CAP, True, "got true"),
    ("price-nan", PRICE, "nan VND/kWh", NO_NUMBER),
    ("vnd-per-usd-zero", "park.vnd_per_usd.value", 0, "positive"),
    ("vnd-per-usd-negative", "park.vnd_per_usd.value", -26000, "positive"),
    ("vnd-per-usd-nan", "park.vnd_per_usd.value", NAN, "positive number"),
    ("load-factor-nan", "tenants.dap2.load_factor.value", NAN, FINITE),
    ("ratio-nan", "exchanges.acidheat-power.ratio.value", NAN, FINITE),
    ("grid-factor-inf", "park.grid_factors.2023.value", INF, FINITE),
    ("distance-minus-inf", "exchanges.apatite-dap2.distance_km.value", -INF, FINITE),
    ("input-nan", "tenants.dap2.inputs.electricity.value", "nan GWh", NO_NUMBER),
]
SCENARIO = [
    ("carbon-price-nan", "carbon-price", "policy.carbon_price.value", "nan USD/t", NO_NUMBER),
    ("carbon-price-true", "carbon-price", "policy.carbon_price", True, "got true"),
    ("carbon-price-value-true", "carbon-price", "policy.carbon_price.value", True, "got true"),
    ("carbon-price-1e999", "carbon-price", "policy.carbon_price.value", "1e999 USD/t", FINITE),
    ("discount-rate-one", "baseline", "policy.discount_rate", 1.0, None),
    ("discount-rate-negative", "baseline", "policy.discount_rate", -0.1, None),
    ("discount-rate-nan", "baseline", "policy.discount_rate", NAN, None),
    ("override-scale-nan", "eco-park-2030", "overrides.0.scale", NAN, "finite"),
    ("override-scale-true", "eco-park-2030", "overrides.0.scale", True, "got true"),
    ("roadmap-carbon-price-nan", "roadmap-2050", "roadmap.trajectories.policy\\.carbon_price.1",
     "nan USD/t", None),
]
TABLE = [Case(i, _model(k, v), file="model", key=k, words=x) for i, k, v, x in MODEL] + [
    Case(i, _scenario(s, k, v), file=s, key=k, words=x) for i, s, k, v, x in SCENARIO] + [
    Case("kalundborg-eur-zero", _model("park.exchange_rates.EUR.value", "0 DKK/EUR", True),
         file="kalundborg", key="park.exchange_rates.EUR.value", words=None),
    Case("kalundborg-usd-nan", _model("park.exchange_rates.USD.value", NAN, True),
         file="kalundborg", key="park.exchange_rates.USD.value", words="positive number"),
    Case("capacity-10e400-integer", _huge_integer, file="model", key=CAP, words=FINITE),
    Case("share-threshold-20", _criteria("criteria.2.threshold", 20), file="criteria",
         key="criteria.2.threshold", words="a share is between 0 and 1"),
    Case("duplicate-criterion-id", _criteria("criteria.1.id", "symbiosis-link"),
         file="criteria", key="criteria.1.id", words="share the id"),
    Case("threshold-nan", _criteria("criteria.0.threshold", NAN), file="criteria",
         key="criteria.0.threshold", words="finite"),
] + [  # an override's value: the model's key, at the override's line
    Case(f"override-set-{i}", _scenario("eco-park-2030", "overrides.1.set", v),
         file="eco-park-2030", key="resources.sulfuric_acid.price.value", at="overrides.1",
         words=x) for i, v, x in [("nan", "nan USD/t", NO_NUMBER), ("inf", INF, FINITE),
                                  ("true", True, "got true"), ("1e999", "1e999 USD/t", FINITE)]]


def _file(w, which: str):
    return {"model": w.model, "kalundborg": w.kalundborg / "park.yaml",
            "criteria": w.models / "criteria" / "decree35-2022.yaml"}.get(which) or \
        w.scenario(which)


@cases(TABLE)
def test_a_number_that_is_not_a_sane_number_is_refused(case, outcome):
    w, e = outcome.world, case.expect
    key = e["key"].replace("\\.", ".")
    path = _file(w, e["file"])
    message = outcome.refused(path, key, e["words"], line=w.line_of(path, e.get("at", e["key"])))
    if "at" in e:
        assert f"(set by {e['at']})" in message, message


def _sweep(*values: str, param: str = "policy.carbon_price"):
    def make(w):
        return ["sweep", w.scenario("carbon-price"), "--param", param, "--values", *values,
                "--out", w.out]
    return make


SWEEPS = [Case("sweep-nan", _sweep("10 USD/t", "nan USD/t")),
          Case("sweep-true", _sweep("true")),
          Case("sweep-1e999", _sweep("1e999 USD/t")),
          Case("sweep-capacity-nan", _sweep("nan kt", param=CAP.removesuffix(".value")))]


@cases(SWEEPS)
def test_a_swept_value_that_is_not_a_finite_number_is_refused(case, outcome):
    outcome._exit(2)
    (message,) = [ln for ln in outcome.err.splitlines() if ln.startswith("error")]
    assert re.search(r"carbon-price\.yaml: --param [\w.-]+: .*(not a value|not a finite)",
                     message), message
    assert outcome.before == outcome.after and not outcome.world.out.exists()
