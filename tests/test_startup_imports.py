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


UNITS = """
import json, sys
import symbiosis.units as u
if sys.argv[1] == "nocache":
    import pint
    u.pint.UnitRegistry = (lambda real: lambda **k: real(**{**k, "cache_folder": None}))(
        pint.UnitRegistry)
r = u.registry("VND", {"USD": 25000.0, "EUR": 27000.0})
print(json.dumps([u.convert(v, t, r, per_year=True) for v, t in (("5 bn VND", "VND"), ("3 kt", "t"),
      ("30 USD/t", "VND/t"), ("2 EUR/MWh", "VND/GJ"), ("3000 Nm3/day", "m3"))]
      + [str(u._base().Quantity(1, c).dimensionality) for c in ("XOF", "JPY", "USD")]))
"""


def test_unit_registry_is_built_once_and_then_read_from_pint_s_disk_cache(tmp_path):
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run(mode):
        p = subprocess.run([sys.executable, "-c", UNITS, mode], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120, check=True)
        return json.loads(p.stdout)

    first = run("cache")
    ours = list((tmp_path / "pint").glob("symbiosis-*.txt"))
    assert len(ours) == 1 and list((tmp_path / "pint").glob("*.pickle"))
    assert run("cache") == first == run("nocache")
    assert first[2] == 30 * 25000.0 and first[-1] == "[currency_USD]"
