import math
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from funding.emblem import EMBLEM_FILE, emblem_svg
from funding.funding import FundingLogoError, funding_logos

SVG = "{http://www.w3.org/2000/svg}"


def test_the_emblem_file_is_the_one_the_module_draws():
    assert EMBLEM_FILE.read_text(encoding="utf-8") == emblem_svg(), "run python plugins/funding/emblem.py"


def test_the_emblem_follows_the_official_construction():
    """Measured on the file itself: 3:2, white border of 1/25, twelve stars of radius 1/18,
    one point up, at the hours of a clock on a circle of radius 1/3 of the height."""
    root = ET.parse(EMBLEM_FILE).getroot()
    assert {child.tag for child in root} == {f"{SVG}rect", f"{SVG}polygon"}, "nothing else is drawn"
    _, _, total_width, total_height = map(float, root.get("viewBox").split())
    border, flag = root.findall(f"{SVG}rect")
    assert (float(border.get("width")), float(border.get("height"))) == (total_width, total_height)
    assert border.get("fill").upper() == "#FFFFFF"
    x, y, width, height = (float(flag.get(name, 0)) for name in ("x", "y", "width", "height"))
    assert flag.get("fill").upper() == "#003399"
    assert width / height == 1.5
    assert x == y == pytest.approx(height / 25)
    assert (total_width, total_height) == (width + 2 * x, height + 2 * y)
    centre_x, centre_y = x + width / 2, y + height / 2
    hours = []
    stars = root.findall(f"{SVG}polygon")
    assert len(stars) == 12
    for star in stars:
        assert star.get("fill").upper() == "#FFCC00"
        corners = [tuple(map(float, pair.split(","))) for pair in star.get("points").split()]
        assert len(corners) == 10, "five points, five inner corners"
        points, inner = corners[::2], corners[1::2]
        star_x, star_y = (sum(c) / 5 for c in zip(*points, strict=True))
        assert [math.dist((star_x, star_y), p) for p in points] == pytest.approx([height / 18] * 5, abs=0.01)
        inner_radii = [math.dist((star_x, star_y), p) for p in inner]
        assert inner_radii == pytest.approx([inner_radii[0]] * 5, abs=0.01) and inner_radii[0] < height / 18
        top = min(points, key=lambda p: p[1])
        assert top[0] == pytest.approx(star_x, abs=0.01), "one point straight up"
        assert math.dist((star_x, star_y), (centre_x, centre_y)) == pytest.approx(height / 3, abs=0.01)
        hours.append(math.degrees(math.atan2(star_x - centre_x, centre_y - star_y)) % 360 / 30)
    assert sorted(hours) == pytest.approx(list(range(12)), abs=0.001)


@pytest.fixture
def content(tmp_path):
    (tmp_path / "extra").mkdir()
    Image.new("RGB", (300, 100), "white").save(tmp_path / "extra" / "ente.png")
    (tmp_path / "extra" / "ente.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 100"/>', encoding="utf-8")
    (tmp_path / "extra" / "rotto.png").write_bytes(b"not an image")
    return tmp_path


def test_no_logo_is_configured_by_default(content):
    assert funding_logos({"PATH": str(content)}) == []


def test_logos_get_their_width_from_the_image(content):
    settings = {"PATH": str(content), "FUNDING_LOGOS": [
        {"file": "extra/ente.png", "alt": "Ente", "height": 40},
        {"file": "extra/ente.svg", "alt": "Altro ente", "height": 40},
    ]}
    assert funding_logos(settings) == [
        {"src": "extra/ente.png", "alt": "Ente", "height": 40, "width": 120},
        {"src": "extra/ente.svg", "alt": "Altro ente", "height": 40, "width": 20},
    ]


def test_every_wrong_entry_is_reported_in_italian(content):
    settings = {"PATH": str(content), "FUNDING_LOGOS": [
        {"file": "extra/manca.png", "alt": "Ente", "height": 40},
        {"file": "extra/rotto.png", "alt": " ", "height": "40px"},
        {"file": "extra/ente.png"},
    ]}
    with pytest.raises(FundingLogoError) as error:
        funding_logos(settings)
    lines = str(error.value.code).splitlines()
    assert len(lines) == 5, lines
    assert lines[0].startswith("pelicanconf.py: FUNDING_LOGOS, logo 1: file: il file «") and "non esiste" in lines[0]
    assert "logo 2: file:" in lines[1] and "non è un'immagine leggibile" in lines[1]
    assert "logo 2: alt:" in lines[2] and "logo 2: height:" in lines[3]
    assert "logo 3: scrivete i campi file, alt e height" in lines[4]
