"""Valid but unlikely numbers (symbiosis/load/plausible.py): warned or refused at their line.

A zero capacity and a substitution ratio outside the usual band are warnings that
``validate`` and ``run`` print with the file, line and key, and the run goes on; a ratio
beyond the hard bound is bad input (exit 2) and writes nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

FIX = Path(__file__).parent / "fixtures"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True)


def _write(tmp: Path, edit, scenario: str = "") -> Path:
    park = yaml.safe_load((FIX / "tiny-park.yaml").read_text(encoding="utf-8"))
    edit(park)
    (tmp / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False), encoding="utf-8")
    (tmp / "s.yaml").write_text("model: park.yaml\n" + scenario, encoding="utf-8")
    return tmp / "s.yaml"


def _ratio(value):
    return lambda p: p["exchanges"]["pg-board"]["ratio"].update(value=value)


def _flat(text: str) -> str:
    return " ".join(text.split())  # the console wraps long lines


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_ratio_of_40_t_per_t_is_warned_at_its_line_and_the_run_goes_on(tmp_path, command):
    s = _write(tmp_path, _ratio(40))
    p = _cli(command, str(s), *(["--out", str(tmp_path / "out")] if command == "run" else []))
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"warning park\.yaml:\d+: exchanges\.pg-board\.ratio\.value: a substitution "
                     r"ratio of 40 \(t of 'natural_gypsum' per t of 'gypsum'\) is outside "
                     r"0\.1–5", _flat(p.stderr).replace(str(tmp_path) + "/", "")), p.stderr
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize("value, shown", [("2 kt/t", "2000"), (0.0005, "0.0005"), (101, "101")])
def test_a_ratio_beyond_the_hard_bound_is_refused(tmp_path, value, shown):
    s, out = _write(tmp_path, _ratio(value)), tmp_path / "out"
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 2 and "Traceback" not in p.stderr and not out.exists(), p.stderr
    assert re.search(rf"park\.yaml:\d+: exchanges\.pg-board\.ratio\.value: a substitution ratio "
                     rf"of {re.escape(shown)} .* is outside 0\.001–100, beyond any material "
                     r"substitution", _flat(p.stderr)), p.stderr


def test_ratios_at_the_edges_of_the_band_pass_quietly(tmp_path):
    for value in (0.1, 5, 1.65):
        p = _cli("validate", str(_write(tmp_path, _ratio(value))))
        assert p.returncode == 0 and "warning" not in p.stderr, (value, p.stderr)


def test_zero_capacities_and_empty_measures_are_warned_where_they_are_written(tmp_path):
    def edit(p):
        p["exchanges"]["pg-cement"]["capacity"]["value"] = 0
        p["measures"]["fert-drives"]["inputs"]["electricity"]["scale"] = 0
    p = _cli("validate", str(_write(tmp_path, edit)))
    err = _flat(p.stderr)
    assert p.returncode == 0, err
    assert re.search(r"park\.yaml:\d+: exchanges\.pg-cement\.capacity\.value: a capacity of 0: "
                     r"this link can never carry anything", err), err
    assert re.search(r"park\.yaml:\d+: measures\.fert-drives: changes nothing", err), err


def test_a_zero_capacity_set_by_an_override_is_warned_at_the_override(tmp_path):
    s = _write(tmp_path, lambda p: None, "overrides:\n  - path: exchanges.pg-board.capacity\n"
                                         "    set: 0\n")
    p = _cli("validate", str(s))
    assert p.returncode == 0, p.stderr
    assert re.search(r"s\.yaml:3: exchanges\.pg-board\.capacity\.value \(set by overrides\.0\): "
                     r"a capacity of 0", _flat(p.stderr)), p.stderr
