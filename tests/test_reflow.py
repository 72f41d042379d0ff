"""At 320 CSS px and the largest text size no page needs horizontal scrolling (WCAG 1.4.10)."""

from tests.browser import NARROW, set_text_size

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def test_no_horizontal_scroll_at_320px_and_200_percent(browser, base_url, html_pages):
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    set_text_size(page, 200)
    failures = []
    for path in html_pages:
        page.goto(base_url + path)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        result = page.evaluate(OVERFLOW)
        if result["scroll"] > result["width"]:
            failures.append(f"{path or '/'}: scrollWidth {result['scroll']} > {result['width']} ({result['wide']})")
    context.close()
    assert failures == [], "\n".join(failures)
