"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page, at normal and largest text
size, and in the dark palette at normal size (the palette does not change with the size, and
contrast is strictest for the smaller text). Checking only the colour rules in the dark run
saved no time: loading the pages and axe dominate."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import set_text_size
from tests.test_text_size import SIZES, px, root_font_size

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def describe(violation):
    """One readable line: rule, impact, what it means and the first elements hit."""
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
    more = len(violation["nodes"]) - 3
    return (f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            + (f" (+{more} more)" if more > 0 else ""))


def axe_violations(axe, page):
    """The violations on the loaded page, after checking that axe really ran the WCAG rules."""
    results = axe.run(page, options=AXE_OPTIONS).response
    assert results["passes"] or results["violations"], "axe-core ran no rule"
    return results["violations"]


# Each run over the pages is split into SHARDS tests (every SHARDS-th page), which the parallel
# workers share out: one run over all pages would take minutes on one core.
SHARDS = 4


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("percent, scheme", [(SIZES[0], "light"), (SIZES[-1], "light"), (SIZES[0], "dark")])
def test_no_axe_violations_on_any_page(context, base_url, html_pages, percent, scheme, shard):
    """Every built page passes axe-core's WCAG 2.2 AA rules with the text at ``percent``."""
    axe = Axe()
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "404.html")
    set_text_size(page, percent)
    problems = {}
    pages = html_pages[shard::SHARDS]
    for path in pages:
        page.goto(base_url + path)
        assert root_font_size(page) == px(percent), f"{percent}% text size not applied on /{path}"
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        violations = axe_violations(axe, page)
        if violations:
            problems["/" + path] = [describe(violation) for violation in violations]
    print(f"axe-core at {percent}%, {scheme}, part {shard + 1} of {SHARDS}: {len(pages)} pages checked, "
          f"{len(problems)} with violations")
    assert len(html_pages) > 30, f"only {len(html_pages)} pages built"
    assert problems == {}, f"axe-core violations at {percent}% ({scheme}) on {len(problems)} page(s):\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(lines) for path, lines in problems.items())
