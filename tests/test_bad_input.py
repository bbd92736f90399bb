"""Bad input a user can cause: one clear message, exit code 2, no traceback, no results.

Each test builds a broken copy of the tiny park (tests/fixtures/tiny-park.yaml) and a
scenario for it in ``tmp_path``, runs the CLI and checks what the user sees: the exit
code, the file, the dotted key (and the line when the YAML parser knows it) and a word
saying what is wrong; and that nothing was written to the ``--out`` folder.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from symbiosis.cli import main

HERE = Path(__file__).parent
ROOT = HERE.parent
TINY_PARK = HERE / "fixtures" / "tiny-park.yaml"
CRITERIA = "decree35-2022"  # built-in set, by name

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


# ------------------------------------------------------------------ helpers

def tiny_park() -> dict[str, Any]:
    return yaml.safe_load(TINY_PARK.read_text(encoding="utf-8"))


def tiny_scenario() -> dict[str, Any]:
    return {"model": "park.yaml",
            "policy": {"objective": "cost", "discount_rate": 0.0, "criteria": str(CRITERIA)}}


def dump(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build(tmp_path: Path, park_mut: Callable[[dict], None] | None = None,
          scen_mut: Callable[[dict], None] | None = None) -> tuple[Path, Path]:
    """Write park.yaml and scenario.yaml into tmp_path, each after its mutation."""
    park, scen = tiny_park(), tiny_scenario()
    if park_mut:
        park_mut(park)
    if scen_mut:
        scen_mut(scen)
    return dump(tmp_path / "park.yaml", park), dump(tmp_path / "scenario.yaml", scen)


def line_of(path: Path, dotted: str) -> int:
    """1-based line of the deepest existing key on the way to ``dotted``, found independently
    of the package by walking PyYAML's node tree."""
    node = yaml.compose(path.read_text(encoding="utf-8"))
    line = node.start_mark.line + 1
    for part in dotted.split("."):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == part:
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``main`` in-process; an exception escaping it is the traceback a user would see."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse
        code = exc.code
    except Exception:
        cap = capsys.readouterr()
        pytest.fail("main() raised instead of reporting an input error "
                    f"(the user would see a traceback):\n{traceback.format_exc()}\n"
                    f"stderr so far:\n{cap.err}")
    cap = capsys.readouterr()
    return code, ANSI.sub("", cap.out), ANSI.sub("", cap.err)


def run(capsys: pytest.CaptureFixture[str], scenario: Path, tmp_path: Path) -> tuple[int, str, str]:
    return cli(capsys, "run", scenario, "--out", tmp_path / "out")


def assert_bad_input(code: int, out: str, err: str, tmp_path: Path, *, file: str, key: str | None,
                     problem: str, line: int | None = None, also: tuple[str, ...] = ()) -> None:
    """Exit 2, one message on stderr naming file, key (and line) and the problem; no results."""
    assert "Traceback" not in err and "Traceback" not in out
    assert code == 2, f"exit code {code}, expected 2 (bad input)\nstderr:\n{err}\nstdout:\n{out}"
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one message on stderr, got:\n{err}"
    msg = lines[0]
    assert "error" in msg.lower(), msg
    assert file in msg, f"message does not name the file {file!r}: {msg}"
    if key is not None:  # None: the parser cannot tell which key (malformed YAML)
        assert re.search(rf"(?<![\w.-]){re.escape(key)}(?![\w-])", msg), \
            f"message does not name the key {key!r}: {msg}"
    assert re.search(problem, msg, re.IGNORECASE), \
        f"message does not say what is wrong (/{problem}/): {msg}"
    if line is not None:
        assert re.search(rf"{re.escape(file)}:{line}\b", msg), \
            f"message does not give line {line} of {file}: {msg}"
    for word in also:
        assert word in msg, f"message does not mention {word!r}: {msg}"
    outdir = tmp_path / "out"
    assert not outdir.exists() or not any(outdir.iterdir()), \
        f"results written for bad input: {sorted(p.name for p in outdir.rglob('*'))}"


# ------------------------------------------------------------------ the fixture itself is good

def test_unmodified_copy_solves(tmp_path, capsys):
    """The copies the other tests break are themselves valid: the breakage is what fails."""
    _, scen = build(tmp_path)
    code, out, err = run(capsys, scen, tmp_path)
    assert code == 0, err
    assert "Traceback" not in err
    assert (tmp_path / "out" / "scenario" / "summary.json").is_file()


# ------------------------------------------------------------------ 1. unknown tenant

def test_unknown_tenant_in_exchange(tmp_path, capsys):
    park, scen = build(tmp_path, lambda p: p["exchanges"]["pg-board"].update({"from": "fertt"}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key="exchanges.pg-board.from",
                     problem=r"unknown", line=line_of(park, "exchanges.pg-board.from"),
                     also=("fertt",))


def test_unknown_receiver_in_exchange(tmp_path, capsys):
    park, scen = build(tmp_path, lambda p: p["exchanges"]["pg-cement"].update({"to": "cemnt"}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key="exchanges.pg-cement.to",
                     problem=r"unknown", line=line_of(park, "exchanges.pg-cement.to"),
                     also=("cemnt",))


# ------------------------------------------------------------------ 2. unknown resource

@pytest.mark.parametrize("field", ["resource", "replaces"])
def test_unknown_resource_in_exchange(tmp_path, capsys, field):
    park, scen = build(tmp_path, lambda p: p["exchanges"]["pg-board"].update({field: "gypsom"}))
    code, out, err = run(capsys, scen, tmp_path)
    key = f"exchanges.pg-board.{field}"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"unknown", line=line_of(park, key), also=("gypsom",))


# ------------------------------------------------------------------ 3. unit mismatch

def test_unit_mismatch(tmp_path, capsys):
    """Phosphogypsum is counted in t; an energy amount cannot be converted to it."""
    park, scen = build(tmp_path,
                       lambda p: p["tenants"]["fert"]["outputs"]["gypsum"].update({"value": "850 MWh"}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="tenants.fert.outputs.gypsum.value",
                     problem=r"unit|convert|dimension",
                     line=line_of(park, "tenants.fert.outputs.gypsum.value"),
                     also=("850 MWh",))


# ------------------------------------------------------------------ 4. negative capacity

def test_negative_capacity(tmp_path, capsys):
    park, scen = build(tmp_path,
                       lambda p: p["exchanges"]["pg-board"]["capacity"].update({"value": -8000}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="exchanges.pg-board.capacity.value", problem=r"negative",
                     line=line_of(park, "exchanges.pg-board.capacity.value"))


# ------------------------------------------------------------------ 5. missing capacity

def test_missing_capacity(tmp_path, capsys):
    park, scen = build(tmp_path, lambda p: p["exchanges"]["pg-board"].pop("capacity"))
    code, out, err = run(capsys, scen, tmp_path)
    # the key is absent, so the nearest line the parser knows is the exchange's own
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="exchanges.pg-board.capacity", problem=r"missing|required",
                     line=line_of(park, "exchanges.pg-board"))


# ------------------------------------------------------------------ 6. malformed YAML

def test_malformed_yaml_in_model(tmp_path, capsys):
    park, scen = build(tmp_path)
    bad = line_of(park, "exchanges.pg-board.capacity")
    text = park.read_text(encoding="utf-8").splitlines()
    assert text[bad - 1].startswith("    capacity:")
    text[bad - 1] = text[bad - 1][1:]  # one space short: breaks the block structure
    park.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):  # it really is malformed
        yaml.safe_load(park.read_text(encoding="utf-8"))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=None,
                     problem=r"yaml", line=bad)


def test_malformed_yaml_in_scenario(tmp_path, capsys):
    _, scen = build(tmp_path)
    scen.write_text("model: park.yaml\n"
                    "policy:\n"
                    "  objective: cost\n"
                    "   discount_rate: 0.0\n"  # line 4: indented one space too far
                    f"  criteria: {CRITERIA}\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(scen.read_text(encoding="utf-8"))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="scenario.yaml", key=None,
                     problem=r"yaml", line=4)


def test_scenario_not_a_mapping(tmp_path, capsys):
    _, scen = build(tmp_path)
    scen.write_text("- model: park.yaml\n", encoding="utf-8")
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="scenario.yaml", key=None,
                     problem=r"mapping")


def test_duplicate_key_in_model(tmp_path, capsys):
    park, scen = build(tmp_path)
    bad = line_of(park, "exchanges.pg-board.from")
    text = park.read_text(encoding="utf-8").splitlines()
    text.insert(bad, "    from: board")  # a second 'from:' right after the first
    park.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key="exchanges.pg-board.from",
                     problem=r"duplicate", line=bad + 1)


# ------------------------------------------------------------------ 7. override path

def test_override_path_does_not_exist(tmp_path, capsys):
    _, scen = build(tmp_path, scen_mut=lambda s: s.update(
        {"overrides": [{"path": "tenants.nope.inputs.electricity", "set": 5}]}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="scenario.yaml", key="overrides.0.path",
                     problem=r"does not exist|not found|unknown|no such",
                     line=line_of(scen, "overrides.0.path"),
                     also=("tenants.nope.inputs.electricity",))
    assert "park.yaml:" not in err  # blamed on the scenario, not the model


def test_override_makes_bad_value_blames_scenario(tmp_path, capsys):
    """A value set by an override is the scenario's fault: the message names the scenario."""
    _, scen = build(tmp_path, scen_mut=lambda s: s.update(
        {"overrides": [{"path": "exchanges.pg-board.capacity", "set": -1}]}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="scenario.yaml",
                     key="exchanges.pg-board.capacity", problem=r"negative")


# ------------------------------------------------------------------ 8. missing model file

def test_missing_model_file(tmp_path, capsys):
    _, scen = build(tmp_path, scen_mut=lambda s: s.update({"model": "missing.yaml"}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="scenario.yaml", key="model",
                     problem=r"not found|does not exist|no such|missing",
                     line=line_of(scen, "model"), also=("missing.yaml",))


def test_missing_scenario_file(tmp_path, capsys):
    code, out, err = run(capsys, tmp_path / "nothere.yaml", tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="nothere.yaml", key=None,
                     problem=r"not found|does not exist|no such")


# ------------------------------------------------------------------ 9. unknown key (typo)

@pytest.mark.parametrize("good,typo", [("opex_var", "opex_vr"),     # optional key misspelt
                                       ("capacity", "capacty")])    # required key misspelt
def test_unknown_key_in_park(tmp_path, capsys, good, typo):
    def mut(p):
        ex = p["exchanges"]["pg-board"]
        ex[typo] = ex.pop(good)
    park, scen = build(tmp_path, mut)
    code, out, err = run(capsys, scen, tmp_path)
    key = f"exchanges.pg-board.{typo}"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"unknown|not allowed|unexpected", line=line_of(park, key))


# ------------------------------------------------------------------ 10. unknown source id

def test_unknown_source_cited_by_figure(tmp_path, capsys):
    park, scen = build(tmp_path,
                       lambda p: p["exchanges"]["pg-board"]["capex"].update({"source": "hnad"}))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="exchanges.pg-board.capex.source",
                     problem=r"not in the sources|unknown", also=("hnad",),
                     line=line_of(park, "exchanges.pg-board.capex.source"))


# ------------------------------------------------------------------ consistency check → exit 2

def test_input_with_no_source_is_bad_input(tmp_path, capsys):
    """Electricity with no price and no link supplying it: caught before the solver."""
    park, scen = build(tmp_path, lambda p: p["resources"]["electricity"].pop("price"))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="tenants.fert.inputs.electricity", problem=r"cannot be bought",
                     line=line_of(park, "tenants.fert.inputs.electricity"))


# ------------------------------------------------------------------ all inputs checked first

def test_one_bad_scenario_stops_the_whole_run(tmp_path, capsys):
    """With a good and a bad scenario, nothing is solved or written."""
    good_dir = tmp_path / "good"
    good_dir.mkdir()
    _, good = build(good_dir)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    _, bad = build(bad_dir, lambda p: p["exchanges"]["pg-board"]["capacity"].update({"value": -1}))
    bad = bad.rename(bad_dir / "bad-scenario.yaml")
    code, out, err = cli(capsys, "run", good, bad, "--out", tmp_path / "out")
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="exchanges.pg-board.capacity.value", problem=r"negative")
    assert str(bad_dir / "park.yaml") in err  # the bad copy, not the good one


# ------------------------------------------------------------------ validate

def test_validate_good_and_bad(tmp_path, capsys):
    park, scen = build(tmp_path)
    for f in (park, scen):
        code, out, err = cli(capsys, "validate", f)
        assert code == 0, err
        assert "valid" in out and f.name in out
        assert "error" not in err.lower()
    broken = dump(tmp_path / "broken.yaml",
                  {**tiny_park(), "exchanges": {**tiny_park()["exchanges"],
                                                "pg-x": {**tiny_park()["exchanges"]["pg-board"],
                                                         "from": "nobody"}}})
    code, out, err = cli(capsys, "validate", broken)
    assert_bad_input(code, out, err, tmp_path, file="broken.yaml", key="exchanges.pg-x.from",
                     problem=r"unknown", line=line_of(broken, "exchanges.pg-x.from"))
    assert "valid" not in out


# ------------------------------------------------------------------ real process, real stderr

@pytest.mark.parametrize("case", ["unknown-tenant", "malformed-yaml"])
def test_subprocess_no_traceback(tmp_path, case):
    if case == "unknown-tenant":
        _, scen = build(tmp_path, lambda p: p["exchanges"]["pg-board"].update({"from": "fertt"}))
        key = "exchanges.pg-board.from"
    else:
        _, scen = build(tmp_path)
        scen.write_text("model: park.yaml\npolicy: {objective: cost\n", encoding="utf-8")
        key = "scenario.yaml"
    proc = subprocess.run([sys.executable, "-m", "symbiosis", "run", str(scen),
                           "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    assert proc.returncode == 2, proc.stderr
    assert key in ANSI.sub("", proc.stderr)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "results").exists()  # nor the default folder


# ------------------------------------------------------------------ infeasible → exit 3

def test_infeasible_co2_cap(tmp_path, capsys):
    """A CO2 cap of 1 t/yr is far below anything the tiny park can reach."""
    _, scen = build(tmp_path, scen_mut=lambda s: s["policy"].update(
        {"constraints": {"co2_cap": 1}}))
    code, out, err = run(capsys, scen, tmp_path)
    assert "Traceback" not in err
    assert code == 3, f"exit code {code}, expected 3 (infeasible)\n{out}\n{err}"
    assert re.search(r"infeasible", out + err, re.IGNORECASE)
