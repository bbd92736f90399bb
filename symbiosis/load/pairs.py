"""What counts as one industrial symbiosis (Decree 35 Art. 37 cl. 2 b): one rule for all.

The KPI and checklist (results), the optimizer's ``min_symbiosis_links`` and
``min_participation_share`` rows (optimize/symbiosis.py) and the monitoring count use
these functions, so that a plan the optimizer calls compliant is one the checklist
counts.

- A link **joins** the enterprises that count (``counts_as_enterprise``) among its
  supplier, its processing facility (``via``) and its receiver; a conversion process
  stands for its owner. Park infrastructure (the WWTP, a shared power plant with
  ``counts_as_enterprise: false``) and partners outside the park join nobody: they
  carry or take a stream, they are not parties to it.
- A link is a **symbiosis link** when it joins two or more enterprises.
- Symbiosis links are counted by **group**: the set of enterprises joined and the
  resource. For the usual link that set is an unordered pair, so two routings of one
  stream between the same two enterprises (through different tenants of one company,
  or through a shared facility) and the same resource sent each way count once; two
  resources between the same pair count twice. Unordered, because a symbiosis is a
  cooperation between enterprises over a stream, and counting directions would let a
  model's routing choices (a tail-gas swap written both ways) multiply it.
- A group **carries flow** when its links' flows add up to at least ``CARRIES_FLOW``
  times the most they could carry together (Σ of their tight bounds). The optimizer's
  row is the same inequality, so an idle built link (possible with ``min_link_load:
  0``) never counts on either side.
"""

from __future__ import annotations

from typing import Any, Iterable

# Share of a group's bound its flow must reach to count: far above solver tolerances
# (1e-7 of scaled quantities), far below any flow a planner would call real.
CARRIES_FLOW = 1e-3
_SLACK = 1e-6  # relative: a solver may return the threshold a hair short


def joined(park: Any, eid: str) -> frozenset[str]:
    """The counting enterprises a link joins."""
    e = park.exchanges[eid]
    out = set()
    for node in (e.supplier, e.via, e.receiver):
        if node in park.processes:
            node = park.processes[node].tenant
        t = park.tenants.get(node)
        if t is not None and t.counts_as_enterprise:
            out.add(t.enterprise)
    return frozenset(out)


def group_of(park: Any, eid: str) -> tuple[str, str] | None:
    """The group a symbiosis link belongs to, as a Pyomo-friendly (enterprises, resource)
    key (enterprises sorted and joined by '+'); None for a link joining fewer than two."""
    ents = joined(park, eid)
    if len(ents) < 2:
        return None
    return ("+".join(sorted(ents)), park.exchanges[eid].resource)


def groups(park: Any, eids: Iterable[str]) -> dict[tuple[str, str], list[str]]:
    """Symbiosis groups of the given links, each with its links in the given order."""
    out: dict[tuple[str, str], list[str]] = {}
    for eid in eids:
        g = group_of(park, eid)
        if g is not None:
            out.setdefault(g, []).append(eid)
    return out


def threshold(bounds: Iterable[float]) -> float:
    """Flow a group must carry to count, from its links' tight bounds."""
    return CARRIES_FLOW * sum(bounds)


def carries_flow(flows: Iterable[float], bounds: Iterable[float]) -> bool:
    """The KPI side of the optimizer's row ``threshold·u ≤ Σ flow``."""
    total, need = sum(flows), threshold(bounds)
    return need > 0 and total >= need * (1 - _SLACK)
