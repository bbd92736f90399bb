"""YAML reading that remembers the line of every key, so errors can point at it."""

from __future__ import annotations

import functools

from pathlib import Path
from typing import Any, Callable

import yaml

from symbiosis.errors import InputError


class _PureLineLoader(yaml.SafeLoader):
    """Safe loader that also fills ``self.lines`` with {dotted path: line}."""


if getattr(yaml, "__with_libyaml__", False):
    class _CLineLoader(yaml.CSafeLoader):
        """The same on LibYAML: its parser composes the node tree (with marks) in C, ~4× faster."""

    _LineLoader: type = _CLineLoader
else:  # PyYAML built without LibYAML: the pure parser reads the same files
    _LineLoader = _PureLineLoader


MAX_BYTES = 200 * 2 ** 20  # an input file larger than this is refused, not read
MAX_DEPTH = 100  # mappings and lists nested deeper than any park needs
EXPANSION = 10  # values built may be this many times the nodes written (aliases, <<)


def _construct(loader: Any, node: yaml.Node, path: tuple[str, ...]) -> Any:
    loader.built += 1
    if loader.built > loader.budget:  # aliases (&a … *a) repeat whole subtrees
        raise InputError(f"the file expands to more than {loader.budget:,} values through "
                         "aliases (&name … *name): write the repeated parts out", loader.name,
                         ".".join(path) or None, node.start_mark.line + 1)
    if len(path) > MAX_DEPTH:
        raise InputError(f"nested more than {MAX_DEPTH} levels deep", loader.name,
                         None, node.start_mark.line + 1)
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
    """A parsed YAML or JSON file: its data, its path and the line of each dotted key.

    The lines are found only when asked (an error): ``find_lines`` builds the whole map
    (YAML: a second, careful parse), ``find_line`` one key (JSON, load/jsonio.py).
    Keys that came from a table (load/tables.py) are reported in that table's file, row
    and column (``places``)."""

    def __init__(self, path: Path, data: Any, lines: dict[str, int] | None = None,
                 find_lines: Callable[[], dict[str, int]] | None = None,
                 find_line: Callable[[str], int | None] | None = None):
        self.path = path
        self.data = data
        self._lines = lines
        self._find_lines = find_lines
        self._find_line = find_line
        self.places: dict[str, Callable[[str], tuple[Path, str, int | None]]] = {}

    @property
    def lines(self) -> dict[str, int]:
        if self._lines is None:
            self._lines = self._find_lines() if self._find_lines else {}
        return self._lines

    def line_of(self, dotted: str) -> int | None:
        """Line of the deepest known key on the way to ``dotted``."""
        if self._find_line is not None:
            return self._find_line(dotted)
        parts = dotted.split(".") if dotted else []
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return self.lines.get("")

    def where(self, dotted: str) -> tuple[Path, str, int | None]:
        """(file, key as shown, line) of ``dotted``: a table cell or a line of this file."""
        parts = dotted.split(".")
        for n in range(len(parts), 0, -1):
            place = self.places.get(".".join(parts[:n]))
            if place is not None:
                return place(dotted)
        return self.path, dotted, self.line_of(dotted)

    def error(self, message: str, key: str | None = None) -> InputError:
        file, shown, line = self.where(key or "")
        return InputError(message, file, shown or None, line)


def read_yaml(path: str | Path, what: str = "file", *, loader_class: type | None = None) -> YamlDoc:
    """Read one YAML (or, for a ``.json`` file, JSON) mapping; a missing file or a syntax
    error is an InputError.

    A file without anchors (``&``) is read by LibYAML's plain loader and its lines are
    found only if an error asks for one; anything unusual (an anchor, a key written
    twice, deep nesting, a syntax error) goes through the careful line loader, which
    says where. ``loader_class`` (the C or the pure line loader) forces the careful one,
    for benchmarks and tests that compare the two."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} not found", path)
    text = read_text(path, what)
    if path.suffix.lower() == ".json":
        from symbiosis.load import jsonio

        data = jsonio.parse(text, path, MAX_DEPTH)
        if not isinstance(data, dict):
            raise InputError(f"expected an object at the top of the {what}", path, None, 1)
        # Lines come from the file read again: a big park's text is not kept meanwhile.
        return YamlDoc(path, data, find_line=functools.partial(_json_line, path),
                       find_lines=functools.partial(_json_lines, path))
    if loader_class is None and _FastLoader is not None and "&" not in text:
        data = _quick(text)
        if isinstance(data, dict):
            return YamlDoc(path, data, find_lines=functools.partial(_yaml_lines, path, what))
    data, lines = _careful(text, path, what, loader_class)
    return YamlDoc(path, data, lines)


# The lazy line finders are partials of these (not closures), so that a document pickles:
# the parallel engine's tasks carry the scenario to workers.
def _json_line(path: Path, key: str) -> int | None:
    from symbiosis.load import jsonio

    return jsonio.line_of(read_text(path), key)


def _json_lines(path: Path) -> dict[str, int]:
    from symbiosis.load import jsonio

    return jsonio.all_lines(read_text(path))


def _yaml_lines(path: Path, what: str) -> dict[str, int]:
    return _careful(read_text(path), path, what)[1]


class _Unusual(Exception):
    """The quick reader met something only the careful one reports well."""


if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):
        """LibYAML's safe loader with the careful one's rules on keys, without marks kept."""

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
            own: set[str] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node)
                if not isinstance(key, (str, int, float, bool)) or str(key) in own:
                    raise _Unusual()
                own.add(str(key))
            self.flatten_mapping(node)
            return {str(self.construct_object(k)): self.construct_object(v, deep=deep)
                    for k, v in node.value}
else:
    _FastLoader = None  # type: ignore[assignment,misc]


def _quick(text: str) -> Any:
    """The data, or None when the careful reader must say what is wrong."""
    try:
        data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 (a safe loader)
    except (_Unusual, yaml.YAMLError, RecursionError, ValueError, TypeError):
        return None
    from symbiosis.load.jsonio import _deeper_than

    return None if _deeper_than(data, MAX_DEPTH) else data


def _careful(text: str, path: Path, what: str,
             loader_class: type | None = None) -> tuple[Any, dict[str, int]]:
    """(data, {dotted key: line}) through the line loader; its errors say where."""
    loader = (loader_class or _LineLoader)(text)
    loader.name = str(path)
    loader.lines = {}
    loader.built = 0
    try:
        node = loader.get_single_node()
        loader.budget = EXPANSION * _count(node) + 100_000
        data = _construct(loader, node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if "maximum nesting depth" in str(exc.problem):  # LibYAML's own bound (1,000 levels)
            raise InputError(f"nested too deeply to read (more than {MAX_DEPTH} levels)",
                             path, None, line) from None
        raise InputError(f"malformed YAML: {exc.problem or exc}", path, None, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path) from None
    except RecursionError:
        raise InputError(f"nested too deeply to read (more than {MAX_DEPTH} levels)",
                         path) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(f"expected a mapping at the top of the {what}", path, None, 1)
    return data, loader.lines


def _count(node: yaml.Node | None) -> int:
    """Distinct nodes as written (an alias is one node, however often it is used)."""
    seen, todo = set(), [node] if node is not None else []
    while todo:
        n = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            todo.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            todo.extend(n.value)
    return len(seen)


def read_text(path: Path, what: str = "file") -> str:
    """The file as UTF-8 text (a BOM is fine), or an InputError saying what it is instead."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{what} of {size / 2 ** 20:,.0f} MiB is larger than the "
                         f"{MAX_BYTES // 2 ** 20} MiB this tool reads", path)
    raw = path.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("the file is UTF-16 text: save it as UTF-8", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset "
                         f"{exc.start} (save the file as UTF-8)", path, None, line) from None
    if "\x00" in text:
        raise InputError("a binary file, not text", path)
    return text