"""The park-wide facts Decree 35 Art. 37 asks about that no tenant holds.

``park.enterprises`` is the census of all enterprises of the park: the shares of Art. 37
cl. 2 (cleaner production, participation) are over it, not over the modelled tenants,
which are usually the large plants only. ``park.services`` holds a sourced flag per basic
service of Art. 37 cl. 1 b, the wastewater one with its capacity and the park's
wastewater. What is left out is not shown: its criterion is ``needs-evidence``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symbiosis.load import schema as s

SERVICES = ("power_supply", "water_supply", "information", "fire_protection",
            "wastewater_treatment", "symbiosis_support")
WASTEWATER = "wastewater_treatment"


@dataclass(frozen=True)
class CensusMember:
    name: str
    enterprise: str | None          # id in the model, or None: outside the model
    cleaner_production: bool | None
    years_legal_compliance: float | None
    source: str
    tag: str
    name_vi: str | None = None


@dataclass
class Census:  # not frozen: a sweep may set its count (analysis/values.py)
    count: int
    members: tuple[CensusMember, ...]
    source: str
    tag: str
    note: str | None = None

    def outside(self) -> list[CensusMember]:
        """Listed members the model does not have."""
        return [m for m in self.members if m.enterprise is None]

    def name_of(self, enterprise: str) -> CensusMember | None:
        return next((m for m in self.members if m.enterprise == enterprise), None)


@dataclass
class Service:
    provided: bool
    source: str
    tag: str
    note: str | None = None
    capacity: float | None = None         # m3/yr, wastewater only
    park_wastewater: float | None = None  # m3/yr, wastewater only


@dataclass(frozen=True)
class Services:
    flags: dict[str, Service] = field(default_factory=dict)  # service → flag; absent: unknown


def resolve_census(r: Any, info: s.ParkInfo, enterprises: list[str]) -> Census | None:
    """The census, checked against the model's enterprises that count."""
    c, key = info.enterprises, "park.enterprises"
    if c is None:
        return None
    tag = r._tag(c.source, key)
    if c.count is None and not c.members:
        raise r.error("give the park's enterprise count ('count') or list them ('members')",
                      key)
    count = c.count if c.count is not None else len(c.members)
    if count < len(c.members):
        raise r.error(f"count {count} is smaller than the {len(c.members)} members listed",
                      f"{key}.count")
    if count < len(enterprises):
        raise r.error(f"count {count} is smaller than the {len(enterprises)} enterprises the "
                      f"model counts ({', '.join(enterprises)})", f"{key}.count")
    members, seen = [], set()
    for i, m in enumerate(c.members):
        mk = f"{key}.members.{i}"
        if m.enterprise is not None:
            if m.enterprise not in enterprises:
                raise r.error(f"unknown enterprise '{m.enterprise}' (enterprises that count in "
                              f"the model: {', '.join(enterprises)})", f"{mk}.enterprise")
            if m.enterprise in seen:
                raise r.error(f"enterprise '{m.enterprise}' is listed twice",
                              f"{mk}.enterprise")
            seen.add(m.enterprise)
            flag = next((f for f in ("cleaner_production", "years_legal_compliance")
                         if getattr(m, f) is not None), None)
            if flag:
                raise r.error(f"'{flag}' of an enterprise in the model belongs in its tenants' "
                              "flags (tenants.<id>.flags)", f"{mk}.{flag}")
        src = m.source or c.source
        members.append(CensusMember(m.name, m.enterprise, m.cleaner_production,
                                    m.years_legal_compliance, src, r._tag(src, f"{mk}.source"),
                                    m.name_vi))
    r.records.append(_record(f"{key}.count", count, c.source, tag, c.note))
    return Census(count, tuple(members), c.source, tag, c.note)


def resolve_services(r: Any, info: s.ParkInfo) -> Services | None:
    sv, key = info.services, "park.services"
    if sv is None:
        return None
    flags = {}
    for name in SERVICES:
        f = getattr(sv, name)
        if f is None:
            continue
        k = f"{key}.{name}"
        tag = r._tag(f.source, k)
        cap = load = None
        if name == WASTEWATER:
            cap = r.fig(f.capacity, f"{k}.capacity", "m3", per_year=True)
            load = r.fig(f.park_wastewater, f"{k}.park_wastewater", "m3", per_year=True)
        flags[name] = Service(f.provided, f.source, tag, f.note, cap, load)
    return Services(flags)


def _record(path: str, value: float, source: str, tag: str, note: str | None):
    from symbiosis.load.park import FigureRecord  # park imports this module

    return FigureRecord(path, float(value), "enterprises", source, tag, note)


def object_path(path: str) -> str:
    """Where a number of the park block is held in the Park: ``park.enterprises.count`` in
    ``park.census.count``, ``park.services.S.capacity`` in ``park.services.flags.S.capacity``
    (``Park.enterprises`` is the method listing the modelled enterprises)."""
    p = path.split(".")
    if p[:2] == ["park", "enterprises"]:
        return ".".join(["park", "census", *p[2:]])
    if p[:2] == ["park", "services"] and len(p) > 2:
        return ".".join(["park", "services", "flags", *p[2:]])
    return path


def share_denominator(park: Any) -> int:
    """Enterprises a Decree 35 share is over: the census, else the modelled ones (the
    fewest the park can have, so the smallest number a share of them can ask for)."""
    census = getattr(park, "census", None)
    return census.count if census is not None else len(park.enterprises())


def outside_cleaner_production(park: Any) -> int:
    """Census members outside the model known to apply cleaner production."""
    census = getattr(park, "census", None)
    return sum(1 for m in census.outside() if m.cleaner_production) if census else 0
