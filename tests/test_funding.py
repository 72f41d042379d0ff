"""The EU funding block (issue 11): emblem and statement in the page's language on every
page, inside the first screenful at every width, direction and text size, configured
logos never higher than the emblem. The emblem's geometry: plugins/funding."""

import json
import shutil

import pytest
from PIL import Image

from tests.browser import NARROW, WIDE, serve, set_text_size
from tests.conftest import ROOT, build_site
from tests.html import read
from tests.test_build import catalogue_label
from tests.test_languages import language_of
from tests.test_text_size import SIZES, px, root_font_size

STATEMENT = "Cofinanziato dall'Unione europea"
FUND = "FAMI – Misure emergenziali"
EMBLEM_NAME = "Emblema dell'Unione europea"
# Representative pages: the header is the same everywhere but for the search field and
# the current menu item; the Arabic ones are laid out right to left.
FIRST_VIEWPORT_PAGES = ["", "comuni/latina/", "cerca/", "ar/", "ar/comuni/latina/"]
VIEWPORTS = {"phone": (NARROW, 640), "desktop": (WIDE, 800)}

# Boxes of the emblem and the statement, and what the first screenful is.
MEASURE = """() => {
  const box = selector => { const r = document.querySelector(selector).getBoundingClientRect();
                            return [r.left, r.top, r.right, r.bottom]; };
  const emblem = document.querySelector(".funding__emblem");
  return {emblem: box(".funding__emblem"), statement: box(".funding__statement"),
          loaded: emblem.complete && emblem.naturalWidth > 0, scrolled: window.scrollY,
          width: document.documentElement.clientWidth, height: document.documentElement.clientHeight};
}"""


def test_every_page_has_the_emblem_and_the_statement_in_its_language(site, html_pages):
    emblem_source = (ROOT / "theme" / "static" / "images" / "eu-emblem.svg").read_bytes()
    for path in html_pages:
        lang = language_of(path)
        document = read(site, path)
        emblems = document.find_all("img", class_="funding__emblem")
        assert len(emblems) == 1, path
        emblem = emblems[0]
        assert any(up["tag"] == "header" for up in emblem["ancestors"]), path
        assert emblem["attrs"]["alt"] == catalogue_label(lang, EMBLEM_NAME), path
        assert (site / emblem["attrs"]["src"].lstrip("/")).read_bytes() == emblem_source, "emblem altered"
        statement = document.text_of("p", class_="funding__statement")
        expected = f"{catalogue_label(lang, STATEMENT)} {catalogue_label(lang, FUND)}"
        assert statement == expected, (path, statement)
        # Said once: the footer names the fund in full, it does not repeat the statement.
        assert document.text_of("body").count(catalogue_label(lang, STATEMENT)) == 1, path


def test_the_statement_in_every_language():
    assert [catalogue_label(lang, STATEMENT) for lang in ("it", "en", "fr", "ar")] == [
        "Cofinanziato dall'Unione europea", "Co-funded by the European Union",
        "Cofinancé par l'Union européenne", "بتمويل مشترك من الاتحاد الأوروبي"]


@pytest.mark.parametrize("scheme, colour", [("light", "rgb(0, 51, 153)"), ("dark", "rgb(255, 255, 255)")])
def test_statement_in_an_allowed_font_and_colour_beside_an_untouched_emblem(page, base_url, scheme, colour):
    """Verdana/Tahoma/Arial, upright, Reflex Blue (white in the dark palette); the emblem
    is shown as drawn in both palettes: no filter, blend or transparency."""
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url)
    style = page.locator(".funding__statement").evaluate(
        "el => { const s = getComputedStyle(el); return [s.fontFamily, s.fontStyle, s.color]; }")
    assert style == ["Verdana, Tahoma, Arial, sans-serif", "normal", colour]
    emblem = page.locator(".funding__emblem").evaluate(
        "el => { const s = getComputedStyle(el); return [s.filter, s.mixBlendMode, s.opacity]; }")
    assert emblem == ["none", "normal", "1"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_emblem_and_statement_show_without_scrolling(browser, base_url, viewport):
    """At 320×640 and 1280×800, left to right and right to left, at every text size."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(base_url + "404.html")
        outside, lowest = [], 0
        for percent in SIZES:
            set_text_size(page, percent)
            for path in FIRST_VIEWPORT_PAGES:
                page.goto(base_url + path)
                assert root_font_size(page) == px(percent), f"{percent}% text size not applied on /{path}"
                shown = page.evaluate(MEASURE)
                assert shown["loaded"] and shown["scrolled"] == 0, (path, shown)
                for name in ("emblem", "statement"):
                    left, top, right, bottom = shown[name]
                    lowest = max(lowest, bottom)
                    if left < 0 or top < 0 or right > shown["width"] or bottom > shown["height"] or right <= left:
                        outside.append(f"/{path} at {percent}%: {name} at {shown[name]}")
    finally:
        context.close()
    print(f"{width}×{height}: funding block ends at most {lowest:.0f}px from the top "
          f"({len(SIZES) * len(FIRST_VIEWPORT_PAGES)} page views)")
    assert outside == []


@pytest.fixture(scope="module")
def site_with_logos(tmp_path_factory):
    """The test site with two sample logos: one configured higher than the emblem, one lower."""
    folder = tmp_path_factory.mktemp("logos")
    content = folder / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    (content / "extra" / "loghi").mkdir(parents=True)
    Image.new("RGB", (400, 200), "#777777").save(content / "extra" / "loghi" / "alto.png")
    Image.new("RGB", (300, 100), "#555555").save(content / "extra" / "loghi" / "basso.png")
    logos = [{"file": "extra/loghi/alto.png", "alt": 'Logo «alto» "di" prova', "height": 200},
             {"file": "extra/loghi/basso.png", "alt": "Logo basso di prova", "height": 30}]
    result = build_site(folder / "site", "-e", "FUNDING_LOGOS=" + json.dumps(logos), content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_configured_logos_follow_the_emblem_and_are_never_higher(browser, site_with_logos, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        with serve(site_with_logos) as url:
            page = context.new_page()
            page.goto(url)
            for percent in (SIZES[0], SIZES[-1]):
                set_text_size(page, percent)
                page.goto(url)
                images = page.locator(".funding img").evaluate_all(
                    "imgs => imgs.map(i => [i.alt, i.naturalWidth, i.getBoundingClientRect().height])")
                (emblem, *logos) = images
                assert emblem[0] == EMBLEM_NAME
                assert [logo[0] for logo in logos] == ['Logo «alto» "di" prova', "Logo basso di prova"]
                assert all(logo[1] > 0 and logo[2] > 0 for logo in logos), images  # loaded and shown
                assert all(emblem[2] >= logo[2] for logo in logos), (percent, images)
    finally:
        context.close()
