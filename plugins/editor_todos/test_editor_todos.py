from types import SimpleNamespace

from editor_todos.editor_todos import todos_of


def item(content, **metadata):
    return SimpleNamespace(_content=content, metadata=metadata)


def test_todo_field_and_placeholders_are_listed():
    page = item("<p><strong>[DA COMPLETARE: indirizzo di contatto]</strong> e [DA COMPLETARE]</p>",
                todo="indicare il contatto")
    assert todos_of(page) == ["indicare il contatto", "indirizzo di contatto", "segnaposto nel testo"]


def test_complete_page_has_no_todos():
    assert todos_of(item("<p>Testo completo.</p>")) == []
