"""Two of Pelican's own steps that take quadratic time, done in linear time.

With 10,000 news items they cost about 3 s of every build (profiles in docs/performance.md):

* tag, category and author pages are off (their ``*_SAVE_AS`` empty), yet Pelican lists
  the articles of each with a scan of all articles per article before writing nothing:
  those steps are skipped;
* Pelican picks the translations with ``x not in index`` for every item: the same
  result with a set.

The live preview (plugins/live_preview) relies on both at every save.
"""

from itertools import groupby
from operator import attrgetter

import pelican.generators
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


def register():
    pelican.generators.process_translations = process_translations
    signals.article_generator_init.connect(skip_pages_that_are_off)
