import json
from types import SimpleNamespace

import pytest

from search_index.search_index import (
    SearchIndexError,
    finish_index,
    index_being_written,
    index_site,
    sort_languages,
    start_index,
)

PAGE = '<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>' \
       '<header>Menu</header><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>'


def settings(cache):
    return {"CACHE_PATH": str(cache), "SEARCH_INDEX": True}


def build(folder, pages, cache=None):
    for path, (lang, title, text) in pages.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(PAGE.format(lang=lang, title=title, text=text), encoding="utf-8")
    return SimpleNamespace(output_path=str(folder), settings=settings(cache or folder.parent / "cache"))


def test_one_index_per_language_and_no_unused_bundles(tmp_path):
    index_site(build(tmp_path, {
        "index.html": ("it", "Casa", "Il progetto ha aiutato molte persone."),
        "en/index.html": ("en", "Home", "The project helped many people."),
    }))
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "it"]
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert not list((tmp_path / "pagefind").glob("pagefind-ui*"))


def test_languages_are_sorted_whatever_order_pagefind_wrote(tmp_path):
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text('{"version":"1","languages":{"it":{"page_count":2},"ar":{"page_count":1}}}', encoding="utf-8")
    sort_languages(entry)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1","languages":{"ar":{"page_count":1},"it":{"page_count":2}}}')


def test_unchanged_pages_reuse_the_index_and_changed_ones_do_not(tmp_path, monkeypatch):
    pages = {"index.html": ("it", "Casa", "Il progetto ha aiutato molte persone.")}
    index_site(build(tmp_path / "one", pages, tmp_path / "cache"))
    runs, stopped = [], []
    def counted_start(output, bundle):
        runs.append(output)
        return lambda: bundle.mkdir(), lambda: stopped.append(output)

    monkeypatch.setattr("search_index.search_index.start_pagefind", counted_start)
    index_site(build(tmp_path / "two", pages, tmp_path / "cache"))
    assert stopped == runs, "Pagefind, started while the pages' hash was worked out, is stopped"
    assert (tmp_path / "two" / "pagefind" / "pagefind.js").read_bytes() == (
        tmp_path / "one" / "pagefind" / "pagefind.js").read_bytes()
    index_site(build(tmp_path / "three", {"index.html": ("it", "Casa", "Un altro testo.")}, tmp_path / "cache"))
    assert len(runs) == 2 and stopped == runs[:1]
    assert (tmp_path / "three" / "pagefind").is_dir()


def test_a_failure_stops_the_build(tmp_path):
    with pytest.raises(SearchIndexError, match="Pagefind could not index"):
        index_site(SimpleNamespace(output_path=str(tmp_path / "missing"), settings=settings(tmp_path)))


def test_the_build_goes_on_while_pagefind_runs_and_compressed_copies_waits_for_it(tmp_path):
    site = build(tmp_path / "out", {"index.html": ("it", "Casa", "Il progetto ha aiutato molte persone.")})
    start_index(site)
    folder, wait = index_being_written(site)
    assert folder == tmp_path / "out" / "pagefind"
    wait()
    assert (folder / "pagefind.js").is_file()
    assert index_being_written(site) is None
    finish_index(site)  # the build's last signal: nothing left to wait for


def test_a_failure_in_the_background_stops_the_build_when_waited_for(tmp_path):
    site = SimpleNamespace(output_path=str(tmp_path / "missing"), settings=settings(tmp_path))
    start_index(site)
    with pytest.raises(SearchIndexError, match="Pagefind could not index"):
        finish_index(site)
