"""Multi-period roadmap: when to build each link and measure over periods to Net Zero.

``solve_roadmap(scenario)`` reads the scenario's ``roadmap:`` section (``spec``), builds
one single-year model per period (``periods``) linked by investment decisions
(``model``), solves it and returns each period's Results with the CO2 path against a
straight line to Net Zero (``path``); ``output`` writes the tables.
"""

from symbiosis.roadmap.solve import PeriodResult, Roadmap, solve_roadmap

__all__ = ["solve_roadmap", "Roadmap", "PeriodResult"]
