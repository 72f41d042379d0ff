"""Make ``italy.json``, the outline of Italy drawn under the network map.

The source is Natural Earth's 1:50m Admin 0 countries (public domain) as the
TopoJSON file ``countries-50m.json`` of the npm package world-atlas 2.0.2. The
site needs only Italy and far less detail than that, so this script decodes the
topology (a few lines, rather than a new dependency), keeps Italy's mainland and
its larger islands, simplifies them with Douglas–Peucker and rounds them. The
output is a small GeoJSON Feature, the same bytes on every run, so it can be
committed and regenerated without noise in the diff. See DATA.md.

Usage::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python plugins/network_map/prepare_outline.py /tmp/package/countries-50m.json
"""

import argparse
import json
import math
from pathlib import Path

ITALY_ID = "380"  # ISO 3166-1 numeric, the feature id in world-atlas
TOLERANCE = 0.02  # degrees (about 2 km): invisible on a map a few hundred pixels wide
MIN_AREA = 0.004  # square degrees (about 40 km²): Elba, Ischia and Pantelleria stay, islets go
DECIMALS = 3  # about 100 m, far below one pixel
OUTPUT = Path(__file__).with_name("italy.json")
SOURCE = "Natural Earth 1:50m Admin 0 – Countries, via the npm package world-atlas 2.0.2 (countries-50m.json)"


def decode_arcs(topology):
    """The arcs as lists of [lon, lat]: undo the delta encoding, then the quantization."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([list(point[:2]) for point in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for point in arc:
            x += point[0]
            y += point[1]
            points.append([x * kx + dx, y * ky + dy])
        arcs.append(points)
    return arcs


def ring_from_arcs(indexes, arcs):
    """Join arcs into one ring; ``~i`` (a negative index) is arc ``i`` backwards."""
    ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their end point: keep it once.
        ring.extend(points if not ring else points[1:])
    return ring


def geometry_polygons(geometry, arcs):
    """A Polygon or MultiPolygon geometry as a list of polygons (lists of rings)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"geometria non gestita: {geometry['type']}")
    return [[ring_from_arcs(ring, arcs) for ring in polygon] for polygon in polygons]


def find_geometry(topology, object_name, feature_id):
    for geometry in topology["objects"][object_name]["geometries"]:
        if str(geometry.get("id")) == feature_id:
            return geometry
    raise KeyError(f"nessun elemento con id {feature_id} in {object_name}")


def ring_area(ring):
    """Area enclosed by the ring, in square degrees (shoelace formula, unsigned)."""
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def point_segment_distance(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(line, tolerance):
    """The line with every point closer than ``tolerance`` to the simplified line removed.

    Iterative (a stack of spans) so a long coastline cannot hit the recursion limit.
    """
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = point_segment_distance(line[index], line[first], line[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def simplify_ring(ring, tolerance):
    """A closed ring simplified: split at the point farthest from the start, since
    Douglas–Peucker needs two distinct end points."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 3:
        return []
    split = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    first = douglas_peucker(ring[: split + 1], tolerance)
    second = douglas_peucker(ring[split:] + ring[:1], tolerance)
    return first + second[1:]  # closed: ends on ring[0]


def rounded(ring, decimals):
    """Coordinates rounded; points that rounding makes equal are kept once."""
    result = []
    for x, y in ring:
        point = [round(x, decimals), round(y, decimals)]
        if not result or point != result[-1]:
            result.append(point)
    return result


def prepare(topology, tolerance=TOLERANCE, min_area=MIN_AREA, decimals=DECIMALS):
    """Italy's polygons above ``min_area``, simplified and rounded, largest first."""
    arcs = decode_arcs(topology)
    polygons = geometry_polygons(find_geometry(topology, "countries", ITALY_ID), arcs)
    result = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            if ring_area(ring) < min_area:
                continue  # an islet, or a hole too small to see (Vatican City)
            simple = rounded(simplify_ring(ring, tolerance), decimals)
            if len(simple) >= 4:
                rings.append(simple)
        # A polygon whose outer ring went keeps none of its holes.
        if rings and ring_area(polygon[0]) >= min_area:
            result.append(rings)
    result.sort(key=lambda rings: -ring_area(rings[0]))
    return result


def as_geojson(polygons):
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Italia",
            "source": SOURCE,
            "licence": "public domain (Natural Earth); package world-atlas: ISC",
            "processing": "see DATA.md",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }
    # One ring per line: small, and a regenerated file gives a readable diff.
    text = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
    return text.replace("],[[[", "],\n[[[").replace("]],[[", "]],\n[[") + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="countries-50m.json of world-atlas 2.0.2")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="degrees")
    parser.add_argument("--min-area", type=float, default=MIN_AREA, help="square degrees")
    args = parser.parse_args(argv)
    topology = json.loads(args.source.read_text(encoding="utf-8"))
    polygons = prepare(topology, args.tolerance, args.min_area)
    args.output.write_text(as_geojson(polygons), encoding="utf-8")
    points = sum(len(ring) for polygon in polygons for ring in polygon)
    print(f"{args.output}: {len(polygons)} poligoni, {points} punti, {args.output.stat().st_size} byte")


if __name__ == "__main__":
    main()
