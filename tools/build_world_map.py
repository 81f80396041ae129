#!/usr/bin/env python3
"""Build resources/map/world.json from Natural Earth TopoJSON (npm package world-atlas).

Pure Python (stdlib + pycountry). Run once by a developer; the kiosk only reads the
generated world.json and never fetches map data at run time.

    cd /tmp && npm pack world-atlas@2.0.2          # -> world-atlas-2.0.2.tgz
    .venv/bin/python tools/build_world_map.py /tmp/world-atlas-2.0.2.tgz

The input may be the npm tarball (the countries-<scale>.json inside is used) or a
countries-*.json TopoJSON file. See resources/map/README.md for the output format.

Steps: decode the quantized, delta-encoded TopoJSON arcs; project each arc with the
Natural Earth I projection (Savric, Jenny, Patterson, Petrovic, Hurni 2011; the same
polynomial as d3-geo's geoNaturalEarth1); simplify each *shared arc* once
(Douglas-Peucker, in output units) so that neighbouring borders stay identical;
drop Antarctica; map ISO 3166-1 numeric ids to alpha-2 with pycountry; merge features
that have no code of their own into their ISO country (dissolving the shared border);
and write SVG path strings (absolute M/L/Z only, 1 decimal) per country.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import os
import sys
import tarfile

import pycountry

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "resources", "map", "world.json")

# Natural Earth features whose TopoJSON id is missing / not an ISO 3166-1 country.
# Value: ("code", alpha2) -> own entry under that code; ("merge", alpha2) -> dissolved
# into that country; ("extra", key) -> drawn as non-interactive land in "extras";
# ("split", fn) -> polygons distributed to codes by fn(lon, lat) of the ring's first point.
SPECIAL = {
    "Kosovo": ("code", "XK"),  # user-assigned code used by the EU, CLDR, etc.
    "N. Cyprus": ("merge", "CY"),  # UN-recognised Cyprus
    "Somaliland": ("merge", "SO"),  # UN-recognised Somalia
    "Siachen Glacier": ("extra", "siachen"),  # disputed India/Pakistan; neutral land
    "Indian Ocean Ter.": ("split", lambda lon, lat: "CX" if lon > 100 else "CC"),
}
# Short English display names where pycountry only has the formal ISO name.
NAME_OVERRIDES = {
    "XK": "Kosovo",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "RU": "Russia",
    "BN": "Brunei",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
    "MF": "Saint Martin",
    "SX": "Sint Maarten",
    "FK": "Falkland Islands",
    "CC": "Cocos (Keeling) Islands",
}
DROP_IDS = {"010"}  # Antarctica
# Name used in "name": prefer pycountry's common_name (e.g. "Bolivia", "Taiwan"), else name.


# ---------------------------------------------------------------------------- projection
def natural_earth1(lon_deg: float, lat_deg: float) -> tuple[float, float]:
    """Natural Earth I projection; returns (x, y) in radians-ish units, y up."""
    lam = math.radians(lon_deg)
    phi = math.radians(lat_deg)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


def equirectangular(lon_deg: float, lat_deg: float) -> tuple[float, float]:
    return math.radians(lon_deg), math.radians(lat_deg)


PROJECTIONS = {"naturalEarth1": natural_earth1, "equirectangular": equirectangular}


# ---------------------------------------------------------------------------- topojson
def load_topology(path: str, scale: str) -> tuple[dict, str]:
    if path.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path, "r:gz") as tf:
            pkg = json.load(tf.extractfile("package/package.json"))
            member = f"package/countries-{scale}.json"
            topo = json.load(io.TextIOWrapper(tf.extractfile(member), encoding="utf-8"))
            return topo, f"{pkg['name']}@{pkg['version']} {member[len('package/') :]}"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh), os.path.basename(path)


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Return arcs as lists of (lon, lat), undoing quantization and delta encoding."""
    tr = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        out.append(pts)
    return out


# ---------------------------------------------------------------------------- antimeridian
def _meridian(edge, lat_from, lat_to, step=1.0):
    """Points strictly between lat_from and lat_to along lon=edge (so the cut follows the
    curved map edge after projection)."""
    n = int(abs(lat_to - lat_from) / step)
    return [(edge, lat_from + (lat_to - lat_from) * k / (n + 1)) for k in range(1, n + 1)]


def cut_antimeridian(pts):
    """Natural Earth leaves a few rings unsplit across lon=180 (Russia's Chukotka coast,
    Wrangel Island, Fiji's Taveuni). Cut such an arc: the main part keeps its endpoints
    (so the topology is intact) and follows the map edge where it used to leave it; each
    excursion to the other side becomes an extra closed ring. Returns (main, [rings])."""
    if not any(abs(p[0] - q[0]) > 180 for p, q in itertools.pairwise(pts)):
        return pts, []
    closed = pts[0] == pts[-1]
    if closed:  # start at a point clearly on one side
        ring = pts[:-1]
        k = next(i for i, p in enumerate(ring) if abs(p[0]) < 179.999)
        pts = ring[k:] + ring[:k] + [ring[k]]
    u = [pts[0]]
    off = 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(pts):
        if x1 - x0 > 180:
            off -= 360
        elif x1 - x0 < -180:
            off += 360
        u.append((x1 + off, y1))

    def inside(p):
        return -180 <= p[0] <= 180

    main, extras, cur = [u[0]], [], None
    edge = shift = 0.0
    for a, b in itertools.pairwise(u):
        if cur is None:
            if inside(b):
                main.append(b)
                continue
            edge = 180.0 if b[0] > 180 else -180.0
            shift = 360.0 if edge > 0 else -360.0
            t = (edge - a[0]) / (b[0] - a[0])
            i1 = (edge, a[1] + t * (b[1] - a[1]))
            main.append(i1)
            cur = [(i1[0] - shift, i1[1]), (b[0] - shift, b[1])]
        elif inside(b):
            t = (edge - a[0]) / (b[0] - a[0])
            i2 = (edge, a[1] + t * (b[1] - a[1]))
            i1 = main[-1]
            main.extend(_meridian(edge, i1[1], i2[1]))
            main.extend([i2, b])
            o = edge - shift
            cur.append((o, i2[1]))
            cur.extend(_meridian(o, i2[1], cur[0][1]))
            cur.append(cur[0])
            extras.append(cur)
            cur = None
        else:
            cur.append((b[0] - shift, b[1]))
    if cur is not None:
        raise ValueError("ring does not return across the antimeridian (polar ring?)")
    return main, extras


# ---------------------------------------------------------------------------- geometry
def dp_simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker keeping both endpoints (iterative)."""
    n = len(pts)
    if n <= 2 or tol <= 0:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if seg2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / seg2
                t = max(0.0, min(1.0, t))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > best:
                best, best_i = d2, i
        if best_i >= 0 and best > tol2:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(pts, keep, strict=False) if k]


def simplify_arc(pts, tol):
    if len(pts) > 3 and pts[0] == pts[-1]:
        # closed arc (an island): anchor at the point farthest from the start too
        x0, y0 = pts[0]
        far = max(range(len(pts)), key=lambda i: (pts[i][0] - x0) ** 2 + (pts[i][1] - y0) ** 2)
        return dp_simplify(pts[: far + 1], tol)[:-1] + dp_simplify(pts[far:], tol)
    return dp_simplify(pts, tol)


def ring_area(r) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1], strict=False):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def ring_bbox(r):
    xs = [p[0] for p in r]
    ys = [p[1] for p in r]
    return min(xs), min(ys), max(xs), max(ys)


def point_in_ring(x, y, r) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1], strict=False):
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def label_point(ring):
    """A point well inside the ring: its centroid if inside, otherwise the middle of the
    widest horizontal interior span near the centroid's height."""
    a = ring_area(ring)
    if abs(a) > 1e-9:
        cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False):
            f = x1 * y2 - x2 * y1
            cx += (x1 + x2) * f
            cy += (y1 + y2) * f
        cx /= 6 * a
        cy /= 6 * a
        if point_in_ring(cx, cy, ring):
            return cx, cy
    x0, y0, x1, y1 = ring_bbox(ring)
    cy = (y0 + y1) / 2 if abs(a) <= 1e-9 else cy
    best = None
    for k in range(21):
        y = y0 + (y1 - y0) * (0.5 + (k // 2 + 1) * (1 if k % 2 else -1) * 0.022) if k else cy
        xs = []
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=False):
            if (ay > y) != (by > y):
                xs.append(ax + (y - ay) * (bx - ax) / (by - ay))
        xs.sort()
        for i in range(0, len(xs) - 1, 2):
            w = xs[i + 1] - xs[i]
            if best is None or w > best[0] * 1.5:  # prefer spans near the centre line
                best = (w, (xs[i] + xs[i + 1]) / 2, y)
    if best:
        return best[1], best[2]
    return (x0 + x1) / 2, (y0 + y1) / 2


# ---------------------------------------------------------------------------- stitching
def cancel_shared(directed: list[int]) -> list[int]:
    """Drop pairs of directed arc refs (TopoJSON ~i = arc i reversed) that cancel out:
    a border shared by two features merged into one country."""
    from collections import Counter

    cnt = Counter(directed)
    for a in list(cnt):
        b = ~a
        n = min(cnt[a], cnt.get(b, 0))
        if n:
            cnt[a] -= n
            cnt[b] -= n
    remaining = [a for a, c in cnt.items() for _ in range(c)]
    return remaining


def rings_from_refs(refs, arc_pts):
    """Chain directed arc refs into rings by matching endpoints."""

    def pts_of(ref):
        p = arc_pts[ref] if ref >= 0 else arc_pts[~ref][::-1]
        return p

    pieces = [pts_of(r) for r in refs]
    by_start = {}
    for i, p in enumerate(pieces):
        by_start.setdefault(p[0], []).append(i)
    used = [False] * len(pieces)
    rings = []
    for i in range(len(pieces)):
        if used[i]:
            continue
        used[i] = True
        ring = list(pieces[i])
        start = ring[0]
        guard = 0
        while ring[-1] != start and guard < len(pieces) + 1:
            guard += 1
            nxt = next((j for j in by_start.get(ring[-1], []) if not used[j]), None)
            if nxt is None:
                break
            used[nxt] = True
            ring.extend(pieces[nxt][1:])
        rings.append(ring)
    return rings


# ---------------------------------------------------------------------------- main
def fmt(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def ring_to_path(r) -> str:
    parts = [f"M{fmt(r[0][0])} {fmt(r[0][1])}"]
    parts += [f"L{fmt(x)} {fmt(y)}" for x, y in r[1:]]
    return "".join(parts) + "Z"


def dedupe_rounded(r):
    out = []
    for x, y in r:
        p = (round(x, 1), round(y, 1))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def build(args) -> dict:
    topo, source = load_topology(args.input, args.scale)
    for sc in ("110m", "50m", "10m"):
        if source.endswith(f"countries-{sc}.json"):
            args.scale = sc
    arcs_ll = decode_arcs(topo)
    geoms = topo["objects"]["countries"]["geometries"]
    proj = PROJECTIONS[args.projection]

    # Which arcs are used by kept features (to fit the canvas to them, Antarctica excluded).
    def iter_rings(g):
        if g["type"] == "Polygon":
            yield from g["arcs"]
        elif g["type"] == "MultiPolygon":
            for poly in g["arcs"]:
                yield from poly

    kept = [g for g in geoms if g.get("id") not in DROP_IDS and g["type"] in ("Polygon", "MultiPolygon")]
    used_arcs = {a if a >= 0 else ~a for g in kept for r in iter_rings(g) for a in r}

    # Cut rings that cross lon=180; the cut-off pieces become extra island rings (new arcs).
    arc_extras: dict[int, list[int]] = {}
    for i in sorted(used_arcs):
        main, extra = cut_antimeridian(arcs_ll[i])
        if extra:
            arcs_ll[i] = main
            arc_extras[i] = []
            for ring in extra:
                arc_extras[i].append(len(arcs_ll))
                arcs_ll.append(ring)
    used_arcs |= {j for js in arc_extras.values() for j in js}

    # Project; fit: full longitude range horizontally, latitude range of the data vertically.
    arcs_xy = [[proj(lon, lat) for lon, lat in arc] for arc in arcs_ll]
    xmin_full = proj(-180, 0)[0]
    xmax_full = proj(180, 0)[0]
    ys = [p[1] for i in used_arcs for p in arcs_xy[i]]
    ymin, ymax = min(ys), max(ys)
    W = float(args.width)
    pad = args.padding
    k = (W - 2 * pad) / (xmax_full - xmin_full)
    H = math.ceil((ymax - ymin) * k + 2 * pad)

    def to_px(p):
        return (pad + (p[0] - xmin_full) * k, pad + (ymax - p[1]) * k)  # SVG: y down

    arcs_raw = {i: [to_px(p) for p in arcs_xy[i]] for i in used_arcs}
    arcs_px = {i: simplify_arc(arcs_raw[i], args.tolerance) for i in used_arcs}

    # Resolve every feature to a target key.
    buckets: dict[str, list[list[list[int]]]] = {}  # key -> list of polygons (list of rings of refs)
    extras: dict[str, dict] = {}
    names: dict[str, str] = {}
    notes = []
    for g in kept:
        fid, nm = g.get("id"), g["properties"].get("name", "")
        polys = [g["arcs"]] if g["type"] == "Polygon" else list(g["arcs"])
        polys += [
            [[j]]
            for poly in list(polys)
            for ring in poly
            for a in ring
            for j in arc_extras.get(a if a >= 0 else ~a, [])
        ]
        c = pycountry.countries.get(numeric=fid) if fid else None
        if c is not None:
            key = c.alpha_2
            names.setdefault(key, NAME_OVERRIDES.get(key) or getattr(c, "common_name", None) or c.name)
            if key in buckets:
                notes.append(f"{nm} (id {fid}) merged into {key}")
            buckets.setdefault(key, []).extend(polys)
            continue
        rule = SPECIAL.get(nm)
        if rule is None:
            notes.append(f"{nm} (id {fid}) DROPPED: no ISO code and no rule")
            continue
        kind, val = rule
        if kind in ("code", "merge"):
            buckets.setdefault(val, []).extend(polys)
            notes.append(f"{nm} (id {fid}) -> {val} ({kind})")
        elif kind == "extra":
            extras.setdefault(val, {"name": nm, "polys": []})["polys"].extend(polys)
            notes.append(f"{nm} (id {fid}) -> extras[{val!r}] (non-interactive land)")
        elif kind == "split":
            for poly in polys:
                lon, lat = arcs_ll[poly[0][0] if poly[0][0] >= 0 else ~poly[0][0]][0]
                code = val(lon, lat)
                buckets.setdefault(code, []).append(poly)
            notes.append(f"{nm} (id {fid}) split by position into CX/CC")

    for key in buckets:
        if key not in names:
            c = pycountry.countries.get(alpha_2=key)
            names[key] = NAME_OVERRIDES.get(key) or (getattr(c, "common_name", None) or c.name if c else key)

    def rings_for(polys, key, arcs):
        refs = cancel_shared([a for poly in polys for ring in poly for a in ring])
        rings = rings_from_refs(refs, arcs)
        for r in rings:
            if r[0] != r[-1]:
                notes.append(f"WARNING {key}: ring did not close ({len(r)} points)")
        rings = [dedupe_rounded(r) for r in rings]
        return [r for r in rings if len(r) >= 3 and abs(ring_area(r)) > 0]

    def render(polys, key):
        rings = rings_for(polys, key, arcs_px)
        tiny = False
        if not rings or max(abs(ring_area(r)) for r in rings) < args.tiny_area:
            # Small country flattened by simplification: use the unsimplified outline.
            rings = rings_for(polys, key, arcs_raw) or rings
        if not rings or max(abs(ring_area(r)) for r in rings) < args.tiny_area:
            tiny = True
        if not rings:
            # Smaller than the 0.1-unit grid: a small diamond marks the spot.
            pts = [
                p
                for poly in polys
                for ring in poly
                for a in ring
                for p in (arcs_raw[a] if a >= 0 else arcs_raw[~a])
            ]
            cx = sum(p[0] for p in pts) / len(pts)
            cy = sum(p[1] for p in pts) / len(pts)
            d = 0.3
            rings = [dedupe_rounded([(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)])]
            notes.append(f"{key}: below map resolution, drawn as a {2 * d} unit diamond")
        areas = [abs(ring_area(r)) for r in rings]
        main = max(range(len(rings)), key=lambda i: areas[i])
        keep = [r for r, a in zip(rings, areas, strict=False) if a >= args.min_area or r is rings[main]]
        dropped = len(rings) - len(keep)
        bx = [ring_bbox(r) for r in keep]
        x0 = min(b[0] for b in bx)
        y0 = min(b[1] for b in bx)
        x1 = max(b[2] for b in bx)
        y1 = max(b[3] for b in bx)
        mb = ring_bbox(rings[main])
        lx, ly = label_point(rings[main])
        return {
            "path": "".join(ring_to_path(r) for r in keep),
            "box": [round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)],
            "mainBox": [round(mb[0], 1), round(mb[1], 1), round(mb[2] - mb[0], 1), round(mb[3] - mb[1], 1)],
            "label": [round(lx, 1), round(ly, 1)],
            **({"tiny": True} if tiny else {}),
        }, dropped

    countries = {}
    total_dropped = 0
    for key in sorted(buckets):
        entry, dropped = render(buckets[key], key)
        total_dropped += dropped
        countries[key] = {"name": names[key], **entry}
    extra_out = {}
    for key, ex in extras.items():
        res = render(ex["polys"], key)
        extra_out[key] = {"name": ex["name"], "path": res[0]["path"], "box": res[0]["box"]}

    # Outline of the projected world between the data's latitude limits (for an ocean fill).
    def inv_lat(y_target):
        lo, hi = -90.0, 90.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if proj(0, mid)[1] < y_target else (lo, mid)
        return (lo + hi) / 2

    lat_lo, lat_hi = inv_lat(ymin), inv_lat(ymax)
    edge = [(-180, lat_lo + (lat_hi - lat_lo) * t / 40) for t in range(41)]
    edge += [(180, lat) for _, lat in reversed(edge)]
    outline = ring_to_path(dedupe_rounded([to_px(proj(lon, lat)) for lon, lat in edge]))

    proj_name = {"naturalEarth1": "Natural Earth I", "equirectangular": "Equirectangular"}[args.projection]
    return (
        {
            "width": int(W),
            "height": H,
            "projection": proj_name,
            "source": (
                f"Natural Earth 4.1.0 Admin 0 countries 1:{args.scale[:-1]}m via {source} (public domain)"
            ),
            "fillRule": "oddeven",
            "latitudeRange": [round(lat_lo, 2), round(lat_hi, 2)],
            "outline": outline,
            "countries": countries,
            "extras": extra_out,
        },
        notes,
        total_dropped,
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="world-atlas-*.tgz (npm pack world-atlas) or countries-*.json")
    ap.add_argument("-o", "--output", default=DEFAULT_OUT)
    ap.add_argument(
        "--scale", default="50m", choices=["110m", "50m", "10m"], help="which file inside the tarball"
    )
    ap.add_argument("--projection", default="naturalEarth1", choices=sorted(PROJECTIONS))
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--padding", type=float, default=4.0)
    ap.add_argument(
        "--tolerance", type=float, default=0.2, help="Douglas-Peucker tolerance in output units (0 = off)"
    )
    ap.add_argument(
        "--min-area",
        type=float,
        default=0.5,
        help="drop islands smaller than this (output units^2), except a country's largest ring",
    )
    ap.add_argument(
        "--tiny-area",
        type=float,
        default=4.0,
        help='countries whose largest ring is smaller (units^2) get "tiny": true',
    )
    args = ap.parse_args(argv)

    data, notes, dropped = build(args)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    size = os.path.getsize(args.output)
    print(
        f"wrote {args.output}: {size / 1024:.0f} KiB, {data['width']}x{data['height']}, "
        f"{len(data['countries'])} countries, {len(data['extras'])} extras, "
        f"{dropped} islands below --min-area left out"
    )
    for n in notes:
        print("  note:", n)
    tiny = sorted(k for k, v in data["countries"].items() if v.get("tiny"))
    print(f"  tiny ({len(tiny)}):", " ".join(tiny))
    return 0


if __name__ == "__main__":
    sys.exit(main())
