"""Draw the map of the network's municipalities as SVG, at build time.

The page of the municipalities shows where they are on an outline of Italy
(``italy.json``, Natural Earth data prepared by ``prepare_outline.py``). Each
municipality is a link to its page, with its name as accessible name, in the
same alphabetical order as the list beside the map, so keyboard and screen
reader users get the same links in the same order as everyone else.

The map is plain SVG written into the page: no tiles, no requests to other
sites, no JavaScript, and no inline styles (the Content-Security-Policy forbids
them); the stylesheet colours it through classes. Templates use the filter
``network_map``, usually through the macro in components/network_map.html::

    {{ pages|selectattr("kind", "equalto", "municipality")|network_map("mappa-comuni-titolo") }}
"""

import json
import logging
import math
from functools import cache
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals

logger = logging.getLogger(__name__)

OUTLINE = Path(__file__).with_name("italy.json")
WIDTH = 400  # user units across the viewBox; the stylesheet decides the size on screen
MARGIN = 16  # keeps the points on the coast (Trieste, Taranto) whole
# At 320 px of screen the map is about 294 px wide, so one unit is ~0.73 px: the
# target (r 17) is a 25 px circle, the visible point (r 9) about 13 px across.
TARGET_RADIUS = 17
POINT_RADIUS = 9


@cache
def load_outline(path=OUTLINE):
    """Italy's polygons (lists of rings of [lon, lat]) from the GeoJSON Feature."""
    feature = json.loads(Path(path).read_text(encoding="utf-8"))
    return feature["geometry"]["coordinates"]


class Projection:
    """Equirectangular, with longitudes shrunk by the cosine of the central latitude.

    Good enough for a country the size of Italy; x grows eastwards, y southwards
    (SVG), and the box is fitted to the given points with a margin.
    """

    def __init__(self, points, width=WIDTH, margin=MARGIN):
        lons = [lon for lon, _ in points]
        lats = [lat for _, lat in points]
        self.west, self.north = min(lons), max(lats)
        self.shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.margin = margin
        self.scale = (width - 2 * margin) / ((max(lons) - self.west) * self.shrink)
        self.width = width
        self.height = round(2 * margin + (self.north - min(lats)) * self.scale, 1)

    def __call__(self, lon, lat):
        x = self.margin + (lon - self.west) * self.shrink * self.scale
        y = self.margin + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def number(value):
    """Shortest text for a coordinate: 12.0 → "12"."""
    return f"{value:g}"


def outline_path(polygons, project):
    """All rings as one path; holes (San Marino) come out with fill-rule evenodd."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(lon, lat) for lon, lat in ring]
            if points[0] == points[-1]:
                points = points[:-1]  # Z closes the ring
            head, *rest = points
            parts.append(
                f"M{number(head[0])} {number(head[1])}L"
                + " ".join(f"{number(x)} {number(y)}" for x, y in rest)
                + "Z"
            )
    return "".join(parts)


def spread(points, distance, rounds=50):
    """Points nudged apart until no two are closer than ``distance``.

    Napoli and Caserta are 25 km apart, less than one finger on a phone: without
    this, the later link would cover the earlier one. Each close pair is pushed
    apart symmetrically along the line joining them, a few rounds in a fixed
    order (the same output on every build). No point moves by more than its
    own width (Napoli and Caserta, about 30 km each): fine for a map of links.
    """
    points = [list(point) for point in points]
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(points):
            for b in points[i + 1:]:
                gap = math.dist(a, b)
                if gap >= distance - 0.01:
                    continue
                if gap == 0:
                    ux, uy = 0.0, 1.0  # same place: one above the other
                else:
                    ux, uy = (b[0] - a[0]) / gap, (b[1] - a[1]) / gap
                push = (distance - gap) / 2
                a[0], a[1] = a[0] - ux * push, a[1] - uy * push
                b[0], b[1] = b[0] + ux * push, b[1] + uy * push
                moved = True
        if not moved:
            break
    return [(round(x, 1), round(y, 1)) for x, y in points]


def map_svg(places, polygons, labelledby):
    """The SVG markup. ``places`` are (name, href, lon, lat), drawn and focused in this order."""
    points = [point for polygon in polygons for ring in polygon for point in ring]
    points += [(lon, lat) for _, _, lon, lat in places]
    project = Projection(points)
    lines = [
        f'<svg class="network-map__image" viewBox="0 0 {project.width} {number(project.height)}" '
        f'role="group" aria-labelledby="{escape(labelledby)}" xmlns="http://www.w3.org/2000/svg">',
        # The colours below are a fallback for the SVG without the stylesheet;
        # the classes' rules in style.css override them.
        f'<path class="network-map__land" aria-hidden="true" fill="#eef2f7" stroke="#6b7785" '
        f'fill-rule="evenodd" d="{outline_path(polygons, project)}"/>',
    ]
    # Targets just touch, never overlap: each tap or click reaches the point under it.
    positions = spread([project(lon, lat) for _, _, lon, lat in places], 2 * TARGET_RADIUS)
    for (name, href, _, _), (x, y) in zip(places, positions, strict=True):
        name = escape(name)
        # The transparent circle is the target for a finger; the smaller one is what shows.
        lines.append(
            f'<a class="network-map__link" href="{escape(href)}" aria-label="{name}">'
            f"<title>{name}</title>"
            f'<circle class="network-map__target" cx="{number(x)}" cy="{number(y)}" r="{TARGET_RADIUS}" '
            f'fill="transparent"/>'
            f'<circle class="network-map__point" cx="{number(x)}" cy="{number(y)}" r="{POINT_RADIUS}" '
            f'fill="#0b3d6e" stroke="#ffffff" stroke-width="2"/>'
            "</a>"
        )
    lines.append("</svg>")
    return "\n".join(lines)


def places_from_pages(pages, siteurl):
    """(name, href, lon, lat) of each page with coordinates, alphabetical like the list."""
    places = []
    for page in pages:
        try:
            lon, lat = float(page.lon), float(page.lat)
        except (AttributeError, TypeError, ValueError):
            logger.warning("network_map: %s non ha coordinate valide (Lat, Lon): non è sulla mappa",
                           page.source_path)
            continue
        places.append((page.title, f"{siteurl}/{page.url}", lon, lat))
    return sorted(places, key=lambda place: place[0].casefold())


@pass_context
def network_map(context, pages, labelledby):
    """Jinja filter: the map of ``pages`` (municipalities), named by the element ``labelledby``."""
    places = places_from_pages(pages, context.get("SITEURL", ""))
    return Markup(map_svg(places, load_outline(), labelledby))


def add_filter(pelican):
    pelican.settings.setdefault("JINJA_FILTERS", {})["network_map"] = network_map


def register():
    signals.initialized.connect(add_filter)
