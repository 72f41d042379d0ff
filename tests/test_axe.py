"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page, at normal and largest text size."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import set_text_size

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def describe(violation):
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"


@pytest.mark.parametrize("percent", [100, 200])
def test_no_axe_violations_on_any_page(context, base_url, html_pages, percent):
    axe = Axe()
    page = context.new_page()
    page.goto(base_url)
    set_text_size(page, percent)
    problems = {}
    for path in html_pages:
        page.goto(base_url + path)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            problems[path or "/"] = [describe(violation) for violation in violations]
    print(f"axe-core at {percent} %: {len(html_pages)} pages, {len(problems)} with violations")
    assert problems == {}, "\n".join(f"{path}: {lines}" for path, lines in problems.items())
