from content_check.content_check import read_source
from content_check.translations import fingerprint, mark_reviewed


def source(path, text):
    path.write_bytes(text.encode("utf-8"))
    return read_source(path, "comuni")[0]


def test_the_fingerprint_covers_title_summary_and_text_only(tmp_path):
    original = source(tmp_path / "a.md", "Title: Latina\nDate: 2022-04-01\nSummary: Un comune.\n\nTesto.\n")
    same = source(tmp_path / "b.md", "Title: Latina\r\nDate: 2026-01-01\r\nTodo: foto\r\nSummary: Un comune.\r\n"
                                     "\r\nTesto.   \r\n")
    changed = source(tmp_path / "c.md", "Title: Latina\nDate: 2022-04-01\nSummary: Un comune.\n\nTesto nuovo.\n")
    assert fingerprint(original) == fingerprint(same) != fingerprint(changed)
    assert len(fingerprint(original)) == 12


def test_marking_reviewed_writes_or_replaces_the_field_and_keeps_line_ends(tmp_path):
    original = source(tmp_path / "latina.md", "Title: Latina\nSummary: Un comune.\n\nTesto.\n")
    translation = tmp_path / "latina.en.md"
    translation.write_bytes(b"Title: Latina\r\nSummary: A town.\r\n\r\nText.\r\n")
    value = mark_reviewed(translation, original)
    expected = f"Title: Latina\r\nSummary: A town.\r\nImpronta_originale: {value}\r\n\r\nText.\r\n"
    assert translation.read_bytes() == expected.encode()
    translation.write_text("Title: Latina\nimpronta_originale: 000000000000\nSummary: A town.\n\nText.\n")
    mark_reviewed(translation, original)
    assert translation.read_text() == f"Title: Latina\nImpronta_originale: {value}\nSummary: A town.\n\nText.\n"
