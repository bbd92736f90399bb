"""Coefficient maps: every mutable number of the HiGHS matrix as code over the model's Params.

Pyomo's persistent HiGHS interface, when it hands a model over, keeps one small helper
per coefficient that depends on a mutable Param (a matrix entry, a column cost, the
objective's constant, a row's or a column's bounds), holding the Param expression it
came from (``generate_standard_repn(..., compute_values=False)``). Its ``update`` then
re-evaluates every one of them through Pyomo's expression walker, one at a time. Here
those same expressions are turned once into the body of a single Python function of a
flat array of Param values, so that a sample's new matrix numbers cost one function
call. The Params' values come from ``params.values`` (which sums the Term table of
``data.py``), so the Term table stays the one definition of each coefficient.

``compile_maps`` checks, before anything uses it, that the function gives back exactly
the numbers Pyomo put into HiGHS; any expression it cannot translate, or a number that
differs, raises ``Unmappable`` and the caller stays on the Pyomo path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from pyomo.core.expr.numvalue import native_numeric_types
from pyomo.repn.standard_repn import generate_standard_repn

INF = math.inf


class Unmappable(Exception):
    """The model holds something the direct path cannot map (it then uses Pyomo)."""


_SUMS = {"SumExpression", "NPV_SumExpression", "LinearExpression"}
_PRODUCTS = {"ProductExpression", "NPV_ProductExpression", "MonomialTermExpression"}
_DIVISIONS = {"DivisionExpression", "NPV_DivisionExpression"}
_NEGATIONS = {"NegationExpression", "NPV_NegationExpression"}
_POWERS = {"PowExpression", "NPV_PowExpression"}


def _number(x: float) -> str:
    x = float(x)
    if math.isnan(x):
        raise Unmappable("a coefficient is NaN")
    if math.isinf(x):
        return "INF" if x > 0 else "(-INF)"
    return repr(x)


class _Coder:
    """Python source of var-free Pyomo expressions, with each Param as ``P[i]``."""

    def __init__(self) -> None:
        self.slot: dict[int, int] = {}        # id(ParamData) → index in P
        self.keys: list[tuple[str, Any]] = []  # (Param name, index) of each slot

    def code(self, e: Any) -> str:
        if e.__class__ in native_numeric_types:
            return _number(e)
        if e.is_named_expression_type():
            return self.code(e.expr)
        if not e.is_expression_type():
            if e.is_parameter_type():
                if not e.parent_component().mutable:
                    return _number(e.value)
                k = id(e)
                if k not in self.slot:
                    self.slot[k] = len(self.keys)
                    comp = e.parent_component()
                    self.keys.append((comp.local_name, e.index() if comp.is_indexed() else None))
                return f"P[{self.slot[k]}]"
            if e.is_variable_type():
                if not e.fixed:  # a free variable inside a coefficient: not linear
                    raise Unmappable(f"variable {e.name} inside a coefficient")
                return _number(e.value)  # fixed options stay fixed for the compiled model
            if e.is_constant():
                return _number(e.value if hasattr(e, "value") else e)
            raise Unmappable(f"cannot map {type(e).__name__}")
        name = type(e).__name__
        args = [self.code(a) for a in e.args]
        if name in _SUMS:
            return "(" + "+".join(args) + ")" if args else "0.0"
        if name in _PRODUCTS:
            return f"({args[0]}*{args[1]})"
        if name in _DIVISIONS:
            return f"({args[0]}/{args[1]})"
        if name in _NEGATIONS:
            return f"(-{args[0]})"
        if name in _POWERS:
            return f"({args[0]}**{args[1]})"
        raise Unmappable(f"cannot map a {name} coefficient")


@dataclass
class Maps:
    """Where each mutable number goes, and the function that computes them all."""

    keys: list[tuple[str, Any]]     # the Params read, in the order of P
    evaluate: Callable[[list[float]], tuple[float, ...]]
    coef_rows: np.ndarray           # matrix entries: row, column
    coef_cols: np.ndarray
    cost_cols: np.ndarray           # column costs
    row_index: np.ndarray           # rows with Param-dependent bounds
    col_index: np.ndarray           # columns with Param-dependent bounds
    has_offset: bool
    cost_cols_report: np.ndarray    # columns of m.cost (the reported cost, no penalty)
    sizes: tuple[int, ...] = ()     # lengths of the segments of ``evaluate``'s output

    def params(self, values: dict[str, Any]) -> list[float]:
        """P for a ModelData's ``params.values``; KeyError if a Param is not among them."""
        out = []
        for name, idx in self.keys:
            v = values[name]
            out.append(v if idx is None else v[idx])
        return out

    def split(self, flat: tuple[float, ...]) -> list[np.ndarray]:
        arr = np.fromiter(flat, dtype=float, count=sum(self.sizes))
        cuts = np.cumsum(self.sizes)[:-1]
        return np.split(arr, cuts)


def compile_maps(solver, model) -> Maps:
    """The maps of the model a Pyomo ``contrib.solver`` HiGHS interface now holds."""
    try:
        var_col = solver._pyomo_var_to_solver_var_map
        con_row = solver._pyomo_con_to_solver_con_map
        helpers = solver._mutable_helpers
        bounds = solver._mutable_bounds
        objective = solver._mutable_objective
    except AttributeError as exc:  # another Pyomo release: its internals moved
        raise Unmappable(f"this Pyomo's HiGHS interface has no {exc.name}") from None
    if objective.quadratic_coefs:
        raise Unmappable("quadratic objective")
    coder = _Coder()
    coef_src, coef_rows, coef_cols = [], [], []
    row_lo, row_hi, row_index = [], [], []
    for con, hs in helpers.items():
        for h in hs:
            if hasattr(h, "pyomo_var_id"):
                coef_src.append(coder.code(h.expr))
                coef_rows.append(con_row[con])
                coef_cols.append(var_col[h.pyomo_var_id])
            else:
                row_lo.append(coder.code(h.lower_expr))
                row_hi.append(coder.code(h.upper_expr))
                row_index.append(con_row[con])
    col_lo, col_hi, col_index = [], [], []
    for v_id, (_, h) in bounds.items():
        col_lo.append(coder.code(h.lower_expr))
        col_hi.append(coder.code(h.upper_expr))
        col_index.append(var_col[v_id])
    cost_src = [coder.code(c.expr) for c in objective.linear_coefs]
    cost_cols = [var_col[c.pyomo_var_id] for c in objective.linear_coefs]
    offset = [coder.code(objective.constant.expr)]
    # The reported cost: m.cost (the objective less any resilience penalty), in Params.
    repn = generate_standard_repn(model.cost.expr, quadratic=False, compute_values=False)
    if repn.nonlinear_expr is not None:
        raise Unmappable("the cost is not linear")
    report_cols, report_src = [], []
    for coef, v in zip(repn.linear_coefs, repn.linear_vars):
        if id(v) not in var_col:
            raise Unmappable(f"cost variable {v.name} is not in the solver")
        report_cols.append(var_col[id(v)])
        report_src.append(coder.code(coef))
    report_src.append(coder.code(repn.constant))
    segments = [coef_src, cost_src, offset, row_lo, row_hi, col_lo, col_hi, report_src]
    body = ",\n ".join(s for seg in segments for s in seg)
    src = f"def evaluate(P):\n return ({body},)\n"
    scope: dict[str, Any] = {"INF": INF}
    exec(compile(src, "<symbiosis coefficient maps>", "exec"), scope)  # noqa: S102
    maps = Maps(keys=coder.keys, evaluate=scope["evaluate"],
                coef_rows=np.asarray(coef_rows, dtype=np.int32),
                coef_cols=np.asarray(coef_cols, dtype=np.int32),
                cost_cols=np.asarray(cost_cols, dtype=np.int32),
                row_index=np.asarray(row_index, dtype=np.int32),
                col_index=np.asarray(col_index, dtype=np.int32), has_offset=True,
                cost_cols_report=np.asarray(report_cols, dtype=np.int32),
                sizes=tuple(len(s) for s in segments))
    return maps


def check_against(maps: Maps, now: list[float], lp) -> None:
    """Raise ``Unmappable`` unless the maps give the numbers of ``lp`` (a HighsLp) now."""
    coef, cost, offset, rlo, rhi, clo, chi, _ = maps.split(maps.evaluate(now))
    dense = _dense(lp)
    nonzero = coef != 0  # Pyomo leaves a zero coefficient out of the matrix
    _same("matrix entries", coef[nonzero],
          dense[maps.coef_rows[nonzero], maps.coef_cols[nonzero]])
    _same("column costs", cost, np.asarray(lp.col_cost_)[maps.cost_cols])
    _same("objective constant", offset, np.asarray([lp.offset_]))
    _same("row lower bounds", rlo, np.asarray(lp.row_lower_)[maps.row_index])
    _same("row upper bounds", rhi, np.asarray(lp.row_upper_)[maps.row_index])
    _same("column lower bounds", clo, np.asarray(lp.col_lower_)[maps.col_index])
    _same("column upper bounds", chi, np.asarray(lp.col_upper_)[maps.col_index])


def _dense(lp) -> np.ndarray:
    a = lp.a_matrix_
    out = np.zeros((lp.num_row_, lp.num_col_))
    start, index, value = (np.asarray(a.start_), np.asarray(a.index_), np.asarray(a.value_))
    for j in range(lp.num_col_):  # HiGHS hands its matrix column-wise
        out[index[start[j]:start[j + 1]], j] = value[start[j]:start[j + 1]]
    return out


def _same(what: str, ours: np.ndarray, theirs: np.ndarray) -> None:
    big = 1e20  # HiGHS reads anything beyond ±1e20 as infinite
    a = np.where(np.abs(ours) >= big, np.copysign(INF, ours), ours)
    b = np.where(np.abs(theirs) >= big, np.copysign(INF, theirs), theirs)
    ok = (a == b) | np.isclose(a, b, rtol=1e-12, atol=0.0)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise Unmappable(f"{what}: the map gives {a[i]!r} where HiGHS holds {b[i]!r}")
