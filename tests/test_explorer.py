"""The explorer (`symbiosis explore`) opened in headless Chromium with the network off.

Result folders are made by the real CLI (run, pareto, montecarlo) on the Tằng Loỏng
scenarios; what the page draws is checked against the CSV files those commands wrote,
read here independently of the explorer's own code.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from symbiosis import cli
from symbiosis.present import i18n
from test_report_language import _chromium, _english, _identifiers, _model_ids, stop_list

ROOT = Path(__file__).resolve().parent.parent
SCEN = ROOT / "scenarios"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_VI = "</script><img src=x onerror=alert(2)>"


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8", newline="")))


def composed(folder: Path) -> dict:
    return yaml.safe_load((folder / "inputs" / "composed.yaml").read_text("utf-8"))["model"]


def drawn(folder: Path) -> set[str]:
    """The links a plan builds with flow, as links.csv says."""
    return {r["id"] for r in _rows(folder / "links.csv")
            if r["built"] == "1" and float(r["flow"]) > 1e-6}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("explore")
    for name in ("baseline", "eco-park-2030"):
        assert cli.main(["run", str(SCEN / f"{name}.yaml"), "--out", str(out)]) == 0
    eco = SCEN / "eco-park-2030.yaml"
    assert cli.main(["pareto", str(eco), "--points", "4", "--out", str(out)]) == 0
    assert cli.main(["montecarlo", str(eco), "--samples", "8", "--out", str(out)]) == 0
    # A park whose DAP plant is named like a script, in both languages.
    model = (ROOT / "models" / "tang-loong.yaml").read_text(encoding="utf-8")
    model = model.replace("    name: DAP No.2 Lào Cai, acid and DAP units\n",
                          f"    name: '{HOSTILE}'\n", 1)
    model = model.replace("    name_vi: Nhà máy DAP số 2 Lào Cai (xưởng axit sunfuric, axit "
                          "photphoric, DAP)\n", f"    name_vi: '{HOSTILE_VI}'\n", 1)
    assert HOSTILE in model and HOSTILE_VI in model
    (out / "hostile-model.yaml").write_text(model, encoding="utf-8")
    scen = (SCEN / "eco-park-2030.yaml").read_text(encoding="utf-8")
    scen = re.sub(r"(?m)^id: .*$", "id: hostile", scen)
    scen = scen.replace("model: ../models/tang-loong.yaml", f"model: {out / 'hostile-model.yaml'}")
    (out / "hostile.yaml").write_text(scen, encoding="utf-8")
    assert cli.main(["run", str(out / "hostile.yaml"), "--out", str(out)]) == 0
    pages = {}
    for lang in ("vi", "en"):
        pages[lang] = out / f"explorer.{lang}.html"
        assert cli.main(["explore", str(out / "eco-park-2030"), str(out / "baseline"),
                         "--lang", lang, "--out", str(pages[lang])]) == 0
        pages[f"hostile-{lang}"] = out / f"hostile.{lang}.html"
        assert cli.main(["explore", str(out / "hostile"), "--lang", lang,
                         "--out", str(pages[f"hostile-{lang}"])]) == 0
    return {"out": out, "eco": out / "eco-park-2030", "baseline": out / "baseline",
            "pages": pages}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    browser, driver = _chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    # No network: every request goes to a closed port, and DevTools says offline too.
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    w = webdriver.Chrome(service=Service(driver), options=opts)
    w.execute_cdp_cmd("Network.enable", {})
    w.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    yield w
    w.quit()


def open_page(web, page: Path) -> None:
    web.get_log("browser")  # what earlier pages logged
    web.get(page.resolve().as_uri())
    assert web.execute_script("return !!window.explorer"), "the page's script did not run"
    errors = [e for e in web.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []


def edge_ids(web) -> set[str]:
    ids = web.execute_script("return document.getElementById('map').dataset.edgeIds")
    return set(ids.split()) if ids else set()


EDGE_MIDDLE = """
const chart = window.explorer.chart, e = window.explorer.edges()[arguments[0]];
const D = JSON.parse(document.getElementById('explorer-data').textContent);
const nodes = chart.getOption().series[0].data;
const end = id => { const n = nodes[D.nodes.findIndex(n => n.id === id)]; return chart.convertToPixel({seriesIndex: 0}, [n.x, n.y]); };
const a = end(D.links[e.id].from), b = end(D.links[e.id].to);
return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
"""


def edge_tip(web, link_id: str) -> str:
    """Move the mouse onto the middle of a (straight) link and read its tooltip as the reader
    sees it."""
    index = web.execute_script(
        "return window.explorer.edges().findIndex(e => e.id === arguments[0])", link_id)
    assert index >= 0, f"{link_id} is not drawn"
    chart = web.find_element("css selector", "#map")
    web.execute_script("arguments[0].scrollIntoView()", chart)
    ActionChains(web).move_to_element(web.find_element("css selector", "#legend")).perform()
    WebDriverWait(web, 5, 0.05).until(lambda w: w.execute_script(
        "const t = document.querySelector('#map .tip');"
        "return !t || t.parentElement.style.display === 'none' || t.parentElement.style.opacity === '0'"))
    x, y = web.execute_script(EDGE_MIDDLE, index)
    box = chart.rect
    ActionChains(web).move_to_element_with_offset(
        chart, x - box["width"] / 2, y - box["height"] / 2).perform()
    return tooltip(web, "#map")


def length(web, link_id: str) -> float:
    """A link's length on screen (px)."""
    return web.execute_script(EDGE_MIDDLE.replace(
        "return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];", "return Math.hypot(a[0] - b[0], a[1] - b[1]);"),
        web.execute_script("return window.explorer.edges().findIndex(e => e.id === arguments[0])",
                           link_id))


def all_tips(web) -> list[str]:
    """Every link's tooltip as text (the chart's own formatter, laid out as the page would)."""
    return web.execute_script("""
const f = window.explorer.chart.getOption().tooltip[0].formatter, box = document.createElement('div');
document.body.appendChild(box);
const out = window.explorer.edges().map((e, i) => { box.innerHTML = f({dataType: 'edge', dataIndex: i}); return box.innerText; });
box.remove();
return out;""")


def tooltip(web, chart: str) -> str:
    """The tooltip's text once it shows (ECharts draws it on the next frames)."""
    script = (f"const t = document.querySelector('{chart} .tip');"
              "return t && t.offsetParent !== null ? t.innerText : ''")
    try:
        return WebDriverWait(web, 5, 0.05).until(lambda w: w.execute_script(script))
    except Exception:  # noqa: BLE001 - no tooltip: the caller's assertion says what was missing
        return ""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_it_opens_offline_and_draws_every_plant_and_every_link(runs, web, lang):
    open_page(web, runs["pages"][lang])
    model = composed(runs["eco"])
    nodes = len(model["tenants"]) + len(model.get("partners") or {})
    option = web.execute_script("const s = window.explorer.chart.getOption().series[0];"
                                "return [s.data.length, s.links.length]")
    assert option == [nodes, len(drawn(runs["eco"]))]
    assert edge_ids(web) == drawn(runs["eco"])
    fetched = web.execute_script("return performance.getEntriesByType('resource')"
                                 ".map(e => e.name).filter(n => !n.startsWith('blob:'))")
    assert fetched == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_hovering_a_link_shows_its_flow_cost_and_why(runs, web, lang):
    open_page(web, runs["pages"][lang])
    rows = {r["id"]: r for r in _rows(runs["eco"] / "links.csv")}
    new = sorted(i for i in drawn(runs["eco"]) if rows[i]["state"] == "new")
    link = max(new, key=lambda i: length(web, i))  # the easiest to hover
    tip = edge_tip(web, link)
    T = i18n.TEXT[lang]
    flow = i18n.magnitude(float(rows[link]["flow"]), rows[link]["unit"], lang)
    assert flow + T["unit_per_year"] in tip
    saves = i18n.money_text(float(rows[link]["saves_cost_vnd_per_year"]), lang, None, True)
    assert T["ex_flow"] in tip and T["ex_why"] in tip and saves in tip


def test_clicking_a_scenario_tab_changes_the_drawn_links(runs, web):
    open_page(web, runs["pages"]["en"])
    assert edge_ids(web) == drawn(runs["eco"])
    tabs = web.find_elements("css selector", "#scenario-tabs button")
    assert len(tabs) == 3  # two scenarios and the comparison
    tabs[1].click()
    assert drawn(runs["baseline"]) != drawn(runs["eco"])
    assert edge_ids(web) == drawn(runs["baseline"])
    tabs = web.find_elements("css selector", "#scenario-tabs button")
    tabs[2].click()  # side by side: the first (eco) against the second (baseline)
    assert edge_ids(web) == drawn(runs["eco"]) | drawn(runs["baseline"])
    listed = web.execute_script("return [...document.querySelectorAll('#details li .removed')]"
                                ".length")
    assert listed == len(drawn(runs["eco"]) - drawn(runs["baseline"]))


def _pixel_click(web, element, x: float, y: float) -> None:
    box = element.rect
    ActionChains(web).move_to_element_with_offset(
        element, x - box["width"] / 2, y - box["height"] / 2).click().perform()


def test_clicking_a_trade_off_point_opens_its_plan_on_the_map(runs, web):
    open_page(web, runs["pages"]["en"])
    points = [r for r in _rows(runs["eco"] / "pareto.csv") if r["status"] == "optimal"]
    rows = {r["id"]: r for r in _rows(runs["eco"] / "links.csv")}
    existing = {i for i in drawn(runs["eco"]) if rows[i]["state"] == "today"}
    plans = [set(filter(None, p["links_built"].split(";"))) | existing for p in points]
    k = next(i for i, p in enumerate(plans) if p != drawn(runs["eco"]))
    chart = web.find_element("css selector", "#tradeoff-chart")
    web.execute_script("arguments[0].scrollIntoView()", chart)
    x, y = web.execute_script("return window.explorer.trade().convertToPixel({seriesIndex: 0},"
                              " arguments[0])", [float(points[k]["co2_t_per_year_boundary"]) / 1e3,
                                                 float(points[k]["cost_vnd_per_year"]) / 1e9])
    _pixel_click(web, chart, x, y)
    assert edge_ids(web) == plans[k]
    assert web.find_element("css selector", "#banner").is_displayed()
    web.find_element("css selector", "#back").click()
    assert edge_ids(web) == drawn(runs["eco"])


def test_clicking_a_plant_shows_its_inputs_costs_and_emissions(runs, web):
    open_page(web, runs["pages"]["en"])
    index = web.execute_script("return JSON.parse(document.getElementById('explorer-data')"
                               ".textContent).nodes.findIndex(n => n.id === 'dap2')")
    node = web.execute_script("const n = window.explorer.chart.getOption().series[0]"
                              ".data[arguments[0]]; return [n.x, n.y]", index)
    x, y = web.execute_script("return window.explorer.chart.convertToPixel({seriesIndex: 0},"
                              " arguments[0])", node)
    _pixel_click(web, web.find_element("css selector", "#map"), x, y)
    panel = web.find_element("css selector", "#details").text
    tenant = next(r for r in _rows(runs["eco"] / "tenants.csv") if r["tenant"] == "dap2")
    assert tenant["name"] in panel
    assert i18n.money_text(float(tenant["cost_vnd"]), "en") in panel
    assert i18n.money_text(float(tenant["baseline_cost_vnd"]), "en") in panel
    resources = composed(runs["eco"])["resources"]
    for r in _rows(runs["eco"] / "resources.csv"):
        if r["tenant"] == "dap2":
            assert resources[r["resource"]]["name"] in panel


def test_monte_carlo_build_frequency_sets_the_width_of_each_link(runs, web):
    open_page(web, runs["pages"]["en"])
    share = {r["id"]: float(r["built_share"])
             for r in _rows(runs["eco"] / "montecarlo-build-frequency.csv") if r["kind"] == "link"}
    state = {r["id"]: r["state"] for r in _rows(runs["eco"] / "links.csv")}
    widths = web.execute_script("return Object.fromEntries(window.explorer.edges()"
                                ".map(e => [e.id, e.width]))")
    sampled = {i for i in drawn(runs["eco"]) if state[i] != "today"}  # existing: by flow
    assert {i: widths[i] for i in sampled} == {
        i: pytest.approx(1 + 7 * share.get(i, 0.0)) for i in sampled}
    assert len({widths[i] for i in sampled}) > 1 and sampled != drawn(runs["eco"])


def test_the_tables_sort_and_download_as_csv(runs, web):
    open_page(web, runs["pages"]["en"])
    heads = web.find_elements("css selector", "#tables table.data")[0].find_elements(
        "css selector", "th")
    flow_col = [h.text for h in heads].index("Flow")
    heads[flow_col].click()
    rows = {r["id"]: r for r in _rows(runs["eco"] / "links.csv")}
    data = list(csv.reader(io.StringIO(web.execute_script("return window.explorer.csv(0)")
                                       .lstrip("\ufeff"))))
    assert data[0][6].startswith("Annual cost (bn VND/yr")
    assert sorted(float(r[4]) for r in data[1:]) == sorted(
        float(rows[i]["flow"]) for i in drawn(runs["eco"]))
    shown = web.execute_script("return [...document.querySelectorAll('#tables table.data')[0]"
                               ".tBodies[0].rows].map(r => r.cells[4].textContent)")
    flows = sorted(float(rows[i]["flow"]) for i in drawn(runs["eco"]))
    units = {float(rows[i]["flow"]): rows[i]["unit"] for i in drawn(runs["eco"])}
    assert shown == [i18n.magnitude(f, units[f], "en") + "/yr" for f in flows]


def test_the_axis_ticks_read_as_the_report_writes_numbers(runs, web):
    for lang in ("vi", "en"):
        open_page(web, runs["pages"][lang])
        for x, digits in ((6741.5, 1), (2300, 0), (-1234567.5, 1), (0.5, 1)):
            assert web.execute_script("return window.explorer.tick(arguments[0])", x) == \
                i18n.number(x, lang, digits)


def test_the_vietnamese_page_has_no_english_word_and_no_raw_id(runs, web):
    open_page(web, runs["pages"]["vi"])
    texts = [web.execute_script("return document.body.innerText")]
    texts += all_tips(web)
    assert len(texts) == len(drawn(runs["eco"])) + 1 and all(texts)
    web.find_elements("css selector", "#scenario-tabs button")[2].click()
    texts.append(web.execute_script("return document.body.innerText"))
    text = "\n".join(texts)
    assert "Khám phá cộng sinh" in text and "Tiêu chí Nghị định 35" in text
    assert _english(text, stop_list() - {"csv"}) == []
    assert _identifiers(text, _model_ids(runs["eco"])) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_tenant_named_like_a_script_stays_text(runs, web, lang):
    open_page(web, runs["pages"][f"hostile-{lang}"])
    name = HOSTILE_VI if lang == "vi" else HOSTILE
    assert web.execute_script("return document.scripts.length") == 3
    assert web.execute_script("return document.querySelectorAll('img, #map script').length") == 0
    assert name in edge_tip(web, "pg-cement")  # from the DAP plant
    assert web.execute_script("return document.querySelectorAll('.tip img, .tip script')"
                              ".length") == 0
    assert name in web.execute_script("return document.getElementById('tables').innerText")
    with pytest.raises(NoAlertPresentException):
        web.switch_to.alert.text


def test_alternatives_are_read_defensively_and_open_on_the_map(runs, web, tmp_path):
    """The files the real `symbiosis alternatives` writes, plus a row that does not read:
    the page shows the plans that read, says the rest did not, opens a plan on the map."""
    eco = runs["eco"]
    assert cli.main(["alternatives", str(SCEN / "eco-park-2030.yaml"), "--count", "3",
                     "--out", str(runs["out"])]) == 0
    plans = _rows(eco / "alternatives.csv")
    assert len(plans) >= 2
    with (eco / "alternatives.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([9] + ["not a number"] * (len(plans[0]) - 1))
    status = {r["option"]: r["status"] for r in _rows(eco / "alternatives-options.csv")}
    page = tmp_path / "alt.html"
    try:
        assert cli.main(["explore", str(eco), "--lang", "en", "--out", str(page)]) == 0
    finally:
        for f in eco.glob("alternatives*"):
            f.unlink()
    open_page(web, page)
    section = web.find_element("css selector", "#alternatives")
    assert i18n.TEXT["en"]["ex_alt_bad"] in section.text
    picks = section.find_elements("css selector", "tr.pick")
    assert len(picks) == len(plans)
    web.execute_script("arguments[0].scrollIntoView()", picks[1])
    picks[1].click()
    rows = {r["id"]: r for r in _rows(eco / "links.csv")}
    existing = {i for i in drawn(eco) if rows[i]["state"] == "today"}
    second = {o for o in plans[1]["options"].split(";") if o in rows}
    assert edge_ids(web) == second | existing
    web.find_element("css selector", "#back").click()
    words = {"must-have": "ex_alt_must", "swappable": "ex_alt_swap"}
    shown = [o for o in sorted(drawn(eco)) if status.get(o) in words]
    assert shown, "the plan draws an option the alternatives label"
    # a link's middle may lie under a plant or another link: judge the tips that are its own
    tips = {o: edge_tip(web, o) for o in shown}
    own = [o for o in shown if tips[o].startswith(rows[o]["name"])]
    assert own, tips
    for o in own:
        assert i18n.TEXT["en"][words[status[o]]] in tips[o], (o, tips[o])
