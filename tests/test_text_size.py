"""The -A A +A control: needs JavaScript, steps through the sizes, keeps the choice,
applies it before the first paint and scales the whole layout, not just the text."""

import re

import pytest

from tests.browser import set_text_size
from tests.html import read

SIZES = [100, 125, 150, 175, 200]  # TEXT_SIZES in pelicanconf.py
CONTROL = "[data-text-size-control]"
SMALLER = "-A riduci la dimensione del testo"
NORMAL = "A dimensione normale del testo"
LARGER = "+A aumenta la dimensione del testo"


@pytest.fixture(autouse=True)
def fail_fast(request):
    """A missing button or name fails in seconds, not after Playwright's 30 s default."""
    if "context" in request.fixturenames:
        request.getfixturevalue("context").set_default_timeout(5000)


def px(percent):
    """The root font size for ``percent`` of the browser default (16px)."""
    return f"{16 * percent / 100:g}px"


def root_font_size(page):
    return page.evaluate("() => getComputedStyle(document.documentElement).fontSize")


def button(page, name):
    """The control's button by role and full accessible name (visible label first)."""
    return page.get_by_role("button", name=name, exact=True)


def shown_size(page):
    """What the visitor gets and is told: (root font size, text of the status)."""
    return root_font_size(page), page.locator("[data-text-size-status]").inner_text()


def assert_buttons(page, percent):
    """aria-pressed on A and aria-disabled on -A / +A match the current ``percent``."""
    expected = {
        (NORMAL, "aria-pressed"): str(percent == SIZES[0]).lower(),
        (SMALLER, "aria-disabled"): str(percent == SIZES[0]).lower(),
        (LARGER, "aria-disabled"): str(percent == SIZES[-1]).lower(),
    }
    actual = {key: button(page, key[0]).get_attribute(key[1]) for key in expected}
    assert actual == expected, f"button states at {percent}%"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_control_is_shown_only_with_javascript(browser, base_url, javascript):
    """Without JavaScript the buttons would do nothing, so they must not be shown."""
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(base_url)
        control = page.locator(CONTROL)
        assert control.count() == 1, "one text-size control in the header"
        assert control.is_visible() is javascript, (
            f"control visible={control.is_visible()} with JavaScript {'on' if javascript else 'off'}")
        if javascript:
            for name in (SMALLER, NORMAL, LARGER):
                assert button(page, name).is_visible(), f"button {name!r} not found by role and name"
    finally:
        context.close()


def test_buttons_step_through_every_size_and_expose_their_state(page, base_url):
    """+A walks 100→200 % (16→32px), the status and ARIA states follow, the ends do nothing, A resets."""
    page.goto(base_url + "progetto/")
    assert shown_size(page) == (px(100), "100%"), "a first visit starts at the default size"
    assert_buttons(page, 100)
    for percent in SIZES[1:]:
        button(page, LARGER).click()
        assert shown_size(page) == (px(percent), f"{percent}%"), f"+A should reach {percent}%"
        assert_buttons(page, percent)

    # At the end of the range +A stays focusable (aria-disabled, not disabled) and does nothing.
    larger = button(page, LARGER)
    larger.focus()
    page.keyboard.press("Enter")
    larger.click(force=True)  # force: Playwright refuses to click aria-disabled elements
    assert larger.evaluate("el => el === document.activeElement"), "+A must keep focus at 200%"
    assert shown_size(page) == (px(200), "200%"), "+A must do nothing at the largest size"
    assert_buttons(page, 200)

    button(page, SMALLER).click()
    assert shown_size(page) == (px(175), "175%"), "-A should step back to 175%"
    button(page, NORMAL).click()
    assert shown_size(page) == (px(100), "100%"), "A should reset to the default size"
    assert_buttons(page, 100)

    button(page, SMALLER).click(force=True)
    assert shown_size(page) == (px(100), "100%"), "-A must do nothing at the smallest size"


def test_choice_persists_across_navigation_and_reload(page, base_url):
    """A size chosen on one page is kept on the next page and after a reload."""
    page.goto(base_url)
    button(page, LARGER).click()
    button(page, LARGER).click()
    assert shown_size(page) == (px(150), "150%"), "two +A clicks should give 150%"
    navigation = page.get_by_role("navigation", name="Principale")
    navigation.get_by_role("link", name="Comuni", exact=True).click()
    page.wait_for_url(base_url + "comuni/")
    assert shown_size(page) == (px(150), "150%"), "size lost when following a menu link"
    assert_buttons(page, 150)
    page.reload()
    assert shown_size(page) == (px(150), "150%"), "size lost on reload"


# Runs before any script of the page: records the root font size as soon as
# <body> exists, i.e. before anything of the body can be painted.
RECORD_SIZE_AT_FIRST_BODY = """
(() => {
  const record = () => {
    if (!document.body) return false;
    window.__sizeAtFirstBody = getComputedStyle(document.documentElement).fontSize;
    return true;
  };
  if (!record()) {
    const observer = new MutationObserver(() => { if (record()) observer.disconnect(); });
    observer.observe(document, {childList: true, subtree: true});
  }
})();
"""


@pytest.mark.parametrize("path", ["", "comuni/latina/", "news/progetto-concluso/"])
def test_saved_size_is_applied_before_the_body_exists(context, base_url, path):
    """No flash of the default size: 200% is in force before any body content exists."""
    context.add_init_script(RECORD_SIZE_AT_FIRST_BODY)
    page = context.new_page()
    page.goto(base_url + "404.html")
    set_text_size(page, 200)
    page.goto(base_url + path)
    at_first_body = page.evaluate("() => window.__sizeAtFirstBody ?? null")
    assert at_first_body == px(200), (
        f"root font size was {at_first_body} when <body> appeared on /{path}: "
        "the saved size is applied too late (the page flashes at the default size)")


def test_script_is_loaded_blocking_in_head_on_every_page(site, html_pages):
    """The size can only be applied before the first paint by a classic, blocking script in <head>."""
    problems = []
    for path in html_pages:
        scripts = [s for s in read(site, path).find_all("script")
                   if re.search(r"/js/text-size\.[0-9a-f]+\.js$", s["attrs"].get("src", ""))]
        if len(scripts) != 1:
            problems.append(f"/{path}: {len(scripts)} text-size.js scripts")
            continue
        attrs, ancestors = scripts[0]["attrs"], [a["tag"] for a in scripts[0]["ancestors"]]
        if "head" not in ancestors:
            problems.append(f"/{path}: script not in <head> (inside {ancestors})")
        for attribute in ("defer", "async"):
            if attribute in attrs:
                problems.append(f"/{path}: script has {attribute}")
        if attrs.get("type", "text/javascript") != "text/javascript":
            problems.append(f"/{path}: script has type={attrs['type']!r}")
    assert len(html_pages) > 30, f"only {len(html_pages)} pages built"
    assert problems == [], "\n".join(problems)


# Font sizes and spacing of header, navigation and content, in px.
MEASURE_LAYOUT = """() => {
  const style = selector => getComputedStyle(document.querySelector(selector));
  return {
    "site name": parseFloat(style(".site-header__title").fontSize),
    "site subtitle": parseFloat(style(".site-header__subtitle").fontSize),
    ...Object.fromEntries([...document.querySelectorAll(".main-nav__link")].map(
      link => ["menu link " + link.textContent.trim(), parseFloat(getComputedStyle(link).fontSize)])),
    "menu link padding": parseFloat(style(".main-nav__link").paddingInlineStart),
    "h1": parseFloat(style("h1").fontSize),
    "breadcrumbs": parseFloat(style(".breadcrumbs").fontSize),
    "footer": parseFloat(style(".site-footer").fontSize),
    "text-size button height": parseFloat(style("[data-text-size-step]").minHeight),
  };
}"""


def test_whole_layout_scales_not_just_paragraphs(page, base_url):
    """At 200% header, menu, headings, footer and spacing are twice their size at 100%."""
    page.goto(base_url + "comuni/latina/")
    normal = page.evaluate(MEASURE_LAYOUT)
    set_text_size(page, 200)
    page.reload()
    assert root_font_size(page) == px(200)
    large = page.evaluate(MEASURE_LAYOUT)
    assert len(normal) >= 10, f"measured too little: {normal}"
    not_doubled = {name: (normal[name], large[name]) for name in normal
                   if large[name] != pytest.approx(2 * normal[name])}
    assert not_doubled == {}, f"does not scale with the text size (px at 100% and at 200%): {not_doubled}"
