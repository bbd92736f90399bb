"""Who gains and who loses: every enterprise against the baseline, the transfers that
make no one worse off, and the Shapley share of the saving, all with units.

From the run's own tables (``enterprises.csv``: cost, carbon cost and transfers of each
enterprise in the scenario and the baseline; ``transfers.csv`` when the scenario asks
that no one be worse off) and, when ``symbiosis share`` has run, ``shapley.csv``.
"""

from __future__ import annotations

from typing import Any

from symbiosis.money import from_summary
from symbiosis.present import i18n
from symbiosis.present.report_findings import words
from symbiosis.present.report_tables import enterprise, option_name
from symbiosis.present.resultdir import ResultDir

EVEN = 0.5e6  # a change under half a million (of the park's currency) a year is no change


def _f(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def sharing(r: ResultDir, lang: str) -> dict[str, Any] | None:
    ents = [e for e in r.tables.get("enterprises", []) if "delta_total_vnd" in e]
    if not r.ok or not ents:
        return None
    money, model = from_summary(r.summary), r.model
    T = words(r, lang)
    bn = lambda v, s=False: i18n.bn(v, lang, s, money)  # noqa: E731
    shap = {str(x["enterprise"]): x for x in r.analyses.get("shapley") or []}
    meta = r.analyses.get("shapley-meta") or {}
    total_shap = sum(_f(x.get("shapley")) for x in shap.values())
    saving = _f(meta.get("total_saving")) if meta.get("total_saving") is not None else total_shap
    rows, losers = [], []
    for e in ents:
        eid = str(e["enterprise"])
        gain = -_f(e.get("delta_total_vnd"))
        verdict = "share_even" if abs(gain) < EVEN else ("share_gains" if gain > 0
                                                           else "share_loses")
        who = enterprise(eid, model, lang)
        counted = str(e.get("counts_as_enterprise")).lower() in ("1", "true")
        if verdict == "share_loses":
            losers.append(f"{who} ({bn(gain, True)} {money.label(lang)}{T['unit_per_year']})")
        sh = shap.get(eid)
        rows.append({
            "name": who, "counted": counted,
            "note": "" if counted else T["share_not_counted"],
            "base": bn(e.get("baseline_total_vnd")), "scen": bn(e.get("total_vnd")),
            "transfers": bn(-_f(e.get("transfers_vnd")), True)
            if abs(_f(e.get("transfers_vnd"))) >= EVEN else "–",
            "gain": bn(gain, True), "gain_value": gain, "verdict": T[verdict],
            "verdict_key": verdict,
            "dco2": i18n.signed(e.get("delta_co2_t"), lang),
            "shapley": bn(sh.get("shapley")) if sh else "–",
            "shapley_pct": i18n.pct(_f(sh.get("shapley")) / saving, lang)
            if sh and saving else "–"})
    total_gain = sum(x["gain_value"] for x in rows)
    unassigned = saving - total_shap if shap and abs(saving - total_shap) >= EVEN else None
    transfers = [{"link": option_name(t["link"], model, lang),
                  "payer": enterprise(t["payer"], model, lang),
                  "payee": enterprise(t["payee"], model, lang),
                  "payment": bn(t.get("payment_vnd"))}
                 for t in r.tables.get("transfers", []) if abs(_f(t.get("payment_vnd"))) >= EVEN]
    asks = bool((r.composed.get("scenario") or {}).get("policy", {}).get("no_one_worse_off")) \
        or bool(r.tables.get("transfers"))
    how = ""
    if meta:
        n = i18n.number(meta.get("samples"), lang)
        how = T["share_exact" if meta.get("method") == "exact" else "share_sampled"].format(n=n)
    return {"rows": rows, "total_gain": bn(total_gain, True),
            "total_shapley": bn(saving) if shap else "–",
            "unassigned": bn(unassigned) if unassigned is not None else None,
            "unassigned_pct": i18n.pct(unassigned / saving, lang)
            if unassigned is not None and saving else "–",
            "losers": T["share_losers"].format(names="; ".join(losers)) if losers
            else T["share_no_losers"],
            "asks_fair": asks, "transfers": transfers,
            "shapley_intro": T["share_shapley_intro"].format(
                total=bn(saving), how=how) if shap
            else T["share_no_shapley"]}
