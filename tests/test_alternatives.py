"""Near-optimal alternatives against brute force on random small parks.

Every subset of options is costed by test_enumeration's own LP (scipy, written from the
park data alone); the plans within the slack are the subsets whose cost is within the cap.
From them: must-have (in every one), swappable (in some), never (in none) and the cheapest
plan without each option. ``alternatives`` must return distinct plans, each within the cap
when solved fresh with its options fixed, as many as there are (up to the count asked), and
the same labels and cheapest costs.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from symbiosis import api
from symbiosis.analysis.alternatives import alternatives, objective_value, parse_slack, \
    solve_fixed
from symbiosis.analysis.session import Session
from symbiosis.optimize.near_optimal import cap as near_cap
from test_enumeration import random_park, random_process_park, subset_cost

ROOT = Path(__file__).parents[1]


def _scenario(tmp_path: Path, seed: int, policy: dict | None = None):
    model, scenario = random_park(seed)
    scenario["policy"].update(policy or {})
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    return api.load_scenario(tmp_path / "scenario.yaml")


def _with_hubs(sc, chosen: set[str]) -> set[str]:
    """A subset of options with the facilities its links pass through, and the processes
    still to be built that they come from or go to (a link brings them, as the model's
    ``fix_options`` does)."""
    ex, procs = sc.park.exchanges, sc.park.processes
    return chosen | {ex[o].via for o in chosen if o in ex and ex[o].via} | {
        n for o in chosen if o in ex for n in (ex[o].supplier, ex[o].receiver)
        if n in procs and not procs[n].existing}


def enumerated(sc, slack: float, forced=(), forbidden=()):
    """Brute force: (cap, {subset: cost} within the cap, optimum, cheapest cost of a subset
    without each option)."""
    park = sc.park
    options = [o for o in list(park.exchanges) + list(park.measures)
               + [p for p, x in park.processes.items() if not x.existing]
               if o not in forced and o not in forbidden
               and not getattr(park.exchanges.get(o), "existing", False)]
    existing = {e for e, x in park.exchanges.items() if x.existing}  # on in every plan
    costs = {}
    for k in range(len(options) + 1):
        for subset in itertools.combinations(options, k):
            built = _with_hubs(sc, set(subset) | set(forced)) | existing
            value = subset_cost(sc, built)
            if value is not None:  # a link listed without its process is the same plan
                costs[frozenset(built & set(options))] = value
    best = min(costs.values())
    limit = near_cap(best, slack)
    tol = 1e-6 * max(1.0, abs(limit))
    near = {s: c for s, c in costs.items() if c <= limit + tol}
    without = {o: min((c for s, c in costs.items() if o not in s), default=None)
               for o in options}
    return options, limit, near, best, without


def labels(options, near) -> dict[str, str]:
    out = {}
    for o in options:
        n = sum(o in s for s in near)
        out[o] = "must-have" if n == len(near) else "never" if n == 0 else "swappable"
    return out


def close(a, b, rel=1e-6):
    return a == pytest.approx(b, rel=rel, abs=1e-3)


def check(sc, alt, slack, forced=(), forbidden=()):
    options, limit, near, best, without = enumerated(sc, slack, forced, forbidden)
    assert close(alt.optimum, best) and close(alt.cap, limit)
    # Plans: distinct, each within the cap when solved afresh with exactly its options,
    # each costing what the brute force says, and as many as exist up to the count.
    sets = [frozenset(o for o in p["options"].split(";") if o) for p in alt.plans]
    assert len(set(sets)) == len(sets)
    assert len(sets) == min(alt.count_asked, len(near))
    fresh = Session(sc, with_baseline=False)
    for plan, row in zip(sets, alt.plans):
        assert plan in near, f"plan {row['plan']} is not within the slack by enumeration"
        _, r = solve_fixed(fresh, on=plan)
        assert r is not None and objective_value(r) <= limit + 1e-6 * abs(limit)
        assert close(objective_value(r), near[plan]) and close(row["objective_value"], near[plan])
        assert not plan & set(forbidden)
    # Each plan after the optimum is as far as any plan within the slack can be from the
    # plans before it (Hamming distance summed over them), by enumeration.
    for k in range(1, len(sets)):
        def spread(s):
            return sum(len(s ^ before) for before in sets[:k])
        assert spread(sets[k]) == max(spread(s) for s in near if s not in sets[:k])
    # Labels and the cheapest plan without each option.
    got = {o["option"]: o for o in alt.options}
    assert sorted(got) == sorted(options)
    assert {o: got[o]["status"] for o in options} == labels(options, near)
    for o in options:
        want, have = without[o], got[o]["cheapest_without_objective_value"]
        assert (want is None) == (have is None), o
        if want is not None:
            assert close(have, want), o
    assert sorted(alt.forced) == sorted(forced)
    return labels(options, near)


SEEDS = range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_alternatives_match_enumeration(seed, tmp_path):
    sc = _scenario(tmp_path, seed)
    slack = (0.004, 0.02, 0.08)[seed % 3]
    alt = alternatives(sc, slack, count=4)
    check(sc, alt, slack)


@pytest.mark.parametrize("seed", range(6))
def test_alternatives_match_enumeration_with_processes(seed, tmp_path):
    model, scenario = random_process_park(seed)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    sc = api.load_scenario(tmp_path / "scenario.yaml")
    assert sc.park.processes
    check(sc, alternatives(sc, 0.03, count=4), 0.03)


def test_labels_are_not_all_alike(tmp_path):
    """The seeds above reach every status, so the comparison can tell them apart."""
    seen = set()
    for seed in SEEDS:
        sc = _scenario(tmp_path, seed)
        _, _, near, _, _ = enumerated(sc, (0.004, 0.02, 0.08)[seed % 3])
        options = list(sc.park.exchanges) + list(sc.park.measures)
        seen |= set(labels(options, near).values())
    assert seen == {"must-have", "swappable", "never"}


@pytest.mark.parametrize("seed", (2, 5, 7))
def test_forbid_and_force_are_honoured(seed, tmp_path):
    model, _ = random_park(seed)
    ids = list(model["exchanges"]) + list(model["measures"])
    forced, forbidden = ids[0], ids[1]
    sc = _scenario(tmp_path, seed, {"force": [forced], "forbid": [forbidden]})
    alt = alternatives(sc, 0.05, count=3)
    check(sc, alt, 0.05, forced=(forced,), forbidden=(forbidden,))


def test_two_workers_give_the_same_answer_without_the_scenario_files(tmp_path):
    sc = _scenario(tmp_path, 4)
    one = alternatives(sc, 0.02, 3)
    for f in tmp_path.rglob("*"):  # the engine's tasks carry the scenario, not its path
        if f.is_file():
            f.unlink()
    two = alternatives(sc, 0.02, 3, workers=2)
    assert one.plans == two.plans and one.options == two.options
    assert any(o["status"] != "swappable" for o in one.options) or len(one.options) > 1


def test_decree35_constraints_hold_in_every_plan():
    sc = api.load_scenario(ROOT / "scenarios" / "eco-park-2030.yaml")
    assert sc.policy.impose_criteria
    alt = alternatives(sc, 0.05, 3)
    assert len(alt.plans) == 3
    assert all(p["decree35_fail"] == 0 for p in alt.plans)
    assert all(p["above_optimum_percent"] <= 5.0 + 1e-6 for p in alt.plans)


def test_cap_above_a_negative_optimum():
    assert near_cap(-200.0, 0.05) == pytest.approx(-190.0)
    assert near_cap(200.0, 0.05) == pytest.approx(210.0)


@pytest.mark.parametrize("text,value", [("5%", 0.05), ("0.05", 0.05), (" 12.5 % ", 0.125),
                                        ("0", 0.0)])
def test_slack_parsing(text, value):
    assert parse_slack(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["5x", "-1%", "nan", "", "2000%"])
def test_bad_slack_is_refused(text):
    with pytest.raises(ValueError):
        parse_slack(text)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "symbiosis", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_command_writes_and_never_overwrites_silently(tmp_path):
    sc = _scenario(tmp_path, 3)
    out = tmp_path / "out"
    scen = str(tmp_path / "scenario.yaml")
    bad = _cli("alternatives", scen, "--slack", "five", "--out", str(out))
    assert bad.returncode == 2 and "--slack" in bad.stderr and not out.exists()
    ok = _cli("alternatives", scen, "--slack", "3%", "--count", "2", "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    folder = out / sc.id
    doc = json.loads((folder / "alternatives.json").read_text(encoding="utf-8"))
    assert doc["slack"] == pytest.approx(0.03) and doc["plans"][0]["plan"] == 1
    assert (folder / "alternatives.csv").is_file() and (folder / "alternatives-options.csv").is_file()
    other = _cli("alternatives", scen, "--slack", "3%", "--count", "3", "--out", str(out))
    assert other.returncode == 2 and "--replace" in other.stderr
    assert json.loads((folder / "alternatives.json").read_text(encoding="utf-8")) == doc
    again = _cli("alternatives", scen, "--slack", "3%", "--count", "3", "--replace",
                 "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert list((folder / "history").glob("*/alternatives.json"))


def test_csv_cells_from_the_model_stay_text(tmp_path):
    """A name that a spreadsheet would run as a formula is written as text."""
    from symbiosis.analysis import alternatives_output

    model, scenario = random_park(6)
    formula = '=HYPERLINK("http://example.invalid","x")'
    first = next(iter(model["exchanges"]))
    model["exchanges"][first]["name"] = formula
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    sc = api.load_scenario(tmp_path / "scenario.yaml")
    alternatives_output.write(alternatives(sc, 0.02, 2), tmp_path, "1 local worker")
    text = (tmp_path / "alternatives-options.csv").read_text(encoding="utf-8")
    assert "'" + formula.replace('"', '""') in text
    assert "\n" + formula not in text and "," + formula not in text
    doc = json.loads((tmp_path / "alternatives.json").read_text(encoding="utf-8"))
    assert any(o["name"] == formula for o in doc["options"])  # JSON keeps it as it is


def test_figure_and_report_read_the_folder(tmp_path):
    """The figure fills one cell per option of each plan, in the plan's column, and the
    report's section appears only when the folder holds alternatives."""
    from matplotlib.colors import to_hex

    from symbiosis.analysis import alternatives_output
    from symbiosis.present.fig_alternatives import EMPTY, build_alternatives, ordered
    from symbiosis.present.report_alternatives import alternatives as section
    from symbiosis.present.resultdir import load_result_dir

    sc = _scenario(tmp_path, 3)
    folder = api.write_results(api.run(sc), tmp_path / "out")
    assert section(load_result_dir(folder), "vi") is None
    alt = alternatives(sc, 0.05, 3)
    alternatives_output.write(alt, folder, "1 local worker")
    r = load_result_dir(folder)
    fig = build_alternatives(r, "vi")
    ax = fig.axes[0]
    filled = [(int(p.get_x()), int(p.get_y())) for p in ax.patches
              if to_hex(p.get_facecolor()) != EMPTY]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == len(alt.options)
    assert len(filled) == sum(p["options_built"] for p in alt.plans)
    sets = [set(p["options"].split(";")) - {""} for p in alt.plans]
    assert len(set(map(frozenset, sets))) == 3 and len({len(x) for x in sets}) > 1
    shown = ordered(r.analyses["alternatives-options"], sets)  # the rows, top to bottom
    assert set(filled) == {(j, i) for j, plan in enumerate(sets)
                           for i, o in enumerate(shown) if o["option"] in plan}
    s = section(r, "vi")
    assert s is not None and len(s["plans"]) == len(alt.plans)
    assert "tỷ đồng/năm" in s["objective_head"]
