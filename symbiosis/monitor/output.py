"""Monitoring outputs: ``monitor-indicators.csv``, ``monitor-gaps.csv``, ``monitor.json``
and ``monitor.md``, a short report for the Art. 43 annual report (English or Vietnamese).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

from symbiosis.atomic import write_text
from symbiosis.monitor.gaps import _article_vi, number
from symbiosis.monitor.indicators import KIND_ORDER, MonitorResult
from symbiosis.safe_text import inert

GAP_COLUMNS = ("level", "subject", "indicator", "basis", "unit", "plan", "actual", "gap",
               "message", "message_vi")

T = {
    "en": {
        "title": "Annual monitoring report {year}: {park}",
        "basis": "Indicators of Decree 35/2022/NĐ-CP Art. 43 (eco-industrial park annual report): "
                 "cleaner production, industrial symbiosis, savings of materials, water, energy "
                 "and chemicals, and emission reductions.",
        "actuals": "Actuals", "plan": "Plan", "none": "none", "baseline": "Baseline",
        "grid": "Grid emission factor", "summary": "Summary",
        "base_plan": "the plan's baseline (its baseline/ folder)",
        "base_model": "the model's baseline, solved now (existing links, no new option)",
        "s_cp": "Cleaner production: {kept} measures kept up ({planned} planned); {share} of "
                "the park's enterprises ({n}) apply it; Decree 35 {article} asks for at least "
                "{target}: {status}.",
        "s_sym": "Industrial symbiosis: {links} links operating, {sym} of them among the "
                 "park's enterprises (planned: {planned}); {members} enterprises take part; new "
                 "members since the baseline: {new}.",
        "s_sav": "Savings at this year's production: {items}.",
        "s_co2": "CO2 inventory {actual} t CO2e against {baseline} in the baseline "
                 "(reduction {red}, {redn} at this year's production){plan}.",
        "s_co2_plan": "; plan {plan}",
        "s_gaps": "{n} gaps flagged.", "met": "met", "not_met": "not met",
        "cp": "1. Cleaner production", "sym": "2. Industrial symbiosis",
        "sav": "3. Savings of materials, water, energy and chemicals",
        "co2": "4. Emission reductions", "gaps": "5. Gaps", "notes": "Data notes",
        "method": "Method",
        "measure": "Measure", "tenant": "Tenant", "planned": "Planned", "kept": "Kept up",
        "result": "Result", "yes": "yes", "no": "no", "unknown": "cannot tell",
        "link": "Link", "route": "From → to", "flow": "Actual", "capacity": "% of capacity",
        "reused": "% of release reused", "status": "Status", "unit": "Unit",
        "kind": "Kind", "expected": "Expected", "actual": "Actual", "saving": "Saving",
        "share": "%", "scope": "Scope", "reduction": "Reduction",
        "subject": "Subject", "indicator": "Indicator", "gap": "Gap", "message": "Message",
        "no_gaps": "No gap.", "no_measures": "The model has no measure.",
        "cp_savings": "Savings of the tenants with a kept-up measure:",
        "new_members": "New members (not in the baseline's links): {new}.",
        "materials": "materials", "chemicals": "chemicals", "water": "water",
        "energy": "energy", "scope1": "Scope 1 (direct)", "scope2": "Scope 2 (electricity)",
        "scope3_upstream": "Scope 3 (upstream of purchases)", "disposal": "Disposal",
        "total": "Total", "avoided": "Avoided at partners (outside the inventory)",
        "more": "… {n} more in monitor.json",
        "operating": "operating", "not_operating": "not operating",
    },
    "vi": {
        "title": "Báo cáo giám sát năm {year}: {park}",
        "basis": "Các chỉ số theo Điều 43 Nghị định 35/2022/NĐ-CP (báo cáo hằng năm của KCN "
                 "sinh thái): sản xuất sạch hơn, cộng sinh công nghiệp, tiết kiệm nguyên liệu, "
                 "vật liệu, nước, năng lượng, hóa chất và giảm phát thải.",
        "actuals": "Số liệu thực tế", "plan": "Kế hoạch", "none": "không có",
        "baseline": "Đường cơ sở", "grid": "Hệ số phát thải lưới điện", "summary": "Tóm tắt",
        "base_plan": "đường cơ sở của kế hoạch (thư mục baseline/ của kết quả)",
        "base_model": "đường cơ sở của mô hình, giải lại (chỉ các liên kết hiện có, không có "
                      "phương án mới)",
        "s_cp": "Sản xuất sạch hơn: {kept} giải pháp được duy trì ({planned} theo kế hoạch); "
                "{share} doanh nghiệp trong KCN ({n}) áp dụng; Nghị định 35 ({article}) yêu cầu "
                "tối thiểu {target}: {status}.",
        "s_sym": "Cộng sinh công nghiệp: {links} liên kết vận hành, trong đó {sym} liên kết giữa "
                 "các doanh nghiệp trong KCN (kế hoạch: {planned}); {members} doanh nghiệp tham "
                 "gia; thành viên mới so với đường cơ sở: {new}.",
        "s_sav": "Tiết kiệm (quy đổi theo sản lượng năm nay): {items}.",
        "s_co2": "Phát thải CO2 là {actual} tấn CO2e, so với {baseline} ở đường cơ sở (giảm "
                 "{red}; giảm {redn} khi quy đổi theo sản lượng năm nay){plan}.",
        "s_co2_plan": "; kế hoạch {plan}",
        "s_gaps": "Phát hiện {n} điểm chưa đạt.", "met": "đạt", "not_met": "chưa đạt",
        "cp": "1. Sản xuất sạch hơn", "sym": "2. Cộng sinh công nghiệp",
        "sav": "3. Tiết kiệm nguyên liệu, vật liệu, nước, năng lượng và hóa chất",
        "co2": "4. Giảm phát thải", "gaps": "5. Các điểm chưa đạt", "notes": "Ghi chú về số liệu",
        "method": "Phương pháp",
        "measure": "Giải pháp", "tenant": "Doanh nghiệp", "planned": "Kế hoạch",
        "kept": "Duy trì", "result": "Kết quả", "yes": "có", "no": "không",
        "unknown": "chưa xác định",
        "link": "Liên kết", "route": "Từ → đến", "flow": "Thực tế", "capacity": "% công suất",
        "reused": "% lượng phát sinh được tái sử dụng", "status": "Trạng thái",
        "unit": "Đơn vị", "kind": "Loại", "expected": "Dự kiến", "actual": "Thực tế",
        "saving": "Tiết kiệm", "share": "%", "scope": "Phạm vi", "reduction": "Giảm",
        "subject": "Đối tượng", "indicator": "Chỉ số", "gap": "Chênh lệch",
        "message": "Nội dung", "no_gaps": "Không có điểm chưa đạt.",
        "no_measures": "Mô hình không có giải pháp nào.",
        "cp_savings": "Tiết kiệm của các doanh nghiệp có giải pháp được duy trì:",
        "new_members": "Thành viên mới (chưa có trong các liên kết ở đường cơ sở): {new}.",
        "materials": "nguyên liệu, vật liệu", "chemicals": "hóa chất", "water": "nước",
        "energy": "năng lượng", "scope1": "Phạm vi 1 (trực tiếp)",
        "scope2": "Phạm vi 2 (điện)", "scope3_upstream": "Phạm vi 3 (thượng nguồn của hàng mua)",
        "disposal": "Xử lý chất thải", "total": "Tổng",
        "avoided": "Tránh được tại đối tác ngoài KCN (ngoài kiểm kê)",
        "more": "… còn {n} ghi chú trong monitor.json",
        "operating": "vận hành", "not_operating": "không vận hành",
    },
}
METHOD_VI = (
    "Mỗi doanh nghiệp được so sánh với lượng sử dụng ở đường cơ sở nhân với hệ số sản lượng "
    "(sản lượng thực tế năm nay chia cho sản lượng trong mô hình, tính theo khối lượng của các "
    "sản phẩm có báo cáo; nhà máy không có số liệu sản lượng lấy hệ số của doanh nghiệp chủ quản; "
    "bằng 1 nếu không có báo cáo). Tiết kiệm = đường cơ sở × hệ số − thực tế. Giảm phát thải là "
    "giảm tuyệt đối (đường cơ sở − thực tế); mức giảm đã quy đổi theo sản lượng được nêu riêng. "
    "Phát thải phạm vi 2 của đường cơ sở và kế hoạch được tính lại theo cùng hệ số lưới điện "
    "của năm báo cáo.")


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) or math.isinf(x) else x
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set)):
        return [_clean(v) for v in (sorted(x) if isinstance(x, set) else x)]
    return x





def _csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str]) -> str:
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else inert(r.get(k))) for k in columns})
    return buf.getvalue()


def _f(x: Any, lang: str, digits: int = 0) -> str:
    if x is None or x == "":
        return "–"
    return number(float(x), lang, digits)


def _p(x: Any, lang: str) -> str:
    return "–" if x is None else f"{number(100 * float(x), lang, 1)}%"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return out + [""]


def render_markdown(result: MonitorResult, lang: str = "en") -> str:
    t, s, park = T[lang], result.summary, result.park
    f = lambda x, d=0: _f(x, lang, d)  # noqa: E731
    p = lambda x: _p(x, lang)  # noqa: E731
    name = (park.name_vi or park.name) if lang == "vi" else park.name
    cp, sym, sav, co2 = s["cleaner_production"], s["symbiosis"], s["savings"], s["emissions"]
    art = lambda a: _article_vi(a) if lang == "vi" else a  # noqa: E731
    gf = s["grid_factor"]
    lines = [f"# {t['title'].format(year=s['year'], park=name)}", "", t["basis"], "",
             f"- {t['actuals']}: `{s['actuals']}`",
             f"- {t['plan']}: " + (f"`{s['plan']}` ({s['plan_scenario']})" if s["plan"]
                                   else t["none"]),
             f"- {t['baseline']}: {t['base_' + s['baseline_source']]}",
             f"- {t['grid']}: {f(gf['t_per_mwh'], 4)} t CO2e/MWh ({gf['year']})", "",
             f"## {t['summary']}", ""]
    planned = "–" if cp["measures_planned"] is None else str(len(cp["measures_planned"]))
    lines.append("- " + t["s_cp"].format(
        kept=len(cp["measures_kept_up"]), planned=planned, share=p(cp["share"]),
        n=s["enterprises"], article=art(cp["article"]), target=p(cp["target"]),
        status=t["met"] if cp["meets_target"] else t["not_met"]))
    sp = sym["symbiosis_links_planned"]
    lines.append("- " + t["s_sym"].format(
        links=len(sym["links_operating"]), sym=len(sym["symbiosis_links_operating"]),
        planned="–" if sp is None else len(sp), members=len(sym["participants"]),
        new=", ".join(sym["new_members"]) or t["none"]))
    items = [f"{t[k]} {f(v['saving'])} {v['unit']} ({p(v['share'])})"
             for k, v in sav.items() if k in KIND_ORDER]
    lines.append("- " + t["s_sav"].format(items="; ".join(items)))
    tot = co2["total"]
    lines.append("- " + t["s_co2"].format(
        actual=f(tot["actual"]), baseline=f(tot["baseline"]), red=f(tot["reduction"]),
        redn=f(tot["reduction_normalised"]),
        plan=t["s_co2_plan"].format(plan=f(tot["plan"])) if tot["plan"] is not None else ""))
    lines += ["- " + t["s_gaps"].format(n=len(result.gaps)), ""]

    lines += [f"## {t['cp']}", ""]
    meas = [r for r in result.rows if r["indicator"] == "measure_kept_up"]
    results = result.measure_results
    if meas:
        yn = lambda v: "–" if v is None else (t["yes"] if v else t["no"])  # noqa: E731
        rows = []
        for r in meas:
            res = results.get(r["subject"], "na")
            rows.append([r["subject"], r["item"], yn(r["plan"]), yn(r["actual"]),
                         "–" if res == "na" else (t["unknown"] if res is None else yn(res))])
        lines += _table([t["measure"], t["tenant"], t["planned"], t["kept"], t["result"]], rows)
    else:
        lines += [t["no_measures"], ""]
    cps = [r for r in result.rows if r["indicator"] == "cleaner_production_saving"
           and r["level"] == "park"]
    if cp["measures_kept_up"]:
        lines += [t["cp_savings"], ""]
        lines += _table([t["kind"], t["unit"], t["baseline"], t["expected"], t["actual"],
                         t["saving"], t["share"]],
                        [[t[r["item"]], r["unit"], f(r["baseline"]), f(r["expected"]),
                          f(r["actual"]), f(r["value"]), p(r["share"])] for r in cps])

    lines += [f"## {t['sym']}", ""]
    links = [r for r in result.rows if r["indicator"] == "link_flow" and (
        r["actual"] or r["plan"] or r["baseline"])]
    reuse = {r["subject"]: r["value"] for r in result.rows if r["indicator"] == "link_reuse_share"}
    ex = park.exchanges
    lines += _table([t["link"], t["route"], t["unit"], t["baseline"], t["plan"], t["flow"],
                     t["capacity"], t["reused"], t["status"]],
                    [[r["subject"], f"{ex[r['subject']].supplier} → {ex[r['subject']].receiver}",
                      r["unit"], f(r["baseline"]), f(r["plan"]), f(r["actual"]), p(r["share"]),
                      p(reuse.get(r["subject"])),
                      t["operating"] if (r["actual"] or 0) > 0 else t["not_operating"]]
                     for r in links])
    lines += [t["new_members"].format(new=", ".join(sym["new_members"]) or t["none"]), ""]

    lines += [f"## {t['sav']}", ""]
    lines += _table([t["kind"], t["unit"], t["baseline"], t["expected"], t["plan"], t["actual"],
                     t["saving"], t["share"]],
                    [[t[k], v["unit"], f(v["baseline"]), f(v["expected"]), f(v["plan"]),
                      f(v["actual"]), f(v["saving"]), p(v["share"])]
                     for k, v in sav.items() if k in KIND_ORDER])

    lines += [f"## {t['co2']}", ""]
    rows = [[t[k], f(v["baseline"]), f(v["plan"]), f(v["actual"]), f(v["reduction"]),
             p(v["reduction"] / v["baseline"] if v["baseline"] else None)]
            for k, v in co2.items() if k in ("scope1", "scope2", "scope3_upstream", "disposal",
                                             "total")]
    av = co2["avoided_external"]
    rows.append([t["avoided"], f(av["baseline"]), f(av["plan"]), f(av["actual"]), "–", "–"])
    lines += _table([t["scope"] + " (t CO2e)", t["baseline"], t["plan"], t["actual"],
                     t["reduction"], t["share"]], rows)

    lines += [f"## {t['gaps']}", ""]
    if result.gaps:
        msg = "message_vi" if lang == "vi" else "message"
        lines += _table([t["subject"], t["indicator"], t["plan"], t["actual"], t["gap"],
                         t["message"]],
                        [[g["subject"], g["indicator"], f(g["plan"], 2 if g["unit"] == "share"
                                                           else 0),
                          f(g["actual"], 2 if g["unit"] == "share" else 0),
                          f(g["gap"], 2 if g["unit"] == "share" else 0), g[msg]]
                         for g in result.gaps])
    else:
        lines += [t["no_gaps"], ""]
    if s["warnings"]:
        lines += [f"## {t['notes']}", ""]
        lines += [f"- {w}" for w in s["warnings"][:30]]
        if len(s["warnings"]) > 30:
            lines.append(f"- {t['more'].format(n=len(s['warnings']) - 30)}")
        lines.append("")
    lines += [f"## {t['method']}", "",
              METHOD_VI if lang == "vi" else s["method"]["normalisation"], ""]
    if lang == "en":
        lines += [s["method"]["use"], "", s["method"]["kinds"], ""]
    return "\n".join(lines)


def write_outputs(result: MonitorResult, out_dir: str | Path, lang: str = "en") -> list[Path]:
    """Write the four files into ``out_dir`` (each replaced whole); returns their paths."""
    from symbiosis.monitor.indicators import _row

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cols = list(_row("", "", "", ""))
    return [
        write_text(out / "monitor-indicators.csv", _csv_text(result.rows, cols)),
        write_text(out / "monitor-gaps.csv", _csv_text(result.gaps, GAP_COLUMNS)),
        write_text(out / "monitor.json", json.dumps(_clean({**result.summary,
                                                         "gap_list": result.gaps}),
                                                 indent=2, ensure_ascii=False) + "\n"),
        write_text(out / "monitor.md", render_markdown(result, lang)),
    ]
