"""Bad quality input: one clear message naming file, key and line, exit 2, nothing written.

The tiny park (tests/fixtures/tiny-park.yaml) gets a moisture property: phosphogypsum at
20 %, natural gypsum bought at 5 %, and the board plant takes at most 15 %. Each test
breaks one thing of that valid copy, with the helpers of ``test_bad_input``.
"""

from __future__ import annotations

import csv

import pytest

from test_bad_input import assert_bad_input, build, line_of, run


def fig(v):
    return {"value": v, "source": "hand"}


def with_quality(p: dict) -> None:
    p["properties"] = {"moisture": {"name": "Free moisture", "unit": "percent"}}
    p["resources"]["natural_gypsum"]["quality"] = {"moisture": fig("5 %")}
    p["tenants"]["fert"]["quality"] = {"gypsum": {"moisture": fig("20 %")}}
    p["tenants"]["board"]["limits"] = {"natural_gypsum": {"moisture": {"max": fig("15 %")}}}


def broken(mutate):
    def both(p):
        with_quality(p)
        mutate(p)
    return both


def test_valid_quality_limits_the_link(tmp_path, capsys):
    """20 % gypsum mixed with 5 % bought to at most 15 %: x·20 + (4000 − x)·5 ≤ 4000·15."""
    _, scen = build(tmp_path, with_quality)
    code, out, err = run(capsys, scen, tmp_path)
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "out" / "scenario" / "quality.csv").open()))
    assert [(r["tenant"], r["property"], r["kind"], r["binding"]) for r in rows] == \
        [("board", "moisture", "max", "yes")]
    assert float(rows[0]["value"]) == pytest.approx(15.0)
    links = {r["id"]: r for r in
             csv.DictReader((tmp_path / "out" / "scenario" / "links.csv").open())}
    assert float(links["pg-board"]["flow"]) == pytest.approx(4000 * 10 / 15, rel=1e-7)


def test_unknown_property(tmp_path, capsys):
    def mut(p):
        p["tenants"]["board"]["limits"]["natural_gypsum"]["moistur"] = \
            p["tenants"]["board"]["limits"]["natural_gypsum"].pop("moisture")
    park, scen = build(tmp_path, broken(mut))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.board.limits.natural_gypsum.moistur"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"unknown property", line=line_of(park, key), also=("moisture",))


def test_limit_on_an_input_that_does_not_exist(tmp_path, capsys):
    def mut(p):
        p["tenants"]["fert"]["limits"] = {"natural_gypsum": {"moisture": {"max": fig("15 %")}}}
    park, scen = build(tmp_path, broken(mut))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.fert.limits.natural_gypsum"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"needs no 'natural_gypsum'", line=line_of(park, key))


def test_quality_of_an_output_that_does_not_exist(tmp_path, capsys):
    def mut(p):
        p["tenants"]["board"]["quality"] = {"gypsum": {"moisture": fig("20 %")}}
    park, scen = build(tmp_path, broken(mut))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.board.quality.gypsum"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"releases no 'gypsum'", line=line_of(park, key))


def test_missing_supplier_property(tmp_path, capsys):
    """Not assumed 0: the message names the key to add, at the nearest line that exists."""
    park, scen = build(tmp_path, broken(lambda p: p["tenants"]["fert"].pop("quality")))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="tenants.fert.quality.gypsum.moisture", problem=r"missing",
                     line=line_of(park, "tenants.fert"), also=("pg-board",))


def test_missing_property_of_what_is_bought(tmp_path, capsys):
    park, scen = build(tmp_path, broken(lambda p: p["resources"]["natural_gypsum"].pop("quality")))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml",
                     key="resources.natural_gypsum.quality.moisture", problem=r"missing",
                     line=line_of(park, "resources.natural_gypsum"))


def test_min_above_max(tmp_path, capsys):
    def mut(p):
        p["tenants"]["board"]["limits"]["natural_gypsum"]["moisture"]["min"] = fig("20 %")
    park, scen = build(tmp_path, broken(mut))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.board.limits.natural_gypsum.moisture.min"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"above max", line=line_of(park, key))


def test_limit_without_min_or_max(tmp_path, capsys):
    def mut(p):
        p["tenants"]["board"]["limits"]["natural_gypsum"]["moisture"] = {}
    park, scen = build(tmp_path, broken(mut))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.board.limits.natural_gypsum.moisture"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"needs 'max', 'min'", line=line_of(park, key))


def test_unknown_unit_of_a_property(tmp_path, capsys):
    park, scen = build(tmp_path, broken(lambda p: p["properties"]["moisture"].update(
        {"unit": "percnt"})))
    code, out, err = run(capsys, scen, tmp_path)
    key = "properties.moisture.unit"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"unknown unit", line=line_of(park, key), also=("percnt",))


def test_value_in_a_unit_that_does_not_convert(tmp_path, capsys):
    park, scen = build(tmp_path, broken(
        lambda p: p["tenants"]["fert"]["quality"]["gypsum"]["moisture"].update(
            {"value": "20 kg"})))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.fert.quality.gypsum.moisture.value"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"does not convert", line=line_of(park, key), also=("20 kg",))


def test_no_supply_meets_the_limit(tmp_path, capsys):
    """Gypsum and bought natural gypsum both at 20 %: a 15 % limit cannot be met by mixing."""
    park, scen = build(tmp_path, broken(
        lambda p: p["resources"]["natural_gypsum"]["quality"]["moisture"].update(
            {"value": "20 %"})))
    code, out, err = run(capsys, scen, tmp_path)
    key = "tenants.board.limits.natural_gypsum.moisture"
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key,
                     problem=r"no supply .* meets", line=line_of(park, key), also=("15 percent",))
