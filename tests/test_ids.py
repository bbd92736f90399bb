"""Every id a file defines is a name (symbiosis/load/ids.py), never a path or an escape.

A bad id of any kind is one message naming the file, the line and the key, exit 2, and
nothing written; names in any script pass, and a '.' inside an id still lets an
override reach it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.load.ids import name_problem

ROOT = Path(__file__).parents[1]
FIX = ROOT / "tests" / "fixtures"
NFD = unicodedata.normalize("NFD", "đạm")  # "d-stroke, a, dot below": 4 characters, not 3


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True)


def _rekey(section: str, old: str, new: str):
    def edit(p):
        p[section] = {(new if k == old else k): v for k, v in p[section].items()}
    return edit


def _set(path: tuple[str, ...], value: str):
    def edit(p):
        node = p
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return edit


def _add_property(pid: str):
    return lambda p: p.setdefault("properties", {}).update({pid: {"name": "P", "unit": "ppm"}})


def _add_process(pid: str, mode: str = "run"):
    return lambda p: p["tenants"]["fert"].update(processes={pid: {
        "unit": "t", "capacity": {"value": 1, "source": "hand"},
        "modes": {mode: {"inputs": {"electricity": {"value": 1, "source": "hand"}}}}}})


def _write(tmp: Path, edit, scenario: str = "") -> Path:
    park = yaml.safe_load((FIX / "tiny-park.yaml").read_text(encoding="utf-8"))
    edit(park)
    (tmp / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False, allow_unicode=True),
                                   encoding="utf-8")
    (tmp / "s.yaml").write_text("model: park.yaml\n" + scenario, encoding="utf-8")
    return tmp / "s.yaml"


@pytest.mark.parametrize("edit, key, shown, why", [
    (_rekey("tenants", "board", "a/b"), "tenants.a/b", "'a/b'", "it holds '/'"),
    (_rekey("resources", "gypsum", ".."), "resources...", "'..'", "it starts with '.'"),
    (_rekey("exchanges", "pg-board", "x\x1b[2J"), "exchanges.x\\x1b[2J", r"'x\x1b[2J'",
     r"it holds '\x1b'"),
    (_rekey("measures", "fert-drives", "fert drives"), "measures.fert drives", "'fert drives'",
     "it holds ' '"),
    (_rekey("sources", "hand", "a\\b"), "sources.a\\b", r"'a\\b'", r"it holds '\\'"),
    (_rekey("partners", "cement", "c" * 101), "partners." + "c" * 101, "'" + "c" * 57 + "...'",
     "101 characters"),
    (_set(("tenants", "fert", "enterprise"), "-rf"), "tenants.fert.enterprise", "'-rf'",
     "it starts with '-'"),
    (_set(("park", "id"), "park."), "park.id", "'park.'", "it ends with '.'"),
    (_add_property("ppm..x"), "properties.ppm..x", "'ppm..x'", "it holds '..'"),
    (_add_process("boiler:1"), "tenants.fert.processes.boiler:1", "'boiler:1'",
     "it holds ':'"),
    (_add_process("boiler", "a\tb"), "tenants.fert.processes.boiler.modes.a b", r"'a\tb'",
     r"it holds '\t'"),
    (_rekey("tenants", "fert", NFD), f"tenants.{NFD}", repr(NFD), "it is not in Unicode NFC form"),
])
def test_a_bad_id_of_any_kind_is_named_at_its_line(tmp_path, edit, key, shown, why):
    s, out = _write(tmp_path, edit), tmp_path / "out"
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 2, p.stdout + p.stderr
    err = " ".join(p.stderr.split())  # the console may wrap a long line
    assert re.search(rf"park\.yaml:\d+: {re.escape(key)}: {re.escape(shown)} is not a name: "
                     rf"{re.escape(why)}", err), err
    assert "Traceback" not in p.stderr and "\x1b[2J" not in p.stderr and not out.exists()


def test_a_non_nfc_id_is_refused_with_its_composed_spelling():
    why = name_problem(NFD)
    assert "NFC" in why and repr(unicodedata.normalize("NFC", NFD)) in why
    assert name_problem(unicodedata.normalize("NFC", NFD)) is None


def test_a_bad_criterion_id_is_named_in_the_criteria_file(tmp_path):
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"id": "c", "name": "c", "criteria": [
        {"id": "../x", "article": "a", "description": "d", "kpi": "symbiosis_links",
         "threshold": 1}]}), encoding="utf-8")
    s = _write(tmp_path, lambda p: None, "policy: {criteria: c.yaml}\n")
    p = _cli("validate", str(s))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert re.search(r"c\.yaml:\d+: criteria\.0\.id: '\.\./x' is not a name: it starts with "
                     r"'\.'", p.stderr), p.stderr


def test_names_in_any_script_pass_and_an_override_reaches_an_id_with_a_dot(tmp_path):
    link = "đường-ống.1"  # Vietnamese, with a '.': the override path must keep it whole
    s = _write(tmp_path, _rekey("exchanges", "pg-board", link),
               f"id: nhà-máy-đạm\noverrides:\n  - {{path: exchanges.{link}.capacity, set: 7000}}\n"
               f"policy: {{forbid: [{link}]}}\n")
    sc = api.load_scenario(s)
    assert sc.id == "nhà-máy-đạm" and sc.park.exchanges[link].capacity == 7000
    assert _cli("validate", str(s)).returncode == 0


@pytest.mark.parametrize("value", ["fert", "Nhà_máy-2", "क्षेत्र", "電力", "a.b-c_d", "7"])
def test_good_names_pass(value):
    assert name_problem(value) is None


SHIPPED = sorted([*ROOT.glob("scenarios/*.yaml"), ROOT / "examples/kalundborg/scenario.yaml",
                  *FIX.glob("*-cost.yaml"), *FIX.glob("tiny-*.yaml"), *FIX.glob("*/*.yaml")])


def test_every_id_of_the_shipped_files_is_a_name():
    """Every model, scenario and criteria file the project ships loads under the rule."""
    kinds = set()
    for path in SHIPPED:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if any(k in doc for k in ("park", "criteria", "model", "extends")):
            kinds.add(api.validate_file(path)[0])
    for path in [*ROOT.glob("models/*.yaml"), *ROOT.glob("models/criteria/*.yaml"),
                 ROOT / "examples/kalundborg/park.yaml"]:
        kinds.add(api.validate_file(path)[0])
    assert kinds == {"model", "scenario", "criteria"}
