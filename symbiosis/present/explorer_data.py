"""What the explorer shows, as plain data: the park's nodes, and per scenario its plan.

Everything is read from result folders (``ResultDir``) and written out as text in the
reader's language by the report's one formatter (``i18n``): the page only places the
texts and draws, so Vietnamese and English read as the report does. Ids stay in the data
as keys (to join links to plans) and never reach the page's text.
"""

from __future__ import annotations

from typing import Any

from symbiosis.money import Display, from_summary
from symbiosis.present import explorer_extras as extras
from symbiosis.present.explorer_extras import co2_year, money_year
from symbiosis.present import i18n
from symbiosis.present import report_tables as tables
from symbiosis.present.fig_network import layout
from symbiosis.present.resultdir import ResultDir

MIN_FLOW = 1e-6  # a link is drawn when it is built and carries more than this


def signed_amount(value: float, unit: str, lang: str) -> str:
    """A change of an amount of one resource, with its sign: '+1,2 nghìn tấn'."""
    if unit == "t":
        return i18n.tonnes(value, lang, True)
    return ("+" if i18n.number(value, lang, 2).strip("0.,") and value > 0 else "") + \
        i18n.magnitude(value, unit, lang)


def separators(lang: str) -> dict[str, str]:
    """The thousands and decimal marks of ``i18n.number``, for the chart axes' ticks."""
    s = i18n.number(1234.5, lang, 1)
    return {"thousands": s[1], "decimal": s[-2]}


def merged_model(results: list[ResultDir]) -> dict[str, Any]:
    """Tenants and partners of every folder (the first folder's entry wins)."""
    model: dict[str, Any] = {"tenants": {}, "partners": {}, "resources": {}, "exchanges": {},
                             "measures": {}, "park": results[0].model.get("park") or {}}
    for r in results:
        for kind in ("tenants", "partners", "resources", "exchanges", "measures"):
            for k, v in (r.model.get(kind) or {}).items():
                model[kind].setdefault(k, v)
    return model


def nodes(model: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Plants at their map coordinates (km east, km north), partners on a ring around."""
    pos = layout(model)["pos"]
    out = []
    for kind in ("tenants", "partners"):
        for k, v in (model.get(kind) or {}).items():
            v = v or {}
            x, y = pos.get(k, (0.0, 0.0))
            out.append({"id": k, "name": tables.name(v, lang, k), "kind": kind[:-1],
                        "sector": i18n.sector_name(v.get("sector") or v.get("kind"), lang),
                        "x": round(x, 4), "y": round(y, 4)})
    return out


def catalog(results: list[ResultDir], lang: str) -> dict[str, dict[str, Any]]:
    """Every candidate link of every folder: its ends and names (plans refer to it by id)."""
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        model = r.model
        res, names = model.get("resources") or {}, tables.node_names(model, lang)
        exchanges = model.get("exchanges") or {}
        for x in r.tables.get("links", []):
            if x["id"] in out:
                continue
            out[x["id"]] = {
                "from": x["from"], "to": x["to"],
                "name": tables.option_name(x["id"], model, lang) if x["id"] in exchanges
                else x.get("name") or "",
                "resource": tables.name(res.get(x["resource"]), lang, x["resource"]),
                "via": names.get(x.get("via"), "") if x.get("via") else ""}
    return out


def why(x: dict[str, Any], lang: str, money: Display) -> str:
    """Why the plan builds a link, from its contribution (analysis/contribution.py)."""
    T = i18n.TEXT[lang]
    state = x.get("state") or ("today" if x.get("existing") else "new")
    status = x.get("without_status")
    parts = [T["ex_why_existing"]] if state == "today" else []
    if status in (None, ""):
        return "; ".join(parts) or T["ex_why_unknown"]
    if status not in ("optimal", "feasible"):
        return "; ".join(parts + [T["ex_why_needed"]])
    parts.append(T["ex_why_saves"].format(
        cost=money_year(x.get("saves_cost_vnd_per_year"), lang, money, True),
        co2=co2_year(x.get("saves_co2_t_per_year"), lang, True)))
    if x.get("payback_years") not in (None, ""):
        parts.append(T["ex_why_payback"].format(
            years=f"{i18n.number(x['payback_years'], lang, 1)} {T['unit_years']}"))
    return "; ".join(parts)


def plan(r: ResultDir, lang: str, money: Display) -> dict[str, dict[str, Any]]:
    """The links the plan builds with flow: id → flow (for widths) and its texts."""
    out = {}
    for x in r.tables.get("links", []):
        if not (x["built"] and (x["flow"] or 0) > MIN_FLOW):
            continue
        state = x.get("state") or ("today" if x.get("existing") else "new")
        annual = (x.get("annual_fixed_vnd") or 0) + (x.get("annual_flow_cost_vnd") or 0)
        out[x["id"]] = {
            "flow": x["flow"], "unit": x.get("unit") or "", "state": state,
            "flow_text": i18n.magnitude(x["flow"], x.get("unit") or "", lang)
            + i18n.TEXT[lang]["unit_per_year"],
            "state_text": i18n.TEXT[lang].get(f"state_{state}", state),
            "cost_text": money_year(annual, lang, money),
            "capex_text": i18n.money_text(x.get("capex_vnd"), lang, money),
            "co2_text": co2_year(x.get("co2_t"), lang),
            "avoided_text": co2_year(x.get("avoided_co2_external_t"), lang),
            "why": why(x, lang, money)}
    return out


def _resource_lines(rows: list[dict[str, Any]], tenant: str, direction: str,
                    model: dict[str, Any], lang: str) -> list[dict[str, str]]:
    T, res = i18n.TEXT[lang], model.get("resources") or {}
    out = []
    for row in rows:
        if row["tenant"] != tenant or row["direction"] != direction:
            continue
        unit = row.get("unit") or ""
        amount = lambda v: i18n.magnitude(v, unit, lang)  # noqa: E731
        parts = []
        if row.get("via_links"):
            parts.append(f"{T['ex_through_links']} {amount(row['via_links'])}")
        if row.get("purchased"):
            parts.append(f"{T['ex_bought']} {amount(row['purchased'])}")
        if row.get("disposed"):
            parts.append(f"{T['ex_disposed']} {amount(row['disposed'])}")
        base = row.get("baseline_amount")
        out.append({"name": tables.name(res.get(row["resource"]), lang, row["resource"]),
                    "amount": amount(row.get("amount")) + T["unit_per_year"],
                    "detail": ", ".join(parts),
                    "baseline": "" if base is None else T["ex_vs_baseline"].format(
                        base=amount(base), delta=signed_amount(row.get("delta_amount") or 0,
                                                               unit, lang))})
    return out


def plants(r: ResultDir, lang: str, money: Display) -> dict[str, dict[str, Any]]:
    """Each plant's inputs, by-products, cost and emissions against the baseline."""
    T, model = i18n.TEXT[lang], r.model
    resources = r.tables.get("resources", [])
    out = {}
    for t in r.tables.get("tenants", []):
        k = t["tenant"]
        vs = lambda base, delta, fmt: T["ex_vs_baseline"].format(  # noqa: E731
            base=fmt(base), delta=fmt(delta, True)) if base is not None else ""
        out[k] = {
            "inputs": _resource_lines(resources, k, "input", model, lang),
            "outputs": _resource_lines(resources, k, "output", model, lang),
            "cost": money_year(t.get("cost_vnd"), lang, money),
            "cost_vs": vs(t.get("baseline_cost_vnd"), t.get("delta_cost_vnd"),
                          lambda v, s=False: money_year(v, lang, money, s)),
            "co2": co2_year(t.get("co2_t"), lang),
            "co2_vs": vs(t.get("baseline_co2_t"), t.get("delta_co2_t"),
                         lambda v, s=False: co2_year(v, lang, s))}
    return out


def totals(r: ResultDir, lang: str, money: Display, drawn: int) -> list[list[str]]:
    s, T = r.summary, i18n.TEXT[lang]
    base, delta = s.get("baseline") or {}, s.get("delta") or {}
    new = sum(1 for x in r.tables.get("links", []) if x["built"] and not x["existing"])
    rows = [[T["ex_park_cost"], money_year(s.get("cost_vnd_per_year"), lang, money),
             T["ex_vs_baseline"].format(
                 base=money_year(base.get("cost_vnd_per_year"), lang, money),
                 delta=money_year(delta.get("cost_vnd_per_year"), lang, money, True))
             if base else ""],
            [T["ex_emissions"], co2_year(s.get("co2_t_per_year"), lang),
             T["ex_vs_baseline"].format(base=co2_year(base.get("co2_t_per_year"), lang),
                                        delta=co2_year(delta.get("co2_t_per_year"), lang, True))
             if base else ""],
            [T["ex_new_links"], f"{i18n.number(new, lang)} {T['unit_links']}", ""],
            [T["ex_links_drawn"], f"{i18n.number(drawn, lang)} {T['unit_links']}", ""]]
    return rows


def decree(r: ResultDir, lang: str) -> list[dict[str, str]]:
    """The Decree 35 checklist as the report writes it (report_tables.decree)."""
    if r.summary.get("criteria") == "none":
        return []
    return [{"article": c["article_l"], "criterion": c["description_l"] or "",
             "value": c["value_text"], "threshold": c["threshold_text"],
             "status": c["status"], "status_text": c["status_l"], "basis": c["basis_l"] or ""}
            for c in tables.decree(r.summary, r.model, lang)]


def scenario(r: ResultDir, lang: str) -> dict[str, Any]:
    money = from_summary(r.summary)
    T = i18n.TEXT[lang]
    drawn = plan(r, lang, money) if r.ok else {}
    out: dict[str, Any] = {
        "title": i18n.scenario_title(r.summary, lang, r.id),
        "short": i18n.scenario_short(r.summary, lang, r.id),
        "ok": r.ok,
        "unsolved": "" if r.ok else T["ex_unsolved"].format(
            status=i18n.status_name(r.summary.get("status"), lang)),
        "plan": drawn, "plants": plants(r, lang, money) if r.ok else {},
        "totals": totals(r, lang, money, len(drawn)) if r.ok else [],
        "decree": decree(r, lang),
        "pareto": extras.pareto(r, drawn, lang, money),
        "montecarlo": extras.montecarlo(r, lang),
        "alternatives": extras.alternatives(r, drawn, lang, money),
        "tables": extras.tables_view(r, drawn, lang, money) if r.ok else [],
    }
    return out


def explorer_data(results: list[ResultDir], lang: str, version: str,
                  date: str) -> dict[str, Any]:
    lang = i18n.check_lang(lang)
    model = merged_model(results)
    first = results[0]
    money = from_summary(first.summary)
    park = tables.name(model.get("park") or {}, lang, first.summary.get("park_name") or "")
    T = i18n.TEXT[lang]
    words = {k: v for k, v in T.items() if k.startswith("ex_")}
    words.update({k: T[k] for k in ("pass", "fail", "needs-evidence", "state_today",
                                    "state_committed", "state_new")})
    words["ex_title"] = T["ex_title"].format(park=park)
    words["ex_made"] = T["ex_made"].format(version=version, date=date)
    words["ex_axis_cost"] = T["ex_axis_cost"].format(
        unit=money.label(lang) + T["unit_per_year"])
    words["ex_axis_co2"] = T["ex_axis_co2"].format(unit=T["unit_kt_co2_yr"])
    return {"lang": lang, "words": words, "marks": separators(lang),
            "money_divisor": money.divisor, "nodes": nodes(model, lang),
            "links": catalog(results, lang),
            "scenarios": [scenario(r, lang) for r in results]}
