"""Jinja filters that format dates and numbers with Babel.

Pelican's own date formatting goes through the operating system's locales,
which a fresh machine does not have (dates then silently come out in English).
Babel carries its own locale data, so these filters give the same Italian
output everywhere: ``{{ page.date | long_date }}`` → "venerdì 10 maggio 2024".

How much of a date is known is the item's ``precisione_data`` field, mapped
to a Babel pattern by the ``DATE_PRECISION_FORMATS`` setting.
"""

from functools import partial

from babel.dates import format_date
from babel.numbers import format_decimal
from pelican import signals

ISO_FORMATS = {"full": "%Y-%m-%d", "MMMM y": "%Y-%m", "y": "%Y"}


def long_date(value, precision=None, *, locale, formats):
    """The date in words, as precise as ``precision`` says (default: the day)."""
    pattern = formats[precision] if precision else "full"
    return format_date(value, pattern, locale=locale)


def iso_date(value, precision=None, *, formats):
    """The same date for a ``<time datetime>`` attribute."""
    pattern = formats[precision] if precision else "full"
    return value.strftime(ISO_FORMATS[pattern])


def number(value, *, locale):
    return format_decimal(value, locale=locale)


def add_filters(pelican):
    settings = pelican.settings
    locale = settings["DEFAULT_LANG"]
    formats = settings["DATE_PRECISION_FORMATS"]
    settings.setdefault("JINJA_FILTERS", {}).update(
        long_date=partial(long_date, locale=locale, formats=formats),
        iso_date=partial(iso_date, formats=formats),
        number=partial(number, locale=locale),
    )


def register():
    signals.initialized.connect(add_filters)
