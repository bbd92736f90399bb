"""Figures from result folders: files, images, languages, and the data they are drawn from.

One module-scoped run writes baseline, carbon-price (with its abatement curve) and
eco-park-2030 (with a 6-point trade-off) plus an infeasible variant into a temporary
folder; every figure is drawn once per language and the tests look at the files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import matplotlib.image as mpimg
import pytest

from symbiosis import cli
from symbiosis.present import fig_network, fig_sankey
from symbiosis.present.fig_style import num
from symbiosis.present.figures import (LABELS, build_comparison, build_network, build_waterfall,
                                       comparison_figure, make_figures)
from symbiosis.present.resultdir import load_result_dir

ROOT = Path(__file__).parents[1]
SCEN = ROOT / "scenarios"
SCENARIOS = ("baseline", "carbon-price", "eco-park-2030")
LANGS = ("en", "vi")
ALWAYS = {"network", "sankey-materials", "sankey-energy", "co2-waterfall"}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    impossible = out / "impossible.yaml"
    impossible.write_text(f"id: impossible\ntitle: CO2 cap below reach\n"
                          f"extends: {SCEN / 'carbon-price.yaml'}\n"
                          "policy:\n  constraints:\n    co2_cap: 1000\n", encoding="utf-8")
    assert cli.main(["run", *(str(SCEN / f"{s}.yaml") for s in SCENARIOS), "--out",
                     str(out)]) == 0
    assert cli.main(["pareto", str(SCEN / "eco-park-2030.yaml"), "--points", "6", "--out",
                     str(out)]) == 0
    assert cli.main(["macc", str(SCEN / "carbon-price.yaml"), "--out", str(out)]) == 0
    assert cli.main(["run", str(impossible), "--out", str(out)]) == 3
    return {s: load_result_dir(out / s) for s in (*SCENARIOS, "impossible")}


@pytest.fixture(scope="module")
def written(results, tmp_path_factory):
    out = tmp_path_factory.mktemp("figs")
    return {(s, lang): (out / s / lang, make_figures(results[s], out / s / lang, lang))
            for s in SCENARIOS for lang in LANGS}


def _expected(result) -> set[str]:
    names = set(ALWAYS)
    if (result.path / "pareto.csv").is_file():
        names.add("pareto")
    if (result.path / "macc.csv").is_file():
        names.add("macc")
    return names


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_figure_is_a_real_png_and_svg(written, results, scenario, lang):
    folder, paths = written[(scenario, lang)]
    expected = _expected(results[scenario])
    assert sorted(paths) == sorted(folder / f"{n}.{ext}" for n in expected
                                   for ext in ("png", "svg"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)
    for name in expected:
        img = mpimg.imread(folder / f"{name}.png")
        assert img.ndim == 3 and img.shape[2] in (3, 4), name
        h, w = img.shape[:2]
        assert 400 <= h <= 4000 and 400 <= w <= 4000, (name, img.shape)
        assert img[..., :3].std() > 0.03, f"{name}.png looks blank"
        root = ET.parse(folder / f"{name}.svg").getroot()
        assert root.tag.endswith("svg"), name
        # svg.fonttype "path": glyphs are outlines, so no font is needed to view the file
        assert not [e for e in root.iter() if e.tag.endswith("}text")], name


def test_pareto_and_macc_only_where_their_csv_is(written, results):
    assert (results["eco-park-2030"].path / "pareto.csv").is_file()
    assert (results["carbon-price"].path / "macc.csv").is_file()
    for s in SCENARIOS:
        names = {p.stem for p in written[(s, "en")][1]}
        assert ("pareto" in names) == (s == "eco-park-2030")
        assert ("macc" in names) == (s == "carbon-price")


def test_infeasible_run_gives_no_figures(results, tmp_path):
    r = results["impossible"]
    assert r.summary["status"] == "infeasible" and not r.tables
    assert make_figures(r, tmp_path / "figs", "vi") == []
    assert not (tmp_path / "figs").exists()


def test_unknown_language_is_refused_with_the_choices(results, tmp_path):
    with pytest.raises(ValueError, match=r"'fr'.*en, vi"):
        make_figures(results["baseline"], tmp_path, "fr")
    with pytest.raises(ValueError, match="en, vi"):
        comparison_figure([results["baseline"]], tmp_path, "fr")
    assert list(tmp_path.iterdir()) == []


def test_vietnamese_labels_are_complete_and_proper():
    assert set(LABELS["vi"]) == set(LABELS["en"])
    vi = LABELS["vi"]
    assert vi["waterfall_title"] == "Phát thải CO₂ theo phạm vi"
    assert vi["cost_axis"] == "Chi phí (tỷ đồng/năm)"
    assert (vi["existing_link"], vi["new_link"]) == ("Liên kết hiện có", "Liên kết mới")
    assert vi["macc_title"] == "Đường cong chi phí giảm phát thải biên"
    assert vi["pareto_title"] == "Đánh đổi chi phí – CO₂"
    assert (vi["pass"], vi["fail"], vi["needs-evidence"]) == ("Đạt", "Không đạt",
                                                              "Cần bằng chứng")
    assert vi["disposal"] == "Thải bỏ" and vi["avoided"] == "Tránh được bên ngoài KCN"
    assert vi["scope1"].startswith("Phạm vi 1") and vi["scope3_upstream"].startswith("Phạm vi 3")
    untranslated = {k for k in vi if vi[k] == LABELS["en"][k] and k not in
                    ("delta", "macc_usd", "scale_bar")}
    assert untranslated == set()


def test_titles_and_names_follow_the_language(results):
    r = results["eco-park-2030"]
    en, vi = build_waterfall(r, "en"), build_waterfall(r, "vi")
    # the title in words, the scenario by its own title under it, never by its id
    assert vi.get_suptitle() == LABELS["vi"]["waterfall_title"]
    assert en.get_suptitle() == LABELS["en"]["waterfall_title"]
    assert r.summary["title_vi"] in _texts(vi) and r.summary["title"] in _texts(en)
    assert not any("eco-park-2030" in t for t in _texts(vi) + _texts(en))
    ticks = [t.get_text() for t in vi.axes[0].get_xticklabels()]
    assert ticks[0] == LABELS["vi"]["baseline"] and ticks[1] == f"Δ {LABELS['vi']['scope1']}"
    net_vi = _texts(build_network(r, "vi"))
    net_en = _texts(build_network(r, "en"))
    assert LABELS["vi"]["existing_link"] in net_vi and LABELS["en"]["new_link"] in net_en
    # tenant names: name_vi in Vietnamese, name in English
    assert any(t.startswith("Nhà máy DAP số 2") for t in net_vi)
    assert not any(t.startswith("Nhà máy DAP số 2") for t in net_en)
    assert any(t.startswith("DAP No.2") for t in net_en)


def _texts(fig) -> list[str]:
    out = [t.get_text().replace("\n", " ") for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text().replace("\n", " ") for t in ax.texts]
        leg = ax.get_legend()
        if leg:
            out += [t.get_text().replace("\n", " ") for t in leg.get_texts()]
    return out


def test_waterfall_adds_up_to_the_scenario(results):
    r = results["carbon-price"]
    fig = build_waterfall(r, "en")
    bars = sorted((p for p in fig.axes[0].patches if p.get_width() > 0), key=lambda p: p.get_x())
    assert len(bars) == 6
    base = sum(r.summary["baseline"]["co2_by_scope"].values()) / 1e3
    scen = sum(r.summary["co2_by_scope"].values()) / 1e3
    first, last = bars[0], bars[5]
    assert first.get_y() + first.get_height() == pytest.approx(base)
    assert last.get_y() + last.get_height() == pytest.approx(scen)
    deltas = sum(b.get_height() for b in bars[1:5])
    assert deltas == pytest.approx(base - scen, rel=1e-6)
    avoided = max(p.get_height() for p in fig.axes[1].patches)
    assert avoided == pytest.approx(r.summary["avoided_co2_t_per_year_external"] / 1e3)


def test_network_legs_through_a_facility_are_summed(results):
    links = results["eco-park-2030"].tables["links"]
    legs, faint = fig_network.segments(links)
    via = [x for x in links if x["via"] and x["built"] and x["flow"] > 1e-3]
    assert via, "the scenario builds links through a processing facility"
    for x in via:
        into = legs[(x["from"], x["via"], x["resource"])]["flow"]
        out = legs[(x["via"], x["to"], x["resource"])]["flow"]
        same = sum(y["flow"] for y in via if (y["via"], y["to"], y["resource"])
                   == (x["via"], x["to"], x["resource"]))
        assert out == pytest.approx(same) and into >= x["flow"] - 1e-6
    unbuilt = [x for x in links if not x["built"]]
    assert unbuilt and all((x["from"], x["to"], x["resource"]) not in legs for x in unbuilt)


def test_partners_sit_on_a_ring_outside_the_plants(results):
    model = results["eco-park-2030"].model
    lay = fig_network.layout(model)
    assert fig_network.layout(model)["pos"] == lay["pos"]  # deterministic
    x0, x1, y0, y1 = lay["bbox"]
    cx, cy = lay["centre"]
    half_diagonal = 0.5 * ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    assert lay["radius"] > half_diagonal
    for k in model["partners"]:
        px, py = lay["pos"][k]
        assert ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5 == pytest.approx(lay["radius"])
    for k in model["tenants"]:
        px, py = lay["pos"][k]
        assert x0 <= px <= x1 and y0 <= py <= y1


def test_sankey_flows_carry_purchases_disposal_and_sales(results):
    r = results["eco-park-2030"]
    flows = fig_sankey.flows(r.tables, r.model, ("material",))
    mass = [x for x in r.tables["resources"] if x["unit"] == "t"
            and r.model["resources"][x["resource"]]["kind"] == "material"]
    for sink, column in ((fig_sankey.DISPOSAL, "disposed"), (fig_sankey.MARKET_OUT, "sold")):
        assert sum(f["value"] for f in flows if f["dst"] == sink) == pytest.approx(
            sum(x[column] or 0 for x in mass))
    assert sum(f["value"] for f in flows if f["src"] == fig_sankey.MARKET_IN) == pytest.approx(
        sum(x["purchased"] or 0 for x in mass))
    energy = fig_sankey.flows(r.tables, r.model, ("energy",))
    assert {f["unit"] for f in energy} == {"GJ", "Nm3"}  # MWh folded into GJ, gas apart
    assert not {f["resource"] for f in energy} & {f["resource"] for f in flows}


def test_comparison_grid_and_files(results, tmp_path):
    rs = [results[s] for s in (*SCENARIOS, "impossible")]
    fig = build_comparison(rs, "vi")
    grid = fig.axes[-1]
    criteria = {c["id"] for r in rs for c in r.summary.get("decree35") or []}
    cells = [p for p in grid.patches]
    assert len(cells) == len(criteria) * len(rs)
    # columns are headed by the scenarios' titles (up to ' - '), not their ids
    last = rs[-1].summary.get("title_vi") or rs[-1].summary["title"]
    assert [t.get_text().replace("\n", " ") for t in grid.get_xticklabels()][-1] == \
        last.split(" - ")[0]
    assert LABELS["vi"]["pass"] in " ".join(_texts(fig))
    paths = comparison_figure(rs, tmp_path, "en")
    assert [p.name for p in paths] == ["compare.png", "compare.svg"]
    img = mpimg.imread(paths[0])
    assert img.shape[0] >= 400 and img[..., :3].std() > 0.03
    assert ET.parse(paths[1]).getroot().tag.endswith("svg")


def test_no_global_matplotlib_state_leaks(results, tmp_path):
    before = dict(matplotlib.rcParams)
    make_figures(results["baseline"], tmp_path, "vi")
    assert dict(matplotlib.rcParams) == before
    import matplotlib.pyplot as plt
    assert plt.get_fignums() == []


def test_numbers_use_the_language_separators():
    assert num(1234567.85, 1, "en") == "1,234,567.9"
    assert num(1234567.85, 1, "vi") == "1.234.567,9"
    assert num(-2500, 0, "en", sign=True) == "−2,500"
    assert num(0.0001, 1, "en", sign=True) == "0.0"


def test_park_without_coordinates_gets_a_schematic_not_a_map(tmp_path):
    fix = Path(__file__).parent / "fixtures"
    assert cli.main(["run", str(fix / "tiny-cost.yaml"), "--out", str(tmp_path)]) == 0
    r = load_result_dir(tmp_path / "tiny-cost")
    assert not any((t or {}).get("location") for t in r.model["tenants"].values())
    lay = fig_network.layout(r.model)
    assert not lay["located"]
    texts = _texts(build_network(r, "en"))
    assert LABELS["en"]["schematic"] in texts
    assert not any(t.endswith(" m") or t.endswith(" km") for t in texts)  # no scale bar
    assert {p.stem for p in make_figures(r, tmp_path / "figs", "vi")} == ALWAYS
