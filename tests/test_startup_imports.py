"""A plain ``symbiosis run`` loads none of the libraries only some commands need."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, runpy, sys
sys.argv = ["symbiosis", "run", sys.argv[1], "--out", sys.argv[2]]
try:
    runpy.run_module("symbiosis", run_name="__main__")
except SystemExit as exc:
    code = exc.code
import pint.compat
print(json.dumps({"code": code, "loaded": sorted(m for m in
      ("dask", "distributed", "jinja2", "matplotlib", "openpyxl", "scipy") if m in sys.modules)}),
      file=sys.stderr)
"""


def test_plain_run_imports_no_dask_jinja2_matplotlib_openpyxl_scipy(tmp_path):
    p = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "tests/fixtures/tiny-cost.yaml"),
                        str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    got = json.loads(p.stderr.strip().splitlines()[-1])
    assert got["code"] in (0, None), p.stderr
    assert (tmp_path / "out" / "tiny-cost").is_dir()
    assert got["loaded"] == []


def test_dask_still_works_with_pint_after():
    code = ("import symbiosis.units as u, dask, dask.array as da, sys; "
            "x = da.ones(3).sum().compute(); print(float(x), 'dask' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, check=True)
    assert p.stdout.split() == ["3.0", "True"]
