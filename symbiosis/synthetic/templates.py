"""Sector, resource, link and measure templates of the synthetic park generator.

Every number is per unit of a plant's yearly production (or per unit of resource) and
is an estimate. Where ``models/tang-loong.yaml`` or ``shared/reference/tang-loong.md``
give a factor it is used and named in the note; the rest are round textbook figures.
Amounts in the generated file are bare numbers in each resource's unit (t, MWh, GJ,
Nm3, m3) and VND, so loading needs no unit parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VND_PER_USD = 26000.0  # as models/tang-loong.yaml
CENTRE = (22.33, 104.12)  # Tằng Loỏng, Lào Cai (models/tang-loong.yaml park.location)
GRID_FACTORS = {2021: (0.7221, "DCC/MONRE 2021, as tang-loong.yaml"),
                2022: (0.6766, "DCC/MONRE 2022, as tang-loong.yaml"),
                2023: (0.6592, "DCC/MONRE 2023, as tang-loong.yaml"),
                2030: (0.55, "projection, as tang-loong.yaml")}


# ------------------------------------------------------------------------- resources
# id: (name, name_vi, unit, kind, {field: (value, note)})
RESOURCES: dict[str, tuple[str, str, str, str, dict[str, tuple[float, str]]]] = {
    "electricity": ("Electricity (grid)", "Điện lưới", "MWh", "energy", {
        "price": (1_811_000, "1,811 VND/kWh manufacturing tariff 2025 (tang-loong.yaml)")}),
    "coal": ("Coal (fuel heat)", "Than (nhiệt trị)", "GJ", "energy", {
        "price": (135_000, "delivered anthracite per GJ (tang-loong.yaml)"),
        "use_co2": (0.0983, "IPCC anthracite 98.3 t/TJ (tang-loong.yaml)"),
        "upstream_co2": (0.008, "mining and rail, ~8% of combustion (tang-loong.yaml)")}),
    "steam": ("Process steam from the own coal boiler", "Hơi công nghệ từ lò hơi than", "GJ",
              "energy", {
        "price": (190_000, "coal 135,000 VND/GJ / 0.85 boiler efficiency + O&M"),
        "use_co2": (0.116, "0.0983 t/GJ coal / 0.85 boiler efficiency")}),
    "raw_water": ("Raw water", "Nước thô", "m3", "water", {
        "price": (6_000, "abstraction, pumping and clarification (tang-loong.yaml)"),
        "upstream_co2": (0.0003, "~0.45 kWh/m3 (tang-loong.yaml)")}),
    "treated_water": ("Treated wastewater of the park WWTP", "Nước thải đã xử lý", "m3",
                      "water", {
        "disposal_cost": (1_000, "discharge fee (tang-loong.yaml)")}),
    "sulfuric_acid": ("Sulfuric acid (own sulfur burner)", "Axit sunfuric", "t", "material", {
        "price": (2_990_000, "US$115/t cost of making it from sulfur (tang-loong.yaml)"),
        "upstream_co2": (0.06, "0.327 t S x 0.18 t CO2e/t S (tang-loong.yaml)")}),
    "smelter_acid": ("Smelter sulfuric acid", "Axit sunfuric luyện kim", "t", "material", {
        "sale_price": (1_300_000, "US$50/t netback at the smelter gate (tang-loong.yaml)")}),
    "phosphogypsum": ("Phosphogypsum (dry)", "Thạch cao phospho", "t", "material", {
        "disposal_cost": (150_000, "lined stack (tang-loong.yaml)"),
        "disposal_co2": (0.001, "stacking diesel (tang-loong.yaml)")}),
    "p4_slag": ("Yellow-phosphorus furnace slag", "Xỉ lò phốt pho vàng", "t", "material", {
        "disposal_cost": (60_000, "slag yard (tang-loong.yaml)")}),
    "p4_tailgas": ("Yellow-phosphorus tail gas (CO-rich)", "Khí thải lò phốt pho vàng", "Nm3",
                   "energy", {
        "disposal_cost": (30, "flaring (tang-loong.yaml)"),
        "disposal_co2": (0.001718, "CO burnt to CO2 (tang-loong.yaml d-tailgas)"),
        "use_co2": (0.001718, "CO burnt to CO2 (tang-loong.yaml d-tailgas)")}),
    "copper_slag": ("Copper smelter slag", "Xỉ luyện đồng", "t", "material", {
        "disposal_cost": (80_000, "dump with leachate control (tang-loong.yaml)")}),
    "bf_slag": ("Blast-furnace slag", "Xỉ lò cao", "t", "material", {
        "disposal_cost": (60_000, "slag yard (tang-loong.yaml)")}),
    "fly_ash": ("Coal fly ash", "Tro bay", "t", "material", {
        "disposal_cost": (100_000, "ash pond with liner and dust control"),
        "disposal_co2": (0.002, "pumping and dozing")}),
    "extraction_steam": ("Extraction steam of a power plant", "Hơi trích nhà máy nhiệt điện",
                         "GJ", "energy", {
        "disposal_cost": (2_000, "not extracted: condensed in the cooling tower")}),
    "organic_waste": ("Organic process waste", "Chất thải hữu cơ", "t", "material", {
        "disposal_cost": (250_000, "sanitary landfill gate fee and haul"),
        "disposal_co2": (0.5, "landfill methane, ~0.5 t CO2e per t wet food waste")}),
    "natural_gypsum": ("Natural gypsum", "Thạch cao tự nhiên", "t", "material", {
        "price": (1_000_000, "imported gypsum ~US$38/t delivered"),
        "upstream_co2": (0.03, "quarry and ~1,000 km transport (tang-loong.yaml)"),
        "avoided_co2": (0.03, "as upstream_co2 (tang-loong.yaml)")}),
    "clinker": ("Portland cement clinker", "Clanhke", "t", "material", {
        "price": (1_300_000, "cost of clinker incl. kiln fuel, ~US$50/t"),
        "upstream_co2": (0.85, "calcination 0.507 + kiln fuel (tang-loong.yaml ref-clinker)"),
        "avoided_co2": (0.85, "as upstream_co2 (tang-loong.yaml)")}),
    "aggregate": ("Crushed-stone aggregate", "Cốt liệu đá dăm", "t", "material", {
        "avoided_co2": (0.005, "quarry and haul (tang-loong.yaml)")}),
}


# --------------------------------------------------------------------------- sectors
@dataclass(frozen=True)
class Sector:
    name: str
    name_vi: str
    product: str | None            # production key (t/yr); None: no tonnage product
    size: tuple[float, float]      # yearly production range (t, or MWh for power)
    inputs: dict[str, float]       # per unit of production
    outputs: dict[str, float]      # by-products per unit of production
    direct_co2: float = 0.0        # t CO2e per unit of production
    share: float = 0.0             # share of the plants of a park
    note: str = ""


SECTORS: dict[str, Sector] = {
    "fertilizer": Sector(
        "Phosphate fertilizer plant (wet-process acid)", "Nhà máy phân bón phốt phát",
        "phosphoric_acid_p2o5", (40e3, 200e3),
        {"sulfuric_acid": 2.59, "electricity": 0.331, "raw_water": 6.0},
        {"phosphogypsum": 5.0}, share=0.12,
        note="per t P2O5: 2.59 t acid, 53.7 GWh/162 kt, 5 t PG (DAP No.2, tang-loong.yaml)"),
    "yellow_phosphorus": Sector(
        "Yellow-phosphorus furnaces", "Nhà máy phốt pho vàng", "p4", (5e3, 40e3),
        {"electricity": 13.65}, {"p4_slag": 9.0, "p4_tailgas": 2440.0}, share=0.12,
        note="per t P4: 13.65 MWh, 9 t slag, 2,440 Nm3 tail gas (tang-loong.yaml)"),
    "smelter": Sector(
        "Copper smelter", "Nhà máy luyện đồng", "copper_cathode", (5e3, 30e3),
        {"electricity": 1.2, "coal": 8.0}, {"smelter_acid": 4.0, "copper_slag": 2.2},
        share=0.10, note="per t Cu: 4 t acid, 2.2 t slag, 1.2 MWh, 8 GJ coal (tang-loong.yaml)"),
    "steel": Sector(
        "Blast-furnace steel plant", "Nhà máy gang thép lò cao", "steel_billets", (200e3, 1.5e6),
        {"electricity": 0.35, "coal": 4.0, "raw_water": 4.0}, {"bf_slag": 0.40},
        direct_co2=1.6, share=0.10,
        note="per t billet: 0.35 MWh, 4 m3 water, 0.40 t slag (tang-loong.yaml); 4 GJ PCI "
             "coal; 2.0 t CO2/t less the coal's 0.39"),
    "cement": Sector(
        "Cement plant", "Nhà máy xi măng", "cement", (300e3, 2.5e6),
        {"clinker": 0.75, "natural_gypsum": 0.04, "coal": 0.35, "electricity": 0.045}, {},
        share=0.18,
        note="per t cement: 75% clinker (its price and CO2 include kiln fuel), 4% gypsum, "
             "0.35 GJ coal for drying additives, 45 kWh grinding"),
    "power": Sector(
        "Coal power plant", "Nhà máy nhiệt điện than", None, (300e3, 3.5e6),
        {"coal": 10.0, "raw_water": 2.0}, {"fly_ash": 0.11, "extraction_steam": 0.3},
        share=0.10,
        note="per MWh sent out: 10 GJ coal (36%), 0.11 t fly ash (30% ash anthracite), "
             "0.3 GJ extraction steam available"),
    "food": Sector(
        "Food processing plant", "Nhà máy chế biến thực phẩm", "food_products", (10e3, 150e3),
        {"steam": 2.5, "electricity": 0.12, "raw_water": 6.0}, {"organic_waste": 0.35},
        share=0.28, note="per t product: 2.5 GJ steam, 120 kWh, 6 m3 water, 0.35 t waste"),
}

WWTP_M3_PER_DAY = 3000.0  # central WWTP of Tằng Loỏng (tang-loong.yaml ref-wwtp)
WWTP_MWH_PER_M3 = 0.0005


# ------------------------------------------------------------------------------ links
@dataclass(frozen=True)
class Mode:
    """How a resource travels: cost and CO2 per unit and distance, reach, capex a + b·km."""

    max_km: float
    capex_a: float        # VND, at the reference size
    capex_b: float        # VND per km, at the reference size
    ref_size: float       # units per year for which capex_a, capex_b hold (scaled ^0.6)
    opex_fixed: float     # VND per unit (handling, treatment)
    opex_km: float        # VND per unit and km
    co2_km: float = 0.0   # t CO2e per unit and km (trucks)
    mwh: float = 0.0      # grid MWh per unit (pumps, compressors)
    lifetime: float = 15.0


MODES = {
    "truck": Mode(150.0, 3e9, 0.1e9, 100e3, 20_000, 2_500, co2_km=0.0001),
    "gas_pipe": Mode(20.0, 40e9, 5e9, 50e6, 150, 2, mwh=0.00005),
    "steam_pipe": Mode(10.0, 15e9, 15e9, 500e3, 5_000, 1_000, lifetime=20.0),
    "water_pipe": Mode(10.0, 5e9, 3e9, 1e6, 2_000, 100, mwh=0.0004, lifetime=20.0),
}


@dataclass(frozen=True)
class Rule:
    """A by-product that can replace an input of a receiving sector."""

    resource: str
    replaces: str
    receivers: tuple[str, ...]
    ratio: float
    mode: str
    treatment: float = 0.0   # VND per unit on top of the mode's handling
    hub: str | None = None   # kind of processing hub a share of the links pass through
    note: str = ""


RULES: tuple[Rule, ...] = (
    Rule("phosphogypsum", "natural_gypsum", ("cement",), 0.95, "truck", 100_000, "pg_line",
         "treated PG as set retarder (tang-loong.yaml pg-cement)"),
    Rule("p4_slag", "clinker", ("cement",), 0.9, "truck", 100_000, "grinder",
         "ground P slag performs like BF slag (tang-loong.yaml)"),
    Rule("bf_slag", "clinker", ("cement",), 0.95, "truck", 100_000, "grinder",
         "ground granulated BF slag"),
    Rule("copper_slag", "clinker", ("cement",), 0.5, "truck", 80_000, None,
         "iron corrective and minor SCM"),
    Rule("fly_ash", "clinker", ("cement",), 0.8, "truck", 30_000, None, "class F fly ash"),
    Rule("p4_tailgas", "coal", ("cement", "power", "smelter"), 0.0105, "gas_pipe", 0, None,
         "11.08 MJ/Nm3 x 0.95 (tang-loong.yaml d-tailgas)"),
    Rule("smelter_acid", "sulfuric_acid", ("fertilizer",), 1.0, "truck", 50_000, None,
         "tanker; make-up of the lost burner heat not charged"),
    Rule("extraction_steam", "steam", ("food",), 0.9, "steam_pipe", 0, None,
         "10% line loss"),
    Rule("organic_waste", "coal", ("power", "cement"), 3.0, "truck", 60_000, None,
         "dried to ~3 GJ/t; biogenic CO2 not counted"),
    Rule("treated_water", "raw_water", ("fertilizer", "steel", "power", "food"), 1.0,
         "water_pipe", 0, None, "polishing filter (tang-loong.yaml water-wwtp-*)"),
)

# Partners outside the parks: what they stop buying, and which by-products replace it.
PARTNERS = {
    "cement_market": dict(
        name="Cement plants of the northern midlands", name_vi="Các nhà máy xi măng trung du",
        kind="cement", location=(21.75, 104.90),
        demand={"clinker": 750e3, "natural_gypsum": 200e3},  # per park (tang-loong.yaml)
        takes={"p4_slag": ("clinker", 0.9), "bf_slag": ("clinker", 0.95),
               "fly_ash": ("clinker", 0.8), "phosphogypsum": ("natural_gypsum", 0.95)}),
    "construction": dict(
        name="Road and site works of the province", name_vi="Công trình giao thông, san lấp",
        kind="construction", location=(22.40, 104.05),
        demand={"aggregate": 50e3},
        takes={"copper_slag": ("aggregate", 1.0), "bf_slag": ("aggregate", 1.0)}),
}

# Processing hubs, one of each kind per park that has their suppliers.
HUBS = {
    "grinder": dict(name="Slag-grinding plant", name_vi="Nhà máy nghiền xỉ", capacity=1e6,
                    capex=300e9, opex_var=100_000, electricity=0.045,
                    note="as the Lào Kay grinder, 1 Mt/yr, 300 bn VND (tang-loong.yaml)"),
    "pg_line": dict(name="Phosphogypsum treatment line", name_vi="Dây chuyền xử lý bã gyps",
                    capacity=850e3, capex=250e9, opex_var=100_000, electricity=0.01,
                    note="as DAP No.2's PG line, 850 kt/yr, 250 bn VND (tang-loong.yaml)"),
}


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class MeasureT:
    name: str
    name_vi: str
    capex: float              # VND at the reference size
    ref: tuple[str, float]    # (input or output used to size it, its reference amount)
    inputs: dict[str, float] = field(default_factory=dict)   # scale
    outputs: dict[str, float] = field(default_factory=dict)  # scale
    direct_delta: tuple[str, float] | None = None  # t CO2e per unit of that output removed
    lifetime: float = 15.0


MEASURES: dict[str, tuple[MeasureT, ...]] = {
    "fertilizer": (
        MeasureT("Variable-speed drives", "Biến tần cho bơm, quạt", 15e9, ("electricity", 53.7e3),
                 inputs={"electricity": -0.06}, lifetime=10),
        MeasureT("Higher P2O5 recovery", "Nâng hiệu suất thu hồi P2O5", 250e9,
                 ("sulfuric_acid", 420e3), inputs={"sulfuric_acid": -0.018},
                 outputs={"phosphogypsum": -0.018})),
    "yellow_phosphorus": (
        MeasureT("Closed-furnace sealing and electrode control", "Kín hóa lò", 120e9,
                 ("electricity", 546e3), inputs={"electricity": -0.03}),
        MeasureT("Charge preheating with tail gas", "Gia nhiệt phối liệu bằng khí thải", 150e9,
                 ("electricity", 546e3), inputs={"electricity": -0.04},
                 outputs={"p4_tailgas": -0.20}, direct_delta=("p4_tailgas", 0.001718))),
    "smelter": (
        MeasureT("Efficient oxygen plant and blowers", "Cải tạo trạm ô xy", 12e9,
                 ("electricity", 12e3), inputs={"electricity": -0.10}, lifetime=10),
        MeasureT("Waste-heat boiler on off-gas", "Lò hơi thu hồi nhiệt", 35e9, ("coal", 80e3),
                 inputs={"coal": -0.30})),
    "steel": (
        MeasureT("Top-pressure recovery turbine", "Tua bin TRT", 150e9, ("electricity", 175e3),
                 inputs={"electricity": -0.086}, lifetime=20),),
    "cement": (
        MeasureT("Waste-heat recovery power", "Phát điện nhiệt thừa", 250e9,
                 ("electricity", 45e3), inputs={"electricity": -0.25}, lifetime=20),),
    "power": (
        MeasureT("Economiser and O2-trim control", "Bộ hâm nước, điều khiển O2", 10e9,
                 ("coal", 934e3), inputs={"coal": -0.04}, lifetime=10),),
    "food": (
        MeasureT("Condensate return and heat recovery", "Thu hồi nước ngưng và nhiệt", 5e9,
                 ("steam", 125e3), inputs={"steam": -0.15}, lifetime=10),
        MeasureT("Water recycling", "Tuần hoàn nước", 3e9, ("raw_water", 300e3),
                 inputs={"raw_water": -0.25})),
}
