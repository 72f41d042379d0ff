"""The -A A +A control: scales the whole layout, keeps the choice, never flashes, needs JavaScript."""

import pytest

from tests.browser import set_text_size

ROOT_FONT = "() => getComputedStyle(document.documentElement).fontSize"
SMALLER, NORMAL, LARGER = "-A riduci la dimensione del testo", "A dimensione normale del testo", "+A aumenta la dimensione del testo"


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def status(page):
    return page.locator("[data-text-size-status]").inner_text()


def test_control_is_shown_only_with_javascript(browser, base_url):
    for javascript, visible in ((True, True), (False, False)):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(base_url)
        assert page.locator("[data-text-size-control]").is_visible() is visible, javascript
        context.close()


def test_buttons_step_through_the_sizes_and_expose_their_state(page, base_url):
    page.goto(base_url + "progetto/")
    assert button(page, SMALLER).get_attribute("aria-disabled") == "true"
    assert button(page, NORMAL).get_attribute("aria-pressed") == "true"
    for expected in ("20px", "24px", "28px", "32px"):
        button(page, LARGER).click()
        assert page.evaluate(ROOT_FONT) == expected
        assert status(page) == f"{int(expected[:-2]) * 100 // 16}%"
    assert button(page, NORMAL).get_attribute("aria-pressed") == "false"
    assert button(page, LARGER).get_attribute("aria-disabled") == "true"
    assert button(page, SMALLER).get_attribute("aria-disabled") == "false"
    button(page, LARGER).click(force=True)  # aria-disabled, still focusable and clickable
    assert page.evaluate(ROOT_FONT) == "32px", "+A does nothing at the largest size"
    button(page, SMALLER).click()
    assert page.evaluate(ROOT_FONT) == "28px"
    button(page, NORMAL).click()
    assert page.evaluate(ROOT_FONT) == "16px"
    assert button(page, NORMAL).get_attribute("aria-pressed") == "true"


def test_choice_persists_across_navigation_and_reload(page, base_url):
    page.goto(base_url)
    button(page, LARGER).click()
    button(page, LARGER).click()
    page.get_by_role("navigation", name="Principale").get_by_role("link", name="Comuni").click()
    page.wait_for_url("**/comuni/")
    assert (page.evaluate(ROOT_FONT), status(page)) == ("24px", "150%")
    page.reload()
    assert (page.evaluate(ROOT_FONT), status(page)) == ("24px", "150%")


RECORD_FIRST_BODY = """
new MutationObserver((records, observer) => {
  if (document.body && !window.__sizeAtFirstBody) {
    window.__sizeAtFirstBody = getComputedStyle(document.documentElement).fontSize;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize("path", ["", "comuni/latina/", "news/progetto-concluso/"])
def test_saved_size_is_applied_before_the_body_exists(context, base_url, path):
    """Nothing can be painted before <body> exists, so no frame shows the wrong size."""
    context.add_init_script(RECORD_FIRST_BODY)
    page = context.new_page()
    page.goto(base_url)
    set_text_size(page, 200)
    page.goto(base_url + path)
    assert page.evaluate("window.__sizeAtFirstBody") == "32px"


def test_script_blocks_in_head(page, base_url):
    page.goto(base_url)
    script = page.locator("head script[src$='text-size.js']")
    assert script.count() == 1
    for attribute in ("defer", "async", "type"):
        assert script.get_attribute(attribute) is None, attribute


def test_whole_layout_scales_not_just_paragraphs(page, base_url):
    selectors = [".site-header__title", ".main-nav__link", "h1", ".breadcrumbs", ".site-footer"]
    sizes = "sel => sel.map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    page.goto(base_url + "comuni/latina/")
    normal = page.evaluate(sizes, selectors)
    set_text_size(page, 200)
    page.reload()
    large = page.evaluate(sizes, selectors)
    assert large == [2 * size for size in normal]
    padding = "() => parseFloat(getComputedStyle(document.querySelector('.page-width')).paddingInlineStart)"
    assert page.evaluate(padding) == 32, "spacing scales with the text too"
