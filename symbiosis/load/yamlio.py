"""YAML reading that remembers the line of every key, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from symbiosis.errors import InputError


class _LineLoader(yaml.SafeLoader):
    """Safe loader that also fills ``self.lines`` with {dotted path: line}."""


def _construct(loader: _LineLoader, node: yaml.Node, path: tuple[str, ...]) -> Any:
    loader.lines.setdefault(".".join(path), node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        own: set[str] = set()
        for key_node, _ in node.value:  # a key written twice is a mistake; one merged in by << is not
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = str(loader.construct_object(key_node))
            if key in own:
                raise InputError(f"duplicate key '{key}'", loader.name,
                                 ".".join(path + (key,)), key_node.start_mark.line + 1)
            own.add(key)
        loader.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:  # merged keys come first; own keys win
            key = loader.construct_object(key_node)
            if not isinstance(key, (str, int, float, bool)):
                raise InputError("mapping keys must be plain scalars", loader.name,
                                 ".".join(path) or None, key_node.start_mark.line + 1)
            key = str(key)
            loader.lines[".".join(path + (key,))] = key_node.start_mark.line + 1
            out[key] = _construct(loader, value_node, path + (key,))
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (str(i),)) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


class YamlDoc:
    """A parsed YAML file: its data, its path and the line of each dotted key."""

    def __init__(self, path: Path, data: Any, lines: dict[str, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, dotted: str) -> int | None:
        """Line of the deepest known key on the way to ``dotted``."""
        parts = dotted.split(".") if dotted else []
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return self.lines.get("")

    def error(self, message: str, key: str | None = None) -> InputError:
        return InputError(message, self.path, key, self.line_of(key or ""))


def read_yaml(path: str | Path, what: str = "file") -> YamlDoc:
    """Read one YAML mapping; a missing file or a syntax error is an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} not found", path)
    text = path.read_text(encoding="utf-8")
    loader = _LineLoader(text)
    loader.name = str(path)
    loader.lines = {}
    try:
        node = loader.get_single_node()
        data = _construct(loader, node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(f"malformed YAML: {exc.problem or exc}", path, None, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(f"expected a mapping at the top of the {what}", path, None, 1)
    return YamlDoc(path, data, loader.lines)
