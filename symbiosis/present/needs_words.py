"""The data-request list's vocabulary in English and Vietnamese (used by ``needs_text``).

Every phrase the list, its workbook and its report section print is here, so a test can
check that the Vietnamese output carries none of the English words.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Data to request",
        "intro": "{n} estimated figures (tag E) were each moved alone over their range, the "
                 "scenario and its baseline solved again at each end; {flips} of them change "
                 "the best plan inside their range. Ranking: by the swing of {metric}; on "
                 "equal swings, figures that change a decision first. Now the cost change is {dcost} bn "
                 "VND/yr and the CO2 change {dco2} t CO2e/yr. Each enterprise is asked first "
                 "for the figures below.",
        "metric_cost": "the annual cost change against the baseline",
        "metric_co2": "the CO2 change against the baseline",
        "rank": "Rank", "figure": "Figure", "value": "Current value", "unit": "Unit",
        "basis": "Basis", "note": "Note (from the model)", "low": "Low", "high": "High",
        "range": "Range", "range_basis": "Range from", "cost_swing": "Swing of cost change (bn VND/yr)",
        "co2_swing": "Swing of CO2 change (t CO2e/yr)", "flips": "Decision flips",
        "flip_point": "Flip point", "why": "Why it matters", "path": "Figure path",
        "enterprise": "Enterprise", "sheet_note": "Scenario {scenario}: figures this enterprise "
                                                 "can supply, most important first.",
        "yes": "yes", "no": "no", "estimate": "estimate (E)",
        "park_wide": "Park-wide / authorities",
        "range_scenario": "the scenario's uncertainty section",
        "range_spread": "±{p} % (the scenario's spread on estimates)",
        "range_default": "±{p} % (default spread on estimates)",
        "why_flip": "The best plan changes when the value goes {dir} {point}: {change}; over "
                    "its range the cost change moves by {swing} bn VND/yr.",
        "dir_below": "below", "dir_above": "above",
        "build": "builds {name}", "unbuild": "no longer builds {name}",
        "adopt": "adopts {name}", "unadopt": "no longer adopts {name}",
        "no_solution": "the scenario has no solution",
        "why_swing": "No decision changes over its range; the cost change moves by {swing} bn "
                     "VND/yr{share} and the CO2 change by {co2} t CO2e/yr.",
        "share": " ({p} % of it now)",
        "why_nothing": "Changes neither cost, CO2 nor any decision over its range: low priority.",
        "why_zero": "Its value is 0, so a relative range cannot move it; give it a range in "
                    "the scenario's uncertainty section to test it.",
        "other": "other figure",
        "none": "The scenario has no estimated figure.",
    },
    "vi": {
        "title": "Số liệu cần thu thập",
        "intro": "{n} số liệu ước tính (mức E) được thay đổi lần lượt trong khoảng giá trị "
                 "của từng số liệu, giải lại kịch bản và kịch bản so sánh ở mỗi đầu khoảng; "
                 "{flips} số liệu làm thay đổi phương án tối ưu ngay trong khoảng đó. Xếp "
                 "hạng: theo mức dao động của {metric}; khi mức dao động bằng nhau, số liệu "
                 "làm thay đổi quyết định xếp trước. Hiện nay chênh lệch chi phí là {dcost} tỷ đồng/năm và chênh lệch "
                 "CO2 là {dco2} t CO2e/năm. Mỗi doanh nghiệp được đề nghị cung cấp trước hết "
                 "các số liệu dưới đây.",
        "metric_cost": "chênh lệch chi phí hằng năm so với kịch bản so sánh",
        "metric_co2": "chênh lệch CO2 so với kịch bản so sánh",
        "rank": "Hạng", "figure": "Số liệu", "value": "Giá trị hiện tại", "unit": "Đơn vị",
        "basis": "Cơ sở", "note": "Ghi chú (trong mô hình)", "low": "Thấp", "high": "Cao",
        "range": "Khoảng giá trị", "range_basis": "Căn cứ khoảng giá trị",
        "cost_swing": "Dao động chênh lệch chi phí (tỷ đồng/năm)",
        "co2_swing": "Dao động chênh lệch CO2 (t CO2e/năm)", "flips": "Quyết định thay đổi",
        "flip_point": "Điểm chuyển", "why": "Lý do cần thu thập", "path": "Đường dẫn số liệu",
        "enterprise": "Doanh nghiệp", "sheet_note": "Kịch bản {scenario}: các số liệu doanh "
                                                    "nghiệp có thể cung cấp, quan trọng nhất trước.",
        "yes": "có", "no": "không", "estimate": "ước tính (mức E)",
        "park_wide": "Toàn khu / cơ quan quản lý",
        "range_scenario": "khoảng do mục bất định của kịch bản nêu",
        "range_spread": "±{p} % (mức dao động chung của kịch bản cho số liệu ước tính)",
        "range_default": "±{p} % (mức mặc định cho số liệu ước tính)",
        "why_flip": "Phương án tối ưu thay đổi khi giá trị {dir} {point}: {change}; trong "
                    "khoảng giá trị, chênh lệch chi phí dao động {swing} tỷ đồng/năm.",
        "dir_below": "xuống dưới", "dir_above": "vượt quá",
        "build": "xây thêm {name}", "unbuild": "không xây {name}",
        "adopt": "áp dụng thêm {name}", "unadopt": "không áp dụng {name}",
        "no_solution": "kịch bản không còn lời giải",
        "why_swing": "Không quyết định nào thay đổi trong khoảng giá trị; chênh lệch chi phí "
                     "dao động {swing} tỷ đồng/năm{share}, chênh lệch CO2 dao động {co2} t "
                     "CO2e/năm.",
        "share": " ({p} % mức hiện tại)",
        "why_nothing": "Không làm thay đổi chi phí, CO2 hay quyết định nào trong khoảng giá "
                       "trị: ưu tiên thấp.",
        "why_zero": "Giá trị hiện bằng 0 nên khoảng tương đối không làm thay đổi; cần nêu "
                    "khoảng giá trị riêng trong mục bất định của kịch bản để đánh giá.",
        "other": "số liệu khác",
        "none": "Kịch bản không có số liệu ước tính nào.",
    },
}

# Attribute of a model entry → (en, vi).
ATTRS = {
    "price": ("purchase price", "giá mua"), "sale_price": ("sale price", "giá bán"),
    "disposal_cost": ("disposal cost", "chi phí thải bỏ"),
    "disposal_co2": ("CO2 of disposal", "phát thải CO2 khi thải bỏ"),
    "upstream_co2": ("upstream CO2", "phát thải CO2 ở khâu sản xuất đầu vào"),
    "use_co2": ("CO2 when used", "phát thải CO2 khi sử dụng"),
    "avoided_co2": ("CO2 avoided where it replaces", "phát thải CO2 tránh được khi thay thế"),
    "capacity": ("capacity", "công suất"), "minimum": ("least throughput", "công suất tối thiểu"),
    "capex": ("capital cost", "vốn đầu tư"), "lifetime": ("lifetime", "tuổi thọ"),
    "opex_fixed": ("fixed operating cost", "chi phí vận hành cố định"),
    "opex_var": ("operating cost per unit", "chi phí vận hành trên một đơn vị"),
    "electricity": ("electricity per unit", "điện năng trên một đơn vị"),
    "transport_co2": ("transport CO2 per unit", "phát thải CO2 vận chuyển trên một đơn vị"),
    "distance_km": ("distance", "khoảng cách"), "ratio": ("substitution ratio", "tỷ lệ thay thế"),
    "direct_co2": ("direct CO2", "phát thải CO2 trực tiếp"),
    "power_efficiency": ("power efficiency", "hiệu suất phát điện"),
    "heat_efficiency": ("heat efficiency", "hiệu suất cấp nhiệt"),
    "power_loss": ("power lost per unit of heat", "điện năng mất đi trên một đơn vị nhiệt"),
    "load_factor": ("load today (share of design)", "mức huy động công suất hiện nay (tỷ lệ so với thiết kế)"),
    "in_service": ("year in service", "năm đưa vào vận hành"),
}
FLOWS = {"inputs": ("{res} needed", "nhu cầu {res}"),
         "outputs": ("{res} released", "lượng {res} thải ra"),
         "production": ("{res} produced", "sản lượng {res}"),
         "demand": ("{res} demand", "nhu cầu {res}")}
EFFECTS = {"inputs": ("change in {res} needed", "mức thay đổi nhu cầu {res}"),
           "outputs": ("change in {res} released", "mức thay đổi lượng {res} thải ra")}
SHARE, AMOUNT = ("share", "tỷ lệ"), ("amount", "lượng")
PHRASES = {
    "carbon_price": ("carbon price", "giá carbon"),
    "grid_factor": ("grid emission factor {year}", "hệ số phát thải lưới điện năm {year}"),
    "exchange_rate": ("exchange rate {code}", "tỷ giá {code}"),
    # the park block's Decree 35 data (load/census.py)
    "census": ("enterprises in the whole park", "số doanh nghiệp của toàn khu công nghiệp"),
    "wastewater_capacity": ("central wastewater plant capacity",
                            "công suất trạm xử lý nước thải tập trung"),
    "park_wastewater": ("wastewater of the whole park", "lượng nước thải của khu công nghiệp"),
    "direct_change": ("change in direct CO2", "mức thay đổi phát thải CO2 trực tiếp"),
    "mode": ("in one operating mode", "ở một chế độ vận hành"),
    "quality": ("quality", "chất lượng"),
    "transfer_price": ("transfer price", "giá bên nhận trả bên cấp"),
    "processing": ("processing {attr}", "{attr} của dây chuyền xử lý"),
}
ANNUAL = {"inputs", "outputs", "production", "demand", "capacity", "minimum", "direct_co2",
          "opex_fixed", "delta", "park_wastewater"}  # a number in t, MWh or money is per year here
