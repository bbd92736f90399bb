"""Which MILP solver runs the model, chosen by name in the scenario or on the CLI.

HiGHS is the default and ships with the package. SCIP (``pyscipopt``) is the second
open-source solver, installed with the package too, so that any answer can be
cross-checked. Gurobi is used through Pyomo's interface when the user has it and its
licence. These go through Pyomo's ``contrib.solver`` interface, which keeps the model in
the solver between solves (sweeps and samples only send the changed numbers). CPLEX and
CBC, which Pyomo reaches only through its older interface, go through ``legacy.py``.
"""

from __future__ import annotations

import pyomo.environ  # noqa: F401  (registers Pyomo's solver plugins)
from pyomo.contrib.solver.common.factory import SolverFactory

from symbiosis.errors import SymbiosisError
from symbiosis.optimize.legacy import LegacySolver

# scenario name → Pyomo's name of the persistent interface
NAMES = {"highs": "highs", "scip": "scip_persistent", "gurobi": "gurobi_persistent",
         "cplex": None, "cbc": None}
# Park models are small MIPs that branch-and-bound closes in a few nodes; HiGHS's
# sub-MIP heuristics then take most of the time (0.11 of 0.14 s on Tằng Loỏng).
# A scenario's solver.options can turn them back on for large parks.
HIGHS_DEFAULTS = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
                  "mip_heuristic_run_root_reduced_cost": False}
# Beyond about a hundred build and adopt decisions it is the other way round: the sub-MIP
# heuristics find the good solutions. Synthetic parks (symbiosis.synthetic), to a 1e-6 gap:
# 208 binaries 5 s with them, 14 s without; 505 binaries 0.02% against 0.7% after 120 s;
# 500 tenants / 5,000 links to a 1% gap, 0.3% in 6 s against 1.6% after 300 s. Larger
# models therefore keep HiGHS's own defaults.
SMALL_MODEL_BINARIES = 100
QUIET = {"highs": {"output_flag": False}, "gurobi": {"OutputFlag": 0}}
HINTS = {"scip": "pip install pyscipopt", "gurobi": "pip install gurobipy, and a licence",
         "cplex": "pip install cplex, and a licence for models above its community limits",
         "cbc": "the cbc program on the PATH (Debian: apt-get install coinor-cbc)"}


class SolverUnavailable(SymbiosisError):
    """The scenario asks for a solver this machine does not have."""

    exit_code = 4


def make(name: str):
    """A fresh persistent solver interface for ``name`` (one of ``NAMES``)."""
    solver = SolverFactory(NAMES[name]) if NAMES[name] else LegacySolver(name)
    avail = solver.available()
    if not avail:
        raise SolverUnavailable(f"solver '{name}' is not available on this machine "
                                f"({avail.name}; {HINTS.get(name, '')})")
    return solver


def options(name: str, binaries: int, time_limit: float, rel_gap: float, threads: int,
            extra: dict) -> dict:
    """Keyword arguments of one ``solve`` call; ``extra`` are the solver's own options."""
    own = dict(QUIET.get(name, {}))
    if name == "highs" and binaries <= SMALL_MODEL_BINARIES:
        own.update(HIGHS_DEFAULTS)
    own.update(extra)
    return {"time_limit": time_limit, "rel_gap": rel_gap, "threads": threads,
            "load_solutions": False, "raise_exception_on_nonoptimal_result": False,
            "solver_options": own}
