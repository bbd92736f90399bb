"""The data-request list in words: figure and enterprise names, units and reasons, vi/en.

Everything here works from the composed park model as a dict (the result folder's
``inputs/composed.yaml``, or ``Scenario.composed``) and the rows ``data-needs`` wrote,
so the CSV, the workbook and the report say the same thing in either language.
Money is labelled in the park's currency (``money.Display``).
"""

from __future__ import annotations

import math
import re
from typing import Any

from symbiosis.money import Display, relabel_all
from symbiosis.present.i18n import check_lang, number
from symbiosis.present.needs_words import (AMOUNT, ANNUAL, ATTRS, EFFECTS, FLOWS,  # noqa: F401
                                           PHRASES, SHARE, WORDS)

PARK_WIDE, PARTNER = "park-wide", "partner:"  # as symbiosis.uncertainty.needs writes them


def words(lang: str, money: Display | None = None) -> dict[str, str]:
    return relabel_all(WORDS[check_lang(lang)], lang, money)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "vi" else pair[0]


def name_of(item: dict[str, Any] | None, lang: str, fallback: str) -> str:
    item = item or {}
    return (item.get("name_vi") if lang == "vi" else None) or item.get("name") or fallback


def _processes(model: dict[str, Any]) -> dict[str, Any]:
    out = dict(model.get("processes") or {})
    for t in (model.get("tenants") or {}).values():
        out.update((t or {}).get("processes") or {})
    return out


def figure_name(path: str, model: dict[str, Any], lang: str) -> str:
    """'DAP No.2 …: sulfuric acid needed' for ``tenants.dap2.inputs.sulfuric_acid``."""
    p = path.split(".")
    res = model.get("resources") or {}

    def rname(rid: str) -> str:  # inside a Vietnamese phrase: "nhu cầu điện lưới"
        n = name_of(res.get(rid), lang, rid)
        return n[0].lower() + n[1:] if lang == "vi" and n[1:2].islower() else n
    if p[0] == "policy":
        return _pick(PHRASES["carbon_price"], lang) if p[-1] == "carbon_price" \
            else WORDS[lang]["other"]
    if p[0] == "park":
        if len(p) == 3 and p[1] == "grid_factors":
            return _pick(PHRASES["grid_factor"], lang).format(year=p[2])
        if len(p) == 3 and p[1] == "exchange_rates":
            return _pick(PHRASES["exchange_rate"], lang).format(code=p[2])
        if p[1] == "vnd_per_usd":
            return _pick(PHRASES["exchange_rate"], lang).format(code="USD")
        if p[1:] == ["enterprises", "count"]:
            return _pick(PHRASES["census"], lang)
        if p[1] == "services" and p[-1] in ("capacity", "park_wastewater"):
            key = "wastewater_capacity" if p[-1] == "capacity" else "park_wastewater"
            return _pick(PHRASES[key], lang)
        return WORDS[lang]["other"]
    kind, oid, rest = p[0], p[1] if len(p) > 1 else "", p[2:]
    coll = _processes(model) if kind == "processes" else (model.get(kind) or {})
    obj = name_of(coll.get(oid), lang, oid)
    return f"{obj}: {_attribute(kind, rest, model, lang, rname)}"


def _attribute(kind: str, rest: list[str], model: dict[str, Any], lang: str, rname) -> str:
    if not rest:
        return WORDS[lang]["other"]
    head = rest[0]
    if kind == "measures" and head in EFFECTS and len(rest) == 3:
        how = SHARE if rest[2] == "scale" else AMOUNT
        return f"{_pick(EFFECTS[head], lang).format(res=rname(rest[1]))} ({_pick(how, lang)})"
    if kind == "measures" and head == "direct_co2" and len(rest) == 2:
        how = SHARE if rest[1] == "scale" else AMOUNT
        label = _pick(PHRASES["direct_change"], lang)
        return f"{label} ({_pick(how, lang)})"
    if head in FLOWS and len(rest) == 2:
        return _pick(FLOWS[head], lang).format(res=rname(rest[1]))
    if kind == "processes" and head == "modes" and len(rest) == 4 and rest[2] in FLOWS:
        flow = _pick(FLOWS[rest[2]], lang).format(res=rname(rest[3]))
        return f"{flow} ({_pick(PHRASES['mode'], lang)})"
    if kind == "processes" and head == "extraction" and len(rest) == 2 and rest[1] in ATTRS:
        return _pick(ATTRS[rest[1]], lang)
    if kind == "tenants" and head == "processing" and len(rest) == 2 and rest[1] in ATTRS:
        return _pick(PHRASES["processing"], lang).format(attr=_pick(ATTRS[rest[1]], lang))
    if head == "quality":
        props = model.get("properties") or {}
        prop = name_of(props.get(rest[-2] if rest[-1] in ("min", "max") else rest[-1]), lang,
                       _pick(PHRASES["quality"], lang))
        return f"{_pick(PHRASES['quality'], lang)}: {prop}"
    if kind == "exchanges" and rest == ["price"]:  # paid by the receiver to the supplier
        return _pick(PHRASES["transfer_price"], lang)
    if len(rest) == 1 and head in ATTRS:
        return _pick(ATTRS[head], lang)
    return WORDS[lang]["other"]


def unit_text(unit: str, path: str, lang: str, money: Display) -> str:
    """The unit as a reader writes it: 'đồng/t', 't/năm', '%'."""
    if unit in ("fraction", ""):
        return "%"
    u = unit.replace("(", "").replace(")", "")
    if u == "year":
        return "năm" if lang == "vi" else "yr"
    if u == "enterprises":
        return "doanh nghiệp" if lang == "vi" else u
    parts = u.split("/")
    parts = [money.small_label(lang) if x == money.currency else x for x in parts]
    u = "/".join(parts)
    annual = bool(ANNUAL & set(path.split(".")[2:])) and "/" not in unit
    return u + ("/năm" if lang == "vi" else "/yr") if annual else u


def shown(value: float | None, unit: str) -> float | None:
    """A number as ``unit_text`` labels it (a share in %)."""
    if value is None:
        return None
    return 100 * value if unit in ("fraction", "") else value


def sig(value: float | None, lang: str, least: int = 0) -> str:
    """About four significant figures, in the reader's number format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    x = float(value)
    digits = 0 if x == 0 else max(least, min(6, 3 - math.floor(math.log10(abs(x)))))
    text = number(x, lang, digits)
    if digits > least:  # 10.00 → 10, 0.9000 → 0.9 (but keep the amount's own decimals)
        point = "," if lang == "vi" else "."
        whole, _, frac = text.partition(point)
        frac = frac.rstrip("0").ljust(least, "0")
        text = whole + (point + frac if frac else "")
    return text


def amount(value: float | None, lang: str, money: Display) -> str:
    """Money in the display unit (bn VND), with more decimals when it is small."""
    if value is None:
        return "–"
    return sig(float(value) / money.divisor, lang, money.digits)


def with_unit(value: float | None, unit: str, path: str, lang: str, money: Display) -> str:
    return f"{sig(shown(value, unit), lang)} {unit_text(unit, path, lang, money)}"


def enterprise_name(eid: str, model: dict[str, Any], lang: str) -> str:
    if eid == PARK_WIDE:
        return WORDS[lang]["park_wide"]
    if eid.startswith(PARTNER):
        pid = eid[len(PARTNER):]
        return name_of((model.get("partners") or {}).get(pid), lang, pid)
    tenants = model.get("tenants") or {}
    if eid in tenants:
        return name_of(tenants[eid], lang, eid)
    names = [name_of(t, lang, tid) for tid, t in tenants.items()
             if ((t or {}).get("enterprise") or tid) == eid]
    heads = {n.split(", ")[0] for n in names}
    if len(heads) == 1 and len(names) > 1:
        return heads.pop()
    return " / ".join(names) or eid


_LEGAL = re.compile(r"^(Công ty (TNHH MTV|TNHH|CP|Cổ phần)|Chi nhánh)\s+", re.IGNORECASE)


def short_name(name: str) -> str:
    """A name without its brackets or leading legal form, for sheet tabs and the console."""
    text = _LEGAL.sub("", re.sub(r"\s*\([^)]*\)", "", name)).strip()
    return text or name


def option_name(oid: str, model: dict[str, Any], lang: str) -> tuple[str, str]:
    """('link' or 'measure', its name)."""
    if oid in (model.get("exchanges") or {}):
        return "link", name_of(model["exchanges"][oid], lang, oid)
    return "measure", name_of((model.get("measures") or {}).get(oid), lang, oid)


def change_text(change: str, model: dict[str, Any], lang: str) -> str:
    W = WORDS[lang]
    if change == "infeasible":
        return W["no_solution"]
    parts = []
    for item in filter(None, (change or "").split(";")):
        kind, name = option_name(item[1:], model, lang)
        key = {("link", "+"): "build", ("link", "-"): "unbuild",
               ("measure", "+"): "adopt", ("measure", "-"): "unadopt"}[(kind, item[0])]
        parts.append(W[key].format(name=name))
    return ", ".join(parts)


def range_text(row: dict[str, Any], lang: str) -> str:
    W, basis = WORDS[lang], row.get("range_basis")
    if basis == "scenario":
        return W["range_scenario"]
    return W[f"range_{basis}"].format(p=number(100 * float(row.get("spread") or 0), lang))


def why(row: dict[str, Any], model: dict[str, Any], lang: str, money: Display) -> str:
    """One sentence: why this figure matters (or does not)."""
    W = words(lang, money)
    path, unit = row["figure"], row["unit"]
    if row.get("moved") == "no":
        return W["why_zero"]
    if row.get("flips") == "yes":
        return W["why_flip"].format(
            dir=W[f"dir_{row['flip_side']}"],
            point=with_unit(row["flip_point"], unit, path, lang, money),
            change=change_text(row["flip_change"], model, lang),
            swing=amount(row.get("cost_swing"), lang, money))
    cost, co2 = row.get("cost_swing") or 0.0, row.get("co2_swing") or 0.0
    if not cost and not co2:
        return W["why_nothing"]
    share = row.get("cost_swing_share")
    return W["why_swing"].format(swing=amount(cost, lang, money), co2=sig(co2, lang),
                                 share=W["share"].format(p=number(100 * share, lang, 1))
                                 if share else "")


def labelled(row: dict[str, Any], model: dict[str, Any], lang: str,
             money: Display) -> dict[str, Any]:
    """The row's words in ``lang``: name, enterprises, value, range, basis, reason."""
    W = WORDS[lang]
    path, unit = row["figure"], row["unit"]
    ents = [e for e in str(row.get("enterprise_ids") or "").split(";") if e]
    note, source = row.get("note") or "", str(row.get("source") or "estimate")
    title = ((model.get("sources") or {}).get(source) or {}).get("title") or source
    source_text = W["estimate"] + ("" if source == "estimate" else f": {title}")
    return {
        "name": figure_name(path, model, lang),
        "enterprises": "; ".join(enterprise_name(e, model, lang) for e in ents),
        "value_text": with_unit(row.get("value"), unit, path, lang, money),
        "range_text": f"{sig(shown(row.get('low'), unit), lang)} – "
                      f"{with_unit(row.get('high'), unit, path, lang, money)}",
        "range_basis_text": range_text(row, lang),
        "source_text": source_text,
        "basis": source_text + (f"; {note}" if note else ""),
        "flips_text": W["yes"] if row.get("flips") == "yes" else W["no"],
        "flip_text": with_unit(row["flip_point"], unit, path, lang, money)
        if row.get("flip_point") is not None else "–",
        "why": why(row, model, lang, money),
    }


CSV_FIRST = ("rank", "figure", "name", "enterprises", "enterprise_ids", "value", "unit",
             "value_text", "source", "tag", "note", "basis", "low", "high", "range_text",
             "range_basis", "spread")


def csv_rows(rows: list[dict[str, Any]], model: dict[str, Any], lang: str, money: Display,
             ranked_by: str) -> list[dict[str, Any]]:
    """The rows as data-needs.csv holds them: ids and numbers, and words in ``lang``."""
    out = []
    for r in rows:
        w = labelled(r, model, lang, money)
        full = {**r, **w, "ranked_by": ranked_by}
        first = {k: full[k] for k in CSV_FIRST}
        out.append({**first, **{k: v for k, v in full.items()
                                if k not in first and k not in ("flips_text", "flip_text",
                                                                "range_basis_text",
                                                                "source_text")}})
    return out


def report_section(rows: list[dict[str, Any]], meta: dict[str, Any], model: dict[str, Any],
                   lang: str, money: Display, top: int = 5) -> dict[str, Any]:
    """The report's 'Data to request': the first ``top`` figures of each enterprise."""
    from symbiosis.present.i18n import signed

    W = words(lang, money)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: r["rank"]):
        for e in str(r.get("enterprise_ids") or "").split(";"):
            if e and len(groups.setdefault(e, [])) < top:
                groups[e].append(r)
    cost_now = meta.get("cost_change_now")
    intro = W["intro"].format(
        n=number(len(rows), lang), flips=number(sum(r.get("flips") == "yes" for r in rows), lang),
        metric=W[f"metric_{meta.get('ranked_by', 'cost')}"],
        dcost="–" if cost_now is None else signed(cost_now / money.divisor, lang, money.digits),
        dco2=signed(meta.get("co2_change_now"), lang))
    out = []
    for eid, items in groups.items():
        shown_rows = []
        for r in items:
            w = labelled(r, model, lang, money)
            shown_rows.append({"rank": r["rank"], "name": w["name"], "value": w["value_text"],
                               "range": w["range_text"], "flip": w["flip_text"],
                               "cost_swing": amount(r.get("cost_swing"), lang, money),
                               "co2_swing": sig(r.get("co2_swing"), lang), "why": w["why"]})
        out.append({"enterprise": enterprise_name(eid, model, lang), "rows": shown_rows})
    return {"W": W, "intro": intro, "groups": out}
