"""Ids are names, never paths: one pattern for every id a file defines.

Inputs come from strangers, and an id ends up in folder names (a scenario's result
folder), file and sheet names, CSV cells, the terminal and the report. So every id —
scenario, park, tenant, enterprise, partner, resource, source, exchange, measure,
process, mode, property, criterion — is a *name*: letters of any script (with their
combining marks), digits, ``-``, ``_`` and ``.``; it starts with a letter or a digit,
does not end with ``.`` and holds no ``..``; at most ``MAX_LENGTH`` characters; no
whitespace, control character, ``/`` or ``\\``.

An id not in Unicode NFC form is refused, not normalised: the same name typed on two
machines can arrive composed ("ố", one character) or decomposed ("o" + two accents), and
references match ids character by character. Normalising only the ids a file defines
would leave its references (``from:``, ``forbid:``, override paths) unmatched in ways the
user cannot see; refusing names the one spelling to write everywhere.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 100
PUNCTUATION = "-_."
RULE = (f"a name is letters, digits, '-', '_' and '.', at most {MAX_LENGTH} characters, "
        "starting with a letter or digit, not ending with '.', no '..' (docs/model-format.md, "
        "'Ids')")


def _allowed(c: str, first: bool) -> bool:
    kind = unicodedata.category(c)
    if kind.startswith("L") or kind == "Nd":
        return True
    return not first and (kind.startswith("M") or c in PUNCTUATION)


def name_problem(value: object) -> str | None:
    """Why ``value`` is not a name (the message starts with the value), or None."""
    if not isinstance(value, str):
        return f"{value!r} is not a name: an id is text (write it in quotes); {RULE}"
    if unicodedata.normalize("NFC", value) != value:
        return (f"{value!r} is not a name: it is not in Unicode NFC form (accents written as "
                f"separate characters); write it composed, as "
                f"{unicodedata.normalize('NFC', value)!r}, here and wherever it is used")
    bad = next((c for i, c in enumerate(value) if not _allowed(c, i == 0)), None)
    if not value or len(value) > MAX_LENGTH or bad is not None or value.endswith(".") \
            or ".." in value:
        why = (f"{len(value)} characters" if len(value) > MAX_LENGTH else
               "it is empty" if not value else
               f"it holds {bad!r}" if bad is not None and value.index(bad) else
               f"it starts with {bad!r}" if bad is not None else
               "it holds '..'" if ".." in value else "it ends with '.'")
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"{shown!r} is not a name: {why}; {RULE}"
    return None


def id_problem(sid: object) -> str | None:
    """Why ``sid`` cannot name a result folder (a scenario's id), or None."""
    why = name_problem(sid)
    return f"the id cannot name a result folder: {why}" if why else None
