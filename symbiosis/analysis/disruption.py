"""Disruption simulation: a run's network through years of random tenant outages.

``simulate(result, years, seed)`` draws, for every simulated year, 52 weekly up/down
states per tenant (``disrupt_outage``: a two-state Markov chain from availability and
mean repair time), spreads them along essential links (a receiver that cannot buy
the input it gets from a supplier that is down is down too), and lets each built
link deliver in a week only if its supplier, its facility (``via``) and its receiver
are all up. A partner (outside the park) is always up. A tenant that is down
neither releases by-products nor needs inputs: all its links are idle that week
(a simplification: no part-load, no stock that bridges a short outage).

Accounting (``disrupt_plan`` has the per-unit values). A link's planned flow moves
at ``flow / 52`` a week. In a week it does not deliver, its ends take their fallback
(the receiver buys the replaced input, the supplier disposes or sells), so the week
earns nothing of the link's value. Hence, for simulated year y,

    saving[y]        = Σ_links flow × value_per_unit × (weeks delivered / 52)
    co2_reduction[y] = Σ_links flow × co2_per_unit   × (weeks delivered / 52)

and the *planned* figures are the same sums with every week delivered; with no
outage the realised figures equal the planned ones exactly (``weeks / 52`` is then
exactly 1). Costs that outages do not change (capital, fixed opex of built links and
facilities) are reported apart (``fixed_annual_vnd``; net saving = saving − fixed).
What a tenant saves by being down (its own purchases and emissions) is the same with
or without the network, so it is left out; so is the value of lost production,
which the model does not hold: a cascade shows as weeks down per tenant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from symbiosis.analysis.disrupt_outage import (cascade, draw_states, load_reliability,
                                               reliability_table)
from symbiosis.analysis.disrupt_plan import (WEEKS, NetworkPlan, dependencies, plan_of,
                                             tenant_ids)

if TYPE_CHECKING:  # read from disk by present.resultdir; only the type is needed here
    from symbiosis.present.resultdir import ResultDir

__all__ = ["simulate", "DisruptionResult", "tenant_ids", "write_disruption", "WEEKS"]


def _stats(x: np.ndarray) -> dict[str, float]:
    """Mean and percentiles over the simulated years (axis 0)."""
    return {"mean": np.mean(x, axis=0), "p10": np.percentile(x, 10, axis=0),
            "p50": np.percentile(x, 50, axis=0), "p90": np.percentile(x, 90, axis=0)}


def _ratio(a: float, b: float) -> float | None:
    return float(a / b) if b else None


@dataclass
class DisruptionResult:
    plan: NetworkPlan
    years: int
    seed: int | None
    reliability: dict[str, dict[str, Any]]
    own_up: np.ndarray         # (years, weeks, tenants) own outages only
    up: np.ndarray             # (years, weeks, tenants) after the cascade
    delivered: np.ndarray      # (years, links) weeks each link delivered
    supplier_down: np.ndarray  # (years, links) weeks its supplier was down
    receiver_down: np.ndarray
    via_down: np.ndarray
    share: np.ndarray          # (years, links) delivered / 52
    saving: np.ndarray         # (years,) VND
    co2: np.ndarray            # (years,) t CO2e reduction on the park's inventory
    avoided: np.ndarray        # (years,) t CO2e avoided at external partners
    planned_saving: float
    planned_co2: float
    planned_avoided: float

    @property
    def links(self):
        return self.plan.links

    @property
    def tenants(self) -> list[str]:
        return self.plan.tenants

    def lost_flow(self) -> np.ndarray:
        """(years, links) planned flow that did not move."""
        flow = np.array([lk.flow for lk in self.links])
        return flow * (1.0 - self.share)

    def summary(self) -> dict[str, Any]:
        fixed = self.plan.fixed_annual_vnd
        out: dict[str, Any] = {
            "scenario": self.plan.result.id, "years": self.years, "weeks": WEEKS,
            "seed": self.seed, "links": len(self.links),
            "planned_saving_vnd": self.planned_saving,
            "planned_co2_reduction_t": self.planned_co2,
            "planned_avoided_co2_external_t": self.planned_avoided,
            "fixed_annual_vnd": fixed,
            "planned_net_saving_vnd": self.planned_saving - fixed,
            "planned_saving_existing_links_vnd": sum(
                lk.flow * lk.value_vnd for lk in self.links if lk.existing),
            "result_delta_cost_vnd": (self.plan.result.summary.get("delta") or {}).get(
                "cost_vnd_per_year"),
        }
        for name, x, plan in (("saving_vnd", self.saving, self.planned_saving),
                              ("co2_reduction_t", self.co2, self.planned_co2),
                              ("avoided_co2_external_t", self.avoided, self.planned_avoided)):
            for k, v in _stats(x).items():
                out[f"{k}_{name}"] = float(v)
                out[f"{k}_{name}_share_of_planned"] = _ratio(float(v), plan)
        for k, v in _stats(self.saving - fixed).items():
            out[f"{k}_net_saving_vnd"] = float(v)
        own_down = (~self.own_up).sum(axis=1)
        forced = (self.own_up & ~self.up).sum(axis=1)
        out["tenants"] = {t: {"own_weeks_down_mean": float(own_down[:, i].mean()),
                              "forced_weeks_down_mean": float(forced[:, i].mean())}
                          for i, t in enumerate(self.tenants)}
        return out

    def year_rows(self) -> list[dict[str, Any]]:
        own_down = (~self.own_up).sum(axis=(1, 2))
        forced = (self.own_up & ~self.up).sum(axis=(1, 2))
        fixed = self.plan.fixed_annual_vnd
        return [{"year": y + 1, "saving_vnd": float(self.saving[y]),
                 "saving_share_of_planned": _ratio(self.saving[y], self.planned_saving),
                 "net_saving_vnd": float(self.saving[y] - fixed),
                 "co2_reduction_t": float(self.co2[y]),
                 "co2_share_of_planned": _ratio(self.co2[y], self.planned_co2),
                 "avoided_co2_external_t": float(self.avoided[y]),
                 "tenant_weeks_down": int(own_down[y]), "tenant_weeks_forced_down": int(forced[y]),
                 "link_weeks_idle": int(WEEKS * len(self.links) - self.delivered[y].sum())}
                for y in range(self.years)]

    def link_rows(self) -> list[dict[str, Any]]:
        st = _stats(self.share)
        lost = self.lost_flow().mean(axis=0)
        rows = []
        for i, lk in enumerate(self.links):
            rows.append({
                "id": lk.id, "from": lk.supplier, "to": lk.receiver, "via": lk.via or "",
                "resource": lk.resource, "replaces": lk.replaces, "unit": lk.unit,
                "existing": int(lk.existing), "flow": lk.flow,
                "receiver_fallback": lk.receiver_fallback,
                "supplier_fallback": lk.supplier_fallback, "essential": int(lk.essential),
                "value_vnd_per_unit": lk.value_vnd, "co2_t_per_unit": lk.co2_t,
                "receiver_side_vnd_per_unit": lk.receiver_side_vnd,
                "supplier_side_vnd_per_unit": lk.supplier_side_vnd,
                "link_cost_vnd_per_unit": lk.link_cost_vnd,
                "planned_saving_vnd": lk.flow * lk.value_vnd,
                "planned_co2_reduction_t": lk.flow * lk.co2_t,
                "delivered_share_mean": float(st["mean"][i]),
                "delivered_share_p10": float(st["p10"][i]),
                "delivered_share_min": float(self.share[:, i].min()),
                "lost_flow_mean": float(lost[i]),
                "lost_saving_vnd_mean": float(lost[i] * lk.value_vnd),
                "lost_co2_reduction_t_mean": float(lost[i] * lk.co2_t),
                "weeks_supplier_down_mean": float(self.supplier_down[:, i].mean()),
                "weeks_receiver_down_mean": float(self.receiver_down[:, i].mean()),
                "weeks_via_down_mean": float(self.via_down[:, i].mean()),
            })
        return rows

    def dependency_rows(self) -> list[dict[str, Any]]:
        """Receivers × inputs with their suppliers, and how often the supply fell short."""
        idx = {t: i for i, t in enumerate(self.tenants)}
        pos = {lk.id: i for i, lk in enumerate(self.links)}
        rows = []
        for dep in dependencies(self.plan):
            ids = [pos[x] for x in dep["links"].split(";")]
            # Short: the receiver is up on its own while a supplier (or facility) is down.
            rcv = self.own_up[..., idx[dep["receiver"]]] if dep["receiver"] in idx \
                else np.ones(self.up.shape[:2], dtype=bool)
            short_weeks = np.zeros(self.up.shape[:2], dtype=bool)
            short_amount = np.zeros(self.years)
            for i in ids:
                lk = self.links[i]
                src = self.up[..., idx[lk.supplier]]
                if lk.via:
                    src = src & self.up[..., idx[lk.via]]
                gap = rcv & ~src
                short_weeks |= gap
                short_amount += lk.ratio * lk.flow * gap.sum(axis=1) / WEEKS
            need = dep["need"]
            rows.append({**dep, "weeks_short_mean": float(short_weeks.sum(axis=1).mean()),
                         "short_share_of_need_mean": float(short_amount.mean() / need)
                         if need else None})
        return rows


def _arrays(plan: NetworkPlan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tenant column of each link's supplier, receiver and facility; T = always up."""
    idx = {t: i for i, t in enumerate(plan.tenants)}
    always = len(plan.tenants)
    sup = np.array([idx[lk.supplier] for lk in plan.links], dtype=int)
    rcv = np.array([idx.get(lk.receiver, always) for lk in plan.links], dtype=int)
    via = np.array([idx.get(lk.via, always) if lk.via else always for lk in plan.links], dtype=int)
    return sup, rcv, via


def simulate(result: ResultDir, years: int, seed: int | None = 0,
             reliability: dict[str, Any] | str | Path | None = None,
             schedule: np.ndarray | None = None,
             down: dict[str, int] | None = None) -> DisruptionResult:
    """Simulate ``years`` years of weekly outages of the network of ``result``.

    ``reliability``: {tenant or "default": {availability, mean_repair_weeks}} or a
    YAML file of it. ``schedule``: own up states (bool, shape years × 52 × tenants in
    the order of ``tenant_ids(result)``) used instead of random draws. ``down``:
    {tenant: n} forces a tenant down for the first n weeks of every year (a stress
    test: n = 52 is a tenant stopped all year).
    """
    plan = plan_of(result)
    file = None
    if isinstance(reliability, (str, Path)):
        file, reliability = reliability, load_reliability(reliability)
    table = reliability_table(plan, reliability, file)
    T = len(plan.tenants)
    if schedule is not None:
        schedule = np.asarray(schedule, dtype=bool)
        if schedule.shape != (years, WEEKS, T):
            raise ValueError(f"schedule must have shape (years, {WEEKS}, tenants) = "
                             f"({years}, {WEEKS}, {T}); got {schedule.shape}")
        own_up = schedule.copy()
    else:
        if years < 1:
            raise ValueError("years must be at least 1")
        own_up = draw_states(np.random.default_rng(seed), years, table, plan.tenants)
    for tid, weeks in (down or {}).items():
        if tid not in plan.tenants:
            raise ValueError(f"'{tid}' is not a tenant (tenants: {', '.join(plan.tenants)})")
        own_up[:, :max(0, min(int(weeks), WEEKS)), plan.tenants.index(tid)] = False
    up = cascade(plan, own_up)

    sup, rcv, via = _arrays(plan)
    ext = np.concatenate([up, np.ones(up.shape[:2] + (1,), dtype=bool)], axis=2)
    moves = ext[:, :, sup] & ext[:, :, rcv] & ext[:, :, via]          # (years, weeks, links)
    delivered = moves.sum(axis=1)
    share = delivered / WEEKS
    flow = np.array([lk.flow for lk in plan.links])
    per_link = {name: flow * np.array([getattr(lk, attr) for lk in plan.links])
                for name, attr in (("saving", "value_vnd"), ("co2", "co2_t"),
                                   ("avoided", "avoided_external_t"))}
    # Exactly rounded sums (fsum): a year with every week delivered gives the plan exactly,
    # whatever order numpy would add in.
    realised = {k: np.array([math.fsum(row) for row in share * v]) for k, v in per_link.items()}
    planned = {k: math.fsum(v) for k, v in per_link.items()}
    return DisruptionResult(
        plan=plan, years=years, seed=None if schedule is not None else seed, reliability=table,
        own_up=own_up, up=up, delivered=delivered,
        supplier_down=(~ext[:, :, sup]).sum(axis=1), receiver_down=(~ext[:, :, rcv]).sum(axis=1),
        via_down=(~ext[:, :, via]).sum(axis=1), share=share,
        saving=realised["saving"], co2=realised["co2"], avoided=realised["avoided"],
        planned_saving=planned["saving"], planned_co2=planned["co2"],
        planned_avoided=planned["avoided"])


ACCOUNTING = ("saving[y] = Σ links flow × value_per_unit × weeks_delivered/52; value_per_unit = "
              "ratio × market price of the replaced input (receiver's fallback: buy) + cost of "
              "the supplier's outlet (dispose or sell) − the link's own cost per unit (links.csv "
              "annual_flow_cost_vnd / flow). CO2 likewise on the park inventory (scopes 1, 2, 3 "
              "upstream, disposal). Essential links (one end cuts output without them) are "
              "valued 0. Planned = every week delivered. Fixed annual costs (capital, fixed "
              "opex) are unaffected by outages and reported apart.")


def write_disruption(res: DisruptionResult, folder: str | Path,
                     metrics: dict[str, Any] | None = None) -> list[Path]:
    """Write disruption.csv, -links.csv, -dependencies.csv, network-metrics.csv, .json."""
    from symbiosis.analysis.output import save_csv, save_json
    from symbiosis.network.metrics import network_metrics

    folder = Path(folder)
    metrics = metrics if metrics is not None else network_metrics(res.plan.result)
    return [
        save_csv(folder, "disruption.csv", res.year_rows()),
        save_csv(folder, "disruption-links.csv", res.link_rows()),
        save_csv(folder, "disruption-dependencies.csv", res.dependency_rows()),
        save_csv(folder, "network-metrics.csv", metrics["nodes"]),
        save_json(folder, "disruption.json", {
            "summary": res.summary(), "reliability": res.reliability,
            "network": metrics["network"], "accounting": ACCOUNTING,
            "input_sha256": res.plan.result.summary.get("provenance", {}).get("input_sha256"),
            "notes": ["A tenant that is down releases nothing and needs nothing: all its links "
                      "are idle that week (no part-load, no stocks).",
                      "Partners outside the park are always up.",
                      "Each simulated year starts from the long-run state; years are "
                      "independent."]}),
    ]
