"""Benchmark: reading a park file with the pure-Python line loader vs LibYAML's C one.

For each size a synthetic park (``symbiosis.synthetic.generate``, written with ``write``)
is read by ``load.yamlio.read_yaml`` once with each loader, each in its own subprocess so
that memory peaks do not carry over. Time is the wall time of ``read_yaml``; memory is the
subprocess's peak resident set (getrusage) above what it held just before reading. The
two results are checked to be equal (data and line map).

    python benchmarks/yaml_load.py                  # 500 and 2,000 tenants (≈ 2 min)
    python benchmarks/yaml_load.py --sizes all      # also 7,000 / 100,000 (pure: ≈ 5 min, 6 GiB)

Results go to benchmarks/results/yaml_load.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (tenants, parks, links), as in benchmarks/scale.py
SIZES = {"small": [(500, 2, 5_000)],
         "default": [(500, 2, 5_000), (2_000, 6, 20_000)],
         "all": [(500, 2, 5_000), (2_000, 6, 20_000), (7_000, 20, 100_000)]}

CHILD = r"""
import hashlib, json, resource, sys, time
from symbiosis.load import yamlio
cls = {"pure": yamlio._PureLineLoader, "c": yamlio._LineLoader}[sys.argv[2]]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
doc = yamlio.read_yaml(sys.argv[1], loader_class=cls)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
digest = hashlib.sha256(json.dumps([doc.data, doc.lines], sort_keys=True).encode()).hexdigest()
print(json.dumps({"seconds": seconds, "peak_mib": (peak - before) / 1024, "sha256": digest,
                  "loader": cls.__mro__[1].__name__}))
"""


def measure(path: Path, loader: str) -> dict:
    p = subprocess.run([sys.executable, "-c", CHILD, str(path), loader], cwd=ROOT,
                       capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", choices=sorted(SIZES), default="default")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from symbiosis.synthetic.generate import generate, write
    rows = []
    with tempfile.TemporaryDirectory(prefix="yaml-bench-") as tmp:
        for tenants, parks, links in SIZES[args.sizes]:
            path = write(generate(tenants, parks, seed=0, links=links), Path(tmp) / "park.yaml")
            mib = path.stat().st_size / 2 ** 20
            pure, c = measure(path, "pure"), measure(path, "c")
            assert pure["sha256"] == c["sha256"], "the two loaders read different data"
            rows.append({"tenants": tenants, "links": links, "file_mib": mib, "pure": pure, "c": c})
            print(f"  {tenants} tenants done", file=sys.stderr, flush=True)
    out = ROOT / "benchmarks" / "results" / "yaml_load.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1) + "\n")
    head = ("tenants / links", "file MiB", "pure s", "C s", "speed-up",
            "pure peak MiB", "C peak MiB", "memory ratio")
    print(" | ".join(head))
    for r in rows:
        p, c = r["pure"], r["c"]
        print(" | ".join([f"{r['tenants']:,} / {r['links']:,}", f"{r['file_mib']:.1f}",
                          f"{p['seconds']:.2f}", f"{c['seconds']:.2f}",
                          f"{p['seconds'] / c['seconds']:.1f}×", f"{p['peak_mib']:.0f}",
                          f"{c['peak_mib']:.0f}", f"{c['peak_mib'] / p['peak_mib']:.2f}"]))


if __name__ == "__main__":
    main()
