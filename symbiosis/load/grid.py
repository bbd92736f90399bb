"""Grid electricity is optional: a park that buys none needs no resource and no factor.

``park.electricity`` names the resource bought from the grid (``electricity`` when the
key is left out). ``null``, or leaving the key out with no such resource, means the
park buys no grid power: scope 2 is then 0, and nothing may ask for grid MWh or a
grid factor.
"""

from __future__ import annotations

from typing import Any

from symbiosis.load import schema as s


def grid_of(r: Any, raw: s.ParkFile, resources: dict) -> tuple[str | None, dict[int, float]]:
    """(electricity resource or None, {year: t CO2e/MWh}); ``r`` is park.py's resolver."""
    park = raw.park
    elec = park.electricity
    named = "electricity" in park.model_fields_set
    if elec is not None and elec not in resources:
        if named or park.grid_factors:
            raise r.error(f"electricity resource '{elec}' is not in resources "
                          "(write 'electricity: null' for a park that buys no grid power)",
                          "park.electricity")
        elec = None
    if elec is None:
        if park.grid_factors:
            raise r.error("the park buys no grid electricity (no park.electricity): "
                          "a grid factor has nothing to apply to", "park.grid_factors")
        _no_grid_use(r, raw)
        return None, {}
    grid = {int(y): r.fig(f, f"park.grid_factors.{y}", "t/MWh")
            for y, f in park.grid_factors.items()}
    if not grid:
        raise r.error("at least one grid emission factor is needed", "park.grid_factors")
    return elec, grid


def _no_grid_use(r: Any, raw: s.ParkFile) -> None:
    uses = [(f"exchanges.{eid}.electricity", e.electricity) for eid, e in raw.exchanges.items()]
    uses += [(f"tenants.{tid}.processing.electricity", t.processing.electricity)
             for tid, t in raw.tenants.items() if t.processing is not None]
    for key, fig in uses:
        if fig is not None:
            raise r.error("grid MWh given, but the park buys no grid electricity "
                          "(set park.electricity to its resource)", key)


def grid_year(park: Any, asked: int | None, doc: Any) -> tuple[int | None, float]:
    """The scenario's grid factor year and factor (by default the latest stated one)."""
    key = "policy.grid_factor_year"
    if not park.grid_factors:
        if asked is not None:
            raise doc.error("the park buys no grid electricity, so it has no grid factors "
                            "to choose from: drop grid_factor_year", key)
        return None, 0.0
    years = sorted(park.grid_factors)
    # By default the latest factor actually published, not a projection marked estimate.
    tags = {f.path: f.tag for f in park.figures if f.path.startswith("park.grid_factors.")}
    stated = [y for y in years if tags.get(f"park.grid_factors.{y}") not in ("E", "A")]
    year = asked if asked is not None else (stated or years)[-1]
    if year not in park.grid_factors:
        raise doc.error(f"no grid emission factor for {year} in the model "
                        f"(it has {', '.join(map(str, years))})", key)
    return year, park.grid_factors[year]
