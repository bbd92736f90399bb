"""The park's CO2 year by year against a straight line to Net Zero.

The line starts at the baseline CO2 of the first year (the park with no new link or
measure, at the first period's numbers) and falls linearly to zero in the Net Zero
year, staying at zero after it:

    line(y) = B · max(0, (Y_nz − y) / (Y_nz − y0))

Each period's annual CO2 holds for every year of the period. The cumulative path and
the cumulative line are summed from the first year; "gap" is path − line (positive:
above the line).
"""

from __future__ import annotations

from typing import Any

from symbiosis.roadmap.spec import Period

TOL = 1e-9


def line_value(baseline: float, year: int, first_year: int, net_zero_year: int) -> float:
    return baseline * max(0.0, (net_zero_year - year) / (net_zero_year - first_year))


def co2_path(periods: list[Period], annual: list[float], baseline: float,
             net_zero_year: int) -> list[dict[str, Any]]:
    """One row per year of the horizon: annual and cumulative CO2, the line, the gaps."""
    y0 = periods[0].start
    rows: list[dict[str, Any]] = []
    cum = cum_line = 0.0
    for per, co2 in zip(periods, annual):
        for y in range(per.start, per.start + per.years):
            line = line_value(baseline, y, y0, net_zero_year)
            cum += co2
            cum_line += line
            rows.append({"year": y, "period": per.name, "co2_t": co2,
                         "cumulative_co2_t": cum, "net_zero_line_t": line,
                         "cumulative_line_t": cum_line, "gap_t": co2 - line,
                         "cumulative_gap_t": cum - cum_line,
                         "under_line": int(co2 <= line + TOL * max(1.0, abs(line))),
                         "cumulative_under_line": int(
                             cum <= cum_line + TOL * max(1.0, abs(cum_line)))})
    return rows


def path_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    over = [r["year"] for r in rows if not r["under_line"]]
    last = rows[-1]
    return {"under_line_every_year": not over,
            "years_over_line": over,
            "first_year_over_line": over[0] if over else None,
            "cumulative_co2_t": last["cumulative_co2_t"],
            "cumulative_line_t": last["cumulative_line_t"],
            "cumulative_under_line_at_end": bool(last["cumulative_under_line"]),
            "final_year": last["year"], "final_co2_t": last["co2_t"],
            "final_line_t": last["net_zero_line_t"]}
