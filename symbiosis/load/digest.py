"""The input hash: SHA-256 of the composed inputs as sorted JSON, fed in pieces.

The bytes are exactly those of ``json.dumps(obj, sort_keys=True, ensure_ascii=False,
default=str)``, so hashes of earlier runs still match; but a regional park's 70 MB
text is never held at once: a thousand tenants or exchanges are encoded and hashed at a time.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
DEPTH = 3  # composed → model → tenants: down to where the sections are
BATCH = 1000  # entries of a section encoded at once (a few hundred kB)


def sha256(obj: Any) -> str:
    h = hashlib.sha256()
    _feed(h, obj, DEPTH)
    return h.hexdigest()


def _feed(h: Any, obj: Any, depth: int) -> None:
    if depth and isinstance(obj, dict) and obj and all(isinstance(k, str) for k in obj):
        keys = sorted(obj)
        h.update(b"{")
        if depth == 1 or len(keys) > BATCH:  # a big section: encoded BATCH entries at a time
            for i in range(0, len(keys), BATCH):
                piece = _ENCODE({k: obj[k] for k in keys[i:i + BATCH]})[1:-1]  # no braces
                h.update(((", " if i else "") + piece).encode("utf-8"))
        else:
            for i, key in enumerate(keys):
                h.update(((", " if i else "") + _ENCODE(key) + ": ").encode("utf-8"))
                _feed(h, obj[key], depth - 1)
        h.update(b"}")
    else:
        h.update(_ENCODE(obj).encode("utf-8"))
