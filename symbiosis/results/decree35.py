"""Evaluate a criteria set (Decree 35/2022 by default) against the KPIs.

A KPI carries the range its unknowns allow (results/kpis.py): a criterion passes only
when the whole range passes and fails only when none of it does; otherwise, and for a
criterion on documents alone, it is "needs-evidence". Each row names the data it
rests on (``basis``, ``basis_vi``).
"""

from __future__ import annotations

from typing import Any

from symbiosis.load.criteria import Criteria
from symbiosis.results import evidence


def verdict(op: str, lo: float | None, hi: float | None, t: float) -> str:
    """pass / fail / needs-evidence of ``value op t`` for a value anywhere in [lo, hi]
    (None: unbounded on that side)."""
    if op == ">=":
        ok, bad = lo is not None and lo >= t, hi is not None and hi < t
    elif op == "<=":
        ok, bad = hi is not None and hi <= t, lo is not None and lo > t
    else:  # ==
        ok = lo is not None and lo == hi == t
        bad = (lo is not None and lo > t) or (hi is not None and hi < t)
    return "pass" if ok else "fail" if bad else "needs-evidence"


def evaluate(criteria: Criteria, kpis: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c in criteria.items:
        if c.kpi == "evidence":
            value, status = None, "needs-evidence"
            basis, basis_vi = evidence.documents_only()
        else:
            k = kpis[c.kpi]
            value, basis, basis_vi = k.value, k.basis, k.basis_vi
            status = "needs-evidence" if value is None and k.lo is None else \
                verdict(c.op, k.lo, k.hi, c.threshold)
        rows.append({"id": c.id, "article": c.article, "description": c.description,
                     "description_vi": c.description_vi, "kpi": c.kpi, "op": c.op,
                     "value": value, "threshold": c.threshold, "status": status,
                     "basis": basis, "basis_vi": basis_vi, "criteria_set": criteria.id})
    return rows


def duties(criteria: Criteria) -> list[dict[str, Any]]:
    """Duties after certification (Art. 43's annual report): reported, never checked."""
    return [{"id": x.id, "article": x.article, "description": x.description,
             "description_vi": x.description_vi} for x in criteria.duties]
