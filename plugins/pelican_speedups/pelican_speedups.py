"""Three of Pelican's own steps, done with less work and the same result.

With 10,000 news items they cost about 3 s of every build, and Markdown's set-up 5 s more
of a cold one (profiles in docs/performance.md):

* tag, category and author pages are off (their ``*_SAVE_AS`` empty), yet Pelican lists
  the articles of each with a scan of all articles per article before writing nothing:
  those steps are skipped;
* Pelican picks the translations with ``x not in index`` for every item: the same
  result with a set;
* Pelican makes a new ``Markdown`` for every file it reads, loading every extension again
  (about half a millisecond a file): one instance per configuration is reset and reused,
  as Python-Markdown provides for, with the ``meta`` preprocessor that Pelican removes to
  read the summary put back.

The live preview (plugins/live_preview) relies on the first two at every save.
"""

from itertools import groupby
from operator import attrgetter

import markdown
import pelican.generators
import pelican.readers
from pelican import signals
from pelican.utils import get_original_items

OFF_PAGES = (("TAG_SAVE_AS", "generate_tags"), ("CATEGORY_SAVE_AS", "generate_categories"),
             ("AUTHOR_SAVE_AS", "generate_authors"))


def skip_pages_that_are_off(generator):
    for setting, method in OFF_PAGES:
        if not generator.settings[setting]:
            setattr(generator, method, lambda write: None)


def process_translations(content_list, translation_id=None):
    """pelican.utils.process_translations, with its last step in linear rather than quadratic time."""
    if not translation_id:
        return content_list, []
    names = [translation_id] if isinstance(translation_id, str) else list(translation_id)
    key = attrgetter(*names)
    content_list.sort(key=key)
    index = []
    for values, group in groupby(content_list, key):
        items = list(group)
        if len(items) == 1 and items[0].metadata.get("translation", "false").lower() == "false":
            # Alone and not marked as a translation (most news items): its own original, nothing to warn about.
            index.append(items[0])
            items[0].translations = []
            continue
        values = (values,) if len(names) == 1 else values
        index.extend(get_original_items(items, "with " + ", ".join(
            f'{name} "{value}"' for name, value in zip(names, values, strict=True))))
        for item in items:
            item.translations = [other for other in items if other is not item]
    originals = {id(item) for item in index}
    return index, [item for item in content_list if id(item) not in originals]


# The priority markdown.extensions.meta registers its preprocessor with.
META_PRIORITY = 27


class ReusedMarkdown:
    """``pelican.readers.Markdown``: one instance per configuration, reset for every file."""

    instances = {}  # repr of the settings: (instance, its meta preprocessor)

    def __new__(cls, **settings):
        key = repr(settings)
        if key not in cls.instances:
            instance = markdown.Markdown(**settings)
            meta = instance.preprocessors["meta"] if "meta" in instance.preprocessors else None
            cls.instances[key] = instance, meta
            return instance
        instance, meta = cls.instances[key]
        if meta and "meta" not in instance.preprocessors:  # taken out by Pelican's _parse_metadata
            instance.preprocessors.register(meta, "meta", META_PRIORITY)
        return instance.reset()


def register():
    pelican.readers.Markdown = ReusedMarkdown
    pelican.generators.process_translations = process_translations
    signals.article_generator_init.connect(skip_pages_that_are_off)
