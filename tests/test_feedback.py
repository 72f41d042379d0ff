"""«Questa pagina ti è stata utile?»: a form without JavaScript or cookies on every content page, sent
to the thank-you page in the page's language; on GitHub Pages, the contact instead."""

import pytest
from pelican.settings import get_settings_from_file

from tests.browser import build_once
from tests.conftest import ROOT, build_site
from tests.html import read

SETTINGS = get_settings_from_file(str(ROOT / "pelicanconf.py"))
PREFIXES = ["", *(f"{lang}/" for lang in SETTINGS["LANGUAGES"] if lang != SETTINGS["DEFAULT_LANG"])]
THANKS = f"{SETTINGS['FEEDBACK_PAGE']}/"


def prefix_of(path):
    return max((prefix for prefix in PREFIXES if path.startswith(prefix)), key=len)


def test_every_content_page_has_the_form_leading_to_the_thank_you_page_in_its_language(site, html_pages):
    pages = [path for path in html_pages if path.endswith("/") or not path]
    without = {path for path in pages if not read(site, path).find("form", class_="feedback")}
    # The home pages, the search pages and the thank-you pages themselves.
    excluded = {"", "cerca/", THANKS}
    assert without == {path for path in pages if path.removeprefix(prefix_of(path)) in excluded}
    assert len(pages) - len(without) > 100
    for path in ("comuni/latina/", "en/comuni/latina/", "ar/note-legali/", "fr/statistiche/"):
        page = read(site, path)
        form = page.find("form", class_="feedback")
        # The thank-you page in the page's language where it is translated, else in Italian.
        localized = prefix_of(path) + THANKS
        action = f"/{localized if (site / localized).is_dir() else THANKS}"
        assert (form["attrs"]["method"], form["attrs"]["action"]) == ("get", action)
        fields = {(element["attrs"].get("name"), element["attrs"].get("value")) for element in page.elements
                  if element["tag"] in ("input", "select") and form in element["ancestors"]}
        assert fields == {("pagina", path), ("utile", "si"), ("utile", "no"), ("motivo", None)}
        # Radio buttons in a fieldset named by its legend; the list of reasons has its label.
        assert page.find("legend", class_="feedback__question")
        assert page.find("label", for_="feedback-motivo") and page.find("select", id="feedback-motivo")


def test_the_thank_you_page_says_the_answer_arrived_and_is_not_indexed(site):
    pages = [prefix + THANKS for prefix in PREFIXES if (site / prefix / THANKS).is_dir()]
    assert {"grazie/", "en/grazie/", "fr/grazie/", "ar/grazie/"} <= set(pages)
    for path in pages:
        page = read(site, path)
        assert page.find("meta", name="robots")["attrs"]["content"] == "noindex"
        assert page.text_of("h1") in page.text_of("title")
    assert THANKS not in (site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def on_github_pages(tmp_path_factory):
    return build_once(tmp_path_factory, "github-pages", lambda output: build_site(
        output, "-e", 'HOSTING="github-pages"', 'FEEDBACK_CONTACT="redazione@example.org"'))


def test_without_a_server_log_the_question_leads_to_the_contact(on_github_pages):
    page = read(on_github_pages, "comuni/latina/")
    assert not page.find("form", class_="feedback")
    section = page.find("section", class_="feedback")
    links = [element["attrs"]["href"] for element in page.elements
             if element["tag"] == "a" and section in element["ancestors"]]
    assert links == ["mailto:redazione@example.org"]
    assert page.text_of("h2", id="feedback-question") == "Questa pagina ti è stata utile?"
