"""`solver:` of a scenario reaches the solver: only whitelisted options, finite limits.

HiGHS options that write files (`write_solution_to_file` + `solution_file`, `log_file`)
once let a scenario overwrite or append to any file; unknown options were ignored
silently, and an infinite time limit let a bad model hold a CPU for ever.
"""

from __future__ import annotations

import re

from conftest import Case, cases

NAN, INF = float("nan"), float("inf")


def _solver(scenario: str, key: str, value, command: str = "validate"):
    def make(w):
        path = w.kalundborg / "scenario.yaml" if scenario == "kalundborg" else w.scenario(scenario)
        w.mutate(path, f"solver.{key}", value)
        return [command, path] + (["--out", w.out] if command == "run" else [])
    return make


def _c(id, scenario, key, value, words, command="validate"):
    return Case(id, _solver(scenario, key, value, command), scenario=scenario, key=f"solver.{key}",
                words=words)


NOT_ALLOWED = "is not an option the scenario may set"
TABLE = [
    _c("write-solution", "baseline", "options.write_solution_to_file", True, NOT_ALLOWED, "run"),
    _c("solution-file-victim", "carbon-price", "options.solution_file",
       "../victim/thesis.docx", NOT_ALLOWED, "run"),
    _c("log-file-append", "baseline", "options.log_file", "/tmp/hostile-log", NOT_ALLOWED, "run"),
    _c("kalundborg-solution-file", "kalundborg", "options.solution_file", "x.sol", NOT_ALLOWED),
    _c("unknown-option", "baseline", "options.mip_improving_solution_file", "x", NOT_ALLOWED),
    _c("scip-option-for-highs", "baseline", "options.limits/nodes", 10, NOT_ALLOWED),
    _c("threads-as-option", "min-co2", "options.threads", 8, NOT_ALLOWED),
    _c("seed-a-word", "baseline", "options.random_seed", "x", "must be a number"),
    _c("seed-a-fraction", "baseline", "options.random_seed", 1.5, "whole number"),
    _c("presolve-a-boolean", "baseline", "options.presolve", True, "must be one of"),
    _c("effort-nan", "baseline", "options.mip_heuristic_effort", NAN, "must lie between"),
    _c("options-a-list", "baseline", "options", ["presolve", "off"], None),
    _c("time-limit-inf", "baseline", "time_limit", INF, "finite"),
    _c("time-limit-nan", "carbon-price", "time_limit", NAN, None),
    _c("time-limit-true", "baseline", "time_limit", True, "got true"),
    _c("gap-nan", "baseline", "mip_gap", NAN, None),
    _c("gap-inf", "kalundborg", "mip_gap", INF, "finite"),
    _c("threads-true", "baseline", "threads", True, "got true"),
    _c("solver-name-a-path", "baseline", "name", "../../victim/highs", None),
]


@cases(TABLE)
def test_solver_settings_outside_the_whitelist_are_refused(case, outcome):
    w, e = outcome.world, case.expect
    path = w.kalundborg / "scenario.yaml" if e["scenario"] == "kalundborg" else \
        w.scenario(e["scenario"])
    outcome.refused(path, e["key"], e["words"])


def _flag(flag: str, value: str):
    def make(w):
        return ["run", w.scenario("baseline"), flag, value, "--out", w.out]
    return make


FLAGS = [Case(f"{flag}-{value}", _flag(flag, value), flag=flag)
         for flag, value in [("--time-limit", "nan"), ("--time-limit", "inf"),
                             ("--mip-gap", "nan")]]


@cases(FLAGS)
def test_solver_limits_on_the_command_line_are_finite(case, outcome):
    assert outcome.code == 2 and "Traceback" not in outcome.err, outcome.err
    (message,) = [ln for ln in outcome.err.splitlines() if "error" in ln]
    assert re.search(rf"error: argument {case.expect['flag']}: .*finite", message), message
    assert outcome.before == outcome.after and not outcome.world.out.exists()
