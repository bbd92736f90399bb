"""The shared look of every figure: labels in two languages, palette, numbers, saving.

Figures are built on ``matplotlib.figure.Figure`` with the Agg canvas, never through
pyplot, so no global figure registry grows; style settings apply only inside
:func:`style` (an ``rc_context``) and never leak into the caller's matplotlib.
"""

from __future__ import annotations

import math
import re
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from symbiosis.money import Display, relabel_all

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "network_title": "Industrial symbiosis network",
        "sankey_materials_title": "Material and water flows",
        "sankey_energy_title": "Energy flows",
        "waterfall_title": "CO₂ emissions by scope",
        "pareto_title": "Cost – CO₂ trade-off",
        "macc_title": "Marginal abatement cost curve",
        "compare_title": "Scenario comparison",
        "existing_link": "Existing link",
        "new_link": "New link",
        "not_built": "Candidate, not built",
        "tenant": "Plant in the park",
        "facility": "Processing facility",
        "partner": "External partner",
        "partner_note": "Plant locations from the park model (estimates), nudged apart where "
                        "plants overlap. External partners: direction only, not to scale.",
        "schematic": "The park model gives no coordinates: schematic layout, not a map",
        "outside_ring": "outside the park",
        "resources": "Resources",
        "links": "Links",
        "nodes": "Nodes",
        "width_key": "Line width ∝ flow (per unit)",
        "width_note": "Widths compare only within one unit",
        "scale_bar": "m",
        "north": "N",
        "scope1": "Scope 1\n(direct)",
        "scope2": "Scope 2\n(electricity)",
        "scope3_upstream": "Scope 3\n(upstream)",
        "disposal": "Disposal",
        "baseline": "Baseline",
        "scenario": "Scenario",
        "this_scenario": "This scenario",
        "delta": "Δ",
        "decrease": "Decrease",
        "increase": "Increase",
        "total": "Total",
        "avoided": "Avoided outside the park",
        "avoided_note": "outside the park's inventory",
        "axis_break": "The CO₂ axis does not start at zero",
        "co2_axis": "CO₂ (kt CO₂e/yr)",
        "cost_axis": "Cost (bn VND/yr)",
        "cost_basis": "Cost without the carbon price",
        "pareto_points": "Efficient points (ε-constraint)",
        "pareto_numbers": "Numbers: new links built",
        "macc_x": "Abatement against the baseline (kt CO₂e/yr), options in merit order",
        "macc_y": "Abatement cost (thousand VND/t CO₂e)",
        "macc_usd": "USD/t CO₂e",
        "macc_net": "net boundary",
        "macc_all": "park inventory",
        "macc_scope12": "scope 1 + 2",
        "macc_scope1": "scope 1",
        "macc_net_note": "CO₂ on the net boundary: the park's inventory minus the emissions "
                         "avoided at partners (cement plants replacing clinker and natural "
                         "gypsum), so links that abate at partners are on the curve.",
        "macc_all_note": "CO₂ on the park's inventory (scopes 1, 2, 3 upstream, disposal); "
                         "emissions avoided at partners are not counted.",
        "macc_scope12_note": "CO₂ of scopes 1 and 2 only.",
        "macc_scope1_note": "CO₂ of scope 1 only.",
        "macc_offset": "Before the curve, in the optimum for their saving, adding CO₂",
        "macc_package": "Package of links and measures",
        "macc_optimum": "Scenario optimum",
        "macc_left_out": "{n} options abate nothing more on this boundary and are not drawn.",
        "link_option": "Symbiosis link",
        "measure_option": "Cleaner-production measure",
        "process_option": "Conversion process",
        "beyond_optimum": "Beyond the scenario's optimum",
        "optimum_reached": "scenario optimum",
        "carbon_price": "Carbon price",
        "clipped": "bar cut at the axis",
        "delta_cost": "Δ cost vs baseline (bn VND/yr)",
        "delta_co2": "Δ CO₂ vs baseline (kt CO₂e/yr)",
        "criteria": "Decree 35/2022 criteria",
        "pass": "Pass",
        "fail": "Fail",
        "needs-evidence": "Needs evidence",
        "not_checked": "Not checked",
        "infeasible": "infeasible",
        "no_flows": "No flows in this result",
        "market_in": "Market (purchases)",
        "market_out": "Market (sales)",
        "disposal_sink": "Disposal",
        "baseline_was": "baseline",
        "panel_t": "Materials (t/yr)",
        "panel_m3": "Water (m³/yr)",
        "panel_GJ": "Heat, fuel and electricity (GJ/yr; 1 MWh = 3.6 GJ)",
        "panel_Nm3": "Gas (Nm³/yr)",
        "suppliers": "Suppliers",
        "receivers": "Receivers",
        "new_links_n": "new links",
        "yr": "yr",
        "inventory": "Park inventory",
        "inventory_delta": "Park inventory",
        "delta_co2_key": "Δ CO₂ (right-hand chart)",
        "against_baseline": "differences against each scenario's own baseline",
        "compare_note": "Cost without the carbon price. Decree 35 criteria as checked in each "
                        "run; values are the KPI the criterion tests.",
        "pareto_note": "Each point minimises cost under a CO₂ cap (augmented ε-constraint).",
        "thousand_vnd_t": "thousand VND/t",
        "macc_key": "Options in merit order",
        "macc_key_kt": "kt/yr",
        "macc_key_cost": "thousand VND/t",
        "boundary": "CO₂ boundary",
        "avoided_footnote": "Avoided emissions at external partners (cement plants replacing "
                            "natural gypsum and clinker, …) are not part of the park's "
                            "inventory and are not subtracted from it.",
        "macc_note": "Each option is valued on top of those before it (re-optimised); width = "
                     "abatement, height = cost per tonne (money only, no carbon price). Options "
                     "joined by a bracket in the key are pooled into one bar at their total "
                     "cost over their total abatement, so the curve never falls. Up to the "
                     "optimum's mark the options add up to the scenario optimum's abatement; "
                     "bars cut at the axis carry their value in red.",
    },
    "vi": {
        "network_title": "Mạng lưới cộng sinh công nghiệp",
        "sankey_materials_title": "Dòng vật chất và nước",
        "sankey_energy_title": "Dòng năng lượng",
        "waterfall_title": "Phát thải CO₂ theo phạm vi",
        "pareto_title": "Đánh đổi chi phí – CO₂",
        "macc_title": "Đường cong chi phí giảm phát thải biên",
        "compare_title": "So sánh các kịch bản",
        "existing_link": "Liên kết hiện có",
        "new_link": "Liên kết mới",
        "not_built": "Ứng viên, không xây dựng",
        "tenant": "Nhà máy trong KCN",
        "facility": "Cơ sở xử lý trung gian",
        "partner": "Đối tác ngoài KCN",
        "partner_note": "Vị trí nhà máy theo mô hình KCN (ước tính), tách nhẹ ra khi chồng lên "
                        "nhau. Đối tác ngoài KCN: chỉ thể hiện hướng, không theo tỷ lệ.",
        "schematic": "Mô hình KCN không có tọa độ: sơ đồ bố trí, không phải bản đồ",
        "outside_ring": "bên ngoài KCN",
        "resources": "Tài nguyên",
        "links": "Liên kết",
        "nodes": "Nút",
        "width_key": "Độ rộng đường ∝ lưu lượng (theo đơn vị)",
        "width_note": "Chỉ so sánh độ rộng trong cùng một đơn vị",
        "scale_bar": "m",
        "north": "B",
        "scope1": "Phạm vi 1\n(trực tiếp)",
        "scope2": "Phạm vi 2\n(điện)",
        "scope3_upstream": "Phạm vi 3\n(thượng nguồn)",
        "disposal": "Thải bỏ",
        "baseline": "Kịch bản cơ sở",
        "scenario": "Kịch bản",
        "this_scenario": "Kịch bản này",
        "delta": "Δ",
        "decrease": "Giảm",
        "increase": "Tăng",
        "total": "Tổng",
        "avoided": "Tránh được bên ngoài KCN",
        "avoided_note": "ngoài phạm vi kiểm kê của KCN",
        "axis_break": "Trục CO₂ không bắt đầu từ 0",
        "co2_axis": "CO₂ (nghìn t CO₂e/năm)",
        "cost_axis": "Chi phí (tỷ đồng/năm)",
        "cost_basis": "Chi phí chưa gồm giá carbon",
        "pareto_points": "Các điểm hiệu quả (phương pháp ε-ràng buộc)",
        "pareto_numbers": "Số ghi cạnh điểm: số liên kết mới",
        "macc_x": "Lượng giảm phát thải so với kịch bản cơ sở (nghìn t CO₂e/năm), theo thứ tự "
                  "ưu tiên",
        "macc_y": "Chi phí giảm phát thải (nghìn đồng/t CO₂e)",
        "macc_usd": "USD/t CO₂e",
        "macc_net": "ranh giới ròng",
        "macc_all": "kiểm kê của KCN",
        "macc_scope12": "phạm vi 1 + 2",
        "macc_scope1": "phạm vi 1",
        "macc_net_note": "CO₂ theo ranh giới ròng: kiểm kê của KCN trừ phát thải tránh được tại "
                         "đối tác (nhà máy xi măng thay clanhke và thạch cao tự nhiên), nên các "
                         "liên kết giảm phát thải tại đối tác có trên đường cong.",
        "macc_all_note": "CO₂ theo kiểm kê của KCN (phạm vi 1, 2, 3 thượng nguồn, thải bỏ); "
                         "không tính phát thải tránh được tại đối tác.",
        "macc_scope12_note": "Chỉ tính CO₂ phạm vi 1 và 2.",
        "macc_scope1_note": "Chỉ tính CO₂ phạm vi 1.",
        "macc_offset": "Trước đường cong, có trong phương án tối ưu vì tiết kiệm chi phí, làm "
                       "tăng CO₂",
        "macc_package": "Gói liên kết và giải pháp",
        "macc_optimum": "Tối ưu của kịch bản",
        "macc_left_out": "{n} phương án không giảm thêm phát thải trên ranh giới này, không vẽ.",
        "link_option": "Liên kết cộng sinh",
        "measure_option": "Giải pháp sản xuất sạch hơn",
        "process_option": "Quá trình chuyển đổi",
        "beyond_optimum": "Ngoài phương án tối ưu của kịch bản",
        "optimum_reached": "tối ưu của kịch bản",
        "carbon_price": "Giá carbon",
        "clipped": "cột bị cắt tại trục",
        "delta_cost": "Chênh lệch chi phí so với cơ sở (tỷ đồng/năm)",
        "delta_co2": "Chênh lệch CO₂ so với cơ sở (nghìn t CO₂e/năm)",
        "criteria": "Tiêu chí Nghị định 35/2022/NĐ-CP",
        "pass": "Đạt",
        "fail": "Không đạt",
        "needs-evidence": "Cần bằng chứng",
        "not_checked": "Không đánh giá",
        "infeasible": "không khả thi",
        "no_flows": "Không có dòng nào trong kết quả này",
        "market_in": "Thị trường (mua vào)",
        "market_out": "Thị trường (bán ra)",
        "disposal_sink": "Thải bỏ",
        "baseline_was": "cơ sở",
        "panel_t": "Vật chất (t/năm)",
        "panel_m3": "Nước (m³/năm)",
        "panel_GJ": "Nhiệt, nhiên liệu và điện (GJ/năm; 1 MWh = 3,6 GJ)",
        "panel_Nm3": "Khí (Nm³/năm)",
        "suppliers": "Bên cung cấp",
        "receivers": "Bên tiếp nhận",
        "new_links_n": "liên kết mới",
        "yr": "năm",
        "inventory": "Kiểm kê phát thải của KCN",
        "inventory_delta": "Kiểm kê của KCN",
        "delta_co2_key": "Chênh lệch CO₂ (biểu đồ bên phải)",
        "against_baseline": "chênh lệch so với kịch bản cơ sở của từng kịch bản",
        "compare_note": "Chi phí chưa gồm giá carbon. Tiêu chí Nghị định 35 như được đánh giá "
                        "trong từng lần chạy; giá trị là chỉ số mà tiêu chí kiểm tra.",
        "pareto_note": "Mỗi điểm là chi phí nhỏ nhất dưới một mức trần CO₂ (phương pháp "
                       "ε-ràng buộc tăng cường).",
        "thousand_vnd_t": "nghìn đồng/t",
        "macc_key": "Các phương án theo thứ tự ưu tiên",
        "macc_key_kt": "nghìn t/năm",
        "macc_key_cost": "nghìn đồng/t",
        "boundary": "ranh giới CO₂",
        "avoided_footnote": "Phát thải tránh được tại đối tác bên ngoài (nhà máy xi măng thay "
                            "thạch cao tự nhiên và clanhke, …) không thuộc kiểm kê của KCN và "
                            "không được trừ vào kiểm kê.",
        "macc_note": "Mỗi phương án được đánh giá khi đã có các phương án trước nó (tối ưu "
                     "lại); độ rộng cột = lượng giảm phát thải, chiều cao = chi phí trên mỗi tấn "
                     "(chỉ tính tiền, chưa gồm giá carbon). Các phương án nối bằng ngoặc trong "
                     "danh sách được gộp thành một cột (tổng chi phí chia tổng lượng giảm), nên "
                     "đường cong không đi xuống. Đến vạch tối ưu, tổng lượng giảm bằng lượng "
                     "giảm của phương án tối ưu của kịch bản; cột bị cắt tại trục ghi giá trị "
                     "màu đỏ.",
    },
}

FONT = "DejaVu Sans"
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.8,
    "axes.grid": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "grid.color": "#e2e2e2",
    "grid.linewidth": 0.7,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "savefig.dpi": 150,
}
SIZE = (10.0, 7.0)
DPI = 150

INK = "#222222"
MUTED = "#777777"
FAINT = "#c8c8c8"
GOOD = "#1a9850"
BAD = "#d73027"
WARN = "#f4a722"
BASE = "#8a8a8a"
SCEN = "#2b5c8a"
LINK_C = "#1b7f79"
MEASURE_C = "#7b5ea7"
STATUS_COLOURS = {"pass": "#4daf4a", "fail": "#e41a1c", "needs-evidence": "#fdb84e"}

# Distinct hues within each kind of resource: earthy and violet for materials, warm
# for energy, blues for water. Colours are given in model order, resources carried by
# candidate links first, so one park keeps its colours across scenarios and figures.
PALETTE = {
    "material": ["#a6761d", "#7570b3", "#1b9e77", "#e7298a", "#8c564b", "#66a61e",
                 "#bcbd22", "#6a3d9a", "#b15928", "#01665e", "#de77ae", "#7f7f7f",
                 "#543005", "#b8e186", "#c7a76c", "#3f007d"],
    "energy": ["#e6ab02", "#d7301f", "#f46d43", "#4d4d4d", "#fdae6b", "#67000d"],
    "water": ["#08519c", "#4292c6", "#9ecae1", "#084081"],
}

# Units folded into one canonical unit per family so widths compare within it.
# Only physical identities here (no heating values): gas by volume stays apart.
CANON = {"t": ("t", 1.0), "kt": ("t", 1e3), "Mt": ("t", 1e6), "kg": ("t", 1e-3),
         "GJ": ("GJ", 1.0), "MJ": ("GJ", 1e-3), "TJ": ("GJ", 1e3), "PJ": ("GJ", 1e6),
         "kWh": ("GJ", 0.0036), "MWh": ("GJ", 3.6), "GWh": ("GJ", 3600.0),
         "m3": ("m3", 1.0), "Nm3": ("Nm3", 1.0)}


def labels(lang: str, money: Display | None = None) -> dict[str, str]:
    """Figure wording; with ``money`` (a result's currency) its amounts relabelled."""
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(LABELS)}")
    return relabel_all(LABELS[lang], lang, money)


@contextmanager
def style() -> Iterator[None]:
    with matplotlib.rc_context(RC):
        yield


def new_figure(size: tuple[float, float] = SIZE) -> Figure:
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, out_dir: Path, name: str) -> list[Path]:
    """Write ``name``.png and ``name``.svg; release the figure's artists."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png", out_dir / f"{name}.svg"]
    with style():
        fig.savefig(paths[0], dpi=DPI, facecolor="white")
        fig.savefig(paths[1], format="svg", facecolor="white")
    fig.clear()
    return paths


def header(fig: Figure, title: str, result: Any, lang: str, top: float = 0.975) -> None:
    """Bold title with the scenario id; the scenario's own title under it."""
    fig.suptitle(f"{title} — {result.id}", x=0.015, y=top, ha="left", va="top",
                 fontsize=12.5, fontweight="bold", color=INK)
    sub = scenario_title(result, lang)
    if sub:
        fig.text(0.015, top - 0.04, sub, ha="left", va="top", fontsize=8.5, color=MUTED)


def footnote(fig: Figure, text: str) -> None:
    text = "\n".join(textwrap.wrap(text, 175))
    fig.text(0.015, 0.012, text, ha="left", va="bottom", fontsize=7, color=MUTED)


def scenario_title(result: Any, lang: str) -> str:
    s = result.summary
    scen = result.composed.get("scenario", {}) if result.composed else {}
    if lang == "vi":
        return s.get("title_vi") or scen.get("title_vi") or s.get("title") or ""
    return s.get("title") or scen.get("title") or ""


# ----------------------------------------------------------------------------- numbers

def num(value: float | None, decimals: int = 0, lang: str = "en", sign: bool = False) -> str:
    """Thousands separators: 1,234.5 in English, 1.234,5 in Vietnamese."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    if text.lstrip("+-").strip("0.,") == "":
        text = text.lstrip("+-")
    text = text.replace("-", "−")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def tick_formatter(lang: str, decimals: int = 0):
    from matplotlib.ticker import FuncFormatter
    return FuncFormatter(lambda v, _pos: num(v, decimals, lang))


def amount(value: float, unit: str, lang: str) -> str:
    """A flow in readable magnitude: 1.2 Mt, 350 kt, 2.0 PJ, 48 M Nm³."""
    vi = lang == "vi"
    steps = {
        "t": [(1e6, "triệu t" if vi else "Mt"), (1e3, "nghìn t" if vi else "kt"), (1, "t")],
        "GJ": [(1e6, "PJ"), (1e3, "TJ"), (1, "GJ")],
        "m3": [(1e6, "triệu m³" if vi else "M m³"), (1e3, "nghìn m³" if vi else "k m³"),
               (1, "m³")],
        "Nm3": [(1e6, "triệu Nm³" if vi else "M Nm³"), (1e3, "nghìn Nm³" if vi else "k Nm³"),
                (1, "Nm³")],
    }.get(unit, [(1, unit)])
    for factor, name in steps:
        if abs(value) >= factor or factor == steps[-1][0]:
            v = value / factor
            dec = 0 if abs(v) >= 100 or factor == 1 else (1 if abs(v) >= 10 else 2)
            if abs(v - round(v)) < 1e-9:
                dec = 0
            return f"{num(v, dec, lang)} {name}"
    return f"{num(value, 0, lang)} {unit}"  # pragma: no cover


def nice(value: float) -> float:
    """A round number (1, 2, 5 × 10^n) at or below ``value``."""
    if value <= 0:
        return 0.0
    exp = math.floor(math.log10(value))
    for m in (5, 2, 1):
        if m * 10 ** exp <= value:
            return m * 10 ** exp
    return 10 ** exp  # pragma: no cover


def canon(value: float, unit: str) -> tuple[float, str]:
    c, factor = CANON.get(unit, (unit, 1.0))
    return value * factor, c


# ------------------------------------------------------------------------- names, colours

_PREFIXES = ("Công ty TNHH MTV ", "Công ty TNHH ", "Công ty CP ", "Công ty Cổ phần ",
             "Chi nhánh ", "Công ty ")


def full_name(entry: dict[str, Any] | None, key: str, lang: str) -> str:
    entry = entry or {}
    if lang == "vi" and entry.get("name_vi"):
        return str(entry["name_vi"])
    return str(entry.get("name") or key)


def short_names(entries: dict[str, dict[str, Any]], lang: str) -> dict[str, str]:
    """Node labels: ``short_name``/``short_name_vi`` where the model gives one, else the
    name without bracketed asides and legal form (Công ty TNHH MTV …)."""
    out = {}
    for key, entry in entries.items():
        entry = entry or {}
        given = entry.get("short_name_vi" if lang == "vi" else "short_name")
        if given:
            out[key] = str(given)
            continue
        text = re.sub(r"\s*\([^)]*\)", "", full_name(entry, key, lang)).strip()
        for p in _PREFIXES:
            if text.startswith(p):
                text = text[len(p):]
                break
        out[key] = text or key
    return out


def wrap(text: str, width: int = 18, lines: int = 2) -> str:
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(parts)


def resource_colours(model: dict[str, Any]) -> dict[str, str]:
    resources = model.get("resources", {}) or {}
    carried = {e.get("resource") for e in (model.get("exchanges", {}) or {}).values()}
    order = [r for r in resources if r in carried] + [r for r in resources if r not in carried]
    used = {k: 0 for k in PALETTE}
    out = {}
    for r in order:
        kind = resources[r].get("kind", "material")
        pal = PALETTE.get(kind, PALETTE["material"])
        out[r] = pal[used.setdefault(kind, 0) % len(pal)]
        used[kind] += 1
    return out


def colour_of(colours: dict[str, str], resource: str) -> str:
    return colours.get(resource, "#999999")
