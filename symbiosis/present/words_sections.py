"""Words of the report's later sections in English and Vietnamese: the comparison of
scenarios, who gains and who loses, the roadmap, the sources and the equations."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, str]] = {
    "en": {
        # comparison
        "cmp_intro": "Each scenario is compared with its own baseline: the park as it is today "
                     "under that scenario's prices, grid factor and year. Costs without the "
                     "carbon price unless said.",
        "cmp_scenarios": "Scenarios compared",
        "cmp_group_cost": "Cost", "cmp_group_co2": "Emissions",
        "cmp_group_symbiosis": "Symbiosis and cleaner production",
        "cmp_group_decree": "Decree 35 criteria", "cmp_group_links": "Links built (flow)",
        "cmp_group_measures": "Measures adopted",
        "cmp_status": "Solution", "cmp_cost": "Annual cost without the carbon price",
        "cmp_carbon_cost": "Carbon cost", "cmp_dcost": "Change in cost against its baseline",
        "cmp_base_cost": "Its baseline's annual cost (today under its assumptions)",
        "cmp_base_co2": "Its baseline's CO2 inventory",
        "cmp_dcost_committed": "of which committed projects",
        "cmp_dcost_proposal": "of which the proposal's own options",
        "cmp_capex": "Capital of the options built", "cmp_co2": "CO2 inventory of the park",
        "cmp_dco2": "Change in CO2 against its baseline",
        "cmp_dco2_committed": "of which committed projects",
        "cmp_dco2_proposal": "of which the proposal's own options",
        "cmp_avoided": "Avoided at partners outside the park",
        "cmp_new_links": "New links built", "cmp_measures": "Measures adopted",
        "cmp_own_baseline": "Baseline of the comparison",
        "cmp_adopted": "adopted", "cmp_not": "–",
        "cmp_note": "–: not built, not adopted or not available.",
        # KPIs (Decree 35 and comparison)
        "kpi_symbiosis_links": "Symbiosis links (pairs of enterprises and resource)",
        "kpi_participation_share": "Enterprises taking part in symbiosis",
        "kpi_cleaner_production_share": "Enterprises applying cleaner production",
        "kpi_iso_share_of_participants": "Participants with ISO management systems",
        "kpi_waste_reused_t_per_year": "By-products reused",
        "kpi_basic_services": "Basic services documented",
        # sharing
        "share_intro": "Every enterprise's annual cost against the baseline, carbon cost and "
                       "transfers included: a positive net gain means the enterprise is better "
                       "off, a negative one that it loses.",
        "share_net_gain": "Net gain against the baseline (bn VND/yr)",
        "share_cost_base": "Cost, baseline (bn VND/yr)",
        "share_cost_scen": "Cost, scenario (bn VND/yr)",
        "share_transfers": "Transfers received (+) or paid (−) (bn VND/yr)",
        "share_dco2": "Change in CO2 (t CO2e/yr)",
        "share_shapley": "Shapley share (bn VND/yr)", "share_shapley_pct": "Shapley share (%)",
        "share_verdict": "Outcome", "share_gains": "gains", "share_loses": "loses",
        "share_even": "unchanged", "share_not_counted": "not counted as an enterprise",
        "share_losers": "Worse off against the baseline: {names}.",
        "share_no_losers": "No enterprise is worse off against the baseline.",
        "share_transfers_title": "Transfers that make no one worse off",
        "share_transfers_intro": "The scenario asks that no enterprise be worse off; these "
                                 "payments between the partners of each link achieve it.",
        "share_no_transfers": "The scenario does not ask that no enterprise be worse off, so "
                              "no transfers were computed: the enterprises that lose would "
                              "need a payment agreed between the partners of their links.",
        "share_payer": "Payer", "share_payee": "Payee", "share_payment": "Payment (bn VND/yr)",
        "share_shapley_intro": "The Shapley shares split the saving of {total} bn VND/yr (cost "
                               "with the carbon price) that the options bring against building "
                               "none, with the scenario's imposed constraints (criteria, CO2 "
                               "cap, budget) left out, by each enterprise's average contribution "
                               "over {how}. Its shares are not the net gains above, which are "
                               "against the baseline with the constraints.",
        "share_unassigned": "Not assigned to an enterprise (options that involve only "
                            "partners or units not counted as enterprises)",
        "share_exact": "all {n} coalitions", "share_sampled": "{n} sampled joining orders",
        "share_no_shapley": "The Shapley shares are not computed for this result.",
        "share_total": "Total",
        # roadmap
        "road_intro": "{n} periods from {start} to {end}; present value of all costs {pv} bn "
                      "VND ({rate} % a year to {base}). Each period is one steady year "
                      "repeated for the period's years.",
        "road_path": "The CO2 path is above the straight line to Net Zero in {net_zero} in "
                     "{above} of {years} years; cumulative {cum} kt CO2e against {line} kt "
                     "CO2e on the line.",
        "road_capex": "New capital (bn VND)", "road_cost": "Annual cost (bn VND/yr)",
        "road_carbon": "Carbon cost (bn VND/yr)", "road_co2": "CO2 (kt CO2e/yr)",
        "road_base_co2": "Baseline CO2 (kt CO2e/yr)", "road_links": "Symbiosis links",
        "road_years": "Years", "road_decree": "Decree 35 (met / not met / needs evidence)",
        "road_invest_title": "What is bought in each period",
        "road_imposed": "criteria imposed", "road_absent": "Plants not running: {names}.",
        "roadmap_co2_caption": "CO2 by year of the roadmap against the straight line to Net Zero.",
        "road_finding": "The findings above are for one steady year under the scenario's own "
                        "policy (grid factor {year}), not for a period of the roadmap; the "
                        "roadmap's periods are in the section 'Roadmap'.",
        "finding_year": "All figures are for one steady year of operation at the scenario's "
                        "prices and grid emission factor of {year}; the baseline is the park "
                        "as it is today under the same assumptions.",
        # sources
        "src_intro": "Names of the figures are in {lang_name}; the source titles and the notes "
                     "the modeller wrote in the model files are reproduced as written (in "
                     "English) in the last column.",
        "src_original": "Source and note (original, English)",
        "lang_name": "English",
        "unit_line": "Unit: {unit}.", "scope_unit": "t CO2e/yr", "tenant_name": "Plant",
        "enterprise_of": "Enterprise", "original_note": "Original note (English)",
        "change_note": "Note (original, English)",
        "set_in": "in {file}",
        # equations
        "eq_outputs": "Outputs", "eq_inputs": "Inputs", "eq_measures": "Measures",
        "eq_links": "Links", "eq_facilities": "Facilities", "eq_cost": "Cost",
        "eq_emissions": "Emissions", "eq_objective": "Objective",
        "eq_groups": "Symbiosis groups", "eq_participation": "Participation",
        "eq_cap": "CO2 cap", "eq_budget": "Capital budget",
        "eq_released": "released = linked + disposed + sold",
        "eq_needed": "needed = delivered + bought",
        "eq_existing": "y_e = 1 for existing links",
        "eq_min": "min", "eq_capacity": "capacity", "eq_release": "release",
        "eq_need": "need", "eq_demand": "partner demand", "eq_fac": "facility capacity",
        "eq_grid": "grid MWh bought and used by links",
        "eq_obj_cost": "objective cost", "eq_obj_co2": "objective CO2", "eq_or": "or",
        "eq_then": "then", "eq_pair": "g: pair of enterprises and resource",
        "eq_census": "K: the park's census", "eq_via": "via", "decree_short": "Decree 35",
        "eq_symbols": "I: capital, O: fixed operating cost, D: direct process CO2, E_B: CO2 on "
                      "the objective's boundary, Ē: CO2 cap, B: capital budget, g: grid "
                      "factor, ε: emission factors (u use, f flaring, v transport, t upstream, "
                      "d disposal), C_0: enterprises outside the model applying cleaner "
                      "production, c⁰: applying it already.",
        # constraints of the scenario (policy.constraints)
        "con_min_symbiosis_links": "at least {v} symbiosis links",
        "con_min_participation_share": "at least {v} of enterprises taking part in symbiosis",
        "con_min_cleaner_production_share": "at least {v} of enterprises applying cleaner "
                                            "production",
        "con_co2_cap": "CO2 at most {v}", "con_capex_budget": "capital at most {v}",
        # Monte Carlo, resilience, monitoring
        "mc_cost": "Annual cost (bn VND/yr)", "mc_co2": "CO2 inventory (t CO2e/yr)",
        "mc_dcost": "Change in cost (bn VND/yr)", "mc_dco2": "Change in CO2 (t CO2e/yr)",
        "mc_links": "Links built", "mc_other": "Other result",
        "share_of_need": "Share of the need (%)", "park_whole": "The whole park",
        "eq_out": "out", "eq_in": "in",
    },
    "vi": {
        "cmp_intro": "Mỗi kịch bản được so với hiện trạng của chính nó: khu công nghiệp như hiện "
                     "nay, tính theo giá, hệ số phát thải lưới điện và năm của kịch bản đó. Chi "
                     "phí chưa gồm giá carbon, trừ khi ghi rõ.",
        "cmp_scenarios": "Các kịch bản được so sánh",
        "cmp_group_cost": "Chi phí", "cmp_group_co2": "Phát thải",
        "cmp_group_symbiosis": "Cộng sinh và sản xuất sạch hơn",
        "cmp_group_decree": "Tiêu chí Nghị định 35",
        "cmp_group_links": "Liên kết được xây dựng (lưu lượng)",
        "cmp_group_measures": "Giải pháp được áp dụng",
        "cmp_status": "Lời giải", "cmp_cost": "Chi phí hằng năm chưa gồm giá carbon",
        "cmp_carbon_cost": "Chi phí carbon", "cmp_dcost": "Thay đổi chi phí so với hiện trạng",
        "cmp_base_cost": "Chi phí hằng năm của hiện trạng, tính theo giả định của kịch bản",
        "cmp_base_co2": "Phát thải CO2 kiểm kê của hiện trạng, tính theo giả định của kịch bản",
        "cmp_dcost_committed": "trong đó: các dự án đã cam kết",
        "cmp_dcost_proposal": "trong đó: các phương án riêng của đề xuất",
        "cmp_capex": "Vốn đầu tư của các phương án được xây dựng",
        "cmp_co2": "Phát thải CO2 kiểm kê của khu công nghiệp",
        "cmp_dco2": "Thay đổi CO2 so với hiện trạng",
        "cmp_dco2_committed": "trong đó: các dự án đã cam kết",
        "cmp_dco2_proposal": "trong đó: các phương án riêng của đề xuất",
        "cmp_avoided": "Tránh được tại đối tác ngoài khu công nghiệp",
        "cmp_new_links": "Liên kết mới được xây dựng", "cmp_measures": "Giải pháp được áp dụng",
        "cmp_own_baseline": "Kịch bản so sánh",
        "cmp_adopted": "áp dụng", "cmp_not": "–",
        "cmp_note": "–: không xây dựng, không áp dụng hoặc không có số liệu.",
        "kpi_symbiosis_links": "Liên kết cộng sinh (theo cặp doanh nghiệp và tài nguyên)",
        "kpi_participation_share": "Doanh nghiệp tham gia cộng sinh",
        "kpi_cleaner_production_share": "Doanh nghiệp áp dụng sản xuất sạch hơn",
        "kpi_iso_share_of_participants": "Doanh nghiệp tham gia có hệ thống quản lý ISO",
        "kpi_waste_reused_t_per_year": "Phụ phẩm, chất thải được tái sử dụng",
        "kpi_basic_services": "Dịch vụ cơ bản có hồ sơ",
        "share_intro": "Chi phí hằng năm của từng doanh nghiệp so với hiện trạng, kể cả chi phí "
                       "carbon và các khoản chuyển giao: lợi ích ròng dương là doanh nghiệp được "
                       "lợi, âm là doanh nghiệp chịu thiệt.",
        "share_net_gain": "Lợi ích ròng so với hiện trạng (tỷ đồng/năm)",
        "share_cost_base": "Chi phí hiện trạng (tỷ đồng/năm)",
        "share_cost_scen": "Chi phí theo kịch bản (tỷ đồng/năm)",
        "share_transfers": "Khoản chuyển giao nhận (+) hoặc trả (−) (tỷ đồng/năm)",
        "share_dco2": "Thay đổi CO2 (tấn CO2e/năm)",
        "share_shapley": "Phần lợi ích theo Shapley (tỷ đồng/năm)",
        "share_shapley_pct": "Tỷ lệ theo Shapley (%)",
        "share_verdict": "Kết quả", "share_gains": "được lợi", "share_loses": "chịu thiệt",
        "share_even": "không đổi", "share_not_counted": "không tính là doanh nghiệp",
        "share_losers": "Chịu thiệt so với hiện trạng: {names}.",
        "share_no_losers": "Không doanh nghiệp nào chịu thiệt so với hiện trạng.",
        "share_transfers_title": "Các khoản chuyển giao để không doanh nghiệp nào chịu thiệt",
        "share_transfers_intro": "Kịch bản yêu cầu không doanh nghiệp nào chịu thiệt; các khoản "
                                 "thanh toán dưới đây giữa hai bên của từng liên kết bảo đảm "
                                 "điều đó.",
        "share_no_transfers": "Kịch bản không đặt yêu cầu không doanh nghiệp nào chịu thiệt nên "
                              "chưa tính khoản chuyển giao: các doanh nghiệp chịu thiệt cần "
                              "được bù bằng khoản thanh toán do hai bên của liên kết thỏa "
                              "thuận.",
        "share_payer": "Bên trả", "share_payee": "Bên nhận",
        "share_payment": "Số tiền (tỷ đồng/năm)",
        "share_shapley_intro": "Phần lợi ích theo Shapley chia khoản tiết kiệm {total} tỷ "
                               "đồng/năm (chi phí kể cả giá carbon) mà các phương án mang lại "
                               "so với khi không xây dựng phương án nào, không tính các ràng "
                               "buộc áp đặt của kịch bản (tiêu chí, trần CO2, giới hạn vốn), "
                               "theo đóng góp bình quân của từng doanh nghiệp, tính trên {how}. "
                               "Vì vậy phần Shapley khác với lợi ích ròng ở trên, vốn được tính "
                               "so với kịch bản so sánh và có các ràng buộc.",
        "share_unassigned": "Không gán cho doanh nghiệp nào (phương án chỉ liên quan đến đối "
                            "tác hoặc đơn vị không tính là doanh nghiệp)",
        "share_exact": "toàn bộ {n} liên minh", "share_sampled": "{n} thứ tự gia nhập lấy mẫu",
        "share_no_shapley": "Chưa tính phần lợi ích theo Shapley cho kết quả này.",
        "share_total": "Tổng",
        "road_intro": "{n} giai đoạn từ {start} đến {end}; giá trị hiện tại của toàn bộ chi phí "
                      "là {pv} tỷ đồng (chiết khấu {rate} %/năm về năm {base}). Mỗi giai đoạn "
                      "là một năm vận hành ổn định lặp lại trong suốt giai đoạn.",
        "road_path": "Đường phát thải CO2 cao hơn đường thẳng tới phát thải ròng bằng 0 năm {net_zero} trong "
                     "{above} trên {years} năm; lũy kế {cum} nghìn tấn CO2e so với {line} nghìn "
                     "tấn CO2e theo đường thẳng.",
        "road_capex": "Vốn đầu tư mới (tỷ đồng)", "road_cost": "Chi phí hằng năm (tỷ đồng/năm)",
        "road_carbon": "Chi phí carbon (tỷ đồng/năm)", "road_co2": "CO2 (nghìn tấn CO2e/năm)",
        "road_base_co2": "CO2 hiện trạng (nghìn tấn CO2e/năm)",
        "road_links": "Liên kết cộng sinh", "road_years": "Số năm",
        "road_decree": "Nghị định 35 (đạt / không đạt / cần bằng chứng)",
        "road_invest_title": "Các phương án đầu tư trong từng giai đoạn",
        "road_imposed": "áp thành ràng buộc",
        "road_absent": "Nhà máy không vận hành: {names}.",
        "roadmap_co2_caption": "Phát thải CO2 theo từng năm của lộ trình so với đường thẳng tới phát "
                        "thải ròng bằng 0.",
        "road_finding": "Các kết quả chính ở trên là của một năm vận hành ổn định theo khối "
                        "chính sách riêng của kịch bản (hệ số lưới điện năm {year}), không phải "
                        "một giai đoạn của lộ trình; các giai đoạn của lộ trình ở mục 'Lộ "
                        "trình'.",
        "finding_year": "Mọi số liệu là của một năm vận hành ổn định theo giá và hệ số phát "
                        "thải lưới điện năm {year} của kịch bản; hiện trạng là khu công nghiệp "
                        "như hiện nay, tính theo cùng các giả định đó.",
        "src_intro": "Tên số liệu được viết bằng {lang_name}; tên nguồn và ghi chú mà người lập "
                     "mô hình viết trong tệp mô hình được giữ nguyên văn (tiếng Anh) ở cột cuối.",
        "src_original": "Nguồn và ghi chú gốc (tiếng Anh)",
        "lang_name": "tiếng Việt",
        "unit_line": "Đơn vị: {unit}.", "scope_unit": "tấn CO2e/năm", "tenant_name": "Nhà máy",
        "enterprise_of": "Doanh nghiệp", "original_note": "Ghi chú gốc (tiếng Anh)",
        "change_note": "Ghi chú gốc (tiếng Anh)",
        "set_in": "tệp {file}",
        "eq_outputs": "Đầu ra", "eq_inputs": "Đầu vào", "eq_measures": "Giải pháp",
        "eq_links": "Liên kết", "eq_facilities": "Cơ sở xử lý", "eq_cost": "Chi phí",
        "eq_emissions": "Phát thải", "eq_objective": "Hàm mục tiêu",
        "eq_groups": "Nhóm cộng sinh", "eq_participation": "Tham gia cộng sinh",
        "eq_cap": "Trần CO2", "eq_budget": "Giới hạn vốn đầu tư",
        "eq_released": "thải ra = qua liên kết + thải bỏ + bán",
        "eq_needed": "nhu cầu = được cấp qua liên kết + mua",
        "eq_existing": "y_e = 1 với liên kết hiện có",
        "eq_min": "min", "eq_capacity": "công suất", "eq_release": "lượng thải ra",
        "eq_need": "nhu cầu", "eq_demand": "nhu cầu của đối tác",
        "eq_fac": "công suất cơ sở xử lý",
        "eq_grid": "điện lưới mua vào và dùng cho liên kết, MWh",
        "eq_obj_cost": "mục tiêu chi phí", "eq_obj_co2": "mục tiêu CO2", "eq_or": "hoặc",
        "eq_then": "sau đó", "eq_pair": "g: cặp doanh nghiệp và tài nguyên",
        "eq_census": "K: tổng số doanh nghiệp của khu công nghiệp", "eq_via": "qua",
        "decree_short": "Nghị định 35",
        "eq_symbols": "I: vốn đầu tư, O: chi phí vận hành cố định, D: phát thải CO2 trực tiếp "
                      "của quá trình, E_B: CO2 trong phạm vi của hàm mục tiêu, Ē: trần CO2, B: "
                      "giới hạn vốn đầu tư, g: hệ số phát thải lưới điện, ε: hệ số phát thải "
                      "(u khi sử dụng, f khi đốt bỏ, v vận chuyển, t thượng nguồn, d thải bỏ), "
                      "C_0: số doanh nghiệp ngoài mô hình áp dụng sản xuất sạch hơn, c⁰: đã áp "
                      "dụng từ trước.",
        "con_min_symbiosis_links": "ít nhất {v} liên kết cộng sinh",
        "con_min_participation_share": "ít nhất {v} doanh nghiệp tham gia cộng sinh",
        "con_min_cleaner_production_share": "ít nhất {v} doanh nghiệp áp dụng sản xuất sạch "
                                            "hơn",
        "con_co2_cap": "CO2 không quá {v}", "con_capex_budget": "vốn đầu tư không quá {v}",
        "mc_cost": "Chi phí hằng năm (tỷ đồng/năm)", "mc_co2": "Phát thải CO2 kiểm kê (tấn "
                                                              "CO2e/năm)",
        "mc_dcost": "Thay đổi chi phí (tỷ đồng/năm)", "mc_dco2": "Thay đổi CO2 (tấn CO2e/năm)",
        "mc_links": "Số liên kết được xây dựng", "mc_other": "Kết quả khác",
        "share_of_need": "Tỷ lệ trong nhu cầu (%)", "park_whole": "Toàn khu công nghiệp",
        "eq_out": "ra", "eq_in": "vào",
    },
}
