"""The three states of a park, named the same everywhere: today, committed, new.

- **today**: what runs now. A tenant runs at its ``load_factor`` (today's output as a
  share of design, 0 when stopped), which scales its production, inputs, outputs,
  direct emissions and the absolute effects of its measures. Options in ``state: today``
  (or ``existing: true``, the older spelling) are on.
- **committed**: options under construction or contracted (``state: committed``, with
  the year ``in_service``). They are not part of today's baseline; every other run
  builds them, unless a scenario forbids them or sets ``policy.committed: false``.
- **new**: the proposal's options, decided by the optimizer under the scenario's policy.

Savings are reported against today, split into the committed pipeline's share and the
proposal's own (results/core.py).
"""

from __future__ import annotations

from typing import Any

TODAY, COMMITTED, NEW = "today", "committed", "new"
STATES = (TODAY, COMMITTED, NEW)
MAX_LOAD_FACTOR = 2.0  # above twice design is a unit mistake, not a plant


def state_of(r: Any, written: Any, key: str, default: str,
             today_allowed: bool = True) -> tuple[str, float | None]:
    """(state, in_service year) of an option as written, checked."""
    existing, state = written.existing if hasattr(written, "existing") else None, written.state
    if existing is not None and state is not None and existing != (state == TODAY):
        raise r.error(f"'existing: {str(existing).lower()}' and 'state: {state}' disagree; "
                      "write only 'state' (today, committed or new)", f"{key}.state")
    st = state or (TODAY if existing else NEW if existing is False else default)
    if st == TODAY and not today_allowed:
        raise r.error("a measure in use today is part of its tenant's figures, not an option; "
                      "use state committed or new", f"{key}.state")
    year = None
    if written.in_service is not None:
        if st != COMMITTED:
            raise r.error(f"'in_service' is the year a committed option enters service; this "
                          f"option is '{st}'", f"{key}.in_service")
        year = r.fig(written.in_service, f"{key}.in_service", "dimensionless")
        if not (1900 <= year <= 2200) or year != int(year):
            raise r.error(f"in_service must be a year (got {year:g})", f"{key}.in_service.value")
    return st, year


def load_factor(r: Any, written: Any, key: str) -> float:
    lf = r.fig(written.load_factor, f"{key}.load_factor", "dimensionless", 1.0)
    if lf > MAX_LOAD_FACTOR:
        raise r.error(f"load_factor {lf:g} is more than {MAX_LOAD_FACTOR:g} times design; write "
                      "today's output as a share of design (0.7 for 70 %)",
                      f"{key}.load_factor.value")
    return lf


def committed_options(park: Any) -> list[str]:
    """Ids (as policy.force and forbid name them) of every committed option."""
    out = [eid for eid, e in park.exchanges.items() if e.state == COMMITTED]
    out += [tid for tid, t in park.tenants.items()
            if t.processing is not None and t.processing.state == COMMITTED]
    out += [mid for mid, m in park.measures.items() if m.state == COMMITTED]
    out += [pid for pid, p in park.processes.items() if p.state == COMMITTED]
    return out


def state_names(park: Any) -> dict[str, str]:
    """Option id → state, for every link, facility, measure and process."""
    out = {eid: e.state for eid, e in park.exchanges.items()}
    out.update({tid: t.processing.state for tid, t in park.tenants.items() if t.processing})
    out.update({mid: m.state for mid, m in park.measures.items()})
    out.update({pid: p.state for pid, p in park.processes.items()})
    return out
