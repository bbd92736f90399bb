"""Synthetic regional networks: N plants in K parks around Lào Cai, in the park-file format.

``generate`` returns a dict that ``yaml.safe_dump`` writes as a park model file
(``write`` does it); ``symbiosis validate`` accepts it and its baseline solves, because
every by-product has a disposal cost or a sale price and every input a price.
The same arguments give the same dict.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from symbiosis.synthetic import templates as T

KM_PER_DEG_LAT = 110.57
ROAD_FACTOR = 1.3          # road distance / straight line
PARK_RADIUS_KM = 5.0       # plants of a park lie within this of its centre
REGION_RADIUS_KM = 40.0    # park centres within this of Lào Cai: pairwise ≤ 80 km
MIN_PARK_GAP_KM = 10.0
SHARE_EXISTING = 0.02      # of tenant-to-tenant links not through a hub
SHARE_VIA_HUB = 0.3        # of links whose resource a hub of the park can process
SHARE_MEASURES = 0.12      # of plants with a cleaner-production measure
SHARE_GROUPED = 0.10       # of plants owned by the enterprise of the park's previous plant
CODES = {"fertilizer": "fert", "yellow_phosphorus": "p4", "smelter": "cu", "steel": "st",
         "cement": "cem", "power": "pow", "food": "food"}


def _sig(x: float, digits: int = 4) -> float:
    """``x`` rounded to ``digits`` significant figures, as a plain float."""
    return float(f"{float(x):.{digits}g}")


def fig(value: float, note: str = "synthetic", digits: int = 4) -> dict[str, Any]:
    return {"value": _sig(value, digits), "source": "estimate", "note": note}


def _offset(lat: float, lon: float, dx_km: float, dy_km: float) -> tuple[float, float]:
    return (lat + dy_km / KM_PER_DEG_LAT,
            lon + dx_km / (KM_PER_DEG_LAT * math.cos(math.radians(lat))))


def road_km(lat1, lon1, lat2, lon2):
    """Road distance (km) between points: straight line on a local plane × 1.3 (numpy-ready)."""
    cos = math.cos(math.radians(T.CENTRE[0]))
    dy = (np.asarray(lat2) - lat1) * KM_PER_DEG_LAT
    dx = (np.asarray(lon2) - lon1) * KM_PER_DEG_LAT * cos
    return np.maximum(np.hypot(dx, dy) * ROAD_FACTOR, 0.2)


def _park_centres(parks: int, rng: np.random.Generator) -> list[tuple[float, float]]:
    radius = REGION_RADIUS_KM * max(1.0, math.sqrt(parks / 25))
    pts = [(0.0, 0.0)]
    while len(pts) < parks:
        r, a = radius * math.sqrt(rng.random()), 2 * math.pi * rng.random()
        x, y = r * math.cos(a), r * math.sin(a)
        if all(math.hypot(x - px, y - py) >= MIN_PARK_GAP_KM for px, py in pts):
            pts.append((x, y))
    return [_offset(*T.CENTRE, x, y) for x, y in pts]


def _resources() -> dict[str, Any]:
    out = {}
    for rid, (name, name_vi, unit, kind, figs) in T.RESOURCES.items():
        r: dict[str, Any] = {"name": name, "name_vi": name_vi, "unit": unit, "kind": kind}
        for key, (v, note) in figs.items():
            r[key] = fig(v, f"synthetic: {note}")
        if rid == "p4_tailgas":
            r["disposal_scope"] = "scope1"
        out[rid] = r
    return out


class _Net:
    """Plants and infrastructure as parallel lists, with their dicts for the file."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.sector: list[str] = []
        self.park: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.inputs: list[dict[str, float]] = []
        self.outputs: list[dict[str, float]] = []
        self.dicts: dict[str, dict[str, Any]] = {}

    def add(self, tid: str, sector: str, park: int, loc: tuple[float, float],
            inputs: dict[str, float], outputs: dict[str, float], body: dict[str, Any]) -> None:
        self.ids.append(tid)
        self.sector.append(sector)
        self.park.append(park)
        self.lat.append(loc[0])
        self.lon.append(loc[1])
        self.inputs.append(inputs)
        self.outputs.append(outputs)
        body["location"] = {"lat": round(loc[0], 5), "lon": round(loc[1], 5), "source": "estimate"}
        for side, amounts in (("inputs", inputs), ("outputs", outputs)):
            if amounts:
                body[side] = {rid: fig(a) for rid, a in amounts.items()}
        self.dicts[tid] = body


def _plants(net: _Net, tenants: int, parks: int, centres, rng: np.random.Generator) -> None:
    names = list(T.SECTORS)
    shares = np.array([T.SECTORS[s].share for s in names])
    head = names[:min(tenants, len(names))]
    tail = rng.choice(len(names), size=max(0, tenants - len(head)), p=shares / shares.sum())
    sectors = head + [names[i] for i in tail]
    park_of = rng.permutation(np.arange(tenants) % parks)
    count = {s: 0 for s in names}
    last_ent: dict[int, str] = {}
    for i, (sec, p) in enumerate(zip(sectors, park_of.tolist())):
        st = T.SECTORS[sec]
        count[sec] += 1
        tid = f"k{p + 1:02d}-{CODES[sec]}{i + 1:05d}"
        lo, hi = st.size
        size = _sig(math.exp(rng.uniform(math.log(lo), math.log(hi))), 3)
        var = rng.uniform(0.9, 1.1, size=len(st.inputs) + len(st.outputs))
        inputs = {r: _sig(size * f * v) for (r, f), v in zip(st.inputs.items(), var)}
        outputs = {r: _sig(size * f * v) for (r, f), v in
                   zip(st.outputs.items(), var[len(st.inputs):])}
        r, a = PARK_RADIUS_KM * math.sqrt(rng.random()), 2 * math.pi * rng.random()
        loc = _offset(*centres[p], r * math.cos(a), r * math.sin(a))
        ent = last_ent[p] if p in last_ent and rng.random() < SHARE_GROUPED else tid
        last_ent[p] = ent
        body: dict[str, Any] = {"name": f"{st.name} {count[sec]}",
                                "name_vi": f"{st.name_vi} {count[sec]}", "sector": sec}
        if ent != tid:
            body["enterprise"] = ent
        if st.product:
            body["production"] = {st.product: fig(size, "synthetic", 3)}
        else:
            body["note"] = f"synthetic: sends out {size / 1000:,.0f} GWh/yr"
        if st.direct_co2:
            body["direct_co2"] = fig(size * st.direct_co2, f"synthetic: {st.direct_co2} t/t")
        body["flags"] = {"iso_management": bool(rng.random() < 0.4),
                         "years_legal_compliance": float(rng.choice([0, 1, 2, 3, 5, 10])),
                         "source": "estimate"}
        net.add(tid, sec, p, loc, inputs, outputs, body)
    for p, (lat, lon) in enumerate(centres):
        m3 = T.WWTP_M3_PER_DAY * 365.25 * rng.uniform(0.5, 2.0)
        tid = f"k{p + 1:02d}-wwtp"
        body = {"name": f"Central wastewater treatment plant, park {p + 1}",
                "name_vi": f"Trạm xử lý nước thải tập trung KCN {p + 1}",
                "enterprise": f"k{p + 1:02d}-investor", "counts_as_enterprise": False,
                "sector": "wastewater_treatment"}
        net.add(tid, "wastewater_treatment", p, _offset(lat, lon, 0.5, -0.5),
                {"electricity": _sig(m3 * T.WWTP_MWH_PER_M3)}, {"treated_water": _sig(m3)}, body)


def _pairs(net: _Net, cap: int | None) -> list[tuple[float, int, int, int]]:
    """(km, rule, supplier, receiver) of the nearest compatible pairs, at most ``cap``."""
    if cap is not None and cap <= 0:
        return []
    lat, lon = np.array(net.lat), np.array(net.lon)
    sector = np.array(net.sector)
    kept: list[np.ndarray] = []  # rows of [km, rule, s, r]
    size, limit = 0, np.inf
    for k, rule in enumerate(T.RULES):
        sup = np.array([i for i, o in enumerate(net.outputs) if rule.resource in o], dtype=np.int64)
        rec = np.array([i for i, x in enumerate(net.inputs) if rule.replaces in x
                        and sector[i] in rule.receivers], dtype=np.int64)
        if not len(sup) or not len(rec):
            continue
        reach = min(T.MODES[rule.mode].max_km, limit)
        step = max(1, 2_000_000 // len(rec))
        for a in range(0, len(sup), step):
            s = sup[a:a + step]
            d = road_km(lat[s][:, None], lon[s][:, None], lat[rec][None, :], lon[rec][None, :])
            si, ri = np.nonzero((d <= reach) & (s[:, None] != rec[None, :]))
            if not len(si):
                continue
            kept.append(np.column_stack([d[si, ri], np.full(len(si), k), s[si], rec[ri]]))
            size += len(si)
            if cap is not None and size > 3 * cap:
                pool = np.concatenate(kept)
                pool = pool[_order(pool)[:cap]]
                kept, size, limit = [pool], len(pool), pool[-1, 0]
                reach = min(reach, limit)
    if not kept:
        return []
    pool = np.concatenate(kept)
    pool = pool[_order(pool)[:cap] if cap is not None else _order(pool)]
    return [(float(d), int(k), int(s), int(r)) for d, k, s, r in pool]


def _order(pool: np.ndarray) -> np.ndarray:
    """Nearest first; ties by rule, supplier, receiver, so the order never depends on luck."""
    return np.lexsort((pool[:, 3], pool[:, 2], pool[:, 1], pool[:, 0]))


def _link(rule_mode: str, km: float, capacity: float, ratio: float,
          treatment: float) -> dict[str, Any]:
    mode = T.MODES[rule_mode]
    capex = (mode.capex_a + mode.capex_b * km) * (capacity / mode.ref_size) ** 0.6
    # Notes stay one word: a 100,000-link file repeats them 100,000 times. The formulas
    # are in the model's `synthetic` source entry.
    out = {"ratio": fig(ratio), "capacity": fig(capacity), "capex": fig(capex, digits=3),
           "lifetime": fig(mode.lifetime), "opex_fixed": fig(0.03 * capex, digits=3),
           "opex_var": fig(mode.opex_fixed + treatment + mode.opex_km * km, digits=3)}
    if mode.co2_km:
        out["transport_co2"] = fig(mode.co2_km * km, digits=3)
    if mode.mwh:
        out["electricity"] = fig(mode.mwh, digits=3)
    out["distance_km"] = fig(km, digits=3)
    return out


def generate(tenants: int, parks: int = 1, seed: int = 0, links: int | None = None) -> dict:
    """A park model dict: ``tenants`` plants in ``parks`` parks, at most ``links`` exchanges.

    Each park also gets a central WWTP and, where it has their suppliers, a candidate
    slag grinder and a phosphogypsum line (processing hubs). Links are the nearest
    compatible pairs (a by-product that replaces an input); without ``links`` every
    compatible pair within its transport mode's reach is a candidate.
    """
    if tenants < 1 or parks < 1:
        raise ValueError("tenants and parks must be at least 1")
    if links is not None and links < 0:
        raise ValueError("links must not be negative")
    rng = np.random.default_rng(seed)
    centres = _park_centres(parks, rng)
    net = _Net()
    _plants(net, tenants, parks, centres, rng)
    n_plants = len(net.ids)

    # Processing hubs: a grinder / PG line in each park that has their suppliers.
    hub_kind = {r.resource: r.hub for r in T.RULES if r.hub}
    hubs: dict[tuple[int, str], str] = {}
    for i in range(n_plants):
        for rid in net.outputs[i]:
            if rid in hub_kind:
                hubs.setdefault((net.park[i], hub_kind[rid]), f"k{net.park[i] + 1:02d}-{hub_kind[rid]}")

    # Partner links: nearest suppliers first, a small share of the cap.
    quota = None if links is None else -(-(links // 50) // len(T.PARTNERS))
    chosen_partner = []
    for pid, p in T.PARTNERS.items():
        cand = sorted((float(road_km(net.lat[i], net.lon[i], *p["location"])), pid, i, rid)
                      for i in range(n_plants) for rid in net.outputs[i] if rid in p["takes"])
        chosen_partner += cand[:quota]
    n_partner = len(chosen_partner) if links is None else min(len(chosen_partner), links // 50)
    chosen_partner = chosen_partner[:n_partner]
    pairs = _pairs(net, None if links is None else links - n_partner)

    exchanges: dict[str, Any] = {}
    used_hubs: set[str] = set()
    used_partners: set[str] = set()
    n = 0
    for km, k, s, r in pairs:
        rule = T.RULES[k]
        n += 1
        release, need = net.outputs[s][rule.resource], net.inputs[r][rule.replaces]
        capacity = min(release, need / rule.ratio) * rng.uniform(0.3, 1.0)
        hub = hubs.get((net.park[s], rule.hub)) if rule.hub else None
        via = hub if hub and net.park[r] == net.park[s] and rng.random() < SHARE_VIA_HUB else None
        x: dict[str, Any] = {"from": net.ids[s], "to": net.ids[r]}
        if via:
            x["via"] = via
            used_hubs.add(via)
        x.update(resource=rule.resource, replaces=rule.replaces)
        x.update(_link(rule.mode, km, capacity, rule.ratio, 0.0 if via else rule.treatment))
        if not via and rng.random() < SHARE_EXISTING:
            x["existing"] = True
            for key in ("capex", "lifetime", "opex_fixed"):
                del x[key]
        exchanges[f"x{n:06d}"] = x
    for km, pid, i, rid in chosen_partner:
        replaces, ratio = T.PARTNERS[pid]["takes"][rid]
        demand = T.PARTNERS[pid]["demand"][replaces] * parks
        n += 1
        capacity = min(net.outputs[i][rid], demand / ratio) * rng.uniform(0.3, 1.0)
        hub = hubs.get((net.park[i], hub_kind.get(rid)))
        x = {"from": net.ids[i], "to": pid}
        if hub:
            x["via"] = hub
            used_hubs.add(hub)
        x.update(resource=rid, replaces=replaces)
        x.update(_link("truck", km, capacity, ratio, 0.0 if hub else 50_000))
        exchanges[f"x{n:06d}"] = x
        used_partners.add(pid)

    tenants_out = dict(net.dicts)
    for (p, kind), hid in sorted(hubs.items()):
        if hid not in used_hubs:
            continue
        h = T.HUBS[kind]
        lat, lon = _offset(*centres[p], -0.5, 0.5)
        tenants_out[hid] = {
            "name": f"{h['name']}, park {p + 1}", "name_vi": f"{h['name_vi']} KCN {p + 1}",
            "sector": "building_materials",
            "location": {"lat": round(lat, 5), "lon": round(lon, 5), "source": "estimate"},
            "processing": {
                "unit": "t", "capacity": fig(h["capacity"], f"synthetic: {h['note']}"),
                "existing": False, "capex": fig(h["capex"], f"synthetic: {h['note']}"),
                "lifetime": fig(20), "opex_fixed": fig(0.03 * h["capex"], "synthetic: 3% of capex"),
                "opex_var": fig(h["opex_var"], "synthetic"),
                "electricity": fig(h["electricity"], "synthetic")}}

    partners = {}
    for pid in T.PARTNERS:
        if pid in used_partners:
            p = T.PARTNERS[pid]
            partners[pid] = {
                "name": p["name"], "name_vi": p["name_vi"], "kind": p["kind"],
                "location": {"lat": p["location"][0], "lon": p["location"][1],
                             "source": "estimate"},
                "demand": {rid: fig(v * parks, f"synthetic: {v:,.0f} t per park")
                           for rid, v in p["demand"].items()}}

    measures = {}
    for i in range(n_plants):
        if rng.random() >= SHARE_MEASURES:
            continue
        options = T.MEASURES.get(net.sector[i])
        if not options:
            continue
        mt = options[int(rng.integers(len(options)))]
        ref = net.inputs[i] if mt.ref[0] in net.inputs[i] else net.outputs[i]
        capex = mt.capex * (ref[mt.ref[0]] / mt.ref[1]) ** 0.6
        m: dict[str, Any] = {"tenant": net.ids[i], "name": mt.name, "name_vi": mt.name_vi,
                             "capex": fig(capex, digits=3),
                             "lifetime": fig(mt.lifetime)}
        for key, effects in (("inputs", mt.inputs), ("outputs", mt.outputs)):
            if effects:
                m[key] = {rid: {"scale": s, "source": "estimate", "note": "synthetic"}
                          for rid, s in effects.items()}
        if mt.direct_delta:
            rid, per = mt.direct_delta
            burnt = -mt.outputs[rid] * net.outputs[i][rid]
            m["direct_co2"] = {"delta": _sig(burnt * per), "source": "estimate",
                               "note": "synthetic: gas burnt on site"}
        measures[f"m{len(measures) + 1:05d}"] = m

    return {
        "park": {
            "id": f"synthetic-{tenants}-{parks}-{seed}",
            "name": f"Synthetic network: {tenants} plants in {parks} parks (seed {seed})",
            "name_vi": f"Mạng lưới tổng hợp: {tenants} nhà máy, {parks} KCN",
            "province": "Lào Cai",
            "vnd_per_usd": fig(T.VND_PER_USD, "synthetic: as tang-loong.yaml"),
            "electricity": "electricity",
            "grid_factors": {y: fig(v, f"synthetic: {note}") for y, (v, note)
                             in T.GRID_FACTORS.items()},
            "location": {"lat": T.CENTRE[0], "lon": T.CENTRE[1], "source": "estimate"}},
        "sources": {"synthetic": {
            "tag": "E", "title": "symbiosis.synthetic: generated test network",
            "note": (f"generate(tenants={tenants}, parks={parks}, seed={seed}, links={links}). "
                     "Per-tonne factors from models/tang-loong.yaml where it has them "
                     "(symbiosis/synthetic/templates.py). Links: capex = (a + b·km) × "
                     "(capacity/reference)^0.6 by transport mode, opex_fixed 3% of capex, "
                     "opex_var = handling + treatment + per-km cost, trucks 100 g CO2/t·km, "
                     "road km = 1.3 × straight line.")}},
        "resources": _resources(),
        "tenants": tenants_out,
        "partners": partners,
        "exchanges": exchanges,
        "measures": measures,
    }


def write(model: dict, path: str | Path) -> Path:
    """Write a generated model as a park model file: JSON for a ``.json`` path (the form
    for regional parks, docs/model-format.md), else YAML."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        with path.open("w", encoding="utf-8") as f:
            json.dump(model, f, ensure_ascii=False, indent=1)
        return path
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as f:
        f.write("# Synthetic park model written by symbiosis.synthetic: every number is an\n"
                "# estimate (source: estimate, note: synthetic), for benchmarks and tests.\n")
        yaml.dump(model, f, Dumper=dumper, sort_keys=False, allow_unicode=True,
                  default_flow_style=None, width=120)
    return path
