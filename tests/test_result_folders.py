"""Result folders never lose work (results/folder.py), run from the command line.

A run into a folder holding Monte Carlo, Pareto and monitoring outputs keeps them all
when the inputs are unchanged, and moves them, with the old result, to history/ when
they changed; a folder that is not a result folder is never touched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True)


def _scenario(tmp: Path, price: int = 300000) -> Path:
    s = tmp / f"s{price}.yaml"
    s.write_text(f"extends: {FIX / 'tiny-uncertain.yaml'}\nid: tiny\noverrides:\n"
                 f"  - {{path: resources.natural_gypsum.price, set: {price}}}\n")
    return s


@pytest.fixture
def analysed(tmp_path):
    """A result folder with a real Monte Carlo and Pareto beside the run, and a
    monitoring folder as the README tells users to write it."""
    s, out = _scenario(tmp_path), tmp_path / "out"
    assert _cli("run", str(s), "--out", str(out)).returncode == 0
    p = _cli("montecarlo", str(s), "--samples", "6", "--seed", "1", "--out", str(out))
    assert p.returncode == 0, p.stderr
    p = _cli("pareto", str(s), "--points", "3", "--out", str(out))
    assert p.returncode == 0, p.stderr
    (out / "tiny" / "monitor-2026").mkdir()
    (out / "tiny" / "monitor-2026" / "indicators.csv").write_text("kept,1\n")
    return s, out / "tiny"


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_unchanged_inputs_keep_every_analysis(analysed, tmp_path):
    s, folder = analysed
    before = _entries(folder)
    assert {"montecarlo-samples.csv", "pareto.csv", "monitor-2026"} <= before
    samples = (folder / "montecarlo-samples.csv").read_text()
    p = _cli("run", str(s), "--out", str(folder.parent), "--plots")
    assert p.returncode == 0, p.stderr
    after = _entries(folder)
    assert before <= after  # nothing lost (figures were added)
    assert (folder / "montecarlo-samples.csv").read_text() == samples
    assert (folder / "monitor-2026" / "indicators.csv").read_text() == "kept,1\n"
    assert "history" not in after


def test_changed_inputs_move_the_old_folder_to_history(analysed, tmp_path):
    s, folder = analysed
    old = json.loads((folder / "summary.json").read_text())
    before = _entries(folder)
    changed = _scenario(tmp_path, price=200000)
    p = _cli("run", str(changed), "--out", str(folder.parent))
    assert p.returncode == 0, p.stderr
    assert "moved to" in p.stderr and "history" in p.stderr
    (stamp,) = (folder / "history").iterdir()
    assert _entries(stamp) == before - {".symbiosis-result"}
    kept = json.loads((stamp / "summary.json").read_text())
    assert kept["provenance"]["input_sha256"] == old["provenance"]["input_sha256"]
    new = json.loads((folder / "summary.json").read_text())
    assert new["provenance"]["input_sha256"] != old["provenance"]["input_sha256"]
    assert not (folder / "montecarlo-samples.csv").exists()  # it belongs to the old inputs
    # A third run of other inputs again: a second history entry, the first one kept.
    assert _cli("run", str(s), "--out", str(folder.parent)).returncode == 0
    assert len(list((folder / "history").iterdir())) == 2


def test_a_folder_that_is_not_a_result_is_never_touched(tmp_path):
    s, out = _scenario(tmp_path), tmp_path / "out"
    (out / "tiny").mkdir(parents=True)
    (out / "tiny" / "thesis.docx").write_text("mine")
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 2 and "not a result folder" in p.stderr
    assert _entries(out / "tiny") == {"thesis.docx"}
    assert [x.name for x in out.iterdir()] == ["tiny"]  # no temporary folder left either


def test_an_interrupted_move_is_completed_into_history(tmp_path):
    s, out = _scenario(tmp_path), tmp_path / "out"
    assert _cli("run", str(s), "--out", str(out)).returncode == 0
    (out / "tiny" / "summary.json").unlink()  # as if killed after taking the summary out
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 0 and "incomplete" in p.stderr
    assert (out / "tiny" / "summary.json").is_file()
    (stamp,) = (out / "tiny" / "history").iterdir()
    assert (stamp / "links.csv").is_file()


@pytest.mark.parametrize("sid", ["..", ".", "./../victim", "a/b", "/tmp/x", "x\x1b[2J",
                                 "con.", ""])
def test_an_id_is_a_name_never_a_path(tmp_path, sid):
    s, out = tmp_path / "s.yaml", tmp_path / "out"
    s.write_text(f"extends: {FIX / 'tiny-cost.yaml'}\nid: {json.dumps(sid)}\n")
    (tmp_path / "victim").mkdir()
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr and "s.yaml:2: id:" in p.stderr
    assert not out.exists() and (tmp_path / "victim").is_dir()
    assert "\x1b" not in p.stderr


def test_runs_into_one_folder_at_once_take_turns(tmp_path):
    out = tmp_path / "out"
    scenarios = [_scenario(tmp_path, price) for price in (300000, 300000, 200000, 250000)]
    procs = [subprocess.Popen([sys.executable, "-m", "symbiosis", "run", str(s), "--out",
                               str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for s in scenarios]
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in results] == [0, 0, 0, 0], [e for _, e, _ in results]
    folder = out / "tiny"
    assert (folder / "summary.json").is_file() and (folder / "links.csv").is_file()
    assert [x.name for x in out.iterdir()] == ["tiny"]
    # Every older result of other inputs is in history, each one complete.
    for old in (folder / "history").iterdir() if (folder / "history").exists() else []:
        assert (old / "summary.json").is_file() and (old / "links.csv").is_file()


def test_a_second_monte_carlo_never_replaces_another_silently(analysed):
    s, folder = analysed
    samples = (folder / "montecarlo-samples.csv").read_text()
    p = _cli("montecarlo", str(s), "--samples", "4", "--seed", "2", "--out", str(folder.parent))
    assert p.returncode == 2, p.stdout + p.stderr
    assert "6 samples, seed 1" in p.stderr and "--replace" in p.stderr
    assert (folder / "montecarlo-samples.csv").read_text() == samples
    # The same settings again is the same run: allowed.
    p = _cli("montecarlo", str(s), "--samples", "6", "--seed", "1", "--out", str(folder.parent))
    assert p.returncode == 0, p.stderr
    p = _cli("montecarlo", str(s), "--samples", "4", "--seed", "2", "--out", str(folder.parent),
             "--replace")
    assert p.returncode == 0, p.stderr
    (old,) = (folder / "history").iterdir()
    assert (old / "montecarlo-samples.csv").read_text() == samples
    assert len((folder / "montecarlo-samples.csv").read_text().splitlines()) == 5


def test_outputs_carry_no_absolute_path_of_this_machine(tmp_path):
    s, out = _scenario(tmp_path), tmp_path / "out"
    assert _cli("run", str(s.resolve()), "--out", str(out)).returncode == 0
    assert _cli("report", str(out / "tiny"), "--lang", "en").returncode == 0
    root = str(Path(__file__).resolve().parents[1])
    for f in (out / "tiny").rglob("*"):
        if f.is_file() and f.suffix in (".json", ".csv", ".yaml", ".md", ".html", ".txt"):
            text = f.read_text(encoding="utf-8")
            assert str(tmp_path) not in text and root not in text, f


@pytest.mark.parametrize("damage", ["truncate", "empty", "foreign"])
def test_a_damaged_batch_is_computed_again_and_rows_equal_a_clean_run(tmp_path, damage):
    s, out = _scenario(tmp_path), tmp_path / "out"
    args = ("montecarlo", str(s), "--samples", "8", "--seed", "3", "--batch-size", "2")
    p = _cli(*args, "--out", str(out))
    assert p.returncode == 0, p.stderr
    clean = (out / "tiny" / "montecarlo-samples.csv").read_text()
    batches = sorted((out / "tiny" / "montecarlo-batches").glob("batch-*.json"))
    first, second = batches[0], batches[1]
    if damage == "truncate":
        first.write_text(first.read_text()[: len(first.read_text()) // 2])
    elif damage == "empty":
        first.write_text("[]")
    else:  # another batch's file in its place
        first.write_text(second.read_text())
    p = _cli(*args, "--out", str(out), "--resume")
    assert p.returncode == 0, p.stderr
    assert "damaged or foreign" in p.stdout + p.stderr
    assert (out / "tiny" / "montecarlo-samples.csv").read_text() == clean


def test_workers_die_with_their_parent(tmp_path):
    import os
    import signal
    import time

    import psutil
    s, out = _scenario(tmp_path), tmp_path / "out"
    assert _cli("run", str(s), "--out", str(out)).returncode == 0
    parent = subprocess.Popen([sys.executable, "-m", "symbiosis", "montecarlo", str(s),
                               "--samples", "4000", "--seed", "1", "--workers", "2",
                               "--out", str(out)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    proc, workers, deadline = psutil.Process(parent.pid), [], time.time() + 60
    while time.time() < deadline and len(workers) < 2:
        # forked by the fork server (a child of the CLI), or spawned by the CLI itself
        left = proc.children(recursive=True)
        workers = [c for c in left if c.ppid() != parent.pid
                   or "spawn_main" in " ".join(c.cmdline())]
        time.sleep(0.2)
    assert len(workers) >= 2, "the workers never started"
    left = proc.children(recursive=True)  # the workers, the fork server, the resource tracker
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    gone, alive = psutil.wait_procs(left, timeout=15)
    for p in alive:
        p.kill()
    assert not alive, f"{len(alive)} of the CLI's {len(left)} processes outlived it"


def test_kill_9_at_any_point_leaves_a_complete_result(tmp_path):
    import os
    import random
    import signal
    import time

    out = tmp_path / "out"
    scenarios = [_scenario(tmp_path, 300000), _scenario(tmp_path, 200000)]
    assert _cli("run", str(scenarios[0]), "--out", str(out)).returncode == 0
    start = time.time()
    assert _cli("run", str(scenarios[1]), "--out", str(out)).returncode == 0
    took = time.time() - start
    rng = random.Random(7)
    core = ("summary.json", "links.csv", "tenants.csv", "inputs/composed.yaml")
    hashes = set()
    for trial in range(20):
        p = subprocess.Popen([sys.executable, "-m", "symbiosis", "run",
                              str(scenarios[trial % 2]), "--out", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2) * took)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        folder = out / "tiny"
        assert all((folder / f).is_file() for f in core), (trial, sorted(os.listdir(folder)))
        hashes.add(json.loads((folder / "summary.json").read_text())["provenance"]["input_sha256"])
        for old in (folder / "history").iterdir() if (folder / "history").exists() else []:
            assert all((old / f).is_file() for f in core), (trial, old)
    assert len(hashes) <= 2
    p = _cli("run", str(scenarios[0]), "--out", str(out))  # and the next run is fine
    assert p.returncode == 0, p.stderr
    assert not [x for x in out.iterdir() if x.name.startswith(".")], "a temp folder was left"
