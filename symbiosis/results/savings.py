"""One saving, against today, split into the committed pipeline's share and the proposal's.

``today`` is the scenario's baseline (existing options only, at today's loads);
``committed`` is today plus the projects under construction or contracted
(load/states.py); the scenario adds the proposal's new options. So

    scenario − today = (committed − today) + (scenario − committed)
      total saving   =  committed share    +  proposal's own share

Every place that shows a saving (CLI table, report, compare) reads it from here.
"""

from __future__ import annotations

from typing import Any

KEYS = ("cost_vnd_per_year", "carbon_cost_vnd_per_year", "co2_t_per_year",
        "co2_boundary_t_per_year", "avoided_co2_t_per_year_external", "capex_vnd")


def split(results: Any) -> dict[str, Any] | None:
    """{key: {total, committed, proposal}} for the KEYS, or None without a usable baseline."""
    b, c = results.baseline, results.committed
    if not (results.ok and b is not None and b.ok):
        return None
    if c is not None and not c.ok:
        return None
    out: dict[str, Any] = {"against": "today", "committed_options": [],
                           "committed_status": None}
    if c is not None:
        out["committed_options"] = list(c.scenario.policy.committed)
        out["committed_status"] = c.status
    for k in KEYS:
        now, base = results.totals.get(k), b.totals.get(k)
        if now is None or base is None:
            continue
        mid = c.totals.get(k, base) if c is not None else base
        out[k] = {"total": now - base, "committed": mid - base, "proposal": now - mid}
    return out


def reference(c: Any) -> dict[str, Any] | None:
    """The committed state's own figures for summary.json."""
    if c is None:
        return None
    return {"status": c.status, "options": list(c.scenario.policy.committed),
            **{k: c.totals.get(k) for k in KEYS}}


def partner_warnings(results: Any) -> list[str]:
    """Say it when CO2 avoided at partners falls against today's baseline (or the
    committed state): a plan can look better on the park's inventory while the cement
    plants outside burn more clinker, and the headline Δ CO2 does not show it."""
    out = []
    for label, ref in (("today", results.baseline), ("the committed state", results.committed)):
        if not (results.ok and ref is not None and ref.ok):
            continue
        now = results.totals.get("avoided_co2_t_per_year_external", 0.0)
        before = ref.totals.get("avoided_co2_t_per_year_external", 0.0)
        if now < before - 1e-6 * max(1.0, abs(before)):
            mine = {x["id"]: x for x in results.tables.get("links", [])}
            dropped = [x["id"] for x in ref.tables.get("links", [])
                       if x.get("avoided_co2_external_t", 0) > 0 and x["flow"] > 0
                       and mine.get(x["id"], {}).get("flow", 0.0) < x["flow"]]
            out.append(f"CO2 avoided at partners falls from {before:,.0f} t/yr ({label}) to "
                       f"{now:,.0f} t/yr, not counted in the park's Δ CO2"
                       + (f"; links that abate at partners carry less: {', '.join(dropped)}"
                          if dropped else ""))
    return out
