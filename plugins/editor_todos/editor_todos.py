"""List what the editors still have to complete, at the end of every build.

Where a page lacks information that must not be invented (a contact, the
period of a mini-project), editors write a ``Todo:`` field or a visible
``[DA COMPLETARE: …]`` placeholder in the text. This plugin collects both and
prints them, so they are never forgotten; they do not stop the development
build (a publish build refuses placeholders: content_check/placeholders.py).
"""

from pathlib import Path

from content_check.placeholders import PLACEHOLDER
from pelican import signals
from pelican.log import console

# How many to-dos the last build in this process listed: `invoke check` closes with the count.
last_count = 0


def todos_of(item):
    """The description of every to-do in one page or news item."""
    found = []
    if item.metadata.get("todo"):
        found.append(str(item.metadata["todo"]).strip())
    text = (item.metadata.get("summary") or "") + (item._content or "")
    found.extend(placeholder.strip() or "segnaposto nel testo" for placeholder in PLACEHOLDER.findall(text))
    return found


def kept_todos_of(item):
    # Kept on the item: the live preview keeps an unchanged file's item from one build to the next.
    if not hasattr(item, "editor_todos"):
        item.editor_todos = todos_of(item)
    return item.editor_todos


def report_todos(generators):
    global last_count
    context = generators[0].context
    items = [*context["pages"], *context["hidden_pages"], *context["articles"]]
    lines = []
    for item in sorted(items, key=lambda item: item.source_path):
        if todos := kept_todos_of(item):
            path = Path(item.source_path).relative_to(Path(item.settings["PATH"]).parent)
            lines.extend(f"  {path}: {todo}" for todo in todos)
    last_count = len(lines)
    if lines:
        console.print(f"Da completare ({len(lines)}):", *lines, sep="\n", highlight=False, soft_wrap=True)


def register():
    signals.all_generators_finalized.connect(report_todos)
