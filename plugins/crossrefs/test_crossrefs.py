import os
from datetime import datetime
from types import SimpleNamespace

from crossrefs.crossrefs import link_content, split_slugs

FIELDS = {"comuni": "municipality", "miniprogetti": "miniproject"}


def item(kind, slug, date="2022-04-01", **metadata):
    return SimpleNamespace(
        kind=kind, slug=slug, title=slug.title(), metadata=metadata,
        date=datetime.fromisoformat(date), source_path=os.path.abspath(f"content/{slug}.md"),
    )


def test_split_slugs_ignores_spaces_and_empty_items():
    assert split_slugs(" latina, roma ,,") == ["latina", "roma"]


def test_references_are_resolved_both_ways():
    latina, roma = item("municipality", "latina"), item("municipality", "roma")
    nursery = item("miniproject", "nido", comuni="latina")
    old = item("news", "vecchia", "2021-01-01", comuni="latina, roma", miniprogetti="nido")
    new = item("news", "nuova", "2022-04-01", comuni="latina")
    assert link_content([latina, roma, nursery, old, new], FIELDS) == []
    assert old.refs["municipality"] == [latina, roma]
    assert latina.backrefs["miniproject"] == [nursery]
    assert latina.backrefs["news"] == [new, old]  # newest first
    assert roma.backrefs["news"] == [old]
    assert nursery.backrefs["news"] == [old]
    assert roma.backrefs["miniproject"] == []


def test_unknown_slug_names_file_field_and_slug():
    latina = item("municipality", "latina")
    news = item("news", "fine", comuni="latina, atlantide")
    problems = link_content([latina, news], FIELDS)
    assert problems == [
        "content/fine.md: campo 'comuni': 'atlantide' non esiste (valori possibili: latina)"
    ]


def test_slug_of_the_wrong_kind_is_unknown():
    latina = item("municipality", "latina")
    news = item("news", "fine", miniprogetti="latina")
    assert "'latina' non esiste" in link_content([latina, news], FIELDS)[0]
