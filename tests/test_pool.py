"""Local workers start clean and already imported, and end with the process that made them.

A 2-worker pool forks its workers from a fork server (spawns them where the platform has
none): a worker's parent is the server, a single-threaded process that imported Pyomo
and highspy and never solved; a fresh worker holds no session and runs no thread but its
own and the one that watches this process. Killed with -9, the process that made the
pool takes every worker and the server with it, under either start method.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from symbiosis.parallel import pool

ROOT = Path(__file__).parents[1]


def _state(wait: float = 0.0) -> dict:
    """What a worker sees of itself (run as its first job)."""
    import gc
    import sys as _sys

    from symbiosis.parallel import engine

    time.sleep(wait)  # long enough that both workers of the pool take one each
    return {"pid": os.getpid(), "ppid": os.getppid(),
            "creator": multiprocessing.parent_process().pid,
            "threads": len(os.listdir("/proc/self/task")),
            "sessions": len(engine._CACHE), "frozen": gc.get_freeze_count(), "blas": os.environ.get("OPENBLAS_NUM_THREADS"),
            "preloaded": all(m in _sys.modules for m in ("pyomo.environ", "highspy"))}


def test_workers_fork_from_a_clean_fork_server_and_stay():
    assert pool.start_method() == "forkserver"  # POSIX: this machine has one
    blas = os.environ.get("OPENBLAS_NUM_THREADS")
    ex = pool.executor(2)
    try:
        first = [f.result() for f in [ex.submit(_state, 0.5) for _ in range(2)]]
        server = {w["ppid"] for w in first}
        assert len({w["pid"] for w in first}) == 2
        assert len(server) == 1 and os.getpid() not in server  # not forked from here
        s = psutil.Process(server.pop())
        assert "forkserver" in " ".join(s.cmdline()) and s.ppid() == os.getpid()
        assert s.num_threads() == 1  # it forks from a process with one thread
        assert os.environ.get("OPENBLAS_NUM_THREADS") == blas  # set for the server alone
        for w in first:
            assert w["creator"] == os.getpid()
            assert w["sessions"] == 0 and w["preloaded"]  # imported, not solved
            assert w["frozen"] > 10_000  # the server's objects: out of the collector's way
            assert w["threads"] == 2  # its own and the one watching this process
            assert w["blas"] == (blas or "1")  # NumPy's thread pool: none, as in the server
        time.sleep(1.5)  # a watcher that mistook the server for a dead parent ends here
        later = [f.result() for f in [ex.submit(_state, 0.5) for _ in range(2)]]
        assert {w["pid"] for w in later} == {w["pid"] for w in first}
    finally:
        ex.shutdown()


def test_spawn_where_there_is_no_fork_server(monkeypatch):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert pool.start_method() == "spawn"
    ex = pool.executor(2)
    try:
        w = ex.submit(_state).result()
    finally:
        ex.shutdown()
    assert w["ppid"] == w["creator"] == os.getpid()
    assert w["sessions"] == 0 and not w["preloaded"] and w["threads"] == 2
    assert w["frozen"] == 0


KILLED = """
import multiprocessing, sys, time
from symbiosis.parallel import pool
if sys.argv[1] == "spawn":
    multiprocessing.get_all_start_methods = lambda: ["spawn"]
ex = pool.executor(2)
[f.result() for f in [ex.submit(time.sleep, 0.5) for _ in range(2)]]
print("ready", flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_killed_with_9_the_creator_takes_its_workers_along(method):
    p = subprocess.Popen([sys.executable, "-c", KILLED, method], cwd=ROOT,
                         stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "ready"
        left = psutil.Process(p.pid).children(recursive=True)  # workers, server, tracker
        assert len(left) >= 3
        names = {q.pid: " ".join(q.cmdline())[:70] for q in left}
    finally:
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
    gone, alive = psutil.wait_procs(left, timeout=10)
    for q in alive:
        q.kill()
    assert not alive, [names[q.pid] for q in alive]


@pytest.mark.parametrize("extra, started", [(["--workers", "2"], [2]), ([], []),
                                            (["--workers", "2", "--dask-local", "2"], [])])
def test_a_command_with_local_workers_starts_the_fork_server_first(extra, started,
                                                                   monkeypatch, tmp_path):
    """Asked for before the command runs (here one whose scenario is missing, which still
    fails as it should); not for one worker, nor for Dask."""
    import symbiosis.parallel
    from symbiosis import cli

    asked = []
    monkeypatch.setattr(symbiosis.parallel, "warm_up", asked.append)
    assert cli.main(["montecarlo", str(tmp_path / "missing.yaml"), "--out",
                     str(tmp_path / "out"), *extra]) == 2
    assert asked == started


WHERE = """
import sys
from symbiosis.parallel import pool


def where():
    import symbiosis
    return symbiosis.__file__


if __name__ == "__main__":
    ex = pool.executor(2)
    print(ex.submit(where).result())
    ex.shutdown()
"""


def test_workers_import_the_package_this_process_runs_not_the_working_directory_s(tmp_path):
    """Run from a folder that holds another ``symbiosis`` (an old checkout, say), a
    worker still imports the one this process imported."""
    decoy, script = tmp_path / "elsewhere", tmp_path / "bin" / "probe.py"
    (decoy / "symbiosis").mkdir(parents=True)
    (decoy / "symbiosis" / "__init__.py").write_text("DECOY = True\n")
    script.parent.mkdir()
    script.write_text(WHERE)
    p = subprocess.run([sys.executable, str(script)], cwd=decoy, capture_output=True,
                       text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 0, p.stderr[-800:]
    assert p.stdout.strip() == str(ROOT / "symbiosis" / "__init__.py")
