"""The park's currency and exchange rates, checked before any amount is converted.

``park.currency`` is any active ISO 4217 code. ``park.exchange_rates`` gives, for each
other currency a figure is written in, units of the park currency per 1 unit of it
(sourced figures, like every other number). ``park.vnd_per_usd``, the older key, is
the same as ``exchange_rates.USD`` and is accepted only for VND parks.
"""

from __future__ import annotations

import math

from typing import Any

from symbiosis.load import schema as s
from symbiosis.money import is_currency
from symbiosis.units import _base


def park_money(r: Any, park: s.ParkInfo) -> tuple[str, dict[str, float]]:
    """(currency, {code: park currency per 1 code}); ``r`` is park.py's resolver."""
    cur = park.currency
    if not is_currency(cur):
        hint = " (codes are upper case)" if is_currency(cur.upper()) else ""
        raise r.error(f"'{cur}' is not an active ISO 4217 currency code{hint}", "park.currency")
    figures = dict(park.exchange_rates)
    if park.vnd_per_usd is not None:
        if cur != "VND":
            raise r.error(f"vnd_per_usd is for VND parks; this park is in {cur}: give "
                          f"exchange_rates.USD ({cur} per USD) instead", "park.vnd_per_usd")
        if "USD" in figures:
            raise r.error("give the USD rate once: vnd_per_usd or exchange_rates.USD",
                          "park.exchange_rates.USD")
    rates = {}
    for code, fig in figures.items():
        key = f"park.exchange_rates.{code}"
        if not is_currency(code):
            raise r.error(f"'{code}' is not an active ISO 4217 currency code", key)
        if code == cur:
            raise r.error(f"{code} is the park currency: it needs no exchange rate", key)
        rates[code] = _rate(r, fig, key, cur, code)
    if park.vnd_per_usd is not None:  # not listed among the figures, as before currencies
        rates["USD"] = _rate(r, park.vnd_per_usd, "park.vnd_per_usd", "VND", "USD", record=False)
    return cur, rates


def _rate(r: Any, fig: s.Figure, key: str, cur: str, code: str, record: bool = True) -> float:
    """A bare number, or a string such as "7.46 DKK/EUR"; recorded with its source."""
    value = fig.value
    if isinstance(value, bool):
        raise r.error(f"expected a number of {cur} per {code}, got {value!r}", f"{key}.value")
    if isinstance(value, str):
        try:
            value = _base().Quantity(value).to(f"{cur}/{code}").magnitude
        except Exception:  # pint raises several classes for bad names and mismatched units
            raise r.error(f"'{fig.value}' is not a rate in {cur}/{code} (write e.g. "
                          f"'{cur}/{code}' after the number, or a bare number)",
                          f"{key}.value") from None
    value = float(value)
    if not (value > 0 and math.isfinite(value)):
        raise r.error(f"an exchange rate must be a positive number (got {value:g})",
                      f"{key}.value")
    if not record:
        return value
    from symbiosis.load.park import FigureRecord  # park.py imports this module
    r.records.append(FigureRecord(key, value, f"{cur}/{code}", fig.source,
                                  r._tag(fig.source, key), fig.note))
    return value
