"""The report's findings and the scenario's assumptions, in sentences with units.

Every amount says its unit (tỷ đồng/năm, tấn CO2e/năm, %), and the findings say which
year they describe: one steady year at the scenario's prices and grid factor, against
today under the same assumptions (so a reader of a comparison knows why one scenario's
"today" differs from another's).
"""

from __future__ import annotations

from typing import Any

from symbiosis.money import from_summary, relabel_all
from symbiosis.present import i18n
from symbiosis.present.report_tables import name, option_name
from symbiosis.present.resultdir import ResultDir


def words(r: ResultDir, lang: str) -> dict[str, str]:
    """The report's words for this result: its baseline's wording, its currency's labels."""
    w = i18n.wording(lang, (r.summary.get("policy") or {}).get("baseline") or "today")
    return relabel_all(w, lang, from_summary(r.summary))


def _value(fig: Any) -> Any:
    return fig.get("value") if isinstance(fig, dict) else fig


def findings(r: ResultDir, lang: str) -> list[str]:
    s, money = r.summary, from_summary(r.summary)
    T = words(r, lang)
    if not r.ok:
        return [T["finding_infeasible"]]
    b = s.get("baseline") or {}
    k = s.get("kpis") or {}
    status = [c["status"] for c in s.get("decree35", [])]
    year = (s.get("policy") or {}).get("grid_factor_year")
    found = [T["finding_baseline"]] if b.get("kind") == "none-existing" else []
    if year is not None:
        found.append(T["finding_year"].format(year=year))
    found += [
        T["finding_cost"].format(dcost=i18n.bn((s.get("delta") or {}).get("cost_vnd_per_year"),
                                               lang, True, money),
                                 cost=i18n.bn(s.get("cost_vnd_per_year"), lang, money=money),
                                 bcost=i18n.bn(b.get("cost_vnd_per_year"), lang, money=money)),
        *_pipeline(r, lang, T, money),
        T["finding_co2"].format(dco2=i18n.signed((s.get("delta") or {}).get("co2_t_per_year"), lang),
                                co2=i18n.number(s.get("co2_t_per_year"), lang),
                                bco2=i18n.number(b.get("co2_t_per_year"), lang),
                                avoided=i18n.number(s.get("avoided_co2_t_per_year_external"), lang)),
        T["finding_links"].format(
            new=sum(1 for x in s.get("links", []) if x["built"] and not x["existing"]),
            measures=k.get("measures_adopted", 0),
            participation=len(k.get("participants", []) or []),
            enterprises=k.get("enterprises_census") or k.get("enterprises")),
    ]
    if s.get("criteria") != "none":  # no set, nothing checked
        found.append(T["finding_decree"].format(
            passed=status.count("pass"), failed=status.count("fail"),
            evidence=status.count("needs-evidence")))
    if r.analyses.get("roadmap"):
        found.append(T["road_finding"].format(year=year if year is not None else "–"))
    return found


def _pipeline(r: ResultDir, lang: str, T: dict[str, str], money: Any) -> list[str]:
    """Today's loads in words, and the committed projects' share of the saving."""
    s, model, out = r.summary, r.model, []
    if (s.get("policy") or {}).get("baseline", "today") == "today":
        loads = []
        for tid, t in (model.get("tenants") or {}).items():
            lf = _value(t.get("load_factor")) if isinstance(t, dict) else None
            if lf is not None and float(lf) != 1.0:
                pct = T["stopped"] if float(lf) == 0 else i18n.pct(lf, lang)
                loads.append(f"{name(t, lang, tid)}: {pct}")
        if loads:
            out.append(T["finding_today"].format(loads="; ".join(loads)))
    sv = s.get("savings") or {}
    if sv.get("committed_options"):
        names = [option_name(oid, model, lang) for oid in sv["committed_options"]]
        cost, co2 = sv.get("cost_vnd_per_year") or {}, sv.get("co2_t_per_year") or {}
        out.append(T["finding_committed"].format(
            ccost=i18n.bn(cost.get("committed"), lang, True, money),
            cco2=i18n.signed(co2.get("committed"), lang), names="; ".join(names),
            pcost=i18n.bn(cost.get("proposal"), lang, True, money),
            pco2=i18n.signed(co2.get("proposal"), lang)))
    return out


def _carbon_note(r: ResultDir) -> str:
    """The modeller's note on the carbon price, as written (from the change log)."""
    for c in r.changelog:
        if c.get("path") == "policy.carbon_price.note":
            return str(c.get("new") or "")
    return ""


def constraint_text(key: str, v: float, lang: str, money: Any) -> str:
    T = i18n.TEXT[lang]
    if key.endswith("_share"):
        shown = i18n.pct(v, lang)
    elif key == "co2_cap":
        shown = f"{i18n.tonnes(v, lang)} CO2e{T['unit_per_year']}"
    elif key == "capex_budget":
        shown = i18n.money_text(v, lang, money)
    else:
        shown = i18n.number(v, lang)
    template = T.get(f"con_{key}")
    return template.format(v=shown) if template else f"{key.replace('_', ' ')}: {shown}"


def assumptions(r: ResultDir, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, the modeller's original note) of each assumption of the scenario."""
    money = from_summary(r.summary)
    T, p = words(r, lang), r.summary.get("policy") or {}
    num = lambda v, d=0: i18n.number(v, lang, d)  # noqa: E731
    price = p.get("carbon_price_vnd_per_t") or 0
    cp = T["carbon_price_none"] if not price else \
        f"{num(price)} {money.small_label(lang)}/t CO2e ({T['assumption_label']})"
    rows = [(T["objective"], T[f"objective_{p.get('objective', 'cost')}"], ""),
            (T["carbon_price"], cp, _carbon_note(r) if price else ""),
            (T["discount_rate"], i18n.pct(p.get("discount_rate") or 0, lang, 1), ""),
            (T["grid_factor"], f"{num(p.get('grid_factor_t_per_mwh'), 4)} t CO2e/MWh "
                               f"({p.get('grid_factor_year')})" if p.get("grid_factor_year")
                               is not None else T["no_grid"], ""),
            (T["boundary"], T[f"boundary_{p.get('co2_boundary', 'all')}"], ""),
            (T["carbon_price_on"], T["carbon_on_scope1"] if p.get("carbon_price_on") == "scope1"
             else T[f"boundary_{p.get('carbon_price_on') or p.get('co2_boundary', 'all')}"], ""),
            (T["criteria_set"], T["criteria_none"], "") if r.summary.get("criteria") == "none"
            else (T["criteria_imposed"], T["yes"] if p.get("impose_criteria") else T["no"], ""),
            (T["baseline_used"],
             T[f"baseline_{(p.get('baseline') or 'today').replace('-', '_')}"], "")]
    off = [x["id"] for x in r.summary.get("links", []) if x["existing"] and not x["built"]]
    if off:
        rows.append((T["switched_off"], "; ".join(option_name(e, r.model, lang) for e in off),
                     ""))
    cons = {k: v for k, v in (p.get("constraints") or {}).items() if v is not None}
    if cons:
        rows.append((T["constraints"], "; ".join(constraint_text(k, v, lang, money)
                                                  for k, v in cons.items()), ""))
    return rows
