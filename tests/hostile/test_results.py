"""Result folders from strangers or from accidents: edited, half-written, hidden, damaged.

`report` on a hand-edited summary.json gave tracebacks, a hidden temporary folder was read
as a result, `--out` naming a file crashed, and a Monte Carlo batch file replaced by `[]`
was accepted (44 of 48 samples, exit 0). One real run and one real Monte Carlo of the
baseline are made once; each case copies them, damages the copy and runs a command on it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import World, run_cli


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """outs/baseline: a run and an 8-sample Monte Carlo of the real baseline, in batches of 2."""
    w = World(tmp_path_factory.mktemp("clean"))
    w.run("montecarlo", w.scenario("baseline"), "--samples", "8", "--seed", "3",
          "--batch-size", "2", "--out", w.out).ran()
    return w.out / "baseline"


def _copy(clean: Path, w: World, where: Path) -> Path:
    shutil.copytree(clean, where / "baseline", symlinks=True)
    return where / "baseline"


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _json(edit):
    def change(p: Path) -> None:
        data = json.loads(p.read_text(encoding="utf-8"))
        data = edit(data)
        p.write_text(json.dumps(data), encoding="utf-8")
    return change


BOTH, REPORT = ("report", "export-xlsx"), ("report",)
EDITS = {  # summary.json, or another file of the folder, as a person or a crash left it:
    # (file, damage, the file the message names, the commands that read what was damaged)
    "decree35-a-word": ("summary.json", _json(lambda d: {**d, "decree35": "x"}), "", REPORT),
    "kpis-a-list": ("summary.json", _json(lambda d: {**d, "kpis": [1, 2]}), "", REPORT),
    "summary-a-list": ("summary.json", lambda p: p.write_text("[]"), "summary.json", BOTH),
    "summary-null": ("summary.json", lambda p: p.write_text("null"), "summary.json", BOTH),
    "summary-truncated": ("summary.json", _truncate, "summary.json", BOTH),
    "summary-latin-1": ("summary.json", lambda p: p.write_bytes(
        p.read_bytes().replace(b'"baseline"', b'"basel\xefne"', 1)), "summary.json", BOTH),
    "summary-deleted": ("summary.json", Path.unlink, "", BOTH),
    "links-header-mangled": ("links.csv", lambda p: p.write_text(
        "x;y\n" + "\n".join(p.read_text().splitlines()[1:])), "", BOTH),
    "tenants-truncated": ("tenants.csv", _truncate, "", BOTH),
}
DAMAGED = [(e, c) for e, (_, _, _, commands) in EDITS.items() for c in commands]


@pytest.mark.parametrize("edit, command", DAMAGED)
def test_a_damaged_result_folder_is_one_message(clean, tmp_path, edit, command):
    w = World(tmp_path)
    folder = _copy(clean, w, w.outs)
    name, damage, named, _ = EDITS[edit]
    damage(folder / name)
    args = [command, folder] + (["--out", w.out / "r.xlsx"] if command == "export-xlsx" else [])
    w.run(*args).refused(folder / named if named else folder, None, line=None)


@pytest.mark.parametrize("hidden", [".baseline-tmp1234", ".baseline.old"])
def test_a_hidden_temporary_folder_is_not_a_result(clean, tmp_path, hidden):
    w = World(tmp_path)
    folder = _copy(clean, w, w.outs)
    folder.rename(w.outs / hidden)
    w.run("report", w.outs / hidden).refused(w.outs / hidden, None, "temporary folder",
                                             line=None)


def test_a_folder_that_is_not_a_result_is_refused(tmp_path):
    w = World(tmp_path)
    w.run("report", w.victim).refused(w.victim, None, line=None)


@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_out_naming_a_file_is_refused_and_the_file_kept(tmp_path, where):
    w = World(tmp_path)
    target = w.victim / "thesis.docx"
    out = target if where == "a-file" else target / "results"
    outcome = w.run("run", w.scenario("baseline"), "--out", out)
    assert outcome.code == 2 and "Traceback" not in outcome.err, outcome.err
    (message,) = [ln for ln in outcome.err.splitlines() if ln.startswith("error")]
    assert "thesis.docx" in message and "--out" in message, message
    assert outcome.before == outcome.after


def _batch(folder: Path, i: int) -> Path:
    return folder / "montecarlo-batches" / f"batch-{i:05d}.json"


DAMAGE = {
    "emptied": lambda f: _batch(f, 0).write_text("[]"),
    "truncated": lambda f: _truncate(_batch(f, 1)),
    "foreign": lambda f: shutil.copy(_batch(f, 2), _batch(f, 0)),
    "binary": lambda f: _batch(f, 3).write_bytes(b"\x00\xff" * 64),
    "one-number-changed": lambda f: _batch(f, 1).write_text(
        _batch(f, 1).read_text().replace('"capex_vnd": 0.0', '"capex_vnd": 1.0', 1)),
    "rows-dropped": _json(lambda d: {**d, "rows": d["rows"][:1]}),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_batch_is_computed_again_and_the_rows_equal_a_clean_run(clean, tmp_path,
                                                                          damage):
    w = World(tmp_path)
    folder = _copy(clean, w, w.out.parent / "out")
    hurt = DAMAGE[damage]
    if damage == "rows-dropped":
        hurt(_batch(folder, 2))
    else:
        hurt(folder)
    outcome = w.run("montecarlo", w.scenario("baseline"), "--samples", "8", "--seed", "3",
                    "--batch-size", "2", "--out", w.out, "--resume").ran()
    assert "damaged or foreign" in outcome.out + outcome.err
    for table in ("montecarlo-samples.csv", "montecarlo-build-frequency.csv"):
        assert (folder / table).read_bytes() == (clean / table).read_bytes(), table


def test_the_clean_monte_carlo_is_complete(clean):
    rows = (clean / "montecarlo-samples.csv").read_text().splitlines()
    assert len(rows) == 1 + 8  # the header and every sample: what the damaged cases compare to
    code, _, err = run_cli(["report", clean, "--format", "md", "--out", clean.parent / "r"],
                           clean.parent)
    assert code == 0, err
