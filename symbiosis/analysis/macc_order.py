"""The merit order of an abatement curve and its pooling into monotone packages.

``merit_order`` walks the greedy, re-optimised path (the method is described in
analysis/macc.py); ``pool_adjacent_violators`` groups its steps so that the cost per
tonne never falls. Both work on an evaluator: a function from the set of options on to
(cost, CO2 on every boundary), memoised by the caller. The sets a step compares do not
depend on each other, so an evaluator with a ``prefetch(sets)`` method is handed all
of them at once (analysis/macc.py solves them on the parallel engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, Callable

EPS_T = 1e-6  # t CO2e: less abatement than this is none
Evaluate = Callable[[frozenset], tuple[float, dict[str, float]]]


def _prefetch(ev: Evaluate, sets: list[frozenset]) -> None:
    """Let ``ev`` solve ``sets`` together, if it can (then each ``ev(s)`` is a look-up)."""
    if hasattr(ev, "prefetch"):
        ev.prefetch(sets)


@dataclass
class Step:
    id: str
    phase: str  # "optimum" or "beyond optimum"
    abated: float  # t CO2e/yr on the curve's boundary, on top of the steps before
    cost: float  # money per year, on top of the steps before
    cumulative: float  # abatement against the baseline after this step


def _shared(data: Any, options: list[str]) -> dict[str, set[str]]:
    """Options that need the same facility or process still to be built, by its id: the
    first of them pays its fixed cost, the others ride on it."""
    ex, procs, hubs = data.park.exchanges, data.park.processes, set(data.hubs)
    out: dict[str, set[str]] = {}
    for o in options:
        needs = {o} if o in procs else set()
        if o in ex:
            needs |= {n for n in (ex[o].via, ex[o].supplier, ex[o].receiver)
                      if n and (n in procs or n in hubs)}
        for n in needs:
            out.setdefault(n, set()).add(o)
    return {n: members for n, members in out.items() if len(members) > 1}


def merit_order(ev: Evaluate, data: Any, options: list[str], best: set[str], b: str,
                tick: Callable[[], None]) -> list[Step]:
    """The greedy path: the optimum's options, then the others that still abate.

    A move may also be a bundle: the phase's remaining options that share a facility or
    process no option in the plan has brought yet, so that its cost is not pinned on
    whichever link happens to come first. A bundle that saves money and abates nothing
    goes before the curve like a single option that does; one whose cost per tonne beats
    every single option comes next, its abating members first. Either way its members
    are steps of their own. Pooling would keep the curve monotone without bundles; they
    only keep unrelated options out of a pooled package.
    """
    shared = _shared(data, options)
    steps: list[Step] = []
    state: frozenset[str] = frozenset()
    cost_now, base_co2 = ev(state)[0], ev(state)[1][b]
    co2_now = base_co2
    for phase, pool in (("optimum", [o for o in options if o in best]),
                        ("beyond optimum", [o for o in options if o not in best])):
        queue: list[str] = []  # members of the chosen bundle still to add
        flat_first = False  # the bundle goes before the curve: its flat members first
        while pool:
            cand = queue or pool
            _prefetch(ev, [state | {o} for o in cand])
            trials = {o: ev(state | {o}) for o in cand}
            gain = {o: (trials[o][0] - cost_now, co2_now - trials[o][1][b]) for o in cand}
            flat = [o for o in cand if gain[o][1] <= EPS_T]
            saving = [o for o in flat if gain[o][0] <= 0]
            abating = [o for o in cand if o not in flat]

            def cheapest() -> str:
                return min(flat, key=lambda o: (gain[o][0], o))

            def per_t() -> str:
                return min(abating, key=lambda o: (gain[o][0] / gain[o][1], o))

            optimum = phase == "optimum"
            if queue:
                if flat and (flat_first or (optimum and not abating)):
                    pick = cheapest()
                elif abating:
                    pick = per_t()
                else:  # the bundle's other members abate nothing more: back to the pool
                    queue = []
                    continue
            elif optimum and saving:  # built for its saving: before the next tonne
                pick = min(saving, key=lambda o: (gain[o][0], o))
            else:
                if optimum:
                    found = _best_bundle(ev, shared, pool, state, cost_now, co2_now, b, True)
                    if found:
                        queue, flat_first = found[1], True
                        continue
                if abating:
                    pick = per_t()
                    found = _best_bundle(ev, shared, pool, state, cost_now, co2_now, b, False)
                    if found and found[0] < gain[pick][0] / gain[pick][1]:
                        queue, flat_first = found[1], False
                        continue
                elif optimum:  # what is left abates nothing now; the optimum has it
                    pick = cheapest()
                else:
                    break
            cost_now, co2_now = trials[pick][0], trials[pick][1][b]
            steps.append(Step(pick, phase, gain[pick][1], gain[pick][0], base_co2 - co2_now))
            pool.remove(pick)
            if pick in queue:
                queue.remove(pick)
            state = state | {pick}
            tick()
    return steps


def _best_bundle(ev: Evaluate, shared: dict[str, set[str]], pool: list[str],
                 state: frozenset[str], cost_now: float, co2_now: float, b: str,
                 saving: bool) -> tuple[float, list[str]] | None:
    """Of each group that shares a facility not yet in the plan, all its remaining
    members or any two of them: the cheapest per tonne that abates, as (cost per t,
    members); with ``saving``, the one that saves most and abates nothing, as (cost,
    members). None if there is none."""
    found = None
    tries = {}
    for key, members in sorted(shared.items()):
        if members & state:
            continue  # its facility is in the plan already
        group = sorted(members & set(pool))
        tries[key] = [group] + [list(p) for p in combinations(group, 2)] if len(group) > 2 \
            else [group] if len(group) == 2 else []
    _prefetch(ev, [state | set(bundle) for bundles in tries.values() for bundle in bundles])
    for key, bundles in tries.items():
        for bundle in bundles:
            cost, co2 = ev(state | set(bundle))
            gain, extra = co2_now - co2[b], cost - cost_now
            if saving and gain <= EPS_T and extra <= 0:
                value = extra
            elif not saving and gain > EPS_T:
                value = extra / gain
            else:
                continue
            if found is None or value < found[0]:
                found = (value, bundle)
    return found


def pool_adjacent_violators(steps: list[tuple[float, float]]) -> tuple[int, list[list[int]]]:
    """Packages of consecutive steps (abated t, cost) whose cost per tonne never falls.

    Returns how many leading steps abate nothing (the offset before the curve) and the
    packages as lists of step indices. A package whose abatement is not positive, or
    that is cheaper per tonne than the one before it, is merged into that one; a
    package left without positive abatement and nothing before it joins the offset.
    """
    n = 0
    while n < len(steps) and steps[n][0] <= EPS_T:
        n += 1
    blocks: list[list[int]] = []
    sums: list[list[float]] = []  # [abated, cost] of each block
    for i in range(n, len(steps)):
        blocks.append([i])
        sums.append([steps[i][0], steps[i][1]])
        while blocks:
            a, c = sums[-1]
            if a <= EPS_T and len(blocks) == 1:
                n += len(blocks.pop())  # contiguous with the offset: it joins it
                sums.pop()
                break
            if a > EPS_T and (len(blocks) == 1 or c / a >= sums[-2][1] / sums[-2][0]):
                break
            last, (a, c) = blocks.pop(), sums.pop()
            blocks[-1] += last
            sums[-1][0] += a
            sums[-1][1] += c
    return n, blocks
