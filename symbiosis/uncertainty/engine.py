"""Evaluate many samples of one scenario, resumably, on the parallel engine.

The solves run where ``symbiosis.parallel`` puts them (this process, a process pool or
Dask); each task carries the validated scenario itself, so workers need no files. Each
worker keeps one persistent ``Session`` and re-solves it for every sample with new
numbers. A run may give its own ``task`` (a module-level function of scenario, session
and the batch's items, as data-needs' bisections are) instead of one solve per sample.
Samples go out in batches; each finished batch is written to its own file at once
(temporary name, then rename), so a run that is killed loses only the batches in
flight and ``resume`` computes exactly the missing ones: no sample lost or repeated.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import shutil
from pathlib import Path
from typing import Any, Callable

from symbiosis.atomic import replace_with, write_text
from symbiosis.errors import InputError, SymbiosisError
from symbiosis.parallel import Engine, parallelism
from symbiosis.parallel import batch_size as _size_for
from symbiosis.parallel import batches as _batches
from symbiosis.safe_text import inert


def solve_samples(scenario: Any, session: Any, samples: list[tuple[int, dict[str, Any]]]
                  ) -> list[dict[str, Any]]:
    """Solve every sample of a batch with the worker's persistent session."""
    from symbiosis.analysis.direct_session import solve_sample
    from symbiosis.analysis.sweep import point_row

    rows = []
    for sample_id, values in samples:
        r = solve_sample(session, scenario, values)  # HiGHS direct; Pyomo where it must
        row = {"sample": sample_id, **point_row(r)}
        if r.ok:
            k = r.kpis
            row.update({"participation_share": k["participation_share"][0],
                        "cleaner_production_share": k["cleaner_production_share"][0],
                        "waste_reused_t_per_year": k["waste_reused_t_per_year"]})
        rows.append(row)
    return rows


def _write_batch(folder: Path, index: int, rows: list[dict[str, Any]]) -> None:
    """One batch, with its sample ids and a checksum, so a truncated, emptied or foreign
    file is recognised on --resume and computed again."""
    target = folder / f"batch-{index:05d}.json"
    body = json.dumps(rows, sort_keys=True)
    doc = {"samples": [r.get("sample") for r in rows],
           "sha256": hashlib.sha256(body.encode()).hexdigest(), "rows": rows}
    write_text(target, json.dumps(doc), durable=True)


def _read_batch(path: Path, ids: list[int]) -> list[dict[str, Any]] | None:
    """The rows of a batch file if it is whole and holds exactly samples ``ids``."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        rows = doc["rows"]
        body = json.dumps(rows, sort_keys=True)
        if doc["sha256"] != hashlib.sha256(body.encode()).hexdigest():
            return None
        if sorted(r["sample"] for r in rows) != sorted(ids) or doc["samples"] != \
                [r["sample"] for r in rows]:
            return None
        return rows
    except (OSError, ValueError, KeyError, TypeError):
        return None


def done_batches(folder: Path, expected: dict[int, list[int]] | None = None) -> set[int]:
    """Batches on disk; with ``expected`` (batch → its sample ids) only the sound ones."""
    found = {int(p.stem.split("-")[1]): p for p in folder.glob("batch-*.json")
             if p.stem.split("-")[1].isdigit()}
    if expected is None:
        return set(found)
    return {b for b, p in found.items() if b in expected and _read_batch(p, expected[b])}


def evaluate(scenario: Any, samples: list[dict[str, float]],
             folder: Path, meta: dict[str, Any], workers: int = 1, batch_size: int | None = None,
             scheduler: str | None = None, dask_local: int | None = None, resume: bool = False,
             progress: Callable[[int, int], None] | None = None,
             task: Callable | None = None,
             progress_note: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Rows of every sample, in sample order; batches kept in ``folder`` for resuming.

    With ``task`` each batch is handed to it in the worker (its rows carry "sample")."""
    size = _size_for(len(samples), parallelism(workers, dask_local, scheduler), batch_size)
    meta = dict(meta, batch_size=size, samples=len(samples))
    if task is not None:  # a resumed run must run the same task
        meta["task"] = f"{task.__module__}.{task.__qualname__}"
    meta_file = folder / "meta.json"
    if resume and meta_file.is_file():
        old = json.loads(meta_file.read_text(encoding="utf-8"))
        if old != meta:
            diff = sorted(k for k in set(old) | set(meta) if old.get(k) != meta.get(k))
            raise InputError(f"--resume: this run differs from the one in {folder} "
                             f"({', '.join(diff)}); run without --resume to start again", folder)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    meta_file.write_text(json.dumps(meta, indent=2), encoding="utf-8")

    ids = {b: [i for i, _ in chunk] for b, chunk in _batches(samples, size)}
    finished = done_batches(folder, ids)
    bad = done_batches(folder) - finished
    if bad and progress_note:
        progress_note(f"{len(bad)} batch file(s) in {folder} were damaged or foreign "
                      "(truncated, emptied, other samples): computed again")
    todo = [(b, chunk) for b, chunk in _batches(samples, size) if b not in finished]
    total = math.ceil(len(samples) / size)
    count = len(finished)
    if progress:
        progress(count * size, len(samples))

    def record(b: int, rows: list[dict[str, Any]]) -> None:
        nonlocal count
        _write_batch(folder, b, rows)
        count += 1
        if progress:
            progress(min(count * size, len(samples)), len(samples))

    with Engine(scenario, workers, dask_local, scheduler) as eng:
        eng.run_batches(task or solve_samples, todo, record)
    rows = []
    for b in range(total):
        got = _read_batch(folder / f"batch-{b:05d}.json", ids[b])
        if got is None:  # changed under us while running: another process in this folder
            raise SymbiosisError(f"batch {b} in {folder} changed while this run was writing "
                                 "it: is another run using the same folder?")
        rows.extend(got)
    return sorted(rows, key=lambda r: r["sample"])


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    keys: dict[str, None] = {}  # every row's columns in first-seen order; a dict, not a
    for r in rows:              # list: 1,000 samples × 300 columns took 0.6 s of lookups
        keys.update(dict.fromkeys(r))
    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(keys))
            w.writeheader()
            w.writerows({k: inert(v) for k, v in r.items()} for r in rows)
    replace_with(path, write)
