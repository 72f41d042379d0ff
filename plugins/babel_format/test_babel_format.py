from datetime import date

from babel_format.babel_format import iso_date, long_date, number

FORMATS = {"giorno": "full", "mese": "MMMM y", "anno": "y"}


def test_full_italian_date_needs_no_system_locale():
    assert long_date(date(2024, 5, 10), locale="it", formats=FORMATS) == "venerdì 10 maggio 2024"


def test_precision_limits_what_is_shown():
    day = date(2022, 4, 1)
    assert long_date(day, "mese", locale="it", formats=FORMATS) == "aprile 2022"
    assert long_date(day, "anno", locale="it", formats=FORMATS) == "2022"
    assert iso_date(day, formats=FORMATS) == "2022-04-01"
    assert iso_date(day, "mese", formats=FORMATS) == "2022-04"
    assert iso_date(day, "anno", formats=FORMATS) == "2022"


def test_other_languages_follow_their_locale():
    assert long_date(date(2024, 5, 10), locale="fr", formats=FORMATS) == "vendredi 10 mai 2024"


def test_numbers_use_the_italian_thousands_separator():
    assert number(3000, locale="it") == "3.000"
