"""JSON park files: read at C speed, lines found only when an error needs one.

A regional park of 100,000 links is 67 MB of YAML and a minute of PyYAML; the same data
as JSON parses in about a second. ``json`` keeps no positions, so the line of a key is
found on demand: a walk from the top of the text down the dotted path, skipping every
sibling value with the C scanner (one error costs about one more parse, nothing when
the file is fine). A key written twice, which ``json`` would silently overwrite, is
the same error as in YAML, at its line.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, Iterator

from symbiosis.errors import InputError

_WS = re.compile(r"[ \t\n\r]*")
_SCAN = json.JSONDecoder().scan_once


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate()
    return out


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse(text: str, path: Path, max_depth: int) -> Any:
    """The JSON value of ``text``; a syntax error or a duplicate key is an InputError."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", path, None,
                         exc.lineno) from None
    except ValueError as exc:
        raise InputError(f"malformed JSON: {exc}", path) from None
    except RecursionError:
        raise InputError(f"nested too deeply to read (more than {max_depth} levels)",
                         path) from None
    except _Duplicate:
        key, pos = _first_duplicate(text)
        raise InputError(f"duplicate key '{key.rsplit('.', 1)[-1]}'", path, key,
                         line_at(text, pos)) from None
    if _deeper_than(data, max_depth):
        raise InputError(f"nested more than {max_depth} levels deep", path)
    return data


def line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _deeper_than(data: Any, limit: int) -> bool:
    todo = [(data, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            todo.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            todo.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return False


def _ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def _members(text: str, i: int) -> Iterator[tuple[str, int, int]]:
    """(key, position of the key, position of its value) of the object at ``i``."""
    i = _ws(text, i + 1)
    while text[i] != "}":
        key, j = scanstring(text, i + 1)
        j = _ws(text, _ws(text, j) + 1)  # past the ':'
        yield key, i, j
        _, j = _SCAN(text, j)
        j = _ws(text, j)
        i = _ws(text, j + 1) if text[j] == "," else j


def _items(text: str, i: int) -> Iterator[tuple[str, int, int]]:
    """(index, position, position) of the items of the array at ``i``."""
    i, n = _ws(text, i + 1), 0
    while text[i] != "]":
        yield str(n), i, i
        _, j = _SCAN(text, i)
        j = _ws(text, j)
        i, n = (_ws(text, j + 1) if text[j] == "," else j), n + 1


def _children(text: str, i: int) -> Iterator[tuple[str, int, int]]:
    ch = text[i]
    return _members(text, i) if ch == "{" else _items(text, i) if ch == "[" else iter(())


def key_position(text: str, dotted: str) -> int | None:
    """Position of the deepest key on the way to ``dotted`` (None: not even the first)."""
    i, found = _ws(text, 0), None
    for part in dotted.split(".") if dotted else []:
        hit = None
        for key, kpos, vpos in _children(text, i):
            if key == part:
                hit = (kpos, vpos)  # the last one wins, as in json.loads
        if hit is None:
            break
        found, i = hit
    return found


def line_of(text: str, dotted: str) -> int | None:
    pos = key_position(text, dotted)
    return None if pos is None else line_at(text, pos)


def _first_duplicate(text: str) -> tuple[str, int]:
    """(dotted key, position) of the first key written twice in one object."""
    todo = [("", _ws(text, 0))]
    while todo:
        prefix, i = todo.pop()
        seen: set[str] = set()
        for key, kpos, vpos in _children(text, i):
            if text[i] == "{":
                if key in seen:
                    return prefix + key, kpos
                seen.add(key)
            todo.append((prefix + key + ".", vpos))
    return "", 0


def all_lines(text: str) -> dict[str, int]:
    """{dotted key: line} of every key: slow (a walk in Python), for tests only."""
    out, todo = {"": 1}, [("", _ws(text, 0))]
    while todo:
        prefix, i = todo.pop()
        for key, kpos, vpos in _children(text, i):
            out[prefix + key] = line_at(text, kpos)
            todo.append((prefix + key + ".", vpos))
    return out
