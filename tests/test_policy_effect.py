"""A policy key that would change nothing is bad input: exit 2, file, key and line, no results.

Built on the tiny park of tests/test_bad_input.py; a candidate grinder is added where a
check is about a link through a processing facility, and the board link made existing
where it is about existing links.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from test_bad_input import assert_bad_input, build, cli, dump, line_of, run


def grinder(park: dict) -> None:
    """pg-cement passes through a grinder that is still to be built."""
    park["tenants"]["grinder"] = {
        "name": "Gypsum grinder", "sector": "building_materials",
        "processing": {"unit": "t", "capacity": {"value": 8000, "source": "hand"},
                       "existing": False, "capex": {"value": 1e8, "source": "hand"},
                       "lifetime": {"value": 10, "source": "hand"}}}
    park["exchanges"]["pg-cement"]["via"] = "grinder"


def board_exists(park: dict) -> None:
    e = park["exchanges"]["pg-board"]
    e["existing"] = True
    e.pop("capex"), e.pop("lifetime")


def policy(**kw):
    return lambda s: s["policy"].update(kw)


CASES = {
    # id: (park mutation, policy, key, problem)
    "forbid-under-build-none": (None, {"build": "none", "forbid": ["pg-cement"]},
                                "policy.forbid.0", r"no effect.*build: none"),
    "forbid-not-in-build-list": (None, {"build": ["fert-drives"], "forbid": ["pg-cement"]},
                                 "policy.forbid.0", r"no effect.*not in the build list"),
    "forbid-via-forbidden-facility": (grinder, {"forbid": ["grinder", "pg-cement"]},
                                      "policy.forbid.1", r"no effect.*'grinder' is forbidden"),
    "forbid-via-facility-not-buildable": (grinder, {"build": ["pg-cement"], "forbid": ["pg-cement"]},
                                          "policy.forbid.0", r"no effect.*'grinder' may not be built"),
    "forbid-twice": (None, {"forbid": ["pg-cement", "pg-cement"]}, "policy.forbid.1", "twice"),
    "forbid-existing-without-existing-links": (None, {"forbid": ["existing"]}, "policy.forbid.0",
                                               "no existing link"),
    "forbid-existing-link-and-existing": (board_exists, {"forbid": ["existing", "pg-board"]},
                                          "policy.forbid.1", "already switches off"),
    "force-forbidden": (None, {"force": ["pg-cement"], "forbid": ["pg-cement"]}, "policy.force.0",
                        "both forced and forbidden"),
    "force-existing-link": (board_exists, {"force": ["pg-board"]}, "policy.force.0",
                            r"no effect.*on already"),
    "force-via-forbidden-facility": (grinder, {"forbid": ["grinder"], "force": ["pg-cement"]},
                                     "policy.force.0", r"cannot carry any flow.*forbidden"),
    "force-via-facility-not-buildable": (grinder, {"build": "none", "force": ["pg-cement"]},
                                         "policy.force.0", r"cannot carry any flow.*may not be built"),
    "build-unknown-id": (None, {"build": ["pg-cemnt"]}, "policy.build.0", "unknown"),
    "build-existing-link": (board_exists, {"build": ["pg-board"]}, "policy.build.0",
                            r"no effect.*on already"),
    "build-forbidden": (None, {"build": ["pg-cement"], "forbid": ["pg-cement"]}, "policy.build.0",
                        r"no effect.*also forbidden"),
    "build-via-facility-not-buildable": (grinder, {"build": ["pg-cement"]}, "policy.build.0",
                                         r"no effect.*'grinder' may not be built"),
    "existing-is-ambiguous": (lambda p: p["exchanges"].update(existing=p["exchanges"]["pg-cement"]),
                              {"forbid": ["existing"]}, "policy.forbid.0", "ambiguous"),
    "baseline-none-existing-without-existing-links": (None, {"baseline": "none-existing"},
                                                      "policy.baseline", "no existing link"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_policy_key_without_effect(tmp_path, capsys, case):
    park_mut, pol, key, problem = CASES[case]
    _, scen = build(tmp_path, park_mut, policy(**pol))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file=str(scen), key=key, problem=problem,
                     line=line_of(scen, key))


def test_forced_link_that_an_override_closes(tmp_path, capsys):
    """Capacity set to zero by an override: the force entry is reported, after the data are built."""
    def scen_mut(s):
        s["overrides"] = [{"path": "exchanges.pg-cement.capacity",
                           "set": {"value": 0, "source": "hand"}}]
        s["policy"]["force"] = ["fert-drives", "pg-cement"]
    _, scen = build(tmp_path, None, scen_mut)
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file=str(scen), key="policy.force.1",
                     problem=r"cannot carry any flow.*zero", line=line_of(scen, "policy.force.1"))
    code, out, err = cli(capsys, "validate", scen)  # validate finds it too
    assert code == 2 and "policy.force.1" in err


def test_forbidden_link_that_cannot_carry_flow_anyway(tmp_path, capsys):
    """The cement plant takes no gypsum (an override): forbidding the link changes nothing."""
    def scen_mut(s):
        s["overrides"] = [{"path": "partners.cement.demand.natural_gypsum",
                           "set": {"value": 0, "source": "hand"}}]
        s["policy"]["forbid"] = ["fert-drives", "pg-cement"]
    _, scen = build(tmp_path, None, scen_mut)
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file=str(scen), key="policy.forbid.1",
                     problem=r"no effect.*cannot carry any flow anyway.*zero",
                     line=line_of(scen, "policy.forbid.1"))


def test_error_names_the_parent_file_that_set_the_key(tmp_path, capsys):
    """The parent forbids a link; the child's build: none makes that forbid do nothing."""
    _, parent = build(tmp_path, None, policy(forbid=["fert-drives", "pg-cement"]))
    child = dump(tmp_path / "child.yaml", {"extends": parent.name,
                                           "policy": {"build": "none", "objective": "cost"}})
    code, out, err = run(capsys, child, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file=str(parent), key="policy.forbid.0",
                     problem="build: none", line=line_of(parent, "policy.forbid.0"))
    assert str(child) not in err


def test_bad_scenario_later_in_the_list_writes_nothing(tmp_path, capsys):
    """All scenarios are checked before the first solve, the data-built check included."""
    good_dir, bad_dir = tmp_path / "good", tmp_path / "bad"
    good_dir.mkdir(), bad_dir.mkdir()
    _, good = build(good_dir, None, lambda s: s.update(id="good"))
    _, bad = build(bad_dir, None, lambda s: s.update(
        id="bad", overrides=[{"path": "exchanges.pg-cement.capacity", "set": {"value": 0, "source": "hand"}}],
        policy=dict(s["policy"], force=["pg-cement"])))
    code, out, err = cli(capsys, "run", good, bad, "--out", tmp_path / "out")
    assert_bad_input(code, out, err, tmp_path, file=str(bad), key="policy.force.0",
                     problem="cannot carry any flow")


def test_a_forbid_that_switches_an_existing_link_off_is_fine(tmp_path, capsys):
    _, scen = build(tmp_path, board_exists, policy(build="none", forbid=["pg-board"]))
    code, out, err = run(capsys, scen, tmp_path)
    assert code == 0, err
    summary = yaml.safe_load((tmp_path / "out" / "scenario" / "summary.json").read_text())
    assert summary["policy"]["forbid"] == ["pg-board"]
