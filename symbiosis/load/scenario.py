"""Scenario files: a park model, overrides of its numbers, and a policy.

A scenario may ``extends:`` another; the parent's overrides apply first and its
policy is the default for the child's. Every change to the model and every policy
value a file sets lands in the change log with the file that made it.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from symbiosis.errors import InputError
from symbiosis.load import schema as s
from symbiosis.load.criteria import Criteria, choose_criteria
from symbiosis.load.grid import grid_year
from symbiosis.load.park import SCENARIO_PREFIX, Park, resolve_park
from symbiosis.load.validate import validate
from symbiosis.load.yamlio import YamlDoc, read_yaml
from symbiosis.units import UnitProblem, convert, park_units


class Override(s.Strict):
    path: str
    set: Any = None
    scale: float | None = None
    add: bool = False
    source: str | None = None
    note: str | None = None


class Constraints(s.Strict):
    min_symbiosis_links: int | None = Field(None, ge=0)
    min_participation_share: float | None = Field(None, ge=0, le=1)
    min_cleaner_production_share: float | None = Field(None, ge=0, le=1)
    co2_cap: s.Number | None = Field(None, description="t CO2e per year, on the objective boundary")
    capex_budget: s.Number | None = Field(None, description="park currency of new capital")


class PolicyFile(s.Strict):
    objective: Literal["cost", "co2"] = "cost"
    carbon_price: s.Figure | None = Field(None, description="park currency per t CO2e")
    discount_rate: float = Field(0.10, ge=0, le=1)
    grid_factor_year: int | None = None
    co2_boundary: Literal["scope12", "all", "net"] = "all"
    criteria: str | None = None
    impose_criteria: bool = False
    constraints: Constraints = Field(default_factory=Constraints)
    build: Literal["all", "none"] | list[str] = "all"
    forbid: list[str] = Field(default_factory=list)
    force: list[str] = Field(default_factory=list)
    min_link_load: float = Field(0.1, ge=0, le=1)
    no_one_worse_off: bool = Field(
        False, description="transfer payments so no enterprise pays more than in the baseline")
    resilience: Resilience | None = Field(
        None, description="penalise depending on one supplier beyond a share of a need")


class Resilience(s.Strict):
    max_supplier_share: float = Field(ge=0, le=1, description="most of a tenant's need of one "
                                      "input that one supplier may cover before the penalty")
    penalty: float = Field(0.5, ge=0, description="price of each unit beyond the share, as a "
                           "fraction of the input's market price (objective only, not a cost)")


class SolverFile(s.Strict):
    time_limit: float = Field(60.0, gt=0)
    mip_gap: float = Field(1e-6, ge=0)
    threads: int = Field(1, ge=1)
    options: dict[str, Any] = Field(default_factory=dict,
                                    description="further HiGHS options, passed as they are")


class ScenarioFile(s.Strict):
    id: str | None = None
    title: str | None = None
    title_vi: str | None = None
    description: str | None = None
    model: str | None = None
    extends: str | None = None
    overrides: list[Override] = Field(default_factory=list)
    policy: dict[str, Any] = Field(default_factory=dict)
    solver: dict[str, Any] = Field(default_factory=dict)
    uncertainty: dict[str, Any] = Field(default_factory=dict,
                                        description="distributions for Monte Carlo and sensitivity")
    roadmap: dict[str, Any] = Field(default_factory=dict,
                                    description="periods and trajectories of a multi-period plan")


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

    def may_build(self, option_id: str) -> bool:
        if option_id in self.forbid:
            return False
        if option_id in self.force:
            return True
        return self.build == "all" or (isinstance(self.build, list) and option_id in self.build)


@dataclass
class Scenario:
    id: str
    title: str
    file: Path
    park: Park
    policy: Policy
    solver: SolverFile
    criteria: Criteria
    changelog: list[dict[str, Any]]
    composed: dict[str, Any]
    description: str | None = None
    title_vi: str | None = None
    input_sha256: str = field(default="")
    uncertainty: dict[str, Any] = field(default_factory=dict)
    uncertainty_file: Any = None  # the YamlDoc that set it, for error messages
    roadmap: dict[str, Any] = field(default_factory=dict)
    roadmap_file: Any = None  # the YamlDoc that set it, for error messages


def baseline_of(scenario: Scenario) -> Scenario:
    """The same park and prices with no new link, measure or facility and no policy constraint."""
    pol = dataclasses.replace(
        scenario.policy, build="none", forbid=[], force=[], min_symbiosis_links=None,
        min_participation_share=None, min_cleaner_production_share=None, co2_cap=None,
        capex_budget=None, impose_criteria=False, no_one_worse_off=False,
        resilience_share=None, resilience_penalty=0.0)
    return dataclasses.replace(scenario, id=f"{scenario.id}.baseline", policy=pol)


def unconstrained(scenario: Scenario) -> Scenario:
    """The scenario without its policy constraints (criteria, CO2 cap, budget, forced options)."""
    pol = dataclasses.replace(
        scenario.policy, force=[], min_symbiosis_links=None, min_participation_share=None,
        min_cleaner_production_share=None, co2_cap=None, capex_budget=None, impose_criteria=False,
        no_one_worse_off=False)
    return dataclasses.replace(scenario, policy=pol)


# ---------------------------------------------------------------- extends chain

def _chain(path: Path) -> list[tuple[YamlDoc, ScenarioFile]]:
    """Scenario files from the root ancestor down to ``path``."""
    chain: list[tuple[YamlDoc, ScenarioFile]] = []
    seen: list[Path] = []
    current: Path | None = path
    while current is not None:
        current = current.resolve()
        if current in seen:
            names = " → ".join(p.name for p in seen + [current])
            raise InputError(f"'extends' makes a loop: {names}", seen[-1], "extends")
        seen.append(current)
        doc = read_yaml(current, "scenario file")
        sf = validate(ScenarioFile, doc.data, doc.path, doc.line_of)
        chain.append((doc, sf))
        if sf.extends is not None:
            parent = (current.parent / sf.extends)
            if not parent.is_file():
                raise doc.error(f"extended scenario not found: {parent}", "extends")
            current = parent
        else:
            current = None
    return list(reversed(chain))


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flat(v, key + "."))
        else:
            out[key] = v
    return out


# ---------------------------------------------------------------- overrides

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(.*)$")


def _scaled(value: Any, factor: float) -> Any:
    if isinstance(value, bool):
        raise ValueError("a true/false value cannot be scaled")
    if isinstance(value, (int, float)):
        return value * factor
    if isinstance(value, str):
        m = _NUMBER.match(value)
        if m:
            return f"{float(m.group(1)) * factor:.10g}{m.group(2)}"
    raise ValueError(f"{value!r} is not a number")


def _apply(model: dict[str, Any], ov: Override, doc: YamlDoc, index: int,
           log: list[dict[str, Any]], origin: dict[str, tuple[YamlDoc, int]]) -> None:
    key = f"overrides.{index}"
    parts = ov.path.split(".")
    node: Any = model
    for depth, part in enumerate(parts[:-1]):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            where = ".".join(parts[: depth + 1])
            raise doc.error(f"override path '{ov.path}' does not exist in the model "
                            f"(no '{where}')", f"{key}.path")
    last = parts[-1]
    if not isinstance(node, dict) or (last not in node and not ov.add):
        raise doc.error(f"override path '{ov.path}' does not exist in the model "
                        f"(use 'add: true' to create a new key)", f"{key}.path")
    if (ov.set is None) == (ov.scale is None):
        raise doc.error("an override needs exactly one of 'set' or 'scale'", key)
    old = copy.deepcopy(node.get(last))
    figure = isinstance(old, dict) and "value" in old and "source" in old
    target_parent, target_key = (old, "value") if figure else (node, last)
    if ov.scale is not None:
        try:
            new_value = _scaled(target_parent[target_key] if figure else old, ov.scale)
        except (ValueError, TypeError) as exc:
            raise doc.error(f"cannot scale '{ov.path}': {exc}", f"{key}.scale") from None
    else:
        new_value = ov.set
    if figure and not isinstance(new_value, dict):
        node[last] = dict(old, value=new_value,
                          source=ov.source or f"{SCENARIO_PREFIX}{doc.path.name}")
        if ov.note:
            node[last]["note"] = ov.note
        old_show, new_show = old["value"], new_value
    else:
        node[last] = new_value
        if last == "value" and isinstance(node.get("source"), str):
            node["source"] = ov.source or f"{SCENARIO_PREFIX}{doc.path.name}"
        old_show, new_show = old, new_value
    origin[ov.path] = (doc, index)
    log.append({"file": str(doc.path), "path": ov.path,
                "op": "scale" if ov.scale is not None else "set",
                "factor": ov.scale, "old": old_show, "new": new_show, "note": ov.note})


# ---------------------------------------------------------------- main entry

def load_park(path: str | Path) -> Park:
    """Read, validate and resolve one park model file."""
    doc = read_yaml(path, "model file")
    raw = validate(s.ParkFile, doc.data, doc.path, doc.line_of)
    return resolve_park(raw, doc.path, lambda k: (doc.path, k, doc.line_of(k)))


def _sha(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_scenario(path: str | Path) -> Scenario:
    """Compose a scenario: its extends chain, its model with overrides, its policy."""
    path = Path(path)
    chain = _chain(path)
    leaf_doc, leaf = chain[-1]
    model_doc: YamlDoc | None = None
    policy: dict[str, Any] = {}
    solver: dict[str, Any] = {}
    uncertainty: dict[str, Any] = {}
    uncertainty_file = leaf_doc
    roadmap: dict[str, Any] = {}
    roadmap_file = leaf_doc
    log: list[dict[str, Any]] = []
    for doc, sf in chain:
        if sf.model is not None:
            model_path = doc.path.parent / sf.model
            if not model_path.is_file():
                raise doc.error(f"model file not found: {model_path}", "model")
            model_doc = read_yaml(model_path, "model file")
        before = _flat(policy)
        policy = _merge(policy, sf.policy)
        for k, v in _flat(sf.policy).items():
            log.append({"file": str(doc.path), "path": f"policy.{k}", "op": "set",
                        "factor": None, "old": before.get(k), "new": v, "note": None})
        solver = _merge(solver, sf.solver)
        if sf.uncertainty:
            uncertainty = _merge(uncertainty, sf.uncertainty)
            uncertainty_file = doc
        if sf.roadmap:
            roadmap = _merge(roadmap, sf.roadmap)
            roadmap_file = doc
    if model_doc is None:
        raise leaf_doc.error("no 'model:' given (in this file or the one it extends)", "model")
    model = copy.deepcopy(model_doc.data)
    origin: dict[str, tuple[YamlDoc, int]] = {}
    for doc, sf in chain:
        for i, ov in enumerate(sf.overrides):
            _apply(model, ov, doc, i, log, origin)

    def locate(key: str) -> tuple[Path, str, int | None]:
        """A key changed by an override is reported at that override."""
        best = max((p for p in origin if key == p or key.startswith(p + ".")), key=len,
                   default=None)
        if best is None:
            return model_doc.path, key, model_doc.line_of(key)
        doc, index = origin[best]
        okey = f"overrides.{index}"
        return doc.path, f"{key} (set by {okey})", doc.line_of(okey)

    raw = validate(s.ParkFile, model, model_doc.path, model_doc.line_of, locate=locate)
    park = resolve_park(raw, model_doc.path, locate)
    pol_doc = _policy_doc(chain)
    pf = validate(PolicyFile, policy, pol_doc.path, pol_doc.line_of, prefix="policy")
    sv = validate(SolverFile, solver, leaf_doc.path, leaf_doc.line_of, prefix="solver")
    crit_doc = _setter(chain, "criteria") or pol_doc
    criteria = choose_criteria(pf.criteria, crit_doc.path.parent, crit_doc)
    if pf.impose_criteria and criteria.none:
        raise (_setter(chain, "impose_criteria") or pol_doc).error(
            "there is no criteria set to impose (policy.criteria is none)",
            "policy.impose_criteria")
    pol = _policy(pf, park, pol_doc, criteria)
    _check_option_ids(pol, park, pol_doc)
    scenario_id = leaf.id or path.stem
    composed = {
        "scenario": {"id": scenario_id, "title": leaf.title, "file": str(path),
                     "chain": [str(d.path) for d, _ in chain], "policy": policy,
                     "solver": sv.model_dump(), "uncertainty": uncertainty},
        "model": model,
        "criteria": criteria.raw,
    }
    if roadmap:  # only when set, so that other scenarios keep their input hashes
        composed["scenario"]["roadmap"] = roadmap
    scen = Scenario(id=scenario_id, title=leaf.title or scenario_id, file=path, park=park,
                    policy=pol, solver=sv, criteria=criteria, changelog=log, composed=composed,
                    description=leaf.description, title_vi=leaf.title_vi,
                    uncertainty=uncertainty, uncertainty_file=uncertainty_file,
                    roadmap=roadmap, roadmap_file=roadmap_file)
    # Where the files lie is no input: the same files give the same hash from any folder.
    located = {k: v for k, v in composed["scenario"].items() if k not in ("file", "chain")}
    scen.input_sha256 = _sha(dict(composed, scenario=located))
    return scen


def _setter(chain: list[tuple[YamlDoc, ScenarioFile]], key: str) -> YamlDoc | None:
    """The last file of the chain that sets ``policy.<key>``: paths are relative to it."""
    return next((doc for doc, sf in reversed(chain) if key in sf.policy), None)


def _policy_doc(chain: list[tuple[YamlDoc, ScenarioFile]]) -> YamlDoc:
    for doc, sf in reversed(chain):
        if sf.policy:
            return doc
    return chain[-1][0]


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
    price = num(cp.value, f"{park.currency}/t", "policy.carbon_price.value") if cp else 0.0
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
        build=pf.build, forbid=pf.forbid, force=pf.force, min_link_load=pf.min_link_load,
        no_one_worse_off=pf.no_one_worse_off,
        resilience_share=pf.resilience.max_supplier_share if pf.resilience else None,
        resilience_penalty=pf.resilience.penalty if pf.resilience else 0.0)


def _check_option_ids(pol: Policy, park: Park, doc: YamlDoc) -> None:
    known = set(park.exchanges) | set(park.measures) | {
        t.id for t in park.tenants.values() if t.processing and not t.processing.existing}
    lists = {"forbid": pol.forbid, "force": pol.force}
    if isinstance(pol.build, list):
        lists["build"] = pol.build
    for name, ids in lists.items():
        for i, oid in enumerate(ids):
            if oid not in known:
                raise doc.error(f"unknown exchange, measure or facility '{oid}'",
                                f"policy.{name}.{i}")
    both = set(pol.forbid) & set(pol.force)
    if both:
        raise doc.error(f"both forced and forbidden: {', '.join(sorted(both))}", "policy.force")
