"""A figure tagged S or D must show where its number comes from.

S (stated): the number, in some unit (×10^k), appears in the source's title or note or the
figure's own note. D (derived): the number or the arithmetic that gives it appears: a
product or quotient of two numbers written there (e.g. "40 kt × 13.65 MWh/t"), or the
result itself. A reviewer who opens the source must find the figure; this test is the
first reader.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from symbiosis import api

ROOT = Path(__file__).parents[1]
NUM = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?", re.I)
# A stated number may be converted: powers of ten (kt → t), time (per day → per year at
# 365.25 days or 24 h, per hour → per year at 8,760 h) and energy (MWh ↔ GJ at 3.6).
CONVERSIONS = (1.0, 24.0, 365.0, 365.25, 8760.0, 8766.0, 3.6, 1 / 3.6)
SCALES = [10.0 ** k * c for k in range(-12, 13) for c in CONVERSIONS]


def numbers(text: str | None) -> list[float]:
    out = []
    for m in NUM.finditer(text or ""):
        t = m.group().replace(",", "").replace("−", "-")
        try:
            out.append(abs(float(t)))
        except ValueError:
            continue
    return [x for x in out if x]


def shown(value: float, nums: list[float], derived: bool) -> bool:
    v = abs(value)
    if v == 0:
        return True
    cands = list(nums)
    if derived:
        for a, b in itertools.combinations_with_replacement(nums[:40], 2):
            cands += [a * b, a / b, b / a]
    return any(abs(c * k - v) <= 5e-3 * v for c in cands for k in SCALES)


def unshown(scenario: Path) -> list[tuple[str, float, str, str]]:
    park = api.load_scenario(scenario).park
    out = []
    for f in park.figures:
        if f.tag not in ("S", "D"):
            continue
        src = park.sources.get(f.source)
        text = " ".join(x or "" for x in ((src.title, src.note) if src else ()) + (f.note,))
        if not shown(f.value, numbers(text), f.tag == "D"):
            out.append((f.path, f.value, f.unit, f.source))
    return out


def test_the_checker_itself():
    assert shown(546000, numbers("40 kt × 13.65 MWh/t"), derived=True)
    assert not shown(546000, numbers("40 kt × 13.65 MWh/t"), derived=False)
    assert shown(330000, numbers("DAP 330,000 t/yr"), derived=False)
    assert not shown(48.8e6, numbers("Largest P4 furnace plant 40,000 t/yr"), derived=True)


@pytest.mark.parametrize("scenario", sorted((ROOT / "scenarios").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_every_s_and_d_figure_shows_its_number(scenario):
    bad = unshown(scenario)
    assert not bad, "\n".join(f"{p} = {v:g} {u} (source {s})" for p, v, u, s in bad)
