"""Numerical scaling: the model's money unit is chosen from the data, not fixed.

HiGHS's tolerances are absolute: a reduced cost under 1e-7 counts as zero, a matrix
value under 1e-9 is dropped. A fixed divisor (1e9, once) put a park whose prices are a
few currency units per tonne under them, and the solver stopped at a wrong "optimal".
So money enters the model in the power of ten nearest the median non-zero cost
coefficient: the typical coefficient is near 1 for any park and any currency, and
multiplying every money figure by 1e6 only moves the unit by six powers of ten.
"""

from __future__ import annotations

import math
from statistics import median

from symbiosis.optimize.data import ModelData

# Beyond this ratio of largest to smallest non-zero coefficient, double precision with
# HiGHS's default tolerances (1e-7 feasibility, 1e-9 dropped) cannot hold both ends.
SPAN_LIMIT = 1e9


def money_unit(d: ModelData, cost_sums: list[float] | None = None) -> float:
    """Currency units per model unit of money: a power of ten near the median cost.

    ``cost_sums``: ``params.coefficients(d)["cost"]`` when the caller has it already."""
    from symbiosis.optimize.params import coefficients  # params imports this module

    if cost_sums is None:
        cost_sums = coefficients(d)["cost"]
    costs = [abs(c) for c in cost_sums if c]
    costs += [abs(t.cost) for t in d.constant_terms if t.cost]
    if d.policy.carbon_price:
        costs.append(abs(d.policy.carbon_price))
    costs = [c for c in costs if math.isfinite(c)]
    if not costs:
        return 1.0
    return 10.0 ** round(math.log10(median(costs)))


def span(values) -> dict | None:
    """Smallest and largest non-zero magnitude of an array of coefficients, and their ratio."""
    import numpy as np

    a = np.abs(np.asarray(values, dtype=float))
    a = a[(a > 0) & np.isfinite(a)]
    if not a.size:
        return None
    lo, hi = float(a.min()), float(a.max())
    return {"min": lo, "max": hi, "ratio": hi / lo}


def spans_of(lp) -> dict:
    """Spans of a HiGHS ``HighsLp``: matrix, objective, finite bounds and row sides."""
    finite = [(b for b in (*lp.col_lower_, *lp.col_upper_) if abs(b) < 1e20),
              (b for b in (*lp.row_lower_, *lp.row_upper_) if abs(b) < 1e20)]
    matrix_scaled, objective_scaled = equilibrated_spans(lp)
    return {"matrix": span(lp.a_matrix_.value_), "matrix_scaled": matrix_scaled,
            "objective": span(lp.col_cost_), "objective_scaled": objective_scaled,
            "bounds": span(list(finite[0])), "right_hand_sides": span(list(finite[1]))}


# Matrix and objective are judged after row and column scaling (``equilibrated_spans``);
# bounds and right-hand sides follow the columns and rows, so they are not judged apart.
JUDGED = {"matrix_scaled": "constraint matrix (after row and column scaling)",
          "objective_scaled": "objective (after column scaling)"}


def span_warnings(spans: dict) -> list[str]:
    return [f"{JUDGED[name]} coefficients span {sp['ratio']:.1e} ({sp['min']:.3g} to "
            f"{sp['max']:.3g}), more than the solver's tolerances hold ({SPAN_LIMIT:.0e}); "
            "the answer was audited"
            for name, sp in spans.items() if name in JUDGED and sp and sp["ratio"] > SPAN_LIMIT]


def equilibrated_spans(lp, passes: int = 10) -> tuple[dict | None, dict | None]:
    """Spans of the constraint matrix and of the objective after geometric row and column
    scaling (the objective takes the column factors).

    Changing the unit of a resource (Nm3 to kNm3) multiplies its columns and rows by one
    factor; a solver's own equilibration (HiGHS scales rows and columns before it solves)
    absorbs any such change. So the spans that the tolerances really face are the ones
    left after scaling, and those are what the warning judges; the spans as written are
    reported too.
    """
    import numpy as np  # plain arrays, not scipy.sparse: its import costs every run ~0.3 s

    a = lp.a_matrix_
    cost = getattr(lp, "col_cost_", None)
    cost = np.abs(np.asarray(cost if cost is not None else np.zeros(lp.num_col_), dtype=float))
    if not len(a.value_):
        return None, span(cost)
    data = np.abs(np.asarray(a.value_, dtype=float))
    col = np.repeat(np.arange(lp.num_col_), np.diff(np.asarray(a.start_)))
    row = np.asarray(a.index_)
    keep = data != 0
    data, row, col = data[keep], row[keep], col[keep]
    cols = np.ones(lp.num_col_)
    for _ in range(passes if data.size else 0):
        for index, size in ((row, lp.num_row_), (col, lp.num_col_)):  # rows, then columns
            hi = np.zeros(size)
            np.maximum.at(hi, index, data)
            big_inverse = np.zeros(size)
            np.maximum.at(big_inverse, index, 1.0 / data)
            lo = np.divide(1.0, big_inverse, out=np.zeros_like(big_inverse),
                           where=big_inverse > 0)
            f = np.ones_like(hi)
            ok = hi > 0
            f[ok] = 1.0 / np.sqrt(hi[ok] * lo[ok])
            data = data * f[index]
            if index is col:
                cols *= f
    return (span(data) if data.size else None), span(cost * cols if len(cost) else [])


def equilibrated_span(lp, passes: int = 10) -> dict | None:
    """The matrix part of ``equilibrated_spans``."""
    return equilibrated_spans(lp, passes)[0]
