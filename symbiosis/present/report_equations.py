"""The appendix: the model's equations, named and glossed in the report's language.

The symbols are the same in both languages; the names of the equations and the words
inside them come from the translation table.
"""

from __future__ import annotations

from typing import Any

from symbiosis.load.pairs import CARRIES_FLOW
from symbiosis.present import i18n


def equations(summary: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    T = i18n.TEXT[lang]
    p = summary.get("policy") or {}
    carries = i18n.number(CARRIES_FLOW, lang, 3)
    fbar = (f"F̄_e = {T['eq_min']}({T['eq_capacity']}, {T['eq_release']}, {T['eq_need']}/ρ, "
            f"{T['eq_demand']}/ρ, {T['eq_fac']})")
    eqs = [
        (T["eq_outputs"], f"R_tr(a) = Σ_{{e∈{T['eq_out']}(t,r)}} f_e + d_tr + s_tr        ({T['eq_released']})"),
        (T["eq_inputs"], f"N_tr(a) = Σ_{{e∈{T['eq_in']}(t,r)}} ρ_e f_e + b_tr            ({T['eq_needed']})"),
        (T["eq_measures"], "N_tr(a) = N⁰_tr + Σ_m (σ_mr N⁰_tr + δ_mr) a_m,  a_m ∈ {0,1}"),
        (T["eq_links"], f"λ F̄_e y_e ≤ f_e ≤ F̄_e y_e,  y_e ∈ {{0,1}} ({T['eq_existing']}); {fbar}"),
        (T["eq_facilities"], f"Σ_{{e {T['eq_via']} h}} κ_e f_e ≤ C_h z_h,  y_e ≤ z_h"),
        (T["eq_cost"], "C = Σ CRF(i, n)·I_e·y_e + O_e·y_e + Σ_e c_e f_e + Σ p_r b_tr + "
                       "Σ c^d_r d_tr − Σ p^s_r s_tr;  CRF(i, n) = i(1+i)^n / ((1+i)^n − 1)"),
        (T["eq_emissions"], "E_1 = D + Σ ε^u b + Σ ε^u_e f_e + Σ ε^f d + Σ ε^v f;  "
                            f"E_2 = g · ({T['eq_grid']});  E_3 = Σ ε^t b;  "
                            "E_4 = Σ ε^d d"),
        (T["eq_objective"], f"min C + π·E_B  ({T['eq_obj_cost']})  {T['eq_or']}  "
                            f"min E_B, {T['eq_then']} min C  ({T['eq_obj_co2']})"),
    ]
    cons = p.get("constraints") or {}
    if cons.get("min_symbiosis_links") or cons.get("min_participation_share"):
        eqs.append((T["eq_groups"], f"θ_g u_g ≤ Σ_{{e∈g}} f_e,  θ_g = {carries} Σ_{{e∈g}} F̄_e,  "
                                    f"u_g ∈ {{0,1}}  ({T['eq_pair']})"))
    decree = T["decree_short"]
    if cons.get("min_symbiosis_links"):
        eqs.append((f"{decree} {i18n.article_l('Art. 37 cl. 2 b', lang)}", "Σ_g u_g ≥ L"))
    if cons.get("min_cleaner_production_share"):
        eqs.append((f"{decree} {i18n.article_l('Art. 37 cl. 2 c', lang)}",
                    "Σ_k c_k + C_0 ≥ ⌈φ·K⌉,  c_k ≤ c⁰_k + Σ_{m∈k} a_m  "
                    f"({T['eq_census']})"))
    if cons.get("min_participation_share"):
        eqs.append((T["eq_participation"], "Σ_k q_k ≥ ⌈ψ·K⌉,  q_k ≤ Σ_{g∋k} u_g"))
    if cons.get("co2_cap") is not None:
        eqs.append((T["eq_cap"], "E_B ≤ Ē"))
    if cons.get("capex_budget") is not None:
        eqs.append((T["eq_budget"], "Σ I_e·y_e ≤ B"))
    return eqs
