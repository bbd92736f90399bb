"""The report: one self-contained HTML file and a Markdown twin, in Vietnamese or English.

Everything comes from result folders on disk (``ResultDir``): the run, its baseline,
and the analyses beside it (trade-off, abatement curve, Shapley shares). With several
folders the first is the subject and the others join a comparison section. Strings
from input files are escaped (jinja2 autoescape in HTML, ``md_escape`` in Markdown).
"""

from __future__ import annotations

import base64
import datetime as _dt
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import jinja2
import matplotlib

from symbiosis import __version__
from symbiosis.load.pairs import CARRIES_FLOW
from symbiosis.money import from_summary, relabel_all
from symbiosis.present import i18n, needs_text
from symbiosis.present.fig_macc import macc_key
from symbiosis.present.resultdir import ResultDir

TEMPLATES = Path(__file__).parent / "templates"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
SCOPES = ("scope1", "scope2", "scope3_upstream", "disposal")
FIGURE_ORDER = ("network", "sankey-materials", "sankey-energy", "co2-waterfall", "pareto", "macc",
                "compare")


def md_escape(value: Any) -> str:
    """Text from input files as literal Markdown: no tags, no table breaks, no emphasis."""
    s = "" if value is None else str(value)
    for ch, rep in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("*", "\\*"),
                    ("_", "\\_"), ("`", "\\`"), ("[", "\\["), ("]", "\\]")):
        s = s.replace(ch, rep)
    return s.replace("\n", " ")


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                                                default=False),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["md"] = md_escape
    return env


def _font_face() -> str:
    faces = []
    for weight, name in (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")):
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        faces.append("@font-face{font-family:'Report Sans';font-weight:%s;"
                     "src:url(data:font/ttf;base64,%s) format('truetype');}" % (weight, data))
    return "\n".join(faces)


ARTICLE = re.compile(r"\bArt\. (\d+)(?: cl\. (\d+))?(?: ([a-zđ])\b)?")


def article_l(text: str | None, lang: str) -> str:
    """'Art. 37 cl. 2 b' as Vietnamese law cites it: 'Điều 37 khoản 2 điểm b'."""
    if lang != "vi" or not text:
        return text or ""
    def cite(m: re.Match) -> str:
        out = f"Điều {m.group(1)}"
        out += f" khoản {m.group(2)}" if m.group(2) else ""
        return out + (f" điểm {m.group(3)}" if m.group(3) else "")
    return ARTICLE.sub(cite, text).replace("Decree ", "Nghị định ")


def _name(item: dict[str, Any], lang: str, fallback: str) -> str:
    return (item.get("name_vi") if lang == "vi" else None) or item.get("name") or fallback


def context(results: list[ResultDir], lang: str, figures: dict[str, Path]) -> dict[str, Any]:
    lang = i18n.check_lang(lang)
    r = results[0]
    s, model = r.summary, r.model
    money = from_summary(s)
    T = _words(r, lang)
    crit = r.composed.get("criteria") or {}
    if s.get("criteria") not in (None, "none", "decree35-2022"):  # say which set was checked
        T["decree"] = T["criteria_checklist"].format(
            name=(crit.get("name_vi") if lang == "vi" else None) or crit.get("name") or s["criteria"])
    num = lambda v, d=0: i18n.number(v, lang, d)  # noqa: E731
    ctx: dict[str, Any] = {"lang": lang, "T": T, "r": r, "summary": s, "ok": r.ok,
                           "version": __version__, "num": num, "money": money,
                           "criteria_checked": s.get("criteria") != "none",
                           "bn": lambda v: i18n.bn(v, lang, money=money),
                           "signed": lambda v, d=0: i18n.signed(v, lang, d),
                           "date": _dt.date.today().isoformat(), "figures": []}
    tenants = model.get("tenants", {})
    resources = model.get("resources", {})
    partners = model.get("partners", {})
    nodes = {**{k: _name(v, lang, k) for k, v in tenants.items()},
             **{k: _name(v, lang, k) for k, v in partners.items()}}
    ctx["park_name"] = _name(model.get("park", {}), lang, s.get("park", ""))
    ctx["scenario_title"] = (s.get("title_vi") if lang == "vi" else None) or s.get("title") or r.id
    ctx["findings"] = _findings(r, lang) if r.ok else [T["finding_infeasible"]]
    ctx["assumptions"] = _assumptions(r, lang)
    ctx["changes"] = [c for c in r.changelog if not str(c.get("path", "")).startswith("policy.")]
    ctx["tenants"] = [{"id": k, "name": _name(v, lang, k), "sector": v.get("sector", ""),
                       "enterprise": v.get("enterprise") or k,
                       "production": ", ".join(f"{p} {num(_value(f))}" for p, f in
                                               (v.get("production") or {}).items())}
                      for k, v in tenants.items()]
    exchanges, measures = model.get("exchanges", {}), model.get("measures", {})
    ctx["links"] = [dict(x, name=_name(exchanges.get(x["id"], {}), lang, x["name"]),
                         from_name=nodes.get(x["from"], x["from"]),
                         to_name=nodes.get(x["to"], x["to"]),
                         via_name=nodes.get(x["via"], x["via"] or ""),
                         resource_name=_name(resources.get(x["resource"], {}), lang,
                                             x["resource"]))
                    for x in r.tables.get("links", []) if x["built"] and (x["flow"] or 0) > 0]
    ctx["measures"] = [dict(x, name=_name(measures.get(x["id"], {}), lang, x["name"]),
                            tenant_name=nodes.get(x["tenant"], x["tenant"]))
                       for x in r.tables.get("measures", []) if x["adopted"]]
    base = s.get("baseline") or {}
    ctx["scopes"] = [{"label": T[k], "baseline": (base.get("co2_by_scope") or {}).get(k),
                      "scenario": (s.get("co2_by_scope") or {}).get(k)} for k in SCOPES]
    ctx["co2_total"] = {"baseline": base.get("co2_t_per_year"), "scenario": s.get("co2_t_per_year")}
    ctx["avoided"] = {"baseline": base.get("avoided_co2_t_per_year_external"),
                      "scenario": s.get("avoided_co2_t_per_year_external")}
    ctx["decree"] = [dict(c, description_l=(c.get("description_vi") if lang == "vi" else None)
                          or c.get("description"), status_l=T.get(c["status"], c["status"]),
                          basis_l=(c.get("basis_vi") if lang == "vi" else c.get("basis")) or "",
                          article_l=article_l(c.get("article"), lang))
                     for c in s.get("decree35", [])]
    # Duties after certification (Art. 43): in the monitoring section, not the checklist.
    ctx["duties"] = [dict(x, description_l=(x.get("description_vi") if lang == "vi" else None)
                          or x.get("description"), article_l=article_l(x.get("article"), lang))
                     for x in s.get("duties") or []] \
        if s.get("criteria") != "none" else []
    ctx["pareto"] = r.analyses.get("pareto")
    ctx["macc"] = macc_key(r, lang)  # numbered as the figure and macc.csv
    ctx["macc_meta"] = r.analyses.get("macc-meta")
    ctx["shapley"] = r.analyses.get("shapley")
    ctx["comparison"] = _comparison(results) if len(results) > 1 else None
    ctx["disruption"] = (r.analyses.get("disruption-meta") or {}).get("summary")
    ctx["single_suppliers"] = [d for d in r.analyses.get("disruption-dependencies", [])
                               if str(d.get("single_supplier")).lower() in ("true", "1")]
    mc = r.analyses.get("montecarlo-meta")
    ctx["montecarlo"] = mc
    ctx["data_needs"] = _data_needs(r, lang)
    ctx["roadmap"] = r.analyses.get("roadmap")
    ctx["monitor"] = r.analyses.get("monitor-meta")
    ctx["monitor_gaps"] = r.analyses.get("monitor-gaps", [])
    ctx["sources"], ctx["source_counts"] = _sources(r)
    ctx["equations"] = _equations(r)
    ctx["explanation"] = r.explanation
    ctx["provenance"] = s.get("provenance", {})
    ctx["chain"] = (r.composed.get("scenario") or {}).get("chain", [])
    ctx["figures"] = [{"key": k, "path": figures[k],
                       "caption": T.get(f"{k.replace('-', '_')}_caption", k)}
                      for k in FIGURE_ORDER if k in figures]
    return ctx


def _data_needs(r: ResultDir, lang: str) -> dict[str, Any] | None:
    """The data-request list (``symbiosis data-needs``), top figures per enterprise."""
    rows, meta = r.analyses.get("data-needs"), r.analyses.get("data-needs-meta")
    if not rows or not meta:
        return None
    return needs_text.report_section(rows, meta, r.model, lang, from_summary(r.summary))


def _value(fig: Any) -> Any:
    return fig.get("value") if isinstance(fig, dict) else fig


def _words(r: ResultDir, lang: str) -> dict[str, str]:
    """The report's words for this result: its baseline's wording, its currency's labels."""
    words = i18n.wording(lang, (r.summary.get("policy") or {}).get("baseline") or "today")
    return relabel_all(words, lang, from_summary(r.summary))


def _findings(r: ResultDir, lang: str) -> list[str]:
    s, money = r.summary, from_summary(r.summary)
    T = _words(r, lang)
    b = s.get("baseline") or {}
    k = s.get("kpis") or {}
    status = [c["status"] for c in s.get("decree35", [])]
    found = [T["finding_baseline"]] if b.get("kind") == "none-existing" else []
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
        T["finding_decree"].format(passed=status.count("pass"), failed=status.count("fail"),
                                   evidence=status.count("needs-evidence")),
    ]
    return found if s.get("criteria") != "none" else found[:-1]  # no set, nothing checked


def _pipeline(r: ResultDir, lang: str, T: dict[str, str], money: Any) -> list[str]:
    """Today's loads in words, and the committed projects' share of the saving."""
    s, model, out = r.summary, r.model, []
    if (s.get("policy") or {}).get("baseline", "today") == "today":
        loads = []
        for tid, t in (model.get("tenants") or {}).items():
            lf = _value(t.get("load_factor")) if isinstance(t, dict) else None
            if lf is not None and float(lf) != 1.0:
                pct = T["stopped"] if float(lf) == 0 else f"{i18n.number(100 * float(lf), lang)} %"
                loads.append(f"{_name(t, lang, tid)}: {pct}")
        if loads:
            out.append(T["finding_today"].format(loads="; ".join(loads)))
    sv = s.get("savings") or {}
    if sv.get("committed_options"):
        names = []
        for oid in sv["committed_options"]:
            item = next((model.get(k, {}).get(oid) for k in ("exchanges", "tenants", "measures",
                                                             "processes")
                         if oid in (model.get(k) or {})), None) or {}
            names.append(_name(item, lang, oid))
        cost, co2 = sv.get("cost_vnd_per_year") or {}, sv.get("co2_t_per_year") or {}
        out.append(T["finding_committed"].format(
            ccost=i18n.bn(cost.get("committed"), lang, True, money),
            cco2=i18n.signed(co2.get("committed"), lang), names="; ".join(names),
            pcost=i18n.bn(cost.get("proposal"), lang, True, money),
            pco2=i18n.signed(co2.get("proposal"), lang)))
    return out


def _assumptions(r: ResultDir, lang: str) -> list[tuple[str, str]]:
    money = from_summary(r.summary)
    T, p = _words(r, lang), r.summary.get("policy") or {}
    num = lambda v, d=0: i18n.number(v, lang, d)  # noqa: E731
    price = p.get("carbon_price_vnd_per_t") or 0
    cp = T["carbon_price_none"] if not price else \
        f"{num(price)} {money.small}/t CO2e ({T['assumption_label']}; {p.get('carbon_price_source')})"
    rows = [(T["objective"], T[f"objective_{p.get('objective', 'cost')}"]), (T["carbon_price"], cp),
            (T["discount_rate"], f"{num(100 * (p.get('discount_rate') or 0), 1)} %"),
            (T["grid_factor"], f"{num(p.get('grid_factor_t_per_mwh'), 4)} t CO2e/MWh "
                               f"({p.get('grid_factor_year')})" if p.get("grid_factor_year")
                               is not None else T["no_grid"]),
            (T["boundary"], T[f"boundary_{p.get('co2_boundary', 'all')}"]),
            (T["carbon_price_on"], T["carbon_on_scope1"] if p.get("carbon_price_on") == "scope1"
             else T[f"boundary_{p.get('carbon_price_on') or p.get('co2_boundary', 'all')}"]),
            (T["criteria_set"], T["criteria_none"]) if r.summary.get("criteria") == "none" else
            (T["criteria_imposed"], T["yes"] if p.get("impose_criteria") else T["no"]),
            (T["baseline_used"], T[f"baseline_{(p.get('baseline') or 'today').replace('-', '_')}"])]
    off = [x["id"] for x in r.summary.get("links", []) if x["existing"] and not x["built"]]
    if off:
        exchanges = r.model.get("exchanges", {})
        rows.append((T["switched_off"], "; ".join(_name(exchanges.get(e, {}), lang, e)
                                                  for e in off)))
    cons = {k: v for k, v in (p.get("constraints") or {}).items() if v is not None}
    if cons:
        rows.append((T["constraints"], "; ".join(f"{k} = {num(v, 2 if v < 10 else 0)}"
                                                  for k, v in cons.items())))
    return rows


def _comparison(results: list[ResultDir]) -> dict[str, Any]:
    from symbiosis.analysis.compare import compare, load_result

    c = compare([load_result(x.path) for x in results])
    return {"labels": c.labels, "rows": c.rows}


def _sources(r: ResultDir) -> tuple[list[dict[str, Any]], dict[str, int]]:
    counts = {t: 0 for t in "SDEA"}
    for f in r.figures:
        counts[f.get("tag") or "E"] = counts.get(f.get("tag") or "E", 0) + 1
    counts["n"] = len(r.figures)
    counts["s"] = len({f.get("source") for f in r.figures if f.get("tag") in ("S", "D")})
    return r.figures, counts


def _equations(r: ResultDir) -> list[tuple[str, str]]:
    p = r.summary.get("policy") or {}
    eqs = [
        ("Outputs", "R_tr(a) = Σ_{e∈out(t,r)} f_e + d_tr + s_tr        (released = linked + disposed + sold)"),
        ("Inputs", "N_tr(a) = Σ_{e∈in(t,r)} ρ_e f_e + b_tr            (needed = delivered + bought)"),
        ("Measures", "N_tr(a) = N⁰_tr + Σ_m (σ_mr N⁰_tr + δ_mr) a_m,  a_m ∈ {0,1}"),
        ("Links", "λ F̄_e y_e ≤ f_e ≤ F̄_e y_e,  y_e ∈ {0,1} (y_e = 1 for existing links); "
                  "F̄_e = min(capacity, release, need/ρ, partner demand/ρ, facility capacity)"),
        ("Facilities", "Σ_{e via h} κ_e f_e ≤ C_h z_h,  y_e ≤ z_h"),
        ("Cost", "C = Σ CRF(i, n)·capex·y + opex_fix·y + Σ_e c_e f_e + Σ p_r b_tr + Σ c^d_r d_tr − Σ p^s_r s_tr; "
                 "CRF(i, n) = i(1+i)^n / ((1+i)^n − 1)"),
        ("Emissions", "E1 = direct + Σ ε^use b + Σ ε^use_e f_e + Σ ε^flare d + Σ ε^tr f;  "
                      "E2 = g_year · (grid MWh bought and used by links);  E3 = Σ ε^up b;  "
                      "E_disp = Σ ε^disp d"),
        ("Objective", "min C + π·E_boundary  (objective cost)  or  min E_boundary, then min C  (objective CO2)"),
    ]
    cons = p.get("constraints") or {}
    if cons.get("min_symbiosis_links") or cons.get("min_participation_share"):
        eqs.append(("Symbiosis groups", f"θ_g u_g ≤ Σ_{{e∈g}} f_e,  θ_g = {CARRIES_FLOW:g} Σ_{{e∈g}} F̄_e,  "
                                        "u_g ∈ {0,1}  (g: pair of enterprises and resource)"))
    if cons.get("min_symbiosis_links"):
        eqs.append(("Decree 35 Art. 37 cl. 2 b", "Σ_g u_g ≥ L"))
    if cons.get("min_cleaner_production_share"):
        eqs.append(("Decree 35 Art. 37 cl. 2 c", "Σ_k c_k + C_out ≥ ⌈φ·K⌉,  c_k ≤ flag_k + Σ_{m∈k} a_m  "
                                                 "(K: the park's census)"))
    if cons.get("min_participation_share"):
        eqs.append(("Participation", "Σ_k q_k ≥ ⌈ψ·K⌉,  q_k ≤ Σ_{g∋k} u_g"))
    if cons.get("co2_cap") is not None:
        eqs.append(("CO2 cap", "E_boundary ≤ cap"))
    if cons.get("capex_budget") is not None:
        eqs.append(("Capital budget", "Σ capex·y ≤ B"))
    return eqs


def embed(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render(results: list[ResultDir], lang: str, figures: dict[str, Path],
           out_html: Path | None, out_md: Path | None) -> list[Path]:
    """Write the HTML and/or Markdown report; figures are PNG files (keys: FIGURE_ORDER)."""
    ctx = context(results, lang, figures)
    env = _env()
    written = []
    if out_html is not None:
        html = env.get_template("report.html.j2").render(
            **ctx, font_face=_font_face(), embed=embed)
        written.append(_atomic_text(out_html, html))
    if out_md is not None:
        rel = {k: os.path.relpath(v, out_md.parent) for k, v in figures.items()}
        md = env.get_template("report.md.j2").render(**ctx, relpath=rel)
        written.append(_atomic_text(out_md, md))
    return written


def _atomic_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path
