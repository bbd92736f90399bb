"""Gaps: where the year falls short of the plan, of the baseline, or of Decree 35.

Each gap is one row of ``monitor-gaps.csv``: level, subject, indicator, basis (plan,
baseline or criterion), unit, plan (the planned value or the criterion's threshold),
actual, gap (how far on the wrong side, positive) and a message in English and in
Vietnamese.

Rules, with a plan:
- a planned link (planned flow > 0) that did not operate: ``link_not_operating``;
- a planned link below ``flow_share`` (80 %) of its planned flow: ``link_flow_below_plan``;
- a planned measure not kept up: ``measure_dropped``;
- CO2 of an enterprise or of the park more than ``co2_tolerance`` (5 %) above the plan
  scaled to this year's production, scope 2 at the same grid factor: ``co2_above_plan``.
Always:
- a link operating in the baseline that stopped (when the plan does not flag it):
  ``link_stopped``;
- a kept-up measure whose resources show no result: ``measure_without_result``;
- Decree 35 Art. 37 cl. 2 b (≥ 1 symbiosis link) and cl. 2 c (≥ 20 % of enterprises
  with cleaner production) not met: ``symbiosis_links_below_criterion``,
  ``cleaner_production_share_below_criterion``.
"""

from __future__ import annotations

import re
from typing import Any

from symbiosis.load.park import Park
from symbiosis.monitor.accounts import Year
from symbiosis.monitor.reference import FLOW_EPS


def number(x: float, lang: str, digits: int = 0) -> str:
    """1,234.5 in English, 1.234,5 in Vietnamese (as ``present.i18n`` writes them)."""
    s = f"{x:,.{digits}f}"
    return s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") if lang == "vi" \
        else s


def _n(x: float, lang: str, digits: int = 0) -> str:
    return number(x, lang, digits)


def _pct(x: float, lang: str) -> str:
    return f"{number(100 * x, lang, 0)}%"


def _gap(level: str, subject: str, indicator: str, basis: str, unit: str, plan: float,
         actual: float, gap: float, en: str, vi: str) -> dict[str, Any]:
    return {"level": level, "subject": subject, "indicator": indicator, "basis": basis,
            "unit": unit, "plan": plan, "actual": actual, "gap": gap, "message": en,
            "message_vi": vi}


def find_gaps(park: Park, y: Year, b: Any, flow_share: float, co2_tol: float
              ) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    year = b.a.year
    plan, base = b.plan, b.base
    flagged: set[str] = set()
    for eid, e in park.exchanges.items():
        unit = park.resources[e.resource].unit
        actual = y.flows[eid]
        nr_en = "" if eid in y.flow_reported else " (not reported)"
        nr_vi = "" if eid in y.flow_reported else " (không có số liệu báo cáo)"
        ends = f"{e.supplier} → {e.receiver}"
        p = plan.flows.get(eid, 0.0) if plan else 0.0
        if plan and p > FLOW_EPS:
            if actual <= FLOW_EPS:
                flagged.add(eid)
                out.append(_gap(
                    "link", eid, "link_not_operating", "plan", unit, p, actual, p - actual,
                    f"Planned link {eid} ({ends}) did not operate in {year}{nr_en}; the plan "
                    f"has {_n(p, 'en')} {unit}/yr.",
                    f"Liên kết theo kế hoạch {eid} ({ends}) không vận hành trong năm {year}"
                    f"{nr_vi}; kế hoạch là {_n(p, 'vi')} {unit}/năm."))
            elif actual < flow_share * p:
                flagged.add(eid)
                out.append(_gap(
                    "link", eid, "link_flow_below_plan", "plan", unit, p, actual, p - actual,
                    f"Link {eid} ({ends}) carried {_n(actual, 'en')} {unit}, "
                    f"{_pct(actual / p, 'en')} of the planned {_n(p, 'en')} {unit} (below "
                    f"{_pct(flow_share, 'en')}).",
                    f"Liên kết {eid} ({ends}) chỉ đạt {_n(actual, 'vi')} {unit}, bằng "
                    f"{_pct(actual / p, 'vi')} so với kế hoạch {_n(p, 'vi')} {unit} (dưới "
                    f"ngưỡng {_pct(flow_share, 'vi')})."))
        bf = base.flows.get(eid, 0.0)
        if bf > FLOW_EPS and actual <= FLOW_EPS and eid not in flagged:
            out.append(_gap(
                "link", eid, "link_stopped", "baseline", unit, bf, actual, bf,
                f"Link {eid} ({ends}) operated in the baseline ({_n(bf, 'en')} {unit}/yr) but "
                f"not in {year}{nr_en}.",
                f"Liên kết {eid} ({ends}) vận hành ở đường cơ sở ({_n(bf, 'vi')} {unit}/năm) "
                f"nhưng không vận hành trong năm {year}{nr_vi}."))
    for mid, m in park.measures.items():
        nr_en = "" if mid in y.kept_reported else " (not reported)"
        nr_vi = "" if mid in y.kept_reported else " (không có số liệu báo cáo)"
        if plan and mid in plan.adopted and not y.kept[mid]:
            out.append(_gap(
                "measure", mid, "measure_dropped", "plan", "", 1.0, 0.0, 1.0,
                f"Measure {mid} at {m.tenant} is in the plan but was not kept up in "
                f"{year}{nr_en}.",
                f"Giải pháp {mid} tại {m.tenant} có trong kế hoạch nhưng không được duy trì "
                f"trong năm {year}{nr_vi}."))
        if b.measure_results.get(mid) is False:
            out.append(_gap(
                "measure", mid, "measure_without_result", "baseline", "", 1.0, 0.0, 1.0,
                f"Measure {mid} at {m.tenant} was reported kept up in {year}, but the "
                "resources it acts on show no saving against the baseline at this year's "
                "production.",
                f"Giải pháp {mid} tại {m.tenant} được báo cáo là có duy trì trong năm {year}, "
                "nhưng số liệu tài nguyên liên quan không cho thấy tiết kiệm so với đường cơ sở "
                "(đã quy đổi theo sản lượng năm nay)."))
    if plan:
        for r in b.rows:
            if r["indicator"] != "co2" or r["item"] != "total" or r["level"] == "tenant":
                continue
            p, a = r["plan"], r["actual"]
            if p is None or a <= p * (1 + co2_tol) + 1e-6:
                continue
            who = "the park" if r["level"] == "park" else r["subject"]
            who_vi = "toàn KCN" if r["level"] == "park" else r["subject"]
            over_en = f"{_pct(a / p - 1, 'en')} above" if p > 0 else "above"
            over_vi = f"cao hơn {_pct(a / p - 1, 'vi')} so với" if p > 0 else "cao hơn"
            out.append(_gap(
                r["level"], r["subject"], "co2_above_plan", "plan", "t CO2e", p, a, a - p,
                f"CO2 of {who} was {_n(a, 'en')} t CO2e, {over_en} the plan's {_n(p, 'en')} "
                f"t CO2e at this year's production (tolerance {_pct(co2_tol, 'en')}).",
                f"Phát thải CO2 của {who_vi} là {_n(a, 'vi')} tấn CO2e, {over_vi} kế hoạch "
                f"{_n(p, 'vi')} tấn CO2e quy đổi theo sản lượng năm nay (ngưỡng cho phép "
                f"{_pct(co2_tol, 'vi')})."))
    cp = b.summary["cleaner_production"]
    if not cp["meets_target"]:
        t, s = cp["target"], cp["share"]
        out.append(_gap(
            "park", "park", "cleaner_production_share_below_criterion", "criterion", "share",
            t, s, t - s,
            f"{_pct(s, 'en')} of the park's enterprises kept up a cleaner-production measure in "
            f"{year}, below the {_pct(t, 'en')} of Decree 35 {cp['article']}.",
            f"Năm {year}, tỷ lệ doanh nghiệp trong KCN duy trì giải pháp sản xuất sạch hơn là "
            f"{_pct(s, 'vi')}, thấp hơn mức tối thiểu {_pct(t, 'vi')} theo Nghị định 35 "
            f"({_article_vi(cp['article'])})."))
    sym = b.summary["symbiosis"]
    if not sym["meets_target"]:
        t, s = sym["target"], len(sym["symbiosis_links_operating"])
        out.append(_gap(
            "park", "park", "symbiosis_links_below_criterion", "criterion", "links", t, s, t - s,
            f"{s} symbiosis links among the park's enterprises operated in {year}; Decree 35 "
            f"{sym['article']} asks for at least {_n(t, 'en')}.",
            f"Năm {year} có {s} liên kết cộng sinh công nghiệp giữa các doanh nghiệp trong KCN "
            f"vận hành; Nghị định 35 ({_article_vi(sym['article'])}) yêu cầu ít nhất "
            f"{_n(t, 'vi')}."))
    return out


def _article_vi(article: str) -> str:
    """'Art. 37 cl. 2 c' → 'Điều 37 khoản 2 điểm c'."""
    text = article.replace("Art.", "Điều").replace("cl.", "khoản")
    return re.sub(r"(\d) ([a-zđ])$", r"\1 điểm \2", text)
