"""The annual report indicators of Decree 35 Art. 43, against the baseline and the plan.

Art. 43 asks every year for (a) cleaner production kept up and its results, (b) the
symbiosis links, their results and the new enterprises taking part, (c) the savings
in materials, water, energy and chemicals and the emission reductions. Each indicator
is a row of one tidy table (``monitor-indicators.csv``):

| column | meaning |
| --- | --- |
| group | production, cleaner_production, symbiosis, savings, emissions |
| indicator | the indicator's name (below) |
| level | park, enterprise, tenant, link, measure or resource |
| subject, item | what it is about (a tenant and a resource, a link, a measure and a resource…) |
| baseline, expected, plan, actual | the same quantity in the baseline, in the baseline scaled to this year's production (see ``accounts``), in the plan scaled likewise (amounts of use), or as planned (flows, counts), and this year |
| value | the indicator itself (a saving, a reduction, a flow, a count) |
| share | value as a fraction (of the expected amount, of capacity, of the release…) |
| target | a Decree 35 threshold where one applies |

Savings are ``expected − actual`` (normalised by production); emission reductions are
``baseline − actual`` (absolute: what an inventory counts), with the normalised one in
``co2_reduction_normalised``. Scope 2 of the baseline and of the plan is restated at
the grid factor used for the actual year, so a change in the grid does not pass for
a result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symbiosis.errors import InputError
from symbiosis.load import pairs
from symbiosis.load.census import outside_cleaner_production, share_denominator
from symbiosis.load.park import Park
from symbiosis.load.scenario import Scenario
from symbiosis.monitor.accounts import Account, Year, account_year
from symbiosis.monitor.actuals import SCOPES, Actuals
from symbiosis.monitor.gaps import find_gaps
from symbiosis.monitor.reference import (Reference, default_grid_year,
                                         from_result_dir, solve_baseline, thresholds)
from symbiosis.units import UnitProblem, convert, park_units

KIND_UNITS = {"material": ("materials", "t"), "chemical": ("chemicals", "t"),
              "water": ("water", "m3"), "energy": ("energy", "MWh")}
KIND_ORDER = ("materials", "chemicals", "water", "energy")
CO2_ITEMS = SCOPES + ("total",)
NORMALISATION = (
    "Each tenant's amounts are compared with its baseline amounts scaled by its production "
    "ratio (this year's reported production over the model's, by mass over the products "
    "reported; a tenant without production figures takes its enterprise's ratio; 1 when "
    "nothing is reported). Saving = baseline × ratio − actual. Emission reductions are "
    "absolute (baseline − actual), with the normalised reduction given apart.")


@dataclass
class MonitorResult:
    park: Park
    actuals: Actuals
    year: Year
    rows: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    measure_results: dict[str, bool | None] = field(default_factory=dict)  # kept-up measures

    def get(self, indicator: str, subject: str = "park", item: str = "",
            level: str | None = None) -> dict[str, Any]:
        """One indicator row; KeyError if there is none."""
        for r in self.rows:
            if r["indicator"] == indicator and r["subject"] == subject and r["item"] == item \
                    and (level is None or r["level"] == level):
                return r
        raise KeyError(f"no indicator {indicator} for {subject} {item}".strip())


def _row(group: str, indicator: str, level: str, subject: str, item: str = "", unit: str = "",
         baseline: float | None = None, expected: float | None = None,
         plan: float | None = None, actual: float | None = None, value: float | None = None,
         share: float | None = None, target: float | None = None, note: str = "") -> dict:
    return {"group": group, "indicator": indicator, "level": level, "subject": subject,
            "item": item, "unit": unit, "baseline": baseline, "expected": expected, "plan": plan,
            "actual": actual, "value": value, "share": share, "target": target, "note": note}


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or abs(b) < 1e-12:
        return None
    return a / b


class _Build:
    def __init__(self, park: Park, a: Actuals, y: Year, base: Reference, plan: Reference | None,
                 crit: dict[str, tuple[float, str]]):
        self.park, self.a, self.y, self.base, self.plan, self.crit = park, a, y, base, plan, crit
        self.gf = y.grid_factor
        self.rows: list[dict[str, Any]] = []
        self.summary: dict[str, Any] = {}
        self.ents = park.enterprises()
        # The checklist's rules (load/pairs.py, load/census.py): links join the counting
        # enterprises only, are counted by (enterprises, resource), shares over the census.
        self.link_ents = {eid: pairs.joined(park, eid) for eid in park.exchanges}
        self.n = share_denominator(park)
        self.ureg = park_units(park)
        self.excluded: set[str] = set()

    def add(self, *args, **kw) -> dict[str, Any]:
        r = _row(*args, **kw)
        self.rows.append(r)
        return r

    def acc(self, tid: str) -> Account:
        return self.y.accounts[tid]

    # ------------------------------------------------------------ production

    def production(self) -> None:
        for tid, t in self.park.tenants.items():
            acc = self.acc(tid)
            if acc.ratio_basis == "none":
                continue
            model, actual = acc.production if acc.ratio_basis == "production" else (None, None)
            note = {"production": "reported production over the model's",
                    "enterprise": f"ratio of enterprise {t.enterprise}",
                    "not-reported": "production not reported: ratio 1",
                    "stopped": "stopped today (load_factor 0): no production"}[acc.ratio_basis]
            self.add("production", "production_ratio", "tenant", tid, unit="t",
                     baseline=model, actual=actual, value=acc.ratio, note=note)

    # ------------------------------------------------------------ savings (Art. 43 c)

    def kind_factor(self, rid: str) -> tuple[str, float] | None:
        r = self.park.resources[rid]
        name, unit = KIND_UNITS.get(r.kind, (r.kind, None))
        if unit is None:
            return None
        try:
            return name, convert(f"1 {r.unit}", unit, self.ureg)
        except UnitProblem:
            self.excluded.add(rid)
            return None

    def use_rows(self) -> dict[tuple[str, str], list[float | None]]:
        """Per tenant × input; returns {(enterprise, kind): [base, exp, plan, actual]} sums."""
        sums: dict[tuple[str, str], list[float | None]] = {}
        self.tenant_kind: dict[tuple[str, str], list[float | None]] = {}
        for tid, t in self.park.tenants.items():
            acc = self.acc(tid)
            for rid in t.inputs:
                b = self.base.use.get((tid, rid), 0.0)
                exp = b * acc.ratio
                pl = self.plan.use.get((tid, rid), 0.0) * acc.ratio if self.plan else None
                act = acc.use[rid]
                note = "" if acc.use_reported[rid] else "not reported: taken as expected"
                self.add("savings", "resource_use", "tenant", tid, rid,
                         self.park.resources[rid].unit, b, exp, pl, act, exp - act,
                         _div(exp - act, exp), note=note)
                kf = self.kind_factor(rid)
                if kf is None:
                    continue
                kind, f = kf
                for key, store in (((t.enterprise, kind), sums), ((tid, kind), self.tenant_kind)):
                    s = store.setdefault(key, [0.0, 0.0, 0.0 if self.plan else None, 0.0])
                    s[0] += b * f
                    s[1] += exp * f
                    if self.plan:
                        s[2] += pl * f
                    s[3] += act * f
        return sums

    def kinds(self) -> list[str]:
        present = [KIND_UNITS[r.kind][0] for r in self.park.resources.values()
                   if r.kind in KIND_UNITS]
        return [k for k in KIND_ORDER if k in present or k in ("materials", "water", "energy")]

    def kind_rows(self, indicator: str, group: str, sums: dict[tuple[str, str], list],
                  subjects: list[str], note: str = "") -> dict[str, list]:
        park_tot: dict[str, list] = {}
        units = {v[0]: v[1] for v in KIND_UNITS.values()}
        for kind in self.kinds():
            tot = [0.0, 0.0, 0.0 if self.plan else None, 0.0]
            for subj in subjects:
                s = sums.get((subj, kind))
                if s is None:
                    continue
                self.add(group, indicator, "enterprise", subj, kind, units[kind], s[0], s[1],
                         s[2], s[3], s[1] - s[3], _div(s[1] - s[3], s[1]), note=note)
                for i in range(4):
                    if tot[i] is not None:
                        tot[i] += s[i]
            park_tot[kind] = tot
            self.add(group, indicator, "park", "park", kind, units[kind], *tot,
                     value=tot[1] - tot[3], share=_div(tot[1] - tot[3], tot[1]), note=note)
        return park_tot

    def savings(self) -> None:
        sums = self.use_rows()
        ents = sorted({t.enterprise for t in self.park.tenants.values()})
        note = "gross: the sum of tenants' use, resources passed between tenants included"
        tot = self.kind_rows("saving", "savings", sums, ents, note)
        bought: dict[tuple[str, str], list] = {}
        for tid, t in self.park.tenants.items():
            acc = self.acc(tid)
            for rid in t.inputs:
                kf = self.kind_factor(rid)
                if kf is None:
                    continue
                kind, f = kf
                s = bought.setdefault(("park", kind), [0.0, 0.0, 0.0 if self.plan else None, 0.0])
                b = self.base.bought.get((tid, rid), 0.0)
                s[0] += b * f
                s[1] += b * acc.ratio * f
                if self.plan:
                    s[2] += self.plan.bought.get((tid, rid), 0.0) * acc.ratio * f
                s[3] += acc.bought[rid] * f
        units = {v[0]: v[1] for v in KIND_UNITS.values()}
        for kind in self.kinds():
            s = bought.get(("park", kind), [0.0, 0.0, 0.0 if self.plan else None, 0.0])
            self.add("savings", "bought_in_saving", "park", "park", kind, units[kind], *s,
                     value=s[1] - s[3], share=_div(s[1] - s[3], s[1]),
                     note="bought from outside the park (grid, market)")
        self.summary["savings"] = {
            k: {"unit": units[k], "baseline": v[0], "expected": v[1], "plan": v[2],
                "actual": v[3], "saving": v[1] - v[3], "share": _div(v[1] - v[3], v[1])}
            for k, v in tot.items()}
        self.summary["savings_excluded_resources"] = sorted(self.excluded)

    # ------------------------------------------------------------ cleaner production (a)

    def measure_result(self, mid: str) -> bool | None:
        """Did a kept-up measure show a result? None when the data cannot tell."""
        park, m = self.park, self.park.measures[mid]
        t, acc = park.tenants[m.tenant], self.acc(m.tenant)
        results: list[bool] = []
        for side, base_amounts in (("inputs", t.inputs), ("outputs", t.outputs)):
            for rid, eff in getattr(m, side).items():
                model = (base_amounts[rid] * eff.scale + eff.delta) * acc.ratio
                b = (self.base.use if side == "inputs" else self.base.release).get(
                    (m.tenant, rid), 0.0) * acc.ratio
                actual = (acc.use if side == "inputs" else acc.release)[rid]
                reported = (acc.use_reported if side == "inputs" else acc.release_reported)[rid]
                if side == "inputs":
                    expect, got = -model, b - actual
                    word = "saving"
                else:
                    expect, got = model, actual - b
                    word = "change in release"
                got = got if reported else None
                self.add("cleaner_production", "measure_effect", "measure", mid, rid,
                         park.resources[rid].unit, b, expect, None, got, got, _div(got, expect),
                         note=f"{word} at {m.tenant}: modelled (expected) and measured (actual);"
                              " shared by every measure on the same resource"
                              + ("" if reported else "; not reported"))
                if got is not None and abs(model) > 0:
                    results.append(got * (expect / abs(expect)) > 1e-9 * max(1.0, abs(b)))
        d = m.direct_co2
        if d.scale or d.delta:
            model = -(t.direct_co2 * d.scale + d.delta) * acc.ratio
            got = None
            if acc.co2_reported["scope1"]:
                got = self.base.scopes(m.tenant, self.gf)["scope1"] * acc.ratio - acc.co2["scope1"]
                results.append(got * (1 if model >= 0 else -1) > 0)
            self.add("cleaner_production", "measure_effect", "measure", mid, "direct_co2", "t",
                     None, model, None, got, got, _div(got, model),
                     note="reduction of direct CO2 (needs the tenant's reported scope 1)")
        return any(results) if results else None

    def cleaner_production(self) -> None:
        park, y, plan = self.park, self.y, self.plan
        kept = [m for m, k in y.kept.items() if k]
        results: dict[str, bool | None] = {}
        for mid, m in park.measures.items():
            ent = park.tenants[m.tenant].enterprise
            note = "" if mid in y.kept_reported else "not reported: counted as not kept up"
            self.add("cleaner_production", "measure_kept_up", "measure", mid, m.tenant, "",
                     0.0, None, (1.0 if mid in plan.adopted else 0.0) if plan else None,
                     float(y.kept[mid]), float(y.kept[mid]), note=(note or f"enterprise {ent}"))
            if y.kept[mid]:
                results[mid] = self.measure_result(mid)
        flagged = {t.enterprise for t in park.tenants.values()
                   if t.counts_as_enterprise and t.cleaner_production}
        with_measure = {park.tenants[park.measures[m].tenant].enterprise for m in kept}
        with_result = {park.tenants[park.measures[m].tenant].enterprise
                       for m, r in results.items() if r}
        planned = {park.tenants[park.measures[m].tenant].enterprise
                   for m in (plan.adopted if plan else ())}
        n = self.n
        outside = outside_cleaner_production(park)
        cp = sorted((with_measure | flagged) & set(self.ents))
        target, article = self.crit["cleaner_production_share"]
        for ent in sorted({t.enterprise for t in park.tenants.values()}):
            self.add("cleaner_production", "enterprise_cleaner_production", "enterprise", ent,
                     baseline=float(ent in flagged),
                     plan=float(ent in planned | flagged) if plan else None,
                     actual=float(ent in cp or ent in with_measure),
                     value=float(ent in cp or ent in with_measure),
                     note="; ".join(x for x in (
                         "kept-up measure with results" if ent in with_result else
                         "kept-up measure" if ent in with_measure else "",
                         "flagged as applying cleaner production in the model"
                         if ent in flagged else "",
                         "" if ent in self.ents else "does not count toward the park's shares")
                         if x))
        self.add("cleaner_production", "measures_kept_up", "park", "park", "", "", 0.0, None,
                 float(len(plan.adopted)) if plan else None, float(len(kept)), float(len(kept)))
        plan_share = _div(len((planned | flagged) & set(self.ents)) + outside, n) if plan else None
        share = _div(len(cp) + outside, n) or 0.0
        self.add("cleaner_production", "cleaner_production_share", "park", "park", "", "share",
                 _div(len(flagged & set(self.ents)) + outside, n), None, plan_share, share, share,
                 target=target, note=f"Decree 35 {article}: enterprises with a kept-up measure "
                                     "(or flagged in the model or the census) over the park's "
                                     f"{n} enterprises" + ("" if park.census else
                                                           " (no census: the modelled ones)"))
        share_r = _div(len(with_result & set(self.ents)) + outside, n) or 0.0
        self.add("cleaner_production", "cleaner_production_share_with_results", "park", "park",
                 "", "share", None, None, None, share_r, share_r, target=target,
                 note="enterprises whose kept-up measure shows a measured result")
        # results: savings of the tenants with kept-up measures
        tenants = sorted({park.measures[m].tenant for m in kept})
        sums: dict[tuple[str, str], list] = {}
        for tid in tenants:
            ent = park.tenants[tid].enterprise
            for kind in self.kinds():
                s = self.tenant_kind.get((tid, kind))
                if s is None:
                    continue
                tot = sums.setdefault((ent, kind), [0.0, 0.0, 0.0 if plan else None, 0.0])
                for i in range(4):
                    if tot[i] is not None:
                        tot[i] += s[i]
        cp_ents = sorted({e for e, _ in sums})
        self.kind_rows("cleaner_production_saving", "cleaner_production", sums, cp_ents,
                       note="tenants with a kept-up measure")
        self.measure_results = results
        self.summary["cleaner_production"] = {
            "measures_kept_up": sorted(kept), "measures_planned": sorted(plan.adopted)
            if plan else None,
            "measures_dropped": sorted(m for m in (plan.adopted if plan else ())
                                       if not y.kept[m]),
            "measures_without_result": sorted(m for m, r in results.items() if r is False),
            "enterprises": cp, "enterprises_with_results": sorted(with_result & set(self.ents)),
            "share": share, "share_with_results": share_r, "plan_share": plan_share,
            "target": target, "article": article, "meets_target": share >= target - 1e-12}

    # ------------------------------------------------------------ symbiosis (b)

    def participants(self, operating: set[str]) -> set[str]:
        out = set()
        for eid in operating:
            if len(self.link_ents[eid]) >= 2:
                out |= self.link_ents[eid]
        return out

    def symbiosis(self) -> None:
        park, y, base, plan = self.park, self.y, self.base, self.plan
        res, ten = park.resources, park.tenants
        op = y.operating()
        for eid, e in park.exchanges.items():
            flow, unit = y.flows[eid], res[e.resource].unit
            pl = plan.flows.get(eid, 0.0) if plan else None
            status = "operating" if eid in op else (
                "not operating" if eid in y.flow_reported else "not reported: counted as 0")
            kind = "symbiosis" if len(self.link_ents[eid]) >= 2 else (
                "to a partner outside the park" if e.receiver in park.partners else
                "with park infrastructure" if any(
                    n in ten and not ten[n].counts_as_enterprise
                    for n in (e.supplier, e.via, e.receiver)) else "within one enterprise")
            self.add("symbiosis", "link_flow", "link", eid, e.resource, unit,
                     base.flows.get(eid, 0.0), None, pl, flow, flow, _div(flow, e.capacity),
                     note=f"{status}; {kind}; share = of capacity")
            if eid not in op and not (pl or base.flows.get(eid)):
                continue
            release = self.acc(e.supplier).release.get(e.resource, 0.0)
            self.add("symbiosis", "link_reuse_share", "link", eid, e.resource, "share",
                     _div(base.flows.get(eid, 0.0), base.release.get((e.supplier, e.resource))),
                     None, _div(pl, plan.release.get((e.supplier, e.resource))) if plan else None,
                     _div(flow, release), _div(flow, release),
                     note=f"share of {e.supplier}'s {e.resource} the link takes")
            self.add("symbiosis", "link_substitution", "link", eid, e.replaces,
                     res[e.replaces].unit, base.flows.get(eid, 0.0) * e.ratio, None,
                     pl * e.ratio if plan else None, flow * e.ratio, flow * e.ratio,
                     note=f"{e.replaces} replaced at {e.receiver}")
        links_op = sorted(op)
        b_op, p_op = base.operating(), plan.operating() if plan else set()
        # Counted once per pair of enterprises and resource, as the checklist counts.
        sym, b_sym, p_sym = ([f"{g[0]}:{g[1]}" for g in pairs.groups(park, sorted(x))]
                             for x in (op, b_op, p_op))
        target, article = self.crit["symbiosis_links"]
        self.add("symbiosis", "links_operating", "park", "park", "", "links", len(b_op), None,
                 len(p_op) if plan else None, len(op), len(op),
                 note="links with flow > 0, partners outside the park included")
        self.add("symbiosis", "symbiosis_links_operating", "park", "park", "", "links",
                 len(b_sym), None, len(p_sym) if plan else None, len(sym), len(sym),
                 target=target, note=f"Decree 35 {article}: operating links joining two or "
                                     "more enterprises of the park, once per pair of enterprises "
                                     "and resource")
        now, was, planned = self.participants(op), self.participants(b_op), \
            self.participants(p_op) if plan else set()
        n = self.n
        self.add("symbiosis", "symbiosis_participants", "park", "park", "", "enterprises",
                 len(was), None, len(planned) if plan else None, len(now), len(now),
                 _div(len(now), n), note="share = of the park's enterprises; " +
                                         ", ".join(sorted(now)))
        new = sorted(now - was)
        unplanned = sorted(now - was - planned)
        self.add("symbiosis", "new_members", "park", "park", "", "enterprises", None, None,
                 len(planned - was) if plan else None, len(new), len(new),
                 note="in an operating symbiosis link, not in the baseline's links: " +
                      (", ".join(new) or "none"))
        if plan:
            self.add("symbiosis", "new_members_unplanned", "park", "park", "", "enterprises",
                     None, None, None, len(unplanned), len(unplanned),
                     note="new members not in the plan's links either: " +
                          (", ".join(unplanned) or "none"))
        for ent in sorted({t.enterprise for t in ten.values()}):
            if ent not in now | was | planned:
                continue
            tag = "new member" if ent in new else ""
            if ent in unplanned and plan:
                tag += ", not in the plan"
            if ent in (was | planned) and ent not in now:
                tag = "no longer in an operating link" if ent in was else "planned, not joined"
            self.add("symbiosis", "enterprise_in_symbiosis", "enterprise", ent, "", "",
                     float(ent in was), None, float(ent in planned) if plan else None,
                     float(ent in now), float(ent in now), note=tag)
        # by-products reused, and waste kept from disposal (material, disposable, in t)
        waste = [0.0, 0.0 if plan else None, 0.0]
        for rid in sorted({e.resource for e in park.exchanges.values()}):
            links = [e for e in park.exchanges.values() if e.resource == rid]
            amounts = [sum(ref.flows.get(e.id, 0.0) for e in links) if ref else None
                       for ref in (base, plan)] + [sum(y.flows[e.id] for e in links)]
            released = sum(a.release.get(rid, 0.0) for a in y.accounts.values())
            self.add("symbiosis", "byproduct_reused", "resource", rid, rid, res[rid].unit,
                     amounts[0], None, amounts[1], amounts[2], amounts[2],
                     _div(amounts[2], released), note="share = of the park's release this year")
            x = res[rid]
            if x.kind == "material" and x.disposable:
                try:
                    f = convert(f"1 {x.unit}", "t", self.ureg)
                except UnitProblem:
                    continue
                for i, v in enumerate(amounts):
                    if v is not None and waste[i] is not None:
                        waste[i] += v * f
        self.add("symbiosis", "waste_reused", "park", "park", "", "t", waste[0], None, waste[1],
                 waste[2], waste[2], note="disposable materials reused through links")
        self.summary["symbiosis"] = {
            "links_operating": links_op, "symbiosis_links_operating": sym,
            "symbiosis_links_planned": sorted(p_sym) if plan else None,
            "target": target, "article": article, "meets_target": len(sym) >= target,
            "participants": sorted(now), "participation_share": _div(len(now), n),
            "new_members": new, "new_members_unplanned": unplanned if plan else None,
            "waste_reused_t": waste[2]}

    # ------------------------------------------------------------ emissions (c)

    def emissions(self) -> None:
        park, y, base, plan, gf = self.park, self.y, self.base, self.plan, self.gf
        park_tot = {k: [0.0, 0.0, 0.0 if plan else None, 0.0] for k in CO2_ITEMS}
        ent_tot: dict[str, list] = {}
        for tid, t in park.tenants.items():
            acc = self.acc(tid)
            b = base.scopes(tid, gf)
            p = plan.scopes(tid, gf) if plan else None
            for item in CO2_ITEMS:
                bv = sum(b.values()) if item == "total" else b[item]
                pv = (sum(p.values()) if item == "total" else p[item]) * acc.ratio if plan \
                    else None
                av = acc.co2_total if item == "total" else acc.co2[item]
                ev = bv * acc.ratio
                src = "" if item == "total" else ("reported" if acc.co2_reported[item]
                                                  else "computed")
                self.add("emissions", "co2", "tenant", tid, item, "t CO2e", bv, ev, pv, av,
                         bv - av, _div(bv - av, bv), note=src)
                for tot in (park_tot[item], ent_tot.setdefault(t.enterprise, [0.0] * 4)
                            if item == "total" else None):
                    if tot is None:
                        continue
                    for i, v in enumerate((bv, ev, pv, av)):
                        if tot[i] is not None and v is not None:
                            tot[i] += v
                        elif v is None:
                            tot[i] = None
        for ent, s in sorted(ent_tot.items()):
            self.add("emissions", "co2", "enterprise", ent, "total", "t CO2e", *s,
                     value=s[0] - s[3], share=_div(s[0] - s[3], s[0]))
        for item in CO2_ITEMS:
            s = park_tot[item]
            self.add("emissions", "co2", "park", "park", item, "t CO2e", *s, value=s[0] - s[3],
                     share=_div(s[0] - s[3], s[0]),
                     note="plan and expected scaled to this year's production")
        s = park_tot["total"]
        self.add("emissions", "co2_reduction_normalised", "park", "park", "total", "t CO2e",
                 *s, value=s[1] - s[3], share=_div(s[1] - s[3], s[1]),
                 note="expected (baseline at this year's production) − actual")
        avoided = [sum(base.co2.get(t, {}).get("avoided", 0.0) for t in park.tenants),
                   sum(plan.co2.get(t, {}).get("avoided", 0.0) for t in park.tenants)
                   if plan else None, sum(a.avoided for a in y.accounts.values())]
        self.add("emissions", "avoided_external", "park", "park", "", "t CO2e", avoided[0], None,
                 avoided[1], avoided[2], avoided[2], note="at partners outside the park; "
                                                          "not in the inventory")
        grid = [sum(base.co2.get(t, {}).get("grid_mwh", 0.0) for t in park.tenants),
                sum(plan.co2.get(t, {}).get("grid_mwh", 0.0) for t in park.tenants)
                if plan else None, sum(a.grid_mwh for a in y.accounts.values())]
        self.add("emissions", "grid_electricity", "park", "park", "", "MWh", grid[0], None,
                 grid[1], grid[2], grid[2])
        self.summary["emissions"] = {
            item: {"baseline": v[0], "expected": v[1], "plan": v[2], "actual": v[3],
                   "reduction": v[0] - v[3], "reduction_normalised": v[1] - v[3]}
            for item, v in park_tot.items()}
        self.summary["emissions"]["avoided_external"] = {
            "baseline": avoided[0], "plan": avoided[1], "actual": avoided[2]}
        self.summary["emissions"]["reported_values"] = len(self.a.emissions)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def indicators(park: Park, actuals: Actuals, plan: Any | None = None,
               grid_year: int | None = None, *, scenario: Scenario | None = None,
               baseline: Reference | None = None, flow_share: float = 0.8,
               co2_tolerance: float = 0.05) -> MonitorResult:
    """The Art. 43 indicators of one year, compared with the baseline and the plan.

    ``plan`` is a ``ResultDir`` (``present.resultdir.load_result_dir``) or None. The
    baseline is the plan's baseline tables when it has them; otherwise ``baseline``, or
    the baseline of ``scenario`` / of the model solved now. ``grid_year`` picks the grid
    factor for scope 2 (default: the actuals' year, else the latest published before it).
    Gaps: a planned link not operating or below ``flow_share`` of its planned flow, a
    planned measure not kept up, CO2 more than ``co2_tolerance`` above the plan, and the
    Decree 35 criteria not met.
    """
    if grid_year is not None and grid_year not in park.grid_factors:
        raise InputError(f"no grid emission factor for {grid_year} in the model (it has "
                         f"{', '.join(map(str, sorted(park.grid_factors)))})", park.file,
                         "park.grid_factors")
    plan_ref = base = None
    if plan is not None:
        plan_ref, base = from_result_dir(park, plan)
    source = "plan" if base is not None else "model"
    base = base or baseline or solve_baseline(park, scenario)
    if park.grid_factors:
        gy = grid_year if grid_year is not None else default_grid_year(park, actuals.year)
        gf = park.grid_factors[gy]
    else:  # a park that buys no grid power: scope 2 is 0
        gy, gf = None, 0.0
    year = account_year(park, actuals, base, gf)
    crit = thresholds(park, scenario)
    b = _Build(park, actuals, year, base, plan_ref, crit)
    b.production()
    b.savings()
    b.cleaner_production()
    b.symbiosis()
    b.emissions()
    result = MonitorResult(park=park, actuals=actuals, year=year, rows=b.rows,
                           measure_results=b.measure_results)
    result.gaps = find_gaps(park, year, b, flow_share, co2_tolerance)
    warnings = list(year.warnings) + [f"the plan has {u}, which the model does not"
                                      for u in (plan_ref.unknown if plan_ref else [])]
    from symbiosis.results.core import versions

    result.summary = {
        "year": actuals.year, "park": park.id, "park_name": park.name,
        "park_name_vi": park.name_vi, "model": str(park.file),
        "scenario": scenario.id if scenario else None, "actuals": str(actuals.file),
        "plan": str(plan.path) if plan is not None else None,
        "plan_scenario": plan.id if plan is not None else None,
        "baseline_source": source,
        "grid_factor": {"year": gy, "t_per_mwh": gf,
                        "plan_t_per_mwh": plan_ref.grid_factor if plan_ref else None},
        "enterprises": len(b.ents), "facts_reported": actuals.facts(),
        "rows_left_empty": len(actuals.blank),
        **b.summary,
        "gaps": len(result.gaps),
        "gaps_by_indicator": {k: sum(1 for g in result.gaps if g["indicator"] == k)
                              for k in dict.fromkeys(g["indicator"] for g in result.gaps)},
        "measure_results": b.measure_results,
        "warnings": warnings,
        "thresholds": {"flow_share_of_plan": flow_share, "co2_tolerance": co2_tolerance},
        "method": {
            "normalisation": NORMALISATION,
            "use": "An input is the amount of the resource itself the tenant used (bought or "
                   "received through a link of the same resource); what a link delivers in "
                   "its place is in the link's row.",
            "kinds": "Savings are summed per resource kind in t (materials, chemicals), m3 "
                     "(water) and MWh (energy); chemicals are counted under materials unless "
                     "the model types them 'chemical'.",
            "scope2": f"grid factor {gf} t CO2e/MWh of {gy} for the year, the baseline and "
                      "the plan alike"},
        "provenance": {**versions(), "actuals_sha256": _sha(actuals.file),
                       "generated_at": dt.datetime.now(dt.timezone.utc)
                       .isoformat(timespec="seconds")},
    }
    return result
