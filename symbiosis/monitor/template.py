"""The actuals file to fill: every tenant × product, input, output, link, measure and scope.

The ``plan_or_baseline`` column holds the plan's amount (with a plan) or the baseline's,
as a hint; ``amount`` is left empty for the enterprise to fill. A row left empty
means "not reported". CSV (UTF-8 with a byte-order mark, so Excel shows Vietnamese
names) or XLSX (a sheet ``actuals`` and a sheet ``read-me``).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from symbiosis.atomic import replace_with
from symbiosis.errors import InputError
from symbiosis.load.park import Park
from symbiosis.load.scenario import Scenario
from symbiosis.monitor.actuals import KINDS, SCOPES
from symbiosis.monitor.actuals_io import SHEET
from symbiosis.monitor.reference import Reference, from_result_dir, solve_baseline
from symbiosis.safe_text import inert

COLUMNS = ("year", "tenant", "kind", "item", "name", "unit", "plan_or_baseline", "amount", "note")
README = (
    ("year", "the reporting year (one year per file)", "năm báo cáo (mỗi tệp một năm)"),
    ("tenant", "tenant id of the model", "mã doanh nghiệp/nhà máy trong mô hình"),
    ("kind", "production, input, output, exchange, measure or emission",
     "loại số liệu: production (sản lượng), input (đầu vào), output (đầu ra), exchange (liên "
     "kết cộng sinh), measure (giải pháp sản xuất sạch hơn), emission (phát thải)"),
    ("item", "product, resource, exchange, measure or scope id",
     "mã sản phẩm, tài nguyên, liên kết, giải pháp hoặc phạm vi phát thải"),
    ("name", "what the row is (information only)", "mô tả dòng (chỉ để tham khảo)"),
    ("unit", "unit of the amount; another unit of the same kind is converted (kt, GJ, m3/day)",
     "đơn vị; có thể dùng đơn vị khác cùng loại, chương trình tự quy đổi"),
    ("plan_or_baseline", "the plan's amount, or the baseline's (information only)",
     "giá trị kế hoạch hoặc đường cơ sở (chỉ để tham khảo)"),
    ("amount", "FILL IN: the year's amount; leave empty if not known",
     "ĐIỀN: số liệu thực tế của năm; để trống nếu không có số liệu"),
    ("note", "free text", "ghi chú"),
    ("input", "the resource itself used in the year, bought or received through a link of the "
              "same resource; what a link delivers in its place goes in the link's row",
     "lượng tài nguyên đó đã sử dụng trong năm (mua vào hoặc nhận qua liên kết cùng loại); "
     "vật liệu thay thế nhận qua liên kết ghi ở dòng của liên kết"),
    ("output", "released in the year, before any exchange",
     "lượng phát sinh trong năm, trước khi trao đổi"),
    ("exchange", "flow through the link in the year, in the unit of what it carries",
     "lượng trao đổi qua liên kết trong năm"),
    ("measure", "1 if kept up during the year, 0 if stopped",
     "1 nếu giải pháp được duy trì trong năm, 0 nếu đã dừng"),
    ("emission", "optional: t CO2e from your own inventory; empty = computed",
     "không bắt buộc: tấn CO2e theo kiểm kê của doanh nghiệp; để trống thì chương trình tự tính"),
)


def _rows(park: Park, year: int, ref: Reference, gf: float) -> list[dict[str, Any]]:
    res = park.resources
    rows: list[dict[str, Any]] = []

    def add(tid: str, kind: str, item: str, name: str, unit: str, hint: Any) -> None:
        if isinstance(hint, float):
            hint = float(f"{hint:.10g}")
        rows.append({"year": year, "tenant": tid, "kind": kind, "item": item,
                     "name": inert(name),  # a stranger's name must not become a formula
                     "unit": unit, "plan_or_baseline": hint, "amount": None, "note": None})

    for tid, t in park.tenants.items():
        for p, amount in t.production.items():
            add(tid, "production", p, f"{t.name}: production of {p}", "t", amount)
        for rid in t.inputs:
            add(tid, "input", rid, f"{res[rid].name} used", res[rid].unit,
                ref.use.get((tid, rid), 0.0))
        for rid in t.outputs:
            add(tid, "output", rid, f"{res[rid].name} released", res[rid].unit,
                ref.release.get((tid, rid), 0.0))
        for eid, e in park.exchanges.items():
            if e.supplier == tid:
                to = e.receiver + (f" via {e.via}" if e.via else "")
                add(tid, "exchange", eid, f"{e.name} ({tid} → {to})", res[e.resource].unit,
                    ref.flows.get(eid, 0.0))
        for mid, m in park.measures.items():
            if m.tenant == tid:
                add(tid, "measure", mid, f"{m.name} (1 kept up, 0 stopped)", "",
                    1 if mid in ref.adopted else 0)
        scopes = ref.scopes(tid, gf)
        for s in SCOPES:
            add(tid, "emission", s, f"optional: {s} from your inventory (empty = computed)",
                "t", scopes[s])
    return rows


def _csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerows(rows)


def _xlsx(path: Path, rows: list[dict[str, Any]], title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append([r[c] for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    todo = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
    amount = COLUMNS.index("amount") + 1
    for row in ws.iter_rows(min_row=2, min_col=amount, max_col=amount):
        row[0].fill = todo
    widths = {"year": 6, "tenant": 16, "kind": 11, "item": 24, "name": 48, "unit": 8,
              "plan_or_baseline": 16, "amount": 14, "note": 30}
    for i, c in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths[c]
    ws.freeze_panes = "A2"
    dv = DataValidation(type="list", formula1='"' + ",".join(KINDS) + '"', allow_blank=False)
    ws.add_data_validation(dv)
    k = get_column_letter(COLUMNS.index("kind") + 1)
    dv.add(f"{k}2:{k}{max(2, len(rows) + 1)}")
    info = wb.create_sheet("read-me")
    info.append([title])
    info["A1"].font = Font(bold=True, size=13)
    info.append([])
    info.append(["column / kind", "meaning", "ý nghĩa"])
    for cell in info[3]:
        cell.font, cell.fill = bold, fill
    for r in README:
        info.append(list(r))
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 80
    info.column_dimensions["C"].width = 80
    wb.save(path)


def write_template(park: Park, out: str | Path, year: int | None = None, *,
                   plan: Any | None = None, scenario: Scenario | None = None,
                   reference: Reference | None = None) -> Path:
    """Write the actuals file to fill (``.csv`` or ``.xlsx``), hints from the plan or baseline.

    ``plan`` is a ``ResultDir``; without one, ``reference`` or the baseline of the
    scenario / model (solved now) gives the hints. ``year`` defaults to last year.
    """
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("the template must be a .csv or .xlsx file", out)
    year = year if year is not None else dt.date.today().year - 1
    if year > dt.date.today().year:  # read_actuals would refuse the file it makes
        raise InputError(f"{year} is after this year ({dt.date.today().year}): actuals can "
                         "only be collected for a year that has begun", out, "--year")
    if plan is not None:
        ref, _ = from_result_dir(park, plan)
        gf = ref.grid_factor
    else:
        ref = reference or solve_baseline(park, scenario)
        gf = ref.grid_factor
    rows = _rows(park, year, ref, gf)
    if out.suffix.lower() == ".csv":
        return replace_with(out, lambda p: _csv(p, rows))
    title = (f"Actuals of {park.name} for {year} (Decree 35/2022/NĐ-CP Art. 43) — "
             f"số liệu thực tế năm {year}")
    return replace_with(out, lambda p: _xlsx(p, rows, title))
