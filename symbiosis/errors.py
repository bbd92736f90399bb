"""Errors a user can cause, each naming the file and the key it comes from.

The CLI turns an ``InputError`` into one line on stderr and exit code 2; nothing
else in the package prints or exits, so the Python API raises the same errors.
"""

from __future__ import annotations

from pathlib import Path


class SymbiosisError(Exception):
    """Base class of errors the CLI reports without a traceback."""

    exit_code = 1


class InputError(SymbiosisError):
    """Bad input: a scenario or model file that cannot be used as written."""

    exit_code = 2

    def __init__(self, message: str, file: str | Path | None = None,
                 key: str | None = None, line: int | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.key = key
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": {self.key}"
        return f"{where}: {self.message}"


class InputProblems(InputError):
    """Several problems of one file, reported at once: a header line, then one line each.

    ``problems`` are "where: message" texts (a workbook cell and what is wrong with it);
    ``note`` says what could not be checked because of them.
    """

    def __init__(self, problems: list[str], file: str | Path | None = None,
                 note: str | None = None):
        self.problems = list(problems)
        self.note = note
        super().__init__(f"{len(self.problems)} problems", file)

    def __str__(self) -> str:
        lines = [f"{self.file or '<input>'}: {len(self.problems)} problems:"]
        lines += [f"  {p}" for p in self.problems]
        if self.note:
            lines.append(f"  ({self.note})")
        return "\n".join(lines)


def input_problems(problems: list[str], file: str | Path | None = None,
                   note: str | None = None) -> InputError:
    """One problem in the usual one-line form ("FILE: where: message"), several in one list."""
    if len(problems) == 1:
        return InputError(problems[0], file)
    return InputProblems(problems, file, note)


class InfeasibleError(SymbiosisError):
    """The scenario has no solution: its constraints contradict each other."""

    exit_code = 3


class SolverError(SymbiosisError):
    """The solver failed or hit its limit without a feasible solution."""

    exit_code = 4


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, so that an id or a value from a
    stranger's file cannot drive the terminal (colours, cursor moves, a cleared screen)."""
    return "".join(c if c in "\n\t" or (c.isprintable() and c != "\x7f") else
                   f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


class edited_result:
    """Reading a result folder someone changed by hand: a missing key or a wrong type in its
    files is their edit, not our bug, and becomes one message (exit 2), not a traceback."""

    def __init__(self, where: object):
        self.where = where

    def __enter__(self) -> "edited_result":
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        if kind is not None and issubclass(kind, (KeyError, TypeError, IndexError,
                                                  AttributeError, ValueError)) \
                and not issubclass(kind, SymbiosisError):
            raise InputError(f"its files do not read as this tool writes them ({kind.__name__}: "
                             f"{exc}): was it edited by hand? Run the scenario again",
                             str(self.where)) from None
        return False
