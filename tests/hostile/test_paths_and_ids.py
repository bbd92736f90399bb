"""A scenario's id names its result folder: it must be a name, never a path.

`write_results` builds out/ID and swaps a new folder onto it: an id of "..", "." or
"./../victim" once deleted the folder holding --out, every result, or a sibling folder.
Each case gives an id (or a file name that becomes the id) to a command that writes a
result folder, and asserts that it is refused before anything is written. Ids of tenants,
links, measures, resources and sources are another change's (load/ids.py) and not here.
"""

from __future__ import annotations

import shutil

from conftest import Case, cases

IDS = {"dotdot": "..", "dot": ".", "dot-dot-victim": "./../victim", "slash": "a/b",
       "absolute": "/tmp/x", "nul": "a\x00b", "escape": "x\x1b[2J", "too-long": "a" * 300,
       "zero-width": "\u200b", "newline": "a\nb"}


def _id_run(value: str):
    def make(w):
        w.mutate(w.scenario("baseline"), "id", value)
        return ["run", w.scenario("baseline"), "--out", w.out]
    return make


def _id_command(scenario: str, value: str, *args: str):
    def make(w):
        path = w.kalundborg / "scenario.yaml" if scenario == "kalundborg" else w.scenario(scenario)
        w.mutate(path, "id", value)
        return [args[0], path, *args[1:], "--out", w.out]
    return make


def _file_named(name: str):
    def make(w):  # no id: the file's name is the id
        w.mutate(w.scenario("baseline"), "id", None)
        target = w.scenarios / name
        shutil.copy(w.scenario("baseline"), target)
        (w.scenario("baseline")).unlink()
        return ["run", target, "--out", w.out]
    return make


def _extends(value: str):
    def make(w):
        child = w.scenarios / "child.yaml"
        child.write_text(f"extends: baseline.yaml\nid: {value}\n")
        return ["run", child, "--out", w.out]
    return make


TABLE = [Case(f"run-id-{k}", _id_run(v), file="baseline.yaml", key="id") for k, v in IDS.items()] + [
    Case("montecarlo-id-dotdot", _id_command("baseline", "..", "montecarlo", "--samples", "2"),
         file="baseline.yaml", key="id"),
    Case("sweep-id-victim", _id_command("carbon-price", "../victim", "sweep", "--param",
                                        "policy.carbon_price", "--values", "1", "2"),
         file="carbon-price.yaml", key="id"),
    Case("pareto-id-dot", _id_command("min-co2", ".", "pareto", "--points", "2"),
         file="min-co2.yaml", key="id"),
    Case("roadmap-id-dotdot", _id_command("roadmap-2050", "..", "roadmap"),
         file="roadmap-2050.yaml", key="id"),
    Case("kalundborg-id-outs", _id_command("kalundborg", "../outs", "run"),
         file="kalundborg", key="id"),
    Case("extends-id-victim", _extends("../victim"), file="child.yaml", key="id"),
    Case("file-named-dotdot", _file_named("...yaml"), file="...yaml", key="id", line=None),
    Case("file-named-escape", _file_named("x\x1b[2J.yaml"), file="x\x1b[2J.yaml", key="id",
         line=None),
]


def _file(w, name: str):
    if name == "kalundborg":
        return w.kalundborg / "scenario.yaml"
    return w.scenarios / name


@cases(TABLE)
def test_an_id_is_a_name_never_a_path(case, outcome):
    e = case.expect
    outcome.refused(_file(outcome.world, e["file"]), e["key"], e.get("words"),
                    e.get("line", True))
    assert (outcome.world.victim / "thesis.docx").read_text() == "years of work"
