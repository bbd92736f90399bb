"""A big park's composed inputs are written as JSON, and every reader of a result folder
(report, compare, disruption, resume) takes them as it takes composed.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.analysis.compare import load_result
from symbiosis.analysis.disrupt_plan import park_of
from symbiosis.analysis.output import ensure_run
from symbiosis.cli import main
from symbiosis.present.resultdir import load_result_dir
from symbiosis.results import composed
from symbiosis.results.write import _clean

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny-cost.yaml"


@pytest.fixture(scope="module")
def tiny():
    return api.run(api.load_scenario(TINY))


@pytest.mark.parametrize("big", [False, True])
def test_composed_inputs_read_back_in_either_form(tmp_path, monkeypatch, tiny, big):
    if big:  # the tiny park's 5 entries count as a regional park
        monkeypatch.setattr(composed, "BIG", 0)
    folder = api.write_results(tiny, tmp_path / "out")
    inputs = folder / "inputs"
    name = "composed.json" if big else "composed.yaml"
    assert sorted(p.name for p in inputs.glob("composed.*")) == [name]
    text = (inputs / name).read_text(encoding="utf-8")
    written = json.loads(text) if big else yaml.safe_load(text)
    want = _clean(tiny.scenario.composed)
    assert written == json.loads(json.dumps(want))  # JSON keys are text, as YAML's here
    assert load_result_dir(folder).composed == written
    assert load_result(folder).composed == written
    assert park_of(load_result_dir(folder)).exchanges == tiny.scenario.park.exchanges
    assert ensure_run(tiny.scenario, tmp_path / "out") == folder  # same inputs: kept
    assert main(["report", str(folder), "--lang", "en"]) == 0
