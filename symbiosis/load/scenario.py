"""Scenario files: a park model, overrides of its numbers, and a policy.

A scenario may ``extends:`` another; the parent's overrides apply first and its
policy is the default for the child's. Every change to the model and every policy
value a file sets lands in the change log with the file that made it.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from symbiosis.errors import InputError
from symbiosis.load import schema as s
from symbiosis.load.solver_options import problem as option_problem
from symbiosis.load.criteria import Criteria, choose_criteria
from symbiosis.load.park import SCENARIO_PREFIX, Park, resolve_park
# The policy's schema and resolution live in load/policy.py; imported here so that
# ``from symbiosis.load.scenario import Policy`` keeps working.
from symbiosis.load.ids import id_problem
from symbiosis.load.policy import (BARE_NOTE, Constraints, Policy, PolicyFile,  # noqa: F401
                                   Resilience, _policy, existing_links)
from symbiosis.load.policy_checks import check_lists
from symbiosis.load.validate import validate
from symbiosis.load.digest import sha256
from symbiosis.load.tables import read_model
from symbiosis.load.yamlio import YamlDoc, read_yaml


class Override(s.Strict):
    path: str
    set: Any = None
    scale: s.Finite | None = None  # `scale: true` was read as 1, `.nan` made every figure NaN
    add: bool = False
    source: str | None = None
    note: str | None = None


class SolverFile(s.Strict):
    name: Literal["highs", "scip", "gurobi", "cplex", "cbc"] = Field(
        "highs", description="MILP solver: highs (default), scip, or gurobi, cplex, cbc "
        "where installed")
    # finite and never a boolean: an infinite time limit lets a hostile file hold a CPU for ever
    time_limit: s.Finite = Field(60.0, gt=0)
    mip_gap: s.Finite = Field(1e-6, ge=0)
    threads: Annotated[int, BeforeValidator(s._not_bool)] = Field(1, ge=1)
    options: dict[str, Any] = Field(default_factory=dict,
                                    description="further options of the chosen solver, "
                                    "from the whitelist of load/solver_options.py")


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
    """The same park and prices with no new link, measure or facility and no policy constraint.

    With ``policy.baseline: none-existing`` it is the no-symbiosis counterfactual: the
    existing links are switched off too.
    """
    off = existing_links(scenario.park) if scenario.policy.baseline == "none-existing" else []
    pol = dataclasses.replace(
        scenario.policy, build="none", forbid=off, force=[], min_symbiosis_links=None,
        min_participation_share=None, min_cleaner_production_share=None, co2_cap=None,
        capex_budget=None, impose_criteria=False, no_one_worse_off=False,
        resilience_share=None, resilience_penalty=0.0, committed=[])
    return dataclasses.replace(scenario, id=f"{scenario.id}.baseline", policy=pol)


def committed_of(scenario: Scenario) -> Scenario | None:
    """Today's baseline with the scenario's committed options built (load/states.py), or
    None when the scenario builds none: the reference that splits a saving into the
    committed pipeline's share and the proposal's own."""
    if not scenario.policy.committed:
        return None
    base = baseline_of(scenario)
    pol = dataclasses.replace(base.policy, committed=list(scenario.policy.committed))
    return dataclasses.replace(base, id=f"{scenario.id}.committed", policy=pol)


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


def _grouped(model: dict[str, Any], parts: list[str]) -> list[str]:
    """The steps of a dotted path, an id holding '.' (``v1.2``) kept whole where the model
    has it: the longest run of parts that is a key of the mapping reached wins."""
    steps, node, i = [], model, 0
    while i < len(parts):
        j = next((j for j in range(len(parts), i + 1, -1)
                  if isinstance(node, dict) and ".".join(parts[i:j]) in node), i + 1)
        steps.append(".".join(parts[i:j]))
        node = (node.get(steps[-1]) if isinstance(node, dict) else
                node[int(steps[-1])] if isinstance(node, list) and steps[-1].isdigit()
                and int(steps[-1]) < len(node) else None)
        i = j
    return steps


def _apply(model: dict[str, Any], ov: Override, doc: YamlDoc, index: int,
           log: list[dict[str, Any]], origin: dict[str, tuple[YamlDoc, int]]) -> None:
    key = f"overrides.{index}"
    parts = _grouped(model, ov.path.split("."))
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
    doc = read_model(path)
    raw = validate(s.ParkFile, doc.data, doc.path, doc.line_of, locate=doc.where)
    return resolve_park(raw, doc.path, doc.where)


def load_scenario(path: str | Path) -> Scenario:
    """Compose a scenario: its extends chain, its model with overrides, its policy."""
    path = Path(path)
    chain = _chain(path)
    leaf_doc, leaf = chain[-1]
    model_path: Path | None = None
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
    if model_path is None:
        raise leaf_doc.error("no 'model:' given (in this file or the one it extends)", "model")
    model_doc = read_model(model_path)  # the last one named: a parent's is not read at all
    # The parsed file is this load's own: overrides change it in place (a deep copy of
    # a regional park costs seconds and its size again in memory).
    model = model_doc.data
    origin: dict[str, tuple[YamlDoc, int]] = {}
    for doc, sf in chain:
        for i, ov in enumerate(sf.overrides):
            _apply(model, ov, doc, i, log, origin)

    def locate(key: str) -> tuple[Path, str, int | None]:
        """A key changed by an override is reported at that override."""
        best = max((p for p in origin if key == p or key.startswith(p + ".")), key=len,
                   default=None)
        if best is None:
            return model_doc.where(key)
        doc, index = origin[best]
        okey = f"overrides.{index}"
        return doc.path, f"{key} (set by {okey})", doc.line_of(okey)

    raw = validate(s.ParkFile, model, model_doc.path, model_doc.line_of, locate=locate)
    park = resolve_park(raw, model_doc.path, locate)
    pol_doc = _policy_doc(chain)
    pf = validate(PolicyFile, policy, pol_doc.path, pol_doc.line_of, prefix="policy")
    sv = validate(SolverFile, solver, leaf_doc.path, leaf_doc.line_of, prefix="solver")
    for key, value in sv.options.items():
        why = option_problem(sv.name, key, value)
        if why:
            raise leaf_doc.error(why, f"solver.options.{key}")
    crit_doc = _setter(chain, "criteria") or pol_doc
    criteria = choose_criteria(pf.criteria, crit_doc.path.parent, crit_doc)
    if pf.impose_criteria and criteria.none:
        raise (_setter(chain, "impose_criteria") or pol_doc).error(
            "there is no criteria set to impose (policy.criteria is none)",
            "policy.impose_criteria")
    pol = _policy(pf, park, pol_doc, criteria)
    if pol.carbon_price_note == BARE_NOTE:  # the change log says the price has no source
        for entry in reversed(log):
            if entry["path"] == "policy.carbon_price":
                entry["note"] = BARE_NOTE
                break
    pol.origin = check_lists(pf, park, lambda key: _policy_doc(chain, key))
    for entry in log:  # outputs are handed on: no absolute paths of this machine in them
        entry["file"] = _shown(entry["file"], path)
    scenario_id = leaf.id if leaf.id is not None else path.stem
    why = id_problem(scenario_id)
    if why:
        raise leaf_doc.error(why if leaf.id is not None else f"{why}; give the scenario an 'id:'",
                             "id")
    composed = {
        "scenario": {"id": scenario_id, "title": leaf.title, "file": path.name,
                     "chain": [_shown(d.path, path) for d, _ in chain], "policy": policy,
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
    scen.input_sha256 = sha256(dict(composed, scenario=located))
    return scen


def _setter(chain: list[tuple[YamlDoc, ScenarioFile]], key: str) -> YamlDoc | None:
    """The last file of the chain that sets ``policy.<key>``: paths are relative to it."""
    return next((doc for doc, sf in reversed(chain) if key in sf.policy), None)


def _policy_doc(chain: list[tuple[YamlDoc, ScenarioFile]], key: str | None = None) -> YamlDoc:
    """The last file of the chain that sets ``policy`` (or ``policy.<key>``)."""
    for doc, sf in reversed(chain):
        if sf.policy and (key is None or key in sf.policy):
            return doc
    return chain[-1][0]


def _shown(file: str | Path, scenario: Path) -> str:
    """``file`` relative to the scenario's folder, as written in outputs."""
    try:
        rel = os.path.relpath(Path(file).resolve(), Path(scenario).resolve().parent)
    except ValueError:  # another drive
        return Path(file).name
    return Path(file).name if ".." in Path(rel).parts else rel  # no walk up this machine
