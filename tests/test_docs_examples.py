"""The worked examples of docs/model-format.md load through the package, so the guide
cannot drift from the code.

Each complete example in the guide is a fenced block right after an HTML comment that
says what it is: ``<!-- example: scenario -->``, ``park``, ``reliability``, ``actuals``,
``<!-- example: file NAME -->`` for a file another example reads (a samples CSV), or
``fragment`` for a block that shows keys of a file but is not one (checked by nothing).
Scenario examples are written as they would be saved at the repository's root, so
``extends: tests/fixtures/tiny-cost.yaml`` works once the tiny park's fixtures are copied
beside them. A YAML block that is a whole scenario or park but carries no mark is an
error too: a new example cannot escape the test by being left unmarked.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.analysis.disruption import simulate
from symbiosis.load.scenario import load_park
from symbiosis.monitor import read_actuals
from symbiosis.present.resultdir import load_result_dir
from symbiosis.roadmap import solve_roadmap
from symbiosis.roadmap.output import option_rows
from symbiosis.roadmap.spec import read_spec
from symbiosis.uncertainty import spec as uspec

ROOT = Path(__file__).parents[1]
DOC = ROOT / "docs" / "model-format.md"
FIX = ROOT / "tests" / "fixtures"
FIXTURES = ("tiny-park.yaml", "tiny-cost.yaml")  # what the examples extend or name
KINDS = ("scenario", "park", "reliability", "actuals", "file", "fragment")
# The least number of examples of each kind the guide holds: dropping a mark fails.
LEAST = {"scenario": 5, "reliability": 1, "actuals": 1, "file": 1}

_MARK = re.compile(r"<!--\s*example:\s*(\w+)(?:\s+([\w.-]+))?\s*-->")
_FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    line: int         # line of the opening fence in the guide (1-based)
    lang: str
    text: str
    kind: str | None  # None: not marked
    name: str = ""    # file name, for kind "file"

    def where(self) -> str:
        return f"{DOC.name}:{self.line}"


def blocks(text: str) -> list[Block]:
    """Every fenced block of the guide, with the example mark just before it, if any."""
    lines = text.splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        prev = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        mark = _MARK.search(prev)
        out.append(Block(i + 1, m.group(1), "\n".join(lines[i + 1:j]) + "\n",
                         mark.group(1) if mark else None, (mark.group(2) or "") if mark else ""))
        i = j + 1
    return out


def complete(b: Block) -> bool:
    """A YAML block that is a whole scenario or park model file."""
    if b.lang != "yaml":
        return False
    try:
        data = yaml.safe_load(b.text)
    except yaml.YAMLError:
        return False
    if not isinstance(data, dict):
        return False
    return "extends" in data or "model" in data or {"park", "resources"} <= set(data)


ALL = blocks(DOC.read_text(encoding="utf-8"))
MARKED = [b for b in ALL if b.kind is not None]


def of(kind: str) -> list[Block]:
    return [b for b in MARKED if b.kind == kind]


def example(ex_id: str) -> Block:
    found = [b for b in of("scenario") if (yaml.safe_load(b.text) or {}).get("id") == ex_id]
    assert len(found) == 1, f"the guide has {len(found)} scenario examples with id {ex_id}"
    return found[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The repository's layout in miniature: the tiny park's fixtures and every file example."""
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    for name in FIXTURES:
        shutil.copy(FIX / name, tmp_path / "tests" / "fixtures" / name)
    for b in of("file"):
        (tmp_path / b.name).write_text(b.text, encoding="utf-8")
    return tmp_path


def write(folder: Path, b: Block) -> Path:
    path = folder / f"example-{b.line}.{'csv' if b.lang == 'csv' else 'yaml'}"
    path.write_text(b.text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the marks

def test_every_mark_is_known_and_every_kind_is_there():
    assert all(b.kind in KINDS for b in MARKED), [(b.where(), b.kind) for b in MARKED
                                                  if b.kind not in KINDS]
    assert all(b.name for b in of("file")), "a file example needs a name: file NAME"
    for kind, least in LEAST.items():
        assert len(of(kind)) >= least, f"{kind}: {len(of(kind))} examples, at least {least}"


def test_no_complete_example_is_left_unmarked():
    loose = [b.where() for b in ALL if b.kind is None and complete(b)]
    assert not loose, f"mark these with <!-- example: scenario|park -->: {loose}"


# ------------------------------------------------------------------ each example loads

@pytest.mark.parametrize("b", of("scenario") + of("park"), ids=lambda b: b.where())
def test_scenario_and_park_examples_validate(b: Block, folder: Path):
    path = write(folder, b)
    kind, _ = api.validate_file(path)  # also reads uncertainty: and roadmap: sections
    assert kind == ("model" if b.kind == "park" else "scenario"), b.where()
    if b.kind == "park":
        return
    data = yaml.safe_load(b.text)
    sc = api.load_scenario(path)
    if "uncertainty" in data:
        p = uspec.plan(sc)
        assert p.inputs or p.given, f"{b.where()}: no uncertain input"
        assert uspec.draw(p, 3, seed=0), b.where()
    if "roadmap" in data:
        assert len(read_spec(sc).periods) == len(data["roadmap"]["periods"])


@pytest.mark.parametrize("b", of("actuals"), ids=lambda b: b.where())
def test_actuals_examples_read(b: Block, folder: Path):
    path = write(folder, b)
    facts = read_actuals(path, load_park(folder / "tests" / "fixtures" / "tiny-park.yaml"))
    rows = list(csv.DictReader(b.text.splitlines()))
    filled = [r for r in rows if r["amount"].strip()]
    assert facts.facts() == len(filled) and len(facts.blank) == len(rows) - len(filled)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    return api.write_results(api.run(FIX / "tiny-cost.yaml"), tmp_path_factory.mktemp("run"))


@pytest.mark.parametrize("b", of("reliability"), ids=lambda b: b.where())
def test_reliability_examples_drive_a_simulation(b: Block, folder: Path, tiny_run: Path):
    path = write(folder, b)
    res = simulate(load_result_dir(tiny_run), years=20, seed=0, reliability=path)
    given = yaml.safe_load(b.text)
    for tid, entry in given.items():
        if tid == "default":
            continue
        used = res.reliability[tid]
        assert used["source"] == "reliability file", b.where()
        a = entry["availability"]
        assert used["availability"] == pytest.approx(a["value"] if isinstance(a, dict) else a)


# ------------------------------------------------------------------ what the prose says

def test_uncertainty_example_gives_what_the_guide_says(folder: Path):
    sc = api.load_scenario(write(folder, example("tiny-uncertain-doc")))
    p = uspec.plan(sc)
    inputs = {i.path: i for i in p.inputs}
    assert len(inputs) == 23  # "19 more inputs get ±10 %: 23 in all"
    cp = inputs["policy.carbon_price"]
    assert (cp.value(0.0), cp.value(1.0)) == pytest.approx((0, 40 * 25_000))
    gyp = inputs["resources.natural_gypsum.price"]
    assert (gyp.value(0.0), gyp.value(1.0)) == pytest.approx((240_000, 390_000))
    assert inputs["resources.electricity.price"].value(1e-9) >= 600_000
    assert inputs["exchanges.pg-board.capacity"].value(0.5) == pytest.approx(8000)
    assert sum(i.source == "estimate default" for i in p.inputs) == 19


def test_bare_carbon_price_example_gives_what_the_guide_says(folder: Path):
    sc = api.load_scenario(write(folder, example("tiny-carbon")))
    assert sc.policy.carbon_price == pytest.approx(750_000)
    assert sc.policy.carbon_price_source == "assumption"
    assert "without a source" in sc.policy.carbon_price_note
    assert sc.policy.co2_cap == pytest.approx(1100)


def test_roadmap_example_gives_what_the_guide_says(folder: Path):
    sc = api.load_scenario(write(folder, example("tiny-roadmap")))
    spec = read_spec(sc)
    assert [c.get("policy.carbon_price", sc.policy.carbon_price) for c in spec.changes] \
        == pytest.approx([0, 250_000, 750_000])
    assert [c.get("resources.electricity.price", 1e6) for c in spec.changes] \
        == pytest.approx([1e6, 1.1e6, 1e6])
    assert spec.activity == [{}, {}, {"fert": 0.8}]
    assert spec.absent == [{"board"}, set(), set()]
    assert spec.budgets == [1.5e9, None, 3e9] and spec.criteria_from == 1
    rm = solve_roadmap(sc)
    assert rm.ok
    bought = sorted((r["option"], r["bought_in"]) for r in option_rows(rm))
    assert bought == [("fert-drives", "2026-30"), ("fert-drives", "2036-45"),
                      ("pg-board", "2031-35"), ("pg-cement", "2031-35")]
