"""Keyboard use: the skip link comes first, every control is reachable, focus is visible."""

import pytest

FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
ACTIVE = "() => { const el = document.activeElement; return {tag: el.tagName, id: el.id, text: el.textContent.trim(), key: el.dataset.key || null}; }"


@pytest.mark.parametrize("path", ["", "comuni/latina/"])
def test_first_tab_reaches_skip_link_which_moves_focus_to_main(page, base_url, path):
    page.goto(base_url + path)
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["text"] == "Vai al contenuto"
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "contenuto"


@pytest.mark.parametrize("path", ["", "comuni/latina/"])
def test_every_control_is_reachable_with_tab(page, base_url, path):
    page.goto(base_url + path)
    expected = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
             .filter(el => el.getClientRects().length > 0)
             .map((el, index) => { el.dataset.key = String(index); return String(index); })""",
        FOCUSABLE,
    )
    reached = set()
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        key = page.evaluate(ACTIVE)["key"]
        if key is not None:
            reached.add(key)
    missing = page.evaluate(
        "keys => keys.map(k => document.querySelector(`[data-key='${k}']`).outerHTML.slice(0, 80))",
        sorted(set(expected) - reached),
    )
    assert len(expected) > 20
    assert missing == []


def test_focus_is_visible_on_every_kind_of_control(page, base_url):
    page.goto(base_url + "comuni/latina/")
    selectors = [".skip-link", ".main-nav__link", ".text-size__button", ".prose a", ".breadcrumbs a"]
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.boxShadow, s.outlineStyle, s.outlineColor].join('|'); }"
    for selector in selectors:
        element = page.locator(selector).first
        before = element.evaluate(style)
        element.focus()
        page.keyboard.press("Shift+Tab")  # move focus away and back with the keyboard:
        page.keyboard.press("Tab")        # :focus-visible applies to keyboard focus
        assert element.evaluate("el => el === document.activeElement"), selector
        assert element.evaluate(style) != before, f"no visible focus on {selector}"
