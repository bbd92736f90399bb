"""The report's comparison of scenarios: rows in words, numbers with units, statuses in
the report's language.

Read from the result folders themselves (``ResultDir``), as the command ``compare``
reads them; its rows are labelled for the console in English, so the report builds its
own, every label from the translation table.
"""

from __future__ import annotations

from typing import Any

from symbiosis.money import from_summary
from symbiosis.present import i18n
from symbiosis.present.report_tables import article_l, option_name
from symbiosis.present.resultdir import ResultDir


def _get(d: dict[str, Any] | None, dotted: str) -> Any:
    for part in dotted.split("."):
        d = d.get(part) if isinstance(d, dict) else None
    return d


def comparison(results: list[ResultDir], lang: str) -> dict[str, Any]:
    """{'scenarios': [(column head, full title)], 'groups': [(title, rows)]}; each row has
    a label, a unit and one shown value per scenario (and a CSS class for statuses)."""
    T = i18n.TEXT[lang]
    money = from_summary(results[0].summary)
    heads = [i18n.scenario_short(r.summary, lang, r.id) for r in results]
    for i, h in enumerate(heads):  # two scenarios with one title still need two columns
        if heads.count(h) > 1:
            heads[i] = f"{h} ({i + 1})"
    cur = money.label(lang)
    per = T["unit_per_year"]

    def row(label: str, unit: str, values: list[str], classes: list[str] | None = None):
        return {"label": label, "unit": unit, "cells": list(zip(values, classes or [""] * len(values)))}

    def amounts(key: str, signed: bool = False) -> list[str]:
        return [i18n.bn(_get(r.summary, key), lang, signed, money) for r in results]

    def counts(key: str, signed: bool = False) -> list[str]:
        fmt = i18n.signed if signed else i18n.number
        return [fmt(_get(r.summary, key), lang) if _get(r.summary, key) is not None else "–"
                for r in results]

    committed = any((r.summary.get("savings") or {}).get("committed_options") for r in results)
    cost = [row(T["cmp_status"], "", [i18n.status_name(r.summary.get("status"), lang)
                                      for r in results]),
            row(T["cmp_cost"], cur + per, amounts("cost_vnd_per_year")),
            row(T["cmp_carbon_cost"], cur + per, amounts("carbon_cost_vnd_per_year")),
            row(T["cmp_base_cost"], cur + per, amounts("baseline.cost_vnd_per_year")),
            row(T["cmp_dcost"], cur + per, amounts("delta.cost_vnd_per_year", True))]
    if committed:
        cost += [row(T["cmp_dcost_committed"], cur + per,
                     amounts("savings.cost_vnd_per_year.committed", True)),
                 row(T["cmp_dcost_proposal"], cur + per,
                     amounts("savings.cost_vnd_per_year.proposal", True))]
    cost.append(row(T["cmp_capex"], cur, amounts("capex_vnd")))
    kinds = [(r.summary.get("baseline") or {}).get("kind") or "today" for r in results]
    if set(kinds) != {"today"}:
        cost.append(row(T["cmp_own_baseline"], "", [
            T[f"baseline_{k.replace('-', '_')}"].split(":")[0] for k in kinds]))
    t_yr = T["unit_t_co2_yr"]
    co2 = [row(T["cmp_co2"], t_yr, counts("co2_t_per_year")),
           row(T["cmp_base_co2"], t_yr, counts("baseline.co2_t_per_year"))]
    co2 += [row(T[k], t_yr, counts(f"co2_by_scope.{k}"))
            for k in ("scope1", "scope2", "scope3_upstream", "disposal")]
    co2.append(row(T["cmp_dco2"], t_yr, counts("delta.co2_t_per_year", True)))
    if committed:
        co2 += [row(T["cmp_dco2_committed"], t_yr, counts("savings.co2_t_per_year.committed", True)),
                row(T["cmp_dco2_proposal"], t_yr, counts("savings.co2_t_per_year.proposal", True))]
    co2.append(row(T["cmp_avoided"], t_yr, counts("avoided_co2_t_per_year_external")))
    sym = [row(T["cmp_new_links"], T["unit_links"],
               [i18n.number(sum(1 for x in r.summary.get("links", []) if x["built"]
                                and not x["existing"]), lang) for r in results]),
           row(T["kpi_symbiosis_links"], T["unit_links"], counts("kpis.symbiosis_links")),
           row(T["cmp_measures"], "", counts("kpis.measures_adopted")),
           row(T["kpi_participation_share"], "%",
               [i18n.pct(_get(r.summary, "kpis.participation_share"), lang) for r in results]),
           row(T["kpi_cleaner_production_share"], "%",
               [i18n.pct(_get(r.summary, "kpis.cleaner_production_share"), lang)
                for r in results]),
           row(T["kpi_waste_reused_t_per_year"], T["unit_kt"] + per,
               [i18n.number((_get(r.summary, "kpis.waste_reused_t_per_year") or 0) / 1e3, lang, 1)
                if _get(r.summary, "kpis.waste_reused_t_per_year") is not None else "–"
                for r in results])]
    groups = [(T["cmp_group_cost"], cost), (T["cmp_group_co2"], co2),
              (T["cmp_group_symbiosis"], sym)]
    decree = _decree(results, lang)
    if decree:
        groups.append((T["cmp_group_decree"], decree))
    groups.append((T["cmp_group_links"], _links(results, lang)))
    groups.append((T["cmp_group_measures"], _measures(results, lang)))
    return {"scenarios": [(h, i18n.scenario_title(r.summary, lang, r.id)) for h, r in zip(heads, results)],
            "heads": heads, "groups": [(t, rows) for t, rows in groups if rows]}


def _decree(results: list[ResultDir], lang: str) -> list[dict[str, Any]]:
    T = i18n.TEXT[lang]
    crit: dict[str, dict[str, Any]] = {}
    for r in results:
        for c in r.summary.get("decree35") or []:
            crit.setdefault(c["id"], c)
    rows = []
    for cid, c in crit.items():
        label = (c.get("description_vi") if lang == "vi" else None) or c.get("description") or ""
        statuses = [next((d["status"] for d in r.summary.get("decree35") or []
                          if d["id"] == cid), None) for r in results]
        rows.append({"label": f"{label} ({article_l(c.get('article'), lang)})", "unit": "",
                     "cells": [(T.get(st, "–") if st else "–", st or "") for st in statuses]})
    return rows


def _links(results: list[ResultDir], lang: str) -> list[dict[str, Any]]:
    T = i18n.TEXT[lang]
    seen: dict[str, dict[str, Any]] = {}
    for r in results:
        for x in r.tables.get("links", []):
            if x["built"] and (x["flow"] or 0) > 0:
                seen.setdefault(x["id"], {"row": x, "model": r.model})
    rows = []
    for lid, item in seen.items():
        x, model = item["row"], item["model"]
        label = option_name(lid, model, lang)
        if x.get("existing"):
            label += f" ({T['existing']})"
        cells = []
        for r in results:
            hit = next((y for y in r.tables.get("links", []) if y["id"] == lid and y["built"]
                        and (y["flow"] or 0) > 0), None)
            cells.append((i18n.magnitude(hit["flow"], hit.get("unit") or "", lang)
                          if hit else "–", ""))
        rows.append({"label": label, "unit": "", "cells": cells})
    return rows


def _measures(results: list[ResultDir], lang: str) -> list[dict[str, Any]]:
    T = i18n.TEXT[lang]
    seen: dict[str, Any] = {}
    for r in results:
        for m in r.tables.get("measures", []):
            if m.get("adopted"):
                seen.setdefault(m["id"], (m, r.model))
    rows = []
    for mid, (m, model) in seen.items():
        label = option_name(mid, model, lang)
        cells = [(T["cmp_adopted"] if any(y["id"] == mid and y.get("adopted")
                                          for y in r.tables.get("measures", [])) else "–", "")
                 for r in results]
        rows.append({"label": label, "unit": "", "cells": cells})
    return rows
