"""Reflow (WCAG 1.4.10): at 320 CSS px wide and the largest text size no page scrolls sideways."""

import pytest

from tests.browser import NARROW, set_text_size
from tests.test_text_size import SIZES, px, root_font_size

# The page's widths and the outermost elements sticking out on the right
# (ignoring the inside of containers that scroll or clip on their own).
MEASURE_OVERFLOW = r"""() => {
  const root = document.documentElement, width = root.clientWidth;
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


@pytest.mark.slow
def test_no_horizontal_scroll_at_320px_and_largest_text_size(browser, base_url, html_pages):
    """Every built page fits 320 CSS px at 200% text size: scrollWidth <= clientWidth."""
    largest = SIZES[-1]
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "404.html")
        set_text_size(page, largest)
        failures = []
        for path in html_pages:
            page.goto(base_url + path)
            assert root_font_size(page) == px(largest), f"{largest}% text size not applied on /{path}"
            result = page.evaluate(MEASURE_OVERFLOW)
            if result["scrollWidth"] > result["clientWidth"]:
                failures.append(f"/{path}: scrollWidth {result['scrollWidth']} > clientWidth "
                                f"{result['clientWidth']}; sticking out: {result['culprits']}")
    finally:
        context.close()
    print(f"reflow at {NARROW}px and {largest}%: {len(html_pages)} pages checked")
    assert len(html_pages) > 30, f"only {len(html_pages)} pages built"
    assert failures == [], f"{len(failures)} page(s) scroll sideways:\n" + "\n".join(failures)
