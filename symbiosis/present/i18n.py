"""One translation table for the report and the figures, and one number formatter.

The words live in ``words_report`` (report sections), ``words_sections`` (comparison,
sharing, roadmap, sources, equations), ``words_names`` (sectors, products, units,
statuses), ``words_explorer`` (the interactive explorer) and ``words_figures`` (the
figures' own labels); this module joins them into one table per language,
``TEXT[lang]``, in which every key is defined once (the figures' keys carry the prefix
``fig.``). ``number`` writes every number of the report
and of the figures: 1,234.5 in English, 1.234,5 in Vietnamese.
"""

from __future__ import annotations

import math
import re

from symbiosis.money import Display, display, relabel_all
from symbiosis.present.words_explorer import EXPLORER
from symbiosis.present.words_figures import FIGURE
from symbiosis.present.words_names import NAMES, PRODUCTS, SECTORS
from symbiosis.present.words_report import BASELINE_TEXT, REPORT
from symbiosis.present.words_sections import SECTIONS

LANGS = ("en", "vi")


def _join() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        table: dict[str, str] = {}
        parts = (REPORT[lang], SECTIONS[lang], NAMES[lang], EXPLORER[lang],
                 {k: v for k, v in BASELINE_TEXT[lang].items() if "." not in k},
                 {f"fig.{k}": v for k, v in FIGURE[lang].items()})
        for part in parts:
            twice = set(part) & set(table)
            if twice:  # a word defined twice would say two things: refuse at import
                raise RuntimeError(f"i18n: keys defined twice in '{lang}': {sorted(twice)}")
            table.update(part)
        out[lang] = table
    return out


TEXT: dict[str, dict[str, str]] = _join()

# Report words the figures show under their own key (one definition, two readers).
_SHARED_WITH_FIGURES = ("baseline", "scenario", "disposal", "carbon_price")
_STATUSES = ("pass", "fail", "needs-evidence")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (choose {' or '.join(LANGS)})")
    return lang


def wording(lang: str, baseline: str = "today") -> dict[str, str]:
    """The report's words for a scenario reported against ``baseline`` (policy.baseline)."""
    out = dict(TEXT[check_lang(lang)])
    if baseline == "none-existing":
        out.update({k.split(".", 1)[1]: v for k, v in BASELINE_TEXT[lang].items()
                    if k.startswith("none_existing.")})
    return out


def figure_labels(lang: str, money: Display | None = None) -> dict[str, str]:
    """The figures' words under the keys the figure modules use, from the one table."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(LANGS)}")
    T = TEXT[lang]
    out = {k[4:]: v for k, v in T.items() if k.startswith("fig.")}
    out.update({k: T[k] for k in _SHARED_WITH_FIGURES})
    out.update({k: T[k][:1].upper() + T[k][1:] for k in _STATUSES})
    out.update({f"boundary_{k}": T[f"boundary_{k}"] for k in ("scope12", "all", "net")})
    return relabel_all(out, lang, money)


def text(lang: str, key: str, **values) -> str:
    return TEXT[lang][key].format(**values) if values else TEXT[lang][key]


def texts(lang: str, money: Display | None = None) -> dict[str, str]:
    """TEXT[lang] with money labelled in the result's currency (``money.relabel``)."""
    return relabel_all(TEXT[lang], lang, money)


# ----------------------------------------------------------------------------- numbers

def number(value, lang: str, digits: int = 0, sign: bool = False, minus: str = "-") -> str:
    """1,234.5 in English, 1.234,5 in Vietnamese; '–' for nothing; no '-0'.

    ``sign`` puts '+' before positive numbers; ``minus`` is the minus sign (figures
    use the typographic '−').
    """
    if value is None or value == "":
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "–"
    s = f"{x:{'+' if sign else ''},.{digits}f}"
    if s.lstrip("+-").strip("0.,") == "":  # rounds to zero: no sign
        s = s.lstrip("+-")
    s = s.replace("-", minus)
    if lang == "vi":
        s = s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return s


def signed(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    return number(value, lang, digits, sign=True)  # '+1,5', '-1,5', and '0' without a sign


def bn(value, lang: str, signed_: bool = False, money: Display | None = None) -> str:
    """An amount in the display unit of ``money`` (bn VND by default), one decimal."""
    if value is None:
        return "–"
    money = money or display("VND")
    return (signed if signed_ else number)(float(value) / money.divisor, lang, money.digits)


def money_text(value, lang: str, money: Display | None = None, signed_: bool = False) -> str:
    """'1.234,5 tỷ đồng' / '1,234.5 bn VND': an amount with its unit."""
    money = money or display("VND")
    return f"{bn(value, lang, signed_, money)} {money.label(lang)}"


def pct(share, lang: str, digits: int = 0, signed_: bool = False) -> str:
    """A share (0.22) as a percentage: '22 %'."""
    if share is None or share == "":
        return "–"
    value = 100 * float(share)
    return f"{(signed if signed_ else number)(value, lang, digits)} %"


def tonnes(value, lang: str, signed_: bool = False) -> str:
    """t CO2e or t of material in a readable magnitude: '163,7 nghìn tấn', '950 t'."""
    if value is None or value == "":
        return "–"
    x = float(value)
    fmt = signed if signed_ else number
    if abs(x) >= 1e6:
        return f"{fmt(x / 1e6, lang, 2)} {TEXT[lang]['unit_mt']}"
    if abs(x) >= 1e4:
        return f"{fmt(x / 1e3, lang, 1)} {TEXT[lang]['unit_kt']}"
    digits = 0 if abs(x) >= 100 or x == int(x) else (1 if abs(x) >= 10 else 2)
    return f"{fmt(x, lang, digits)} {TEXT[lang]['unit_t']}"


def magnitude(value, unit: str, lang: str) -> str:
    """An amount of one resource in a readable magnitude with its unit (t, GJ, m3, Nm3)."""
    if value is None or value == "":
        return "–"
    x = float(value)
    if unit == "t":
        return tonnes(x, lang)
    u = TEXT[lang].get(f"unit_{unit}", unit)
    if abs(x) >= 1e6:
        return f"{number(x / 1e6, lang, 2)} {TEXT[lang]['unit_million']} {u}"
    if abs(x) >= 1e4:
        return f"{number(x / 1e3, lang, 1)} {TEXT[lang]['unit_thousand']} {u}"
    return f"{number(x, lang, 0 if abs(x) >= 10 or x == int(x) else 2)} {u}"


# ------------------------------------------------------------------------------ names

def sector_name(sector: str | None, lang: str) -> str:
    """'Phân bón' for ``fertilizer``; an unknown sector as words, never the raw id."""
    if not sector:
        return ""
    pair = SECTORS.get(sector)
    if pair:
        return pair[1] if lang == "vi" else pair[0]
    return str(sector).replace("_", " ").replace("-", " ")


def product_name(pid: str, lang: str, resources: dict | None = None) -> str:
    """A product of a tenant: its resource's name where it is one, else the product table."""
    res = (resources or {}).get(pid) or {}
    if res:
        return (res.get("name_vi") if lang == "vi" else None) or res.get("name") or pid
    pair = PRODUCTS.get(pid)
    if pair:
        return pair[1] if lang == "vi" else pair[0]
    return str(pid).replace("_", " ")


def status_name(status: str | None, lang: str) -> str:
    """A solver status or a criterion's status in words."""
    if not status:
        return "–"
    return TEXT[lang].get(f"status_{status}") or TEXT[lang].get(status) or status


ARTICLE = re.compile(r"\bArt\.\s*(\d+)(?:\s*cl\.\s*(\d+))?(?:\s*([a-zđ])\b)?")


def article_l(text: str | None, lang: str) -> str:
    """'Art. 37 cl. 2 b' as Vietnamese law cites it: 'Điều 37 khoản 2 điểm b'."""
    if lang != "vi" or not text:
        return text or ""

    def cite(m: re.Match) -> str:
        out = f"Điều {m.group(1)}"
        out += f" khoản {m.group(2)}" if m.group(2) else ""
        return out + (f" điểm {m.group(3)}" if m.group(3) else "")
    return ARTICLE.sub(cite, text).replace("Decree ", "Nghị định ")


def scenario_title(summary: dict, lang: str, fallback: str = "") -> str:
    return (summary.get("title_vi") if lang == "vi" else None) or summary.get("title") or fallback


def scenario_short(summary: dict, lang: str, fallback: str = "") -> str:
    """A column head for a scenario: its title up to the first ' - '."""
    title = scenario_title(summary, lang, fallback)
    return title.split(" - ")[0].strip() or title
