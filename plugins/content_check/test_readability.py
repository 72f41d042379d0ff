import pytest

from content_check.readability import gulpease


def test_one_sentence_computed_by_hand():
    # 7 words, 35 letters, 1 sentence: 89 + (300 - 350) / 7
    assert gulpease("La rete ha unito diciotto comuni italiani.") == pytest.approx(89 - 50 / 7)


def test_apostrophes_numbers_and_two_sentences():
    # L'|Unione|europea|ha|pagato|oltre|3.000|euro ; Il|progetto|è|finito
    # 12 words, 52 letters (3.000 is one word of 4), 2 sentences: 89 + (600 - 520) / 12
    text = "L'Unione europea ha pagato oltre 3.000 euro. Il progetto è finito."
    assert gulpease(text) == pytest.approx(89 + 80 / 12)


def test_long_words_and_sentences_score_lower():
    hard = ("L'implementazione dell'intervento prevedeva l'individuazione di soluzioni abitative "
            "temporanee mediante rifunzionalizzazione di immobili comunali sottoutilizzati")
    assert gulpease(hard) < 40 < 60 < gulpease("Il progetto aiuta le persone. Trova una casa.")


def test_empty_text_has_no_score():
    assert gulpease("") is None
    assert gulpease(" … ") is None
