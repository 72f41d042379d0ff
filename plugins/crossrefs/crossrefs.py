"""Resolve references between content by slug, in both directions.

A news item or mini-project names the municipalities it concerns in its front
matter (``Comuni: latina, roma``) and a news item its mini-projects
(``Miniprogetti: shared-city``); the fields and the kinds they point to are the
``CROSSREF_FIELDS`` setting. After this plugin runs, every item has

* ``item.refs[kind]``: the items it names, in the order written;
* ``item.backrefs[kind]``: the items of that kind that name it, news newest
  first and everything else by title.

A slug that names nothing fails the build, naming the file, the field and the slug.
"""

import os
from collections import defaultdict
from functools import cache

from pelican import signals


class UnknownReferenceError(Exception):
    """One or more front-matter references name no existing content."""


def split_slugs(value):
    return list(slugs_of(str(value)))


@cache
def slugs_of(text):
    # Once per distinct field: the live preview links every item again at each save.
    return tuple(slug.strip() for slug in text.split(",") if slug.strip())


def _sort_key(item):
    # Kept on the item: the live preview keeps an unchanged file's item and links every item again.
    key = item.__dict__.get("backref_sort_key")
    if key is None:
        if item.kind == "news":
            key = (0, -item.date.timestamp(), item.title)
        else:
            key = (1, 0, item.title.casefold())
        item.backref_sort_key = key
    return key


def link_content(contents, fields):
    """Fill refs/backrefs on ``contents``; return the list of problems found."""
    by_kind = defaultdict(dict)
    for item in contents:
        by_kind[item.kind][item.slug] = item
        item.refs = defaultdict(list)
        item.backrefs = defaultdict(list)

    problems = []
    for item in contents:
        for field, kind in fields.items():
            for slug in split_slugs(item.metadata.get(field, "")):
                target = by_kind[kind].get(slug)
                if target is None:
                    known = ", ".join(sorted(by_kind[kind])) or "nessuno"
                    problems.append(
                        f"{os.path.relpath(item.source_path)}: campo '{field}': '{slug}' non esiste "
                        f"(valori possibili: {known})"
                    )
                    continue
                item.refs[kind].append(target)
                target.backrefs[item.kind].append(item)

    for item in contents:
        for referrers in item.backrefs.values():
            referrers.sort(key=_sort_key)
    return problems


def link_key(item, fields):
    """What linking reads of an item: what it is, what it names, what its referrers are sorted by."""
    key = item.__dict__.get("crossref_key")
    if key is None:
        key = item.crossref_key = (item.kind, item.slug, getattr(item, "date", None), item.title,
                                   tuple(str(item.metadata.get(field, "")) for field in fields))
    return key


def relink_changed(contents, fields, last):
    """Link only the items that replace one of the last linking (``last``: {source path: item}), if each
    reads the same as the one it replaces; return whether that was so (else nothing is done).

    The live preview links the same objects again at each save: only a changed file's is new.
    It takes the place of the old one in the lists of the items it names and that name it.
    """
    if len(contents) != len(last):
        return False
    replacing = {}  # id of the old item: the new one
    for item in contents:
        old = last.get(item.source_path)
        if old is item:
            continue
        if old is None or link_key(old, fields) != link_key(item, fields):
            return False
        replacing[id(old)] = item
    renewed = {id(item) for item in replacing.values()}
    for old in [last[item.source_path] for item in replacing.values()]:
        new = replacing[id(old)]
        for name in ("refs", "backrefs"):
            setattr(new, name, defaultdict(list, {kind: [replacing.get(id(other), other) for other in others]
                                                  for kind, others in getattr(old, name).items()}))
        for targets in new.refs.values():
            for target in targets:
                if id(target) not in renewed:  # kept: its list still holds the old item
                    backrefs = target.backrefs[new.kind]
                    backrefs[:] = [new if other is old else other for other in backrefs]
        for referrers in new.backrefs.values():
            for referrer in referrers:
                if id(referrer) not in renewed:
                    refs = referrer.refs[new.kind]
                    refs[:] = [new if other is old else other for other in refs]
    return True


LAST_LINKED = {}  # {source path: item} of the last linking that succeeded in this process


def link_generated_content(generators):
    context = generators[0].context
    contents = [*context["pages"], *context["hidden_pages"], *context["articles"]]
    if not contents:
        return
    fields = contents[0].settings["CROSSREF_FIELDS"]
    if not relink_changed(contents, fields, LAST_LINKED):
        LAST_LINKED.clear()
        problems = link_content(contents, fields)
        if problems:
            raise UnknownReferenceError(
                "riferimenti a contenuti inesistenti:\n" + "\n".join(problems)
            )
    LAST_LINKED.clear()
    LAST_LINKED.update((item.source_path, item) for item in contents)


def register():
    signals.all_generators_finalized.connect(link_generated_content)
