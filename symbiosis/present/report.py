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
from pathlib import Path
from typing import Any

import jinja2
import matplotlib

from markupsafe import Markup, escape

from symbiosis import __version__
from symbiosis.atomic import write_text
from symbiosis.money import from_summary
from symbiosis.present import (i18n, needs_text, report_alternatives, report_compare,
                               report_equations, report_findings, report_roadmap,
                               report_sharing)
from symbiosis.present import report_tables as tables
from symbiosis.present.report_findings import words
from symbiosis.present.fig_macc import macc_key
from symbiosis.present.resultdir import ResultDir

TEMPLATES = Path(__file__).parent / "templates"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
SCOPES = ("scope1", "scope2", "scope3_upstream", "disposal")
FIGURE_ORDER = ("network", "sankey-materials", "sankey-energy", "co2-waterfall", "pareto", "macc",
                "compare", "roadmap-co2", "alternatives")


def md_escape(value: Any) -> str:
    """Text from input files as literal Markdown: no tags, no table breaks, no emphasis."""
    s = "" if value is None else str(value)
    for ch, rep in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("*", "\\*"),
                    ("_", "\\_"), ("`", "\\`"), ("[", "\\["), ("]", "\\]")):
        s = s.replace(ch, rep)
    # a line break or CR would end a table row; ESC and the like would drive a terminal (cat)
    return re.sub(r"[\x00-\x1f\x7f]", " ", s)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                                                default=False),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["md"] = md_escape
    env.filters["math"] = math_html
    return env


def _font_face() -> str:
    faces = []
    for weight, name in (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")):
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        faces.append("@font-face{font-family:'Report Sans';font-weight:%s;"
                     "src:url(data:font/ttf;base64,%s) format('truetype');}" % (weight, data))
    return "\n".join(faces)


def context(results: list[ResultDir], lang: str, figures: dict[str, Path]) -> dict[str, Any]:
    lang = i18n.check_lang(lang)
    r = results[0]
    s, model = r.summary, r.model
    money = from_summary(s)
    T = words(r, lang)
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
    ctx["park_name"] = tables.name(model.get("park", {}), lang, s.get("park_name") or "")
    ctx["scenario_title"] = i18n.scenario_title(s, lang, r.id)
    ctx["findings"] = report_findings.findings(r, lang)
    ctx["assumptions"] = report_findings.assumptions(r, lang)
    ctx["changes"] = tables.changes(r, lang, money)
    ctx["tenants"] = tables.tenants(model, lang)
    ctx["links"] = tables.links(r, lang)
    ctx["measures"] = tables.measures(r, lang)
    base = s.get("baseline") or {}
    ctx["scopes"] = [{"label": T[k], "baseline": (base.get("co2_by_scope") or {}).get(k),
                      "scenario": (s.get("co2_by_scope") or {}).get(k)} for k in SCOPES]
    ctx["co2_total"] = {"baseline": base.get("co2_t_per_year"), "scenario": s.get("co2_t_per_year")}
    ctx["avoided"] = {"baseline": base.get("avoided_co2_t_per_year_external"),
                      "scenario": s.get("avoided_co2_t_per_year_external")}
    ctx["decree"] = tables.decree(s, model, lang)
    # Duties after certification (Art. 43): in the monitoring section, not the checklist.
    ctx["duties"] = tables.duties(s, lang)
    ctx["pareto"] = r.analyses.get("pareto")
    ctx["macc"] = macc_key(r, lang)  # numbered as the figure and macc.csv
    ctx["macc_meta"] = r.analyses.get("macc-meta")
    ctx["alternatives"] = report_alternatives.alternatives(r, lang)
    ctx["sharing"] = report_sharing.sharing(r, lang)
    ctx["comparison"] = report_compare.comparison(results, lang) if len(results) > 1 else None
    ctx["disruption"] = (r.analyses.get("disruption-meta") or {}).get("summary")
    ctx["single_suppliers"] = tables.single_suppliers(
        r.analyses.get("disruption-dependencies", []), model, lang)
    ctx["montecarlo"] = tables.montecarlo(r.analyses.get("montecarlo-meta"), model, lang, money)
    ctx["data_needs"] = _data_needs(r, lang)
    ctx["roadmap"] = report_roadmap.roadmap(r, lang)
    ctx["monitor"] = r.analyses.get("monitor-meta")
    ctx["monitor_gaps"] = r.analyses.get("monitor-gaps", [])
    ctx["sources"], ctx["source_counts"] = tables.sources(r, lang, money)
    ctx["equations"] = report_equations.equations(s, lang)
    ctx["explanation"] = [tables.deid(v.get("message"), model, lang)
                          for v in (r.explanation or {}).get("violations", [])]
    ctx["monitor_gaps"] = [dict(g, subject_l=T["park_whole"] if g.get("level") == "park"
                                else tables.deid(str(g.get("subject") or ""), model, lang),
                                indicator_l=tables.deid(str(g.get("indicator") or ""), model,
                                                        lang),
                                message_l=tables.deid(g.get("message_vi") if lang == "vi"
                                                      and g.get("message_vi")
                                                      else g.get("message"), model, lang))
                           for g in ctx["monitor_gaps"]]
    ctx["provenance"] = s.get("provenance", {})
    ctx["chain"] = [Path(str(c)).name for c in
                    (r.composed.get("scenario") or {}).get("chain", [])]
    ctx["figures"] = [{"key": k, "path": figures[k],
                       "caption": T.get(f"{k.replace('-', '_')}_caption", k)}
                      for k in FIGURE_ORDER if k in figures]
    return ctx


def _data_needs(r: ResultDir, lang: str) -> dict[str, Any] | None:
    """The data-request list (``symbiosis data-needs``), top figures per enterprise."""
    rows, meta = r.analyses.get("data-needs"), r.analyses.get("data-needs-meta")
    if not rows or not meta:
        return None
    return needs_text.report_section(rows, meta, tables.labelling_model(r.model, lang), lang,
                                     from_summary(r.summary))


def math_html(text: str) -> Markup:
    """An equation with its sub- and superscripts as HTML (R_tr → R<sub>tr</sub>)."""
    s = str(escape(text))
    s = re.sub(r"_\{([^}]*)\}", r"<sub>\1</sub>", s)
    s = re.sub(r"_([A-Za-z0-9]+)", r"<sub>\1</sub>", s)
    s = re.sub(r"\^([A-Za-z]+)", r"<sup>\1</sup>", s)
    return Markup(s)


def explorer_pointer(results: list[ResultDir], lang: str, where: Path) -> dict[str, str]:
    """The interactive explorer of these results: a link when it was made (``symbiosis
    explore`` writes RESULT/explorer.LANG.html by default), else the command that makes it,
    run from the report's folder."""
    made = results[0].path / f"explorer.{lang}.html"
    # Folders as seen from the report's own folder: a report carries no absolute path.
    folders = " ".join(os.path.relpath(r.path, where) for r in results)
    return {"href": os.path.relpath(made, where) if made.is_file() else "",
            "command": f"symbiosis explore {folders} --lang {lang}"}


def embed(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render(results: list[ResultDir], lang: str, figures: dict[str, Path],
           out_html: Path | None, out_md: Path | None) -> list[Path]:
    """Write the HTML and/or Markdown report; figures are PNG files (keys: FIGURE_ORDER)."""
    ctx = context(results, lang, figures)
    ctx["explorer"] = explorer_pointer(results, lang, (out_html or out_md).parent)
    env = _env()
    written = []
    if out_html is not None:
        html = env.get_template("report.html.j2").render(
            **ctx, font_face=_font_face(), embed=embed)
        written.append(write_text(out_html, html))
    if out_md is not None:
        rel = {k: os.path.relpath(v, out_md.parent) for k, v in figures.items()}
        md = env.get_template("report.md.j2").render(**ctx, relpath=rel)
        written.append(write_text(out_md, md))
    return written
