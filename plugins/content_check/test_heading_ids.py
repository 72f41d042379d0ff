"""The checker predicts the heading ids Markdown gives, in every script, so `#anchor` links
are checked against the ids readers really get."""

import re
from pathlib import Path

import markdown
from pelican.settings import read_settings

from content_check.content_check import heading_ids, heading_slugify

ROOT = Path(__file__).resolve().parents[2]
BODY = """\
## الأهداف

## التمويل والإدارة

## Le rôle dans le réseau

## Gli *obiettivi* del progetto

## الأهداف
"""


def rendered_ids(body, settings):
    """The ids of the headings as Pelican's Markdown reader writes them with the site's settings."""
    configs = settings["MARKDOWN"]["extension_configs"]  # Pelican's reader loads each one configured
    html = markdown.Markdown(extensions=list(configs), extension_configs=configs).convert(body)
    return re.findall(r'<h2 id="([^"]*)"', html)


def test_ids_keep_the_letters_of_every_script_and_match_the_checker():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    ids = rendered_ids(BODY, settings)
    assert ids == ["الأهداف", "التمويل-والإدارة", "le-rôle-dans-le-réseau",
                   "gli-obiettivi-del-progetto", "الأهداف_1"]
    assert heading_ids(BODY, heading_slugify(settings)) == set(ids)
    assert rendered_ids(BODY, settings) == ids  # same text, same ids


def test_without_the_setting_the_checker_uses_markdowns_default():
    assert heading_ids("## Le rôle\n", heading_slugify({})) == {"le-role"}
