"""The park as the optimizer sees it: every number a float in its canonical unit.

``resolve_park`` turns a validated ``ParkFile`` into a ``Park``: units converted with
pint, references between entries checked, and every figure recorded in
``Park.figures`` with its source and S/D/E tag so the report can list them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symbiosis.errors import InputError
from symbiosis.load import schema as s
from symbiosis.load.quality import Quality, resolve_quality
from symbiosis.load.measures import Effect, Measure, resolve_measure as _measure  # noqa: F401
from symbiosis.load.processes import (Process, check_process_ends, process_ends,
                                       resolve_processes)
from symbiosis.load.census import Census, Services, resolve_census, resolve_services
from symbiosis.load.refs import unit_of as _unit_of
from symbiosis.load.grid import grid_of
from symbiosis.load.states import NEW, TODAY, load_factor, state_of
from symbiosis.load.money import park_money
from symbiosis.units import UnitProblem, check_unit, convert, registry

ESTIMATE = "estimate"
SCENARIO_PREFIX = "scenario:"


@dataclass(frozen=True, slots=True)  # a regional park has a million: no __dict__ each
class FigureRecord:
    path: str
    value: float
    unit: str
    source: str
    tag: str  # S, D, E, or A (assumption set by a scenario)
    note: str | None = None


@dataclass
class Resource:
    id: str
    name: str
    unit: str
    kind: str
    price: float | None
    upstream_co2: float
    use_co2: float
    disposal_cost: float | None
    disposal_co2: float
    disposal_scope: str
    sale_price: float | None
    avoided_co2: float
    name_vi: str | None = None

    @property
    def purchasable(self) -> bool:
        return self.price is not None

    @property
    def disposable(self) -> bool:
        return self.disposal_cost is not None

    @property
    def sellable(self) -> bool:
        return self.sale_price is not None


@dataclass
class Processing:
    unit: str
    capacity: float
    existing: bool
    capex: float
    lifetime: float
    opex_fixed: float
    opex_var: float
    electricity: float
    state: str = TODAY
    in_service: float | None = None


@dataclass
class Tenant:
    id: str
    name: str
    enterprise: str
    counts_as_enterprise: bool
    sector: str
    location: tuple[float, float] | None
    production: dict[str, float]
    inputs: dict[str, float]
    outputs: dict[str, float]
    direct_co2: float
    iso_management: bool | None
    years_legal_compliance: float | None
    cleaner_production: bool | None
    processing: Processing | None
    name_vi: str | None = None
    load_factor: float = 1.0  # today's output / design; the amounts above are today's
    design: dict[str, Any] = field(default_factory=dict)  # the amounts as written (design)


@dataclass
class Partner:
    id: str
    name: str
    kind: str
    location: tuple[float, float] | None
    demand: dict[str, float]
    name_vi: str | None = None


@dataclass
class Exchange:
    id: str
    name: str
    supplier: str
    receiver: str
    via: str | None
    resource: str
    replaces: str
    ratio: float
    capacity: float
    existing: bool
    capex: float
    lifetime: float
    opex_fixed: float
    opex_var: float
    price: float
    electricity: float
    transport_co2: float
    distance_km: float | None
    via_factor: float  # processing units per unit of resource
    name_vi: str | None = None
    state: str = NEW  # today (= existing), committed or new: load/states.py
    in_service: float | None = None


@dataclass
class Park:
    id: str
    name: str
    file: Path
    vnd_per_usd: float | None  # VND parks: exchange_rates["USD"]
    electricity: str | None  # None: the park buys no grid power
    grid_factors: dict[int, float]
    resources: dict[str, Resource]
    tenants: dict[str, Tenant]
    partners: dict[str, Partner]
    exchanges: dict[str, Exchange]
    measures: dict[str, Measure]
    sources: dict[str, s.Source]
    figures: list[FigureRecord] = field(default_factory=list)
    name_vi: str | None = None
    location: tuple[float, float] | None = None
    locate: Any = None  # dotted key → (file, key as shown, line), for error messages
    quality: Quality = field(default_factory=Quality)  # properties and limits (load/quality.py)
    processes: dict[str, Process] = field(default_factory=dict)  # see load/processes.py
    currency: str = "VND"  # ISO 4217: every amount above is in it
    exchange_rates: dict[str, float] = field(default_factory=dict)  # park currency per unit
    census: Census | None = None  # all enterprises of the park (load/census.py)
    services: Services | None = None  # basic services of Art. 37 cl. 1 b (load/census.py)

    def enterprises(self) -> list[str]:
        """Enterprises that count toward the park's shares (Decree 35 Art. 37 cl. 2)."""
        return sorted({t.enterprise for t in self.tenants.values() if t.counts_as_enterprise})

    def grid_factor(self, year: int) -> float:
        return self.grid_factors[year]


class _Resolver:
    """Converts figures and remembers where each came from."""

    def __init__(self, raw: s.ParkFile, file: Path, locate: Any):
        self.raw = raw
        self.file = file
        self.locate = locate
        self.records: list[FigureRecord] = []
        self.cur, self.rates = park_money(self, raw.park)  # every money target is in cur
        self.ureg = registry(self.cur, self.rates)

    def error(self, message: str, key: str) -> InputError:
        file, shown, line = self.locate(key) if self.locate else (self.file, key, None)
        return InputError(message, file, shown, line)

    def _tag(self, source: str, key: str) -> str:
        if source == ESTIMATE:
            return "E"
        if source.startswith(SCENARIO_PREFIX):
            return "A"
        if source not in self.raw.sources:
            raise self.error(f"source '{source}' is not in the sources registry "
                             f"(cite a source id or write 'estimate')", f"{key}.source")
        return self.raw.sources[source].tag

    def fig(self, fig: s.Figure | None, key: str, unit: str, default: float | None = None,
            per_year: bool = False, nonneg: bool = True) -> float | None:
        if fig is None:
            return default
        try:
            value = convert(fig.value, unit, self.ureg, per_year=per_year)
        except UnitProblem as exc:
            raise self.error(str(exc), f"{key}.value") from None
        if nonneg and value < 0:
            raise self.error(f"must not be negative (got {value:g} {unit})", f"{key}.value")
        self.records.append(FigureRecord(key, value, unit, fig.source,
                                         self._tag(fig.source, key), fig.note))
        return value

    def effect(self, eff: s.Effect | None, key: str, unit: str) -> Effect:
        if eff is None:
            return Effect()
        if (eff.scale is None) == (eff.delta is None):
            raise self.error("give exactly one of 'scale' (fraction) or 'delta' (amount)", key)
        tag = self._tag(eff.source, key)
        if eff.scale is not None:
            if eff.scale < -1:
                raise self.error(f"scale {eff.scale} would make the amount negative", f"{key}.scale")
            self.records.append(FigureRecord(key + ".scale", eff.scale, "fraction", eff.source,
                                             tag, eff.note))
            return Effect(scale=float(eff.scale))
        try:
            delta = convert(eff.delta, unit, self.ureg, per_year=True)
        except UnitProblem as exc:
            raise self.error(str(exc), f"{key}.delta") from None
        self.records.append(FigureRecord(key + ".delta", delta, unit, eff.source, tag, eff.note))
        return Effect(delta=delta)

    def unit(self, text: str, key: str) -> str:
        try:
            check_unit(text, self.ureg)
        except UnitProblem as exc:
            raise self.error(str(exc), key) from None
        return text

    def location(self, loc: s.Location | None, key: str) -> tuple[float, float] | None:
        if loc is None:
            return None
        self._tag(loc.source, key)
        return (loc.lat, loc.lon)


def resolve_park(raw: s.ParkFile, file: Path, locate: Any = None) -> Park:
    """Check references and units; return the Park in canonical units.

    ``locate(key)`` gives (file, key as shown, line) of a dotted key for error messages.
    """
    r = _Resolver(raw, file, locate)
    resources = {rid: _resource(r, rid, res) for rid, res in raw.resources.items()}
    elec, grid = grid_of(r, raw, resources)
    tenants = {tid: _tenant(r, tid, t, resources) for tid, t in raw.tenants.items()}
    partners = {}
    for pid, p in raw.partners.items():
        if pid in tenants:
            raise r.error(f"'{pid}' is both a tenant and a partner", f"partners.{pid}")
        partners[pid] = Partner(pid, p.name, p.kind, r.location(p.location, f"partners.{pid}.location"),
                                {res: r.fig(f, f"partners.{pid}.demand.{res}",
                                            _unit_of(r, resources, res, f"partners.{pid}.demand.{res}"),
                                            per_year=True)
                                 for res, f in p.demand.items()}, p.name_vi)
    processes = resolve_processes(r, raw, resources, tenants, partners)
    check_process_ends(r, raw.exchanges, processes)  # exchange ends may name processes
    ends = {**tenants, **process_ends(processes)} if processes else tenants
    exchanges = {eid: _exchange(r, eid, e, resources, ends, partners)
                 for eid, e in raw.exchanges.items()}
    measures = {mid: _measure(r, mid, m, resources, tenants) for mid, m in raw.measures.items()}
    loc = raw.park.location
    counting = sorted({t.enterprise for t in tenants.values() if t.counts_as_enterprise})
    census = resolve_census(r, raw.park, counting)
    services = resolve_services(r, raw.park)
    return Park(id=raw.park.id, name=raw.park.name, file=file, currency=r.cur,
                vnd_per_usd=r.rates.get("USD") if r.cur == "VND" else None,
                exchange_rates=r.rates, electricity=elec, grid_factors=grid, resources=resources,
                tenants=tenants, partners=partners, exchanges=exchanges, measures=measures,
                sources=raw.sources, figures=r.records, name_vi=raw.park.name_vi,
                location=(loc.lat, loc.lon) if loc else None, locate=locate, processes=processes,
                quality=resolve_quality(r, raw, resources, tenants, exchanges),
                census=census, services=services)


def _resource(r: _Resolver, rid: str, res: s.Resource) -> Resource:
    k = f"resources.{rid}"
    unit = r.unit(res.unit, f"{k}.unit")
    per = f"{r.cur}/({unit})"
    co2 = f"t/({unit})"
    return Resource(
        id=rid, name=res.name, unit=unit, kind=res.kind,
        price=r.fig(res.price, f"{k}.price", per),
        upstream_co2=r.fig(res.upstream_co2, f"{k}.upstream_co2", co2, 0.0),
        use_co2=r.fig(res.use_co2, f"{k}.use_co2", co2, 0.0),
        disposal_cost=r.fig(res.disposal_cost, f"{k}.disposal_cost", per),
        disposal_co2=r.fig(res.disposal_co2, f"{k}.disposal_co2", co2, 0.0),
        disposal_scope=res.disposal_scope,
        sale_price=r.fig(res.sale_price, f"{k}.sale_price", per),
        avoided_co2=r.fig(res.avoided_co2, f"{k}.avoided_co2", co2, 0.0),
        name_vi=res.name_vi)


def _tenant(r: _Resolver, tid: str, t: s.Tenant, resources: dict[str, Resource]) -> Tenant:
    k = f"tenants.{tid}"
    amounts = {}
    for side in ("inputs", "outputs"):
        amounts[side] = {
            rid: r.fig(f, f"{k}.{side}.{rid}", _unit_of(r, resources, rid, f"{k}.{side}.{rid}"),
                       per_year=True)
            for rid, f in getattr(t, side).items()}
    proc = None
    if t.processing is not None:
        p, pk = t.processing, f"{k}.processing"
        unit = r.unit(p.unit, f"{pk}.unit")
        state, year = state_of(r, p, pk, TODAY)
        proc = Processing(
            unit=unit, capacity=r.fig(p.capacity, f"{pk}.capacity", unit, per_year=True),
            state=state, in_service=year, existing=state == TODAY, capex=r.fig(p.capex, f"{pk}.capex", r.cur, 0.0),
            lifetime=r.fig(p.lifetime, f"{pk}.lifetime", "year", 1.0),
            opex_fixed=r.fig(p.opex_fixed, f"{pk}.opex_fixed", r.cur, 0.0, per_year=True),
            opex_var=r.fig(p.opex_var, f"{pk}.opex_var", f"{r.cur}/({unit})", 0.0),
            electricity=r.fig(p.electricity, f"{pk}.electricity", f"MWh/({unit})", 0.0))
        if not proc.existing and p.lifetime is None:
            raise r.error("a processing facility still to be built needs a lifetime", f"{pk}.lifetime")
        if proc.lifetime <= 0:
            raise r.error("lifetime must be positive", f"{pk}.lifetime.value")
    flags = t.flags
    r._tag(flags.source, f"{k}.flags")
    amounts["production"] = {p: r.fig(f, f"{k}.production.{p}", "t", per_year=True)
                             for p, f in t.production.items()}
    amounts["direct_co2"] = r.fig(t.direct_co2, f"{k}.direct_co2", "t", 0.0, per_year=True)
    lf = load_factor(r, t, k)
    today = {side: ({rid: v * lf for rid, v in a.items()} if isinstance(a, dict) else a * lf)
             for side, a in amounts.items()}
    return Tenant(
        id=tid, name=t.name, enterprise=t.enterprise or tid,
        counts_as_enterprise=t.counts_as_enterprise, sector=t.sector,
        location=r.location(t.location, f"{k}.location"),
        production=today["production"], inputs=today["inputs"], outputs=today["outputs"],
        direct_co2=today["direct_co2"], load_factor=lf, design=amounts,
        iso_management=flags.iso_management, years_legal_compliance=flags.years_legal_compliance,
        cleaner_production=flags.cleaner_production, processing=proc, name_vi=t.name_vi)


def _exchange(r: _Resolver, eid: str, e: s.Exchange, resources: dict[str, Resource],
              tenants: dict[str, Tenant], partners: dict[str, Partner]) -> Exchange:
    k = f"exchanges.{eid}"
    if e.from_ not in tenants:
        raise r.error(f"unknown tenant '{e.from_}' (known: {', '.join(sorted(tenants))})", f"{k}.from")
    if e.to not in tenants and e.to not in partners:
        raise r.error(f"unknown tenant or partner '{e.to}'", f"{k}.to")
    if e.to == e.from_:
        raise r.error("an exchange needs two different ends", f"{k}.to")
    unit = _unit_of(r, resources, e.resource, f"{k}.resource")
    runit = _unit_of(r, resources, e.replaces, f"{k}.replaces")
    if e.resource not in tenants[e.from_].outputs:
        raise r.error(f"tenant '{e.from_}' releases no '{e.resource}' (add it to its outputs)",
                      f"{k}.resource")
    if e.to in tenants and e.replaces not in tenants[e.to].inputs:
        raise r.error(f"tenant '{e.to}' needs no '{e.replaces}' (add it to its inputs)",
                      f"{k}.replaces")
    via_factor = 1.0
    if e.via is not None:
        hub = tenants.get(e.via)
        if hub is None or hub.processing is None:
            raise r.error(f"'{e.via}' is not a tenant with a processing block", f"{k}.via")
        try:
            via_factor = convert(f"1 {unit}", hub.processing.unit, r.ureg)
        except UnitProblem:
            raise r.error(f"'{e.resource}' is in {unit} but '{e.via}' processes "
                          f"{hub.processing.unit}: the units do not match", f"{k}.via") from None
    state, year = state_of(r, e, k, NEW)
    if state != TODAY and e.lifetime is None and e.capex is not None:
        raise r.error("an exchange with a capital cost needs a lifetime", f"{k}.lifetime")
    lifetime = r.fig(e.lifetime, f"{k}.lifetime", "year", 1.0)
    if lifetime <= 0:
        raise r.error("lifetime must be positive", f"{k}.lifetime.value")
    ratio = r.fig(e.ratio, f"{k}.ratio", f"({runit})/({unit})")
    if ratio <= 0:
        raise r.error("ratio must be positive", f"{k}.ratio.value")
    return Exchange(
        id=eid, name=e.name or eid, supplier=e.from_, receiver=e.to, via=e.via,
        resource=e.resource, replaces=e.replaces, ratio=ratio,
        capacity=r.fig(e.capacity, f"{k}.capacity", unit, per_year=True),
        existing=state == TODAY, state=state, in_service=year,
        capex=r.fig(e.capex, f"{k}.capex", r.cur, 0.0), lifetime=lifetime,
        opex_fixed=r.fig(e.opex_fixed, f"{k}.opex_fixed", r.cur, 0.0, per_year=True),
        opex_var=r.fig(e.opex_var, f"{k}.opex_var", f"{r.cur}/({unit})", 0.0, nonneg=False),
        price=r.fig(e.price, f"{k}.price", f"{r.cur}/({unit})", 0.0, nonneg=False),
        electricity=r.fig(e.electricity, f"{k}.electricity", f"MWh/({unit})", 0.0),
        transport_co2=r.fig(e.transport_co2, f"{k}.transport_co2", f"t/({unit})", 0.0),
        distance_km=r.fig(e.distance_km, f"{k}.distance_km", "km"),
        via_factor=via_factor, name_vi=e.name_vi)
