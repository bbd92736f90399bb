"""The report: well-formed HTML, every figure embedded, Vietnamese intact, input text escaped,
and a real browser opening it without an error."""

from __future__ import annotations

import base64
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from symbiosis import api, cli

FIX = Path(__file__).parent / "fixtures"
EVIL = "<script>alert(1)</script>"
VOID = {"meta", "img", "br", "hr", "link", "input", "col", "source"}


class Tree(HTMLParser):
    """Collects tags, checks they nest, and keeps the page's visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.text, self.imgs, self.errors = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.imgs.append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    (tmp / "s.yaml").write_text(yaml.safe_dump({
        "id": "evil", "extends": str(FIX / "tiny-cost.yaml"),
        "overrides": [{"path": "tenants.fert.name", "set": EVIL},
                      {"path": "tenants.board.name_vi", "set": "Nhà máy tấm thạch cao Tằng Loỏng",
                       "add": True}]}, allow_unicode=True), encoding="utf-8")
    out = tmp / "results"
    assert cli.main(["run", str(tmp / "s.yaml"), "--out", str(out), "--plots", "--lang", "vi"]) == 0
    assert cli.main(["report", str(out / "evil"), "--lang", "vi"]) == 0
    html = out / "evil" / "report.vi.html"
    return html, out / "evil"


def test_html_parses_and_embeds_every_figure(report):
    html, folder = report
    tree = Tree()
    tree.feed(html.read_text(encoding="utf-8"))
    tree.close()
    assert tree.errors == [] and tree.stack == []
    pngs = sorted((folder / "figures" / "vi").glob("*.png"))
    assert len(pngs) >= 4
    embedded = [i["src"] for i in tree.imgs if i.get("src", "").startswith("data:image/png;base64,")]
    assert len(embedded) == len(tree.imgs) == len(pngs)
    contents = {base64.b64decode(src.split(",", 1)[1]) for src in embedded}
    assert contents == {p.read_bytes() for p in pngs}


def test_vietnamese_is_intact_and_input_text_is_escaped(report):
    html, folder = report
    raw = html.read_text(encoding="utf-8")
    tree = Tree()
    tree.feed(raw)
    text = "".join(tree.text)
    assert "Nhà máy tấm thạch cao Tằng Loỏng" in text          # from the input file
    assert "Danh mục tiêu chí theo Nghị định 35/2022/NĐ-CP" in text  # from the report's wording
    assert EVIL in text              # the tenant's name shows as text…
    assert "script" not in tree.tags  # …and is no element of the page
    assert "&lt;script&gt;" in raw
    md = (folder / "report.vi.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "Nhà máy tấm thạch cao Tằng Loỏng" in md


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def test_a_real_browser_opens_the_report_without_errors(report, tmp_path):
    found = _chromium()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("Chromium is not installed on this developer machine")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = found
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1800",
                f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    web = webdriver.Chrome(service=Service(driver), options=opts)
    try:
        html, _ = report
        web.get(html.resolve().as_uri())
        assert "Đánh giá cộng sinh công nghiệp" in web.title
        images = web.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert images and all(done and width > 0 for done, width in images)
        errors = [e for e in web.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []
        shot = tmp_path / "report.png"
        assert web.save_screenshot(str(shot))
        assert shot.stat().st_size > 20_000
    finally:
        web.quit()
