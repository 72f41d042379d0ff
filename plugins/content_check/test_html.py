"""The check of HTML never skips a text that makes HTML the sanitiser would remove."""

from pathlib import Path

import pytest
from pelican.settings import read_settings

from content_check.content_check import read_source
from content_check.html import may_make_removed_html, rendered
from sanitise.sanitise import removals

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
# Ways to write an address the sanitiser removes, besides those of tests/hostile/.
VARIANTS = [
    "[x][a]\n\n[a]:\n  javascript:x",  # the reference's address on the next line
    "[x](\njavascript:x)",
    "[x]( <javascript:x> )",
    "[x][a]\n\n[a]: <javascript:x>",
    "Un paragrafo.\n{onclick}",  # attr_list: a bare word is an attribute
    "<JAVASCRIPT:alert(1)>",
]


HOSTILE_TEXTS = [read_source(path, "news")[0].body for path in sorted((ROOT / "tests" / "hostile").glob("*.md"))
                 if path.name != "README.md"]


@pytest.mark.parametrize("text", VARIANTS + [text for text in HOSTILE_TEXTS if removals(rendered(text, SETTINGS))])
def test_every_text_that_makes_removed_html_is_rendered(text):
    assert removals(rendered(text, SETTINGS))
    assert may_make_removed_html(text)


def test_plain_text_and_links_to_pages_are_not_rendered():
    assert not may_make_removed_html("Leggi [il progetto]({filename}/pages/progetto.md) e [la news](/news/).")
