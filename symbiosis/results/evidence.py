"""The data each Decree 35 criterion rests on, in English and Vietnamese.

English names the model's keys and ids, so a reviewer can find them in the park file;
Vietnamese names enterprises, resources and sources by their names (no raw id), with a
unit on every number. Each function returns (english, vietnamese).
"""

from __future__ import annotations

import weakref

from typing import Any

from symbiosis.load.census import SERVICES, WASTEWATER

SERVICE_NAMES = {
    "power_supply": ("power supply", "cấp điện"),
    "water_supply": ("water supply", "cấp nước"),
    "information": ("information and communication", "thông tin liên lạc"),
    "fire_protection": ("fire prevention and fighting", "phòng cháy chữa cháy"),
    "wastewater_treatment": ("central wastewater treatment", "xử lý nước thải tập trung"),
    "symbiosis_support": ("services supporting industrial symbiosis",
                         "dịch vụ hỗ trợ cộng sinh công nghiệp"),
}
TITLE_MAX = 70


def num(x: float, lang: str, digits: int = 0) -> str:
    s = f"{x:,.{digits}f}"
    return s.replace(",", " ").replace(".", ",").replace(" ", ".") if lang == "vi" else s


def _source(park: Any, source: str, tag: str, lang: str) -> str:
    if lang == "en":
        return f"source {source}, tag {tag}"
    if source == "estimate":
        return f"ước tính, loại {tag}"
    title = park.sources[source].title if source in park.sources else source
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX - 1].rstrip() + "…"
    return f"nguồn: {title}, loại {tag}"


def company(park: Any, ent: str, lang: str) -> str:
    """An enterprise as a reader knows it: its census name, else its first tenant's name
    up to the unit (``, …`` or `` (…``); its id in English."""
    if lang == "en":
        return ent
    census = park.census
    m = census.name_of(ent) if census is not None else None
    if m is not None:
        return m.name_vi or m.name
    return _first_names(park)[ent]


# (weak reference to a park, enterprise → its first tenant's name), replaced whole: a
# thread reads one tuple, never the reference of one park with the names of another.
_LAST: tuple = (lambda: None, {})


def _first_names(park: Any) -> dict[str, str]:
    """Enterprise → its first tenant's name up to the unit, made once per park: looking
    the tenant up for every mention scanned all tenants each time (quadratic on a
    regional park)."""
    global _LAST
    ref, names = _LAST
    if ref() is not park:
        names = {}
        for t in park.tenants.values():
            if t.enterprise not in names:
                name = t.name_vi or t.name
                for cut in (", ", " ("):
                    name = name.split(cut)[0]
                names[t.enterprise] = name
        _LAST = (weakref.ref(park), names)
    return names


def _names(park: Any, ents, lang: str) -> str:
    return ", ".join(company(park, e, lang) for e in sorted(ents)) or \
        ("none" if lang == "en" else "không có")


def census(park: Any, lang: str) -> str:
    c = park.census
    if c is None:
        return ("park.enterprises not given" if lang == "en" else
                "chưa có số doanh nghiệp của toàn khu công nghiệp")
    if lang == "en":
        return f"park.enterprises: {c.count} enterprises ({_source(park, c.source, c.tag, lang)})"
    return (f"khu công nghiệp có {num(c.count, lang)} doanh nghiệp "
            f"({_source(park, c.source, c.tag, lang)})")


def links(park: Any, rows: list[dict[str, Any]], groups: list[dict[str, Any]]) -> tuple[str, str]:
    if not groups:
        return ("links with flow: none joins two enterprises of the park",
                "không có liên kết nào có dòng chảy giữa hai doanh nghiệp của khu công nghiệp")
    res = park.resources
    en, vi = [], []
    for g in groups:
        ls = g["links"]
        en.append(f"{'+'.join(g['enterprises'])} {g['resource']} ({', '.join(ls)})")
        r = res[g["resource"]]
        vi.append(f"{' – '.join(company(park, e, 'vi') for e in g['enterprises'])}: "
                  f"{r.name_vi or r.name} ({num(len(ls), 'vi')} liên kết)")
    return ("links with flow, once per pair of enterprises and resource: " + "; ".join(en),
            "liên kết có dòng chảy, mỗi cặp doanh nghiệp và tài nguyên tính một lần: "
            + "; ".join(vi))


def participation(park: Any, participants: list[str]) -> tuple[str, str]:
    p, n = len(participants), park.census.count if park.census else len(park.enterprises())
    if park.census is None:
        return (f"{census(park, 'en')}: {p} of the {n} enterprises in the model are in a link "
                f"with flow ({_names(park, participants, 'en')}); the park's share cannot be "
                "shown", f"{census(park, 'vi')}: {num(p, 'vi')} trong số {num(n, 'vi')} doanh "
                f"nghiệp trong mô hình tham gia liên kết có dòng chảy "
                f"({_names(park, participants, 'vi')}); chưa thể hiện được tỷ lệ của khu "
                "công nghiệp")
    return (f"{census(park, 'en')}; {p} in a link with flow: {_names(park, participants, 'en')}",
            f"{census(park, 'vi')}; {num(p, 'vi')} doanh nghiệp tham gia liên kết có dòng "
            f"chảy: {_names(park, participants, 'vi')}")


def cleaner_production(park: Any, known: dict[str, str], unknown: set[str],
                       outside: tuple | None) -> tuple[str, str]:
    why = {"flag": ("flag", "theo thông tin của doanh nghiệp"),
           "measure": ("measure adopted", "có giải pháp được áp dụng")}
    k_en = ", ".join(f"{e} ({why[v][0]})" for e, v in sorted(known.items())) or "none"
    k_vi = ", ".join(f"{company(park, e, 'vi')} ({why[v][1]})"
                     for e, v in sorted(known.items())) or "không có"
    en = [f"{census(park, 'en')}; applying cleaner production: {k_en}"]
    vi = [f"{census(park, 'vi')}; áp dụng sản xuất sạch hơn: {k_vi}"]
    if unknown:
        en.append(f"no flag: {', '.join(sorted(unknown))}")
        vi.append(f"{num(len(unknown), 'vi')} doanh nghiệp trong mô hình chưa có thông tin")
    if outside is None:
        en.append("the park's other enterprises: unknown")
        vi.append("các doanh nghiệp khác của khu công nghiệp: chưa rõ")
    else:
        yes, maybe, unlisted = outside
        if yes:
            en.append("outside the model, applying: " + ", ".join(m.name for m in yes))
            vi.append("ngoài mô hình, có áp dụng: " + ", ".join(m.name_vi or m.name for m in yes))
        if maybe + unlisted:
            en.append(f"{maybe + unlisted} enterprises outside the model: unknown")
            vi.append(f"{num(maybe + unlisted, 'vi')} doanh nghiệp ngoài mô hình: chưa rõ")
    return "; ".join(en), "; ".join(vi)


def iso(park: Any, flag: dict[str, bool | None]) -> tuple[str, str]:
    if not flag:
        return ("no enterprise is in a link with flow",
                "không có doanh nghiệp nào tham gia liên kết có dòng chảy")
    sets = {v: sorted(e for e, x in flag.items() if x is v) for v in (True, False, None)}
    en = "; ".join(f"{w} {', '.join(sets[v])}" for v, w in
                   ((True, "yes:"), (False, "no:"), (None, "unknown:")) if sets[v])
    vi = "; ".join(f"{w} {_names(park, sets[v], 'vi')}" for v, w in
                   ((True, "có:"), (False, "không:"), (None, "chưa rõ:")) if sets[v])
    return (f"flags iso_management of the enterprises in a link with flow: {en}",
            f"thông tin về hệ thống quản lý ISO của các doanh nghiệp tham gia cộng sinh: {vi}")


def years(park: Any, modelled: dict[str, float | None], outside: dict[str, float | None],
          unlisted: int | None) -> tuple[str, str]:
    known = {**{e: v for e, v in modelled.items() if v is not None},
             **{n: v for n, v in outside.items() if v is not None}}
    unknown = sum(1 for v in (*modelled.values(), *outside.values()) if v is None)
    en, vi = [census(park, "en")], [census(park, "vi")]
    if known:
        low = min(known.values())
        who = sorted(e for e, v in known.items() if v == low)
        en.append(f"flags years_legal_compliance: lowest {num(low, 'en', 1)} years "
                  f"({', '.join(who)})")
        vi.append(f"số năm tuân thủ pháp luật thấp nhất: {num(low, 'vi', 1)} năm "
                  f"({', '.join(company(park, e, 'vi') if e in modelled else e for e in who)})")
    else:
        en.append("flags years_legal_compliance: none given")
        vi.append("chưa có số năm tuân thủ pháp luật của doanh nghiệp nào")
    if unknown:
        en.append(f"{unknown} enterprises without the flag")
        vi.append(f"{num(unknown, 'vi')} doanh nghiệp chưa có thông tin")
    if unlisted is None:
        en.append("the park's other enterprises: unknown")
        vi.append("các doanh nghiệp khác của khu công nghiệp: chưa rõ")
    elif unlisted:
        en.append(f"{unlisted} enterprises outside the model: unknown")
        vi.append(f"{num(unlisted, 'vi')} doanh nghiệp ngoài mô hình: chưa rõ")
    return "; ".join(en), "; ".join(vi)


def wastewater(park: Any, flags: dict[str, Any]) -> tuple[str, str]:
    f = flags.get(WASTEWATER)
    name_en, name_vi = SERVICE_NAMES[WASTEWATER]
    if f is None:
        return (f"{name_en}: not given", f"{name_vi}: chưa có thông tin")
    src_en, src_vi = _source(park, f.source, f.tag, "en"), _source(park, f.source, f.tag, "vi")
    if not f.provided:
        return (f"{name_en}: not provided ({src_en})", f"{name_vi}: không có ({src_vi})")

    def amount(x, lang):
        if x is None:
            return "not given" if lang == "en" else "chưa có thông tin"
        return f"{num(x, lang)} m3/{'yr' if lang == 'en' else 'năm'}"

    return (f"{name_en}: provided ({src_en}), capacity {amount(f.capacity, 'en')} against the "
            f"park's wastewater {amount(f.park_wastewater, 'en')}",
            f"{name_vi}: có ({src_vi}), công suất {amount(f.capacity, 'vi')}, lượng nước thải "
            f"của khu công nghiệp {amount(f.park_wastewater, 'vi')}")


def services(park: Any, flags: dict[str, Any], state: dict[str, bool | None]) -> tuple[str, str]:
    en, vi = [], []
    for name in SERVICES:
        if name == WASTEWATER:
            e, v = wastewater(park, flags)
            if state[name] is False and flags[name].provided:
                e, v = e + " (short)", v + " (không đủ)"
            en.append(e)
            vi.append(v)
            continue
        f = flags.get(name)
        name_en, name_vi = SERVICE_NAMES[name]
        if f is None:
            en.append(f"{name_en}: not given")
            vi.append(f"{name_vi}: chưa có thông tin")
        else:
            en.append(f"{name_en}: {'provided' if f.provided else 'not provided'} "
                      f"({_source(park, f.source, f.tag, 'en')})")
            vi.append(f"{name_vi}: {'có' if f.provided else 'không có'} "
                      f"({_source(park, f.source, f.tag, 'vi')})")
    return "park.services: " + "; ".join(en), "dịch vụ cơ bản: " + "; ".join(vi)


def documents_only() -> tuple[str, str]:
    return ("documents only: the model holds no data on it",
            "chỉ hồ sơ chứng minh được: mô hình không có số liệu về tiêu chí này")
