"""The map of the network: 18 named links to the municipality pages, reachable with
the keyboard with a visible focus, beside the list, growing with the text size."""

from tests.browser import set_text_size
from tests.html import read

MAP_LINKS = ".network-map__link"


def test_map_links_name_and_reach_every_municipality(site):
    page = read(site, "comuni/")
    links = page.find_all("a", class_="network-map__link")
    listed = [link["attrs"]["href"] for link in page.find_all("a") if any(
        ancestor["attrs"].get("class") == "page-list page-list--columns" for ancestor in link["ancestors"])]
    assert len(links) == 18
    assert [link["attrs"]["href"] for link in links] == listed  # same links, same order as the list
    for link in links:
        assert link["attrs"]["aria-label"]
        assert (site / link["attrs"]["href"].lstrip("/") / "index.html").is_file()


def test_translated_maps_lead_to_translated_pages(site):
    links = read(site, "fr/comuni/").find_all("a", class_="network-map__link")
    assert len(links) == 18 and all(link["attrs"]["href"].startswith("/fr/comuni/") for link in links)


def test_map_points_take_focus_in_order_and_show_it(page, base_url):
    page.goto(base_url + "comuni/")
    page.locator(MAP_LINKS).first.focus()
    target = page.locator(MAP_LINKS).first.locator(".network-map__target")
    focused_fill = target.evaluate("el => getComputedStyle(el).fill")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == page.locator(
        MAP_LINKS).nth(1).get_attribute("aria-label")
    assert target.evaluate("el => getComputedStyle(el).fill") != focused_fill  # focus ring gone
    page.keyboard.press("Enter")
    page.wait_for_url("**/comuni/*/")
    assert page.locator("h1").inner_text() == "Bologna"


def test_map_grows_with_the_text_size(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "comuni/")
    normal = page.locator(".network-map__image").bounding_box()["width"]
    set_text_size(page, 150)
    page.reload()
    assert page.locator(".network-map__image").bounding_box()["width"] > normal
