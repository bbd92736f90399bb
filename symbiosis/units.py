"""Unit conversion with pint: every amount lands in its resource's declared unit.

Money is its own dimension (``VND``); ``USD`` is defined from the park's exchange
rate, so a price quoted in dollars converts like any other unit.
"""

from __future__ import annotations

from functools import lru_cache

import pint

_EXTRA = (
    "kt = 1000 * tonne",  # pint reads bare "kt" as knot
    "Mt = 1e6 * tonne",
    "m3 = meter ** 3",
    "Nm3 = meter ** 3",  # normal cubic metre: gas volume at reference conditions
    "VND = [currency]",
    "bn = 1e9",
    "M = 1e6",
    "tCO2 = tonne",
    "tCO2e = tonne",
)


@lru_cache(maxsize=8)
def registry(vnd_per_usd: float = 25_000.0) -> pint.UnitRegistry:
    ureg = pint.UnitRegistry(on_redefinition="ignore", cache_folder=None)
    for line in _EXTRA:
        ureg.define(line)
    ureg.define(f"USD = {vnd_per_usd!r} * VND")
    return ureg


class UnitProblem(ValueError):
    """A value whose unit cannot be read or converted; the caller adds file and key."""


def check_unit(text: str, ureg: pint.UnitRegistry | None = None) -> None:
    """Raise UnitProblem when ``text`` is not a unit pint knows."""
    ureg = ureg or registry()
    try:
        ureg.parse_units(text)
    except Exception as exc:  # pint raises several classes for bad names and syntax
        raise UnitProblem(f"unknown unit '{text}' ({exc})") from None


def convert(value: float | int | str, target: str, ureg: pint.UnitRegistry,
            per_year: bool = False) -> float:
    """Number in ``target`` units. A bare number is taken to be in ``target`` already.

    With ``per_year`` a rate such as "3000 m3/day" is accepted for an annual amount.
    """
    if isinstance(value, bool):
        raise UnitProblem(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    try:
        qty = ureg.Quantity(text)
    except Exception as exc:
        raise UnitProblem(f"cannot read '{text}' as a number with a unit ({exc})") from None
    if not isinstance(qty, pint.Quantity):  # a plain number written as a string
        return float(qty)
    if qty.unitless:  # "1e9" (YAML reads it as text), "5 bn": a number in the target unit
        return float(qty.to("dimensionless").magnitude)
    try:
        return float(qty.to(target).magnitude)
    except pint.DimensionalityError:
        if per_year:
            try:
                return float(qty.to(f"({target}) / year").magnitude)
            except pint.DimensionalityError:
                pass
        raise UnitProblem(
            f"'{text}' does not convert to {target}: it is {describe(qty, ureg)}, "
            f"{target} is {describe(ureg.Quantity(1, target), ureg)}") from None


_KINDS = {"a mass": "t", "an energy": "MWh", "a volume": "m3", "money": "VND",
          "a length": "km", "a time": "year"}


def describe(qty: pint.Quantity, ureg: pint.UnitRegistry) -> str:
    """Plain words for what a quantity measures: 'an energy', 'money per mass'."""
    dim = qty.dimensionality
    if not dim:
        return "a plain number"
    units = {k: ureg.Quantity(1, u).dimensionality for k, u in _KINDS.items()}
    for name, d in units.items():
        if dim == d:
            return name
    for a, da in units.items():
        for b, db in units.items():
            if dim == da / db:
                return f"{a.split()[-1]} per {b.split()[-1]}"
    return str(dim)
