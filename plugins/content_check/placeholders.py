"""Unfinished text: ``[DA COMPLETARE: …]`` placeholders, which a published site never shows.

Editors write a placeholder where a page still lacks a fact that must not be
invented. The development build shows it (and plugins/editor_todos lists it);
a publish build (``PUBLISHING``) stops at the first check and lists each one.
A ``Todo:`` field, instead, is a reminder that readers never see: it does not
stop publishing.
"""

import re

# The placeholder as editors write it, also in bold (**[DA COMPLETARE: …]**).
PLACEHOLDER = re.compile(r"\[DA COMPLETARE:?\s*([^\]]*)\]")
# Also said by the editor before saving (plugins/cms_config: admin/rules.json).
PLACEHOLDER_MESSAGE = ("«{placeholder}»: il sito pubblico non si costruisce con un testo da completare: scrivete "
                       "l'informazione che manca al posto del segnaposto (se non la conoscete ancora, togliete la "
                       "frase)")


def check_placeholders(sources):
    """One problem per placeholder, anywhere in the file (front matter included)."""
    problems = []
    for source in sources:
        for match in PLACEHOLDER.finditer(source.text):
            line = source.text.count("\n", 0, match.start()) + 1
            problems.append(source.problem(line, "segnaposto", PLACEHOLDER_MESSAGE.format(placeholder=match.group(0))))
    return problems
