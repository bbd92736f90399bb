"""The local process pool: workers forked from a fork server that imported what they need.

Why a fork server: forking this process would copy into every worker whatever it has
done so far (a HiGHS instance whose task scheduler owns threads, open files, locks held
by other threads), which is unsafe; spawning starts each worker clean, but each one then
imports the package, Pyomo, NumPy and highspy itself when the first job arrives, after
this process has done its own imports, loading and writing. The fork server is a fresh
interpreter (spawned, so just as clean) that imports those modules once, never solves
and runs one thread; every worker is a fork of it, clean and already imported.
``warm_up`` starts it when a command starts, so that its imports run on another core
while this process imports, loads the scenario and writes its run. Where there is no
fork server (Windows; Python 3.10, see _start_server), workers are spawned as before.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

# What a worker imports to run any task of the engine (run_job → Session, the direct
# HiGHS path, the modules of every task: Monte Carlo, sensitivity, data-needs, sweep,
# Pareto, MACC, Shapley, alternatives) and the libraries beneath them; none starts a
# solver or a thread of its own. The CLI is there because a worker of the ``symbiosis``
# console script runs that script again (as __mp_main__), which imports symbiosis.cli.
# A module missing here still works: the worker imports it on its first job.
PRELOAD = ("numpy", "highspy", "pyomo.environ", "symbiosis.parallel.engine",
           "symbiosis.analysis.session", "symbiosis.analysis.direct_session",
           "symbiosis.analysis.sweep", "symbiosis.uncertainty.engine",
           "symbiosis.uncertainty.flips", "symbiosis.analysis.macc",
           "symbiosis.analysis.sharing", "symbiosis.analysis.pareto",
           "symbiosis.analysis.alternatives", "symbiosis.cli",
           "symbiosis.parallel.preloaded")  # last: freezes what the others made

# Libraries that start a thread pool when imported (NumPy's OpenBLAS does): one thread
# each in the fork server, so that it forks from a single-threaded process, and in the
# workers, which run one solve each on a core of their own anyway. A value the user set
# is kept.
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

_lock = threading.Lock()


def start_method() -> str:
    """``forkserver`` where the platform has it (POSIX) and the server can be given this
    process's import path (Python 3.11+, see _start_server), else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods() and sys.version_info >= (3, 11):
        return "forkserver"
    return "spawn"


def context() -> multiprocessing.context.BaseContext:
    """The start method's context, its fork server running (started if need be)."""
    ctx = multiprocessing.get_context(start_method())
    if ctx.get_start_method() == "forkserver":
        _start_server()
    return ctx


def _start_server() -> None:
    from multiprocessing import forkserver

    # The server starts as ``python -c`` and, before 3.12 at least, ignores the import
    # path it is sent: its path would begin with the working directory, and a checkout
    # there would be imported instead of the package this process runs. So it is given
    # this process's path whole (PYTHONPATH) and nothing before it (PYTHONSAFEPATH).
    # ensure_running starts the server if it is not (or no longer) running, with this
    # process's environment at that moment; the environment is put back after.
    path = os.pathsep.join(os.path.abspath(p) if p else os.getcwd()
                           for p in sys.path if isinstance(p, str))
    env = {**{k: os.environ.get(k) or "1" for k in ONE_THREAD},
           "PYTHONPATH": path, "PYTHONSAFEPATH": "1"}
    with _lock:
        forkserver.set_forkserver_preload(list(PRELOAD))
        saved = {k: os.environ.get(k) for k in env}
        try:
            os.environ.update(env)
            forkserver.ensure_running()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def warm_up(workers: int) -> None:
    """Start the fork server now, for a command that will need ``workers`` > 1 local
    workers, so that its imports overlap with this process's work (no-op otherwise)."""
    if workers > 1 and start_method() == "forkserver":
        context()


def executor(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes; each ends when this process is gone."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=context(),
                               initializer=die_with_parent)


def die_with_parent() -> None:
    """A worker ends when the process that created it is gone (killed with -9, say).

    Not ``os.getppid()``: under a fork server a worker's parent is the server, not this
    process, and the server does not end while a worker holds the end of its "alive"
    pipe, as every worker does. Instead the pipe
    multiprocessing keeps from this process to each child (``parent_process().sentinel``)
    turns readable when the creating process dies, under spawn and fork server alike; a
    thread waits on it, with no polling."""
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)
    threading.Thread(target=watch, daemon=True, name="die-with-parent").start()
