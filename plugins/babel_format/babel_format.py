"""Jinja filters that format dates and numbers with Babel.

Pelican's own date formatting goes through the operating system's locales,
which a fresh machine does not have (dates then silently come out in English).
Babel carries its own locale data, so these filters give the same output
everywhere, in the language of the page being rendered (its ``lang``):
``{{ page.date | long_date }}`` → "venerdì 10 maggio 2024" on an Italian page.

How much of a date is known is the item's ``precisione_data`` field, mapped
by the ``DATE_PRECISION_FORMATS`` setting to Babel's format ``full`` or to a
skeleton (``yMMMM``), which each language orders and inflects itself. Babel's
locale is the ``locale`` of the page's entry in ``LANGUAGES`` (``zh-Hans``:
``zh_Hans``). Digits are Latin in every language: Babel writes dates only with
them, and a page mixing two kinds of digit reads worse than either.
"""

import datetime
from functools import cache, partial

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from jinja2 import pass_context
from pelican import signals

ISO_FORMATS = {"full": "%Y-%m-%d", "yMMMM": "%Y-%m", "y": "%Y"}
# Babel's named date formats; any other pattern is a skeleton.
NAMED_FORMATS = {"full", "long", "medium", "short"}


def page_locale(context):
    """Babel's locale for the language of the page being rendered (its ``lang``), else the site's."""
    item = context.get("article") or context.get("page")
    lang = getattr(item, "lang", None) or context["DEFAULT_LANG"]
    return context["LANGUAGES"][lang]["locale"]


def long_date(context, value, precision=None, *, formats):
    """The date in words, in the page's language, as precise as ``precision`` says (default: the day)."""
    pattern = formats[precision] if precision else "full"
    day = value.date() if isinstance(value, datetime.datetime) else value
    return formatted_date(day, pattern, page_locale(context))


@cache
def formatted_date(day, pattern, locale):
    # A news item's date is shown on its page and in every list it is in: format it once.
    if pattern in NAMED_FORMATS:
        return format_date(day, pattern, locale=locale)
    return format_skeleton(pattern, day, locale=locale)


def iso_date(value, precision=None, *, formats):
    """The same date for a ``<time datetime>`` attribute."""
    pattern = formats[precision] if precision else "full"
    # date's own strftime: Pelican's dates override it with a slower one made for "%-d".
    return datetime.date.strftime(value, ISO_FORMATS[pattern])


def number(context, value):
    return format_decimal(value, locale=page_locale(context))


def add_filters(pelican):
    formats = pelican.settings["DATE_PRECISION_FORMATS"]
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(
        long_date=pass_context(partial(long_date, formats=formats)),
        iso_date=partial(iso_date, formats=formats),
        number=pass_context(number),
    )


def register():
    signals.initialized.connect(add_filters)
