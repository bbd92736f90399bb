"""Names of things the models use by id: sectors, products, units, statuses (en, vi).

A model's tenants, resources, links and measures carry their own ``name``/``name_vi``;
sectors and the products a tenant makes are bare ids in the model files, so their words
are here. ``i18n.sector_name`` and ``i18n.product_name`` read these tables.
"""

from __future__ import annotations

# sector id (tenants' ``sector``, partners' ``kind``) → (en, vi)
SECTORS: dict[str, tuple[str, str]] = {
    "fertilizer": ("Fertilizer", "Phân bón"),
    "chemicals": ("Chemicals", "Hóa chất"),
    "building_materials": ("Building materials", "Vật liệu xây dựng"),
    "power": ("Power generation", "Sản xuất điện"),
    "energy": ("Energy", "Năng lượng"),
    "mining": ("Mining and ore dressing", "Khai thác và tuyển khoáng"),
    "metallurgy": ("Non-ferrous metallurgy", "Luyện kim màu"),
    "steel": ("Iron and steel", "Gang thép"),
    "smelter": ("Copper smelting", "Luyện đồng"),
    "yellow_phosphorus": ("Yellow phosphorus", "Phốt pho vàng"),
    "cement": ("Cement", "Xi măng"),
    "food": ("Food processing", "Chế biến thực phẩm"),
    "wastewater_treatment": ("Wastewater treatment", "Xử lý nước thải"),
    "water_using": ("Water-using industry", "Công nghiệp sử dụng nước"),
    "oil_refining": ("Oil refining", "Lọc dầu"),
    "pharmaceuticals": ("Pharmaceuticals", "Dược phẩm"),
    "biotechnology": ("Biotechnology", "Công nghệ sinh học"),
    "utility": ("Utilities", "Hạ tầng kỹ thuật"),
    "processing": ("Processing", "Chế biến"),
    "waste": ("Waste management", "Quản lý chất thải"),
    "agriculture": ("Agriculture", "Nông nghiệp"),
    "construction": ("Construction", "Xây dựng"),
    "disposal": ("Disposal", "Thải bỏ"),
    "grid": ("Power grid", "Lưới điện"),
    "market": ("Market", "Thị trường"),
    "other": ("Other", "Khác"),
}

# product id (tenants' ``production``) that is not a resource of the model → (en, vi)
PRODUCTS: dict[str, tuple[str, str]] = {
    "dap": ("DAP", "DAP"),
    "map": ("MAP", "MAP"),
    "ssp": ("single superphosphate", "supe lân"),
    "dcp": ("dicalcium phosphate (DCP)", "DCP (canxi photphat)"),
    "p4": ("yellow phosphorus", "phốt pho vàng"),
    "phosphoric_acid_p2o5": ("phosphoric acid (as P2O5)", "axit photphoric (quy P2O5)"),
    "phosphoric_acid_85": ("phosphoric acid 85 %", "axit photphoric 85 %"),
    "phosphoric_acid_50": ("phosphoric acid 50 %", "axit photphoric 50 %"),
    "sulfuric_acid": ("sulfuric acid", "axit sunfuric"),
    "steel_billets": ("steel billets", "phôi thép"),
    "copper_cathode": ("copper cathode", "đồng tấm"),
    "gold": ("gold", "vàng"),
    "silver": ("silver", "bạc"),
    "cement": ("cement", "xi măng"),
    "food_products": ("food products", "thực phẩm"),
}

# Keys of the park's data that texts written for the CSV files name (a criterion's basis).
KEYS: dict[str, tuple[str, str]] = {
    "iso_management": ("ISO management system", "hệ thống quản lý ISO"),
    "years_legal_compliance": ("years of legal compliance", "số năm tuân thủ pháp luật"),
    "cleaner_production": ("cleaner production", "sản xuất sạch hơn"),
    "park.enterprises": ("the park's enterprise census", "tổng số doanh nghiệp của khu công nghiệp"),
    "park.services": ("the park's basic services", "dịch vụ cơ bản của khu công nghiệp"),
    "park.census": ("the park's enterprise census", "tổng số doanh nghiệp của khu công nghiệp"),
    # monitoring gaps (monitor/gaps.py)
    "link_not_operating": ("link not operating", "liên kết không vận hành"),
    "link_flow_below_plan": ("flow below plan", "lưu lượng thấp hơn kế hoạch"),
    "link_stopped": ("link stopped", "liên kết đã dừng"),
    "measure_dropped": ("measure not kept up", "giải pháp không được duy trì"),
    "measure_without_result": ("measure without result", "giải pháp chưa có kết quả"),
    "co2_above_plan": ("CO2 above plan", "CO2 cao hơn kế hoạch"),
    "cleaner_production_share_below_criterion": (
        "cleaner production below the criterion", "sản xuất sạch hơn chưa đạt tiêu chí"),
    "symbiosis_links_below_criterion": ("symbiosis links below the criterion",
                                        "liên kết cộng sinh chưa đạt tiêu chí"),
}

NAMES: dict[str, dict[str, str]] = {
    "en": {
        "unit_t": "t", "unit_kt": "kt", "unit_mt": "Mt", "unit_thousand": "thousand",
        "unit_million": "million", "unit_GJ": "GJ", "unit_MWh": "MWh", "unit_m3": "m³",
        "unit_Nm3": "Nm³", "unit_kg": "kg", "unit_year": "yr", "unit_per_year": "/yr",
        "unit_t_co2": "t CO2e", "unit_t_co2_yr": "t CO2e/yr", "unit_kt_co2_yr": "kt CO2e/yr",
        "unit_links": "links", "unit_years": "years", "unit_enterprises": "enterprises",
        "unit_count": "", "unit_km": "km", "unit_dimensionless": "",
        "status_optimal": "solved (optimal)", "status_feasible": "solved (feasible)",
        "status_infeasible": "no solution", "status_error": "solver error",
        "status_time_limit": "stopped at the time limit", "status_suspect": "suspect answer",
        "status_idle": "idle", "status_used": "in use",
        "tag_S": "stated", "tag_D": "derived", "tag_E": "estimate",
        "tag_A": "assumption",
        "state_today": "existing", "state_committed": "committed", "state_new": "new",
    },
    "vi": {
        "unit_t": "tấn", "unit_kt": "nghìn tấn", "unit_mt": "triệu tấn", "unit_thousand": "nghìn",
        "unit_million": "triệu", "unit_GJ": "GJ", "unit_MWh": "MWh", "unit_m3": "m³",
        "unit_Nm3": "Nm³", "unit_kg": "kg", "unit_year": "năm", "unit_per_year": "/năm",
        "unit_t_co2": "tấn CO2e", "unit_t_co2_yr": "tấn CO2e/năm",
        "unit_kt_co2_yr": "nghìn tấn CO2e/năm", "unit_links": "liên kết", "unit_years": "năm",
        "unit_enterprises": "doanh nghiệp", "unit_count": "", "unit_km": "km",
        "unit_dimensionless": "",
        "status_optimal": "có nghiệm tối ưu", "status_feasible": "có nghiệm khả thi",
        "status_infeasible": "không có nghiệm", "status_error": "lỗi bộ giải",
        "status_time_limit": "dừng khi hết thời gian", "status_suspect": "nghiệm đáng ngờ",
        "status_idle": "để không", "status_used": "đang dùng",
        "tag_S": "nêu trực tiếp", "tag_D": "tính toán", "tag_E": "ước tính",
        "tag_A": "giả định",
        "state_today": "hiện có", "state_committed": "đã cam kết", "state_new": "mới",
    },
}
