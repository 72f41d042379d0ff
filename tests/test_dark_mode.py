"""The dark palette (prefers-color-scheme: dark) keeps the map and the results chart readable,
as the light one does: marks 3:1 against what surrounds them (WCAG 1.4.11), labels 4.5:1.
Text contrast on every page: tests/test_every_page.py; focus: tests/test_keyboard.py."""

import pytest

from tests.test_keyboard import contrast

COLOURS = """selectors => Object.fromEntries(Object.entries(selectors).map(([name, [selector, property]]) =>
  [name, getComputedStyle(document.querySelector(selector))[property]]))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_and_chart_stay_readable(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "comuni/")
    map_colours = page.evaluate(COLOURS, {
        "page": ["body", "backgroundColor"], "land": [".network-map__land", "fill"],
        "point": [".network-map__point", "fill"], "caption": [".network-map__note", "color"]})
    page.goto(base_url + "risultati/")
    chart = page.evaluate(COLOURS, {
        "page": ["body", "backgroundColor"], "bar": [".chart__bar", "fill"],
        "label": [".chart__label", "color"], "value": [".chart__value", "color"]})
    assert contrast(map_colours["point"], map_colours["land"]) >= 3, map_colours
    assert contrast(map_colours["point"], map_colours["page"]) >= 3, map_colours
    assert contrast(map_colours["caption"], map_colours["page"]) >= 4.5, map_colours
    assert contrast(chart["bar"], chart["page"]) >= 3, chart
    assert min(contrast(chart[text], chart["page"]) for text in ("label", "value")) >= 4.5, chart
    dark_page = contrast(map_colours["page"], "rgb(0, 0, 0)") < 2
    assert dark_page == (scheme == "dark"), map_colours  # the palette really changed
