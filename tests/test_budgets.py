"""Page-weight budgets: every page fits the first round trip on a slow connection.

Figures are printed (pytest -s, or the summary of a failure); the limits are the
issue's: HTML + CSS + JS of a page at most 14 KiB gzip (images excluded), all
CSS at most 6 KiB and all JS at most 2 KiB gzip, no web fonts, nothing from
another host. Pagefind's search runtime (pagefind/: script, worker, WebAssembly,
index) is not part of any page: the search page loads it only when someone
searches, so it is measured and printed on its own. The editors' CMS at admin/
is not for readers and is left out. Nor do pages load their share images (share/,
plugins/share_images): apps fetch them for a link's preview card, so each has a budget of
its own, well under what WhatsApp accepts for a preview (about 300 kB).
"""

import gzip
import re
from urllib.parse import urljoin, urlsplit

from tests.html import read

KIB = 1024
PAGE_BUDGET, CSS_BUDGET, JS_BUDGET = 14 * KIB, 6 * KIB, 2 * KIB
SHARE_IMAGE_BUDGET = 60 * KIB
FONT_FILES = re.compile(r"\.(woff2?|ttf|otf|eot)$", re.IGNORECASE)


def gzip_size(path):
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def page_assets(site, path):
    """The stylesheets and scripts one page loads, as files of the site."""
    document = read(site, path)
    urls = [e["attrs"]["href"] for e in document.find_all("link") if e["attrs"].get("rel") == "stylesheet"]
    urls += [e["attrs"]["src"] for e in document.find_all("script") if "src" in e["attrs"]]
    return [site / urlsplit(urljoin("/" + path, url)).path.lstrip("/") for url in urls]


def html_file(site, path):
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


def test_every_page_fits_the_budget(site, html_pages):
    weights = {path: gzip_size(html_file(site, path)) + sum(map(gzip_size, page_assets(site, path)))
               for path in html_pages}
    heaviest = max(weights, key=weights.get)
    print(f"\npage weight (HTML+CSS+JS, gzip): heaviest /{heaviest} {weights[heaviest]} B, "
          f"median {sorted(weights.values())[len(weights) // 2]} B, budget {PAGE_BUDGET} B")
    over = {path: size for path, size in weights.items() if size > PAGE_BUDGET}
    assert over == {}


def test_all_css_and_js_fit_their_budgets(site):
    search_runtime, editor = site / "pagefind", site / "admin"
    theirs = [path for path in search_runtime.rglob("*") if path.is_file() and path.suffix not in (".gz", ".br")]
    ours = [path for path in site.rglob("*") if search_runtime not in path.parents and editor not in path.parents]
    css = sum(gzip_size(path) for path in ours if path.suffix == ".css")
    js = sum(gzip_size(path) for path in ours if path.suffix == ".js")
    print(f"\nall CSS {css} B gzip (budget {CSS_BUDGET}), all JS {js} B gzip (budget {JS_BUDGET}); "
          "for comparison GOV.UK Frontend ships 15.7 KiB CSS and 11.1 KiB JS; search runtime, "
          f"loaded on searching: {sum(gzip_size(p) for p in theirs if p.suffix == '.js')} B JS gzip, "
          f"{sum(path.stat().st_size for path in theirs)} B in all")
    assert css and js  # the theme's files were found
    assert css <= CSS_BUDGET
    assert js <= JS_BUDGET


def test_share_images_fit_their_budget(site):
    sizes = {path.name: path.stat().st_size for path in (site / "share").glob("*.png")}
    assert sizes  # the images were found
    print(f"\nshare images: {len(sizes)}, heaviest {max(sizes.values())} B, "
          f"all {sum(sizes.values())} B, budget {SHARE_IMAGE_BUDGET} B each")
    assert {name: size for name, size in sizes.items() if size > SHARE_IMAGE_BUDGET} == {}


def test_no_web_fonts_and_nothing_from_other_hosts(site, html_pages):
    assert [path.name for path in site.rglob("*") if FONT_FILES.search(path.name)] == []
    external = []
    for path in html_pages:
        for element in read(site, path).elements:
            attrs = element["attrs"]
            # Canonical and alternate links (hreflang, feed) name addresses; nothing loads them.
            loads = attrs.get("src") or (attrs.get("href") if element["tag"] == "link"
                                          and attrs.get("rel") not in ("canonical", "alternate") else None)
            if loads and urlsplit(loads).netloc:
                external.append(f"/{path}: <{element['tag']}> {loads}")
    for stylesheet in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", stylesheet.read_text(encoding="utf-8")):
            if urlsplit(url).netloc or FONT_FILES.search(url):
                external.append(f"{stylesheet.name}: url({url})")
    assert external == []
