"""Big parks as data: a park as JSON, or with CSV tables, loads to the model its YAML twin
gives (same hash), and a mistake in a table or a JSON file is reported where it is."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from symbiosis import api
from symbiosis.cli import main
from symbiosis.errors import InputError
from symbiosis.load.scenario import load_scenario

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _flat(entry: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in entry.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _write_table(path: Path, section: dict[str, dict[str, Any]]) -> None:
    rows = {eid: _flat(e) for eid, e in section.items()}
    columns = sorted({c for r in rows.values() for c in r})
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", *columns])
        for eid, r in rows.items():
            w.writerow([eid, *("" if r.get(c) is None else r[c] for c in columns)])


def _twin(tmp_path: Path, form: str) -> Path:
    """tiny-cost.yaml's scenario over the tiny park written as ``form``; the scenario path."""
    park = yaml.safe_load((FIXTURES / "tiny-park.yaml").read_text(encoding="utf-8"))
    park["park"]["grid_factors"] = {str(k): v for k, v in park["park"]["grid_factors"].items()}
    folder = tmp_path / form
    folder.mkdir()
    if form == "yaml":
        shutil.copy(FIXTURES / "tiny-park.yaml", folder / "park.yaml")
        name = "park.yaml"
    elif form == "json":
        (folder / "park.json").write_text(json.dumps(park, indent=2, ensure_ascii=False),
                                          encoding="utf-8")
        name = "park.json"
    else:  # csv: tenants and exchanges as tables, the rest in the YAML file
        _write_table(folder / "tenants.csv", park.pop("tenants"))
        _write_table(folder / "exchanges.csv", park.pop("exchanges"))
        park["tables"] = {"tenants": "tenants.csv", "exchanges": "exchanges.csv"}
        (folder / "park.yaml").write_text(yaml.safe_dump(park, sort_keys=False),
                                          encoding="utf-8")
        name = "park.yaml"
    scen = yaml.safe_load((FIXTURES / "tiny-cost.yaml").read_text(encoding="utf-8"))
    scen["model"] = name
    scen["id"] = "tiny-cost"
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scen), encoding="utf-8")
    return folder / "scenario.yaml"


def _park(scenario) -> Any:
    """The resolved park, apart from where it was read (the figures in a table come in
    its column order, in the YAML file in the file's order)."""
    return dataclasses.replace(scenario.park, file=None, locate=None,
                               figures=sorted(scenario.park.figures, key=lambda f: f.path))


@pytest.mark.parametrize("form", ["json", "csv"])
def test_table_form_and_its_yaml_twin_load_to_the_same_model_and_hash(tmp_path, form):
    twin = load_scenario(_twin(tmp_path, "yaml"))
    other = load_scenario(_twin(tmp_path, form))
    assert other.composed["model"] == twin.composed["model"]
    assert _park(other) == _park(twin)
    assert other.input_sha256 == twin.input_sha256
    # and it solves to the same plan
    a, b = api.run(twin), api.run(other)
    assert a.status == b.status == "optimal"
    assert a.totals == b.totals


def _break_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Set one cell of a table; the line of that row in the file."""
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    col = rows[0].index(column)
    for i, r in enumerate(rows):
        if r[0] == row_id:
            r[col] = value
            line = i + 1
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return line


def test_a_bad_cell_names_its_table_row_and_column(tmp_path, capsys):
    scenario = _twin(tmp_path, "csv")
    table = scenario.parent / "exchanges.csv"
    line = _break_cell(table, "pg-cement", "capacity.value", "lots")
    with pytest.raises(InputError) as exc:
        load_scenario(scenario)
    err = exc.value
    assert Path(err.file) == table and err.line == line
    assert f"row {line}" in err.key and "column 'capacity.value'" in err.key
    assert "pg-cement" in err.key and "lots" in err.message
    # by CLI: one line, exit code 2, nothing written
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out)]) == 2
    text = capsys.readouterr().err
    assert f"exchanges.csv:{line}" in text and "Traceback" not in text
    assert not out.exists() or not any(out.iterdir())


def test_a_misspelt_column_is_named_like_a_misspelt_key(tmp_path):
    scenario = _twin(tmp_path, "csv")
    table = scenario.parent / "tenants.csv"
    text = table.read_text(encoding="utf-8").replace("sector", "sectr", 1)
    table.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(scenario)
    assert Path(exc.value.file) == table and "column 'sectr'" in exc.value.key


def _json_line(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in text)


def test_a_bad_json_key_names_file_line_and_key(tmp_path):
    scenario = _twin(tmp_path, "json")
    park = scenario.parent / "park.json"
    data = json.loads(park.read_text(encoding="utf-8"))
    data["exchanges"]["pg-cement"]["capacty"] = data["exchanges"]["pg-cement"].pop("capacity")
    park.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(scenario)
    err = exc.value
    assert Path(err.file) == park and err.key == "exchanges.pg-cement.capacty"
    assert err.line == _json_line(park, '"capacty"')


def test_a_key_written_twice_in_json_is_an_error_at_its_line(tmp_path):
    scenario = _twin(tmp_path, "json")
    park = scenario.parent / "park.json"
    text = park.read_text(encoding="utf-8").replace(
        '"sector": "fertilizer"', '"sector": "fertilizer",\n      "sector": "steel"', 1)
    park.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(scenario)
    assert "duplicate key 'sector'" in exc.value.message
    assert exc.value.key == "tenants.fert.sector"
    assert exc.value.line == _json_line(park, '"sector": "steel"')


def test_a_bad_value_deep_in_json_is_reported_at_its_line(tmp_path):
    scenario = _twin(tmp_path, "json")
    park = scenario.parent / "park.json"
    data = json.loads(park.read_text(encoding="utf-8"))
    data["exchanges"]["pg-board"]["capacity"]["value"] = "-5 t"
    park.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(scenario)
    lines = park.read_text(encoding="utf-8").splitlines()
    assert exc.value.key == "exchanges.pg-board.capacity.value"
    assert '"value": "-5 t"' in lines[exc.value.line - 1]


@pytest.mark.parametrize("form", ["yaml", "json", "csv"])
def test_every_form_travels_to_workers_and_keeps_its_lines(tmp_path, form):
    """The parallel engine pickles the scenario for its workers: the lazy line finders of
    each reading path (LibYAML's quick one, JSON, CSV tables) must pickle too, and still
    find lines after the trip."""
    import pickle

    from symbiosis.parallel.engine import pack

    scenario = load_scenario(_twin(tmp_path, form))
    back = pickle.loads(zlib.decompress(pack(scenario)))
    assert back.input_sha256 == scenario.input_sha256
    for doc in (scenario.uncertainty_file, scenario.roadmap_file):
        if doc is not None:
            again = pickle.loads(pickle.dumps(doc))
            assert again.lines == doc.lines and again.lines
