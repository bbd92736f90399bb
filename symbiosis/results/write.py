"""Write a Results to ``<out>/<scenario-id>/``, all or nothing, losing nothing.

Files are written into a temporary sibling folder and put in place only once
everything is on disk (results/folder.py: analyses of the same inputs are kept, an
older result of other inputs moves to ``history/``).
"""

from __future__ import annotations

import csv
import errno
import json
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from symbiosis.errors import InputError
from symbiosis.safe_text import inert
from symbiosis.load.ids import id_problem
from symbiosis.results import composed
from symbiosis.results.core import Results, versions
from symbiosis.results.folder import place

TABLES = ("links", "tenants", "resources", "measures", "facilities", "enterprises", "transfers",
          "quality", "processes", "process_modes", "process_flows")


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    """Rows with the first row's keys as columns (a key a row lacks: an empty cell), each
    text made inert. Lists, not a DictWriter: a regional park writes a million rows."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        if not rows:
            return
        keys = list(rows[0])
        w = csv.writer(fh)
        w.writerow([inert(k) for k in keys])
        w.writerows([inert(v) if type(v) is str else v for v in map(row.get, keys)]
                    for row in rows)


def write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(_clean(obj), indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def write_results(results: Results, out: str | Path,
                  notify: Callable[[str], None] | None = None) -> Path:
    """Write ``results`` to ``<out>/<id>/`` without losing what that folder held
    (results/folder.py); ``notify`` hears where an older result was moved."""
    check_id(results.id, results.scenario.file)
    out = check_out(out)
    final = out / results.id
    tmp = None
    try:
        # The pid in the name lets a later run tell a dead run's leftovers from a live one's.
        tmp = Path(tempfile.mkdtemp(prefix=f".{results.id}-{os.getpid()}-", dir=out))
        _write_into(results, tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; results are meant to be shared
        return place(tmp, final, results.scenario.input_sha256, notify)
    except OSError as exc:
        aside = tmp if tmp is not None and (tmp / ".old").exists() else None
        _discard(tmp)
        raise cannot_write(out, exc, final if final.exists() else None, aside) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path | None) -> None:
    """Remove a half-written run; a folder marked ``.old`` is the previous result, moved
    aside by place() in the instant before it was filed: it is left for the next run's
    recovery (results/folder.py), never removed."""
    if tmp is not None and not (tmp / ".old").exists():
        shutil.rmtree(tmp, ignore_errors=True)


def check_out(out: str | Path) -> Path:
    """``out`` as a folder this process can write in (made if missing), or an InputError
    naming it: checked before any solve, so that a read-only, full or mistyped ``--out``
    costs no solver time and writes nothing."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("is a file, not a folder: nothing was written", out, "--out")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=".symbiosis-probe-", dir=out)
        os.rmdir(probe)
    except (FileExistsError, NotADirectoryError):
        raise InputError("is not a folder (a part of its path is a file): nothing was "
                         "written", out, "--out") from None
    except OSError as exc:
        raise cannot_write(out, exc) from None
    return out


def cannot_write(out: Path, exc: OSError, final: Path | None = None,
                 aside: Path | None = None) -> InputError:
    """One message for a folder the system will not let us write (read-only, full, gone)."""
    why = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
           errno.EACCES: "permission denied", errno.EPERM: "permission denied",
           errno.EROFS: "the file system is read-only"}.get(exc.errno, exc.strerror or str(exc))
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""
    if aside is not None:  # failed after the swap: the new result is whole, the old aside
        after = (f"; the new result is in {final}, the previous one waits in {aside} and "
                 "the next run files it into history")
    else:
        after = "; nothing was written" + (
            f", the previous result in {final} is untouched" if final else "")
    return InputError(f"cannot be written: {why}{where}{after}", out, "--out")


def check_id(sid: str, file: Any = None) -> None:
    why = id_problem(sid)  # checked when the scenario loads too, at its line
    if why:
        raise InputError(why, file, "id")


def _write_into(r: Results, d: Path) -> None:
    write_json(d / "summary.json", r.summary())
    if r.explanation is not None:
        write_json(d / "explanation.json", r.explanation)
    for name in TABLES:
        if r.tables.get(name):
            write_csv(d / f"{name}.csv", r.tables[name])
    if r.decree35:
        write_csv(d / "decree35.csv", r.decree35)
    for folder, ref in (("baseline", r.baseline), ("committed", r.committed)):
        if ref is not None and ref.tables:
            (d / folder).mkdir()
            for name in TABLES:
                if ref.tables.get(name):
                    write_csv(d / folder / f"{name}.csv", ref.tables[name])
    sc = r.scenario
    inputs = d / "inputs"
    inputs.mkdir()
    composed.write(inputs, sc.composed, _clean)
    write_csv(inputs / "changelog.csv", [
        {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
         for k, v in row.items()} for row in sc.changelog])
    write_json(inputs / "versions.json", versions())
    (inputs / "input_sha256.txt").write_text(sc.input_sha256 + "\n", encoding="utf-8")
    park = sc.park
    write_csv(inputs / "figures.csv", [
        {"path": f.path, "value": f.value, "unit": f.unit, "source": f.source, "tag": f.tag,
         "title": park.sources[f.source].title if f.source in park.sources else "",
         "url": (park.sources[f.source].url or "") if f.source in park.sources else "",
         "note": f.note or ""} for f in park.figures])
