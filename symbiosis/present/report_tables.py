"""The report's tables of the park, in words: tenants, links, measures, the Decree 35
checklist, the changes to the model and the sources of every figure.

Ids stay out of the visible text: every tenant, resource, link, measure, sector and
product is shown by its name in the report's language (``name_vi``, or the tables of
``words_names``); a figure's path becomes its name ("Nhà máy DAP số 2: nhu cầu điện
lưới"). Notes the modeller wrote stay as written and go to a column marked original.
"""

from __future__ import annotations

import json
import re
from typing import Any

from symbiosis import units
from symbiosis.money import Display
from symbiosis.present import i18n, needs_text
from symbiosis.present.words_names import KEYS
from symbiosis.present.resultdir import ResultDir

article_l = i18n.article_l

# KPI of a criterion → how its value reads: a count of links, a share, years.
KPI_KIND = {"symbiosis_links": "links", "symbiosis_links_new": "links",
            "participation_share": "share", "cleaner_production_share": "share",
            "iso_share_of_participants": "share", "basic_services": "share",
            "central_wastewater_treatment": "share", "min_years_legal_compliance": "years",
            "waste_reused_t_per_year": "tonnes"}


def name(item: dict[str, Any] | None, lang: str, fallback: str) -> str:
    item = item or {}
    return (item.get("name_vi") if lang == "vi" else None) or item.get("name") or fallback


def labelling_model(model: dict[str, Any], lang: str) -> dict[str, Any]:
    """The model with its tenants' products named like resources, for figure names."""
    res = dict(model.get("resources") or {})
    for t in (model.get("tenants") or {}).values():
        for pid in ((t or {}).get("production") or {}):
            if pid not in res:
                res[pid] = {"name": i18n.product_name(pid, "en"),
                            "name_vi": i18n.product_name(pid, "vi")}
    return {**model, "resources": res}


def node_names(model: dict[str, Any], lang: str) -> dict[str, str]:
    return {**{k: name(v, lang, k) for k, v in (model.get("tenants") or {}).items()},
            **{k: name(v, lang, k) for k, v in (model.get("partners") or {}).items()}}


def option_name(oid: str, model: dict[str, Any], lang: str) -> str:
    """A link, measure, facility or process by name; a measure with its plant, since two
    plants often have a measure of the same name."""
    m = (model.get("measures") or {}).get(oid)
    if m is not None:
        tenant = (model.get("tenants") or {}).get(m.get("tenant"))
        where = needs_text.short_name(name(tenant, lang, m.get("tenant") or "")) if tenant else ""
        return name(m, lang, oid) + (f" ({where})" if where else "")
    x = (model.get("exchanges") or {}).get(oid)
    if x is not None:
        if x.get("name_vi" if lang == "vi" else "name") or x.get("name"):
            return name(x, lang, oid)
        nodes, res = node_names(model, lang), model.get("resources") or {}
        return (f"{nodes.get(x.get('from'), x.get('from'))} → {nodes.get(x.get('to'), x.get('to'))}"
                f" ({name(res.get(x.get('resource')), lang, str(x.get('resource')))})")
    for kind in ("tenants", "processes"):
        item = (model.get(kind) or {}).get(oid)
        if item is not None:
            return name(item, lang, oid)
    for t in (model.get("tenants") or {}).values():
        if oid in ((t or {}).get("processes") or {}):
            return name(t["processes"][oid], lang, oid)
    return oid.replace("_", " ")


def enterprise(eid: str, model: dict[str, Any], lang: str) -> str:
    return needs_text.enterprise_name(str(eid), model, lang)


def deid(text: str | None, model: dict[str, Any], lang: str) -> str:
    """Text written with the model's ids (a criterion's basis, a solver's message) with
    every id replaced by its name: 'apatit+dap2 apatite_concentrate' → names."""
    if not text:
        return ""
    names: dict[str, str] = {}
    for kind in ("resources", "measures", "partners", "tenants"):
        names.update({k: name(v, lang, k) for k, v in (model.get(kind) or {}).items()})
    names.update({k: option_name(k, model, lang) for k in (model.get("exchanges") or {})})
    for t in (model.get("tenants") or {}).values():
        eid = (t or {}).get("enterprise")
        if eid and eid not in names:
            names[eid] = enterprise(eid, model, lang)
    for sid, src in (model.get("sources") or {}).items():
        names.setdefault(sid, f"“{(src or {}).get('title') or sid}”")
    names.update({k: v[1] if lang == "vi" else v[0] for k, v in KEYS.items()})
    # Ids that are plain words ('coal', 'lime') are left alone unless they name a plant or
    # an enterprise: a resource's id may be an ordinary word of the sentence.
    plain_ok = set(model.get("tenants") or {}) | set(model.get("partners") or {}) | {
        (t or {}).get("enterprise") for t in (model.get("tenants") or {}).values()} | set(KEYS)
    ids = sorted((k for k in names if k and (not k.isalpha() or k in plain_ok)), key=len,
                 reverse=True)
    if not ids:
        return text
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    out = pattern.sub(lambda m: names[m.group(1)], text)
    return out.replace("+", " + ") if out != text else out


def _value(fig: Any) -> Any:
    return fig.get("value") if isinstance(fig, dict) else fig


def _tonnes(fig: Any, lang: str) -> str:
    """A production figure ('330 kt', 9800, '340 kg') in tonnes, as the reader writes it."""
    try:
        return i18n.tonnes(units.convert(_value(fig), "t", units.registry()), lang)
    except units.UnitProblem:
        return str(_value(fig))


def tenants(model: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    res = model.get("resources") or {}
    rows = []
    for k, v in (model.get("tenants") or {}).items():
        made = [f"{i18n.product_name(p, lang, res)} {_tonnes(f, lang)}"
                for p, f in ((v or {}).get("production") or {}).items()]
        rows.append({"id": k, "name": name(v, lang, k),
                     "sector": i18n.sector_name((v or {}).get("sector"), lang),
                     "enterprise": enterprise((v or {}).get("enterprise") or k, model, lang),
                     "production": "; ".join(made)})
    return rows


def links(r: ResultDir, lang: str) -> list[dict[str, Any]]:
    model = r.model
    nodes, res = node_names(model, lang), model.get("resources") or {}
    exchanges = model.get("exchanges") or {}
    return [dict(x, name=option_name(x["id"], model, lang) if x["id"] in exchanges else x["name"],
                 from_name=nodes.get(x["from"], x["from"]), to_name=nodes.get(x["to"], x["to"]),
                 via_name=nodes.get(x["via"], x["via"] or ""),
                 resource_name=name(res.get(x["resource"]), lang, x["resource"]),
                 flow_text=i18n.magnitude(x["flow"], x.get("unit") or "", lang),
                 state_l=_state(x, lang))
            for x in r.tables.get("links", []) if x["built"] and (x["flow"] or 0) > 0]


def _state(x: dict[str, Any], lang: str) -> str:
    """today / committed / new (load/states.py) in words; older folders: existing or new."""
    state = x.get("state") or ("today" if x.get("existing") else "new")
    return i18n.TEXT[lang].get(f"state_{state}", state)


def measures(r: ResultDir, lang: str) -> list[dict[str, Any]]:
    model = r.model
    nodes, table = node_names(model, lang), model.get("measures") or {}
    return [dict(x, name=name(table.get(x["id"]), lang, x["name"]),
                 tenant_name=nodes.get(x["tenant"], x["tenant"]), state_l=_state(x, lang))
            for x in r.tables.get("measures", []) if x["adopted"]]


def kpi_text(kpi: str | None, value: Any, lang: str) -> str:
    """A criterion's value or threshold with its unit: '10 liên kết', '32 %', '3 năm'."""
    if value is None or value == "":
        return "–"
    T, kind = i18n.TEXT[lang], KPI_KIND.get(kpi or "")
    if kind == "share":
        return i18n.pct(value, lang)
    if kind == "links":
        return f"{i18n.number(value, lang)} {T['unit_links']}"
    if kind == "years":
        return f"{i18n.number(value, lang)} {T['unit_years']}"
    if kind == "tonnes":
        return i18n.tonnes(value, lang)
    return i18n.number(value, lang, 0 if float(value) == int(float(value)) else 2)


def decree(summary: dict[str, Any], model: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    T = i18n.TEXT[lang]
    rows = []
    for c in summary.get("decree35", []):
        op = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< "}.get(c.get("op") or "", "")
        threshold = kpi_text(c.get("kpi"), c.get("threshold"), lang)
        rows.append(dict(c, description_l=(c.get("description_vi") if lang == "vi" else None)
                         or c.get("description"), status_l=T.get(c["status"], c["status"]),
                         basis_l=c.get("basis_vi") if lang == "vi" and c.get("basis_vi")
                         else deid(c.get("basis"), model, lang),
                         article_l=article_l(c.get("article"), lang),
                         value_text=kpi_text(c.get("kpi"), c.get("value"), lang),
                         threshold_text=op + threshold if threshold != "–" else threshold))
    return rows


def duties(summary: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    if summary.get("criteria") == "none":
        return []
    return [dict(x, description_l=(x.get("description_vi") if lang == "vi" else None)
                 or x.get("description"), article_l=article_l(x.get("article"), lang))
            for x in summary.get("duties") or []]


# --------------------------------------------------------------------- figures by name

_NUMBER_UNIT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(.*)$")


def figure_value(value: Any, unit: str, path: str, lang: str, money: Display) -> str:
    """A model figure with its unit as a reader writes it: '2.173 đồng/kWh', '15 năm'."""
    if value is None or value == "":
        return "–"
    if not isinstance(value, (int, float)):
        return str(value)
    unit = unit or ""
    if path.endswith(".in_service"):
        return str(int(value))  # a year: no thousands separator
    if unit == "percent":
        return f"{needs_text.sig(value, lang)} %"
    if unit in ("dimensionless", "1"):
        return needs_text.sig(value, lang)
    if unit == money.currency:
        annual = bool(needs_text.ANNUAL & set(path.split(".")[2:]))
        per = i18n.TEXT[lang]["unit_per_year"] if annual else ""
        return f"{needs_text.amount(value, lang, money)} {money.label(lang)}{per}"
    return needs_text.with_unit(value, unit, path, lang, money)


def written_value(text: Any, lang: str, money: Display) -> str:
    """A value as the change log holds it ('2173.2 VND/kWh', a figure's JSON) in ``lang``."""
    if text is None or text == "":
        return "–"
    s = str(text)
    if s.startswith("{"):
        try:
            s = str(json.loads(s).get("value", s))
        except (ValueError, AttributeError):
            pass
    m = _NUMBER_UNIT.match(s)
    if not m:
        return s
    x, unit = float(m.group(1)), m.group(2).strip()
    if lang == "vi":
        unit = unit.replace("VND", "đồng")
    digits = 0 if x == int(x) or abs(x) >= 100 else (1 if abs(x) >= 10 else 2)
    return f"{i18n.number(x, lang, digits)} {unit}".strip()


def _note_of(entry: dict[str, Any]) -> str:
    note = entry.get("note") or ""
    new = str(entry.get("new") or "")
    if not note and new.startswith("{"):
        try:
            note = json.loads(new).get("note") or ""
        except (ValueError, AttributeError):
            pass
    return note


def changes(r: ResultDir, lang: str, money: Display) -> list[dict[str, Any]]:
    """The scenario's changes to the park model, each figure by name."""
    model = labelling_model(r.model, lang)
    rows = []
    for c in r.changelog:
        path = str(c.get("path", ""))
        if path.startswith("policy."):
            continue
        rows.append({"name": needs_text.figure_name(path, model, lang),
                     "old": written_value(c.get("old"), lang, money),
                     "new": written_value(c.get("new"), lang, money),
                     "file": str(c.get("file") or ""), "note": _note_of(c)})
    return rows


def sources(r: ResultDir, lang: str, money: Display) -> tuple[list[dict[str, Any]],
                                                               dict[str, int]]:
    """Every figure of the model by name, value with unit, tag, and its source as written."""
    model, T = labelling_model(r.model, lang), i18n.TEXT[lang]
    refs = model.get("sources") or {}
    rows, counts = [], {t: 0 for t in "SDEA"}
    for f in r.figures:
        tag = f.get("tag") or "E"
        counts[tag] = counts.get(tag, 0) + 1
        source = str(f.get("source") or "")
        title = f.get("title") or ((refs.get(source) or {}).get("title")) or ""
        original = " — ".join(x for x in (title, f.get("note") or "") if x)
        rows.append({"name": needs_text.figure_name(str(f["path"]), model, lang),
                     "value": figure_value(f.get("value"), str(f.get("unit") or ""),
                                           str(f["path"]), lang, money),
                     "tag": tag, "tag_l": T.get(f"tag_{tag}", tag), "url": f.get("url") or "",
                     "original": original})
    counts["n"] = len(r.figures)
    counts["s"] = len({f.get("source") for f in r.figures if f.get("tag") in ("S", "D")})
    return rows, counts


# KPI of the Monte Carlo summary → (label key, kind of number)
MC_KPIS = {"cost_vnd_per_year": ("cmp_cost", "money"), "co2_t_per_year": ("cmp_co2", "t"),
           "co2_boundary_t_per_year": ("mc_co2", "t"),
           "delta_cost_vnd_per_year": ("cmp_dcost", "money"),
           "delta_co2_t_per_year": ("cmp_dco2", "t"),
           "avoided_co2_t_per_year_external": ("cmp_avoided", "t"),
           "capex_vnd": ("cmp_capex", "capital"), "symbiosis_links": ("kpi_symbiosis_links", "n"),
           "participation_share": ("kpi_participation_share", "share"),
           "cleaner_production_share": ("kpi_cleaner_production_share", "share"),
           "waste_reused_t_per_year": ("kpi_waste_reused_t_per_year", "t")}


def montecarlo(mc: dict[str, Any] | None, model: dict[str, Any], lang: str,
               money: Display) -> dict[str, Any] | None:
    """Percentiles of each result with its label and unit; robust options by name."""
    if not mc:
        return None
    T = i18n.texts(lang, money)
    rows = []
    for k, v in (mc.get("percentiles") or {}).items():
        key, kind = MC_KPIS.get(k, ("mc_other", "n"))
        if kind in ("money", "capital"):
            unit = money.label(lang) + (T["unit_per_year"] if kind == "money" else "")
            fmt = lambda x: i18n.bn(x, lang, money=money)  # noqa: E731
        elif kind == "share":
            unit, fmt = "%", lambda x: i18n.number(100 * x, lang)  # noqa: E731
        elif kind == "t":
            unit, fmt = T["unit_t_co2_yr"] if "co2" in k else T["unit_t"] + T["unit_per_year"], \
                lambda x: i18n.number(x, lang)  # noqa: E731
        else:
            unit, fmt = "", lambda x: i18n.number(x, lang, 0 if abs(x) >= 10 else 1)  # noqa: E731
        rows.append({"label": T[key], "unit": unit,
                     **{p: fmt(v[p]) if v.get(p) is not None else "–" for p in ("p10", "p50", "p90")}})
    robust = []
    for oid in mc.get("robust") or []:
        robust.append(option_name(oid, model, lang))
    return {"samples": mc.get("samples"), "seed": mc.get("seed"),
            "infeasible": mc.get("infeasible_samples"), "robust": "; ".join(robust) or "–",
            "rows": rows}


def single_suppliers(rows: list[dict[str, Any]], model: dict[str, Any],
                     lang: str) -> list[dict[str, Any]]:
    nodes, res = node_names(model, lang), model.get("resources") or {}
    return [{"receiver": nodes.get(d["receiver"], d["receiver"]),
             "input": name(res.get(d["input"]), lang, d["input"]),
             "suppliers": "; ".join(nodes.get(x, x) for x in str(d.get("suppliers") or "").split(";")
                                    if x),
             "share": i18n.pct(d.get("largest_supplier_share_of_need") or 0, lang)}
            for d in rows if str(d.get("single_supplier")).lower() in ("true", "1")]
