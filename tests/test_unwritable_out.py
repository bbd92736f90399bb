"""An ``--out`` the machine will not let us write: one message, exit 2, nothing lost.

A file, a read-only folder or a full disk is named as ``--out`` with what is wrong; the
check runs before any solve, and a disk that fills up while the run is written leaves
the previous result exactly as it was (no half folder, no hidden temporary left).
The read-only folder and the full disk are simulated at the OS boundary (``os.mkdir``
and a write that raises ENOSPC): tests run as root here, for whom chmod means nothing.
"""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symbiosis import api, cli
from symbiosis.results import folder, write

FIX = Path(__file__).parent / "fixtures"


def _tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its SHA-256 (hidden ones too)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _run(capsys, scenario: Path, out: Path) -> tuple[int, str]:
    code = cli.main(["run", str(scenario), "--out", str(out)])
    return code, " ".join(capsys.readouterr().err.split())


def test_an_out_that_is_a_file_is_named_and_left_alone(tmp_path):
    f = tmp_path / "out"
    f.write_text("not a folder\n")
    for out in (f, f / "sub"):
        p = subprocess.run([sys.executable, "-m", "symbiosis", "run",
                            str(FIX / "tiny-cost.yaml"), "--out", str(out)],
                           capture_output=True, text=True)
        assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
        assert f"{out}: --out: is " in p.stderr and "not a folder" in p.stderr, p.stderr
    assert f.read_text() == "not a folder\n"


def test_a_read_only_out_is_refused_before_any_solve(tmp_path, monkeypatch, capsys):
    out, real_mkdir, solved = tmp_path / "out", os.mkdir, []

    def read_only(path, *args, **kwargs):
        if Path(path).parent == out or Path(path) == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    monkeypatch.setattr(api, "run", lambda *a, **k: solved.append(a))
    code, err = _run(capsys, FIX / "tiny-cost.yaml", out)
    assert code == 2 and not solved and "Traceback" not in err
    assert f"{out}: --out: cannot be written: permission denied" in err, err
    assert "nothing was written" in err and not out.exists()


def _changed(tmp_path: Path) -> Path:
    """The tiny scenario with other inputs (a carbon price), under the same id."""
    s = tmp_path / "changed.yaml"
    s.write_text(f"extends: {FIX / 'tiny-cost.yaml'}\nid: tiny-cost\n"
                 "policy: {carbon_price: {value: 100000, source: estimate}}\n")
    return s


@pytest.mark.parametrize("where", ["writing", "placing"])
def test_a_full_disk_leaves_the_previous_result_untouched(tmp_path, monkeypatch, capsys, where):
    out = tmp_path / "out"
    assert _run(capsys, FIX / "tiny-cost.yaml", out)[0] == 0
    (out / "tiny-cost" / "montecarlo.csv").write_text("kept,analysis\n")  # kept when same inputs
    before = _tree(out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / ".tiny-cost-x"))

    if where == "writing":  # while the new run is written beside the old one
        monkeypatch.setattr(write, "write_csv", full)
        scenario = _changed(tmp_path)
    else:  # while place() links the kept analyses into the new folder
        monkeypatch.setattr(folder, "_link_copy", full)
        scenario = FIX / "tiny-cost.yaml"
    code, err = _run(capsys, scenario, out)
    assert code == 2 and "Traceback" not in err, err
    assert f"{out}: --out: cannot be written: the disk is full" in err, err
    assert f"the previous result in {out / 'tiny-cost'} is untouched" in err, err
    assert _tree(out) == before  # not one byte changed, no hidden folder left


def test_a_full_disk_after_the_swap_keeps_the_previous_result_aside(tmp_path, monkeypatch,
                                                                      capsys):
    """The new result is in place and the old one moved aside when filing it into
    history fails: the old one is kept (never removed) and the next run files it."""
    out = tmp_path / "out"
    assert _run(capsys, FIX / "tiny-cost.yaml", out)[0] == 0
    old = _tree(out / "tiny-cost")
    real = os.replace

    def full(src, dst, *args, **kwargs):
        if folder.HISTORY in Path(dst).parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    code, err = _run(capsys, _changed(tmp_path), out)
    assert code == 2 and "Traceback" not in err and "the disk is full" in err, err
    aside = [p for p in out.iterdir() if p.name.startswith(".tiny-cost-")]
    assert len(aside) == 1 and f"the previous one waits in {aside[0]}" in err, err
    assert {k: v for k, v in _tree(aside[0]).items() if k != ".old"} == old
    old.pop(folder.MARKER)  # a result filed into history carries no marker
    monkeypatch.setattr(os, "replace", real)
    assert _run(capsys, _changed(tmp_path), out)[0] == 0  # the next run files it
    filed = list((out / "tiny-cost" / folder.HISTORY).iterdir())
    assert len(filed) == 1 and _tree(filed[0]) == old and not aside[0].exists()
