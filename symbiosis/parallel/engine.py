"""One engine for every analysis that solves a scenario many times.

Monte Carlo, sensitivity, data-needs, sweeps, Pareto fronts, abatement curves and
Shapley coalitions all hand their solves to it; so can any new analysis.

Public entry points::

    from symbiosis import parallel

    rows = parallel.run_tasks(task, items, scenario, workers=2)  # one round

    with parallel.Engine(scenario, dask_local=2) as eng:         # several rounds, same
        first = eng.map(task, items)                              # workers and sessions
        later = eng.map(other_task, more_items)

``task`` is a module-level function (workers import it by name; a lambda or a nested
function cannot travel) called as ``task(scenario, session, batch)`` where ``batch``
is a list of ``(index, item)`` and ``session`` the worker's persistent
``analysis.session.Session`` of ``scenario`` (built once per worker and scenario, kept
between batches and rounds; ``session.memo`` keeps what a task wants to reuse there,
such as a baseline). It returns one dict per item with ``"sample": index``;
``map`` returns them in item order. Items and rows must pickle.

Where the solves run: ``workers=1`` in this process (no pool, no pickling);
``workers=N`` a pool of N processes forked from a clean fork server (pool.py; spawned
where there is none); ``dask_local=N`` a Dask LocalCluster of N
single-threaded workers; ``scheduler="tcp://host:8786"`` a Dask cluster. Every task
carries the scenario itself, validated and pickled (``pack``), keyed by its input hash
and the digest of those bytes: a worker needs the package installed, not the
scenario's files, its folder or its working directory. A worker keeps the session of
one scenario; a task of another scenario replaces it.

Answers do not depend on where they are solved, as long as a task's answer depends
only on its item (the session's history may only speed it up): that is what lets the
tests compare 1 and 2 workers row for row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
import zlib
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from symbiosis.parallel.pool import executor

Task = Callable[[Any, Any, list[tuple[int, Any]]], list[dict[str, Any]]]
Record = Callable[[int, list[dict[str, Any]]], None]

_CACHE: dict[str, Any] = {}  # per worker process: scenario key → (scenario, session)


@dataclass
class Job:
    """One batch: the scenario as data, the task and its items."""

    key: str
    payload: bytes
    baseline: bool
    items: list[tuple[int, Any]]
    task: Task


def pack(scenario: Any) -> bytes:
    """The validated scenario as bytes for a worker. Its park's ``locate`` (where each
    key was written, a closure over the YAML files, for error messages on the client)
    stays behind: nothing a worker does reports a file position."""
    bare = dataclasses.replace(scenario, park=dataclasses.replace(scenario.park, locate=None))
    return zlib.compress(pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _session(job: Job) -> tuple[Any, Any]:
    from symbiosis.analysis.session import Session

    if job.key not in _CACHE:
        scenario = pickle.loads(zlib.decompress(job.payload))
        _CACHE.clear()  # one scenario per worker: the last one asked for
        _CACHE[job.key] = (scenario, Session(scenario, with_baseline=job.baseline))
    return _CACHE[job.key]


def run_job(job: Job) -> list[dict[str, Any]]:
    """What a worker runs: the batch's task on the worker's session of the scenario."""
    scenario, session = _session(job)
    return job.task(scenario, session, job.items)


def batches(items: list[Any], size: int, start: int = 0) -> list[tuple[int, list[tuple[int, Any]]]]:
    """``(batch index, [(item index, item), …])`` of ``size`` items each."""
    return [(b, [(start + b * size + i, x) for i, x in enumerate(items[b * size:(b + 1) * size])])
            for b in range(math.ceil(len(items) / size))]


def parallelism(workers: int = 1, dask_local: int | None = None,
                scheduler: str | None = None) -> int:
    """How many solves run at once (a remote cluster counts as 2: its size is not known
    before it answers, and batch sizes must not depend on it)."""
    return dask_local or (2 if scheduler else max(1, workers))


def batch_size(n: int, width: int, given: int | None = None) -> int:
    """Items per task: about four tasks per worker, at most 25 items, so a slow batch
    does not hold the others up and each task still runs well over 10 ms."""
    return given or max(1, min(25, math.ceil(n / (4 * width))))


class Engine:
    """Workers (or this process) that keep ``scenario`` solved between rounds."""

    def __init__(self, scenario: Any, workers: int = 1, dask_local: int | None = None,
                 scheduler: str | None = None, batch_size: int | None = None,
                 baseline: bool = True):
        self.scenario = scenario
        self.workers, self.dask_local, self.scheduler = max(1, workers), dask_local, scheduler
        self.batch_size = batch_size
        self.baseline = baseline
        self._payload: bytes | None = None
        self._key = ""
        self._local: tuple[Any, Any] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._client = self._cluster = None

    @property
    def width(self) -> int:
        """Solves that run at once: a remote cluster's workers once it has answered."""
        if self.scheduler and self._client is not None:
            return max(1, len(self._client.scheduler_info().get("workers", {})))
        return parallelism(self.workers, self.dask_local, self.scheduler)

    @property
    def in_process(self) -> bool:
        return not (self.scheduler or self.dask_local) and self.workers == 1

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        self._local = None

    def map(self, task: Task, items: Iterable[Any],
            progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
        """One row per item, in item order."""
        items = list(items)
        if not items:
            return []
        got: dict[int, dict[str, Any]] = {}

        def record(_: int, rows: list[dict[str, Any]]) -> None:
            got.update((r["sample"], r) for r in rows)
            if progress:
                progress(len(got), len(items))

        self.run_batches(task, batches(items, batch_size(len(items), self.width,
                                                         self.batch_size)), record)
        if len(got) != len(items):
            raise RuntimeError(f"{task.__qualname__} returned {len(got)} rows for "
                               f"{len(items)} items")
        return [got[i] for i in range(len(items))]

    def run_batches(self, task: Task, todo: list[tuple[int, list[tuple[int, Any]]]],
                    record: Record) -> None:
        """Run each ``(batch index, batch)``; ``record`` gets each batch's rows as it ends
        (in this process, in the order they finish)."""
        if self.in_process:
            if self._local is None:
                from symbiosis.analysis.session import Session

                self._local = (self.scenario, Session(self.scenario, with_baseline=self.baseline))
            for b, chunk in todo:
                record(b, task(*self._local, chunk))
            return
        jobs = [(b, self._job(task, chunk)) for b, chunk in todo]
        if self.scheduler or self.dask_local:
            self._run_dask(jobs, record)
        else:
            self._run_pool(jobs, record)

    def _job(self, task: Task, chunk: list[tuple[int, Any]]) -> Job:
        if self._payload is None:
            self._payload = pack(self.scenario)
            digest = hashlib.sha256(self._payload).hexdigest()[:16]
            self._key = f"{self.scenario.input_sha256}:{digest}:{int(self.baseline)}"
        return Job(self._key, self._payload, self.baseline, chunk, task)

    def _run_pool(self, jobs: list[tuple[int, Job]], record: Record) -> None:
        if self._pool is None:
            # not forked from this process: each worker starts clean (pool.py says why)
            self._pool = executor(self.workers)
        pending = {self._pool.submit(run_job, job): b for b, job in jobs}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                record(pending.pop(fut), fut.result())

    def _run_dask(self, jobs: list[tuple[int, Job]], record: Record) -> None:
        from dask.distributed import Client, LocalCluster, as_completed

        if self._client is None:
            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=self.dask_local, threads_per_worker=1,
                                             processes=True, host="127.0.0.1",
                                             dashboard_address=None)
                self._client = Client(self._cluster)
        futures = {self._client.submit(run_job, job, pure=False): b for b, job in jobs}
        for fut in as_completed(list(futures)):
            record(futures[fut], fut.result())


def run_tasks(task: Task, items: Iterable[Any], scenario: Any, workers: int = 1,
              dask_local: int | None = None, scheduler: str | None = None,
              batch_size: int | None = None, baseline: bool = True,
              progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """``task`` over ``items`` on ``scenario``, one round: one row per item, in order."""
    with Engine(scenario, workers, dask_local, scheduler, batch_size, baseline) as eng:
        return eng.map(task, items, progress)

