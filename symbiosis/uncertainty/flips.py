"""Where a decision flips: bisection on one figure, run in the engine's workers.

The decision of a solved point is the set of new links built and measures adopted
("infeasible" when there is no solution). Between a value where the decision is the
scenario's own (``inner``) and one where it differs (``outer``), bisection keeps that
invariant and halves the interval until it is narrower than ``tol``; the midpoint is
then within ``tol / 2`` of a value where the optimal set changes. A decision that
changes and changes back between the two ends is not seen (the ends agree).
"""

from __future__ import annotations

from typing import Any

INFEASIBLE = "infeasible"


def decisions(row: dict[str, Any]) -> str:
    """The decision of a point row (``sweep.point_row``), as a comparable text."""
    if row.get("status") not in ("optimal", "feasible"):
        return INFEASIBLE
    chosen = {x for k in ("links_built", "measures_adopted")
              for x in (row.get(k) or "").split(";") if x}
    return ";".join(sorted(chosen))


def change(base: str, other: str) -> str:
    """What ``other`` does differently from ``base``: "+added;-dropped" ids, or infeasible."""
    if other == INFEASIBLE or base == INFEASIBLE:
        return INFEASIBLE
    a, b = set(filter(None, base.split(";"))), set(filter(None, other.split(";")))
    return ";".join([f"+{x}" for x in sorted(b - a)] + [f"-{x}" for x in sorted(a - b)])


def bisect_batch(scenario: Any, session: Any, items: list[tuple[int, dict[str, Any]]]
                 ) -> list[dict[str, Any]]:
    """One row per item {path, side, inner, outer, tol, base, beyond}: the flip point."""
    from symbiosis.analysis.sweep import point_row
    from symbiosis.analysis.values import with_values

    rows = []
    for sample, it in items:
        inner, outer, beyond, solves = it["inner"], it["outer"], it["beyond"], 0
        while abs(outer - inner) > it["tol"]:
            mid = 0.5 * (inner + outer)
            r = session.solve(with_values(scenario, {it["path"]: mid}, origin="data-needs"),
                              with_baseline=False)
            solves += 1
            key = decisions(point_row(r))
            if key == it["base"]:
                inner = mid
            else:
                outer, beyond = mid, key
        rows.append({"sample": sample, "path": it["path"], "side": it["side"], "inner": inner,
                     "outer": outer, "flip_point": 0.5 * (inner + outer),
                     "change": change(it["base"], beyond), "solves": solves})
    return rows
