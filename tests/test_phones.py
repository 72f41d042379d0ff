"""Phones first (issue 20): on a 320×640 screen, at the normal and the largest text size and
in every language, the first screen shows the page, not the header: the EU emblem and its
statement, the page's <h1> and, at the normal size, the start of its first paragraph; no
word of the header, a heading or «In breve» is split across two lines; few Tab stops come
before the content. `python -m tests.test_phones SITE` prints the figures for a built site."""

import sys

import pytest

from tests.browser import NARROW, launch, serve, set_text_size
from tests.test_build import catalogue_label
from tests.test_languages import language_of, translated_languages
from tests.test_text_size import SIZES, px, root_font_size

PHONE = {"width": NARROW, "height": 640}
LANGUAGE_PREFIXES = {"it": "", **{lang: f"{lang}/" for lang in translated_languages()}}
# Home, a municipality, a mini-project, the results and the search page in each language.
# News items are written in Italian only: every language's list gets the same one.
PAGES = ["", "comuni/latina/", "miniprogetti/shared-city/", "risultati/", "cerca/"]
NEWS_ITEM = "news/progetto-concluso/"
# The header may take at most this share of the first screen at the normal size (the
# Bootstrap Italia municipal header is about 180 px at 320 px).
MAX_HEADER_HEIGHT = 200


def pages_of(lang):
    return [LANGUAGE_PREFIXES[lang] + path for path in PAGES] + [NEWS_ITEM]


# Where the header ends and the page starts, and every word of the header, the headings and
# the first paragraph that the browser split across two lines. A word is a run of letters
# between spaces and hyphens (a line may end after a hyphen), and in Chinese, which may break a
# line between any two characters, each character (its punctuation separates words too); a Range over it has one client rectangle
# per line it is drawn on.
MEASURE = r"""() => {
  const top = el => el ? Math.round(el.getBoundingClientRect().top) : null;
  const main = document.querySelector("#contenuto");
  const h1 = main.querySelector("h1");
  const first = [...main.querySelectorAll(".in-brief p, .in-brief__text, .prose p, p")]
    .find(p => p.textContent.trim() && (h1.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING));
  const emblem = document.querySelector(".funding__emblem").getBoundingClientRect();
  const statement = document.querySelector(".funding__statement").getBoundingClientRect();
  const split = [];
  const scope = [".site-header", "h1", "h2", "h3", ".in-brief"];
  for (const container of document.querySelectorAll(scope.join(","))) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.getClientRects().length) continue;  // not rendered (folded, hidden)
      if (node.parentElement.closest(".visually-hidden")) continue;
      for (const match of node.data.matchAll(/\p{Script=Han}|[^\s\-‐–—\/\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return {
    header: Math.round(document.querySelector(".site-header").getBoundingClientRect().height),
    h1: top(h1), paragraph: top(first), emblem: [Math.round(emblem.top), Math.round(emblem.bottom), Math.round(emblem.height)],
    statementBottom: Math.round(statement.bottom), scrolled: window.scrollY,
    screen: document.documentElement.clientHeight, split: [...new Set(split)],
  };
}"""

# Tab from the top of the page until focus is inside <main>: the stops on the way.
TAB_STOPS_BEFORE_CONTENT = 60


def tab_stops_before_content(page):
    stops = []
    for _ in range(TAB_STOPS_BEFORE_CONTENT):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const el = document.activeElement;
          return {inside: !!el.closest('#contenuto'), text: (el.textContent || el.getAttribute('aria-label')
            || el.name || el.tagName).trim().replace(/\\s+/g, ' ').slice(0, 30)}; }""")
        if focused["inside"]:
            return stops
        stops.append(focused["text"])
    raise AssertionError(f"no content after {TAB_STOPS_BEFORE_CONTENT} Tab stops: {stops}")


def measure(browser, base_url, percent, langs=LANGUAGE_PREFIXES):
    """{lang: {path: figures}} at 320×640 and ``percent`` text size, one context for all."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(base_url + "404.html")
        set_text_size(page, percent)
        figures = {}
        for lang in langs:
            for path in pages_of(lang):
                page.goto(base_url + path)
                assert root_font_size(page) == px(percent), f"{percent}% text size not applied on /{path}"
                figures.setdefault(lang, {})[path] = page.evaluate(MEASURE)
        return figures
    finally:
        context.close()


@pytest.fixture(scope="module")
def normal(browser, base_url):
    return measure(browser, base_url, SIZES[0])


@pytest.fixture(scope="module")
def largest(browser, base_url):
    return measure(browser, base_url, SIZES[-1])


def report(figures, percent):
    for lang, pages in figures.items():
        for path, shown in pages.items():
            print(f"{percent}% {lang} /{path}: header {shown['header']}px, h1 at {shown['h1']}px, "
                  f"paragraph at {shown['paragraph']}px, emblem {shown['emblem']}, split {shown['split']}")


def test_first_screen_shows_emblem_h1_and_first_paragraph_at_normal_size(normal):
    report(normal, SIZES[0])
    problems = []
    for lang, pages in normal.items():
        for path, shown in pages.items():
            where = f"{lang} /{path}: {shown}"
            if shown["header"] > MAX_HEADER_HEIGHT:
                problems.append(f"header {shown['header']}px > {MAX_HEADER_HEIGHT}px on {where}")
            if shown["statementBottom"] > shown["screen"] or shown["emblem"][0] < 0:
                problems.append(f"EU emblem or statement outside the first screen on {where}")
            # The <h1> and at least two lines of the paragraph after it.
            if shown["paragraph"] is None or shown["paragraph"] + 60 > shown["screen"]:
                problems.append(f"first paragraph not started in the first screen on {where}")
    assert problems == [], "\n".join(problems)


def test_first_screen_shows_emblem_and_h1_at_largest_size(largest):
    report(largest, SIZES[-1])
    problems = []
    for lang, pages in largest.items():
        for path, shown in pages.items():
            where = f"{lang} /{path}: {shown}"
            if shown["statementBottom"] > shown["screen"] or shown["emblem"][0] < 0:
                problems.append(f"EU emblem or statement outside the first screen on {where}")
            if shown["h1"] + 40 > shown["screen"]:  # at least the top of the title's first line
                problems.append(f"<h1> not in the first screen on {where}")
    assert problems == [], "\n".join(problems)


def test_emblem_never_smaller_than_the_eu_minimum(normal, largest):
    """The EU's graphic guide asks for an emblem at least 1 cm high (about 38 CSS px)."""
    heights = {shown["emblem"][2] for figures in (normal, largest) for pages in figures.values()
               for shown in pages.values()}
    assert min(heights) >= 38, heights


@pytest.mark.parametrize("size", ["normal", "largest"])
def test_no_word_is_split_across_lines(request, size):
    figures = request.getfixturevalue(size)
    split = [f"{lang} /{path}: {shown['split']}" for lang, pages in figures.items()
             for path, shown in pages.items() if shown["split"]]
    assert split == [], "words split across two lines:\n" + "\n".join(split)


@pytest.mark.parametrize("lang", LANGUAGE_PREFIXES)
def test_skip_link_first_and_few_tab_stops_before_the_content(browser, base_url, lang):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        counts = {}
        for path in pages_of(lang):
            page.goto(base_url + path)
            stops = tab_stops_before_content(page)
            assert stops[0] == catalogue_label(language_of(path), "Vai al contenuto"), stops
            counts[path] = len(stops)
            assert len(stops) <= 8, f"/{path}: {len(stops)} Tab stops before the content: {stops}"
        print(lang, "Tab stops before the content at 320 px:", counts)
    finally:
        context.close()


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright
    from pathlib import Path

    with serve(Path(sys.argv[1])) as url, sync_playwright() as playwright:
        chromium = launch(playwright)
        for percent in (SIZES[0], SIZES[-1]):
            report(measure(chromium, url, percent), percent)
        context = chromium.new_context(viewport=PHONE)
        page = context.new_page()
        for lang in LANGUAGE_PREFIXES:
            for path in pages_of(lang):
                page.goto(url + path)
                stops = tab_stops_before_content(page)
                print(f"tab {lang} /{path}: {len(stops)} {stops}")
        chromium.close()
