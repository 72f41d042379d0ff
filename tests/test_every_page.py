"""Every page in Chromium, each loaded once, through nginx with the production rules
(deploy/lgnetea-site.conf, tests/test_nginx.py), and checked on that one load:

- policy: nothing blocked by the Content-Security-Policy, no request to another host, none
  that fails, no console error or script error; the favicon it links loads;
- axe-core: no WCAG 2.0/2.1/2.2 A or AA violation, in the light palette at normal text size
  (colour contrast: on the sample only, below);
- reflow (WCAG 1.4.10): at the largest text size and 320 CSS px wide nothing scrolls sideways.

And, on the same load, on the pages of the sample (`sample_pages`): axe-core again at the
largest text size (1280 px wide) and in the dark palette at normal size. The palette only
redefines colour properties and the text size only the root font size: what they can break
depends on which elements a page has (template, component, content element, language and
direction), not on its words, so the sample holds every kind of page in every language and
every kind of element of every language. Words do matter for reflow (a long line of code
at 320 px), which runs on every page; and a fault in one page's own content is caught by
the normal-size run on every page (test_a_violation_in_any_page_content_is_caught).
Colour contrast is the same kind of check: content cannot choose a colour (the sanitiser
keeps no style attribute and only the theme's own classes), so the contrast of a page
depends on its kinds of element, and axe's colour-contrast rule, two thirds of an axe run,
runs on the sample only, at each size and palette.

A new load per check and per pass cost about 6 loads and 3 axe runs per page: at
~380 pages (10 languages) that alone was over the 3 minutes of the whole suite
(docs/sviluppo.md, «Tests»).
"""

import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import axe_playwright_python
import pytest

from tests.browser import NARROW, WIDE, record_failed_requests
from tests.test_nginx import RECORD_VIOLATIONS
from tests.test_text_size import SIZES, px

# axe-core as axe-playwright-python ships it, run in every page before its own scripts
# (sent to the browser once per context instead of once per page and pass).
AXE_SOURCE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Only the violations come back, each with its first elements: axe's full results (every
# pass and inapplicable rule, with node details) cost more to send than the run itself.
# `within`: a selector, to check one component only (the editor's widgets).
# `rules`: axe's per-rule options ({"color-contrast": {"enabled": false}}).
RUN_AXE = """async ({tags, within, rules}) => {
  const results = await axe.run(within ? {include: [within]} : document,
                                {runOnly: {type: "tag", values: tags}, rules: rules || {}, resultTypes: ["violations"]});
  return {rules: results.passes.length + results.violations.length,
          violations: results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(node => node.target)}))};
}"""

# The page's widths and the outermost elements sticking out on the right
# (ignoring the inside of containers that scroll or clip on their own).
MEASURE_OVERFLOW = r"""() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return {scrollWidth: root.scrollWidth, clientWidth: width, culprits: []};
  const clips = el => !["visible", ""].includes(getComputedStyle(el).overflowX);
  const sticksOut = el => el.getBoundingClientRect().right > width + 0.5;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map(c => "." + c).join("");
  const path = el => { const names = []; for (; el && el !== document.body; el = el.parentElement)
    names.unshift(name(el)); return names.slice(-3).join(" > "); };
  const culprits = [...document.body.querySelectorAll("*")].filter(el => {
    if (!sticksOut(el)) return false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (sticksOut(up) || clips(up)) return false;
    }
    return true;
  });
  return {scrollWidth: root.scrollWidth, clientWidth: width,
          culprits: culprits.slice(0, 5).map(el =>
            `${path(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px: "${
              el.textContent.trim().replace(/\s+/g, " ").slice(0, 40)}")`)};
}"""

# The text-size control's own button (theme/static/js/text-size.js) pressed ``times``: +A
# (step 1) to the largest size, A (step 0) back to normal; as a visitor's clicks, they also
# save the size for the next page. The function returns the root font size and the value of
# ``then``, a JavaScript expression: one round trip to the browser instead of two (they add
# up over ~380 pages). Composed here, not with eval(), which the pages' CSP forbids.
def press_text_size(step: int, times: int, then: str = "null") -> str:
    return f"""async () => {{
  const button = document.querySelector('[data-text-size-step="{step}"]');
  for (let i = 0; i < {times}; i++) button.click();
  return [getComputedStyle(document.documentElement).fontSize, {then}];
}}"""


AXE_NOW = f"await ({RUN_AXE})({json.dumps({'tags': WCAG_TAGS})})"
AXE_NOW_BUT_CONTRAST = f"await ({RUN_AXE})({json.dumps({'tags': WCAG_TAGS, 'rules': {'color-contrast': {'enabled': False}}})})"


def first_look(contrast: bool) -> str:
    """On the load: what the CSP blocked, the root font size, axe-core's results."""
    return f"""async () => [window.__cspViolations, getComputedStyle(document.documentElement).fontSize,
                             {AXE_NOW if contrast else AXE_NOW_BUT_CONTRAST}]"""


def describe(violation):
    """One readable line: rule, impact, what it means and the first elements hit."""
    targets = "; ".join(" ".join(map(str, target)) for target in violation["targets"])
    more = violation["nodes"] - len(violation["targets"])
    return (f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            + (f" (+{more} more)" if more > 0 else ""))


def axe_violations(page, within=None):
    """The violations on the loaded page, or in the element ``within`` selects (axe-core added
    first if the context has not)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return ran_axe(page.evaluate(RUN_AXE, {"tags": WCAG_TAGS, "within": within}))


def ran_axe(results):
    """The violations, after checking that axe really ran the WCAG rules."""
    assert results["rules"], "axe-core ran no rule"
    return [describe(violation) for violation in results["violations"]]


# --- The sample -------------------------------------------------------------------------

HTML_LANGUAGE = re.compile(r'<html[^>]*\slang="([^"]+)"')
START_TAG = re.compile(r"<([a-z][a-z0-9]*)\b([^>]*)>")
ATTRIBUTE = re.compile(r'\s(class|lang|dir)="([^"]*)"')


def page_kinds(site: Path, path: str) -> set[tuple[str, str]]:
    """What a page is made of, for the sample, each as (language, kind): the kind of page
    (section of the site, and whether it is the section's index or one of its items: one per
    template and its variants) and every kind of element in its <body> (tag, classes, and
    whether it sets its own lang or dir)."""
    source = (site / (path + "index.html" if path == "" or path.endswith("/") else path)).read_text(encoding="utf-8")
    language = HTML_LANGUAGE.search(source)[1]
    section, *rest = path.removeprefix(f"{language}/").strip("/").split("/")
    kinds = {f"page {section or 'home'}{'/…' if rest else ''}"}
    for tag, attributes in START_TAG.findall(source[source.index("<body"):]):
        found = dict(ATTRIBUTE.findall(attributes))
        kinds.add(" ".join([tag, *sorted(found.get("class", "").split()),
                            *(f"[{name}]" for name in ("lang", "dir") if name in found)]))
    return {(language, kind) for kind in kinds}


def choose_sample(kinds_of: dict[str, set]) -> list[str]:
    """The fewest pages, chosen greedily in the order of ``kinds_of``, that together hold every
    (language, kind) of every page: a page with something no other page has is always in."""
    missing = set().union(*kinds_of.values())
    chosen = []
    while missing:
        best = max(kinds_of, key=lambda path: len(kinds_of[path] & missing))  # first of the best
        chosen.append(best)
        missing -= kinds_of[best]
    return sorted(chosen)


@pytest.fixture(scope="session")
def sample_pages(site, html_pages) -> set[str]:
    return set(choose_sample({path: page_kinds(site, path) for path in html_pages}))


# --- The check of one page ------------------------------------------------------------------


def check_page(page, url: str, deep: bool) -> dict[str, list[str]]:
    """Problems found on ``url`` by each check (see the module's docstring), after one load at
    WIDE px, light palette, normal size; ``deep``: with colour contrast, and also axe at the
    largest size and in the dark."""
    page.set_viewport_size({"width": WIDE, "height": 900})
    page.emulate_media(color_scheme="light")
    page.goto(url)
    problems = defaultdict(list)
    blocked, size, results = page.evaluate(first_look(contrast=deep))
    problems["policy"] += [f"CSP {violation}" for violation in blocked]
    assert size == px(SIZES[0]), "the page starts at the normal text size"
    problems["axe, light, normal size"] += ran_axe(results)

    largest = SIZES[-1]
    size, results = page.evaluate(press_text_size(1, len(SIZES) - 1, AXE_NOW if deep else "null"))
    assert size == px(largest), f"{largest}% text size not applied"
    if deep:
        problems[f"axe, light, {largest}%"] += ran_axe(results)
    page.set_viewport_size({"width": NARROW, "height": 800})
    size, overflow = page.evaluate(press_text_size(0, 0, f"({MEASURE_OVERFLOW})()"))
    assert size == px(largest), f"{largest}% text size kept at {NARROW}px"
    if overflow["scrollWidth"] > overflow["clientWidth"]:
        problems[f"reflow at {NARROW}px and {largest}%"].append(
            f"scrollWidth {overflow['scrollWidth']} > clientWidth {overflow['clientWidth']}; "
            f"sticking out: {overflow['culprits']}")
    size, _ = page.evaluate(press_text_size(0, 1))
    assert size == px(SIZES[0]), "A brings back the normal size (saved for the next page)"
    if deep:
        page.set_viewport_size({"width": WIDE, "height": 900})
        page.emulate_media(color_scheme="dark")
        dark, results = page.evaluate(f"async () => [matchMedia('(prefers-color-scheme: dark)').matches, {AXE_NOW}]")
        assert dark, "the dark palette is asked for"
        problems["axe, dark, normal size"] += ran_axe(results)
    return {check: found for check, found in problems.items() if found}


def browser_page(browser, host, problems):
    """A page of a new context with axe-core and the CSP recorder in every document, and
    every failed or foreign request and console error added to ``problems``."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_init_script(path=AXE_SOURCE)
    page = context.new_page()
    page.on("console", lambda message: (message.type == "error"
                                        or re.search(r"Content.Security.Policy|Permissions.Policy", message.text))
            and problems.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    record_failed_requests(page, host, problems)
    return page


# Each run over the pages is split into SHARDS tests (every SHARDS-th page), which the
# parallel workers share out; with ~380 pages one part takes about half a minute of one core.
SHARDS = 8


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_in_the_browser(browser, nginx_url, html_pages, sample_pages, shard):
    host = urlsplit(nginx_url).netloc
    requests = []  # what the page's listeners add, as it happens
    page = browser_page(browser, host, requests)
    loaded = set()
    page.on("requestfinished", lambda request: loaded.add(urlsplit(request.url).path))
    failures = {}
    pages = html_pages[shard::SHARDS]
    try:
        for index, path in enumerate(pages):
            problems = check_page(page, nginx_url + path, deep=path in sample_pages)
            if index == 0:  # the favicon: Chromium's headless shell never fetches it, so ask for it
                icon = page.get_attribute('link[rel~="icon"]', "href")
                if not (icon and page.request.get(urljoin(page.url, icon)).ok):
                    problems.setdefault("policy", []).append(f"the favicon {icon} does not load")
            if requests:
                problems["policy"] = problems.get("policy", []) + requests
                requests.clear()
            if problems:
                failures["/" + path] = problems
    finally:
        page.context.close()
    deep = len([path for path in pages if path in sample_pages])
    print(f"part {shard + 1} of {SHARDS}: {len(pages)} pages checked, {deep} of them also at "
          f"{SIZES[-1]}% and in the dark palette; {len(failures)} with problems")
    assert len(html_pages) > 30, f"only {len(html_pages)} pages built"
    assert failures == {}, f"{len(failures)} page(s) with problems:\n" + "\n".join(
        f"/{path}:\n" + "\n".join(f"  {check}: {line}" for check, lines in found.items() for line in lines)
        for path, found in failures.items())
    fingerprinted = re.compile(r"^/theme/(css/style|js/text-size)\.[0-9a-f]{10}\.(css|js)$")
    assert {path.split(".")[0] for path in loaded if fingerprinted.match(path)} >= {
        "/theme/css/style", "/theme/js/text-size"}, loaded


# What a clerk could write in a page of their own, and the check that must see it.
INJECTED = {
    "axe, light, normal size": '<p><a href="#contenuto"></a></p>',  # a link without a name
    # A line of code keeps its width (long words in text wrap: style.css, overflow-wrap).
    f"reflow at {NARROW}px and {SIZES[-1]}%": "<pre><code>" + "orari dello sportello " * 4 + "</code></pre>",
}


def test_a_violation_in_any_page_content_is_caught(browser, nginx_url, html_pages, sample_pages):
    """Faults put into the text of a page outside the sample are found by the checks that
    run on every page; the same page untouched has no problem."""
    path = next(path for path in reversed(html_pages) if path not in sample_pages and path.endswith("/"))
    requests = []
    page = browser_page(browser, urlsplit(nginx_url).netloc, requests)
    try:
        assert check_page(page, nginx_url + path, deep=False) == {}
        page.route(nginx_url + path, lambda route: route.fulfill(response=(response := route.fetch()), body=re.sub(
            r'(<main[^>]*>)', lambda main: main[1] + "".join(INJECTED.values()), response.text(), count=1)))
        found = check_page(page, nginx_url + path, deep=False)
    finally:
        page.context.close()
    assert requests == []
    assert set(found) == set(INJECTED), found
    assert any(line.startswith("link-name") for line in found["axe, light, normal size"]), found


def test_the_sample_holds_every_kind_of_page_and_element_in_every_language(site, html_pages, sample_pages):
    """Every (language, kind) of any page is in a sample page; a page that alone has a kind
    of element (here a made-up one added to one page) joins the sample."""
    kinds_of = {path: page_kinds(site, path) for path in html_pages}
    languages = {language for kinds in kinds_of.values() for language, _ in kinds}
    assert len(languages) >= 4, languages
    assert set().union(*(kinds_of[path] for path in sample_pages)) == set().union(*kinds_of.values())
    assert {("it", "page comuni/…"), ("ar", "page comuni/…"), ("it", "page comuni")} <= set().union(
        *kinds_of.values()), "kinds of page are told apart by section and language"
    outsider = next(path for path in html_pages if path not in sample_pages)
    language = next(iter(kinds_of[outsider]))[0]
    kinds_of[outsider] = kinds_of[outsider] | {(language, "marquee")}  # an element no page has
    assert outsider in choose_sample(kinds_of)
    print(f"sample: {len(sample_pages)} of {len(html_pages)} pages")


def test_colour_contrast_is_checked_on_the_sample_at_each_size_and_palette(browser, nginx_url, sample_pages):
    """A stylesheet that puts grey on grey in paragraphs fails the sample's contrast checks in
    every pass (the run on every page leaves that rule to the sample)."""
    path = min(sample_pages, key=len)
    page = browser_page(browser, urlsplit(nginx_url).netloc, [])
    try:
        page.route(re.compile(r".*/theme/css/style\.[0-9a-f]{10}\.css$"), lambda route: route.fulfill(
            response=(response := route.fetch()), body=response.text() + "main p{color:#777!important;background:#888!important}"))
        found = check_page(page, nginx_url + path, deep=True)
        assert check_page(page, nginx_url + path, deep=False) == {}
    finally:
        page.context.close()
    assert {check for check, lines in found.items()
            if any(line.startswith("color-contrast") for line in lines)} == {
        "axe, light, normal size", f"axe, light, {SIZES[-1]}%", "axe, dark, normal size"}, found
