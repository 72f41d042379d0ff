import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from network_map.network_map import (
    OUTLINE,
    TARGET_RADIUS,
    Projection,
    load_outline,
    map_svg,
    places_from_pages,
    spread,
)
from network_map.prepare_outline import decode_arcs, douglas_peucker, geometry_polygons, prepare, simplify_ring

SVG = "{http://www.w3.org/2000/svg}"
COMUNI = Path(__file__).parents[2] / "content" / "comuni"

# Two squares sharing an edge, quantized (scale 0.5, translate 10, 40) and delta-encoded.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 40]},
    "arcs": [
        [[2, 0], [0, 2]],  # shared edge (1, 0) → (1, 1)
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (1, 1) → (0, 1) → (0, 0) → (1, 0)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (1, 0) → (2, 0) → (2, 1) → (1, 1)
    ],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "MultiPolygon", "id": "380", "arcs": [[[0, 1]], [[2, -1]]]},
    ]}},
}


def test_topojson_arcs_are_delta_decoded_and_unquantized():
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [[11.0, 40.0], [11.0, 41.0]]
    assert arcs[1] == [[11.0, 41.0], [10.0, 41.0], [10.0, 40.0], [11.0, 40.0]]


def test_rings_join_arcs_and_reverse_negative_indexes():
    west, east = geometry_polygons(TOPOLOGY["objects"]["countries"]["geometries"][0], decode_arcs(TOPOLOGY))
    assert west == [[[11.0, 40.0], [11.0, 41.0], [10.0, 41.0], [10.0, 40.0], [11.0, 40.0]]]
    # ~0 is the shared edge backwards, (1, 1) → (1, 0): the ring closes on its start.
    assert east == [[[11.0, 40.0], [12.0, 40.0], [12.0, 41.0], [11.0, 41.0], [11.0, 40.0]]]


def test_prepare_keeps_the_polygons_above_the_area_threshold():
    assert len(prepare(TOPOLOGY, tolerance=0.01, min_area=0.5)) == 2
    assert prepare(TOPOLOGY, tolerance=0.01, min_area=2) == []


def test_douglas_peucker_drops_points_close_to_the_line():
    line = [(0, 0), (1, 0.01), (2, -0.01), (3, 2), (4, 0), (5, 0.02), (6, 0)]
    assert douglas_peucker(line, 0.1) == [(0, 0), (2, -0.01), (3, 2), (4, 0), (6, 0)]
    assert douglas_peucker(line, 5) == [(0, 0), (6, 0)]
    assert douglas_peucker(line, 0) == line


def test_simplified_ring_stays_closed():
    square = [[0, 0], [0.5, 0.001], [1, 0], [1, 1], [0, 1], [0, 0]]
    assert simplify_ring(square, 0.01) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_projection_keeps_north_up_and_east_right():
    project = Projection([point for polygon in load_outline() for ring in polygon for point in ring])
    milano, roma = project(9.19, 45.4642), project(12.4964, 41.9028)
    torino, trieste = project(7.6869, 45.0703), project(13.7768, 45.6495)
    assert milano[1] < roma[1]  # SVG y grows downwards
    assert torino[0] < trieste[0]
    assert 0 < torino[0] and trieste[0] < project.width


def test_projection_shrinks_longitudes_by_the_central_latitude():
    project = Projection([(0, 59), (2, 61)], width=100, margin=0)  # cos 60° = 0.5
    assert project(2, 61) == (100, 0)
    assert project.height == 200


def test_close_points_are_pushed_apart_around_their_midpoint():
    (ax, ay), (bx, by), far = spread([(100, 100), (100, 110), (300, 300)], 32)
    assert ax == bx == 100 and by - ay == 32 and (ay + by) / 2 == 105
    assert far == (300, 300)
    assert spread([(5, 5), (5, 5)], 10) == [(5, 0), (5, 10)]


def test_targets_of_the_real_municipalities_do_not_overlap():
    polygons = load_outline()
    places = [(name, f"/{name}/", lon, lat) for name, lat, lon in real_municipalities()]
    svg = ET.fromstring(map_svg(places, polygons, "x"))
    centres = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")
               if c.get("class") == "network-map__target"]
    assert len(centres) == len(places)
    for i, a in enumerate(centres):
        for b in centres[i + 1:]:
            assert math.dist(a, b) > 2 * TARGET_RADIUS - 0.2


PLACES = [
    ("Bolzano – Bozen", "/comuni/bolzano/", 11.3548, 46.4983),
    ("Roma", "/comuni/roma/", 12.4964, 41.9028),
    ("Palermo <&>", "/comuni/palermo/?a=1&b=2", 13.3615, 38.1157),
]


def test_svg_has_one_named_link_per_municipality():
    markup = map_svg(PLACES, load_outline(), "mappa-titolo")
    assert "style" not in markup  # the Content-Security-Policy forbids inline styles
    svg = ET.fromstring(markup)  # well-formed XML
    assert svg.get("role") == "group" and svg.get("aria-labelledby") == "mappa-titolo"
    links = svg.findall(f"{SVG}a")
    assert [link.get("href") for link in links] == [place[1] for place in PLACES]
    assert [link.get("aria-label") for link in links] == [place[0] for place in PLACES]
    assert [link.find(f"{SVG}title").text for link in links] == [place[0] for place in PLACES]
    assert all(len(link.findall(f"{SVG}circle")) == 2 for link in links)
    assert svg.find(f"{SVG}path").get("aria-hidden") == "true"


class FakePage:
    def __init__(self, title, slug, lat, lon):
        self.title, self.url, self.source_path = title, f"comuni/{slug}/", f"{slug}.md"
        if lat is not None:
            self.lat, self.lon = lat, lon


def test_pages_become_places_in_alphabetical_order(caplog):
    pages = [FakePage("Roma", "roma", "41.9", "12.5"), FakePage("bologna", "bologna", "44.5", "11.3"),
             FakePage("Senza", "senza", None, None)]
    places = places_from_pages(pages, "/sito")
    assert places == [("bologna", "/sito/comuni/bologna/", 11.3, 44.5), ("Roma", "/sito/comuni/roma/", 12.5, 41.9)]
    assert "senza.md" in caplog.text


def real_municipalities():
    for path in sorted(COMUNI.glob("*.md")):
        if "." in path.stem:
            continue  # a translation: the coordinates are in the Italian page
        text = path.read_text(encoding="utf-8")
        lat = re.search(r"^Lat:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE)
        lon = re.search(r"^Lon:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE)
        yield path.stem, float(lat[1]), float(lon[1])


def test_outline_file_is_small_and_covers_the_municipalities():
    assert OUTLINE.stat().st_size < 15_000
    points = [point for polygon in load_outline() for ring in polygon for point in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    municipalities = list(real_municipalities())
    if not municipalities:
        pytest.skip("no content/comuni in this checkout")
    assert len(municipalities) == 18
    for name, lat, lon in municipalities:
        assert min(lons) < lon < max(lons) and min(lats) < lat < max(lats), name
