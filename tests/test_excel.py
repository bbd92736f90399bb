"""Excel in and out: the data-collection workbook round trip, its error messages, the export.

The round trip is the proof that the workbook layout holds the whole park model file:
the Tằng Loỏng model written into the template and imported back must be the same
model, with every note, and must resolve to the same figures.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest
import yaml
from openpyxl.utils import get_column_letter

from symbiosis import api
from symbiosis.cli import main
from symbiosis.errors import InputError, InputProblems
from symbiosis.load.scenario import load_park
from symbiosis.present import xlsx_layout as L
from symbiosis.present.excel import (export_results, import_workbook, write_model_yaml,
                                     write_template)
from symbiosis.present.xlsx_export import MAX_SHEET, _sheet_name

ROOT = Path(__file__).parents[1]
MODEL = ROOT / "models" / "tang-loong.yaml"


def normalise(x: Any) -> Any:
    """A model as the loader reads it, so two spellings of the same model compare equal.

    - an absent key, a null and an empty map are the same (``production: {}``, ``note: null``);
    - mapping keys compare as text (YAML reads ``2023:`` as a number, a sheet may give text);
    - numbers compare by value (5 == 5.0) to 15 significant digits, what an Excel cell
      holds; bools stay bools (True is not 1 here).
    """
    if isinstance(x, dict):
        out = {str(k): normalise(v) for k, v in x.items()}
        return {k: v for k, v in out.items() if v is not None and v != {}}
    if isinstance(x, bool):
        return ("bool", x)
    if isinstance(x, (int, float)):
        return float(f"{x:.15g}")
    return x


def figures(park: Any) -> set[tuple[Any, ...]]:
    return {(f.path, f.value, f.unit, f.source, f.tag, f.note) for f in park.figures}


@pytest.fixture(scope="module")
def original() -> dict[str, Any]:
    return yaml.safe_load(MODEL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory, original) -> Path:
    return write_template(tmp_path_factory.mktemp("xlsx") / "tang-loong.xlsx", original)


# ------------------------------------------------------------------ round trip

def test_round_trip_gives_the_same_model(filled, original, tmp_path):
    imported = import_workbook(filled)
    assert normalise(imported) == normalise(original)
    # Notes are the first thing a careless layout drops: count them explicitly.
    notes = lambda m: sum(1 for line in yaml.safe_dump(m).splitlines()  # noqa: E731
                          if line.strip().startswith("note:"))
    assert notes(imported) == notes(original) > 100

    out = write_model_yaml(imported, tmp_path / "model.yaml", source=filled)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Park model imported from the workbook tang-loong.xlsx")
    assert normalise(yaml.safe_load(text)) == normalise(original)
    assert figures(load_park(out)) == figures(load_park(MODEL))


def test_round_trip_notices_a_changed_cell(filled, original, tmp_path):
    """The comparison above is not vacuous: one edited note makes the models differ."""
    wb = openpyxl.load_workbook(filled)
    ws = wb["exchanges"]
    col = _col(ws, "capacity_note")
    r = _row(ws, id="pg-cement")
    ws.cell(r, col).value = "changed"
    wb.save(tmp_path / "edited.xlsx")
    imported = import_workbook(tmp_path / "edited.xlsx")
    assert normalise(imported) != normalise(original)
    assert imported["exchanges"]["pg-cement"]["capacity"]["note"] == "changed"


def test_values_keep_their_types(filled):
    m = import_workbook(filled)
    assert m["park"]["vnd_per_usd"]["value"] == 26000 and isinstance(
        m["park"]["vnd_per_usd"]["value"], int)
    assert m["tenants"]["dap2_pg_line"]["processing"]["capacity"]["value"] == "850 kt"
    assert m["tenants"]["dap2_pg_line"]["processing"]["state"] == "committed"
    assert m["tenants"]["dap2_pg_line"]["processing"]["in_service"]["value"] == 2026
    assert m["exchanges"]["apatite-dap2"]["existing"] is True
    assert list(m["park"]["grid_factors"]) == [2021, 2022, 2023, 2030]
    assert "price" not in m["resources"]["acid_heat"]  # empty cells are absent keys


# ------------------------------------------------------------------ the empty template

def test_empty_template_has_headers_units_descriptions_and_no_data(tmp_path):
    out = write_template(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(out)
    assert set(L.SHEET_ORDER) <= set(wb.sheetnames)
    for name in L.SHEET_ORDER:
        ws = wb[name]
        keys = [c.value for c in ws[L.KEY_ROW]]
        assert keys and all(keys), name
        for row in (L.UNIT_ROW, L.DESC_ROW):
            cells = [ws.cell(row, c).value for c in range(1, len(keys) + 1)]
            assert all(isinstance(v, str) and v.strip() for v in cells), (name, row, cells)
        data = [keys.index(k) for k in keys if name != "park" or k in ("value", "source", "note")]
        for values in ws.iter_rows(min_row=L.FIRST_DATA_ROW, values_only=True):
            assert all(values[i] is None for i in data), (name, values)
        assert ws[L.KEY_ROW][0].font.b and ws.freeze_panes == "B4"
    # the park sheet lists its keys so a consultant knows what to give
    park_keys = [r[0] for r in wb["park"].iter_rows(min_row=L.FIRST_DATA_ROW, values_only=True)]
    assert {"id", "name", "vnd_per_usd", "electricity"} <= set(park_keys)
    lists = {str(dv.formula1) for dv in wb["resources"].data_validations.dataValidation}
    assert '"material,energy,water"' in lists
    lists = {str(dv.formula1) for dv in wb["sources"].data_validations.dataValidation}
    assert '"S,D,E"' in lists
    lists = {str(dv.formula1) for dv in wb["exchanges"].data_validations.dataValidation}
    assert '"TRUE,FALSE"' in lists


def test_empty_template_does_not_import_and_says_where(tmp_path):
    out = write_template(tmp_path / "template.xlsx")
    with pytest.raises(InputError) as exc:
        import_workbook(out)
    assert "park!B" in str(exc.value) and "empty" in str(exc.value)


def test_template_refuses_a_key_it_has_no_column_for(tmp_path, original):
    model = yaml.safe_load(yaml.safe_dump(original))
    model["exchanges"]["pg-cement"]["colour"] = "green"
    with pytest.raises(InputError, match="exchanges.pg-cement.colour"):
        write_template(tmp_path / "t.xlsx", model)


# ------------------------------------------------------------------ errors name the cell

def _col(ws: Any, key: str) -> int:
    return next(c.column for c in ws[L.KEY_ROW] if c.value == key)


def _row(ws: Any, **match: Any) -> int:
    cols = {k: _col(ws, k) for k in match}
    for r in range(L.FIRST_DATA_ROW, ws.max_row + 1):
        if all(ws.cell(r, cols[k]).value == v for k, v in match.items()):
            return r
    raise AssertionError(f"no row {match}")


def _broken(filled: Path, tmp_path: Path, mutate: Callable[[Any], str]) -> tuple[str, str]:
    """Apply ``mutate`` to a copy; return (expected cell reference, error message)."""
    path = tmp_path / "broken.xlsx"
    shutil.copy(filled, path)
    wb = openpyxl.load_workbook(path)
    where = mutate(wb)
    wb.save(path)
    with pytest.raises(InputError) as exc:
        import_workbook(path)
    assert exc.value.exit_code == 2
    return where, str(exc.value)


def _set(wb: Any, sheet: str, key: str, value: Any, **match: Any) -> str:
    ws = wb[sheet]
    r, c = _row(ws, **match), _col(ws, key)
    ws.cell(r, c).value = value
    return f"{sheet}!{get_column_letter(c)}{r} ({key})"


def test_negative_capacity(filled, tmp_path):
    where, msg = _broken(filled, tmp_path,
                         lambda wb: _set(wb, "exchanges", "capacity", -5, id="pg-cement"))
    assert where in msg and "must not be negative" in msg


def test_unknown_tenant_in_from(filled, tmp_path):
    where, msg = _broken(filled, tmp_path,
                         lambda wb: _set(wb, "exchanges", "from", "nobody", id="slag-pat-cement"))
    assert where in msg and "unknown tenant 'nobody'" in msg


def test_unit_mismatch(filled, tmp_path):
    where, msg = _broken(filled, tmp_path, lambda wb: _set(
        wb, "tenant_flows", "amount", "850 MWh", tenant="dap2", direction="output",
        resource="phosphogypsum"))
    assert where in msg and "'850 MWh' does not convert to t" in msg


def test_missing_required_column(filled, tmp_path):
    def drop(wb: Any) -> str:
        ws = wb["exchanges"]
        c = _col(ws, "capacity")
        ws.delete_cols(c)
        return f"exchanges!{get_column_letter(c)}1"
    where, msg = _broken(filled, tmp_path, drop)
    assert where in msg and "required column 'capacity' is missing" in msg and "row 1" in msg


def test_missing_source_of_a_figure(filled, tmp_path):
    where, msg = _broken(filled, tmp_path,
                         lambda wb: _set(wb, "resources", "price_source", None, id="coal"))
    assert where in msg and "empty" in msg


def test_unknown_column_and_duplicate_id_and_missing_sheet(filled, tmp_path):
    def rename(wb: Any) -> str:
        ws = wb["exchanges"]
        c = _col(ws, "capacity")
        ws.cell(1, c).value = "capcity"
        return f"exchanges!{get_column_letter(c)}1"
    where, msg = _broken(filled, tmp_path, rename)
    assert where in msg and "did you mean 'capacity'" in msg

    def dup(wb: Any) -> str:
        ws = wb["resources"]
        first, r = _row(ws, id="coal"), _row(ws, id="clinker")
        ws.cell(r, 1).value = "coal"
        return f"resources!A{r} (id): id 'coal' is also on row {first}"
    where, msg = _broken(filled, tmp_path, dup)
    assert where in msg

    def drop(wb: Any) -> str:
        del wb["measure_effects"]
        return "measure_effects sheet"
    where, msg = _broken(filled, tmp_path, drop)
    assert where in msg and "missing" in msg


def test_consistency_checks_point_at_the_row(filled, tmp_path):
    """A resource nobody can buy or receive: the same check as `symbiosis validate`."""
    def no_price(wb: Any) -> str:
        for key in ("price", "price_source", "price_note"):
            _set(wb, "resources", key, None, id="coal")
        ws = wb["tenant_flows"]
        r = _row(ws, tenant="vimico_cu", direction="input", resource="coal")  # no link brings it
        return f"tenant_flows!C{r} (resource)"
    where, msg = _broken(filled, tmp_path, no_price)
    assert where in msg and "input_has_source" in msg


# ------------------------------------------------------------------ every problem at once

def _save(filled: Path, tmp_path: Path, *mutations: Callable[[Any], str]) -> tuple[Path, list[str]]:
    """A copy of the workbook with each mutation applied; (its path, the cells changed)."""
    path = tmp_path / "broken.xlsx"
    shutil.copy(filled, path)
    wb = openpyxl.load_workbook(path)
    where = [m(wb) for m in mutations]
    wb.save(path)
    return path, where


THREE = (lambda wb: _set(wb, "exchanges", "capacity", -5, id="pg-cement"),
         lambda wb: _set(wb, "exchanges", "from", "nobody", id="slag-pat-cement"),
         lambda wb: _set(wb, "resources", "price_source", None, id="coal"))


def test_three_problems_of_a_workbook_are_reported_at_once(filled, tmp_path):
    path, where = _save(filled, tmp_path, *THREE)
    with pytest.raises(InputProblems) as exc:
        import_workbook(path)
    err = exc.value
    assert err.exit_code == 2 and len(err.problems) == 3, err.problems
    # in sheet and row order (resources, then exchanges row 7 and row 12), each at its
    # cell with its message
    assert err.problems[0].startswith(where[2]) and "empty" in err.problems[0]
    capacity, origin = err.problems[1:]
    assert capacity.startswith(where[0]) and "must not be negative" in capacity
    assert origin.startswith(where[1]) and "unknown tenant 'nobody'" in origin
    lines = str(err).splitlines()
    assert lines[0] == f"{path}: 3 problems:" and len(lines) == 4


def test_import_cli_lists_every_problem_exits_2_and_writes_nothing(filled, tmp_path, capsys):
    path, where = _save(filled, tmp_path, *THREE)
    out = tmp_path / "model.yaml"
    assert main(["import-xlsx", str(path), "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())  # the console may wrap long lines
    assert "3 problems:" in err and all(w in err for w in where)
    assert not out.exists()


def test_a_skipped_row_does_not_bring_its_consequences(filled, tmp_path):
    """A flow row that cannot be read is one problem, not also every link that needs it."""
    path, where = _save(filled, tmp_path, lambda wb: _set(
        wb, "tenant_flows", "direction", "outptu", tenant="dap2", direction="output",
        resource="phosphogypsum"))
    with pytest.raises(InputError) as exc:
        import_workbook(path)
    assert not isinstance(exc.value, InputProblems)  # one problem: the one-line form
    assert str(exc.value).startswith(f"{path}: {where[0]}: 'outptu': write one of")


def test_a_missing_sheet_is_reported_with_the_rows_and_stops_before_the_values(filled, tmp_path):
    def drop(wb: Any) -> str:
        del wb["measure_effects"]
        return "measure_effects sheet"
    path, where = _save(filled, tmp_path, drop,
                        lambda wb: _set(wb, "resources", "id", None, id="coal"), THREE[0])
    with pytest.raises(InputProblems) as exc:
        import_workbook(path)
    err = exc.value
    assert len(err.problems) == 2  # the capacity is not checked without the sheet
    assert err.problems[0].startswith(where[1]) and "empty" in err.problems[0]
    assert err.problems[1].startswith("measure_effects sheet: missing")
    assert "checked once the sheets and columns are complete" in str(err)


# ------------------------------------------------------------------ export of results

@pytest.fixture(scope="module")
def result_dirs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("results")
    dirs = [api.write_results(api.run(ROOT / "scenarios" / f"{name}.yaml"), out)
            for name in ("baseline", "carbon-price")]
    # an analysis table beside the run, as `symbiosis macc` writes it
    (dirs[1] / "macc.csv").write_text("option,kind,abated_t\nwater-wwtp-apatit,link,40.5\n"
                                      "dap2-hrs,measure,51984\n", encoding="utf-8")
    return dirs


def test_export_has_summary_and_every_table(result_dirs, tmp_path):
    out = export_results(result_dirs, tmp_path / "out" / "results.xlsx")
    assert sorted(p.name for p in out.parent.iterdir()) == ["results.xlsx"]  # no temp file left
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["summary", "contents"]
    summary = wb["summary"]
    assert [c.value for c in summary[1]][2:] == ["baseline", "carbon-price"]
    rows = {r[0]: r[2:] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["status"] == ("optimal", "optimal")
    assert isinstance(rows["cost_vnd_per_year"][1], float)
    for key in ("co2_by_scope.scope1", "avoided_co2_t_per_year_external", "kpis.symbiosis_links",
                "decree35.symbiosis-link", "baseline.cost_vnd_per_year",
                "delta.cost_vnd_per_year"):
        assert key in rows, key

    for d in result_dirs:
        with (d / "links.csv").open(newline="", encoding="utf-8") as fh:
            links = list(csv.DictReader(fh))
        ws = wb[f"{d.name}-links"]
        header = [c.value for c in ws[1]]
        data = list(ws.iter_rows(min_row=2, values_only=True))
        assert len(data) == len(links) > 0
        flow = header.index("flow")
        # Excel keeps 15 significant digits; the CSV has Python's 17
        assert [row[flow] for row in data] == pytest.approx([float(x["flow"]) for x in links],
                                                            rel=1e-14)
        assert all(isinstance(row[flow], (int, float)) for row in data)
        assert ws["A1"].font.b and ws.freeze_panes == "B2"
    macc = wb["carbon-price-macc"]
    assert [r for r in macc.iter_rows(min_row=2, values_only=True)] == [
        ("water-wwtp-apatit", "link", 40.5), ("dap2-hrs", "measure", 51984)]
    listed = {r[0] for r in wb["contents"].iter_rows(min_row=2, values_only=True)}
    assert listed == set(wb.sheetnames) - {"summary", "contents"}


def test_sheet_names_fit_excel_and_stay_unique():
    taken: set[str] = set()
    names = [_sheet_name("a-very-long-scenario-identifier", "enterprises-vs-baseline", taken)
             for _ in range(3)]
    assert all(len(n) <= MAX_SHEET for n in names)
    assert len({n.lower() for n in names}) == 3
    assert all(n.endswith(("enterprises-vs-baseline", "~2", "~3")) for n in names)


def test_export_of_a_folder_without_results_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a result folder"):
        export_results([tmp_path], tmp_path / "x.xlsx")
