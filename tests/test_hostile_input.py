"""Files from strangers: numbers that are not numbers, live links and formulas, escapes.

Each bad file gives one message naming the file, the key and the line, exit 2, and writes
nothing; a name that a spreadsheet would run as a formula is written inert; a control
character never reaches the terminal.
"""

from __future__ import annotations

import csv
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


def _park(tmp: Path, edit, scenario: str = "") -> Path:
    park = yaml.safe_load((FIX / "tiny-park.yaml").read_text())
    edit(park)
    (tmp / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False, allow_unicode=True))
    (tmp / "s.yaml").write_text("model: park.yaml\n" + scenario)
    return tmp / "s.yaml"


def _capacity(value):
    return lambda p: p["exchanges"]["pg-board"]["capacity"].update(value=value)


@pytest.mark.parametrize("edit, key, words", [
    (_capacity(True), "exchanges.pg-board.capacity.value", "got true"),
    (_capacity(float("nan")), "exchanges.pg-board.capacity.value", "not a finite number"),
    (_capacity(float("inf")), "exchanges.pg-board.capacity.value", "not a finite number"),
    (_capacity("1e999"), "exchanges.pg-board.capacity.value", "not a finite number"),
    (_capacity("1e999 t"), "exchanges.pg-board.capacity.value", "not a finite number"),
    (lambda p: p["sources"]["hand"].update(url="javascript:alert(1)"), "sources.hand.url",
     "http(s)"),
    (lambda p: p["sources"]["hand"].update(url="file:///etc/passwd"), "sources.hand.url",
     "http(s)"),
    (lambda p: p["park"].update(vnd_per_usd={"value": 0, "source": "estimate"}),
     "park.vnd_per_usd.value", "positive"),
])
def test_bad_numbers_and_links_are_refused_at_their_line(tmp_path, edit, key, words):
    s, out = _park(tmp_path, edit), tmp_path / "out"
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 2, p.stdout + p.stderr
    assert re.search(rf"park\.yaml:\d+: {re.escape(key)}: ", p.stderr), p.stderr
    assert words in p.stderr and "Traceback" not in p.stderr and not out.exists()


def test_a_discount_rate_of_100_percent_is_refused(tmp_path):
    s = _park(tmp_path, lambda p: None, "policy: {discount_rate: 1.0}\n")
    p = _cli("run", str(s), "--out", str(tmp_path / "out"))
    assert p.returncode == 2 and "policy.discount_rate" in p.stderr


@pytest.mark.parametrize("criteria, words", [
    ([{"id": "a", "article": "x", "description": "d", "kpi": "symbiosis_links", "threshold": 1},
      {"id": "a", "article": "y", "description": "e", "kpi": "symbiosis_links", "threshold": 2}],
     "two criteria share the id 'a'"),
    ([{"id": "a", "article": "x", "description": "d", "kpi": "cleaner_production_share",
       "threshold": 20}], "a share is between 0 and 1"),
])
def test_bad_criteria_files(tmp_path, criteria, words):
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"id": "c", "name": "c",
                                                     "criteria": criteria}))
    s = _park(tmp_path, lambda p: None, "policy: {criteria: c.yaml}\n")
    p = _cli("run", str(s), "--out", str(tmp_path / "out"))
    assert p.returncode == 2 and words in p.stderr, p.stderr
    assert re.search(r"c\.yaml:\d+: criteria\.\d\.", p.stderr)


def test_formulas_are_written_inert_and_escapes_never_reach_the_terminal(tmp_path):
    def edit(p):
        p["tenants"]["fert"]["name"] = '=HYPERLINK("http://evil","x")'
        p["tenants"]["board"]["name"] = "@SUM(A1)\x1b[2J"
        p["partners"]["cement"]["name"] = "-cmd|' /C calc'!A0"
    s, out = _park(tmp_path, edit), tmp_path / "out"
    p = _cli("run", str(s), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "\x1b[2J" not in p.stdout + p.stderr
    text = (out / "s" / "tenants.csv").read_text()
    cells = [c for row in csv.reader(text.splitlines()) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "@", "+") or c.startswith("-cmd")]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells


BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['x'] * 9)}]\n"
               for p, a in zip([None, *"abcdefgh"], "abcdefghi")) + "model: x.yaml\n"


@pytest.mark.parametrize("content, words", [
    (BOMB.encode(), "expands to more than"),
    ("model: café.yaml\n".encode("latin-1"), "not UTF-8 text: byte 0xe9 at offset 10"),
    ("model: x.yaml\n".encode("utf-16"), "UTF-16"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "binary file"),
    (("a: " + "[" * 3000 + "]" * 3000 + "\n").encode(), "nested"),
])
def test_unreadable_files_are_named_quickly(tmp_path, content, words):
    import resource
    s = tmp_path / "s.yaml"
    s.write_bytes(content)

    def limits():  # a bomb must be refused, not fill the machine
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2 ** 30, 2 * 2 ** 30))
    p = subprocess.run([sys.executable, "-m", "symbiosis", "run", str(s), "--out",
                        str(tmp_path / "out")], capture_output=True, text=True, timeout=60,
                       preexec_fn=limits)
    assert p.returncode == 2, p.stderr
    assert words in p.stderr and "s.yaml" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "out").exists()


def test_a_utf8_bom_is_fine(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_bytes(b"\xef\xbb\xbf" + f"extends: {FIX / 'tiny-cost.yaml'}\nid: bom\n".encode())
    assert _cli("run", str(s), "--out", str(tmp_path / "out")).returncode == 0


def test_hand_edited_results_and_temporary_folders_are_refused(tmp_path):
    out = tmp_path / "out"
    assert _cli("run", str(FIX / "tiny-cost.yaml"), "--out", str(out)).returncode == 0
    summary = out / "tiny-cost" / "summary.json"
    summary.write_text(summary.read_text().replace('"decree35": [', '"decree35": "x", "no": ['))
    p = _cli("report", str(out / "tiny-cost"))
    assert p.returncode == 2 and "edited by hand" in p.stderr and "Traceback" not in p.stderr
    (out / ".tiny-cost-abc").mkdir()
    p = _cli("report", str(out / ".tiny-cost-abc"))
    assert p.returncode == 2 and "temporary folder" in p.stderr
