"""The abatement cost curve: monotone by construction, partner-abating links on the net
boundary, one numbering in CSV, figure and report, labels that neither repeat nor
overlap, and a two-link park whose curve is known by hand."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path
from unittest import mock

import pytest
from matplotlib.text import Text

from symbiosis import api, cli
from symbiosis.analysis.macc import EPS_T, macc, maccs, pool_adjacent_violators
from symbiosis.analysis.output import save_csv, save_json
from symbiosis.load.scenario import unconstrained
from symbiosis.present import report
from symbiosis.present.fig_macc import LABEL_WIDTH, build_macc, macc_key, option_labels, shorten
from symbiosis.present.resultdir import load_result_dir

ROOT = Path(__file__).parent.parent
SCEN = ROOT / "scenarios"
FIX = Path(__file__).parent / "fixtures"
BUILT_IN = sorted(SCEN.glob("*.yaml"))


def _boundary_co2(totals: dict, boundary: str) -> float:
    inventory = totals["co2_t_per_year"]
    return {"net": inventory - totals["avoided_co2_t_per_year_external"], "all": inventory,
            "scope12": totals["scope1"] + totals["scope2"]}[boundary]


@pytest.fixture(scope="module")
def curves():
    """Every built-in scenario on the net boundary; carbon-price also on its own."""
    out = {}
    for path in BUILT_IN:
        sc = api.load_scenario(path)
        extra = ("all",) if path.stem == "carbon-price" else ()
        for b, c in maccs(sc, ("net",) + extra).items():
            out[(path.stem, b)] = (sc, c)
    return out


def test_pool_adjacent_violators_by_hand():
    """Steps (t, VND): −5 t first abates nothing, so it is the offset; 20/10 = 2 then 5/10 =
    0.5 falls, pooled: 25/20 = 1.25; the next step abates nothing, pooled: 28/20 = 1.4;
    40/10 = 4 rises, a package of its own."""
    offset, packs = pool_adjacent_violators([(-5, -10), (10, 20), (10, 5), (0, 3), (10, 40)])
    assert offset == 1
    assert packs == [[1, 2, 3], [4]]
    # already rising: nothing pooled
    assert pool_adjacent_violators([(1, 1), (1, 2), (1, 3)]) == (0, [[0], [1], [2]])


def test_two_links_through_one_header_by_hand():
    """tests/fixtures/macc-park.yaml: each link replaces 1,000 GJ of coal (1e8 VND/yr,
    100 t CO2/yr); the header costs 3e8, h1 5e7, h2 1e8 VND/yr (discount rate 0,
    one-year lives).

    Stand-alone: h1 3e8 + 5e7 − 1e8 = 2.5e8 for 100 t → 2.5e6 VND/t;
                 h2 3e8 + 1e8 − 1e8 = 3e8 for 100 t → 3e6 VND/t.
    Incremental, h1 first (the cheaper tonne): 2.5e6 VND/t; then h2 on top, the header
    paid: 1e8 − 1e8 = 0 VND/t. The second step is cheaper than the first, so the two are
    one package: (2.5e8 + 0) / 200 t = 1.25e6 VND/t. At the carbon price of 80 USD/t =
    2e6 VND/t the optimum builds both (2.5e8 − 2e6 × 200 < 0; either alone costs more
    than it saves), so the curve's 200 t are the optimum's abatement.
    """
    sc = api.load_scenario(FIX / "macc-two.yaml")
    curve = macc(sc)
    rows = {r["id"]: r for r in curve.rows}
    assert rows["h1"]["standalone_vnd_per_t"] == pytest.approx(2.5e6, rel=1e-9)
    assert rows["h2"]["standalone_vnd_per_t"] == pytest.approx(3e6, rel=1e-9)
    assert [r["id"] for r in curve.rows] == ["h1", "h2"]
    assert [r["merit_order"] for r in curve.rows] == [1, 2]
    assert rows["h1"]["incremental_vnd_per_t"] == pytest.approx(2.5e6, rel=1e-9)
    assert rows["h2"]["incremental_vnd_per_t"] == pytest.approx(0, abs=1e-3)
    assert rows["h1"]["package"] == rows["h2"]["package"] == 1
    assert rows["h1"]["curve_vnd_per_t"] == rows["h2"]["curve_vnd_per_t"] == \
        pytest.approx(1.25e6, rel=1e-9)
    run = api.run(sc)
    assert {x["id"] for x in run.tables["links"] if x["built"]} == {"h1", "h2"}
    abated = run.baseline.totals["co2_t_per_year"] - run.totals["co2_t_per_year"]
    assert abated == pytest.approx(200, rel=1e-9)
    rec = curve.reconciliation()
    assert rec["reconciles"] and rec["curve"]["abatement_to_optimum_t_per_year"] == \
        pytest.approx(abated, rel=1e-9)


@pytest.mark.parametrize("path", BUILT_IN, ids=lambda p: p.stem)
def test_merit_order_is_monotone_and_adds_up_to_the_optimum(curves, path):
    found = [(b, sc, c) for (stem, b), (sc, c) in curves.items() if stem == path.stem]
    assert found
    for b, sc, c in found:
        ranked = [r for r in c.rows if r["merit_order"] is not None]
        assert [r["merit_order"] for r in ranked] == list(range(1, len(ranked) + 1))
        bars = [r for r in ranked if r["package"] is not None]
        heights = [r["curve_vnd_per_t"] for r in bars]
        for a, z in zip(heights, heights[1:]):
            assert z >= a - 1e-9 * max(1.0, abs(a)), (sc.id, b, heights)
        # each bar's height is its package's own total cost over its total abatement
        for k, group in itertools.groupby(bars, key=lambda r: r["package"]):
            group = list(group)
            cost = sum(r["incremental_cost_vnd"] for r in group)
            tonnes = sum(r["incremental_abatement_t"] for r in group)
            assert tonnes > EPS_T
            assert group[0]["curve_vnd_per_t"] == pytest.approx(cost / tonnes, rel=1e-9)
        # the options before the curve come first and abate nothing (on this boundary)
        offset = [r for r in ranked if r["package"] is None]
        assert ranked[:len(offset)] == offset
        assert sum(r["incremental_abatement_t"] for r in offset) <= EPS_T
        # steps telescope, and up to the optimum they equal a fresh solve of its plan
        total = 0.0
        for r in ranked:
            total += r["incremental_abatement_t"]
            assert r["cumulative_abatement_t"] == pytest.approx(total, rel=1e-6, abs=1e-6)
        fresh = api.run(unconstrained(sc))
        base = _boundary_co2(fresh.baseline.totals, b)
        opt = _boundary_co2(fresh.totals, b)
        to_opt = sum(r["incremental_abatement_t"] for r in ranked if r["phase"] == "optimum")
        rec = c.reconciliation()
        assert rec["reconciles"] and c.optimum_co2 == pytest.approx(opt, rel=1e-6)
        assert rec["run_baseline_co2_t_per_year"] == pytest.approx(base, rel=1e-9)
        if rec["starts_at_run_baseline"]:  # then the curve's sum is the run's abatement
            assert to_opt == pytest.approx(base - opt, rel=1e-6, abs=1e-3), (sc.id, b)
        else:  # no-symbiosis forbids today's links: the curve says the start differs
            assert abs(c.baseline_co2 - base) > 1 and rec["start_note"]
            assert to_opt == pytest.approx(c.baseline_co2 - opt, rel=1e-6, abs=1e-3)
        if fresh.tables["links"] and any(r["in_optimum"] for r in c.rows):
            assert bars, sc.id


def test_links_that_abate_at_cement_plants_are_on_the_net_curve(curves):
    sc, net = curves[("carbon-price", "net")]
    _, inventory = curves[("carbon-price", "all")]
    park = sc.park
    cement = {e for e, x in park.exchanges.items() if x.receiver in park.partners
              and not x.existing and "cement" in park.partners[x.receiver].kind}
    built = {r["id"] for r in net.rows if r["in_optimum"]} & cement
    assert len(built) >= 5, built
    on_net = {r["id"]: r for r in net.rows}
    on_all = {r["id"]: r for r in inventory.rows}
    for e in built:
        # on the net boundary a bar of its own abatement...
        assert on_net[e]["package"] is not None and on_net[e]["incremental_abatement_t"] > 1
        assert on_net[e]["standalone_avoided_at_partners_t"] > 1
        # ...and on the inventory boundary shown before the curve, not dropped
        assert on_all[e]["merit_order"] is not None
    assert sum(on_net[e]["incremental_abatement_t"] for e in built) > \
        sum(max(0.0, on_all[e]["incremental_abatement_t"]) for e in built) + 1e5


@pytest.fixture(scope="module")
def folder(curves, tmp_path_factory):
    """carbon-price's run with its net curve beside it, written as `symbiosis macc` does."""
    sc, c = curves[("carbon-price", "net")]
    out = api.write_results(api.run(sc), tmp_path_factory.mktemp("macc"))
    save_csv(out, "macc.csv", c.rows)
    save_json(out, "macc.json", c.reconciliation())
    return load_result_dir(out)


def _texts(fig):
    """(text, box in pixels) of every text the figure actually draws (a tick outside the
    axis range is never drawn, so the renderer's calls decide, not the artist tree)."""
    drawn = []
    real = Text.draw

    def draw(self, renderer):
        real(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    with mock.patch.object(Text, "draw", draw):
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for t in dict.fromkeys(drawn):
        box = t.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            out.append((t.get_text(), box))
    return out


@pytest.mark.parametrize("lang", ("en", "vi"))
def test_one_numbering_in_csv_figure_and_report(folder, lang, tmp_path):
    csv_numbers = [r["merit_order"] for r in folder.analyses["macc"] if r.get("merit_order")]
    key = macc_key(folder, lang)
    assert [k["number"] for k in key] == csv_numbers
    assert [k["id"] for k in key] == [r["id"] for r in folder.analyses["macc"]
                                      if r.get("merit_order")]
    texts = [t for t, _ in _texts(build_macc(folder, lang))]
    for k in key:  # the figure's key lists every numbered option with its label
        assert str(k["number"]) in texts and k["label"] in texts
    md = tmp_path / "report.md"
    report.render([folder], lang, {}, None, md)
    section = md.read_text(encoding="utf-8").split("\n## ")
    table = next(s for s in section if s.startswith(report.i18n.TEXT[lang]["macc"]))
    numbers = [int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)]
    assert numbers == csv_numbers


@pytest.mark.parametrize("lang", ("en", "vi"))
def test_labels_are_unique_and_shortened_by_word(folder, lang):
    key = macc_key(folder, lang)
    labels = [k["label"] for k in key]
    assert len(set(labels)) == len(labels)
    names = {k["id"]: k["name"] for k in key}
    for k in key:
        assert len(k["label"]) <= LABEL_WIDTH + 1
        head = k["label"].split("…")[0]
        if "…" in k["label"]:  # cut at a word boundary of the option's own name
            assert names[k["id"]].startswith(head)
            assert re.match(r"[,;:.]? ", names[k["id"]][len(head):]), k["label"]
        else:
            assert k["label"] == names[k["id"]]
    assert shorten("Thu hồi nhiệt hấp thụ (MECS HRS) tại xưởng axit sunfuric", 30) == \
        "Thu hồi nhiệt hấp thụ…"  # not inside the brackets, not on "tại"
    # two options of one name at two plants carry their plants
    rows = [{"id": "a", "tenant": "t1", "name": "Closed-furnace sealing and electrode control"},
            {"id": "b", "tenant": "t2", "name": "Closed-furnace sealing and electrode control"}]
    model = {"tenants": {"t1": {"name": "Đức Giang, furnaces"}, "t2": {"name": "Phốt pho 6"}}}
    assert option_labels(rows, model, "en", width=30) == {
        "a": "Closed-furnace… (Đức Giang)", "b": "Closed-furnace… (Phốt pho 6)"}


@pytest.mark.parametrize("boundary", ("net", "all"))
@pytest.mark.parametrize("lang", ("en", "vi"))
def test_no_two_labels_of_the_figure_overlap(curves, folder, lang, boundary):
    rows = curves[("carbon-price", boundary)][1].rows
    result = dataclasses.replace(folder, analyses={**folder.analyses, "macc": rows})
    fig = build_macc(result, lang)
    boxes = _texts(fig)
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2)
               if ba.shrunk(0.98, 0.9).overlaps(bb.shrunk(0.98, 0.9))]
    assert clashes == []
    width, height = fig.bbox.width, fig.bbox.height
    for text, box in boxes:  # nothing runs off the page
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, text
    # the boundary is said on the figure
    words = {"en": {"net": "net boundary", "all": "park inventory"},
             "vi": {"net": "ranh giới ròng", "all": "kiểm kê của KCN"}}[lang][boundary]
    assert any(words in t for t, _ in boxes)


def test_cli_writes_the_curve_and_its_reconciliation(tmp_path, capsys):
    assert cli.main(["macc", str(FIX / "macc-two.yaml"), "--out", str(tmp_path)]) == 0
    got = load_result_dir(tmp_path / "macc-two")
    meta = got.analyses["macc-meta"]
    assert meta["boundary"] == "net" and meta["reconciles"]
    assert meta["curve"]["abatement_to_optimum_t_per_year"] == pytest.approx(200, rel=1e-9)
    assert [r["merit_order"] for r in got.analyses["macc"]] == [1, 2]
    assert "boundary 'net'" in capsys.readouterr().out
    assert cli.main(["macc", str(FIX / "macc-two.yaml"), "--boundary", "scenario",
                     "--out", str(tmp_path)]) == 0
    assert load_result_dir(tmp_path / "macc-two").analyses["macc-meta"]["boundary"] == "all"
