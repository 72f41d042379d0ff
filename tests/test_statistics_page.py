"""The statistics page with figures in it (the repository's statistics file is empty until a
server counts its log): built from tests/fixtures/access.log, it passes axe at normal and
largest text size and fits 320 px at the largest; the thank-you page too."""

import shutil
import subprocess
import sys

import pytest

from tests.browser import NARROW, serve, set_text_size
from tests.conftest import ROOT, build_site
from tests.test_every_page import MEASURE_OVERFLOW, axe_violations
from tests.test_text_size import SIZES

PAGES = ["statistiche/", "ar/statistiche/", "en/statistiche/", "grazie/", "ar/grazie/", "comuni/latina/"]


def build_with_statistics(output, *extra):
    content = output.parent / "statistics-content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(ROOT / "content", content)
    counted = subprocess.run([sys.executable, "-m", "invoke", "stats", f"--log={ROOT / 'tests/fixtures/access.log'}",
                              f"--data={content / 'dati' / 'statistiche.toml'}"], cwd=ROOT, capture_output=True,
                             text=True)
    return counted if counted.returncode else build_site(output, *extra, content=content)


def test_the_page_shows_the_figures_of_the_log(site_with_options):
    text = (site_with_options / "statistiche" / "index.html").read_text(encoding="utf-8")
    assert "Da novembre 2026 a dicembre 2026: 6 visite alle pagine del sito." in text
    assert "Le richieste dei robot (6) non sono contate." in text
    assert 'href="/dati/statistiche.csv"' in text and (site_with_options / "dati" / "statistiche.csv").is_file()
    # The reasons by their label in the reader's language.
    assert "Non è nella mia lingua: 1" in text
    assert "It is not in my language: 1" in (site_with_options / "en" / "statistiche" / "index.html").read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_no_axe_violation_and_no_sideways_scroll(browser, site_with_options):
    problems = {}
    with serve(site_with_options) as url:
        for percent, width in ((SIZES[0], 1280), (SIZES[-1], NARROW)):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(f"{url}/404.html")
            set_text_size(page, percent)
            for path in PAGES:
                page.goto(f"{url}/{path}")
                problems.update({f"/{path} at {percent}%: {violation}": None for violation in axe_violations(page)})
                if width == NARROW:
                    measured = page.evaluate(MEASURE_OVERFLOW)
                    if measured["scrollWidth"] > measured["clientWidth"]:
                        problems[f"/{path} scrolls sideways: {measured['culprits']}"] = None
            context.close()
    assert list(problems) == []
