"""The policy of a scenario: what it optimises, what it imposes, which options it allows.

``PolicyFile`` is the schema of a scenario's ``policy:`` mapping; ``Policy`` is the
resolved policy (units converted, criteria translated into ``min_*`` settings) that
the optimizer reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from symbiosis.load import schema as s
from symbiosis.load.criteria import Criteria
from symbiosis.load.park import Park
from symbiosis.load.yamlio import YamlDoc
from symbiosis.load.grid import grid_year
from symbiosis.load.states import committed_options
from symbiosis.units import UnitProblem, convert, park_units


class Constraints(s.Strict):
    min_symbiosis_links: int | None = Field(None, ge=0)
    min_participation_share: float | None = Field(None, ge=0, le=1)
    min_cleaner_production_share: float | None = Field(None, ge=0, le=1)
    co2_cap: s.Number | None = Field(None, description="t CO2e per year, on the objective boundary")
    capex_budget: s.Number | None = Field(None, description="park currency of new capital")


class PolicyFile(s.Strict):
    objective: Literal["cost", "co2"] = "cost"
    carbon_price: s.Figure | s.Number | None = Field(
        None, description="park currency per t CO2e: a figure {value, source, note}, or a "
        "bare value (\"30 USD/t\"), recorded as an assumption given without a source")
    discount_rate: float = Field(0.10, ge=0, le=0.5, description="a share a year: 0.10 for 10 %")
    grid_factor_year: int | None = None
    co2_boundary: Literal["scope12", "all", "net"] = "all"
    criteria: str | None = None
    impose_criteria: bool = False
    constraints: Constraints = Field(default_factory=Constraints)
    build: Literal["all", "none"] | list[str] = "all"
    forbid: list[str] = Field(default_factory=list, description=(
        "options left out; an existing link or facility is switched off; 'existing' stands "
        "for every existing link"))
    force: list[str] = Field(default_factory=list)
    committed: bool = Field(True, description="build the park's committed options (state: "
                            "committed); false leaves them out, as today")
    carbon_price_scope: Literal["all", "scope1", "boundary"] = Field(
        "boundary", description="emissions the carbon price is charged on: the objective's "
        "co2_boundary (default), scope 1 only (as an emissions-trading scheme would), or all")
    baseline: Literal["today", "none-existing"] = Field(
        "today", description="what deltas are reported against: today (existing links on) or "
        "none-existing (the no-symbiosis counterfactual: every existing link off)")
    min_link_load: float = Field(0.1, ge=0, le=1)
    no_one_worse_off: bool = Field(
        False, description="transfer payments so no enterprise pays more than in the baseline")
    resilience: Resilience | None = Field(
        None, description="penalise depending on one supplier beyond a share of a need")


# A bare carbon price ("30 USD/t", as co2_cap: "1.5 Mt" is written) is accepted and
# recorded as what it is: a number nobody sourced.
BARE_SOURCE = "assumption"
BARE_NOTE = ("given without a source (a bare value in the scenario): an assumption; write "
             "{value, source, note} to cite one")


class Resilience(s.Strict):
    max_supplier_share: float = Field(ge=0, le=1, description="most of a tenant's need of one "
                                      "input that one supplier may cover before the penalty")
    penalty: float = Field(0.5, ge=0, description="price of each unit beyond the share, as a "
                           "fraction of the input's market price (objective only, not a cost)")



@dataclass
class Policy:
    objective: str
    carbon_price: float
    carbon_price_source: str | None
    discount_rate: float
    grid_factor_year: int | None  # None: the park buys no grid power
    grid_factor: float
    co2_boundary: str
    impose_criteria: bool
    min_symbiosis_links: int | None
    min_participation_share: float | None
    min_cleaner_production_share: float | None
    co2_cap: float | None
    capex_budget: float | None
    build: str | list[str]
    forbid: list[str]
    force: list[str]
    min_link_load: float
    no_one_worse_off: bool = False
    baseline_enterprise_costs: dict[str, float] | None = None  # filled by the run
    resilience_share: float | None = None
    resilience_penalty: float = 0.0
    baseline: str = "today"  # or "none-existing": the counterfactual without existing links
    # Committed options (load/states.py) this run builds: forced on, allowed whatever
    # ``build`` says. Empty in today's baseline.
    committed: list[str] = field(default_factory=list)
    carbon_price_scope: str = "boundary"
    carbon_price_note: str | None = None  # the figure's note, or BARE_NOTE for a bare value
    # Where each forbid/force/build entry was set: "policy.force.0" → (file, line, id), for
    # errors found once the model's data are built (a forced link that cannot carry flow).
    origin: dict[str, tuple[str, int | None, str]] = field(default_factory=dict, compare=False)

    @property
    def priced_boundary(self) -> str:
        """The emissions the carbon price is charged on (a key of emissions.BOUNDARIES)."""
        return self.co2_boundary if self.carbon_price_scope == "boundary" else \
            self.carbon_price_scope

    def may_build(self, option_id: str) -> bool:
        if option_id in self.forbid:
            return False
        if option_id in self.force or option_id in self.committed:
            return True
        return self.build == "all" or (isinstance(self.build, list) and option_id in self.build)



def _policy(pf: PolicyFile, park: Park, doc: YamlDoc, criteria: Criteria) -> Policy:
    ureg = park_units(park)
    year, factor = grid_year(park, pf.grid_factor_year, doc)

    def num(value: Any, unit: str, key: str) -> float | None:
        if value is None:
            return None
        try:
            out = convert(value, unit, ureg, per_year=True)
        except UnitProblem as exc:
            raise doc.error(str(exc), key) from None
        if out < 0:
            raise doc.error("must not be negative", key)
        return out

    cp = pf.carbon_price
    key = "policy.carbon_price.value"
    if cp is not None and not isinstance(cp, s.Figure):
        cp, key = s.Figure(value=cp, source=BARE_SOURCE, note=BARE_NOTE), "policy.carbon_price"
    price = num(cp.value, f"{park.currency}/t", key) if cp else 0.0
    if cp and cp.source != "estimate" and not cp.source.startswith("assumption") \
            and cp.source not in park.sources:
        raise doc.error(f"source '{cp.source}' is not in the model's sources "
                        "(or write 'estimate' / 'assumption')", "policy.carbon_price.source")
    c = pf.constraints
    links, part, cps = c.min_symbiosis_links, c.min_participation_share, c.min_cleaner_production_share
    if pf.impose_criteria:
        for crit in criteria.items:
            if crit.kpi == "symbiosis_links":
                links = max(links or 0, int(crit.threshold))
            elif crit.kpi == "cleaner_production_share":
                cps = max(cps or 0.0, float(crit.threshold))
            elif crit.kpi == "participation_share":
                part = max(part or 0.0, float(crit.threshold))
    return Policy(
        objective=pf.objective, carbon_price=price, carbon_price_source=cp.source if cp else None,
        discount_rate=pf.discount_rate, grid_factor_year=year, grid_factor=factor,
        co2_boundary=pf.co2_boundary, impose_criteria=pf.impose_criteria,
        min_symbiosis_links=links, min_participation_share=part,
        min_cleaner_production_share=cps,
        co2_cap=num(c.co2_cap, "t", "policy.constraints.co2_cap"),
        capex_budget=num(c.capex_budget, park.currency, "policy.constraints.capex_budget"),
        build=pf.build, forbid=expand_forbid(pf.forbid, park), force=pf.force,
        min_link_load=pf.min_link_load, baseline=pf.baseline,
        committed=[o for o in committed_options(park) if o not in pf.forbid]
        if pf.committed else [], carbon_price_scope=pf.carbon_price_scope,
        no_one_worse_off=pf.no_one_worse_off, carbon_price_note=cp.note if cp else None,
        resilience_share=pf.resilience.max_supplier_share if pf.resilience else None,
        resilience_penalty=pf.resilience.penalty if pf.resilience else 0.0)


EXISTING = "existing"  # in policy.forbid: every existing link of the park


def existing_links(park: Park) -> list[str]:
    """The links the park runs today, in model order: what the counterfactual switches off."""
    return [eid for eid, e in park.exchanges.items() if e.existing]


def expand_forbid(forbid: list[str], park: Park) -> list[str]:
    """``forbid`` with the ``existing`` shorthand replaced by the existing links' ids."""
    if EXISTING not in forbid:
        return list(forbid)
    out = [oid for oid in forbid if oid != EXISTING]
    return out + [eid for eid in existing_links(park) if eid not in out]
