"""Report wording in English and Vietnamese, and numbers written the way each reads them."""

from __future__ import annotations

from symbiosis.money import Display, display, relabel_all

LANGS = ("en", "vi")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Industrial symbiosis assessment",
        "subtitle": "{park} — scenario {scenario}",
        "contents": "Contents",
        "findings": "Findings",
        "assumptions": "Scenario assumptions",
        "park": "The park and its tenants",
        "links": "Symbiosis links chosen",
        "measures": "Cleaner-production measures adopted",
        "emissions": "Emissions by scope against the baseline",
        "decree": "Decree 35/2022/NĐ-CP checklist",
        "comparison": "Scenario comparison",
        "tradeoff": "Cost–CO2 trade-off",
        "macc": "Abatement cost curve",
        "sharing": "Who gains",
        "uncertainty": "Under uncertainty (Monte Carlo)",
        "mc_intro": "{n} samples of the uncertain inputs (seed {seed}); {infeasible} had no solution. Links and measures built in at least 90% of samples: {robust}.",
        "p10": "P10", "p50": "P50", "p90": "P90",
        "resilience": "Resilience to outages",
        "disruption_intro": "{years} simulated years of weekly tenant outages (seed {seed}). The links in use are worth {planned} bn VND/yr gross as planned (existing links included, measures left out: not the scenario's saving against today); expected {mean} bn VND/yr ({mean_share}), P10 {p10} bn VND/yr. Planned CO2 reduction {pco2} t/yr; expected {mco2} t/yr, P10 {p10co2} t/yr.",
        "single_suppliers": "Inputs that depend on one supplier",
        "roadmap": "Roadmap",
        "period": "Period", "investments": "Investments",
        "monitoring": "Annual monitoring (Art. 43)",
        "duties_intro": "Duties after certification: reported every year, not conditions of certification, so they are not in the checklist.",
        "monitor_intro": "Year {year}: {facts} facts reported; {gaps} gaps flagged.",
        "gap": "Gap", "subject": "Subject", "indicator": "Indicator",
        "infeasible": "Why the scenario has no solution",
        "sources": "Sources of every figure",
        "appendix": "Appendix: the model's equations",
        "provenance": "Provenance",
        "figure": "Figure",
        "network_caption": "Network of the park: tenants, partners and the links in use.",
        "sankey_materials_caption": "Material flows (t/yr) and water (m3/yr), with what is bought, sold and disposed.",
        "sankey_energy_caption": "Energy flows in GJ/yr (1 MWh = 3.6 GJ); phosphorus tail gas apart in Nm3/yr.",
        "waterfall_caption": "CO2 from baseline to scenario, by scope.",
        "pareto_caption": "Cost–CO2 trade-off: each point is the least annual cost under a CO2 cap.",
        "macc_caption": "Abatement options in merit order: width = t CO2e/yr abated, height = cost per tonne.",
        "compare_caption": "Scenarios side by side.",
        "finding_cost": "The scenario changes the park's annual cost by {dcost} bn VND/yr against the baseline ({cost} against {bcost} bn VND/yr).",
        "finding_committed": "Of this change, {ccost} bn VND/yr and {cco2} t CO2e/yr come from projects already under construction or contracted ({names}); the proposal's own share is {pcost} bn VND/yr and {pco2} t CO2e/yr.",
        "finding_today": "Today's baseline: each plant at its recent actual load ({loads}); the existing links on; nothing new built or adopted.",
        "carbon_price_on": "Carbon price charged on",
        "carbon_on_scope1": "scope 1 only (direct emissions of the park's plants)",
        "stopped": "stopped",
        "finding_co2": "It changes the park's CO2 inventory by {dco2} t CO2e/yr ({co2} against {bco2} t CO2e/yr); a further {avoided} t CO2e/yr are avoided at partners outside the park, not counted in the inventory.",
        "finding_links": "It builds {new} new links and adopts {measures} cleaner-production measures; {participation} of the park's {enterprises} enterprises take part in a symbiosis link.",
        "finding_decree": "Decree 35 criteria: {passed} met, {failed} not met, {evidence} need documents the model cannot supply.",
        "finding_infeasible": "The scenario has no solution: its constraints cannot all be met with the park's data.",
        "assumption_note": "Every number the scenario changes from the park model is listed under 'Changes to the park model'.",
        "objective": "Objective",
        "objective_cost": "least annual cost (with the carbon price, if any)",
        "objective_co2": "least CO2, then least cost at that CO2",
        "carbon_price": "Carbon price",
        "carbon_price_none": "none",
        "assumption_label": "assumption",
        "discount_rate": "Discount rate",
        "grid_factor": "Grid emission factor",
        "boundary": "CO2 boundary of the objective",
        "boundary_scope12": "scope 1 + scope 2",
        "boundary_all": "scope 1 + 2 + 3 upstream + disposal",
        "boundary_net": "scope 1 + 2 + 3 upstream + disposal − avoided at partners",
        "constraints": "Constraints",
        "criteria_imposed": "Decree 35 criteria imposed as constraints",
        "criteria_set": "Criteria set", "criteria_none": "none (no criteria checked)",
        "criteria_checklist": "Criteria checklist: {name}",
        "no_grid": "none (the park buys no grid electricity)",
        "yes": "yes", "no": "no",
        "changes": "Changes to the park model",
        "path": "Value", "old": "Model", "new": "Scenario", "file": "Set by", "note": "Note",
        "tenant": "Tenant", "sector": "Sector", "enterprise": "Enterprise",
        "production": "Production (t/yr)", "location": "Location",
        "link": "Link", "from": "From", "to": "To", "via": "Via", "resource": "Resource",
        "flow": "Flow", "capex": "Capital (bn VND)", "annual_cost": "Annual cost (bn VND/yr)",
        "co2": "CO2 (t/yr)", "avoided": "Avoided outside (t/yr)", "existing": "existing",
        "new_link": "new", "measure": "Measure", "no_links": "No link is built.",
        "no_measures": "No measure is adopted.",
        "scope": "Scope", "baseline": "Baseline", "scenario": "Scenario", "change": "Change",
        "scope1": "Scope 1 (direct)", "scope2": "Scope 2 (electricity)",
        "scope3_upstream": "Scope 3 (upstream of purchases)", "disposal": "Disposal",
        "total": "Inventory total", "avoided_row": "Avoided at partners (outside the inventory)",
        "criterion": "Criterion", "article": "Article", "value": "Value",
        "threshold": "Threshold", "status": "Status", "basis": "Data it rests on",
        "pass": "met", "fail": "not met", "needs-evidence": "needs evidence",
        "decree_note": "A criterion the model data cannot show is marked 'needs evidence': the enterprises' documents must show it.",
        "metric": "Metric", "option": "Option", "abated": "Abated (t/yr)",
        "cost_per_t": "Cost (VND/t)", "point": "Point",
        "macc_boundary": "CO2 boundary of the curve: {boundary}. Options in merit order, each valued on top of those before it; options pooled into one bar share its cost per tonne, so the cost never falls down the table. The options of the scenario's optimum add up to {total} t CO2e/yr, the optimum's abatement against the baseline.",
        "macc_offset": "before the curve: in the optimum for its saving, adds CO2", "mac": "Marginal cost (VND/t)",
        "shapley": "Shapley share of the saving", "delta_total": "Change in annual cost (bn VND/yr)",
        "source": "Source", "tag": "Tag", "title_col": "Title", "figure_path": "Figure",
        "unit": "Unit", "tags": "S = stated by the source, D = derived with the arithmetic in the note, E = estimate, A = assumption set by the scenario.",
        "sources_summary": "{n} figures from {s} sources: {S} stated, {D} derived, {E} estimates, {A} scenario assumptions.",
        "prov_version": "symbiosis version", "prov_solver": "Solver",
        "prov_hash": "Input SHA-256", "prov_time": "Solved at", "prov_files": "Scenario files",
        "equations_intro": "Annual steady state. Index t: tenant, r: resource, e: link, h: processing facility, m: measure.",
        "generated": "Generated by symbiosis {version} on {date}.",
    },
    "vi": {
        "title": "Đánh giá cộng sinh công nghiệp",
        "subtitle": "{park} — kịch bản {scenario}",
        "contents": "Mục lục",
        "findings": "Kết quả chính",
        "assumptions": "Giả định của kịch bản",
        "park": "Khu công nghiệp và các doanh nghiệp",
        "links": "Các liên kết cộng sinh được chọn",
        "measures": "Các giải pháp sản xuất sạch hơn được áp dụng",
        "emissions": "Phát thải theo phạm vi so với hiện trạng",
        "decree": "Danh mục tiêu chí theo Nghị định 35/2022/NĐ-CP",
        "comparison": "So sánh các kịch bản",
        "tradeoff": "Đánh đổi chi phí – CO2",
        "macc": "Đường cong chi phí giảm phát thải biên",
        "sharing": "Ai được lợi",
        "uncertainty": "Khi số liệu bất định (Monte Carlo)",
        "mc_intro": "{n} mẫu của các đầu vào bất định (hạt giống {seed}); {infeasible} mẫu không có nghiệm. Các liên kết và giải pháp được chọn trong ít nhất 90% số mẫu: {robust}.",
        "p10": "P10", "p50": "P50", "p90": "P90",
        "resilience": "Khả năng chống chịu khi doanh nghiệp ngừng hoạt động",
        "disruption_intro": "Mô phỏng {years} năm với các sự cố ngừng hoạt động theo tuần (hạt giống {seed}). Giá trị gộp theo kế hoạch của các liên kết đang vận hành là {planned} tỷ đồng/năm (kể cả liên kết hiện có, chưa tính các giải pháp sản xuất sạch hơn: không phải mức tiết kiệm của kịch bản so với hiện trạng); kỳ vọng {mean} tỷ đồng/năm ({mean_share}), P10 {p10} tỷ đồng/năm. Giảm CO2 theo kế hoạch {pco2} tấn/năm; kỳ vọng {mco2} tấn/năm, P10 {p10co2} tấn/năm.",
        "single_suppliers": "Đầu vào chỉ phụ thuộc một nhà cung cấp",
        "roadmap": "Lộ trình",
        "period": "Giai đoạn", "investments": "Đầu tư",
        "monitoring": "Giám sát hằng năm (Điều 43)",
        "duties_intro": "Nghĩa vụ sau khi được chứng nhận: báo cáo hằng năm, không phải điều kiện để được chứng nhận, nên không nằm trong danh mục tiêu chí.",
        "monitor_intro": "Năm {year}: {facts} số liệu được báo cáo; {gaps} chênh lệch được nêu.",
        "gap": "Chênh lệch", "subject": "Đối tượng", "indicator": "Chỉ số",
        "infeasible": "Vì sao kịch bản không có nghiệm",
        "sources": "Nguồn của mọi số liệu",
        "appendix": "Phụ lục: các phương trình của mô hình",
        "provenance": "Nguồn gốc kết quả",
        "figure": "Hình",
        "network_caption": "Mạng lưới khu công nghiệp: doanh nghiệp, đối tác và các liên kết đang vận hành.",
        "sankey_materials_caption": "Dòng vật chất (tấn/năm) và nước (m3/năm), kèm phần mua vào, bán ra và thải bỏ.",
        "sankey_energy_caption": "Dòng năng lượng tính theo GJ/năm (1 MWh = 3,6 GJ); khí thải lò phốt pho vàng tính riêng theo Nm3/năm.",
        "waterfall_caption": "Phát thải CO2 từ hiện trạng đến kịch bản, theo phạm vi.",
        "pareto_caption": "Đánh đổi chi phí – CO2: mỗi điểm là chi phí hằng năm thấp nhất dưới một mức trần CO2.",
        "macc_caption": "Các phương án giảm phát thải theo thứ tự hiệu quả: bề rộng = tấn CO2e/năm giảm được, chiều cao = chi phí trên mỗi tấn.",
        "compare_caption": "Các kịch bản đặt cạnh nhau.",
        "finding_cost": "Kịch bản làm chi phí hằng năm của khu công nghiệp thay đổi {dcost} tỷ đồng/năm so với hiện trạng ({cost} so với {bcost} tỷ đồng/năm).",
        "finding_committed": "Trong mức thay đổi này, {ccost} tỷ đồng/năm và {cco2} tấn CO2e/năm đến từ các dự án đang xây dựng hoặc đã ký hợp đồng ({names}); phần riêng của đề xuất là {pcost} tỷ đồng/năm và {pco2} tấn CO2e/năm.",
        "finding_today": "Hiện trạng làm cơ sở so sánh: mỗi nhà máy ở mức công suất thực tế gần đây ({loads}); các liên kết hiện có vẫn vận hành; không xây dựng hay áp dụng gì mới.",
        "carbon_price_on": "Giá carbon tính trên",
        "carbon_on_scope1": "chỉ phạm vi 1 (phát thải trực tiếp của các nhà máy trong khu công nghiệp)",
        "stopped": "ngừng hoạt động",
        "finding_co2": "Phát thải CO2 kiểm kê của khu công nghiệp thay đổi {dco2} tấn CO2e/năm ({co2} so với {bco2} tấn CO2e/năm); ngoài ra {avoided} tấn CO2e/năm được tránh tại các đối tác bên ngoài khu công nghiệp, không tính vào kiểm kê.",
        "finding_links": "Kịch bản xây dựng {new} liên kết mới và áp dụng {measures} giải pháp sản xuất sạch hơn; {participation} trong số {enterprises} doanh nghiệp của khu công nghiệp tham gia ít nhất một liên kết cộng sinh.",
        "finding_decree": "Tiêu chí Nghị định 35: {passed} đạt, {failed} không đạt, {evidence} cần hồ sơ chứng minh mà mô hình không cung cấp được.",
        "finding_infeasible": "Kịch bản không có nghiệm: không thể đồng thời đáp ứng mọi ràng buộc với số liệu hiện có của khu công nghiệp.",
        "assumption_note": "Mọi số liệu mà kịch bản thay đổi so với mô hình khu công nghiệp được liệt kê ở mục 'Các thay đổi so với mô hình'.",
        "objective": "Mục tiêu",
        "objective_cost": "chi phí hằng năm thấp nhất (kể cả giá carbon, nếu có)",
        "objective_co2": "phát thải CO2 thấp nhất, sau đó chi phí thấp nhất ở mức CO2 đó",
        "carbon_price": "Giá carbon",
        "carbon_price_none": "không có",
        "assumption_label": "giả định",
        "discount_rate": "Tỷ lệ chiết khấu",
        "grid_factor": "Hệ số phát thải lưới điện",
        "boundary": "Phạm vi CO2 của hàm mục tiêu",
        "boundary_scope12": "phạm vi 1 + phạm vi 2",
        "boundary_all": "phạm vi 1 + 2 + 3 thượng nguồn + thải bỏ",
        "boundary_net": "phạm vi 1 + 2 + 3 thượng nguồn + thải bỏ − phần tránh được tại đối tác",
        "constraints": "Ràng buộc",
        "criteria_imposed": "Áp tiêu chí Nghị định 35 thành ràng buộc",
        "criteria_set": "Bộ tiêu chí", "criteria_none": "không có (không đánh giá tiêu chí)",
        "criteria_checklist": "Danh mục tiêu chí: {name}",
        "no_grid": "không có (khu công nghiệp không mua điện lưới)",
        "yes": "có", "no": "không",
        "changes": "Các thay đổi so với mô hình",
        "path": "Số liệu", "old": "Mô hình", "new": "Kịch bản", "file": "Do tệp", "note": "Ghi chú",
        "tenant": "Doanh nghiệp", "sector": "Ngành", "enterprise": "Pháp nhân",
        "production": "Sản lượng (tấn/năm)", "location": "Vị trí",
        "link": "Liên kết", "from": "Từ", "to": "Đến", "via": "Qua", "resource": "Tài nguyên",
        "flow": "Lưu lượng", "capex": "Vốn đầu tư (tỷ đồng)",
        "annual_cost": "Chi phí hằng năm (tỷ đồng/năm)", "co2": "CO2 (tấn/năm)",
        "avoided": "Tránh được bên ngoài (tấn/năm)", "existing": "hiện có", "new_link": "mới",
        "measure": "Giải pháp", "no_links": "Không xây dựng liên kết nào.",
        "no_measures": "Không áp dụng giải pháp nào.",
        "scope": "Phạm vi", "baseline": "Hiện trạng", "scenario": "Kịch bản", "change": "Thay đổi",
        "scope1": "Phạm vi 1 (trực tiếp)", "scope2": "Phạm vi 2 (điện năng)",
        "scope3_upstream": "Phạm vi 3 (thượng nguồn của đầu vào mua)", "disposal": "Thải bỏ",
        "total": "Tổng kiểm kê", "avoided_row": "Tránh được tại đối tác (ngoài kiểm kê)",
        "criterion": "Tiêu chí", "article": "Điều khoản", "value": "Giá trị",
        "threshold": "Ngưỡng", "status": "Trạng thái", "basis": "Dữ liệu căn cứ",
        "pass": "đạt", "fail": "không đạt", "needs-evidence": "cần bằng chứng",
        "decree_note": "Tiêu chí mà số liệu của mô hình không thể hiện được được ghi 'cần bằng chứng': hồ sơ của doanh nghiệp phải chứng minh.",
        "metric": "Chỉ tiêu", "option": "Phương án", "abated": "Giảm được (tấn/năm)",
        "cost_per_t": "Chi phí (đồng/tấn)", "point": "Điểm", "mac": "Chi phí biên (đồng/tấn)",
        "macc_boundary": "Ranh giới CO2 của đường cong: {boundary}. Các phương án theo thứ tự ưu tiên, mỗi phương án được đánh giá khi đã có các phương án trước nó; các phương án gộp thành một cột có chung chi phí trên mỗi tấn, nên chi phí không giảm dần theo bảng. Tổng lượng giảm của các phương án trong phương án tối ưu của kịch bản là {total} tấn CO2e/năm, bằng lượng giảm của phương án tối ưu so với kịch bản cơ sở.",
        "macc_offset": "trước đường cong: có trong phương án tối ưu vì tiết kiệm chi phí, làm tăng CO2",
        "shapley": "Phần tiết kiệm theo Shapley",
        "delta_total": "Thay đổi chi phí hằng năm (tỷ đồng/năm)",
        "source": "Nguồn", "tag": "Loại", "title_col": "Tiêu đề", "figure_path": "Số liệu",
        "unit": "Đơn vị", "tags": "S = nguồn nêu trực tiếp, D = tính toán từ số liệu có nguồn (cách tính ở ghi chú), E = ước tính, A = giả định do kịch bản đặt.",
        "sources_summary": "{n} số liệu từ {s} nguồn: {S} nêu trực tiếp, {D} tính toán, {E} ước tính, {A} giả định của kịch bản.",
        "prov_version": "Phiên bản symbiosis", "prov_solver": "Bộ giải",
        "prov_hash": "SHA-256 của dữ liệu đầu vào", "prov_time": "Thời điểm giải",
        "prov_files": "Các tệp kịch bản",
        "equations_intro": "Trạng thái ổn định trong một năm. Chỉ số t: doanh nghiệp, r: tài nguyên, e: liên kết, h: cơ sở xử lý, m: giải pháp.",
        "generated": "Tạo bởi symbiosis {version} ngày {date}.",
    },
}


# What the deltas are measured against (policy.baseline). With ``none-existing`` the
# words that say "today" (Vietnamese "hiện trạng") are replaced by these.
BASELINE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "baseline_used": "Baseline of the comparison",
        "baseline_today": "today: the existing links on, nothing new built or adopted",
        "baseline_none_existing": "no symbiosis (counterfactual): every existing link switched "
                                  "off, nothing new built or adopted",
        "switched_off": "Existing links switched off",
        "finding_baseline": "Every change below is against the counterfactual without "
                            "symbiosis (every existing link switched off), not against today.",
        "none_existing.baseline": "Without symbiosis",
        "none_existing.emissions": "Emissions by scope against the park without symbiosis",
        "none_existing.waterfall_caption": "CO2 from the park without symbiosis to the "
                                           "scenario, by scope.",
        "none_existing.finding_cost": "The scenario changes the park's annual cost by {dcost} "
                                      "bn VND/yr against the park without symbiosis ({cost} "
                                      "against {bcost} bn VND/yr).",
    },
    "vi": {
        "baseline_used": "Kịch bản so sánh",
        "baseline_today": "hiện trạng: các liên kết hiện có vẫn vận hành, không xây dựng hay "
                          "áp dụng gì mới",
        "baseline_none_existing": "không có cộng sinh (kịch bản đối chứng): dừng mọi liên kết "
                                  "hiện có, không xây dựng hay áp dụng gì mới",
        "switched_off": "Liên kết hiện có bị dừng",
        "finding_baseline": "Mọi thay đổi dưới đây được tính so với kịch bản đối chứng không "
                            "có cộng sinh (dừng mọi liên kết hiện có), không phải so với hiện "
                            "trạng.",
        "none_existing.baseline": "Không có cộng sinh",
        "none_existing.emissions": "Phát thải theo phạm vi so với khi không có cộng sinh",
        "none_existing.waterfall_caption": "Phát thải CO2 từ kịch bản không có cộng sinh đến "
                                           "kịch bản đang xét, theo phạm vi.",
        "none_existing.finding_cost": "Kịch bản làm chi phí hằng năm của khu công nghiệp thay "
                                      "đổi {dcost} tỷ đồng/năm so với khi không có cộng sinh "
                                      "({cost} so với {bcost} tỷ đồng/năm).",
    },
}


def wording(lang: str, baseline: str = "today") -> dict[str, str]:
    """The report's words for a scenario reported against ``baseline`` (policy.baseline)."""
    extra = BASELINE_TEXT[lang]
    out = {**TEXT[lang], **{k: v for k, v in extra.items() if "." not in k}}
    if baseline == "none-existing":
        out.update({k.split(".", 1)[1]: v for k, v in extra.items()
                    if k.startswith("none_existing.")})
    return out


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (choose {' or '.join(LANGS)})")
    return lang


def text(lang: str, key: str, **values) -> str:
    return TEXT[lang][key].format(**values) if values else TEXT[lang][key]


def number(value, lang: str, digits: int = 0) -> str:
    """1,234.5 in English, 1.234,5 in Vietnamese; '–' for nothing."""
    if value is None or value == "":
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    s = f"{x:,.{digits}f}"
    if lang == "vi":
        s = s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return s


def signed(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    s = number(value, lang, digits)
    return s if s.startswith("-") else "+" + s


def bn(value, lang: str, signed_: bool = False, money: Display | None = None) -> str:
    """An amount in the display unit of ``money`` (bn VND by default), one decimal."""
    if value is None:
        return "–"
    money = money or display("VND")
    return (signed if signed_ else number)(float(value) / money.divisor, lang, money.digits)


def texts(lang: str, money: Display | None = None) -> dict[str, str]:
    """TEXT[lang] with money labelled in the result's currency (``money.relabel``)."""
    return relabel_all(TEXT[lang], lang, money)
