"""Benchmark: start-up of the CLI, this tree against another (by default the main checkout).

Times ``python -m symbiosis --version``, ``python -m symbiosis run
tests/fixtures/tiny-cost.yaml`` and ``run scenarios/carbon-price.yaml`` (median of ``--repeats`` wall times, each a fresh
process) with each tree's package first on the path, and lists which heavy libraries a
plain run imports.

    python benchmarks/startup.py --before /work/main     # median of 5

Results go to benchmarks/results/startup.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("dask", "jinja2", "matplotlib", "openpyxl", "scipy", "pandas")
PROBE = ("import runpy, sys, json\nsys.argv = ['symbiosis'] + sys.argv[1:]\n"
         "try:\n    runpy.run_module('symbiosis', run_name='__main__')\nexcept SystemExit:\n"
         "    pass\nprint(json.dumps([m for m in %r if m in sys.modules]), file=sys.stderr)" % (HEAVY,))


def _env(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(tree)}


def once_s(tree: Path, args: list[str]) -> float:
    with tempfile.TemporaryDirectory() as out:
        full = [a.replace("{out}", out) for a in args]
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symbiosis", *full], cwd=tree, env=_env(tree),
                       check=True, capture_output=True)
        return time.perf_counter() - t


def medians_s(trees: list[Path], args: list[str], repeats: int) -> list[float]:
    """Median wall time per tree; the trees take turns, so a busy spell hits both alike."""
    for tree in trees:  # warm-up (bytecode compiled, files cached), not counted
        once_s(tree, args)
    times: list[list[float]] = [[] for _ in trees]
    for _ in range(repeats):
        for i, tree in enumerate(trees):
            times[i].append(once_s(tree, args))
    return [statistics.median(t) for t in times]


def heavy_imports(tree: Path, args: list[str]) -> list[str]:
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([sys.executable, "-c", PROBE, *[a.replace("{out}", out) for a in args]],
                           cwd=tree, env=_env(tree), capture_output=True, text=True, check=True)
    return json.loads(p.stderr.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, default=Path("/work/main"))
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    commands = {"--version": ["--version"],
                "run tiny-cost": ["run", "tests/fixtures/tiny-cost.yaml", "--out", "{out}"],
                # One Tằng Loỏng scenario (issue 13's target: ≤ 0.9 s median).
                "run carbon-price": ["run", "scenarios/carbon-price.yaml", "--out", "{out}"]}
    rows = []
    for name, cmd in commands.items():
        before, after = medians_s([args.before, ROOT], cmd, args.repeats)
        rows.append({"command": name, "before_s": before, "after_s": after,
                     "before_imports": heavy_imports(args.before, cmd),
                     "after_imports": heavy_imports(ROOT, cmd)})
    out = ROOT / "benchmarks" / "results" / "startup.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")
    print(f"command | before s | after s | ratio | heavy imports before | after "
          f"(median of {args.repeats})")
    for r in rows:
        print(f"{r['command']} | {r['before_s']:.2f} | {r['after_s']:.2f} | "
              f"{r['after_s'] / r['before_s']:.2f} | {', '.join(r['before_imports']) or '-'} | "
              f"{', '.join(r['after_imports']) or '-'}")


if __name__ == "__main__":
    main()
