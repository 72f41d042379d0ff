from datetime import date
from types import SimpleNamespace

from babel_format.babel_format import iso_date, long_date, number

FORMATS = {"giorno": "full", "mese": "MMMM y", "anno": "y"}


def rendering(lang=None):
    """The template context of a page in ``lang`` (None: a page without one)."""
    return {"page": SimpleNamespace(lang=lang), "DEFAULT_LANG": "it"}


def test_full_italian_date_needs_no_system_locale():
    assert long_date(rendering("it"), date(2024, 5, 10), formats=FORMATS) == "venerdì 10 maggio 2024"


def test_precision_limits_what_is_shown():
    day = date(2022, 4, 1)
    assert long_date(rendering("it"), day, "mese", formats=FORMATS) == "aprile 2022"
    assert long_date(rendering("it"), day, "anno", formats=FORMATS) == "2022"
    assert iso_date(day, formats=FORMATS) == "2022-04-01"
    assert iso_date(day, "mese", formats=FORMATS) == "2022-04"
    assert iso_date(day, "anno", formats=FORMATS) == "2022"


def test_dates_follow_the_language_of_the_page():
    day = date(2024, 5, 10)
    assert long_date(rendering("fr"), day, formats=FORMATS) == "vendredi 10 mai 2024"
    assert long_date(rendering("en"), day, formats=FORMATS) == "Friday, May 10, 2024"
    assert "مايو" in long_date(rendering("ar"), day, formats=FORMATS)
    assert long_date(rendering(None), day, formats=FORMATS) == "venerdì 10 maggio 2024"


def test_numbers_use_the_page_language_separators():
    assert number(rendering("it"), 3000) == "3.000"
    assert number(rendering("en"), 3000) == "3,000"
