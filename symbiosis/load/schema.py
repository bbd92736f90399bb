"""The park model file as written: pydantic models that check shape and types.

Units and references between entries are resolved later (``park.py``); this module
only says what a well-formed file looks like. Every number is a ``Figure`` that cites
a source id from the ``sources`` registry or the word ``estimate``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from symbiosis.load.ids import name_problem


def _not_bool(value: object) -> object:
    if isinstance(value, bool):  # YAML's true/yes would otherwise be read as 1
        raise ValueError(f"expected a number (with its unit if it has one), got "
                         f"{str(value).lower()}")
    return value


def _name(value: object) -> object:
    why = name_problem(value)
    if why:
        raise ValueError(why)
    return value


# Every id a file defines (a key of tenants, resources, … or an ``id:``): load/ids.py.
Id = Annotated[str, BeforeValidator(_name)]
# A plain number that must be finite and never a boolean (solver limits, …).
Finite = Annotated[float, BeforeValidator(_not_bool), Field(allow_inf_nan=False)]
# A string carries a unit: "850 kt", "1811 VND/kWh", "12 EUR/t".
Number = Annotated[float | int | str, BeforeValidator(_not_bool)]
State = Literal["today", "committed", "new"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Figure(Strict):
    """One number with its provenance."""

    value: Number
    source: str = Field(description="id in `sources`, or `estimate`")
    note: str | None = None


def _web_link(value: object) -> object:
    """Outputs link only to the web: a javascript:, file: or data: URL is refused."""
    if isinstance(value, str) and not re.match(r"https?://[^\s\x00-\x1f]+$", value.strip()):
        raise ValueError(f"a source's url must be an http(s) address (got {value[:60]!r})")
    return value.strip() if isinstance(value, str) else value


class Source(Strict):
    tag: Literal["S", "D", "E"] = Field(description="S stated, D derived, E estimate")
    title: str
    url: Annotated[str | None, BeforeValidator(_web_link)] = None
    note: str | None = None


class Location(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    source: str = "estimate"


class CensusMember(Strict):
    """One enterprise of the park's census, with what is known of it outside the model."""

    name: str
    name_vi: str | None = None
    enterprise: Id | None = Field(None, description="its enterprise id, when the model has it")
    cleaner_production: bool | None = Field(
        None, description="enterprises outside the model only (a modelled one: tenants' flags)")
    years_legal_compliance: float | None = Field(None, ge=0)
    source: str | None = Field(None, description="default: the census's source")
    note: str | None = None


class Census(Strict):
    """All enterprises of the park: the denominator of the Decree 35 shares (Art. 37 cl. 2)."""

    count: int | None = Field(None, ge=1, description="how many; default: len(members)")
    members: list[CensusMember] = Field(default_factory=list)
    source: str = Field(description="id in `sources`, or `estimate`")
    note: str | None = None


class Service(Strict):
    """A basic service of the park (Decree 35 Art. 37 cl. 1 b), as a sourced flag."""

    provided: bool
    source: str
    note: str | None = None


class WastewaterService(Service):
    capacity: Figure | None = Field(None, description="treatment capacity, e.g. 3000 m3/day")
    park_wastewater: Figure | None = Field(
        None, description="the park's wastewater to treat, e.g. 2400 m3/day")


class Services(Strict):
    """Art. 37 cl. 1 b's basic services; a service left out is not shown (needs-evidence)."""

    power_supply: Service | None = None
    water_supply: Service | None = None
    information: Service | None = None
    fire_protection: Service | None = None
    wastewater_treatment: WastewaterService | None = None
    symbiosis_support: Service | None = None


class ParkInfo(Strict):
    id: Id
    name: str
    name_vi: str | None = None
    province: str | None = None
    currency: str = Field("VND", description="ISO 4217 code of every amount (load/money.py)")
    exchange_rates: dict[str, Figure] = Field(
        default_factory=dict, description="units of the park currency per 1 unit of each code")
    vnd_per_usd: Figure | None = Field(None, description="VND parks: exchange_rates.USD")
    electricity: str | None = Field("electricity", description="resource bought from the grid; "
                                    "null: the park buys none (load/grid.py)")
    grid_factors: dict[int, Figure] = Field(default_factory=dict,
                                            description="t CO2e per MWh, by data year")
    location: Location | None = None
    enterprises: Census | None = Field(None, description="the park's enterprise census")
    services: Services | None = Field(None, description="basic services (Art. 37 cl. 1 b)")


class Property(Strict):
    """A quality property of streams (a contaminant, a temperature grade): its one unit."""

    name: str
    name_vi: str | None = None
    unit: str = Field(description="canonical unit of every value and limit: ppm, mg/L, K, GJ/t")
    note: str | None = None


class Limit(Strict):
    """Bounds on a property of what a need receives, mixed over its supplies."""

    max: Figure | None = None
    min: Figure | None = None


class Resource(Strict):
    name: str
    name_vi: str | None = None
    unit: str
    kind: Literal["material", "energy", "water"]
    price: Figure | None = Field(None, description="park currency per unit bought; none: cannot be bought")
    upstream_co2: Figure | None = Field(None, description="t CO2e per unit bought (scope 3)")
    use_co2: Figure | None = Field(None, description="t CO2e per unit used on site (scope 1)")
    disposal_cost: Figure | None = Field(None, description="park currency per unit; none: cannot be disposed")
    disposal_co2: Figure | None = None
    disposal_scope: Literal["scope1", "disposal"] = "disposal"
    sale_price: Figure | None = Field(None, description="park currency per unit sold; none: not sold")
    avoided_co2: Figure | None = Field(
        None, description="t CO2e avoided per unit replaced at an external partner")
    quality: dict[str, Figure] = Field(default_factory=dict,
                                       description="property → value of what is bought")


class Flags(Strict):
    """Facts a criterion needs; ``None`` means the data do not show it."""

    iso_management: bool | None = None
    years_legal_compliance: float | None = Field(None, ge=0)
    cleaner_production: bool | None = None
    source: str = "estimate"


class Processing(Strict):
    """A tenant through which exchanges pass (a grinder, a recycling line, a power plant)."""

    unit: str
    capacity: Figure
    existing: bool | None = None
    state: State | None = Field(None, description="today (running now), committed (under "
                                "construction or contracted) or new (a proposal); load/states.py")
    in_service: Figure | None = Field(None, description="year a committed option enters service")
    capex: Figure | None = None
    lifetime: Figure | None = None
    opex_fixed: Figure | None = None
    opex_var: Figure | None = Field(None, description="park currency per unit passing through")
    electricity: Figure | None = Field(None, description="MWh per unit passing through")


class Tenant(Strict):
    name: str
    name_vi: str | None = None
    enterprise: Id | None = Field(None, description="company id; defaults to the tenant id")
    counts_as_enterprise: bool = True
    sector: str
    location: Location | None = None
    production: dict[str, Figure] = Field(default_factory=dict, description="t per year")
    inputs: dict[str, Figure] = Field(default_factory=dict)
    outputs: dict[str, Figure] = Field(default_factory=dict)
    direct_co2: Figure | None = Field(None, description="t CO2e per year, process emissions")
    load_factor: Figure | None = Field(None, description="today's output as a share of design "
                                       "(0 stopped); scales production, inputs, outputs")
    flags: Flags = Field(default_factory=Flags)
    processing: Processing | None = None
    quality: dict[str, dict[str, Figure]] = Field(
        default_factory=dict, description="output resource → property → value as released")
    limits: dict[str, dict[str, Limit]] = Field(
        default_factory=dict, description="input resource → property → min/max as received")
    processes: dict[Id, "Process"] = Field(default_factory=dict,
                                            description="conversion processes this tenant owns")
    note: str | None = None


class Partner(Strict):
    name: str
    name_vi: str | None = None
    kind: Literal["cement", "building_materials", "chemicals", "construction", "mining",
                  "disposal", "grid", "market", "other"]
    location: Location | None = None
    demand: dict[str, Figure] = Field(default_factory=dict,
                                      description="most it takes per year, by resource replaced")
    note: str | None = None


class Exchange(Strict):
    name: str | None = None
    name_vi: str | None = None
    from_: str = Field(alias="from")
    to: str
    via: str | None = None
    resource: str
    replaces: str
    ratio: Figure = Field(description="units of `replaces` per unit of `resource`")
    capacity: Figure
    existing: bool | None = None
    state: State | None = Field(None, description="today (running now), committed (under "
                                "construction or contracted) or new (a proposal); load/states.py")
    in_service: Figure | None = Field(None, description="year a committed option enters service")
    capex: Figure | None = None
    lifetime: Figure | None = None
    opex_fixed: Figure | None = None
    opex_var: Figure | None = Field(None, description="park currency per unit supplied")
    price: Figure | None = Field(None, description="park currency per unit paid by receiver to supplier")
    electricity: Figure | None = Field(None, description="MWh per unit supplied")
    transport_co2: Figure | None = Field(None, description="t CO2e per unit supplied")
    distance_km: Figure | None = None
    quality: dict[str, Figure] = Field(
        default_factory=dict, description="property → value as delivered (after treatment)")
    note: str | None = None


class Effect(Strict):
    """A measure's change to one input, output or the direct emissions of its tenant."""

    scale: float | None = Field(None, description="fractional change, -0.08 = 8% less")
    delta: Number | None = Field(None, description="absolute change per year")
    source: str
    note: str | None = None


class Measure(Strict):
    tenant: str
    name: str
    name_vi: str | None = None
    capex: Figure
    lifetime: Figure
    opex_fixed: Figure | None = None
    inputs: dict[str, Effect] = Field(default_factory=dict)
    outputs: dict[str, Effect] = Field(default_factory=dict)
    direct_co2: Effect | None = None
    state: State | None = Field(None, description="today (running now), committed (under "
                                "construction or contracted) or new (a proposal); load/states.py")
    in_service: Figure | None = Field(None, description="year a committed option enters service")
    note: str | None = None


class ProcessMode(Strict):
    """One way to run a process; its entries replace the process's own for the same resource."""

    inputs: dict[str, Figure] = Field(default_factory=dict)
    outputs: dict[str, Figure] = Field(default_factory=dict)
    note: str | None = None


class Extraction(Strict):
    """An extraction CHP: power = power_efficiency·fuel − power_loss·heat, heat ≤
    heat_efficiency·fuel. Written instead of ``modes`` (it makes two: condensing, extraction)."""

    power: str = Field(description="resource of the power made, e.g. electricity")
    heat: str = Field(description="resource of the heat extracted, e.g. steam")
    power_efficiency: Figure = Field(description="power per unit of throughput, condensing")
    heat_efficiency: Figure = Field(description="most heat per unit of throughput")
    power_loss: Figure = Field(description="power lost per unit of heat extracted (β)")


class Process(Strict):
    """A conversion plant: inputs and outputs per unit of a throughput the model decides."""

    name: str | None = None
    name_vi: str | None = None
    tenant: str | None = Field(None, description="owner; implied under tenants.X.processes")
    unit: str = Field(description="unit of throughput, e.g. GJ (of fuel) or t (of residue)")
    inputs: dict[str, Figure] = Field(default_factory=dict, description="per unit of throughput")
    outputs: dict[str, Figure] = Field(default_factory=dict, description="per unit of throughput")
    modes: dict[Id, ProcessMode] = Field(default_factory=dict)
    extraction: Extraction | None = None
    capacity: Figure | None = Field(None, description="most throughput per year")
    minimum: Figure | None = Field(None, description="least throughput per year when open")
    existing: bool | None = None
    state: State | None = Field(None, description="today (running now), committed (under "
                                "construction or contracted) or new (a proposal); load/states.py")
    in_service: Figure | None = Field(None, description="year a committed option enters service")

    capex: Figure | None = None
    lifetime: Figure | None = None
    opex_fixed: Figure | None = None
    opex_var: Figure | None = Field(None, description="VND per unit of throughput")
    direct_co2: Figure | None = Field(None, description="t CO2e per unit of throughput (scope 1)")
    note: str | None = None


class ParkFile(Strict):
    park: ParkInfo
    sources: dict[Id, Source]
    resources: dict[Id, Resource]
    tenants: dict[Id, Tenant]
    partners: dict[Id, Partner] = Field(default_factory=dict)
    exchanges: dict[Id, Exchange] = Field(default_factory=dict)
    measures: dict[Id, Measure] = Field(default_factory=dict)
    properties: dict[Id, Property] = Field(default_factory=dict,
                                            description="quality properties, each with its unit")
    processes: dict[Id, Process] = Field(default_factory=dict)


Tenant.model_rebuild()
