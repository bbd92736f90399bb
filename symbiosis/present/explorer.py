"""The explorer: one self-contained HTML file a planner opens offline (from a USB stick).

Its script (``explorer/app.js``), its style (``explorer/style.css``), the vendored
Apache ECharts (``vendor/echarts.min.js``) and the data (``explorer_data``) are inlined
at build time; a Content-Security-Policy forbids the page any network request. The data
travels as JSON in a ``<script type="application/json">`` element with ``<``, ``>``,
``&`` and the line separators U+2028/U+2029 written as escapes, so no text of an input
file (a tenant named ``</script><script>…``) can end the element; the page puts every
text in place with ``textContent`` or through its own HTML escaping.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from pathlib import Path
from typing import Any

from symbiosis import __version__
from symbiosis.atomic import write_text
from symbiosis.present.explorer_data import explorer_data
from symbiosis.present.resultdir import ResultDir

HERE = Path(__file__).parent
APP = HERE / "explorer"
VENDOR = HERE / "vendor"
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; "
       "base-uri 'none'")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}


def safe_json(data: Any) -> str:
    """JSON that cannot close the script element holding it, nor break a JS string."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def _script(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower():  # would end the inline element early
        raise RuntimeError(f"{path} holds '</script': it cannot be inlined")
    return text


def build(results: list[ResultDir], lang: str) -> str:
    """The explorer's HTML for these result folders (the first one's tab opens first)."""
    data = explorer_data(results, lang, __version__, _dt.date.today().isoformat())
    shell = (APP / "shell.html").read_text(encoding="utf-8")
    parts = {"lang": html.escape(lang), "csp": html.escape(CSP),
             "title": html.escape(data["words"]["ex_title"]),
             "style": (APP / "style.css").read_text(encoding="utf-8"),
             "data": safe_json(data), "echarts": _script(VENDOR / "echarts.min.js"),
             "app": _script(APP / "app.js")}
    # One pass over the shell: a text inlined is never scanned for placeholders again.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], shell)


def write_explorer(results: list[ResultDir], lang: str, target: Path) -> Path:
    """Write the explorer to ``target`` in one step (a reader never sees half a file)."""
    return write_text(target, build(results, lang))
