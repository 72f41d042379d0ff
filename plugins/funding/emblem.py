"""The EU emblem, drawn to its official construction (graphic guide of the EU Publications Office).

A blue rectangle of 3:2; twelve yellow five-pointed stars, one point up, at the hours of a
clock face on an invisible circle whose radius is a third of the height; each star inscribed
in a circle whose radius is an eighteenth of the height; around it a white border of a
twenty-fifth of the height, which the rules ask for on coloured backgrounds and which we
keep everywhere (the header is dark in dark mode).

``python plugins/funding/emblem.py`` rewrites theme/static/images/eu-emblem.svg; a test
checks that the file is what this module draws.
"""

import math
from pathlib import Path

REFLEX_BLUE = "#003399"
YELLOW = "#FFCC00"
WHITE = "#FFFFFF"
# Divisible by 3, 18 and 25, so every length of the construction is a whole number.
HEIGHT = 450
BORDER = HEIGHT // 25
STAR_CIRCLE = HEIGHT // 3
STAR_RADIUS = HEIGHT // 18
# Inner corners of a regular five-pointed star: outer radius × (3 − √5) / 2.
STAR_INNER_RATIO = (3 - math.sqrt(5)) / 2
EMBLEM_FILE = Path(__file__).resolve().parents[2] / "theme" / "static" / "images" / "eu-emblem.svg"


def star_points(cx, cy):
    """The ten corners of a star centred on (cx, cy), starting with the point straight up."""
    points = []
    for corner in range(10):
        radius = STAR_RADIUS if corner % 2 == 0 else STAR_RADIUS * STAR_INNER_RATIO
        angle = math.radians(corner * 36)  # from the top, clockwise
        points.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    return points


def emblem_shapes():
    """(total width, total height, rectangles, stars): the border and the flag as
    (x, y, width, height, colour), the stars as lists of corners; drawn as SVG here and as
    pixels in the share images (plugins/share_images)."""
    width, height = HEIGHT * 3 // 2, HEIGHT
    total_width, total_height = width + 2 * BORDER, height + 2 * BORDER
    cx, cy = BORDER + width / 2, BORDER + height / 2
    rectangles = [(0, 0, total_width, total_height, WHITE), (BORDER, BORDER, width, height, REFLEX_BLUE)]
    stars = []
    for hour in range(12):
        angle = math.radians(hour * 30)
        stars.append(star_points(cx + STAR_CIRCLE * math.sin(angle), cy - STAR_CIRCLE * math.cos(angle)))
    return total_width, total_height, rectangles, stars


def emblem_svg():
    total_width, total_height, rectangles, stars = emblem_shapes()
    (_, _, _, _, border_colour), (x, y, width, height, flag_colour) = rectangles
    polygons = [f'<polygon fill="{YELLOW}" points="' + " ".join(f"{px:.3f},{py:.3f}" for px, py in points) + '"/>'
                for points in stars]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_width} {total_height}" '
            f'width="{total_width}" height="{total_height}">\n'
            f'<rect width="{total_width}" height="{total_height}" fill="{border_colour}"/>\n'
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{flag_colour}"/>\n'
            + "\n".join(polygons) + "\n</svg>\n")


if __name__ == "__main__":
    EMBLEM_FILE.write_text(emblem_svg(), encoding="utf-8")
    print(f"written {EMBLEM_FILE}")
