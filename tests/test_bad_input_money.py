"""Bad input in the currency, exchange-rate, grid and criteria keys (issue 9, part 3).

Same treatment as tests/test_bad_input.py, whose helpers this uses: one message naming
file, key and line, exit code 2, no traceback, nothing written. (A file of its own so
that neither grows past a few hundred lines.)
"""

from __future__ import annotations

from typing import Any

import pytest

from test_bad_input import assert_bad_input, build, line_of, run


def _eur(park: dict[str, Any]) -> None:
    """The tiny park in EUR with a sourced USD rate instead of vnd_per_usd."""
    park["park"]["currency"] = "EUR"
    del park["park"]["vnd_per_usd"]
    park["park"]["exchange_rates"] = {"USD": {"value": 0.92, "source": "estimate"}}


def _no_grid(park: dict[str, Any]) -> None:
    """The tiny park without grid electricity: no resource, no needs, no factors."""
    del park["resources"]["electricity"]
    del park["park"]["grid_factors"]
    for t in park["tenants"].values():
        t.get("inputs", {}).pop("electricity", None)
    park["measures"]["fert-drives"]["inputs"] = {}


def test_eur_and_no_grid_copy_solves(tmp_path, capsys):
    """The variants the cases below break are valid themselves."""
    _, scen = build(tmp_path, lambda p: (_eur(p), _no_grid(p)),
                    lambda s: s["policy"].update(criteria="none"))
    code, out, err = run(capsys, scen, tmp_path)
    assert code == 0, err
    assert "M EUR/yr" in out


@pytest.mark.parametrize("code,problem", [("EURO", "ISO 4217"), ("eur", "upper case"),
                                          ("XYZ", "ISO 4217")])
def test_unknown_currency(tmp_path, capsys, code, problem):
    park, scen = build(tmp_path, lambda p: (_eur(p), p["park"].update(currency=code)))
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml",
                     key="park.currency", problem=problem, line=line_of(park, "park.currency"))


def test_rate_for_unknown_code(tmp_path, capsys):
    park, scen = build(tmp_path, lambda p: (_eur(p), p["park"]["exchange_rates"].update(
        {"DOLLAR": {"value": 0.9, "source": "estimate"}})))
    key = "park.exchange_rates.DOLLAR"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml", key=key,
                     problem="ISO 4217", line=line_of(park, key))


@pytest.mark.parametrize("value,problem", [(0, "positive"), (-1.1, "positive"),
                                           ("0.92 EUR/t", "not a rate in EUR/USD")])
def test_bad_rate_value(tmp_path, capsys, value, problem):
    park, scen = build(tmp_path, lambda p: (_eur(p), p["park"]["exchange_rates"]["USD"].update(
        value=value)))
    key = "park.exchange_rates.USD.value"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml", key=key,
                     problem=problem, line=line_of(park, key))


def test_money_in_a_currency_with_no_rate(tmp_path, capsys):
    def mut(p):
        _eur(p)
        p["resources"]["gypsum"]["disposal_cost"]["value"] = "12 DKK/t"
    park, scen = build(tmp_path, mut)
    key = "resources.gypsum.disposal_cost.value"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml", key=key,
                     problem=r"'12 DKK/t': no exchange rate for DKK in park\.exchange_rates",
                     line=line_of(park, key))


def test_carbon_price_in_a_currency_with_no_rate(tmp_path, capsys):
    _, scen = build(tmp_path, _eur, lambda s: s["policy"].update(
        carbon_price={"value": "10 GBP/t", "source": "estimate"}))
    key = "policy.carbon_price.value"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="scenario.yaml", key=key,
                     problem="no exchange rate for GBP", line=line_of(scen, key))


def test_vnd_per_usd_in_another_currency(tmp_path, capsys):
    def mut(p):
        _eur(p)
        p["park"]["vnd_per_usd"] = {"value": 25000, "source": "estimate"}
    park, scen = build(tmp_path, mut)
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml",
                     key="park.vnd_per_usd", problem="exchange_rates.USD",
                     line=line_of(park, "park.vnd_per_usd"))


def test_usd_rate_given_twice(tmp_path, capsys):
    park, scen = build(tmp_path, lambda p: p["park"].update(
        exchange_rates={"USD": {"value": 25000, "source": "estimate"}}))
    key = "park.exchange_rates.USD"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml", key=key,
                     problem="once", line=line_of(park, key))


def test_electricity_resource_named_but_missing(tmp_path, capsys):
    park, scen = build(tmp_path, lambda p: p["park"].update(electricity="power"))
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml",
                     key="park.electricity", problem="not in resources",
                     line=line_of(park, "park.electricity"))


def test_grid_factors_without_electricity(tmp_path, capsys):
    def mut(p):
        _no_grid(p)
        p["park"]["electricity"] = None
        p["park"]["grid_factors"] = {2023: {"value": 0.5, "source": "estimate"}}
    park, scen = build(tmp_path, mut)
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml",
                     key="park.grid_factors", problem="no grid electricity",
                     line=line_of(park, "park.grid_factors"))


def test_grid_mwh_without_electricity(tmp_path, capsys):
    def mut(p):
        _no_grid(p)
        p["exchanges"]["pg-board"]["electricity"] = {"value": 0.01, "source": "estimate"}
    park, scen = build(tmp_path, mut)
    key = "exchanges.pg-board.electricity"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="park.yaml", key=key,
                     problem="buys no grid electricity", line=line_of(park, key))


def test_grid_factor_year_without_grid(tmp_path, capsys):
    _, scen = build(tmp_path, _no_grid, lambda s: s["policy"].update(grid_factor_year=2023))
    key = "policy.grid_factor_year"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="scenario.yaml", key=key,
                     problem="no grid electricity", line=line_of(scen, key))


def test_criteria_file_not_found(tmp_path, capsys):
    _, scen = build(tmp_path, scen_mut=lambda s: s["policy"].update(criteria="decree35-2023"))
    key = "policy.criteria"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="scenario.yaml", key=key,
                     problem="criteria file not found", line=line_of(scen, key),
                     also=("decree35-2022", "none"))


def test_impose_criteria_with_none(tmp_path, capsys):
    _, scen = build(tmp_path, scen_mut=lambda s: s["policy"].update(
        criteria="none", impose_criteria=True))
    key = "policy.impose_criteria"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="scenario.yaml", key=key,
                     problem="no criteria set to impose", line=line_of(scen, key))


@pytest.mark.parametrize("value,problem", [("30 USD/kWh", "does not convert"),
                                           ("30 EUR/t", "no exchange rate for EUR"),
                                           (-5, "must not be negative")])
def test_a_bad_bare_carbon_price(tmp_path, capsys, value, problem):
    """A bare carbon price is checked like a figure's value, at the key that holds it."""
    _, scen = build(tmp_path, lambda p: None, lambda s: s["policy"].update(carbon_price=value))
    key = "policy.carbon_price"
    assert_bad_input(*run(capsys, scen, tmp_path), tmp_path, file="scenario.yaml", key=key,
                     problem=problem, line=line_of(scen, key))
