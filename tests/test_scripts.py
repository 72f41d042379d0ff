"""The scripts of the six languages added for issue 22, on a scratch copy with a few fixture pages.

Gurmukhi (pa), Bengali (bn), Urdu in Nastaliq, right to left (ur), Cyrillic (uk), Albanian's
Latin (sq) and Chinese without spaces between words (zh-Hans): each language gets its home,
search and Latina pages (short fixture sentences, not the site's content, which has its own
files), so that search, the ten-language switcher on a phone and the right-to-left layout are
tested before and regardless of the translations. Screenshots of the homes at 320 px go to
the test's folder (printed) to look for missing glyphs: the pages name system fonts only
(fonts-noto-core and fonts-noto-cjk on the test machines).
"""

import shutil

import pytest

from tests.browser import NARROW, serve
from tests.conftest import ROOT, build_site
from tests.test_search import results

# language: (the word searched for, a sentence on Latina that holds it, Latina's name)
FIXTURES = {
    "pa": ("ਸ਼ਹਿਰ", "ਲਾਤੀਨਾ ਨੈੱਟਵਰਕ ਦਾ ਇੱਕ ਸ਼ਹਿਰ ਹੈ।", "ਲਾਤੀਨਾ"),
    "bn": ("শহর", "লাতিনা নেটওয়ার্কের একটি শহর।", "লাতিনা"),
    "ur": ("شہر", "لاطینا نیٹ ورک کا ایک شہر ہے۔", "لاطینا"),
    "uk": ("місто", "Латина — місто мережі.", "Латина"),
    "sq": ("qytet", "Latina është një qytet i rrjetit.", "Latina"),
    # No spaces: Pagefind's extended build must find the word inside the sentence.
    "zh-Hans": ("城市", "拉蒂纳是网络中的一个城市。", "拉蒂纳"),
}


def fixture_files(lang, word, sentence, name):
    return {
        "pages/home": f"Title: LGNetEA\nSummary: {sentence}\n\n{sentence}\n",
        "pages/cerca": f"Title: {word}?\nSummary: {sentence}\n\n{sentence}\n",
        "comuni/latina": f"Title: {name}\nSummary: {sentence}\n\n{sentence}\n",
    }


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("scripts")
    shutil.copytree(ROOT / "content", root / "content")
    for lang, (word, sentence, name) in FIXTURES.items():
        for path, text in fixture_files(lang, word, sentence, name).items():
            (root / "content" / f"{path}.{lang}.md").write_text(text, encoding="utf-8")
    output = root / "output"
    result = build_site(output, content=root / "content")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(output) as url:
        yield {"output": output, "url": url, "root": root}


@pytest.mark.parametrize("lang", FIXTURES)
def test_each_script_is_found_by_the_search_in_its_language(page, scripts_site, lang):
    # Latina's name, in its script: the word of the sentence is on many of the real pages too,
    # more than one page of results; the name finds the fixture's Latina page first.
    name = FIXTURES[lang][2]
    found = results(page, scripts_site["url"], f"{lang}/cerca/", name)
    assert f"/{lang}/comuni/latina/" in found, found


def test_the_ten_language_switcher_fits_a_phone(browser, scripts_site):
    context = browser.new_context(viewport={"width": NARROW, "height": 640})
    page = context.new_page()
    try:
        for lang in ("ur", "zh-Hans", "pa"):
            page.goto(f"{scripts_site['url']}{lang}/")
            switcher = page.locator(".language-switcher__link")
            assert switcher.count() == 1 + len(FIXTURES) + 3  # Italian, the six, English, French, Arabic
            assert not switcher.first.is_visible(), "folded behind the languages button on a phone"
            page.locator(".fold--language > summary").click()
            boxes = [switcher.nth(index).bounding_box() for index in range(switcher.count())]
            assert all(box["x"] >= 0 and box["x"] + box["width"] <= NARROW for box in boxes), lang
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW, lang
            rows = len({round(box["y"]) for box in boxes})
            print(f"{lang}: ten languages in {rows} rows, {max(b['y'] + b['height'] for b in boxes):.0f} px down")
            # Each name in its own language and direction, whatever the page's.
            for index in range(switcher.count()):
                link = switcher.nth(index)
                assert link.get_attribute("lang") and link.get_attribute("dir") in ("ltr", "rtl")
            path = scripts_site["root"] / f"home-{lang}-320.png"
            page.screenshot(path=str(path), full_page=False)
            print("screenshot:", path)
    finally:
        context.close()


def test_urdu_is_right_to_left_with_its_numbers_left_to_right(browser, scripts_site):
    context = browser.new_context(viewport={"width": NARROW, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{scripts_site['url']}ur/comuni/latina/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        name = page.locator(".site-header__name").bounding_box()
        assert name["x"] + name["width"] / 2 > NARROW / 2, "the site's name sits on the right"
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW
        family = page.evaluate("getComputedStyle(document.querySelector('main')).fontFamily")
        assert family.startswith('"Noto Nastaliq Urdu"'), family
        page.goto(f"{scripts_site['url']}ur/")
        page.screenshot(path=str(scripts_site["root"] / "home-ur-320-full.png"), full_page=True)
    finally:
        context.close()
