"""Bad input in the Decree 35 park keys: ``park.enterprises`` and ``park.services``.

Same treatment as tests/test_bad_input.py, whose helpers this uses: one message naming
file, key and line, exit code 2, no traceback, nothing written. The tiny park has two
enterprises that count: fert and board.
"""

from __future__ import annotations

from typing import Any

import pytest

from test_bad_input import assert_bad_input, build, line_of, run


def _census(**extra: Any):
    def mut(park: dict[str, Any]) -> None:
        park["park"]["enterprises"] = {"count": 5, "source": "hand", **extra}
    return mut


def _services(**flags: Any):
    def mut(park: dict[str, Any]) -> None:
        park["park"]["services"] = flags
    return mut


WW = {"provided": True, "source": "hand", "capacity": {"value": "100 m3/day", "source": "hand"},
      "park_wastewater": {"value": "80 m3/day", "source": "hand"}}


def test_census_and_services_copy_solves(tmp_path, capsys):
    """The keys the cases below break are valid as written."""
    members = [{"name": "Fert Co", "enterprise": "fert"},
               {"name": "Outside Co", "cleaner_production": False, "years_legal_compliance": 4}]
    _, scen = build(tmp_path, lambda p: (_census(members=members)(p),
                                         _services(wastewater_treatment=WW)(p)))
    code, out, err = run(capsys, scen, tmp_path)
    assert code == 0, err


@pytest.mark.parametrize("mut,key,problem,also", [
    (_census(count=0), "park.enterprises.count", r"greater than or equal to 1", ()),
    (_census(count="many"), "park.enterprises.count", r"integer", ("many",)),
    (_census(count=1), "park.enterprises.count", r"smaller than the 2 enterprises the model",
     ("board", "fert")),
    (_census(count=1, members=[{"name": "A"}]), "park.enterprises.count",
     r"smaller than the 2 enterprises", ()),
    (_census(count=2, members=[{"name": n} for n in "ABC"]), "park.enterprises.count",
     r"smaller than the 3 members listed", ()),
    (_census(source="vncpc"), "park.enterprises.source", r"not in the sources registry",
     ("vncpc",)),
    (_census(sorce="hand"), "park.enterprises.sorce", r"unknown key", ("source",)),
    (_census(members=[{"name": "X", "enterprise": "fertt"}]),
     "park.enterprises.members.0.enterprise", r"unknown enterprise", ("fertt", "board")),
    (_census(members=[{"name": "X", "enterprise": "fert"}, {"name": "Y", "enterprise": "fert"}]),
     "park.enterprises.members.1.enterprise", r"listed twice", ("fert",)),
    (_census(members=[{"name": "X", "enterprise": "fert", "cleaner_production": True}]),
     "park.enterprises.members.0.cleaner_production", r"tenants' flags", ()),
    (_census(members=[{"name": "X", "years_legal_compliance": -1}]),
     "park.enterprises.members.0.years_legal_compliance", r"greater than or equal to 0", ()),
    (_census(members=[{"name": "X", "source": "nowhere"}]),
     "park.enterprises.members.0.source", r"not in the sources registry", ("nowhere",)),
    (_census(members=[{"enterprise": "fert"}]), "park.enterprises.members.0.name",
     r"required", ()),
], ids=lambda x: x if isinstance(x, str) else None)
def test_bad_census(tmp_path, capsys, mut, key, problem, also):
    park, scen = build(tmp_path, mut)
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key, problem=problem,
                     line=line_of(park, key), also=also)


def test_census_with_neither_count_nor_members(tmp_path, capsys):
    def mut(park):
        park["park"]["enterprises"] = {"source": "hand"}
    park, scen = build(tmp_path, mut)
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key="park.enterprises",
                     problem=r"count.*members", line=line_of(park, "park.enterprises"))


@pytest.mark.parametrize("flags,key,problem,also", [
    ({"power_supply": {"provided": "maybe", "source": "hand"}},
     "park.services.power_supply.provided", r"boolean", ("maybe",)),
    ({"power_supply": {"provided": True}}, "park.services.power_supply.source", r"required", ()),
    ({"water_supply": {"provided": True, "source": "utility"}},
     "park.services.water_supply.source", r"not in the sources registry", ("utility",)),
    ({"fire_protecton": {"provided": True, "source": "hand"}}, "park.services.fire_protecton",
     r"unknown key", ("fire_protection",)),
    ({"wastewater_treatment": dict(WW, capacity={"value": "100 t", "source": "hand"})},
     "park.services.wastewater_treatment.capacity.value", r"convert|dimension|unit",
     ("100 t",)),
    ({"wastewater_treatment": dict(WW, park_wastewater={"value": -5, "source": "hand"})},
     "park.services.wastewater_treatment.park_wastewater.value", r"negative", ()),
    ({"wastewater_treatment": dict(WW, capacity={"value": "100 m3/day", "source": "x"})},
     "park.services.wastewater_treatment.capacity.source", r"not in the sources registry",
     ("x",)),
    ({"information": dict(WW)}, "park.services.information.capacity", r"unknown key", ()),
], ids=lambda x: x if isinstance(x, str) else None)
def test_bad_services(tmp_path, capsys, flags, key, problem, also):
    park, scen = build(tmp_path, _services(**flags))
    code, out, err = run(capsys, scen, tmp_path)
    assert_bad_input(code, out, err, tmp_path, file="park.yaml", key=key, problem=problem,
                     line=line_of(park, key), also=also)
