"""Audit of a MILP answer before anyone is told it is optimal.

Rule: with every binary fixed at the reported solution, the LP that remains is solved
again. Its optimum z_LP must lie between the reported bound and the reported objective
(bound − tol ≤ z_LP ≤ objective + tol): above the objective, the reported point broke a
row; below the bound, the bound was no bound. The bound itself must not lie above the
objective of a minimisation. tol is ``TOLERANCE`` relative to the objective (at least 1
model unit × ``TOLERANCE``); the gap is (objective − bound) / |objective|, with its sign.
"""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 1e-6


@dataclass
class Audit:
    ok: bool
    message: str = ""
    lp_objective: float | None = None   # model units, like the two below
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None            # signed: negative means bound above objective

    def as_dict(self, unit: float) -> dict:
        def cur(v):
            return None if v is None else v * unit
        return {"passed": self.ok, "message": self.message,
                "lp_objective_at_fixed_binaries": cur(self.lp_objective),
                "objective": cur(self.objective), "bound": cur(self.bound), "gap": self.gap}


def signed_gap(objective: float, bound: float | None) -> float | None:
    if bound is None:
        return None
    return (objective - bound) / max(abs(objective), 1e-12)


def check(objective: float, bound: float | None, lp_objective: float | None,
          rel_gap: float) -> Audit:
    """Judge a reported (objective, bound) against the LP re-solve at fixed binaries.

    ``lp_objective`` None means that LP was infeasible or failed. ``rel_gap`` is the gap
    the solver was allowed to stop at; it bounds how far below the objective the LP may be
    when the solver gave no bound.
    """
    tol = TOLERANCE * max(1.0, abs(objective))
    gap = signed_gap(objective, bound)
    a = Audit(ok=True, lp_objective=lp_objective, objective=objective, bound=bound, gap=gap)
    if bound is not None and bound > objective + tol:
        a.ok = False
        a.message = (f"the solver's bound {bound:.10g} lies above its objective {objective:.10g} "
                     "of a minimisation: its answer cannot be trusted")
    elif lp_objective is None:
        a.ok = False
        a.message = ("with the reported builds and adoptions fixed, the rest of the model is "
                     "infeasible: the reported flows break a constraint")
    elif lp_objective > objective + tol:
        a.ok = False
        a.message = (f"the reported solution costs {lp_objective:.10g} when re-solved with its "
                     f"builds fixed, not {objective:.10g}: it breaks a constraint")
    else:
        floor = bound if bound is not None else objective - rel_gap * abs(objective)
        if lp_objective < floor - tol:
            a.ok = False
            a.message = (f"with the reported builds fixed the model reaches {lp_objective:.10g}, "
                         f"below the reported bound {floor:.10g}: the bound is wrong")
    return a
