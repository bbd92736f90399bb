"""Numbers that are valid but unlikely: zero capacities, substitution ratios out of range.

A capacity of 0 makes an option that can never carry anything (a slip, or an option
switched off in the wrong place: ``forbid`` says that plainly); it is warned, not refused.

A substitution ratio (units of ``replaces`` per unit of ``resource``) between two
resources of the same dimension (t and t, GJ and MWh, m3 and m3) is a pure number, and
physics bounds it. Bounds per kind of the replaced resource, from the real data: in
``models/tang-loong.yaml`` and ``examples/kalundborg`` like-unit ratios run from 0.5
(heat, tests/fixtures/disrupt/chain-park.yaml) to 1.65 (fluorine to Na2SiF6, t/t);
energy from 1.0 to 1.176 (acid-plant heat replacing boiler fuel at 85 % efficiency);
water is 1.0 everywhere.

=========  ==========  ===========  ========
kind       refused <   warned < / >  refused >
=========  ==========  ===========  ========
material   0.001       0.1 / 5      100: no mass substitution swaps one tonne for a hundred
energy     0.001       0.1 / 2      10: a unit of heat replaces at most the fuel a boiler
                                    of 10 % efficiency would burn
water      0.001       0.1 / 1.5    10: a cubic metre replaces about one
=========  ==========  ===========  ========

Below 0.001 or above the upper bound is refused: the usual cause is a unit slip (kt
written for t gives 1000×). Ratios between different dimensions (GJ of tail gas per Nm3)
depend on the units chosen and are not bounded.
"""

from __future__ import annotations

from symbiosis.load.checks import Finding
from symbiosis.load.park import Park
from symbiosis.units import UnitProblem, convert, park_units

HARD_LOW = 0.001
RATIO_BOUNDS = {  # kind of the replaced resource → (warned below, warned above, refused above)
    "material": (0.1, 5.0, 100.0),
    "energy": (0.1, 2.0, 10.0),
    "water": (0.1, 1.5, 10.0),
}


def capacities_are_not_zero(park: Park) -> list[Finding]:
    found = [(f"exchanges.{eid}.capacity.value", "link") for eid, e in park.exchanges.items()
             if e.capacity == 0]
    found += [(f"tenants.{tid}.processing.capacity.value", "facility")
              for tid, t in park.tenants.items() if t.processing and t.processing.capacity == 0]
    found += [(f"{p.key}.capacity.value", "process") for p in park.processes.values()
              if p.capacity == 0]
    return [Finding("warning", "capacities_are_not_zero", key,
                    f"a capacity of 0: this {what} can never carry anything (to leave it out "
                    f"of a scenario, list it under policy.forbid)") for key, what in found]


def measures_change_something(park: Park) -> list[Finding]:
    out = []
    for mid, m in park.measures.items():
        effects = [*m.inputs.values(), *m.outputs.values(), m.direct_co2]
        if all(not e.scale and not e.delta and not e.design_delta for e in effects):
            out.append(Finding("warning", "measures_change_something", f"measures.{mid}",
                               "changes nothing (every effect is 0): it can never save "
                               "anything"))
    return out


def ratios_are_plausible(park: Park) -> list[Finding]:
    ureg, out = park_units(park), []
    # One conversion per pair of units, not per link: through pint each took 1 ms, which
    # made this check 100 s of a 100,000-link park's run.
    factors: dict[tuple[str, str], float | None] = {}
    for eid, e in park.exchanges.items():
        got, given = park.resources[e.resource], park.resources[e.replaces]
        bounds = RATIO_BOUNDS.get(given.kind)
        pair = (given.unit, got.unit)
        if pair not in factors:
            try:  # the ratio as a pure number, when the two units share a dimension
                factors[pair] = convert(f"1 {given.unit}", got.unit, ureg)
            except UnitProblem:
                factors[pair] = None
        if factors[pair] is None:
            continue
        pure = e.ratio * factors[pair]
        if bounds is None:
            continue
        low, high, hard = bounds
        what = (f"a substitution ratio of {pure:g} ({given.unit} of '{e.replaces}' per "
                f"{got.unit} of '{e.resource}')")
        if pure > hard or pure < HARD_LOW:
            out.append(Finding("error", "ratios_are_plausible", f"exchanges.{eid}.ratio.value",
                               f"{what} is outside {HARD_LOW:g}–{hard:g}, beyond any "
                               f"{given.kind} substitution: is a unit wrong (kt for t is "
                               f"1000×)? (docs/model-format.md, exchanges)"))
        elif pure > high or pure < low:
            out.append(Finding("warning", "ratios_are_plausible", f"exchanges.{eid}.ratio.value",
                               f"{what} is outside {low:g}–{high:g}, the usual range of a "
                               f"{given.kind} substitution: check it"))
    return out


CHECKS = (capacities_are_not_zero, measures_change_something, ratios_are_plausible)
