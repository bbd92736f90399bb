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

from conftest import Case, World, cases, run_cli

SHARED = "clean"  # every case starts from a copy of it


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
    "summary-null": ("summary.json", lambda p: p.write_text("null"), "summary.json", REPORT),
    "summary-truncated": ("summary.json", _truncate, "summary.json", BOTH),
    "summary-latin-1": ("summary.json", lambda p: p.write_bytes(
        p.read_bytes().replace(b'"baseline"', b'"basel\xefne"', 1)), "summary.json", REPORT),
    "summary-deleted": ("summary.json", Path.unlink, "", BOTH),
    "links-header-mangled": ("links.csv", lambda p: p.write_text(
        "x;y\n" + "\n".join(p.read_text().splitlines()[1:])), "", BOTH),
    "tenants-truncated": ("tenants.csv", _truncate, "", BOTH),
}


def _damaged(edit: str, command: str):
    def make(w, clean):
        folder = _copy(clean, w, w.outs)
        name, damage, _, _ = EDITS[edit]
        damage(folder / name)
        return [command, folder] + (["--out", w.out / "r.xlsx"] if command == "export-xlsx"
                                    else [])
    return make


def _hidden(name: str):
    def make(w, clean):
        _copy(clean, w, w.outs).rename(w.outs / name)
        return ["report", w.outs / name]
    return make


def _out_file(under: bool):
    def make(w, clean):
        target = w.victim / "thesis.docx"
        return ["run", w.scenario("baseline"), "--out", target / "results" if under else target]
    return make


FOLDERS = [Case(f"{e}-{c}", _damaged(e, c), named=EDITS[e][2])
           for e, (_, _, _, commands) in EDITS.items() for c in commands] + [
    Case("hidden-temporary", _hidden(".baseline-tmp1234"), hidden=".baseline-tmp1234",
         words="temporary folder"),
    Case("hidden-old", _hidden(".baseline.old"), hidden=".baseline.old",
         words="temporary folder"),
    Case("not-a-result", lambda w, clean: ["report", w.victim], victim=True),
]


@cases(FOLDERS)
def test_a_damaged_or_foreign_result_folder_is_one_message(case, outcome):
    w, e = outcome.world, case.expect
    if "hidden" in e:
        folder = w.outs / e["hidden"]
    else:
        folder = w.victim if e.get("victim") else w.outs / "baseline"
    outcome.refused(folder / e["named"] if e.get("named") else folder, None, e.get("words"),
                    line=None)


OUT_FILES = [Case("out-a-file", _out_file(False)), Case("out-under-a-file", _out_file(True))]


@cases(OUT_FILES)
def test_out_naming_a_file_is_refused_and_the_file_kept(case, outcome):
    outcome._exit(2)
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
    "rows-dropped": lambda f: _json(lambda d: {**d, "rows": d["rows"][:1]})(_batch(f, 2)),
}


def _resume(damage: str):
    def make(w, clean):
        DAMAGE[damage](_copy(clean, w, w.out))
        return ["montecarlo", w.scenario("baseline"), "--samples", "8", "--seed", "3",
                "--batch-size", "2", "--out", w.out, "--resume"]
    return make


@cases([Case(f"batch-{d}", _resume(d)) for d in DAMAGE])
def test_a_damaged_batch_is_computed_again_and_the_rows_equal_a_clean_run(case, outcome,
                                                                          clean):
    outcome.ran()
    assert "damaged or foreign" in outcome.out + outcome.err
    for table in ("montecarlo-samples.csv", "montecarlo-build-frequency.csv"):
        assert (outcome.world.out / "baseline" / table).read_bytes() == \
            (clean / table).read_bytes(), table


def test_the_clean_monte_carlo_is_complete(clean):
    rows = (clean / "montecarlo-samples.csv").read_text().splitlines()
    assert len(rows) == 1 + 8  # the header and every sample: what the damaged cases compare to
    code, _, err = run_cli(["report", clean, "--format", "md", "--out", clean.parent / "r"],
                           clean.parent)
    assert code == 0, err
