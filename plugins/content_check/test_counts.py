import pytest

from content_check.counts import counts_in


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("it", "Una rete di 18 comuni e cinque miniprogetti.", [(18, "municipality"), (5, "miniproject")]),
    ("it", "Astrolabio ha realizzato cinque piccoli progetti locali.", [(5, "miniproject")]),
    ("en", "18 large Italian cities; five small local projects", [(18, "municipality"), (5, "miniproject")]),
    ("fr", "l'une des 18 communes; cinq mini-projets; dix-huit communes", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("ar", "واحدة من 18 بلدية. خمسة مشاريع محلية صغيرة. البلديات الـ18", [
        (18, "municipality"), (5, "miniproject"), (18, "municipality")]),
    ("ar", "١٨ بلدية", [(18, "municipality")]),
])
def test_counts_in_digits_or_words_in_each_language(lang, text, expected):
    assert [(number, kind) for _, _, number, kind, _ in counts_in(text, lang)] == expected


def test_other_is_noticed_before_between_or_after():
    found = [(number, other) for _, _, number, _, other in [
        *counts_in("insieme ad altri 17 comuni", "it"), *counts_in("with 17 other Italian cities", "en"),
        *counts_in("مع 17 بلدية إيطالية أخرى", "ar"), *counts_in("in 17 comuni", "it")]]
    assert found == [(17, True), (17, True), (17, True), (17, False)]


@pytest.mark.parametrize("text", [
    "circa 600 progetti individuali", "tre dei comuni", "Sei in: comuni", "nel 2022, comuni e città",
    "tre campi di lavoro nei comuni",
])
def test_numbers_that_do_not_count_pages_are_left_alone(text):
    assert counts_in(text, "it") == ()


def test_the_nearest_number_counts():
    assert [number for _, _, number, _, _ in counts_in("tre dei 18 comuni", "it")] == [18]
