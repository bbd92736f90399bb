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


def money_unit(d: ModelData) -> float:
    """Currency units per model unit of money: a power of ten near the median cost."""
    from symbiosis.optimize.params import coefficients  # params imports this module

    costs = [abs(c) for c in coefficients(d)["cost"] if c]
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
    return {"matrix": span(lp.a_matrix_.value_), "objective": span(lp.col_cost_),
            "bounds": span(list(finite[0])), "right_hand_sides": span(list(finite[1]))}


def span_warnings(spans: dict) -> list[str]:
    return [f"{name.replace('_', ' ')} coefficients span {sp['ratio']:.1e} ({sp['min']:.3g} "
            f"to {sp['max']:.3g}), more than the solver's tolerances hold ({SPAN_LIMIT:.0e}); "
            "the answer was audited"
            for name, sp in spans.items() if sp and sp["ratio"] > SPAN_LIMIT]
