"""Conversion processes: plants whose inputs and outputs follow a throughput decision.

Written under ``processes:`` (with ``tenant:``) or under ``tenants.X.processes`` (owned by
X). Each process has a throughput in its own ``unit`` (GJ of fuel, t of residue) and, per
unit of it, inputs and outputs. ``modes`` are alternative ways of running it that share
its capacity: a mode lists the amounts that differ from the process's own, and the
throughput is the sum of the modes' runs. An extraction CHP is two modes (condensing,
full extraction) whose mix gives power = η_e·fuel − β·heat with heat ≤ η_h·fuel.
See docs/model-format.md, "Conversion processes".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from symbiosis.load import schema as s
from symbiosis.load.refs import unit_of
from symbiosis.load.states import TODAY, state_of

BASE_MODE = "base"  # the one mode of a process written without ``modes``
EXTRACTION_MODES = ("condensing", "extraction")  # the two modes ``extraction:`` makes


@dataclass
class Process:
    """Its numbers sit where a sweep or Monte Carlo path names them, ``processes.<id>.…``
    (also for one written under its tenant): ``inputs``/``outputs`` as written, and
    ``modes`` holding each mode's own entries; ``yields`` combines them."""

    id: str
    name: str
    tenant: str                     # owner: pays its costs, carries its emissions
    unit: str                       # of throughput
    inputs: dict[str, float]        # per unit of throughput, in every mode unless replaced
    outputs: dict[str, float]
    modes: dict[str, dict[str, dict[str, float]]]  # mode → inputs/outputs → resource → per unit
    capacity: float | None          # throughput per year; None: unbounded (existing only)
    minimum: float                  # throughput per year when open
    existing: bool
    capex: float
    lifetime: float
    opex_fixed: float
    opex_var: float                 # park currency per unit of throughput
    direct_co2: float               # t CO2e per unit of throughput (scope 1)
    name_vi: str | None = None
    # An extraction CHP: {power, heat: resource ids; power_efficiency, heat_efficiency,
    # power_loss: numbers}; its two modes' power and heat are derived from these.
    extraction: dict[str, Any] | None = None
    key: str = ""                   # where it is written: processes.X or tenants.T.processes.X
    state: str = "today"            # today (= existing), committed or new: load/states.py
    in_service: float | None = None
    processing: None = None         # a process is an exchange end, never a `via` facility

    def yields(self, mode: str, side: str) -> dict[str, float]:
        """Per unit of ``mode``'s run: the process's own amounts, replaced by the mode's."""
        out = {**getattr(self, side), **self.modes[mode][side]}
        x = self.extraction
        if x is not None and side == "outputs":
            heat = x["heat_efficiency"] if mode == "extraction" else 0.0
            out[x["power"]] = x["power_efficiency"] - x["power_loss"] * heat
            out[x["heat"]] = heat
        return out

    def most(self, side: str) -> dict[str, float]:
        """Most of each input (or output) per unit of throughput, over the modes."""
        out: dict[str, float] = {}
        for mode in self.modes:
            for rid, y in self.yields(mode, side).items():
                out[rid] = max(out.get(rid, 0.0), y)
        return out


class _End:
    """A process as an exchange end for ``park._exchange``: what it can take and release."""

    processing = None  # never a `via` facility

    def __init__(self, p: Process):
        self.inputs, self.outputs = p.most("inputs"), p.most("outputs")


def process_ends(processes: dict[str, Process]) -> dict[str, _End]:
    return {pid: _End(p) for pid, p in processes.items()}


class _Written:
    """The resolver for one process: figures recorded under ``processes.<id>`` (the path
    sweeps use), errors reported at the key where the process is written."""

    def __init__(self, r: Any, canonical: str, written: str):
        self.r, self.canonical, self.written = r, canonical, written
        self.ureg, self.cur = r.ureg, r.cur

    def _where(self, key: str) -> str:
        return self.written + key[len(self.canonical):] if key.startswith(self.canonical) else key

    def error(self, message: str, key: str):
        return self.r.error(message, self._where(key))

    def unit(self, text: str, key: str) -> str:
        return self.r.unit(text, self._where(key))

    def fig(self, fig: Any, key: str, *args: Any, **kw: Any):
        value = self.r.fig(fig, self._where(key), *args, **kw)
        if fig is not None:  # recorded last, at the written key: file it at the canonical one
            self.r.records[-1] = replace(self.r.records[-1], path=key)
        return value


def _written(raw: s.ParkFile):
    """(id, dotted key, owner or None, schema) of every process, nested ones included."""
    for pid, p in raw.processes.items():
        yield pid, f"processes.{pid}", p.tenant, p
    for tid, t in raw.tenants.items():
        for pid, p in t.processes.items():
            yield pid, f"tenants.{tid}.processes.{pid}", tid, p


def resolve_processes(r: Any, raw: s.ParkFile, resources: dict[str, Any],
                      tenants: dict[str, Any], partners: dict[str, Any]) -> dict[str, Process]:
    out: dict[str, Process] = {}
    for pid, k, owner, p in _written(raw):
        if pid in tenants or pid in partners or pid in out:
            raise r.error(f"'{pid}' names another tenant, partner or process: a process id "
                          f"must be a node of its own", k)
        if owner is None:
            raise r.error("a process needs its owning 'tenant'", f"{k}.tenant")
        if owner not in tenants:
            raise r.error(f"unknown tenant '{owner}'", f"{k}.tenant")
        if p.tenant is not None and p.tenant != owner:
            raise r.error(f"written under tenant '{owner}' but says tenant '{p.tenant}'",
                          f"{k}.tenant")
        out[pid] = _process(_Written(r, f"processes.{pid}", k), pid, f"processes.{pid}", owner,
                            p, resources)
    return out


def _amounts(r: Any, figs: dict[str, s.Figure], key: str, unit: str,
             resources: dict[str, Any]) -> dict[str, float]:
    return {rid: r.fig(f, f"{key}.{rid}", f"({unit_of(r, resources, rid, f'{key}.{rid}')})/({unit})")
            for rid, f in figs.items()}


def _process(r: Any, pid: str, k: str, owner: str, p: s.Process,
             resources: dict[str, Any]) -> Process:
    unit = r.unit(p.unit, f"{k}.unit")
    common = {side: _amounts(r, getattr(p, side), f"{k}.{side}", unit, resources)
              for side in ("inputs", "outputs")}
    extraction = _extraction(r, p, k, unit, resources)
    modes = {}
    written = p.modes.items() if p.modes else [(BASE_MODE, None)]
    if extraction is not None:
        written = [(name, None) for name in EXTRACTION_MODES]
    for name, mode in written:
        modes[name] = {side: (_amounts(r, getattr(mode, side), f"{k}.modes.{name}.{side}", unit,
                                       resources) if mode else {})
                       for side in ("inputs", "outputs")}
        # An extraction's modes make power (its efficiency is checked positive).
        if extraction is None and not any(y > 0 for side in ("inputs", "outputs")
                                          for y in {**common[side], **modes[name][side]}.values()):
            where = f"{k}.modes.{name}" if mode else k
            raise r.error("a process (mode) needs at least one positive input or output", where)
    capacity = r.fig(p.capacity, f"{k}.capacity", unit, per_year=True)
    minimum = r.fig(p.minimum, f"{k}.minimum", unit, 0.0, per_year=True)
    state, year = state_of(r, p, k, TODAY)
    existing = state == TODAY
    if not existing:
        if capacity is None:
            raise r.error("a process still to be built needs a capacity (the bound of its "
                          "build decision)", f"{k}.capacity")
        if p.lifetime is None:
            raise r.error("a process still to be built needs a lifetime", f"{k}.lifetime")
    if capacity is not None and minimum > capacity:
        raise r.error(f"minimum {minimum:g} is above the capacity {capacity:g}", f"{k}.minimum")
    lifetime = r.fig(p.lifetime, f"{k}.lifetime", "year", 1.0)
    if lifetime <= 0:
        raise r.error("lifetime must be positive", f"{k}.lifetime.value")
    return Process(
        id=pid, name=p.name or pid, tenant=owner, unit=unit, inputs=common["inputs"],
        outputs=common["outputs"], modes=modes, capacity=capacity,
        minimum=minimum, existing=existing, state=state, in_service=year,
        capex=r.fig(p.capex, f"{k}.capex", r.cur, 0.0),
        lifetime=lifetime,
        opex_fixed=r.fig(p.opex_fixed, f"{k}.opex_fixed", r.cur, 0.0, per_year=True),
        opex_var=r.fig(p.opex_var, f"{k}.opex_var", f"{r.cur}/({unit})", 0.0, nonneg=False),
        direct_co2=r.fig(p.direct_co2, f"{k}.direct_co2", f"t/({unit})", 0.0),
        name_vi=p.name_vi, extraction=extraction, key=r.written)


def _extraction(r: Any, p: s.Process, k: str, unit: str,
                resources: dict[str, Any]) -> dict[str, Any] | None:
    x = p.extraction
    if x is None:
        return None
    xk = f"{k}.extraction"
    if p.modes:
        raise r.error("give either 'modes' or 'extraction', not both", xk)
    if x.power == x.heat:
        raise r.error("power and heat must be two different resources", f"{xk}.heat")
    for name in ("power", "heat"):
        rid = getattr(x, name)
        unit_of(r, resources, rid, f"{xk}.{name}")
        if rid in p.outputs:
            raise r.error(f"'{rid}' is also in outputs: extraction sets it", f"{xk}.{name}")
    power, heat = resources[x.power].unit, resources[x.heat].unit
    out = {"power": x.power, "heat": x.heat,
           "power_efficiency": r.fig(x.power_efficiency, f"{xk}.power_efficiency",
                                     f"({power})/({unit})"),
           "heat_efficiency": r.fig(x.heat_efficiency, f"{xk}.heat_efficiency",
                                    f"({heat})/({unit})"),
           "power_loss": r.fig(x.power_loss, f"{xk}.power_loss", f"({power})/({heat})")}
    if out["power_efficiency"] <= 0:
        raise r.error("power_efficiency must be positive", f"{xk}.power_efficiency.value")
    left = out["power_efficiency"] - out["power_loss"] * out["heat_efficiency"]
    if left < 0:
        raise r.error(f"at full extraction the plant would make negative power "
                      f"({out['power_efficiency']:g} − {out['power_loss']:g} × "
                      f"{out['heat_efficiency']:g} = {left:g})", f"{xk}.power_loss.value")
    return out


def check_process_ends(r: Any, exchanges: dict[str, s.Exchange],
                       processes: dict[str, Process]) -> None:
    """An exchange from a process carries one of its outputs; one to it, one of its inputs."""
    for eid, e in exchanges.items():
        k = f"exchanges.{eid}"
        src, dst = processes.get(e.from_), processes.get(e.to)
        if src is not None and e.resource not in src.most("outputs"):
            raise r.error(f"process '{e.from_}' outputs no '{e.resource}' (add it to its "
                          f"outputs or a mode's)", f"{k}.resource")
        if dst is not None and e.replaces not in dst.most("inputs"):
            raise r.error(f"process '{e.to}' takes no '{e.replaces}' (add it to its inputs "
                          f"or a mode's)", f"{k}.replaces")
        if e.via is not None and e.via in processes:
            raise r.error(f"'{e.via}' is a process: 'via' takes a tenant with a processing "
                          f"block; send the exchange to the process instead", f"{k}.via")
