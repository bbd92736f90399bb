"""Files that are not the YAML they claim to be: bombs, depth, size, encodings, broken text.

Each case damages a copy of the real model or a scenario and runs `validate` under a
2 GiB memory limit: an alias bomb once reached 3 GB and died with a MemoryError traceback.
Each must be one message naming the file (and the line or byte offset where there is one).
"""

from __future__ import annotations

import gzip
import os

from conftest import Case, cases

from symbiosis.load.yamlio import MAX_BYTES, MAX_DEPTH


def _bomb(levels: int = 9, merge: bool = False) -> str:
    lines = ["bomb:"]
    for i in range(levels):
        if i == 0:
            lines.append(f"  l0: &l0 [{', '.join(['lol'] * 9)}]")
        elif merge:
            lines.append(f"  l{i}: &l{i} {{<<: [{', '.join([f'*l{i - 1}'] * 9)}]}}")
        else:
            lines.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _merge_bomb() -> str:  # << merges a mapping's keys: each level doubles the keys built
    lines = ["bomb:", "  m0: &m0 {" + ", ".join(f"k{j}: {j}" for j in range(50)) + "}"]
    for i in range(1, 12):
        lines.append(f"  m{i}: &m{i} {{x{i}: *m{i - 1}, y{i}: *m{i - 1}, <<: *m{i - 1}}}")
    return "\n".join(lines) + "\n"


def _append(which: str, text: str):
    def make(w):
        path = w.model if which == "model" else w.scenario("baseline")
        with path.open("a", encoding="utf-8") as fh:
            fh.write(text)
        return ["validate", w.scenario("baseline")]
    return make


def _bytes(which: str, edit):
    """Replace the file's bytes with ``edit(bytes)``."""
    def make(w):
        path = w.model if which == "model" else w.scenario("baseline")
        path.write_bytes(edit(path.read_bytes()))
        return ["validate", w.scenario("baseline")]
    return make


def _sparse(w):
    with w.model.open("r+b") as fh:  # one byte past the limit, costing no disk
        fh.truncate(MAX_BYTES + 1)
    return ["validate", w.scenario("baseline")]


def _deep(levels: int, flow: bool):
    if flow:
        return "deep: " + "[" * levels + "]" * levels + "\n"
    return "deep:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(levels)) + \
        "  " * (levels + 1) + "x\n"


LATIN1 = b"Tang Loong Industrial Park"
NAME = "name: Tang Loong Industrial Park"


def _tab(w):
    text = w.model.read_text(encoding="utf-8").replace("\n  name: Tang Loong", "\n\tname: Tang Loong", 1)
    w.model.write_text(text, encoding="utf-8")
    return ["validate", w.scenario("baseline")]


def _offset(needle: bytes, new: bytes):
    return lambda raw: raw.replace(needle, new, 1)


TABLE = [
    Case("alias-bomb-scenario", _append("scenario", _bomb()), file="scenario",
         words="expands to more than"),
    Case("alias-bomb-model", _append("model", _bomb()), file="model",
         words="expands to more than"),
    Case("merge-key-bomb", _append("model", _merge_bomb()), file="model",
         words="expands to more than"),
    Case("nested-flow-3000", _append("scenario", _deep(3000, True)), file="scenario",
         words="nested"),
    Case(f"nested-blocks-{MAX_DEPTH + 20}", _append("model", _deep(MAX_DEPTH + 20, False)),
         file="model", words=f"more than {MAX_DEPTH} levels"),
    Case("larger-than-the-limit", _sparse, file="model", words="MiB this tool reads"),
    Case("latin-1", _bytes("model", _offset(LATIN1, b"Tang Loong Caf\xe9 Park")), file="model",
         words="byte 0xe9 at offset", byte=b"Tang Loong Caf"),
    Case("windows-1252-quotes", _bytes("scenario", lambda raw: raw.replace(
        b"title: Baseline", b"title: \x93Baseline\x94", 1)), file="scenario",
         words="byte 0x93 at offset", byte=b"title: "),
    Case("utf-16-le", _bytes("model", lambda raw: raw.decode().encode("utf-16")), file="model",
         words="UTF-16"),
    Case("utf-16-be", _bytes("scenario", lambda raw: b"\xfe\xff" + raw.decode().encode(
        "utf-16-be")), file="scenario", words="UTF-16"),
    Case("utf-16-no-bom", _bytes("scenario", lambda raw: raw.decode().encode("utf-16-le")),
         file="scenario", words="UTF-8"),
    Case("elf-binary", _bytes("model", lambda raw: b"\x7fELF\x02\x01\x01" + os.urandom(64)),
         file="model", words="UTF-8"),
    Case("gzipped", _bytes("model", gzip.compress), file="model", words="not UTF-8"),
    Case("truncated-in-a-mapping", _bytes("model", lambda raw: raw[:raw.index(
        b'capacity: {value: "535.8 kt"') + 18]), file="model", words="malformed YAML"),
    Case("tab-indent", _tab, file="model", words="malformed YAML"),
    Case("python-tag-on-a-list", _append("scenario", "pwn: !!python/object/apply:os.system "
                                                     "['touch ../victim/pwned']\n"),
         file="scenario", words="unknown key"),  # the tag is never constructed
    Case("python-tag-on-a-value", _append("scenario", "pwn: !!python/name:os.system\n"),
         file="scenario", words="malformed YAML"),
    Case("top-level-list", _bytes("scenario", lambda raw: b"- " + raw.replace(b"\n", b"\n  ")),
         file="scenario", words="expected a mapping"),
    Case("empty-file", _bytes("model", lambda raw: b""), file="model", words="expected a mapping"),
    Case("complex-key", _append("scenario", "? [a, b]\n: 1\n"), file="scenario",
         words="plain scalars"),
]


def _file(w, which):
    return w.model if which == "model" else w.scenario("baseline")


@cases(TABLE)
def test_unreadable_files_are_one_message(case, outcome):
    w, e = outcome.world, case.expect
    message = outcome.refused(_file(w, e["file"]), None, e["words"], line=None)
    if "byte" in e:  # the offset given is the offset of the bad byte
        raw = _file(w, e["file"]).read_bytes()
        assert f"offset {raw.index(e['byte']) + len(e['byte'])} " in message, message
    assert not (w.victim / "pwned").exists()


def _keyed(which: str, old: str, new: str):
    def make(w):
        w.replace(_file(w, which), old, new)
        return ["validate", w.scenario("baseline")]
    return make


KEYED = [
    Case("duplicate-key", _keyed("model", "  name: Tang Loong Industrial Park\n",
                                 "  name: Tang Loong Industrial Park\n  name: Evil Park\n"),
         file="model", key="park.name", words="duplicate key", nth=2),
    Case("misspelt-key", _keyed("scenario", "  objective: cost", "  objectiv: cost"),
         file="scenario", key="policy.objectiv", words=None, nth=1),
    Case("misspelt-model-key", _keyed("model", "    load_factor:\n      value: 0.70",
                                      "    loadfactor:\n      value: 0.70"),
         file="model", key="tenants.dap2.loadfactor", words=None, nth=1),
]


@cases(KEYED)
def test_a_broken_key_is_named_at_its_line(case, outcome):
    w, e = outcome.world, case.expect
    path = _file(w, e["file"])
    last = e["key"].split(".")[-1] + ":"
    lines = [i for i, ln in enumerate(path.read_text().splitlines(), 1) if ln.strip().startswith(last)]
    outcome.refused(path, e["key"], e["words"], line=lines[e["nth"] - 1])


def _bom(w):
    for path in (w.model, w.scenario("baseline")):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return ["validate", w.scenario("baseline")]


def _crlf(w):
    for path in (w.model, w.scenario("baseline")):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return ["validate", w.scenario("baseline")]


@cases([Case("utf-8-bom", _bom), Case("windows-line-ends", _crlf)])
def test_utf8_with_a_bom_and_windows_line_ends_are_read(case, outcome):
    outcome.ran()
    assert "valid scenario file" in outcome.out
