"""The ``roadmap:`` section of a scenario, checked and resolved into numbers per period.

    roadmap:
      periods:                               # consecutive, no gap; years ≥ 1
        - {name: 2026-30, start: 2026, years: 5}
        - {name: 2031-35, start: 2031, years: 5}
      trajectories:                          # a dotted path of analysis.values → its values
        policy.grid_factor: [0.62, 0.55]     #   a list in period order (null: the scenario's)
        policy.carbon_price: {2031-35: "10 USD/t"}   # by period; held until the next named
        resources.electricity.price: {scale: [1.0, 1.1]}   # multiples of the scenario's value
        tenants.dap2.activity: [1.0, 0.9]    # multiple of all a tenant's inputs, outputs, CO2
      tenants: {pp5: {leave: 2031-35}, new_plant: {enter: 2031}}   # a period or a year
      capex_budget: ["2000 bn VND", null]    # new capital per period; one value: every period
      criteria_by: 2031-35                   # criteria imposed from this period (or year) on
      net_zero_year: 2050

A period named in a mapping keeps its value until the next named period; periods before
the first named one keep the scenario's value. A year given for a period means the
period that contains it. A tenant absent in a period has no inputs, outputs or emissions
there and does not count as an enterprise. With ``criteria_by`` the criteria file's
imposable KPIs are imposed from that period on and only checked before it, whatever
``policy.impose_criteria`` says; without it every period follows the policy. Without
``capex_budget`` each period's budget is ``policy.constraints.capex_budget`` (if any).
Every problem is an InputError naming the scenario file that set the section and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field

from symbiosis.analysis.values import current, number, unit_of
from symbiosis.errors import InputError
from symbiosis.load import schema as s
from symbiosis.load.scenario import Scenario
from symbiosis.load.validate import validate

ACTIVITY = "activity"  # pseudo-path tenants.<id>.activity: scale a whole tenant
# Numbers that are one per horizon or have their own roadmap key.
NOT_BY_PERIOD = {"policy.discount_rate": "one discount rate holds over the whole horizon",
                 "policy.capex_budget": "use roadmap.capex_budget (new capital per period)"}


class PeriodFile(s.Strict):
    name: str | int
    start: int = Field(ge=1900, le=2200)
    years: int = Field(ge=1, le=100)


class PresenceFile(s.Strict):
    enter: str | int | None = Field(None, description="first period (or year) in the park")
    leave: str | int | None = Field(None, description="first period (or year) without it")


class RoadmapFile(s.Strict):
    periods: list[PeriodFile] = Field(min_length=1)
    trajectories: dict[str, Any] = Field(default_factory=dict)
    tenants: dict[str, PresenceFile] = Field(default_factory=dict)
    capex_budget: Any = None
    criteria_by: str | int | None = None
    net_zero_year: int = Field(2050, ge=1900, le=2200)


@dataclass(frozen=True)
class Period:
    name: str
    start: int
    years: int

    @property
    def end(self) -> int:
        """Last year of the period."""
        return self.start + self.years - 1


@dataclass
class RoadmapSpec:
    periods: list[Period]
    changes: list[dict[str, float]]       # per period: path → value for with_values
    activity: list[dict[str, float]]      # per period: tenant → multiple of its amounts
    absent: list[set[str]]                # per period: tenants not in the park
    budgets: list[float | None]           # per period: VND of new capital, None = no limit
    criteria_from: int | None             # first period with the criteria imposed
    net_zero_year: int
    discount_rate: float

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.periods]


def read_spec(scenario: Scenario) -> RoadmapSpec:
    """The scenario's roadmap section, validated against its park."""
    doc = scenario.roadmap_file
    if not scenario.roadmap:
        raise InputError("the scenario has no 'roadmap:' section (periods, trajectories…)",
                         scenario.file, "roadmap")
    raw = validate(RoadmapFile, scenario.roadmap, doc.path, doc.line_of, prefix="roadmap")
    if scenario.policy.no_one_worse_off:
        raise doc.error("the roadmap does not support policy.no_one_worse_off (its transfers "
                        "are set against one year's baseline)", "roadmap")
    periods = [Period(str(p.name), p.start, p.years) for p in raw.periods]
    for i, p in enumerate(periods):
        if [q.name for q in periods].count(p.name) > 1:
            raise doc.error(f"period name '{p.name}' is used twice", f"roadmap.periods.{i}.name")
        if i and p.start != periods[i - 1].start + periods[i - 1].years:
            prev = periods[i - 1]
            raise doc.error(f"period '{p.name}' must start in {prev.start + prev.years}, the "
                            f"year after '{prev.name}' ends (periods follow each other "
                            "without gap or overlap)", f"roadmap.periods.{i}.start")
    if raw.net_zero_year <= periods[0].start:
        raise doc.error("must come after the first period's start", "roadmap.net_zero_year")
    ref = _Ref(periods, doc)
    n = len(periods)
    changes: list[dict[str, float]] = [{} for _ in range(n)]
    activity: list[dict[str, float]] = [{} for _ in range(n)]
    for path, spec in raw.trajectories.items():
        key = f"roadmap.trajectories.{path}"
        parts = path.split(".")
        if len(parts) == 3 and parts[0] == "tenants" and parts[2] == ACTIVITY:
            if parts[1] not in scenario.park.tenants:
                raise doc.error(f"no tenant '{parts[1]}' in the park", key)
            if isinstance(spec, dict) and "scale" in spec:
                raise doc.error("an activity is a multiple already: write a list or "
                                "{period: multiple}, without 'scale'", key)
            values = _per_period(spec, ref, key, lambda v, k: _multiple(v, doc, k))
            for i, v in enumerate(values):
                if v is not None:
                    activity[i][parts[1]] = v
            continue
        plain = path.removesuffix(".value").replace("policy.constraints.", "policy.")
        if plain in NOT_BY_PERIOD:
            raise doc.error(f"cannot change by period: {NOT_BY_PERIOD[plain]}", key)
        try:
            unit_of(scenario, path)
            base = current(scenario, path)
        except InputError as exc:
            raise doc.error(exc.message, key) from None
        scaled = isinstance(spec, dict) and set(spec) == {"scale"}
        inner = spec["scale"] if scaled else spec

        def convert(v: Any, k: str, path=path, base=base, scaled=scaled) -> float:
            if scaled:
                return _multiple(v, doc, k) * base
            try:
                return number(scenario, path, v)
            except InputError as exc:
                raise doc.error(exc.message, k) from None

        values = _per_period(inner, ref, key + (".scale" if scaled else ""), convert)
        for i, v in enumerate(values):
            if v is not None:
                changes[i][path] = v

    absent: list[set[str]] = [set() for _ in range(n)]
    for tid, pr in raw.tenants.items():
        key = f"roadmap.tenants.{tid}"
        if tid not in scenario.park.tenants:
            raise doc.error(f"no tenant '{tid}' in the park", key)
        first = ref.index(pr.enter, f"{key}.enter") if pr.enter is not None else 0
        stop = ref.index(pr.leave, f"{key}.leave") if pr.leave is not None else n
        if stop <= first:
            raise doc.error("it leaves before it enters", key)
        for i in range(n):
            if not first <= i < stop:
                absent[i].add(tid)

    budgets = _budgets(raw.capex_budget, scenario, ref, doc)
    crit = ref.index(raw.criteria_by, "roadmap.criteria_by") if raw.criteria_by is not None \
        else None
    return RoadmapSpec(periods, changes, activity, absent, budgets, crit, raw.net_zero_year,
                       scenario.policy.discount_rate)


class _Ref:
    """Turns a period name or a year into a period's index."""

    def __init__(self, periods: list[Period], doc: Any):
        self.periods, self.doc = periods, doc

    def index(self, ref: str | int, key: str) -> int:
        names = [p.name for p in self.periods]
        if str(ref) in names:
            return names.index(str(ref))
        if isinstance(ref, int) or str(ref).isdigit():
            year = int(ref)
            for i, p in enumerate(self.periods):
                if year <= p.end:
                    return i
            raise self.doc.error(f"{year} is after the last period ({self.periods[-1].end})", key)
        raise self.doc.error(f"no period '{ref}' (periods: {', '.join(names)})", key)


def _per_period(spec: Any, ref: _Ref, key: str, convert) -> list[float | None]:
    """One value (or None: the scenario's own) per period, from a list or a mapping."""
    n = len(ref.periods)
    if isinstance(spec, list):
        if len(spec) != n:
            raise ref.doc.error(f"needs {n} values, one per period (got {len(spec)})", key)
        return [None if v is None else convert(v, f"{key}.{i}") for i, v in enumerate(spec)]
    if isinstance(spec, dict):
        named = {ref.index(k, f"{key}.{k}"): (k, v) for k, v in spec.items()}
        out: list[float | None] = []
        held = None
        for i in range(n):
            if i in named:
                k, v = named[i]
                held = None if v is None else convert(v, f"{key}.{k}")
            out.append(held)
        return out
    raise ref.doc.error("expected a list (one value per period), a mapping {period: value} "
                        "or {scale: …}", key)


def _multiple(v: Any, doc: Any, key: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise doc.error(f"a multiple must be a plain number (got {v!r})", key)
    if v < 0:
        raise doc.error("a multiple must not be negative", key)
    return float(v)


def _budgets(spec: Any, scenario: Scenario, ref: _Ref, doc: Any) -> list[float | None]:
    n = len(ref.periods)
    key = "roadmap.capex_budget"

    def money(v: Any, k: str) -> float:
        try:
            out = number(scenario, "policy.capex_budget", v)
        except InputError as exc:
            raise doc.error(exc.message, k) from None
        if out < 0:
            raise doc.error("must not be negative", k)
        return out

    if spec is None:  # the policy's budget, if any, is the budget of every period
        return [scenario.policy.capex_budget] * n
    if isinstance(spec, (list, dict)):
        if isinstance(spec, dict):  # a budget is per period, not held over
            named = {ref.index(k, f"{key}.{k}"): (k, v) for k, v in spec.items()}
            return [None if i not in named or named[i][1] is None
                    else money(named[i][1], f"{key}.{named[i][0]}") for i in range(n)]
        return _per_period(spec, ref, key, money)
    return [money(spec, key)] * n
