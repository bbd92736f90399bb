"""Tenant outages: reliability data, the weekly up/down chain, and the cascade.

Each tenant is up or down for a whole week. Its own outages follow a two-state
Markov chain: an up tenant fails in a week with probability ``p_f``, a down one is
repaired with probability ``p_r``. Repair times are then geometric with mean
``R = 1 / p_r`` weeks, and in the long run the share of weeks up is
``A = p_r / (p_f + p_r)`` (balance of the flows between the two states:
``A · p_f = (1 − A) · p_r``). Given the availability A and the mean repair time R:

    p_r = 1 / R,        p_f = (1 − A) / (A · R)

which needs ``R ≥ 1`` and ``p_f ≤ 1``, i.e. ``A ≥ 1 / (1 + R)``. Each simulated year
starts from the long-run state (up with probability A), so years are independent
draws of the same stationary process.

Defaults (an estimate, not data): availability 0.95 and 2 weeks mean repair, i.e.
about 1.3 outages a year of 2 weeks each. A tenant's figures come from, later
overriding earlier: these defaults; a ``default:`` entry of the reliability file;
the park model (``tenants.ID.reliability`` with ``availability`` and
``mean_repair_weeks``, once the schema has the field); the file's entry for the tenant.

Cascade: a tenant whose supplier on an essential link (see ``disrupt_plan``) is down,
or the facility that link passes through, is down too that week; so is a supplier
whose receiver on a link with no other outlet is down. Applied until nothing changes,
so outages travel along chains (flotation → DAP No.2 → DAP No.2's links).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from symbiosis.analysis.disrupt_plan import CUT, WEEKS, NetworkPlan
from symbiosis.errors import InputError

DEFAULT_AVAILABILITY = 0.95
DEFAULT_REPAIR_WEEKS = 2.0
FIELDS = ("availability", "mean_repair_weeks")


def chain_probabilities(availability: float, repair_weeks: float) -> tuple[float, float]:
    """(p_fail, p_repair) per week of the chain with this availability and mean repair."""
    if not 0 < availability <= 1:
        raise ValueError(f"availability must be in (0, 1] (got {availability:g})")
    if repair_weeks < 1:
        raise ValueError(f"mean_repair_weeks must be at least 1 week (got {repair_weeks:g})")
    p_fail = (1 - availability) / (availability * repair_weeks)
    if p_fail > 1:
        raise ValueError(f"availability {availability:g} is too low for a mean repair of "
                         f"{repair_weeks:g} weeks: it needs availability ≥ "
                         f"{1 / (1 + repair_weeks):.3g}")
    return p_fail, 1.0 / repair_weeks


def load_reliability(path: str | Path) -> dict[str, dict[str, float]]:
    """Read a reliability file: ``{tenant_id or default: {availability, mean_repair_weeks}}``."""
    path = Path(path)
    if not path.is_file():
        raise InputError("reliability file not found", path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc})", path) from None
    if not isinstance(data, dict):
        raise InputError("expected a mapping of tenant ids to {availability, "
                         "mean_repair_weeks}", path)
    return {str(k): v for k, v in data.items()}


def _number(v: Any) -> float:
    if isinstance(v, dict) and "value" in v:  # a model Figure {value, source}
        v = v["value"]
    return float(v)


def _entry(raw: Any, where: str, file: str | Path | None = None) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise InputError("expected {availability, mean_repair_weeks}", file, where)
    unknown = set(raw) - set(FIELDS) - {"source", "note"}
    if unknown:
        raise InputError(f"unknown key '{sorted(unknown)[0]}' (known: {', '.join(FIELDS)}, "
                         "source, note)", file, where)
    try:
        return {k: _number(raw[k]) for k in FIELDS if k in raw}
    except (TypeError, ValueError):
        raise InputError("availability and mean_repair_weeks must be numbers", file,
                         where) from None


def reliability_table(plan: NetworkPlan, given: dict[str, Any] | None,
                      file: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Per tenant: availability, mean repair weeks, chain probabilities and their source."""
    given = dict(given or {})
    default = {"availability": DEFAULT_AVAILABILITY, "mean_repair_weeks": DEFAULT_REPAIR_WEEKS}
    source = "default (estimate)"
    if "default" in given:
        default.update(_entry(given.pop("default"), "default", file))
        source = "reliability file: default"
    unknown = sorted(set(given) - set(plan.tenants))
    if unknown:
        raise InputError(f"'{unknown[0]}' is not a tenant of the park (tenants: "
                         f"{', '.join(plan.tenants)})", file, unknown[0])
    model_tenants = plan.result.model.get("tenants", {})
    out = {}
    for tid in plan.tenants:
        entry, src = dict(default), source
        in_model = (model_tenants.get(tid) or {}).get("reliability")
        if in_model:
            entry.update(_entry(in_model, f"tenants.{tid}.reliability"))
            src = "park model"
        if tid in given:
            entry.update(_entry(given[tid], tid, file))
            src = "reliability file"
        try:
            pf, pr = chain_probabilities(entry["availability"], entry["mean_repair_weeks"])
        except ValueError as exc:
            raise InputError(str(exc), file if src.startswith("reliability") else None,
                             tid) from None
        out[tid] = {**entry, "p_fail": pf, "p_repair": pr, "source": src}
    return out


def draw_states(rng: np.random.Generator, years: int, table: dict[str, dict[str, Any]],
                tenants: list[str]) -> np.ndarray:
    """Own up/down states, shape (years, weeks, tenants), True = up; all years at once."""
    a = np.array([table[t]["availability"] for t in tenants])
    pf = np.array([table[t]["p_fail"] for t in tenants])
    pr = np.array([table[t]["p_repair"] for t in tenants])
    u = rng.random((years, WEEKS, len(tenants)))
    up = np.empty(u.shape, dtype=bool)
    up[:, 0] = u[:, 0] < a
    for w in range(1, WEEKS):
        up[:, w] = np.where(up[:, w - 1], u[:, w] >= pf, u[:, w] < pr)
    return up


def cascade(plan: NetworkPlan, own_up: np.ndarray) -> np.ndarray:
    """Effective up states: own outages plus the outages they force along essential links."""
    idx = {t: i for i, t in enumerate(plan.tenants)}
    rules: list[tuple[int, list[int]]] = []  # (tenant forced down, tenants whose outage does it)
    for lk in plan.links:
        via = [idx[lk.via]] if lk.via in idx else []
        if lk.receiver_fallback == CUT and lk.receiver in idx:
            rules.append((idx[lk.receiver], [idx[lk.supplier], *via]))
        if lk.supplier_fallback == CUT and lk.supplier in idx:
            rules.append((idx[lk.supplier], ([idx[lk.receiver]] if lk.receiver in idx else [])
                          + via))
    down = ~own_up
    for _ in range(len(plan.tenants) + 1):
        before = down.copy()
        for target, causes in rules:
            for c in causes:
                down[..., target] |= down[..., c]
        if np.array_equal(before, down):
            break
    return ~down

