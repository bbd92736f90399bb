"""Evaluate a criteria set (Decree 35/2022 by default) against the KPIs.

A criterion on evidence, or on a KPI the data leave undetermined, is
"needs-evidence": the tool never reports a pass it cannot show.
"""

from __future__ import annotations

import operator
from typing import Any

from symbiosis.load.criteria import Criteria

OPS = {">=": operator.ge, "<=": operator.le, "==": operator.eq}


def evaluate(criteria: Criteria, kpis: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c in criteria.items:
        value, undetermined = (None, True) if c.kpi == "evidence" else kpis[c.kpi]
        if value is None:
            status = "needs-evidence"
        elif OPS[c.op](value, c.threshold):
            status = "needs-evidence" if undetermined and c.kpi in (
                "iso_share_of_participants", "min_years_legal_compliance") else "pass"
        else:
            status = "needs-evidence" if undetermined else "fail"
        rows.append({"id": c.id, "article": c.article, "description": c.description,
                     "description_vi": c.description_vi, "kpi": c.kpi, "op": c.op,
                     "value": value, "threshold": c.threshold, "status": status,
                     "criteria_set": criteria.id})
    return rows
