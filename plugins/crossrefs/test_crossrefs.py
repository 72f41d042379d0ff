import os
from datetime import datetime
from types import SimpleNamespace

from crossrefs.crossrefs import link_content, relink_changed, split_slugs

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


def test_items_that_replace_ones_reading_the_same_take_their_place_in_every_list():
    """What the live preview relies on at each save: the result is that of linking everything again."""
    def site():
        latina, roma = item("municipality", "latina"), item("municipality", "roma")
        nursery = item("miniproject", "nido", comuni="latina")
        old = item("news", "vecchia", "2021-01-01", comuni="latina, roma", miniprogetti="nido")
        new = item("news", "nuova", "2022-04-01", comuni="latina")
        return [latina, roma, nursery, old, new]

    def described(contents):
        def names(links):
            return {kind: [other.slug for other in others] for kind, others in links.items() if others}
        return [(each.slug, names(each.refs), names(each.backrefs)) for each in contents]

    first = site()
    link_content(first, FIELDS)
    last = {each.source_path: each for each in first}
    # The news item "vecchia" and the municipality "latina" saved again, reading the same.
    second = [site()[0], *first[1:3], site()[3], first[4]]
    assert relink_changed(second, FIELDS, last)
    expected = site()
    link_content(expected, FIELDS)
    assert described(second) == described(expected)
    everything = {id(each) for each in second}
    assert all(id(other) in everything for each in second for links in (each.refs, each.backrefs)
               for others in links.values() for other in others)  # no old item left in any list

    last = {each.source_path: each for each in second}
    renamed = item("news", "vecchia", "2021-01-01", comuni="roma", miniprogetti="nido")
    assert not relink_changed([*second[:3], renamed, second[4]], FIELDS, last)
    assert not relink_changed(second[:4], FIELDS, last)  # one deleted
