"""The published build: works under a sub-path, is byte-for-byte reproducible, and never shows
unfinished text: it refuses [DA COMPLETARE: …] placeholders and requires the deployment's values."""

import filecmp
import gzip
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import brotli
import pytest

from tests.browser import COMPRESSED_COPIES, build_once
from tests.conftest import ROOT, build_site
from tests.html import read
from tests.test_content_check import make_content
from tests.test_languages import language_of

BASE = "https://example.github.io/lgnetea/"
# Sample values of what publishconf.py requires besides SITEURL.
DEPLOYMENT = {"ACCESSIBILITY_CONTACT": "accessibilita@example.org",
              "ACCESSIBILITY_DECLARATION_URL": "https://form.agid.gov.it/view/0000-esempio",
              "FEEDBACK_CONTACT": "redazione@example.org", "DATA_CONTROLLER": "Comune di Esempio",
              "DATA_CONTROLLER_CONTACT": "privacy@example.org",
              "OPEN_DATA_PUBLISHER": "Ente di esempio", "OPEN_DATA_PUBLISHER_ID": "ente_esempio"}
REFERENCES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "srcset"}


def publish_build(output):
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(output),
         "--fatal", "warnings"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **DEPLOYMENT, "SITEURL": BASE, "COLUMNS": "400"},
    )


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    return build_once(tmp_path_factory, "published", publish_build)


def invoke_preview(content, output, **environment):
    """`invoke preview` (publishconf.py) of another content folder into ``output``."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "preview", "--output", str(output), "--", str(content)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **DEPLOYMENT, "SITEURL": BASE, "COLUMNS": "400", **environment},
    )


def test_no_build_holds_the_live_preview_banner(site, published):
    """The problems banner exists only in what the preview's server sends (plugins/live_preview)."""
    built = [*site.rglob("*.html"), *published.rglob("*.html")]
    assert len(built) > 60
    assert [str(page) for page in built if b"preview-problems" in page.read_bytes()] == []

def test_no_link_or_asset_escapes_the_sub_path(published, html_pages):
    escaped = []
    for path in html_pages:
        page_url = urljoin(BASE, path)
        for tag, attribute in REFERENCES.items():
            for element in read(published, path).find_all(tag):
                value = element["attrs"].get(attribute)
                if not value or value.startswith(("mailto:", "tel:")):
                    continue
                url = urljoin(page_url, value.split()[0]).split("#")[0]
                if urlsplit(url).netloc == urlsplit(BASE).netloc and not url.startswith(BASE):
                    escaped.append(f"{path}: {value}")
                elif url.startswith(BASE):
                    target = published / urlsplit(url).path.removeprefix(urlsplit(BASE).path)
                    if url.endswith("/"):
                        target = target / "index.html"
                    if not target.is_file():
                        escaped.append(f"{path}: {value} → missing {target.relative_to(published)}")
    assert escaped == [], "\n".join(escaped)


def test_feed_sitemap_and_robots_use_the_public_address(published):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(published / "news" / "atom.xml").getroot()
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert links and all(link.startswith(BASE) for link in links), links
    sitemap = ET.parse(published / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(location.startswith(BASE) for location in locations)
    assert f"Sitemap: {BASE}sitemap.xml" in (published / "robots.txt").read_text()


def test_the_published_build_has_compressed_copies_for_nginx(published):
    home = published / "index.html"
    assert gzip.decompress((published / "index.html.gz").read_bytes()) == home.read_bytes()
    assert brotli.decompress((published / "index.html.br").read_bytes()) == home.read_bytes()


def test_publishing_without_an_address_fails_clearly(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "SITEURL"}
    result = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "publishconf.py",
                             "-o", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "set SITEURL to the public address" in result.stdout + result.stderr


def differences(left, right):
    comparison = filecmp.dircmp(left, right)
    found = [f"{left}: {name}" for name in comparison.left_only + comparison.right_only + comparison.diff_files]
    for name in comparison.common_files:  # dircmp compares size and time only; compare bytes
        if not filecmp.cmp(left / name, right / name, shallow=False):
            found.append(f"{left / name} differs")
    for name in comparison.common_dirs:
        found += differences(left / name, right / name)
    return sorted(set(found))


@pytest.mark.slow  # two publish builds of their own
def test_two_builds_in_different_folders_are_identical(site, tmp_path):
    """Same sources, another folder, other file times, a later moment: the same bytes."""
    copy = tmp_path / "checkout"
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, copy / name)  # new modification times
    shutil.copy(ROOT / "pelicanconf.py", copy)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")  # the editor's files (plugins/cms_config)
    output = tmp_path / "output"
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output),
         "--fatal", "warnings", *COMPRESSED_COPIES], cwd=copy, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert differences(site, output) == []
    assert any(site.rglob("*.br")), "the comparison covers the precompressed files too"


def test_a_placeholder_stops_the_publish_build_with_its_place(tmp_path):
    content = make_content(tmp_path)
    news = content / "news" / "fine.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nIl [DA COMPLETARE: nome del luogo] e **[DA COMPLETARE]**.\n",
                    encoding="utf-8")
    line = news.read_text(encoding="utf-8").count("\n")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("sito precedente", encoding="utf-8")
    result = invoke_preview(content, output)
    printed = result.stdout + result.stderr
    assert result.returncode != 0
    where = f"content/news/fine.md:{line}: segnaposto:"
    assert f"{where} «[DA COMPLETARE: nome del luogo]»: il sito pubblico non si costruisce" in printed
    assert f"{where} «[DA COMPLETARE]»" in printed
    assert "Traceback" not in printed
    assert [path.name for path in output.iterdir()] == ["index.html"], "nothing is written"
    assert (output / "index.html").read_text(encoding="utf-8") == "sito precedente"

    # The development build of the same content shows the placeholder, highlighted, and lists it.
    development = build_site(tmp_path / "development", content=content)
    assert development.returncode == 0, development.stdout + development.stderr
    assert "content/news/fine.md: nome del luogo" in development.stdout
    page = (tmp_path / "development" / "news" / "fine" / "index.html").read_text(encoding="utf-8")
    assert "<strong>[DA COMPLETARE]</strong>" in page and "[DA COMPLETARE: nome del luogo]" in page
    assert not any((tmp_path / "development").rglob("*.gz")), "compressed copies are for the published build"


@pytest.mark.parametrize(("name", "value"), [
    ("ACCESSIBILITY_CONTACT", ""), ("ACCESSIBILITY_CONTACT", "scrivici"),
    ("ACCESSIBILITY_DECLARATION_URL", ""), ("ACCESSIBILITY_DECLARATION_URL", "https://example.org/dichiarazione"),
    ("FEEDBACK_CONTACT", ""), ("DATA_CONTROLLER", ""), ("DATA_CONTROLLER", "[DA COMPLETARE]"),
    ("DATA_CONTROLLER_CONTACT", "scrivici"),
    ("OPEN_DATA_PUBLISHER", ""), ("OPEN_DATA_PUBLISHER_ID", ""), ("OPEN_DATA_PUBLISHER_ID", "codice con spazi"),
])
def test_publishing_without_a_deployment_value_names_it(tmp_path, name, value):
    result = invoke_preview(ROOT / "content", tmp_path / "output", **{name: value})
    assert result.returncode != 0
    assert f"publishconf.py: manca la variabile d'ambiente {name}" in result.stdout + result.stderr
    assert not (tmp_path / "output").exists()


def test_the_published_site_has_no_placeholder_and_links_the_official_statement(published):
    unfinished = [path for path in [*published.rglob("*.html"), *published.rglob("*.jsonld")]
                  if "DA COMPLETARE" in path.read_text(encoding="utf-8")]
    assert unfinished == []
    for path in ("", "en/", "ar/comuni/latina/"):
        page = read(published, path)
        footer_links = [a["attrs"] for a in page.find_all("a") if any(e["tag"] == "footer" for e in a["ancestors"])]
        assert {"href": DEPLOYMENT["ACCESSIBILITY_DECLARATION_URL"], "hreflang": "it"} in footer_links, path
        # The site's own page too, in the page's language (issue 20), and the contact.
        own = BASE + (path.split("/")[0] + "/" if language_of(path) != "it" else "") + "accessibilita/"
        assert own in [link["href"] for link in footer_links], path
        assert {"href": "mailto:accessibilita@example.org"} in footer_links, path
    hrefs = [a["attrs"].get("href") for a in read(published, "accessibilita/").find_all("a")]
    assert "mailto:accessibilita@example.org" in hrefs and DEPLOYMENT["ACCESSIBILITY_DECLARATION_URL"] in hrefs
