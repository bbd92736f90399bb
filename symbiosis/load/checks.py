"""Named consistency checks on a loaded scenario, run by ``validate`` and before each solve.

Each check is a small function returning ``Finding``s. Errors stop the run (exit 2);
warnings are printed and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from symbiosis.load.park import Park


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    check: str
    key: str
    message: str
    file: str | None = None  # where the key is written (set by api.check), for messages
    line: int | None = None
    shown: str | None = None  # the key as the user wrote it ("… (set by overrides.2)")

    def where(self) -> str:
        """"park.yaml:42: exchanges.x.ratio.value", or the bare key when not located."""
        if self.file is None:
            return self.key
        line = "" if self.line is None else f":{self.line}"
        return f"{self.file}{line}: {self.shown or self.key}"


def output_has_outlet(park: Park) -> list[Finding]:
    links = {(e.supplier, e.resource) for e in park.exchanges.values()}
    out = []
    for t in park.tenants.values():
        for rid, amount in t.outputs.items():
            r = park.resources[rid]
            if amount > 0 and not (r.disposable or r.sellable) :
                level = "warning" if (t.id, rid) in links else "error"
                out.append(Finding(level, "output_has_outlet", f"tenants.{t.id}.outputs.{rid}",
                                   f"'{rid}' can be neither disposed nor sold (give the resource a "
                                   f"disposal_cost or sale_price); only links can take it"))
    return out


def input_has_source(park: Park) -> list[Finding]:
    links = {(e.receiver, e.replaces) for e in park.exchanges.values()}
    out = []
    for t in park.tenants.values():
        for rid, amount in t.inputs.items():
            if amount > 0 and not park.resources[rid].purchasable and (t.id, rid) not in links:
                out.append(Finding("error", "input_has_source", f"tenants.{t.id}.inputs.{rid}",
                                   f"'{rid}' cannot be bought (no price) and no exchange supplies it"))
    return out


def measures_keep_amounts_positive(park: Park) -> list[Finding]:
    out = []
    for mid, m in park.measures.items():
        t = park.tenants[m.tenant]
        for side in ("inputs", "outputs"):
            for rid, eff in getattr(m, side).items():
                base = getattr(t, side)[rid]
                if base + base * eff.scale + eff.delta < -1e-9:
                    out.append(Finding("error", "measures_keep_amounts_positive",
                                       f"measures.{mid}.{side}.{rid}",
                                       f"takes {rid} of '{m.tenant}' below zero"))
    return out


def existing_links_use_existing_facilities(park: Park) -> list[Finding]:
    out = []
    for eid, e in park.exchanges.items():
        hub = park.tenants.get(e.via) if e.via else None
        if e.existing and hub and hub.processing and not hub.processing.existing:
            out.append(Finding("error", "existing_links_use_existing_facilities",
                               f"exchanges.{eid}.via",
                               f"an existing link cannot pass through '{e.via}', which is not built"))
    return out


def facilities_are_used(park: Park) -> list[Finding]:
    used = {e.via for e in park.exchanges.values() if e.via}
    return [Finding("warning", "facilities_are_used", f"tenants.{tid}.processing",
                    "no exchange passes through this facility")
            for tid, t in park.tenants.items() if t.processing and tid not in used]


def partners_are_used(park: Park) -> list[Finding]:
    used = {e.receiver for e in park.exchanges.values()}
    return [Finding("warning", "partners_are_used", f"partners.{pid}", "no exchange reaches it")
            for pid in park.partners if pid not in used]


def quality_limits_can_be_met(park: Park) -> list[Finding]:
    """A limit that no supply of the need meets (not the purchase, not any link) leaves the
    need unmet: the row allows no flow, since mixing cannot beat the best supply."""
    q, out = park.quality, []
    for (tid, rid), props in q.needs():
        if park.tenants[tid].inputs[rid] <= 0:
            continue
        links = [e for e in park.exchanges.values() if e.receiver == tid and e.replaces == rid]
        for pid, (lo, hi) in props.items():
            got = [q.of_link(e, pid) for e in links]
            if park.resources[rid].purchasable:
                got.append(q.of_purchase(rid, pid))
            ok = [v for v in got if (hi is None or v <= hi) and (lo is None or v >= lo)]
            if got and not ok:
                unit = q.properties[pid].unit
                bound = " and ".join(f"{k} {v:g} {unit}" for k, v in (("min", lo), ("max", hi))
                                     if v is not None)
                out.append(Finding("error", "quality_limits_can_be_met",
                                   f"tenants.{tid}.limits.{rid}.{pid}",
                                   f"no supply of '{rid}' meets the {pid} limit ({bound}): "
                                   f"values {', '.join(f'{v:g}' for v in got)} {unit}"))
    return out


def processes_can_run(park: Park) -> list[Finding]:
    """Each output of a process needs an outlet and each input a source, or the modes that
    use them cannot run (an error when the process must run, with a ``minimum``).

    An existing link to or from a process still to be built is allowed: it carries flow
    only if the process is built and run (a feed conveyor that comes with a reactor)."""
    sent = {(e.supplier, e.resource) for e in park.exchanges.values()}
    got = {(e.receiver, e.replaces) for e in park.exchanges.values()}
    out = []
    for pid, p in park.processes.items():
        level = "error" if p.minimum > 0 else "warning"
        for side, ends, word in (("outputs", sent, "no outlet"), ("inputs", got, "no source")):
            for rid, y in p.most(side).items():
                r = park.resources[rid]
                free = (r.disposable or r.sellable) if side == "outputs" else r.purchasable
                if y > 0 and not free and (pid, rid) not in ends:
                    out.append(Finding(level, "processes_can_run", f"{p.key}.{side}.{rid}",
                                       f"'{rid}' has {word} (no exchange, and the resource "
                                       f"cannot be {'disposed or sold' if side == 'outputs' else 'bought'}"
                                       f"): the modes that use it cannot run"))
        for mode in p.modes if p.capacity is None else ():
            ins, outs = p.yields(mode, "inputs"), p.yields(mode, "outputs")
            if not any(y > 0 and not park.resources[r].purchasable for r, y in ins.items()) \
                    and not any(y > 0 and not (park.resources[r].disposable
                                               or park.resources[r].sellable)
                                for r, y in outs.items()):
                out.append(Finding("error", "processes_can_run", f"{p.key}.capacity",
                                   f"nothing bounds the throughput of mode '{mode}': every input "
                                   f"can be bought and every output disposed of or sold; give "
                                   f"the process a capacity"))
                break
    return out


CHECKS = (output_has_outlet, input_has_source, measures_keep_amounts_positive,
          existing_links_use_existing_facilities, facilities_are_used, partners_are_used,
          quality_limits_can_be_met, processes_can_run)


def run_checks(park: Park) -> list[Finding]:
    from symbiosis.load.plausible import CHECKS as PLAUSIBLE  # it builds on Finding above

    return [f for check in CHECKS + PLAUSIBLE for f in check(park)]
