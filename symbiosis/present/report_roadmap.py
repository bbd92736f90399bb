"""The report's roadmap section: one row per period that fits the page (money in the
display unit, CO2 in thousand tonnes, Decree 35 as counts), what each period buys in
words, and the CO2 path against the straight line to Net Zero."""

from __future__ import annotations

from typing import Any

from symbiosis.money import from_summary
from symbiosis.present import i18n
from symbiosis.present.report_tables import option_name
from symbiosis.present.resultdir import ResultDir


def roadmap(r: ResultDir, lang: str) -> dict[str, Any] | None:
    rows = r.analyses.get("roadmap")
    if not rows:
        return None
    money = from_summary(r.summary)
    T = i18n.texts(lang, money)
    meta = r.analyses.get("roadmap-meta") or {}
    model = r.model
    kt = lambda v: i18n.number(None if v is None else float(v) / 1e3, lang, 1)  # noqa: E731
    periods, bought = [], []
    for p in rows:
        statuses = [v for k, v in p.items() if k.startswith("d35_")]
        decree = "–" if not statuses else " / ".join(
            i18n.number(statuses.count(s), lang) for s in ("pass", "fail", "needs-evidence"))
        if str(p.get("criteria_imposed")) in ("1", "True", "true"):
            decree += f" ({T['road_imposed']})"
        periods.append({
            "period": p.get("period"), "years": i18n.number(p.get("years"), lang),
            "status": i18n.status_name(p.get("status"), lang),
            "capex": i18n.bn(p.get("new_capex_vnd"), lang, money=money),
            "cost": i18n.bn(p.get("cost_vnd_per_year"), lang, money=money),
            "carbon": i18n.bn(p.get("carbon_cost_vnd_per_year"), lang, money=money),
            "co2": kt(p.get("co2_boundary_t_per_year")),
            "base_co2": kt(p.get("baseline_co2_boundary_t_per_year")),
            "links": i18n.number(p.get("symbiosis_links"), lang), "decree": decree})
        ids = [x for x in str(p.get("investments") or "").split(";") if x]
        absent = [x for x in str(p.get("tenants_absent") or "").split(";") if x]
        bought.append({"period": p.get("period"),
                       "names": [option_name(x, model, lang) for x in ids],
                       "absent": T["road_absent"].format(names="; ".join(
                           option_name(x, model, lang) for x in absent)) if absent else ""})
    obj = meta.get("objective") or {}
    starts = [p.get("start") for p in rows if p.get("start") is not None]
    ends = [p.get("end") for p in rows if p.get("end") is not None]
    intro = T["road_intro"].format(
        n=len(rows), start=min(starts) if starts else "–", end=max(ends) if ends else "–",
        pv=i18n.bn(obj.get("present_value_vnd"), lang, money=money),
        rate=i18n.number(100 * float(obj.get("discount_rate") or 0), lang),
        base=obj.get("base_year", "–"))
    path = r.analyses.get("roadmap-co2-path") or []
    path_text = ""
    if path:
        above = sum(1 for x in path if str(x.get("under_line")) in ("0", "False", "false"))
        path_text = T["road_path"].format(
            net_zero=meta.get("net_zero_year") or path[-1].get("year"), above=above,
            years=len(path), cum=kt(path[-1].get("cumulative_co2_t")),
            line=kt(path[-1].get("cumulative_line_t")))
    return {"intro": intro, "path": path_text, "periods": periods, "bought": bought}
