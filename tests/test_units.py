"""Unit conversion of ratios whose units cancel as they are read."""

from __future__ import annotations

import pytest

from symbiosis.units import convert, registry


def test_ratio_of_like_units_converts_into_a_mixed_ratio():
    """A CHP data sheet gives β as MWh of power per MWh of heat; the field is MWh per GJ.

    pint cancels "MWh/MWh" to a plain 0.15 while reading it; it must still be the ratio
    0.15, which is 0.15 / 3.6 MWh/GJ, not a bare 0.15 in the target unit.
    """
    u = registry()
    assert convert("0.15 MWh/MWh", "(MWh)/(GJ)", u) == pytest.approx(0.15 / 3.6, rel=1e-12)
    assert convert("1 GJ/GJ", "(MWh)/(GJ)", u) == pytest.approx(1 / 3.6, rel=1e-12)
    assert convert("0.95 t/t", "(t)/(t)", u) == pytest.approx(0.95, rel=1e-12)
    # bare numbers, written as text or not, stay in the target unit
    assert convert("0.15", "(MWh)/(GJ)", u) == 0.15
    assert convert("1e-4", "ppm", u) == 1e-4 and convert(0.15, "(MWh)/(GJ)", u) == 0.15
