"""The C (LibYAML) line loader reads every file exactly as the pure-Python one does."""

from pathlib import Path

import pytest
import yaml

from symbiosis.errors import InputError
from symbiosis.load import yamlio

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for d in ("models", "scenarios", "tests/fixtures") for p in (ROOT / d).rglob("*.yaml"))
needs_c = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without LibYAML")


def test_the_c_loader_is_the_default_when_libyaml_is_there():
    base = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert issubclass(yamlio._LineLoader, base)


@needs_c
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_data_and_lines(path):
    def read(cls):
        try:
            doc = yamlio.read_yaml(path, loader_class=cls)
            return doc.data, doc.lines
        except InputError as exc:
            return str(exc)
    assert read(yamlio._LineLoader) == read(yamlio._PureLineLoader)


CASES = {
    "duplicate": "a: 1\nb:\n  c: 2\n  c: 3\n",
    "merge": "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 5\n",
    "bomb": "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
    "deep": "a: " + "[" * 1500 + "]" * 1500 + "\n",
    "syntax": "a: [1, 2\nb: 3\n",
    "keys": "? [1, 2]\n: x\n",
}


@needs_c
@pytest.mark.parametrize("name", CASES)
def test_same_errors(tmp_path, name):
    f = tmp_path / "s.yaml"
    f.write_text(CASES[name])
    out = []
    for cls in (yamlio._LineLoader, yamlio._PureLineLoader):
        try:
            doc = yamlio.read_yaml(f, loader_class=cls)
            out.append((doc.data, doc.lines))
        except InputError as exc:
            out.append((exc.message, exc.key, exc.line))
    if name == "syntax":  # LibYAML words its parse errors its own way; the place is the same
        assert out[0][1:] == out[1][1:] and all(o[0].startswith("malformed YAML: ") for o in out)
    elif name == "deep":  # LibYAML stops at its own bound (with a line), Python at recursion
        assert out[0][0] == out[1][0]
    else:
        assert out[0] == out[1]
    if name != "merge":
        assert isinstance(out[0][0], str)  # each of these is refused


@needs_c
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_quick_reader_gives_the_careful_one_s_data_and_lines(path):
    """Without ``loader_class`` a file is read by LibYAML's plain loader and its lines
    are found only when asked: the same data, the same lines, the same errors."""
    def read(cls):
        try:
            doc = yamlio.read_yaml(path, loader_class=cls)
            return doc.data, doc.lines
        except InputError as exc:
            return str(exc)
    assert read(None) == read(yamlio._LineLoader)


@needs_c
@pytest.mark.parametrize("name", CASES)
def test_the_quick_reader_refuses_what_the_careful_one_refuses(tmp_path, name):
    f = tmp_path / "s.yaml"
    f.write_text(CASES[name].replace("&", "") if name == "duplicate" else CASES[name])
    out = []
    for cls in (None, yamlio._LineLoader):
        try:
            doc = yamlio.read_yaml(f, loader_class=cls)
            out.append((doc.data, doc.lines))
        except InputError as exc:
            out.append((exc.message, exc.key, exc.line))
    assert out[0] == out[1]


@needs_c
def test_the_quick_reader_finds_lines_only_when_asked(tmp_path, monkeypatch):
    f = tmp_path / "s.yaml"
    f.write_text("a: 1\nb:\n  c: 2\n", encoding="utf-8")
    calls = []
    careful = yamlio._careful
    monkeypatch.setattr(yamlio, "_careful", lambda *a, **k: calls.append(1) or careful(*a, **k))
    doc = yamlio.read_yaml(f)
    assert doc.data == {"a": 1, "b": {"c": 2}} and calls == []
    assert doc.line_of("b.c") == 3 and calls == [1]
