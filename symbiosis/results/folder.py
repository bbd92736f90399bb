"""Result folders that never lose work: put a freshly written run in place.

A run is written whole into a hidden temporary folder beside its result folder, then
moved in entry by entry, ``summary.json`` last. What the old folder held is kept:

- same inputs (same input SHA-256): the run's own files are replaced and everything
  else (Monte Carlo, Pareto, sweeps, reports, figures, monitoring) stays, since it
  came from the same inputs;
- other inputs: the whole old folder moves to ``history/<UTC time>/`` inside it, and
  the caller is told so.

A folder without ``summary.json`` is an interrupted move (or not ours): with the marker
file it is completed into history first; without it the run refuses and writes nothing.
Moves happen under an exclusive lock, so two runs into one folder take turns.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import shutil
from pathlib import Path
from typing import Callable, Iterator

from symbiosis.errors import InputError

MARKER = ".symbiosis-result"  # written into every result folder
HISTORY = "history"
SUMMARY = "summary.json"


def core_entries(tmp: Path) -> list[str]:
    """What a run writes (every entry of its temporary folder), summary.json last."""
    names = sorted(p.name for p in tmp.iterdir() if p.name != SUMMARY)
    return names + ([SUMMARY] if (tmp / SUMMARY).exists() else [])


def input_hash(folder: Path) -> str | None:
    try:
        data = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
        return (data.get("provenance") or {}).get("input_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def place(tmp: Path, final: Path, input_sha256: str,
          notify: Callable[[str], None] | None = None) -> Path:
    """Move the run written in ``tmp`` to ``final``, keeping what ``final`` held."""
    (tmp / MARKER).write_text("written by symbiosis; do not remove\n", encoding="utf-8")
    with _locked(final):
        if not final.exists():
            tmp.rename(final)
            return final
        if not final.is_dir() or not ((final / MARKER).exists() or (final / SUMMARY).exists()):
            raise InputError(f"'{final}' exists and is not a result folder of this tool: "
                             "nothing was written (choose another --out, or another id)",
                             final)
        old = input_hash(final)
        if old is None or old != input_sha256:
            stamp = _stamp(final)
            _to_history(final, stamp)
            if notify:
                why = "was incomplete" if old is None else "came from other inputs"
                notify(f"the previous result in {final} {why}: moved to "
                       f"{final / HISTORY / stamp}")
        else:
            _drop((final / SUMMARY,))  # first: a folder without a summary is incomplete
            _drop(final / name for name in core_entries(tmp) if name != MARKER)
        for name in core_entries(tmp):
            _drop((final / name,))
            os.replace(tmp / name, final / name)
        tmp.rmdir()
    return final


def _to_history(final: Path, stamp: str) -> None:
    dest = final / HISTORY / stamp
    dest.mkdir(parents=True)
    entries = [p for p in final.iterdir() if p.name not in (HISTORY, MARKER)]
    entries.sort(key=lambda p: p.name != SUMMARY)  # the summary first
    for p in entries:
        os.replace(p, dest / p.name)


def _drop(paths) -> None:
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        elif p.exists() or p.is_symlink():
            p.unlink()


def _stamp(final: Path) -> str:
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    stamp, n = now, 1
    while (final / HISTORY / stamp).exists():
        n += 1
        stamp = f"{now}-{n}"
    return stamp


@contextlib.contextmanager
def _locked(final: Path) -> Iterator[None]:
    """An exclusive lock on the folder holding ``final`` (no lock file left behind)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the moves are still ordered
        yield
        return
    fd = os.open(final.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
