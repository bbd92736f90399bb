"""Which solver options a scenario may set: a whitelist with a type and range for each.

``solver.options`` reaches the solver, so an option that writes a file (HiGHS's
``solution_file`` or ``log_file``, SCIP's ``display`` files) would let a scenario from a
stranger write anywhere; an option the solver does not know is ignored silently by some
solvers. Only these options pass; anything else is bad input naming the key.
"""

from __future__ import annotations

import math
from typing import Any

# option → (type, low, high) for numbers, (str, choices) for words, (bool,) for switches
Spec = tuple
_TOL = (float, 1e-12, 1e-3)
OPTIONS: dict[str, dict[str, Spec]] = {
    "highs": {
        "mip_heuristic_run_rins": (bool,), "mip_heuristic_run_rens": (bool,),
        "mip_heuristic_run_root_reduced_cost": (bool,), "mip_heuristic_run_zi_round": (bool,),
        "mip_heuristic_run_shifting": (bool,), "mip_detect_symmetry": (bool,),
        "mip_heuristic_effort": (float, 0.0, 1.0), "mip_abs_gap": (float, 0.0, math.inf),
        "mip_max_nodes": (int, 1, 2**31 - 1), "mip_feasibility_tolerance": _TOL,
        "primal_feasibility_tolerance": _TOL, "dual_feasibility_tolerance": _TOL,
        "random_seed": (int, 0, 2**31 - 1), "presolve": (str, ("off", "choose", "on")),
        "parallel": (str, ("off", "choose", "on")), "simplex_strategy": (int, 0, 4),
    },
    "scip": {
        "limits/nodes": (int, -1, 2**62), "limits/absgap": (float, 0.0, math.inf),
        "randomization/randomseedshift": (int, 0, 2**31 - 1),
        "presolving/maxrounds": (int, -1, 2**31 - 1), "numerics/feastol": _TOL,
        "heuristics/emphasis": (str, ("default", "aggressive", "fast", "off")),
    },
    "gurobi": {
        "Seed": (int, 0, 2**31 - 1), "Presolve": (int, -1, 2), "MIPFocus": (int, 0, 3),
        "Heuristics": (float, 0.0, 1.0), "FeasibilityTol": _TOL, "IntFeasTol": _TOL,
        "NodeLimit": (float, 0.0, math.inf), "MIPGapAbs": (float, 0.0, math.inf),
    },
    "cplex": {
        "randomseed": (int, 0, 2**31 - 1), "preprocessing_presolve": (int, 0, 1),
        "mip_tolerances_absmipgap": (float, 0.0, math.inf), "mip_limits_nodes": (int, 0, 2**62),
        "emphasis_mip": (int, 0, 5),
    },
    "cbc": {"randomSeed": (int, 0, 2**31 - 1), "presolve": (str, ("on", "off")),
            "maxNodes": (int, 0, 2**31 - 1), "allowableGap": (float, 0.0, math.inf)},
}


def problem(solver: str, key: str, value: Any) -> str | None:
    """Why ``value`` may not be given as option ``key`` of ``solver`` (None: it may)."""
    allowed = OPTIONS.get(solver, {})
    spec = allowed.get(key)
    if spec is None:
        names = ", ".join(sorted(allowed)) or "none"
        return (f"'{key}' is not an option the scenario may set for {solver} "
                f"(allowed: {names}; options that touch files are never allowed)")
    kind = spec[0]
    if kind is bool:
        return None if isinstance(value, bool) else f"must be true or false (got {value!r})"
    if kind is str:
        return None if value in spec[1] else f"must be one of {', '.join(spec[1])} (got {value!r})"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number (got {value!r})"
    if kind is int and not float(value).is_integer():
        return f"must be a whole number (got {value!r})"
    if not (math.isfinite(value) or value == math.inf == spec[2]) or not spec[1] <= value <= spec[2]:
        return f"must lie between {spec[1]:g} and {spec[2]:g} (got {value!r})"
    return None
