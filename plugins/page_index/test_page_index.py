from page_index.page_index import second_level_headings


def test_lists_second_level_headings_with_ids_in_order():
    html = (
        '<h2 id="uno">Gli <em>obiettivi</em></h2><p>x</p>'
        '<h3 id="sotto">Sotto</h3>'
        '<h2 id="due">Il  finanziamento\n e la gestione</h2>'
    )
    assert second_level_headings(html) == [
        ("uno", "Gli obiettivi"),
        ("due", "Il finanziamento e la gestione"),
    ]


def test_headings_without_id_and_empty_content_are_skipped():
    assert second_level_headings("<h2>Senza id</h2>") == []
    assert second_level_headings("") == []
    assert second_level_headings(None) == []
