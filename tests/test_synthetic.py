"""Synthetic regional networks: deterministic, valid park files whose baseline solves."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.synthetic import generate, write
from symbiosis.synthetic import templates as T
from symbiosis.synthetic.generate import road_km

CRITERIA = (Path(__file__).parents[1] / "models" / "criteria" / "decree35-2022.yaml").resolve()


@pytest.fixture(scope="module")
def small() -> dict:
    return generate(30, parks=3, seed=1, links=200)


@pytest.fixture(scope="module")
def small_files(small, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write(small, folder / "park.yaml")
    (folder / "cost.yaml").write_text(yaml.safe_dump(
        {"model": "park.yaml", "policy": {"criteria": str(CRITERIA)}}), encoding="utf-8")
    return folder


def test_same_seed_same_dict_other_seed_other_dict(small):
    assert generate(30, parks=3, seed=1, links=200) == small
    other = generate(30, parks=3, seed=2, links=200)
    assert other != small
    assert other["tenants"].keys() != small["tenants"].keys() or \
        other["exchanges"] != small["exchanges"]


def test_links_cap_is_honoured_and_nearest_pairs_come_first():
    m = generate(60, parks=2, seed=0, links=150)
    assert len(m["exchanges"]) == 150
    assert len(generate(60, parks=2, seed=0, links=40)["exchanges"]) == 40
    uncapped = generate(60, parks=2, seed=0)
    assert len(uncapped["exchanges"]) > 150
    # Tenant-to-tenant links of the capped park are the nearest of the uncapped one.
    near = [x["distance_km"]["value"] for x in m["exchanges"].values()
            if x["to"] in m["tenants"]]
    far = sorted(x["distance_km"]["value"] for x in uncapped["exchanges"].values()
                 if x["to"] in uncapped["tenants"])
    assert max(near) <= far[len(near)] + 0.05


def test_every_tenant_of_a_sector_has_its_by_products_and_inputs(small):
    seen = set()
    for tid, t in small["tenants"].items():
        sector = T.SECTORS.get(t["sector"])
        if sector is None:  # WWTPs and processing hubs
            continue
        seen.add(t["sector"])
        assert set(t.get("outputs", {})) == set(sector.outputs), tid
        assert set(t["inputs"]) == set(sector.inputs), tid
    assert seen == set(T.SECTORS)


def test_every_number_is_a_synthetic_estimate(small):
    def figures(node):
        if isinstance(node, dict):
            if "value" in node and "source" in node:
                yield node
            else:
                for v in node.values():
                    yield from figures(v)

    figs = list(figures(small))
    assert len(figs) > 500
    assert all(f["source"] == "estimate" and "synthetic" in f["note"] for f in figs)


def test_parks_lie_10_to_80_km_apart():
    m = generate(40, parks=5, seed=3, links=0)
    centres = {}
    for t in m["tenants"].values():
        if t["sector"] == "wastewater_treatment":  # one per park, 0.7 km off its centre
            centres[t["name"]] = (t["location"]["lat"], t["location"]["lon"])
    assert len(centres) == 5
    pts = list(centres.values())
    for i, a in enumerate(pts):
        for b in pts[i + 1:]:
            km = float(road_km(*a, *b)) / 1.3
            assert 10 - 1.5 <= km <= 80 + 1.5


def test_small_park_validates_and_solves(small_files):
    kind, findings = api.validate_file(small_files / "park.yaml")
    assert kind == "model"
    assert not [f for f in findings if f.level == "error"]
    r = api.run(small_files / "cost.yaml")
    assert r.baseline.status == "optimal"
    assert r.status == "optimal"
    assert r.totals["cost_vnd_per_year"] <= r.baseline.totals["cost_vnd_per_year"] * (1 + 1e-9)
    assert math.isfinite(r.totals["co2_t_per_year"])
