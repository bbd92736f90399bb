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
