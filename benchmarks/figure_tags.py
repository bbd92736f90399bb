"""Count the figures of a composed park by S/D/E tag (issue 10: before/after counts).

The figures counted are exactly those a run lists in ``inputs/figures.csv``: every
number the loader converted, with the tag of its source (S stated, D derived,
E estimate; A for a scenario's assumption). Run from a worktree so its package is used:

    python benchmarks/figure_tags.py [SCENARIO ...]      (default: scenarios/baseline.yaml)
    python benchmarks/figure_tags.py --list E            (also print the figures tagged E)

The model file itself (without a scenario) is counted with ``--model models/x.yaml``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from symbiosis.load.scenario import load_park, load_scenario

ROOT = Path(__file__).resolve().parent.parent
TAGS = ("S", "D", "E", "A")


def figures_of(path: Path, model: bool = False):
    park = load_park(path) if model else load_scenario(path).park
    return park.figures


def count(figures) -> Counter:
    return Counter(f.tag for f in figures)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--model", action="store_true", help="the files are park models, not scenarios")
    ap.add_argument("--list", metavar="TAG", help="print the path of every figure with this tag")
    args = ap.parse_args(argv)
    files = args.files or [ROOT / "scenarios" / "baseline.yaml"]
    print(f"{'file':<40} {'total':>6} " + " ".join(f"{t:>5}" for t in TAGS) + "  E share")
    for path in files:
        figs = figures_of(path, args.model)
        c = count(figs)
        n = len(figs)
        print(f"{str(path):<40} {n:>6} " + " ".join(f"{c.get(t, 0):>5}" for t in TAGS)
              + f"  {c.get('E', 0) / n:6.1%}")
        if args.list:
            for f in figs:
                if f.tag == args.list:
                    print(f"    {f.path} = {f.value:g} {f.unit} ({f.source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
