"""The explorer's analyses beside a run: trade-off points, Monte Carlo build frequency,
near-optimal alternatives, and the sortable tables (with what their CSV download holds).

Each reads what its command wrote into the result folder and tolerates its absence: a
folder without a trade-off, a Monte Carlo run or alternatives shows the others. The
alternatives files come from another command (``symbiosis alternatives``) and are read
defensively: columns ``plan, cost, co2, options`` (options joined by ';') and
``option, status``; a row that does not read is left out and the page says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symbiosis.money import Display
from symbiosis.present import i18n
from symbiosis.present import report_tables as tables
from symbiosis.present.resultdir import ResultDir, read_csv

ALT_STATUS = {"must-have": "ex_alt_must", "must_have": "ex_alt_must", "must": "ex_alt_must",
              "swappable": "ex_alt_swap", "never": "ex_alt_never", "none": "ex_alt_never"}


def money_year(value: Any, lang: str, money: Display, signed: bool = False) -> str:
    if value is None or value == "":
        return "–"
    return i18n.money_text(value, lang, money, signed) + i18n.TEXT[lang]["unit_per_year"]


def co2_year(value: Any, lang: str, signed: bool = False) -> str:
    """'163,7 nghìn tấn CO2e/năm' / '163.7 kt CO2e/yr'."""
    if value is None or value == "":
        return "–"
    return f"{i18n.tonnes(value, lang, signed)} CO2e{i18n.TEXT[lang]['unit_per_year']}"


def _float(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if x == x and abs(x) != float("inf") else None


def _ids(value: Any) -> list[str]:
    return [x.strip() for x in str(value or "").split(";") if x.strip()]


def _existing(drawn: dict[str, dict[str, Any]]) -> list[str]:
    """Existing links of the optimal plan: on in every plan the analyses record."""
    return [k for k, v in drawn.items() if v["state"] == "today"]


def pareto(r: ResultDir, drawn: dict[str, dict[str, Any]], lang: str,
           money: Display) -> list[dict[str, Any]]:
    """The trade-off's points (``symbiosis pareto``): cost, CO2 and the links of each plan."""
    T = i18n.TEXT[lang]
    out = []
    for row in r.analyses.get("pareto") or []:
        cost, co2 = _float(row.get("cost_vnd_per_year")), _float(row.get("co2_t_per_year_boundary"))
        if row.get("status") not in ("optimal", "feasible") or cost is None or co2 is None:
            continue
        n = int(row.get("point") or len(out)) + 1
        out.append({"label": T["ex_point"].format(n=i18n.number(n, lang)),
                    "cost": cost / money.divisor, "co2": co2 / 1e3,
                    "cost_text": money_year(cost, lang, money), "co2_text": co2_year(co2, lang),
                    "links": sorted(set(_ids(row.get("links_built"))) | set(_existing(drawn)))})
    return out


def montecarlo(r: ResultDir, lang: str) -> dict[str, list[Any]] | None:
    """Link id → [the share of Monte Carlo samples that build it, that share in words]."""
    rows = r.analyses.get("montecarlo-build-frequency")
    if not rows:
        return None
    out = {}
    for row in rows:
        share = _float(row.get("built_share"))
        if row.get("id") and share is not None and row.get("kind") in (None, "", "link", "links"):
            share = max(0.0, min(1.0, share))
            out[str(row["id"])] = [share, i18n.TEXT[lang]["ex_mc_share"].format(
                share=i18n.pct(share, lang))]
    return out or None


def _rows(path: Path, need: tuple[str, ...]) -> tuple[list[dict[str, Any]], bool]:
    """Rows of a CSV that has the columns ``need``; (rows, whether all of it read)."""
    if not path.is_file():
        return [], True
    try:
        rows = read_csv(path)
    except (OSError, UnicodeDecodeError, ValueError):
        return [], False
    if rows and not set(need) <= set(rows[0]):
        return [], False
    return rows, True


def alternatives(r: ResultDir, drawn: dict[str, dict[str, Any]], lang: str,
                 money: Display) -> dict[str, Any] | None:
    """Near-optimal plans and each option's standing among them, when they were made."""
    plans_rows, ok1 = _rows(r.path / "alternatives.csv",
                            ("plan", "cost_vnd_per_year", "co2_t_per_year", "options"))
    option_rows, ok2 = _rows(r.path / "alternatives-options.csv", ("option", "status"))
    if not plans_rows and not option_rows and ok1 and ok2:
        return None
    T, model = i18n.TEXT[lang], r.model
    plans, complete = [], ok1 and ok2
    for i, row in enumerate(plans_rows, 1):
        cost, co2 = _float(row.get("cost_vnd_per_year")), _float(row.get("co2_t_per_year"))
        if cost is None or co2 is None:
            complete = False
            continue
        options = _ids(row.get("options"))
        plans.append({"label": T["ex_plan"].format(n=i18n.number(i, lang)),
                      "cost": cost / money.divisor, "co2": co2 / 1e3,
                      "cost_text": money_year(cost, lang, money), "co2_text": co2_year(co2, lang),
                      "options": [tables.option_name(o, model, lang) for o in options],
                      "links": sorted(set(options) | set(_existing(drawn)))})
    status: dict[str, str] = {}
    options = []
    for row in option_rows:
        key = ALT_STATUS.get(str(row.get("status") or "").strip().lower())
        if not row.get("option") or key is None:
            complete = False
            continue
        status[str(row["option"])] = T[key]
        options.append({"name": tables.option_name(str(row["option"]), model, lang),
                        "status": T[key], "kind": key})
    return {"plans": plans, "options": options, "status": status, "complete": complete}


def _cell(text: str, value: Any = None) -> dict[str, Any]:
    return {"t": text, "v": value if value is not None else text}


def tables_view(r: ResultDir, drawn: dict[str, dict[str, Any]], lang: str,
                money: Display) -> list[dict[str, Any]]:
    """The links and plants tables: text as the page shows it, values for sorting and CSV
    (money in the display unit, CO2 in t CO2e/yr, flows in the link's unit)."""
    T, model = i18n.TEXT[lang], r.model
    nodes, res = tables.node_names(model, lang), model.get("resources") or {}
    per_year = money.label(lang) + T["unit_per_year"]
    t_co2 = T["unit_t_co2_yr"]
    div = money.divisor

    def m(v):
        return None if v is None or v == "" else float(v) / div

    links = []
    for x in r.tables.get("links", []):
        if x["id"] not in drawn:
            continue
        annual = (x.get("annual_fixed_vnd") or 0) + (x.get("annual_flow_cost_vnd") or 0)
        d = drawn[x["id"]]
        links.append([
            _cell(tables.option_name(x["id"], model, lang) if x["id"] in (model.get("exchanges")
                                                                       or {}) else x["name"]),
            _cell(nodes.get(x["from"], x["from"])), _cell(nodes.get(x["to"], x["to"])),
            _cell(tables.name(res.get(x["resource"]), lang, x["resource"])),
            _cell(d["flow_text"], x["flow"]),
            _cell(T.get(f"unit_{x.get('unit')}", x.get("unit") or "")),
            _cell(d["cost_text"], m(annual)), _cell(d["capex_text"], m(x.get("capex_vnd"))),
            _cell(d["co2_text"], x.get("co2_t")),
            _cell(money_year(x.get("saves_cost_vnd_per_year"), lang, money, True),
                  m(x.get("saves_cost_vnd_per_year"))),
            _cell(co2_year(x.get("saves_co2_t_per_year"), lang, True),
                  x.get("saves_co2_t_per_year")),
            _cell(d["state_text"])])
    plants = []
    for t in r.tables.get("tenants", []):
        plants.append([
            _cell(nodes.get(t["tenant"], t["tenant"])),
            _cell(i18n.sector_name(t.get("sector"), lang)),
            _cell(money_year(t.get("cost_vnd"), lang, money), m(t.get("cost_vnd"))),
            _cell(money_year(t.get("baseline_cost_vnd"), lang, money),
                  m(t.get("baseline_cost_vnd"))),
            _cell(money_year(t.get("delta_cost_vnd"), lang, money, True), m(t.get("delta_cost_vnd"))),
            _cell(co2_year(t.get("co2_t"), lang), t.get("co2_t")),
            _cell(co2_year(t.get("baseline_co2_t"), lang), t.get("baseline_co2_t")),
            _cell(co2_year(t.get("delta_co2_t"), lang, True), t.get("delta_co2_t"))])

    def col(key: str, unit: str = "", num: bool = False) -> dict[str, Any]:
        label = T[key]
        return {"label": label, "csv": f"{label} ({unit})" if unit else label, "num": num}
    return [
        {"title": T["ex_table_links"], "rows": links,
         "columns": [col("ex_name"), col("ex_from"), col("ex_to"), col("ex_resource"),
                     col("ex_flow", "", True), col("ex_unit_col"), col("ex_cost", per_year, True),
                     col("ex_capex", money.label(lang), True), col("ex_link_co2", t_co2, True),
                     col("ex_saves_cost", per_year, True), col("ex_saves_co2", t_co2, True),
                     col("ex_state")]},
        {"title": T["ex_table_plants"], "rows": plants,
         "columns": [col("ex_name"), col("ex_sector"), col("ex_cost", per_year, True),
                     col("ex_baseline_cost", per_year, True), col("ex_delta_cost", per_year, True),
                     col("ex_emissions", t_co2, True), col("ex_baseline_co2", t_co2, True),
                     col("ex_delta_co2", t_co2, True)]}]
