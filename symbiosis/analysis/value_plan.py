"""``with_values`` for one fixed set of paths, worked out once and applied to many samples.

A Monte Carlo run sets the same few hundred paths in every sample; ``with_values``
classifies each path, walks to its container and checks it is there, sample after
sample (2.1 ms of a 14 ms eco-park-2030 sample). ``ValuePlan(scenario, paths)`` does
that once: which paths are policy values, tenant amounts (``tenant_values``), measure
deltas or plain numbers, and for the plain ones the containers to copy, parents first,
each with its key resolved. ``apply(values)`` then copies those containers and sets the
numbers, and gives the scenario ``with_values(scenario, values)`` gives: the same park,
policy, figure records, change log and input hash (tests/test_value_plan.py compares
them on every sample).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from typing import Any

from symbiosis.analysis import values as v
from symbiosis.analysis.tenant_values import (measure_delta_path, set_measure_delta,
                                              set_tenant, tenant_path)
from symbiosis.load.park import FigureRecord
from symbiosis.load.scenario import Scenario


class ValuePlan:
    """How to set ``paths`` on copies of ``scenario``; ``apply`` for each sample.

    Made with the first sample's values, which it checks as ``with_values`` does (the
    same errors for a path that is not in the model)."""

    def __init__(self, scenario: Scenario, first: dict[str, Any], origin: str = "analysis"):
        v.with_values(scenario, first, origin)  # every path checked, as always
        self.scenario, self.origin, self.paths = scenario, origin, tuple(first)
        park = scenario.park
        self.normal = [v._normal(p) for p in self.paths]
        self.kinds: list[tuple[str, Any]] = []
        containers: dict[tuple, Any] = {}  # prefix → its key in its parent
        for path in self.normal:
            if path.startswith("policy."):
                self.kinds.append(("policy", path.removeprefix("policy.")))
            elif (hit := tenant_path(park, path)) is not None:
                self.kinds.append(("tenant", hit))
            elif (hit := measure_delta_path(park, path)) is not None:
                self.kinds.append(("delta", hit))
            else:
                prefix, leaf = self._route(park, path, containers)
                year = (int(path.rsplit(".", 1)[1])
                        if path.startswith("park.grid_factors.") else None)
                self.kinds.append(("plain", (prefix, leaf, year)))
        self.containers = list(containers.items())  # parents before children
        self.records = {f.path: f for f in park.figures}
        # What each figure record of a set number says, the same for every sample.
        self.recorded = [(i, path, self.records[path].unit, f"scenario:{origin}",
                          f"set by {origin} (was {self.records[path].value:g})")
                         for i, path in enumerate(self.normal)
                         if not path.startswith("policy.") and path in self.records]
        encode = json.JSONEncoder(ensure_ascii=False).encode
        self.head = f"[{encode(scenario.input_sha256)}, {{"
        self.sorted_keys = [(i, encode(k)) for k, i in
                            sorted((k, i) for i, k in enumerate(self.paths))]
        if len(set(self.normal)) != len(self.normal):  # "x" and "x.value": set in order
            self.kinds = None

    @staticmethod
    def _route(park: Any, path: str, containers: dict) -> tuple[tuple, Any]:
        parts = v._route(path)
        parts = parts[1:] if parts[0] == "park" else parts
        node, prefix = park, ()
        for part in parts[:-1]:
            key = v._key(node, part) if isinstance(node, dict) else part
            node = node[key] if isinstance(node, dict) else getattr(node, key)
            prefix += (key,)
            containers.setdefault(prefix, key)
        leaf = parts[-1]
        return prefix, (v._key(node, leaf) if isinstance(node, dict) else leaf)

    def apply(self, changes: dict[str, Any]) -> Scenario:
        """``with_values(scenario, changes)`` for changes over the plan's paths."""
        sc = self.scenario
        if self.kinds is None or tuple(changes) != self.paths:
            return v.with_values(sc, changes, self.origin)
        park = copy.copy(sc.park)
        made: dict[tuple, Any] = {(): park}
        copied: set[int] = set()
        for prefix, key in self.containers:
            parent = made[prefix[:-1]]
            child = parent[key] if isinstance(parent, dict) else getattr(parent, key)
            child = dict(child) if isinstance(child, dict) else copy.copy(child)
            if isinstance(parent, dict):
                parent[key] = child
            else:
                setattr(parent, key, child)
            made[prefix] = child
            copied.add(id(child))
        new = [float(x) if isinstance(x, (int, float)) and not isinstance(x, bool)
               else v.number(sc, p, x) for p, x in zip(self.normal, changes.values())]
        olds: list[Any] = [None] * len(new)
        for i, (kind, how) in enumerate(self.kinds):  # plain numbers, into the copies
            if kind == "plain":
                node, leaf = made[how[0]], how[1]
                if isinstance(node, dict):
                    olds[i], node[leaf] = node[leaf], new[i]
                else:
                    olds[i] = getattr(node, leaf)
                    setattr(node, leaf, new[i])
        # Then tenant amounts and measure deltas, which may put new copies of a tenant or
        # a measure into the park (carrying the plain numbers already set on the old ones).
        for i, (kind, how) in enumerate(self.kinds):
            if kind == "tenant":
                olds[i] = set_tenant(park, how, new[i], copied)
            elif kind == "delta":
                olds[i] = set_measure_delta(park, how, new[i])
        policy = sc.policy
        for i, (kind, how) in enumerate(self.kinds):  # the policy, in the given order
            if kind == "policy":
                olds[i], policy = _set_policy(park, policy, how, new[i])
            elif kind == "plain" and how[2] is not None and how[2] == policy.grid_factor_year:
                policy = dataclasses.replace(policy, grid_factor=new[i])
        return self._finish(park, policy, changes, new, olds)

    def _finish(self, park: Any, policy: Any, changes: dict, new: list, olds: list
                ) -> Scenario:
        sc, origin = self.scenario, self.origin
        records = dict(self.records)
        for i, path, unit, source, note in self.recorded:
            records[path] = FigureRecord(path, new[i], unit, source, "A", note)
        park.figures = list(records.values())
        log = list(sc.changelog)
        log.extend({"file": origin, "path": raw, "op": "set", "factor": None, "old": o,
                    "new": n, "note": None} for raw, o, n in zip(self.paths, olds, new))
        return dataclasses.replace(sc, park=park, policy=policy, changelog=log,
                                   input_sha256=self._digest(changes))

    def _digest(self, changes: dict) -> str:
        """``_sha([input hash, {path: str(value)}])``, with the sorted keys encoded once:
        the same bytes as ``json.dumps(sort_keys=True)`` of it (str of a float needs no
        escape)."""
        text = [str(x) if type(x) is float else None for x in changes.values()]
        if None in text:
            return v._sha([self.scenario.input_sha256, {k: str(x) for k, x in changes.items()}])
        body = ", ".join(f'{key}: "{text[i]}"' for i, key in self.sorted_keys)
        return hashlib.sha256(f"{self.head}{body}}}]".encode("utf-8")).hexdigest()


def _set_policy(park: Any, policy: Any, name: str, value: float) -> tuple[Any, Any]:
    """(old value, new policy), as ``with_values`` sets a ``policy.`` path."""
    old = getattr(policy, name)
    if name == "grid_factor_year":
        return old, dataclasses.replace(policy, grid_factor_year=int(value),
                                        grid_factor=park.grid_factors[int(value)])
    if name == "min_symbiosis_links":
        return old, dataclasses.replace(policy, **{name: int(value)})
    return old, dataclasses.replace(policy, **{name: value})
