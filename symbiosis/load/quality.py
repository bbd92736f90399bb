"""Quality of streams: properties, their values per supply, and the limits of needs.

A property (a contaminant in ppm or mg/L, a temperature grade, a heating value) is
declared once under ``properties`` with its one unit. Its value is given where a
stream comes from: ``tenants.X.quality.<output>.<property>`` for what a tenant
releases, ``exchanges.E.quality.<property>`` for what a link delivers after treatment
on the way (it wins over the supplier's value), and ``resources.R.quality.<property>``
for what is bought. A need limits what it receives with
``tenants.Y.limits.<input>.<property>: {max: …, min: …}``.

Every stream that can reach a limited need must have a value for each limited
property: a missing one is an error naming the key to add, never a silent zero.

The numbers live in ``Park.quality`` as nested dicts keyed like the file, so that sweeps,
Monte Carlo and roadmap trajectories reach them by their file path (``object_path``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from symbiosis.load import schema as s

if TYPE_CHECKING:  # park.py imports this module; the types are only for reading
    from symbiosis.load.park import Exchange, Resource, Tenant, _Resolver


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    unit: str
    name_vi: str | None = None


@dataclass
class Bounds:
    """A need's limits on one property; unpacks as (min, max), either may be None."""

    min: float | None = None
    max: float | None = None

    def __iter__(self):
        return iter((self.min, self.max))


@dataclass
class Quality:
    """Resolved quality data of a park, every value in its property's unit."""

    properties: dict[str, Property] = field(default_factory=dict)
    released: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # t → r → p
    delivered: dict[str, dict[str, float]] = field(default_factory=dict)  # exchange → p
    bought: dict[str, dict[str, float]] = field(default_factory=dict)     # resource → p
    limits: dict[str, dict[str, dict[str, Bounds]]] = field(default_factory=dict)  # t → r → p

    def needs(self):
        """((tenant, input), {property: Bounds}) of every limited need."""
        return [((t, r), props) for t, by_r in self.limits.items() for r, props in by_r.items()]

    def of_link(self, e: "Exchange", prop: str) -> float:
        """The property of what link ``e`` delivers: its own value, else its supplier's."""
        own = self.delivered.get(e.id, {})
        if prop in own:
            return own[prop]
        return self.released[e.supplier][e.resource][prop]

    def of_purchase(self, rid: str, prop: str) -> float:
        return self.bought[rid][prop]


def resolve_quality(r: "_Resolver", raw: s.ParkFile, resources: dict[str, "Resource"],
                    tenants: dict[str, "Tenant"], exchanges: dict[str, "Exchange"]) -> Quality:
    """Check and convert the quality keys of a park file (see the module docstring)."""
    q = Quality()
    for pid, p in raw.properties.items():
        q.properties[pid] = Property(pid, p.name, r.unit(p.unit, f"properties.{pid}.unit"),
                                     p.name_vi)

    def unit(pid: str, key: str) -> str:
        if pid not in q.properties:
            known = ", ".join(sorted(q.properties)) or "none declared"
            raise r.error(f"unknown property '{pid}' (declare it under 'properties'; "
                          f"known: {known})", key)
        return q.properties[pid].unit

    def values(figs: dict[str, s.Figure], key: str) -> dict[str, float]:
        return {pid: r.fig(f, f"{key}.{pid}", unit(pid, f"{key}.{pid}"))
                for pid, f in figs.items()}

    for rid, res in raw.resources.items():
        if res.quality:
            q.bought[rid] = values(res.quality, f"resources.{rid}.quality")
    for tid, t in raw.tenants.items():
        for rid, figs in t.quality.items():
            key = f"tenants.{tid}.quality.{rid}"
            if rid not in tenants[tid].outputs:
                raise r.error(f"tenant '{tid}' releases no '{rid}' (quality is given for "
                              f"outputs; add it to its outputs)", key)
            q.released.setdefault(tid, {})[rid] = values(figs, key)
        for rid, props in t.limits.items():
            key = f"tenants.{tid}.limits.{rid}"
            if rid not in tenants[tid].inputs:
                raise r.error(f"tenant '{tid}' needs no '{rid}' (limits are set on inputs; "
                              f"add it to its inputs)", key)
            q.limits.setdefault(tid, {})[rid] = {
                pid: _limit(r, lim, f"{key}.{pid}", unit(pid, f"{key}.{pid}"))
                for pid, lim in props.items()}
    for eid, e in raw.exchanges.items():
        if e.quality:
            q.delivered[eid] = values(e.quality, f"exchanges.{eid}.quality")
    _check_complete(r, q, resources, exchanges)
    return q


def object_path(path: str) -> str:
    """Where a quality number of the file (``tenants.T.limits.R.P.max``) is in the Park
    (``quality.limits.T.R.P.max``); any other path is returned as it is."""
    p = path.split(".")
    if len(p) == 5 and p[0] == "tenants" and p[2] == "quality":
        return ".".join(("quality", "released", p[1], p[3], p[4]))
    if len(p) == 6 and p[0] == "tenants" and p[2] == "limits":
        return ".".join(("quality", "limits", p[1], *p[3:]))
    if len(p) == 4 and p[0] in ("resources", "exchanges") and p[2] == "quality":
        return ".".join(("quality", "bought" if p[0] == "resources" else "delivered", p[1], p[3]))
    return path


def _limit(r: "_Resolver", lim: s.Limit, key: str, unit: str) -> Bounds:
    if lim.min is None and lim.max is None:
        raise r.error("a limit needs 'max', 'min' or both", key)
    lo = r.fig(lim.min, f"{key}.min", unit)
    hi = r.fig(lim.max, f"{key}.max", unit)
    if lo is not None and hi is not None and lo > hi:
        raise r.error(f"min {lo:g} {unit} is above max {hi:g} {unit}", f"{key}.min")
    return Bounds(lo, hi)


def _check_complete(r: "_Resolver", q: Quality, resources: dict[str, "Resource"],
                    exchanges: dict[str, "Exchange"]) -> None:
    """Each stream into a limited need has a value of every limited property."""
    for (tid, rid), props in q.needs():
        for pid in props:
            if resources[rid].purchasable and pid not in q.bought.get(rid, {}):
                raise r.error(f"missing: tenant '{tid}' limits '{pid}' of the '{rid}' it buys, "
                              f"so the value of what is bought is needed",
                              f"resources.{rid}.quality.{pid}")
            for e in exchanges.values():
                if e.receiver != tid or e.replaces != rid:
                    continue
                if pid in q.delivered.get(e.id, {}) or \
                        pid in q.released.get(e.supplier, {}).get(e.resource, {}):
                    continue
                raise r.error(f"missing: link '{e.id}' takes the '{e.resource}' of "
                              f"'{e.supplier}' to '{tid}', which limits '{pid}' of its '{rid}'; "
                              f"give its value here (or as exchanges.{e.id}.quality.{pid})",
                              f"tenants.{e.supplier}.quality.{e.resource}.{pid}")
