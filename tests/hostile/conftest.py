"""The hostile suite's harness: copies of the real files, mutations, a bounded CLI, hashes.

Every case copies the real park model, the scenarios and the Kalundborg example into its
own temporary tree, beside a ``victim`` folder and an ``outs`` folder that holds ``--out``;
it mutates one copy, runs the command line in a child process under memory, CPU and wall
limits, and compares a hash of the whole tree before and after. Bad input must leave the
tree exactly as it was (``--out`` not even created); a good run may change ``--out`` only.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MEMORY = 2 * 2 ** 30  # bytes of address space a case may use (an alias bomb took 3 GB)
CPU = 60  # seconds of CPU a case may use (a NaN price once spun for 10 minutes)
WALL = 90  # seconds before the case is killed


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU, CPU))


def run_cli(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``python -m symbiosis ARGS`` in ``cwd`` under the limits: (exit code, stdout, stderr)."""
    env = dict(os.environ, COLUMNS="200", PYTHONPATH=str(REPO), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1")
    p = subprocess.run([sys.executable, "-m", "symbiosis", *map(str, args)], cwd=cwd,
                       capture_output=True, timeout=WALL, preexec_fn=_limits, env=env)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def tree_hash(root: Path) -> dict[str, str]:
    """{relative path: what it is} for every entry under ``root``: a file's sha256, a
    link's target, a folder's mode, so that a created, changed or deleted entry shows."""
    seen: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(dirpath, name)
            rel = str(p.relative_to(root))
            try:
                seen[rel] = _what(p)
            except FileNotFoundError:  # a temporary file of a command running beside
                pass
    return seen


def _what(p: Path) -> str:
    if p.is_symlink():
        return "link:" + os.readlink(p)
    if p.is_dir():
        return f"dir:{p.stat().st_mode:o}"
    if p.stat().st_size > 2 ** 24:  # the sparse file past the size limit
        return f"big:{p.stat().st_size}:{p.stat().st_mtime_ns}"
    return hashlib.sha256(p.read_bytes()).hexdigest()


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


def shown(text: str) -> str:
    """``text`` as a terminal may show it: control characters as \\xNN escapes."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _parts(dotted: str) -> list:
    """Keys of a dotted path ("a.0.b"; a dot inside a key written "\\.")."""
    keys = [k.replace("\\.", ".") for k in re.split(r"(?<!\\)\.", dotted)]
    return [int(k) if k.isdigit() else k for k in keys]


def _node_line(path: Path, dotted: str) -> int:
    """1-based line of the key ``dotted`` (or list item) in the YAML file ``path``."""
    node = yaml.compose(path.read_text(encoding="utf-8"))
    line = None
    for part in _parts(dotted):
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == str(part)]
            if not match:
                break
            line, node = match[0][0].start_mark.line + 1, match[0][1]
        elif isinstance(node, yaml.SequenceNode):
            node = node.value[part]
            line = node.start_mark.line + 1
    assert line is not None, f"{dotted} not in {path}"
    return line


class World:
    """One case's temporary tree: the real files copied, a victim, a parent of --out."""

    def __init__(self, root: Path):
        self.root = root
        self.models = root / "models"
        self.scenarios = root / "scenarios"
        self.kalundborg = root / "examples" / "kalundborg"
        shutil.copytree(REPO / "models", self.models)
        shutil.copytree(REPO / "scenarios", self.scenarios)
        shutil.copytree(REPO / "examples" / "kalundborg", self.kalundborg)
        self.model = self.models / "tang-loong.yaml"
        self.victim = root / "victim"
        self.victim.mkdir()
        (self.victim / "thesis.docx").write_text("years of work")
        self.outs = root / "outs"
        self.outs.mkdir()
        self.out = self.outs / "out"

    def scenario(self, name: str) -> Path:
        return self.scenarios / f"{name}.yaml"

    # -- mutations ---------------------------------------------------------------------
    def mutate(self, doc: Path, dotted: str, value) -> Path:
        """Set ``dotted`` (keys and list indexes, created when missing) of the parsed YAML
        file ``doc`` to ``value`` and write it back; ``value`` None deletes the key."""
        data = yaml.safe_load(doc.read_text(encoding="utf-8"))
        *up, last = _parts(dotted)
        node = data
        for k in up:
            node = node.setdefault(k, {}) if isinstance(node, dict) else node[k]
        if value is None:
            del node[last]
        else:
            node[last] = value
        doc.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096),
                       encoding="utf-8")
        return doc

    def replace(self, doc: Path, old: str, new: str) -> Path:
        """A raw-text mutation (once): for what a parsed document cannot hold."""
        text = doc.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {doc}"
        doc.write_text(text.replace(old, new, 1), encoding="utf-8")
        return doc

    def line_of(self, doc: Path, dotted: str) -> int:
        return _node_line(doc, dotted)

    # -- running -----------------------------------------------------------------------
    def run(self, *args) -> "Outcome":
        """Run the command line on this tree, hashing the tree before and after."""
        before = tree_hash(self.root)
        code, out, err = run_cli(list(args), self.root)
        return Outcome(self, code, out, err, before, tree_hash(self.root))


class Outcome:
    """What one command did: its exit code, its output, and the tree before and after."""

    def __init__(self, world: World, code: int, out: str, err: str, before: dict, after: dict):
        self.world, self.code, self.out, self.err = world, code, out, err
        self.before, self.after = before, after

    def _exit(self, code: int) -> None:
        assert self.code == code, (f"exit {self.code}, wanted {code}\nstdout: {self.out[-2000:]}"
                                   f"\nstderr: {self.err[-2000:]}")
        assert "Traceback" not in self.out + self.err, self.err
        raw = CONTROL.search(self.out + self.err)  # an id or a name must not drive the terminal
        assert raw is None, f"raw {raw.group()!r} in the output: {self.err[-500:]}"

    def refused(self, file: Path, key: str | None, words: str | None = None,
                line: int | bool | None = True, code: int = 2) -> str:
        """Bad input: exit ``code``, one message naming ``file`` and ``key`` (and ``line``:
        True for the key's own line, a number, or None when the file has no line to give),
        no traceback, the whole tree untouched and --out not created. Returns the message."""
        self._exit(code)
        lines = [ln for ln in self.err.splitlines() if ln.strip()]
        errors = [ln for ln in lines if ln.startswith("error")]
        assert len(errors) == 1 and len(lines) == 1 + self.err.count("warning"), self.err
        message = errors[0]
        if line is True:
            line = self.world.line_of(file, key)
        where = re.escape(shown(file.name)) + (rf":{line}" if isinstance(line, int) else r"(:\d+)?")
        where += rf": {re.escape(key)}(\.[^:]*)?( \(set by [\w.]+\))?:" if key else ":"
        assert re.search(where, message), f"wanted {where!r} in {message!r}"
        assert words is None or words in message, message
        assert self.before == self.after, _diff(self.before, self.after)
        assert not self.world.out.exists()
        return message

    def ran(self, code: int = 0) -> "Outcome":
        """A good run: exit ``code``, no traceback, nothing changed outside --out."""
        self._exit(code)
        out = self.world.out

        def outside(h: dict) -> dict:
            return {k: v for k, v in h.items() if not Path(self.world.root, k).is_relative_to(out)}
        assert outside(self.before) == outside(self.after), \
            _diff(outside(self.before), outside(self.after))
        return self


def _diff(before: dict, after: dict) -> str:
    gone = sorted(set(before) - set(after))
    new = sorted(set(after) - set(before))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    return f"deleted {gone[:5]}, created {new[:5]}, changed {changed[:5]}"


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


# -- tables of cases, run two at a time ------------------------------------------------
# Each case is a child process that spends most of its time importing the package; a
# module's cases are all started when its first case runs, two at a time (the machines
# this runs on have two cores), and each test then asserts on its own outcome.
PARALLEL = 2


class Case:
    """One mutation: ``make(world[, shared])`` mutates the copies, returns the CLI arguments."""

    def __init__(self, id: str, make: Callable[[World], list], **expect):
        self.id, self.make, self.expect = id, make, expect

    def __repr__(self) -> str:
        return self.id


def cases(table: list[Case]):
    """``@cases(TABLE)``: parametrize a test over the cases, ids as given."""
    return pytest.mark.parametrize("case", table, ids=[c.id for c in table])


@pytest.fixture(scope="module")
def _outcomes(request, tmp_path_factory) -> dict[str, Outcome | BaseException]:
    chosen = [item.callspec.params["case"] for item in request.session.items
              if item.module is request.module and "case" in getattr(item, "callspec",
                                                                      _NoSpec).params]

    tmp_path_factory.getbasetemp()  # made once, before two threads race to make it
    # A module may name a fixture every case starts from (SHARED = "clean": a real run).
    shared = getattr(request.module, "SHARED", None)
    given = (request.getfixturevalue(shared),) if shared and chosen else ()

    def one(case: Case) -> tuple[str, Outcome | BaseException]:
        try:
            world = World(tmp_path_factory.mktemp("case"))
            return case.id, world.run(*case.make(world, *given))
        except BaseException as exc:  # reported by the case's own test
            return case.id, exc
    with ThreadPoolExecutor(PARALLEL) as pool:
        return dict(pool.map(one, chosen))


class _NoSpec:
    params: dict = {}


@pytest.fixture
def outcome(case, _outcomes) -> Outcome:
    got = _outcomes[case.id]
    if isinstance(got, BaseException):
        raise got
    return got
