"""Named checks of a scenario's option lists: every ``forbid``, ``force`` and ``build``
entry, and ``baseline``, must change something.

A policy key that would have no effect is a mistake the user wants to hear about (a
typo, a link already left out by ``build: none``, a link forced through a facility
that may not be built): each is an ``InputError`` naming the file and the key where the
value was set, which may be a parent scenario reached through ``extends``.

Most checks need only the park and the lists (``check_lists``, at load time). Whether
a link can carry any flow at all needs the model's bounds, so ``check_bounds`` runs once
the optimizer's data are built and takes their ``unbuildable`` reasons.
"""

from __future__ import annotations

from typing import Callable

from symbiosis.errors import InputError
from symbiosis.load.park import Park
from symbiosis.load.policy import EXISTING, Policy, PolicyFile, existing_links
from symbiosis.load.yamlio import YamlDoc

Origin = dict[str, tuple[str, int | None, str]]  # "policy.force.0" → (file, line, id)


class _Lists:
    """The three lists as written, with the rules that say what each entry does."""

    def __init__(self, pf: PolicyFile, park: Park):
        self.park = park
        self.forbid = list(pf.forbid)
        self.force = list(pf.force)
        self.build = pf.build
        self.existing = set(existing_links(park))
        self.off = set(self.forbid) | (self.existing if EXISTING in self.forbid else set())
        self.facilities = {tid for tid, t in park.tenants.items() if t.processing}
        self.processes = {pid for pid, p in park.processes.items() if not p.existing}
        self.known = set(park.exchanges) | set(park.measures) | self.facilities | self.processes

    def is_existing(self, oid: str) -> bool:
        t = self.park.tenants.get(oid)
        return oid in self.existing or bool(t and t.processing and t.processing.existing)

    def allowed(self, oid: str) -> bool:
        """A new option the lists let into the model (forbid aside)."""
        return oid in self.force or self.build == "all" or (
            isinstance(self.build, list) and oid in self.build)

    def facility_problem(self, eid: str) -> str | None:
        """Why a link's processing facility keeps it out of the model, if it does."""
        via = self.park.exchanges[eid].via if eid in self.park.exchanges else None
        if not via:
            return None
        if via in self.off:
            return f"its processing facility '{via}' is forbidden"
        if not self.is_existing(via) and not self.allowed(via):
            return (f"its processing facility '{via}' may not be built "
                    f"(add '{via}' to build or force)")
        return None


def _forbid_problem(x: _Lists, oid: str) -> str | None:
    if oid == EXISTING:
        if EXISTING in x.known:
            return ("is ambiguous: it stands for every existing link, and the model has an "
                    "option with that id (rename the option)")
        return None if x.existing else "has no effect: the park has no existing link to switch off"
    if oid in x.existing and EXISTING in x.forbid:
        return f"'{EXISTING}' already switches off every existing link"
    if not x.is_existing(oid) and not x.allowed(oid):
        how = "build: none" if x.build == "none" else "it is not in the build list"
        return f"has no effect: {how} already leaves it out"
    why = x.facility_problem(oid)
    if why:
        return f"has no effect: {why}, so the link is out already"
    if oid in x.facilities and x.is_existing(oid):
        p = x.park.tenants[oid].processing
        if not p.opex_fixed and not any(e.via == oid for e in x.park.exchanges.values()):
            return "has no effect: no link passes through this facility and it has no fixed cost"
    return None


def _force_problem(x: _Lists, oid: str) -> str | None:
    if oid == EXISTING or x.is_existing(oid):
        return ("has no effect: existing links and facilities are on already "
                "(put it in forbid to switch it off)")
    if oid in x.off:
        return "both forced and forbidden"
    why = x.facility_problem(oid)
    return f"cannot carry any flow: {why}" if why else None


def _build_problem(x: _Lists, oid: str) -> str | None:
    if oid == EXISTING or x.is_existing(oid):
        return "has no effect: existing links and facilities are on already"
    if oid in x.off:
        return "has no effect: it is also forbidden"
    why = x.facility_problem(oid)
    return f"has no effect: {why}" if why else None


def check_lists(pf: PolicyFile, park: Park, doc_of: Callable[[str], YamlDoc]) -> Origin:
    """Raise on the first entry without effect; return where each entry was set.

    ``doc_of("forbid")`` is the scenario file whose ``policy:`` set that key last.
    """
    x = _Lists(pf, park)
    origin: Origin = {}
    lists = {"forbid": (x.forbid, _forbid_problem), "force": (x.force, _force_problem)}
    if isinstance(pf.build, list):
        lists["build"] = (list(pf.build), _build_problem)
    for name, (ids, problem) in lists.items():
        doc = doc_of(name)
        for i, oid in enumerate(ids):
            key = f"policy.{name}.{i}"
            origin[key] = (str(doc.path), doc.line_of(key), oid)
            if oid not in x.known and oid != EXISTING:
                raise doc.error(f"unknown exchange, measure, facility or process "
                                f"still to be built '{oid}'", key)
            if oid in ids[:i]:
                raise doc.error(f"'{oid}' is listed twice", key)
            why = problem(x, oid)
            if why:
                raise doc.error(f"'{oid}' {why}", key)
    if pf.baseline == "none-existing" and not x.existing:
        raise doc_of("baseline").error(
            "has no effect: the park has no existing link, so the counterfactual is today",
            "policy.baseline")
    return origin


def check_bounds(pol: Policy, name: str, unbuildable: dict[str, str]) -> None:
    """A ``force`` (or ``forbid``) entry the model's data leave out anyway is an error.

    ``unbuildable`` comes from the scenario's data (for ``force``) or from its data with
    nothing forbidden (for ``forbid``: a link whose bound is zero even then).
    """
    entries = [(k, v) for k, v in pol.origin.items() if k.startswith(f"policy.{name}.")]
    if not entries:  # a Policy built in code: its own list, no file to point at
        entries = [(f"policy.{name}.{i}", (None, None, oid))
                   for i, oid in enumerate(getattr(pol, name))]
    for key, (file, line, oid) in entries:
        if oid in unbuildable:
            what = "cannot carry any flow" if name == "force" else \
                "has no effect: the link cannot carry any flow anyway"
            raise InputError(f"'{oid}' {what}: {unbuildable[oid]}", file, key, line)
