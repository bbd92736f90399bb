"""Monitoring (Decree 35/2022/NĐ-CP Art. 43): a year's actual data against the baseline and plan.

- ``read_actuals(path, park)``: the actuals file (CSV or XLSX), checked; errors name the
  row and column.
- ``indicators(park, actuals, plan, grid_year)``: the annual-report indicators, the gaps
  against the plan and Decree 35, and a summary (``MonitorResult``).
- ``write_outputs(result, out_dir)``: monitor-indicators.csv, monitor-gaps.csv,
  monitor.json, monitor.md.
- ``write_template(park, out, year)``: the actuals file to fill.
"""

from symbiosis.monitor.actuals import Actuals, read_actuals
from symbiosis.monitor.indicators import MonitorResult, indicators
from symbiosis.monitor.output import render_markdown, write_outputs
from symbiosis.monitor.reference import Reference, load_model, solve_baseline
from symbiosis.monitor.template import write_template

__all__ = ["Actuals", "read_actuals", "MonitorResult", "indicators", "write_outputs",
           "render_markdown", "write_template", "Reference", "load_model", "solve_baseline"]
