"""The explorer's files: the vendored library as recorded and shipped, the data that cannot
close its script element, a bad folder, and the report's pointer to the explorer. (Its
behaviour in a browser: test_explorer.py.)"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

from symbiosis import cli
from symbiosis.present.explorer import safe_json

ROOT = Path(__file__).resolve().parent.parent
PRESENT = ROOT / "symbiosis" / "present"


def test_the_vendored_library_is_the_one_recorded_and_ships_with_the_package():
    vendor = PRESENT / "vendor"
    record = (vendor / "README.md").read_text(encoding="utf-8")
    for name in ("echarts.min.js", "LICENSE-echarts", "NOTICE-echarts"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert re.search(rf"`{re.escape(name)}`.*\| {digest} \|", record), name
    assert "Apache License" in (vendor / "LICENSE-echarts").read_text(encoding="utf-8")
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["symbiosis.present"]
    for folder in ("vendor", "explorer"):
        for f in (PRESENT / folder).iterdir():
            rel = f"{folder}/{f.name}"
            assert any(Path(rel).match(g) for g in globs), f"{rel} is not package data"


def test_the_data_cannot_close_its_script_element():
    nasty = {"name": "</script><script>alert(1)</script> & \u2028\u2029 <!--"}
    text = safe_json(nasty)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == nasty


def test_a_folder_that_is_not_a_result_stops_with_a_message(tmp_path, capsys):
    target = tmp_path / "x.html"
    assert cli.main(["explore", str(tmp_path), "--out", str(target)]) == 2
    assert "summary.json" in capsys.readouterr().err and not target.exists()


def test_the_report_links_to_the_explorer_or_says_how_to_make_it(tmp_path):
    assert cli.main(["run", str(ROOT / "scenarios" / "baseline.yaml"), "--out", str(tmp_path)]) == 0
    folder = tmp_path / "baseline"
    stem = tmp_path / "report.en"
    assert cli.main(["report", str(folder), "--lang", "en", "--format", "html", "--out", str(stem)]) == 0
    html = (tmp_path / "report.en.html").read_text(encoding="utf-8")
    assert "symbiosis explore baseline --lang en" in html and str(tmp_path) not in html
    assert cli.main(["explore", str(folder), "--lang", "en"]) == 0  # beside the results
    assert cli.main(["report", str(folder), "--lang", "en", "--format", "html", "--out", str(stem)]) == 0
    href = re.search(r'<p class="explorer">[^<]*<a href="([^"]+)"',
                     (tmp_path / "report.en.html").read_text(encoding="utf-8")).group(1)
    assert (tmp_path / href).resolve() == (folder / "explorer.en.html").resolve()
