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
    """Move the run written in ``tmp`` to ``final``, keeping what ``final`` held.

    Where the system can swap two folders in one step (Linux renameat2), ``final`` is at
    every instant either the old complete result or the new one: the new folder is made
    whole beside it (kept analyses and history hard-linked in), the two are exchanged, and
    only then is the old one filed into history or removed.
    """
    (tmp / MARKER).write_text("written by symbiosis; do not remove\n", encoding="utf-8")
    with _locked(final):
        _recover(final, notify)
        if not final.exists():
            tmp.rename(final)
            return final
        if not final.is_dir() or not ((final / MARKER).exists() or (final / SUMMARY).exists()):
            raise InputError(f"'{final}' exists and is not a result folder of this tool: "
                             "nothing was written (choose another --out, or another id)",
                             final)
        old = input_hash(final)
        same = old is not None and old == input_sha256
        new_names = set(core_entries(tmp))
        keep = [p for p in final.iterdir() if p.name not in new_names and p.name != MARKER
                and (same or p.name == HISTORY)]
        for p in keep:
            _link_copy(p, tmp / p.name)
        if _exchange(tmp, final):  # final: the new result; tmp: the old one
            if same:
                shutil.rmtree(tmp)
            else:
                when = stamp(final)
                (final / HISTORY).mkdir(exist_ok=True)
                shutil.rmtree(tmp / HISTORY, ignore_errors=True)  # linked into final already
                _file_aside(tmp, final / HISTORY / when)
        else:  # entry by entry, summary.json last (an incomplete folder has none)
            when = stamp(final)
            if same:
                _drop((final / SUMMARY,))
                _drop(final / name for name in os.listdir(tmp) if name != MARKER)
            else:
                _to_history(final, when)
            for name in core_entries(tmp):
                _drop((final / name,))
                os.replace(tmp / name, final / name)
            tmp.rmdir()
        if not same and notify:
            why = "was incomplete" if old is None else "came from other inputs"
            notify(f"the previous result in {final} {why}: moved to "
                   f"{final / HISTORY / when}")
    return final


def _recover(final: Path, notify: Callable[[str], None] | None) -> None:
    """A run killed between the exchange and the filing left the old result in a hidden
    folder beside ``final``: file it into history now (called under the lock)."""
    for p in final.parent.glob(f".{final.name}-*"):
        if p.is_dir() and not (p / ".old").exists() and _dead(p.name, final.name):
            shutil.rmtree(p, ignore_errors=True)  # a killed run's half-written new result
            continue
        if p.is_dir() and (p / MARKER).exists() and (p / ".old").exists() and final.is_dir():
            when = stamp(final)
            (final / HISTORY).mkdir(exist_ok=True)
            shutil.rmtree(p / HISTORY, ignore_errors=True)
            _file_aside(p, final / HISTORY / when)
            if notify:
                notify(f"an interrupted run had left the previous result aside: moved to "
                       f"{final / HISTORY / when}")


def _file_aside(aside: Path, dest: Path) -> None:
    """File the previous result, moved aside by the swap, into history. Its markers go only
    once it is there: should the move fail (a full disk), the folder beside ``final`` still
    says it is the previous result, so neither this run nor the next removes it."""
    os.replace(aside, dest)
    _drop((dest / MARKER, dest / ".old"))  # a filed result is no folder to recover


def _dead(name: str, rid: str) -> bool:
    """Whether the run that made temporary folder ``name`` (".<id>-<pid>-…") has ended."""
    pid = name[len(rid) + 2:].split("-", 1)[0]
    if not pid.isdigit():
        return False  # not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _link_copy(src: Path, dest: Path) -> None:
    """A copy made of hard links (no data copied); a plain copy across file systems."""
    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dest, copy_function=link, symlinks=True)
    elif not src.is_symlink():
        link(str(src), str(dest))


_RENAME_EXCHANGE = 2


def _renameat2():
    import ctypes
    import ctypes.util
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                   ctypes.c_uint]
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Swap folders ``a`` and ``b`` in one step; False where the system cannot."""
    import ctypes
    fn, at_fdcwd = _renameat2(), -100
    if fn is None:
        return False
    (b / ".old").touch()  # ``b`` is the old result: after the swap it is at ``a``
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        (b / ".old").unlink()
        if ctypes.get_errno() in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not here
            return False
        err = ctypes.get_errno()
        raise OSError(err, f"cannot exchange {a} and {b}: {os.strerror(err)}")
    return True


def _to_history(final: Path, when: str) -> None:
    dest = final / HISTORY / when
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


def file_away(folder: Path, names: tuple[str, ...] | list[str]) -> Path:
    """Move the analysis files ``names`` of a result folder into a new ``history/<UTC>/``
    (never deleted: another run of the analysis is about to take their place)."""
    dest = folder / HISTORY / stamp(folder)
    dest.mkdir(parents=True)
    for name in names:
        if (folder / name).exists():
            os.replace(folder / name, dest / name)
    return dest


def stamp(final: Path) -> str:
    """A new UTC-time name under ``final/history/``."""
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    name, n = now, 1
    while (final / HISTORY / name).exists():
        n += 1
        name = f"{now}-{n}"
    return name


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
