from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings

from babel_format.babel_format import iso_date, long_date, number

SETTINGS = read_settings(str(Path(__file__).parents[2] / "pelicanconf.py"))
FORMATS = SETTINGS["DATE_PRECISION_FORMATS"]


def rendering(lang=None):
    """The template context of a page in ``lang`` (None: a page without one)."""
    return {"page": SimpleNamespace(lang=lang), "DEFAULT_LANG": "it", "LANGUAGES": SETTINGS["LANGUAGES"]}


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
    assert long_date(rendering("zh-Hans"), day, formats=FORMATS) == "2024年5月10日星期五"
    assert long_date(rendering("pa"), day, formats=FORMATS) == "ਸ਼ੁੱਕਰਵਾਰ, 10 ਮਈ 2024"
    assert long_date(rendering(None), day, formats=FORMATS) == "venerdì 10 maggio 2024"


def test_a_month_is_ordered_and_inflected_by_each_language():
    day = date(2024, 5, 10)
    # The month alone, not «травня» (of May), which only fits before a day.
    assert long_date(rendering("uk"), day, "mese", formats=FORMATS) == "травень 2024\u202fр."
    assert long_date(rendering("zh-Hans"), day, "mese", formats=FORMATS) == "2024年5月"


@pytest.mark.parametrize("lang", sorted(SETTINGS["LANGUAGES"]))
def test_every_language_writes_latin_digits(lang):
    # docs/lingue.md: Latin digits in every language, dates and numbers alike.
    written = long_date(rendering(lang), date(2024, 5, 10), formats=FORMATS) + number(rendering(lang), 3000)
    assert "2024" in written and "10" in written and "3" in written and "000" in written


def test_numbers_use_the_page_language_separators():
    assert number(rendering("it"), 3000) == "3.000"
    assert number(rendering("en"), 3000) == "3,000"
    assert number(rendering("bn"), 3000) == "3,000"
