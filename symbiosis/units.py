"""Unit conversion with pint: every amount lands in its resource's declared unit.

Every ISO 4217 currency is a dimension of its own (``[currency_EUR]``). When a value is
converted, each currency other than the park's is turned into the park's at the park's
exchange rate, so that one pint registry (costly to build) serves every park and rate.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from symbiosis.money import iso4217

# pint imports scipy when it can (for functions we never use); Pyomo then sees scipy
# loaded and imports scipy.stats, integrate, sparse and spatial at once: 0.7 s on every
# command. Likewise pint imports dask (and through it jinja2) to wrap dask arrays, which
# no quantity here is: 0.25 s. Hide both while pint loads; the analyses that need scipy
# or dask (--dask-local, --scheduler) import them later, unchanged.
_hidden = [m for m in ("scipy", "dask") if m not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    import pint
finally:
    for _name in _hidden:
        del sys.modules[_name]

_EXTRA = (
    "kt = 1000 * tonne",  # pint reads bare "kt" as knot
    "Mt = 1e6 * tonne",
    "m3 = meter ** 3",
    "Nm3 = meter ** 3",  # normal cubic metre: gas volume at reference conditions
    "bn = 1e9",
    "M = 1e6",
    "tCO2 = tonne",
    "tCO2e = tonne",
)


@lru_cache(maxsize=1)
def _base() -> pint.UnitRegistry:
    # pint parses its definitions for every registry (0.15-0.3 s of each command); its
    # disk cache (platformdirs' user cache, "pint") keeps the parsed form, checked
    # against the text. A cache that cannot be read or written costs only that time.
    try:
        ureg = pint.UnitRegistry(on_redefinition="ignore", cache_folder=":auto:")
    except Exception:  # an unwritable home, a half-written cache file of another process
        ureg = pint.UnitRegistry(on_redefinition="ignore", cache_folder=None)
    lines = [*_EXTRA, *(f"{code} = [currency_{code}]" for code in iso4217())]
    if not _load_cached(ureg, lines):
        for line in lines:
            ureg.define(line)
    return ureg


def _load_cached(ureg: pint.UnitRegistry, lines: list[str]) -> bool:
    """Our ~190 definitions as a file in pint's cache folder, which pint's cache then
    parses once (0.02 s instead of 0.2 s of ``define`` calls); False if that fails."""
    folder = getattr(ureg, "cache_folder", None)
    if folder is None:
        return False
    text = "\n".join(lines) + "\n"
    try:
        path = Path(folder) / f"symbiosis-{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt"
        if not path.is_file():
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)  # another process may write the same text: either wins
        ureg.load_definitions(str(path))
        return True
    except Exception:  # an unwritable folder, a cache entry another process half wrote
        return False


class Units:
    """The shared registry, the park's currency and its exchange rates: what ``convert`` needs.

    ``rates[X]`` is units of the park currency per 1 X.
    """

    def __init__(self, currency: str = "VND", rates: tuple[tuple[str, float], ...] = ()):
        self.base = _base()
        self.currency = currency
        self.rates = dict(rates)

    @property
    def vnd_per_usd(self) -> float | None:  # the older name, for VND parks
        return self.rates.get("USD") if self.currency == "VND" else None

    def Quantity(self, *args):  # noqa: N802 (pint's name)
        return self.base.Quantity(*args)

    def parse_units(self, text: str):
        return self.base.parse_units(text)


def registry(currency: str | float = "VND", rates: dict[str, float] | None = None) -> Units:
    """Units for a park. ``registry(26000.0)`` is the older form: VND at 26,000 per USD."""
    if isinstance(currency, (int, float)):
        currency, rates = "VND", {"USD": float(currency)}
    return _units(currency, tuple(sorted((rates or {}).items())))


def park_units(park) -> Units:
    """Units of a resolved ``Park``: its currency and exchange rates."""
    return registry(park.currency, park.exchange_rates)


@lru_cache(maxsize=16)
def _units(currency: str, rates: tuple[tuple[str, float], ...]) -> Units:
    return Units(currency, rates)


class UnitProblem(ValueError):
    """A value whose unit cannot be read or converted; the caller adds file and key."""


def check_unit(text: str, ureg: Units | None = None) -> None:
    """Raise UnitProblem when ``text`` is not a unit pint knows."""
    ureg = ureg or registry()
    try:
        ureg.parse_units(text)
    except Exception as exc:  # pint raises several classes for bad names and syntax
        raise UnitProblem(f"unknown unit '{text}' ({exc})") from None


_LEADING_NUMBER = re.compile(r"[-+−]?(\d|\.\d)")


def convert(value: float | int | str, target: str, ureg: Units,
            per_year: bool = False) -> float:
    """Number in ``target`` units. A bare number is taken to be in ``target`` already.

    With ``per_year`` a rate such as "3000 m3/day" is accepted for an annual amount.
    NaN and infinities (".nan", "1e999") are refused: they reach the solver as nonsense.
    """
    try:
        out = _convert(value, target, ureg, per_year)
    except OverflowError:  # an integer of 400 digits: float() cannot hold it
        out = math.inf
    if not math.isfinite(out):
        raise UnitProblem(f"{value!r} is not a finite number")
    return out


def _convert(value: float | int | str, target: str, ureg: Units, per_year: bool) -> float:
    if isinstance(value, bool):
        raise UnitProblem(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if not _LEADING_NUMBER.match(text):  # pint reads a bare "USD/t" as 1 USD/t
        raise UnitProblem(f"'{text}' has no number: write the value before its unit, "
                          "e.g. '30 USD/t'")
    try:
        qty = ureg.Quantity(text)
    except Exception as exc:
        raise UnitProblem(f"cannot read '{text}' as a number with a unit ({exc})") from None
    if not isinstance(qty, pint.Quantity):  # a plain number written as a string
        return float(qty)
    if qty.unitless:
        # "1e9" (YAML reads it as text), "5 bn": a number in the target unit. But a ratio
        # ("100 ppm", "0.01 %", "0.1 MWh/GJ") to a dimensionless target converts by its
        # units ("0.1 MWh/GJ" to MWh/GJ is 0.1, not 0.1 × 3.6). Like units cancel as pint
        # reads them, so "0.15 MWh/MWh" arrives with none left: it is the pure ratio 0.15,
        # 0.0417 MWh/GJ, not a bare number in the target unit.
        cancelled = not qty._units and not _plain_number(text)
        if (qty._units or cancelled) and _dimensionless(target, ureg):
            return float(qty.to(target).magnitude)
        return float(qty.to("dimensionless").magnitude)
    for dim, power in list(qty.dimensionality.items()):
        code = dim[len("[currency_"):-1] if dim.startswith("[currency_") else None
        if code is None or code == ureg.currency:
            continue
        if code not in ureg.rates:
            raise UnitProblem(f"'{text}': no exchange rate for {code} in park.exchange_rates")
        qty = qty * ureg.Quantity(ureg.rates[code], f"{ureg.currency}/{code}") ** power
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


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _dimensionless(target: str, ureg: Units) -> bool:
    try:
        return ureg.Quantity(1, target).dimensionless
    except Exception:
        return False


_KINDS = {"a mass": "t", "an energy": "MWh", "a volume": "m3", "money": None,
          "a length": "km", "a time": "year"}


def describe(qty: pint.Quantity, ureg: Units) -> str:
    """Plain words for what a quantity measures: 'an energy', 'money per mass'."""
    dim = qty.dimensionality
    if not dim:
        return "a plain number"
    units = {k: ureg.Quantity(1, u or ureg.currency).dimensionality for k, u in _KINDS.items()}
    for name, d in units.items():
        if dim == d:
            return name
    for a, da in units.items():
        for b, db in units.items():
            if dim == da / db:
                return f"{a.split()[-1]} per {b.split()[-1]}"
    return str(dim)
