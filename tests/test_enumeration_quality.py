"""Quality limits against brute force: the random small parks of ``test_enumeration`` with
properties, supplier and purchase values, link values after treatment, and max and min
limits on the needs links reach; every subset of options an LP solved by scipy, whose
quality rows are written from the park data alone (``test_enumeration.quality_rows``).
"""

from __future__ import annotations

import random

import pytest
import yaml

from symbiosis import api
from symbiosis.results.check import verify
from test_enumeration import brute_force, fig, random_park


def with_quality(model: dict, seed: int) -> int:
    """Add properties and limits; return how many limits were set."""
    rnd = random.Random(1000 + seed)
    model["properties"] = {"cod": {"name": "COD", "unit": "ppm"},
                           "hv": {"name": "Heating value", "unit": "GJ/t"}}
    for rid, r in model["resources"].items():
        if "price" in r and rid != "electricity":
            r["quality"] = {"cod": fig(f"{rnd.uniform(0, 40):.3f} ppm"),
                            "hv": fig(f"{rnd.uniform(15, 25):.3f} GJ/t")}
    for t in model["tenants"].values():
        if t.get("outputs"):
            t["quality"] = {w: {"cod": fig(rnd.uniform(0, 200)), "hv": fig(rnd.uniform(5, 35))}
                            for w in t["outputs"]}
    for e in model["exchanges"].values():
        if rnd.random() < 0.25:  # treated on the way: delivered cleaner than released
            e["quality"] = {"cod": fig(f"{rnd.uniform(0, 30):.3f} ppm")}
    bought = {rid: r["quality"] for rid, r in model["resources"].items() if "quality" in r}
    limited = 0
    for eid, e in model["exchanges"].items():
        t = model["tenants"].get(e["to"])
        if t is None or e["replaces"] not in bought or rnd.random() < 0.2:
            continue
        lim = t.setdefault("limits", {}).setdefault(e["replaces"], {})
        if lim:
            continue
        fresh = bought[e["replaces"]]
        cod = float(fresh["cod"]["value"].split()[0])
        hv = float(fresh["hv"]["value"].split()[0])
        # The purchase alone always meets the limits, so the baseline is feasible.
        lim["cod"] = {"max": fig(cod + rnd.uniform(0, 80))}
        if rnd.random() < 0.6:
            lim["hv"] = {"min": fig(hv - rnd.uniform(0, 8))}
            if rnd.random() < 0.3:
                lim["hv"]["max"] = fig(hv + rnd.uniform(0, 5))
        limited += 1
    return limited


@pytest.mark.parametrize("seed", range(14))
def test_optimizer_matches_enumeration_with_quality_limits(seed, tmp_path):
    model, scenario = random_park(seed)
    limited = with_quality(model, seed)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    sc = api.load_scenario(tmp_path / "scenario.yaml")
    result = api.solve(sc)
    assert result.status == "optimal"
    expected = brute_force(sc)
    got = result.objective()["value"]
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-3)
    assert verify(result) == []
    rows = result.tables["quality"]
    assert len({(r["tenant"], r["resource"]) for r in rows}) == limited
    for r in rows:
        if r["value"] is not None:
            excess = r["value"] - r["limit"] if r["kind"] == "max" else r["limit"] - r["value"]
            assert excess <= 1e-6 * max(1.0, abs(r["limit"]))


def test_the_limits_matter(tmp_path):
    """The generator makes limits that bind and change the optimum in many of the parks,
    so the comparison above tests the quality rows, not only the rest of the model."""
    binding = changed = 0
    for seed in range(14):
        model, scenario = random_park(seed)
        free = api.solve(_load(tmp_path / f"free{seed}", model, scenario))
        with_quality(model, seed)
        limited = api.solve(_load(tmp_path / f"lim{seed}", model, scenario))
        binding += any(r["binding"] == "yes" for r in limited.tables["quality"])
        changed += limited.objective()["value"] > free.objective()["value"] * (1 + 1e-6) + 1e-3
    assert binding >= 5 and changed >= 3, (binding, changed)


def _load(folder, model, scenario):
    folder.mkdir()
    (folder / "park.yaml").write_text(yaml.safe_dump(model))
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    return api.load_scenario(folder / "scenario.yaml")
