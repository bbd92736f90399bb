"""Layout of the data-collection workbook: its sheets, their columns, units and descriptions.

One place says where every key of the park model file goes, so the template writer and
the importer cannot drift apart. Row 1 holds the column keys, row 2 the units, row 3 a
plain description; data start on row 4. A figure ``{value, source, note}`` takes three
columns: ``price``, ``price_source``, ``price_note``.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY_ROW, UNIT_ROW, DESC_ROW, FIRST_DATA_ROW = 1, 2, 3, 4

SOURCE_UNIT = "source id or 'estimate'"
SOURCE_DESC = ("Where the number comes from: an id on the sources sheet, or the word estimate "
               "(nguồn số liệu)")
NOTE_DESC = "How the number was obtained: arithmetic, range, assumption (ghi chú)"
AMOUNT_HINT = "bare number in {u}, or a number with its unit: '850 kt', '53.7 GWh', '3000 m3/day'"
MONEY_HINT = "bare number in {u}, or with a unit: '300 bn VND', '5 USD/t', '1811 VND/kWh'"
BOOL = ("TRUE", "FALSE")


@dataclass(frozen=True)
class Col:
    key: str                    # the header in row 1
    path: tuple[str, ...]       # where the value goes inside the entry; () is the entry's id
    kind: str                   # id | ref | text | enum | bool | number | value | source | note
    unit: str
    desc: str
    required: bool = False
    choices: tuple[str, ...] = ()


def text(key: str, desc: str, path: tuple[str, ...] | None = None, required: bool = False,
         unit: str = "text") -> Col:
    return Col(key, path if path is not None else (key,), "text", unit, desc, required)


def ref(key: str, desc: str, what: str, path: tuple[str, ...] | None = None,
        required: bool = False) -> Col:
    return Col(key, path if path is not None else (key,), "ref", f"id on the {what} sheet", desc,
               required)


def enum(key: str, desc: str, choices: tuple[str, ...], path: tuple[str, ...] | None = None,
         required: bool = False) -> Col:
    return Col(key, path if path is not None else (key,), "enum", " | ".join(choices), desc,
               required, choices)


def flag(key: str, desc: str, path: tuple[str, ...] | None = None) -> Col:
    return Col(key, path if path is not None else (key,), "bool", "TRUE / FALSE", desc,
               choices=BOOL)


def number(key: str, unit: str, desc: str, path: tuple[str, ...] | None = None) -> Col:
    return Col(key, path if path is not None else (key,), "number", unit, desc)


def figure(key: str, unit: str, desc: str, path: tuple[str, ...] | None = None,
           required: bool = False) -> tuple[Col, Col, Col]:
    """A figure's three columns: value, source, note."""
    p = path if path is not None else (key,)
    return (Col(key, p + ("value",), "value", unit, desc, required),
            Col(f"{key}_source", p + ("source",), "source", SOURCE_UNIT,
                f"Source of {key}. " + SOURCE_DESC, required),
            Col(f"{key}_note", p + ("note",), "note", "text", f"Note on {key}. " + NOTE_DESC))


def location(what: str) -> tuple[Col, Col, Col]:
    return (number("lat", "decimal degrees", f"Latitude of the {what} (vĩ độ)",
                   ("location", "lat")),
            number("lon", "decimal degrees", f"Longitude of the {what} (kinh độ)",
                   ("location", "lon")),
            Col("location_source", ("location", "source"), "source", SOURCE_UNIT,
                "Source of the coordinates; empty means estimate"))


def idcol(what: str) -> Col:
    return Col("id", (), "id", "id (letters, digits, - _)",
               f"Short unique id of the {what}, used by the other sheets (mã)", True)


@dataclass(frozen=True)
class Sheet:
    name: str
    section: str                # top-level key of the park model file
    cols: tuple[Col, ...]
    about: str                  # one line for the README sheet

    def col(self, key: str) -> Col:
        return next(c for c in self.cols if c.key == key)


def _flat(*parts: Col | tuple[Col, ...]) -> tuple[Col, ...]:
    out: list[Col] = []
    for p in parts:
        out.extend(p if isinstance(p, tuple) else (p,))
    return tuple(out)


# ------------------------------------------------------------------ park (key/value rows)

PARK_COLS = (
    Col("key", (), "text", "key", "What the row gives (khóa); grid_factors.YEAR for each data year",
        True),
    Col("value", (), "value", "see the unit column", "The value (giá trị)", True),
    Col("source", (), "source", SOURCE_UNIT, "For a figure: " + SOURCE_DESC, True),
    Col("note", (), "note", "text", "For a figure: " + NOTE_DESC, True),
    Col("unit", (), "info", "text", "Unit of the row (information only, not read back)"),
    Col("description", (), "info", "text", "What the row means (information only, not read back)"),
)

# key, unit, description, is a figure, value kind
PARK_ROWS: tuple[tuple[str, str, str, bool, str], ...] = (
    ("id", "id", "Short id of the park", False, "text"),
    ("name", "text", "Name of the park in English", False, "text"),
    ("name_vi", "text", "Name in Vietnamese (tên tiếng Việt)", False, "text"),
    ("province", "text", "Province (tỉnh)", False, "text"),
    ("currency", "ISO 4217", "Currency of every amount (default VND, leave empty)", False, "text"),
    ("vnd_per_usd", "VND per USD", "VND parks: exchange rate used for every USD amount (tỷ giá)",
     True, "value"),
    ("exchange_rates.CODE", "park currency per CODE", "Exchange rate of each other currency "
     "the figures are written in (tỷ giá); one row per code; VND parks may use vnd_per_usd",
     True, "value"),
    ("electricity", "resource id", "Resource bought from the grid (default electricity)", False,
     "text"),
    ("grid_factors.YEAR", "t CO2e per MWh",
     "Grid emission factor of that data year (hệ số phát thải lưới điện); one row per year, "
     "a projection must cite estimate", True, "value"),
    ("location.lat", "decimal degrees", "Latitude of the park (vĩ độ)", False, "number"),
    ("location.lon", "decimal degrees", "Longitude of the park (kinh độ)", False, "number"),
    ("location.source", SOURCE_UNIT, "Source of the coordinates; empty means estimate", False,
     "text"),
    ("enterprises.count", "enterprises", "Enterprises in the whole park, not only those on the "
     "tenants sheet: the Decree 35 shares are over it (số doanh nghiệp của KCN)", False,
     "number"),
    ("enterprises.source", SOURCE_UNIT, "Source of the enterprise count", False, "text"),
    ("enterprises.note", "text", "How the count was obtained (ghi chú)", False, "text"),
    *((f"services.{name}.{part}", unit, f"{desc} ({vi}): {what}", False, kind)
      for name, desc, vi in (
          ("power_supply", "Power supply", "cấp điện"),
          ("water_supply", "Water supply", "cấp nước"),
          ("information", "Information and communication", "thông tin liên lạc"),
          ("fire_protection", "Fire prevention and fighting", "phòng cháy chữa cháy"),
          ("wastewater_treatment", "Central wastewater treatment", "xử lý nước thải tập trung"),
          ("symbiosis_support", "Services supporting symbiosis", "hỗ trợ cộng sinh"))
      for part, unit, what, kind in (
          ("provided", "TRUE / FALSE", "provided by the park (Decree 35 Art. 37 cl. 1 b); "
           "empty: not known", "bool"),
          ("source", SOURCE_UNIT, "source of the flag", "text"),
          ("note", "text", "note", "text"))),
    ("services.wastewater_treatment.capacity", "m3 per year, or with a unit: '3000 m3/day'",
     "Capacity of the central wastewater plant (công suất)", True, "value"),
    ("services.wastewater_treatment.park_wastewater", "m3 per year, or with a unit",
     "Wastewater of the whole park to treat (lượng nước thải của KCN)", True, "value"),
)
PARK_FIGURES = ("vnd_per_usd", "services.wastewater_treatment.capacity",
                "services.wastewater_treatment.park_wastewater")
GRID_PREFIX = "grid_factors."
RATE_PREFIX = "exchange_rates."
KEYED = {GRID_PREFIX: [2023], RATE_PREFIX: ["USD"]}  # rows by year / code; blank template's

# ------------------------------------------------------------------ one row per entry

SOURCES = Sheet("sources", "sources", (
    idcol("source"),
    enum("tag", "S stated, D derived (arithmetic in the note), E estimate", ("S", "D", "E"),
         required=True),
    text("title", "Title of the document or page (tiêu đề)", required=True),
    text("url", "Link to it, if any", unit="URL"),
    text("note", "For a D source the arithmetic; anything a reader needs"),
), "the registry of sources every figure cites (S stated, D derived, E estimate)")

STATES = ("today", "committed", "new")
_STATE_DESC = ("today: running now; committed: under construction or contracted (give "
               "in_service); new: a proposal. Empty: the existing flag decides")
_IN_SERVICE = "Year a committed option enters service (năm đưa vào vận hành)"

PROPERTIES = Sheet("properties", "properties", (
    idcol("property"),
    text("name", "Name in English, e.g. P2O5 content, COD", required=True),
    text("name_vi", "Name in Vietnamese (tên chỉ tiêu)"),
    text("unit", "The one unit of every value and limit of it: percent, ppm, mg/L, K, GJ/t",
         required=True, unit="unit"),
    text("note", "Anything a reader needs"),
), "quality properties of streams (a grade, a contaminant), each with its one unit")

_PER = "VND per resource unit"
_CO2 = "t CO2e per resource unit"
RESOURCES = Sheet("resources", "resources", _flat(
    idcol("resource"),
    text("name", "Name in English", required=True),
    text("name_vi", "Name in Vietnamese (tên tiếng Việt)"),
    text("unit", "Unit every amount of it is counted in: t, MWh, GJ, Nm3, m3 (đơn vị)",
         required=True, unit="unit"),
    enum("kind", "material, energy or water (loại)", ("material", "energy", "water"),
         required=True),
    figure("price", _PER, "Paid per unit bought from the market; empty: cannot be bought "
           "(giá mua). " + MONEY_HINT.format(u=_PER)),
    figure("upstream_co2", _CO2, "Emitted upstream per unit bought (scope 3); empty: 0"),
    figure("use_co2", _CO2, "Emitted on site per unit used or burnt (scope 1); empty: 0"),
    figure("disposal_cost", _PER, "Paid per unit disposed; empty: cannot be disposed "
           "(chi phí xử lý)"),
    figure("disposal_co2", _CO2, "Emitted per unit disposed; empty: 0"),
    enum("disposal_scope", "Scope of disposal_co2: disposal (default) or scope1 (e.g. flared gas)",
         ("disposal", "scope1")),
    figure("sale_price", _PER, "Received per unit sold outside the park; empty: not sold "
           "(giá bán)"),
    figure("avoided_co2", _CO2, "Avoided per unit an external partner stops buying; empty: 0"),
), "every material, energy and water stream, with prices and CO2 factors per unit")

_TENANT_PROC = ("processing",)
TENANTS = Sheet("tenants", "tenants", _flat(
    idcol("tenant"),
    text("name", "Name in English", required=True),
    text("name_vi", "Name in Vietnamese (tên doanh nghiệp)"),
    text("enterprise", "Company id; tenants of one company count as one enterprise "
         "(default: the tenant id)", unit="id"),
    flag("counts_as_enterprise", "FALSE for park infrastructure and shared facilities "
         "(default TRUE)"),
    text("sector", "Sector, e.g. fertilizer, chemicals, steel, wastewater_treatment (ngành)",
         required=True, unit="word"),
    location("tenant"),
    figure("direct_co2", "t CO2e/yr", "Process emissions not computed from inputs (phát thải "
           "trực tiếp). " + AMOUNT_HINT.format(u="t/yr")),
    figure("load_factor", "share of design", "Recent actual output as a share of design (0.7 for "
           "70 %, 0 when stopped); empty: 1. Amounts are written at design (hệ số tải)"),
    flag("iso_management", "Has an ISO management system; empty: not known",
         ("flags", "iso_management")),
    number("years_legal_compliance", "years", "Years of legal compliance; empty: not known",
           ("flags", "years_legal_compliance")),
    flag("cleaner_production", "Applies cleaner production; empty: not known",
         ("flags", "cleaner_production")),
    Col("flags_source", ("flags", "source"), "source", SOURCE_UNIT,
        "Source of the three facts before; empty means estimate"),
    text("processing_unit", "Fill only for a facility exchanges pass through: unit of "
         "throughput (t, Nm3 …)", _TENANT_PROC + ("unit",), unit="unit"),
    figure("processing_capacity", "processing unit/yr", "Most that can pass through a year",
           _TENANT_PROC + ("capacity",)),
    flag("processing_existing", "TRUE: built already (default); FALSE: a candidate to build",
         _TENANT_PROC + ("existing",)),
    enum("processing_state", _STATE_DESC, STATES, _TENANT_PROC + ("state",)),
    figure("processing_in_service", "year", _IN_SERVICE, _TENANT_PROC + ("in_service",)),
    figure("processing_capex", "VND", "Capital cost of building it. " + MONEY_HINT.format(u="VND"),
           _TENANT_PROC + ("capex",)),
    figure("processing_lifetime", "years", "Economic lifetime", _TENANT_PROC + ("lifetime",)),
    figure("processing_opex_fixed", "VND/yr", "Fixed operating cost a year",
           _TENANT_PROC + ("opex_fixed",)),
    figure("processing_opex_var", "VND per processing unit", "Operating cost per unit passing "
           "through", _TENANT_PROC + ("opex_var",)),
    figure("processing_electricity", "MWh per processing unit", "Grid electricity per unit "
           "passing through", _TENANT_PROC + ("electricity",)),
    text("note", "Anything a reader needs"),
), "plants and facilities in the park; their amounts go on tenant_flows")

PARTNER_KINDS = ("cement", "building_materials", "chemicals", "construction", "mining",
                 "disposal", "grid", "market", "other")
PARTNERS = Sheet("partners", "partners", _flat(
    idcol("partner"),
    text("name", "Name in English", required=True),
    text("name_vi", "Name in Vietnamese"),
    enum("kind", "What kind of outside buyer or user it is", PARTNER_KINDS, required=True),
    location("partner"),
    text("note", "Anything a reader needs"),
), "outside users of park by-products (cement plants, builders …); demand on partner_demand")

_EX_UNIT = "resource unit"
EXCHANGES = Sheet("exchanges", "exchanges", _flat(
    idcol("exchange"),
    text("name", "Name in English"),
    text("name_vi", "Name in Vietnamese"),
    Col("from", ("from",), "ref", "id on the tenants sheet",
        "Supplying tenant; resource must be one of its outputs (bên cung cấp)", True),
    Col("to", ("to",), "ref", "tenant or partner id",
        "Receiving tenant or partner (bên nhận)", True),
    ref("via", "Processing tenant the flow passes through, if any", "tenants"),
    ref("resource", "What is supplied", "resources", required=True),
    ref("replaces", "What the receiver stops buying", "resources", required=True),
    figure("ratio", "replaces unit per resource unit", "Units of replaces per unit of resource",
           required=True),
    figure("capacity", f"{_EX_UNIT}/yr", "Most units of resource a year (công suất). "
           + AMOUNT_HINT.format(u="the resource's unit"), required=True),
    flag("existing", "TRUE: fixed on, no capex; FALSE (default): a candidate"),
    enum("state", _STATE_DESC, STATES),
    figure("in_service", "year", _IN_SERVICE),
    figure("capex", "VND", "Capital cost. " + MONEY_HINT.format(u="VND")),
    figure("lifetime", "years", "Economic lifetime; needed with a capex"),
    figure("opex_fixed", "VND/yr", "Fixed operating cost a year"),
    figure("opex_var", f"VND per {_EX_UNIT}", "Cost per unit supplied (freight, treatment); may "
           "be negative"),
    figure("price", f"VND per {_EX_UNIT}", "Paid by the receiver to the supplier per unit"),
    figure("electricity", f"MWh per {_EX_UNIT}", "Grid electricity per unit supplied"),
    figure("transport_co2", f"t CO2e per {_EX_UNIT}", "Emitted per unit supplied (scope 1 of the "
           "supplier)"),
    figure("distance_km", "km", "Distance (information)"),
    text("note", "Anything a reader needs"),
), "candidate and existing links between tenants, or to partners")

MEASURES = Sheet("measures", "measures", _flat(
    idcol("measure"),
    ref("tenant", "Tenant where it is done", "tenants", required=True),
    text("name", "Name in English", required=True),
    text("name_vi", "Name in Vietnamese (tên giải pháp)"),
    figure("capex", "VND", "Capital cost. " + MONEY_HINT.format(u="VND"), required=True),
    figure("lifetime", "years", "Economic lifetime", required=True),
    figure("opex_fixed", "VND/yr", "Fixed operating cost a year; may be negative"),
    enum("state", "committed: already being put in place (give in_service); new or empty: a "
         "proposal", ("committed", "new")),
    figure("in_service", "year", _IN_SERVICE),
    text("note", "Anything a reader needs"),
), "cleaner-production and efficiency measures; their effects go on measure_effects")

ENTITY_SHEETS = (SOURCES, PROPERTIES, RESOURCES, TENANTS, PARTNERS, EXCHANGES, MEASURES)

# ------------------------------------------------------------------ one row per amount


@dataclass(frozen=True)
class ChildSheet:
    """Rows that fill a map inside an entry: tenant × direction × resource → figure."""

    name: str
    parent: Sheet
    owner: Col                   # the parent entry's id
    side: Col | None             # which map of the entry (None: one map only)
    sides: dict[str, str]        # side word → key in the entry ("input" → "inputs")
    member: Col                  # the key inside the map (a resource)
    cols: tuple[Col, ...]        # the figure or effect, relative to the map entry
    about: str

    @property
    def all_cols(self) -> tuple[Col, ...]:
        return tuple(c for c in (self.owner, self.side, self.member) if c) + self.cols


TENANT_FLOWS = ChildSheet(
    "tenant_flows", TENANTS,
    ref("tenant", "Tenant the amount belongs to", "tenants", (), True),
    enum("direction", "input: what it needs a year; output: by-product released a year; "
         "production: product made (information)", ("input", "output", "production"), (), True),
    {"production": "production", "input": "inputs", "output": "outputs"},
    Col("resource", (), "ref", "id on the resources sheet",
        "Resource id; for production the product name (sản phẩm)", True),
    figure("amount", "resource unit/yr (production: t/yr)", "Amount a year. "
           + AMOUNT_HINT.format(u="the resource's unit"), (), True),
    "one row per tenant × direction × resource: inputs, outputs and production a year")

PARTNER_DEMAND = ChildSheet(
    "partner_demand", PARTNERS,
    ref("partner", "Partner that takes it", "partners", (), True),
    None, {"": "demand"},
    Col("resource", (), "ref", "id on the resources sheet",
        "Resource the partner stops buying (what is replaced)", True),
    figure("amount", "resource unit/yr", "Most it takes a year. "
           + AMOUNT_HINT.format(u="the resource's unit"), (), True),
    "one row per partner × resource: the most each partner takes a year")

MEASURE_EFFECTS = ChildSheet(
    "measure_effects", MEASURES,
    ref("measure", "Measure the effect belongs to", "measures", (), True),
    enum("side", "input or output of the tenant changed, or direct_co2 (its process emissions)",
         ("input", "output", "direct_co2"), (), True),
    {"input": "inputs", "output": "outputs", "direct_co2": "direct_co2"},
    Col("resource", (), "ref", "id on the resources sheet",
        "Input or output changed; empty for direct_co2"),
    (number("scale", "fraction", "Fractional change: -0.08 = 8% less. Give scale or delta",
            ("scale",)),
     Col("delta", ("delta",), "value", "resource unit/yr (direct_co2: t CO2e/yr)",
         "Absolute change a year, may carry a unit: '-37 TJ', '33540 t'"),
     Col("source", ("source",), "source", SOURCE_UNIT, SOURCE_DESC, True),
     Col("note", ("note",), "note", "text", NOTE_DESC)),
    "one row per measure × side × resource: the scale or delta it applies")

RESOURCE_QUALITY = ChildSheet(
    "resource_quality", RESOURCES,
    ref("resource", "Resource the value belongs to", "resources", (), True),
    None, {"": "quality"},
    Col("property", (), "ref", "id on the properties sheet", "Property (a grade, a contaminant)",
        True),
    figure("value", "the property's unit", "Its value in the resource (of what is bought, and of "
           "every plant's stream of it unless a tenant gives its own), e.g. '32 %'", (), True),
    "one row per resource × property: the grade or concentration of the stream")

CHILD_SHEETS = (TENANT_FLOWS, PARTNER_DEMAND, MEASURE_EFFECTS, RESOURCE_QUALITY)
SHEET_ORDER = ("park", "sources", "properties", "resources", "resource_quality", "tenants",
               "tenant_flows", "partners", "partner_demand", "exchanges", "measures",
               "measure_effects")
