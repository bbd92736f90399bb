"""`symbiosis compare`: side-by-side metrics and input diff, read from result folders."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from symbiosis.analysis import compare as cmp
from symbiosis.errors import InputError

ROOT = Path(__file__).parents[1]
SCEN = ROOT / "scenarios"
IDS = ["baseline", "carbon-price", "eco-park-2030"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("compare-results")


@pytest.fixture(scope="module")
def runs(out):
    return cmp.resolve([SCEN / f"{i}.yaml" for i in IDS], out)


@pytest.fixture(scope="module")
def comp(runs):
    return cmp.compare(runs)


def _summary(out: Path, sid: str) -> dict:
    return json.loads((out / sid / "summary.json").read_text(encoding="utf-8"))


def _row(comp, metric):
    return next(r for r in comp.rows if r["metric"] == metric)


def test_columns_are_the_scenario_ids_and_the_park_is_shared(comp):
    assert comp.labels == IDS
    assert comp.same_park is True
    assert all(list(r)[:2] == ["metric", "unit"] and list(r)[2:] == IDS for r in comp.rows)


def test_cost_row_is_each_summary_cost_exactly(comp, out):
    row = _row(comp, "cost")
    for sid in IDS:
        assert row[sid] == _summary(out, sid)["cost_vnd_per_year"]
    assert len({row[sid] for sid in IDS}) == 3


def test_delta_and_decree35_rows_come_from_each_summary(comp, out):
    for sid in IDS:
        s = _summary(out, sid)
        assert _row(comp, "Δ CO2 vs own baseline")[sid] == s["delta"]["co2_t_per_year"]
        for c in s["decree35"]:
            assert _row(comp, f"Decree 35 {c['id']} ({c['article']})")[sid] == c["status"]


def test_link_built_only_with_a_carbon_price_shows_its_flow_there_only(comp, out):
    def built(sid):
        return {x["id"]: x["flow"] for x in _summary(out, sid)["links"] if x["built"]}
    only = sorted(set(built("carbon-price")) - set(built("baseline")))
    assert only, "carbon-price should build links the baseline does not"
    for lid in only:
        row = _row(comp, f"link {lid}")
        assert row["carbon-price"] == built("carbon-price")[lid]
        assert row["baseline"] == "–"
    never = {x["id"] for sid in IDS for x in _summary(out, sid)["links"]} - {
        lid for sid in IDS for lid in built(sid)}
    assert not any(r["metric"].split(" ")[1] in never for r in comp.rows
                   if r["metric"].startswith("link "))


def test_measures_row_is_yes_where_adopted(comp, out):
    adopted = {x["id"] for x in _summary(out, "eco-park-2030")["measures"] if x["adopted"]}
    rows = {r["metric"].split(" ")[1]: r for r in comp.rows if r["metric"].startswith("measure ")}
    assert set(rows) >= adopted and adopted
    assert all(rows[m]["eco-park-2030"] == "yes" and rows[m]["baseline"] == "–" for m in adopted)


def test_input_diff_lists_what_differs_and_where_it_was_set(comp):
    diff = {r["path"]: r for r in comp.input_diff}
    cp = diff["policy.carbon_price"]
    assert [cp[sid] for sid in IDS] == ["–", "30 USD/t", "50 USD/t"]
    assert Path(cp["set_by"]["carbon-price"]["file"]).name == "carbon-price.yaml"
    el = diff["model.resources.electricity.price"]
    assert el["baseline"] == el["carbon-price"] != el["eco-park-2030"]
    assert Path(el["set_by"]["eco-park-2030"]["file"]).name == "eco-park-2030.yaml"
    assert "+20%" in el["set_by"]["eco-park-2030"]["note"]
    assert "baseline" not in el["set_by"]
    for path in ("model.resources.sulfuric_acid.price",
                 "model.resources.phosphogypsum.disposal_cost",
                 "policy.grid_factor_year"):
        assert path in diff


def test_input_diff_leaves_out_what_is_equal_everywhere(comp):
    paths = {r["path"] for r in comp.input_diff}
    for same in ("policy.discount_rate", "model.park.id", "model.park.vnd_per_usd",
                 "model.resources.electricity.sale_price", "model.park.grid_factors.2030"):
        assert same not in paths
    for r in comp.input_diff:
        assert len({json.dumps(r[sid], default=str) for sid in IDS}) > 1, r["path"]


def test_write_creates_three_files_for_people_and_machines(comp, tmp_path):
    paths = cmp.write(comp, tmp_path / "cmp")
    assert sorted(p.name for p in paths) == ["compare-inputs.csv", "compare.csv", "compare.md"]
    assert sorted(p.name for p in (tmp_path / "cmp").iterdir()) == sorted(p.name for p in paths)
    md = (tmp_path / "cmp" / "compare.md").read_text(encoding="utf-8")
    for sid in IDS:
        assert sid in md
    assert "| Decree 35 symbiosis-link (Art. 37 cl. 2 b) |" in md
    base_cost = _row(comp, "cost")["baseline"]
    assert f"| cost | bn VND/yr | {base_cost / 1e9:,.1f} |" in md
    assert "cheapest" in md and "least CO2" in md
    with (tmp_path / "cmp" / "compare.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(comp.rows)
    assert float(next(r for r in rows if r["metric"] == "cost")["baseline"]) == base_cost
    with (tmp_path / "cmp" / "compare-inputs.csv").open(encoding="utf-8") as fh:
        inputs = {r["path"]: r for r in csv.DictReader(fh)}
    assert inputs["policy.carbon_price"]["eco-park-2030"] == "50 USD/t"
    assert inputs["model.resources.electricity.price"]["eco-park-2030 file"].endswith(
        "eco-park-2030.yaml")


def test_write_is_all_or_nothing(comp, tmp_path, monkeypatch):
    def broken(_):
        raise RuntimeError("disk full")
    monkeypatch.setattr(cmp, "_markdown", broken)
    with pytest.raises(RuntimeError):
        cmp.write(comp, tmp_path / "cmp")
    assert list((tmp_path / "cmp").iterdir()) == []


def test_table_for_the_screen(comp):
    t = cmp.table(comp)
    assert len(t.columns) == 2 + len(IDS) and t.row_count == len(comp.rows)
    console = Console(width=250, record=True)
    console.print(t)
    text = console.export_text()
    assert f"{_row(comp, 'cost')['carbon-price'] / 1e9:,.1f}" in text


def test_same_scenario_again_is_read_from_disk_not_solved(runs, out, monkeypatch):
    summary = out / "baseline" / "summary.json"
    before = summary.stat().st_mtime_ns

    def no_solve(*_a, **_k):
        raise AssertionError("solved again although the inputs did not change")
    monkeypatch.setattr("symbiosis.api.run", no_solve)
    again = cmp.resolve([SCEN / "baseline.yaml"], out)
    assert summary.stat().st_mtime_ns == before
    assert again[0].summary == runs[0].summary


def test_changed_inputs_are_solved_again(tmp_path):
    scen = tmp_path / "baseline.yaml"
    text = (SCEN / "baseline.yaml").read_text(encoding="utf-8")
    model = (ROOT / "models" / "tang-loong.yaml").as_posix()
    scen.write_text(text.replace("../models/tang-loong.yaml", model), encoding="utf-8")
    out = tmp_path / "res"
    first = cmp.resolve([scen], out)[0]
    mtime = (out / "baseline" / "summary.json").stat().st_mtime_ns
    assert cmp.resolve([scen], out)[0].input_sha256 == first.input_sha256
    assert (out / "baseline" / "summary.json").stat().st_mtime_ns == mtime
    scen.write_text(scen.read_text(encoding="utf-8").replace("discount_rate: 0.10",
                                                             "discount_rate: 0.12"))
    second = cmp.resolve([scen], out)[0]
    assert second.input_sha256 != first.input_sha256
    assert (out / "baseline" / "summary.json").stat().st_mtime_ns != mtime


def test_result_folders_compare_without_running_anything(out, comp, monkeypatch):
    monkeypatch.setattr("symbiosis.api.run", lambda *_a, **_k: pytest.fail("ran a scenario"))
    again = cmp.compare(cmp.resolve([out / i for i in IDS], out / "unused"))
    assert again.rows == comp.rows
    assert not (out / "unused").exists()


def test_bogus_path_is_an_input_error_naming_it(out, tmp_path):
    bogus = tmp_path / "no-such-result"
    with pytest.raises(InputError, match="no-such-result") as exc:
        cmp.resolve([bogus], out)
    assert exc.value.exit_code == 2
    note = tmp_path / "notes.txt"
    note.write_text("hello")
    with pytest.raises(InputError, match="notes.txt"):
        cmp.resolve([note], out)


@pytest.mark.parametrize("missing", ["summary.json", "links.csv", "inputs/composed.yaml",
                                     "inputs/changelog.csv"])
def test_incomplete_result_folder_names_what_is_missing(out, tmp_path, missing):
    folder = tmp_path / "copy"
    shutil.copytree(out / "carbon-price", folder)
    (folder / missing).unlink()
    with pytest.raises(InputError, match=missing.replace(".", r"\.")) as exc:
        cmp.load_result(folder)
    assert str(folder) in str(exc.value)


def test_unreadable_summary_is_an_input_error(out, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(out / "baseline", folder)
    (folder / "summary.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="summary.json"):
        cmp.load_result(folder)


def test_different_parks_are_compared_but_flagged(runs):
    other = cmp.RunSummary(runs[1].folder, {**runs[1].summary, "park": "other-park"},
                           runs[1].links, runs[1].composed, runs[1].changelog)
    c = cmp.compare([runs[0], other])
    assert c.same_park is False
    assert "different parks" in cmp._markdown(c)


def test_one_id_twice_gets_two_columns(runs):
    c = cmp.compare([runs[0], runs[0]])
    assert c.labels == ["baseline", "baseline (2)"]
    assert c.input_diff == []


def test_comparing_folders_never_imports_pyomo(out):
    code = ("import sys\nfrom symbiosis.analysis import compare as c\n"
            f"c.table(c.compare(c.resolve({[str(out / i) for i in IDS]!r}, 'unused')))\n"
            "assert not any(m.startswith('pyomo') for m in sys.modules), 'pyomo imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_bad_argument_stops_before_anything_is_solved(tmp_path, monkeypatch):
    monkeypatch.setattr("symbiosis.api.run", lambda *_a, **_k: pytest.fail("solved first"))
    with pytest.raises(InputError, match="missing-folder"):
        cmp.resolve([SCEN / "baseline.yaml", tmp_path / "missing-folder"], tmp_path / "res")
