import pytest
from pydantic import ValidationError

from content_check.content_check import read_source
from content_check.schema import TranslationMeta
from content_check.translations import awaiting_native_review, fingerprint, mark_reviewed, native_review_report


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


def test_translations_awaiting_a_native_speakers_review_are_listed_per_language(tmp_path):
    sources = [source(tmp_path / name, text) for name, text in (
        ("latina.md", "Title: Latina\nSummary: Un comune.\n\nTesto.\n"),
        ("latina.pa.md", "Title: ਲਾਤੀਨਾ\nSummary: ਇੱਕ ਸ਼ਹਿਰ।\n\nਲਿਖਤ।\n"),
        ("latina.ur.md", "Title: لاتینا\nSummary: ایک شہر۔\nRevisione_madrelingua: Nome Cognome, 2026-12-01\n\nمتن۔\n"),
        ("latina.zh-Hans.md", "Title: 拉蒂纳\nSummary: 城市。\n\n文本。\n"))]
    waiting = awaiting_native_review(sources)
    assert {lang: [path.rsplit("/", 1)[-1] for path in files] for lang, files in waiting.items()} == {
        "pa": ["latina.pa.md"], "zh-Hans": ["latina.zh-Hans.md"]}
    languages = {"it": {"name": "Italiano"}, "zh-Hans": {"name": "简体中文"}, "pa": {"name": "ਪੰਜਾਬੀ"}}
    lines = native_review_report(waiting, languages)
    assert lines[0].startswith("Traduzioni in attesa di revisione madrelingua")
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["zh-Hans (简体中文)", "pa (ਪੰਜਾਬੀ)"]  # as in LANGUAGES
    assert native_review_report({}, languages) == []


def test_a_native_review_names_who_and_when():

    fields = {"title": "Latina", "summary": "A town."}
    assert TranslationMeta(**fields, revisione_madrelingua=" Nome Cognome, 2026-12-01 ").revisione_madrelingua == \
        "Nome Cognome, 2026-12-01"
    for wrong in ("Nome Cognome", "2026-12-01", "Nome Cognome, 2026-13-01", ", 2026-12-01"):
        with pytest.raises(ValidationError, match="non è una revisione"):
            TranslationMeta(**fields, revisione_madrelingua=wrong)
