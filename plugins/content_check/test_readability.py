import pytest

from content_check.readability import SENTENCE_END, WORD, gulpease


def test_one_sentence_computed_by_hand():
    # 7 words, 35 letters, 1 sentence: 89 + (300 - 350) / 7
    assert gulpease("La rete ha unito diciotto comuni italiani.") == pytest.approx(89 - 50 / 7)


def test_apostrophes_numbers_and_two_sentences():
    # L'|Unione|europea|ha|pagato|oltre|3.000|euro ; Il|progetto|è|finito
    # 12 words, 52 letters (3.000 is one word of 4), 2 sentences: 89 + (600 - 520) / 12
    text = "L'Unione europea ha pagato oltre 3.000 euro. Il progetto è finito."
    assert gulpease(text) == pytest.approx(89 + 80 / 12)


@pytest.mark.parametrize("text", [
    "ਪ੍ਰੋਜੈਕਟ ਖ਼ਤਮ ਹੋਇਆ। ਘਰ ਲੱਭੋ।", "প্রকল্প শেষ। ঘর খুঁজুন।", "منصوبہ ختم ہوا۔ گھر تلاش کریں۔",
    "هل انتهى المشروع؟ نعم.", "项目结束了。找到房子！", "3.000 persone. Una casa…",
])
def test_sentences_end_at_the_full_stops_of_other_scripts(text):
    assert len(SENTENCE_END.findall(text)) == 2


def test_a_text_in_two_sentences_scores_300_per_word_more_than_in_one():
    one, two = "ਪ੍ਰੋਜੈਕਟ ਖ਼ਤਮ ਹੋਇਆ ਅਤੇ ਘਰ ਲੱਭੋ", "ਪ੍ਰੋਜੈਕਟ ਖ਼ਤਮ ਹੋਇਆ। ਅਤੇ ਘਰ ਲੱਭੋ।"
    assert gulpease(two) - gulpease(one) == pytest.approx(300 / len(WORD.findall(one)))


def test_long_words_and_sentences_score_lower():
    hard = ("L'implementazione dell'intervento prevedeva l'individuazione di soluzioni abitative "
            "temporanee mediante rifunzionalizzazione di immobili comunali sottoutilizzati")
    assert gulpease(hard) < 40 < 60 < gulpease("Il progetto aiuta le persone. Trova una casa.")


def test_empty_text_has_no_score():
    assert gulpease("") is None
    assert gulpease(" … ") is None
