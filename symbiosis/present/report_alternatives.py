"""The report's section on near-optimal alternatives (``symbiosis alternatives``).

Read from alternatives.csv, alternatives-options.csv and alternatives.json in the result
folder; shown only when the folder holds them. Numbers carry their units; options are
named, never shown by id.
"""

from __future__ import annotations

from typing import Any

from symbiosis.money import from_summary
from symbiosis.present import i18n
from symbiosis.present.report_tables import option_name
from symbiosis.present.resultdir import ResultDir

STATUSES = ("must-have", "swappable", "never")


def alternatives(r: ResultDir, lang: str) -> dict[str, Any] | None:
    plans = r.analyses.get("alternatives")
    options = r.analyses.get("alternatives-options")
    meta = r.analyses.get("alternatives-meta")
    if not (plans and options and meta):
        return None
    money = from_summary(r.summary)
    T = i18n.texts(lang, money)
    if meta.get("objective") == "co2":
        unit = T["unit_t_co2_yr"]

        def value(v):
            return i18n.number(v, lang)
    else:
        unit = money.label(lang) + T["unit_per_year"]

        def value(v):
            return i18n.bn(v, lang, money=money)

    def pct(v):
        return "–" if v is None else i18n.number(v, lang, 2)

    counts = {s: sum(o["status"] == s for o in options) for s in STATUSES}
    rank = {s: i for i, s in enumerate(STATUSES)}
    named = [dict(o, label=option_name(str(o["option"]), r.model, lang)) for o in options]
    named.sort(key=lambda o: (rank.get(o["status"], 3), o["label"]))
    intro = T["alts_intro"].format(
        n=i18n.number(len(plans), lang), slack=i18n.number(100 * float(meta["slack"]), lang, 1)
        + " %", optimum=f"{value(meta['optimum'])} {unit}", cap=f"{value(meta['cap'])} {unit}",
        options=i18n.number(len(options), lang), must=i18n.number(counts["must-have"], lang),
        swap=i18n.number(counts["swappable"], lang), never=i18n.number(counts["never"], lang),
        solves=i18n.number(meta.get("solves") or 0, lang))
    forced = [option_name(oid, r.model, lang) for oid in meta.get("forced") or []]
    return {
        "intro": intro,
        "forced": T["alts_forced"].format(names="; ".join(forced)) if forced else "",
        "objective_head": T["alts_objective"].format(unit=unit),
        "without_head": T["alts_without"].format(unit=unit),
        "plans": [{"plan": p["plan"], "objective": value(p["objective_value"]),
                   "above": pct(p.get("above_optimum_percent")),
                   "co2": i18n.number(p.get("co2_t_per_year"), lang),
                   "fail": i18n.number(p.get("decree35_fail") or 0, lang),
                   "built": i18n.number(p.get("options_built") or 0, lang),
                   "distance": i18n.number(p.get("hamming_to_optimum") or 0, lang)}
                  for p in plans],
        "options": [{"label": o["label"], "status": T[f"alts_{o['status']}"],
                     "without": T["alts_no_plan"] if o.get("cheapest_without_objective_value")
                     is None else value(o["cheapest_without_objective_value"]),
                     "above": pct(o.get("cheapest_without_above_optimum_percent"))}
                    for o in named],
    }
