"""HTML that the sanitiser would take out of a page, reported to the editor who wrote it.

The text and the summary are rendered as Pelican renders them (Markdown with the site's
extensions); what plugins/sanitise would remove from the result is an error naming the
element, attribute or address, at the line of the source that has it. The check compares
with the sanitiser itself, not with patterns of the source: whatever way an editor writes
it (HTML, attr_list's {: onclick=… }, entities, an escaped backtick), what would not be
published is reported. The title is text: any HTML element in it is reported too.
"""

import re
from html import unescape

import markdown

ADVICE = "il sito non esegue codice e non carica contenuti da altri siti; togliete questa parte"
URL_ADVICE = ("un link porta a una pagina del sito, a un indirizzo https://, a un'e-mail (mailto:) "
              "o a un telefono (tel:); togliete o correggete l'indirizzo")
CLASS_ADVICE = "l'unica classe che potete usare è {: .decorativa } sulle immagini; togliete questa parte"
# What Markdown itself makes from plain Markdown and the sanitiser drops, harmlessly: the
# alignment of a table's columns (|:--|), written as style (the column is just not aligned).
MARKDOWN_MADE = re.compile(r"text-align: (left|right|center);")
# Text that can make HTML the sanitiser removes: raw HTML and autolinks (<), attr_list ({),
# entities (&), backslash escapes, and a link or reference whose address has a colon (a scheme,
# however written). Other text makes only elements and addresses the sanitiser keeps: it is
# not rendered, which saves the check a Markdown rendering per file (the synthetic news of the
# benchmarks, for one). This saves time only; the sanitiser, which sees every page, is the net.
# (A reference's address may be on the line after its label, as Python-Markdown allows.)
LINK_WITH_COLON = re.compile(r"\]\([^)]*:|^[ ]{0,3}\[[^\]\n]*\]:[ \t]*\n?[^\n]*:", re.MULTILINE)
# Pelican's links to other content, ]({filename}/pages/progetto.md): their braces are no attr_list,
# and the rest of the address is still looked at.
PELICAN_LINK_PREFIX = re.compile(r"\]\([{|](?:filename|static|attach)[}|]")


def may_make_removed_html(text):
    text = PELICAN_LINK_PREFIX.sub("](", text)
    return any(character in text for character in "<{&\\") or bool(LINK_WITH_COLON.search(text))


RENDERERS = {}  # repr of the MARKDOWN setting: its Markdown instance, reset for every text


def rendered(text, settings):
    """``text`` rendered as Pelican's Markdown reader renders it (pelicanconf.py, MARKDOWN)."""
    configuration = settings.get("MARKDOWN", {})
    key = repr(configuration)
    if key not in RENDERERS:
        configs = configuration.get("extension_configs", {})
        RENDERERS[key] = markdown.Markdown(extensions=list(configs), extension_configs=configs,
                                           output_format=configuration.get("output_format", "html5"))
    return RENDERERS[key].reset().convert(text)


def source_line(removal, needle, text, first_line, settings):
    """The line of ``text`` (lines counted from ``first_line``) that makes ``removal``.

    The first line where ``needle`` appears, as written or once its entities are decoded
    (&#106;avascript:); else the first paragraph that, rendered alone, makes it; else the first line.
    """
    if needle:
        found = text.lower().find(needle.lower())
        if found >= 0:
            return first_line + text.count("\n", 0, found)
        for number, line in enumerate(text.split("\n"), start=first_line):
            if needle.lower() in unescape(line).lower():  # &#106;avascript:
                return number
    from sanitise.sanitise import removals

    offset = 0
    for block in re.split(r"(\n\s*\n)", text):
        if removal in removals(rendered(block, settings)):
            return first_line + text.count("\n", 0, offset)
        offset += len(block)
    return first_line


def needle_of(what, value):
    """What to look for in the source to find the line of a removal."""
    if what.startswith("<"):
        return what[:-1]  # «<svg»
    if what in ("href", "src", "srcset"):
        return value.strip()[:20]
    if what == "class":
        return value
    return what


def message_of(what, value, description):
    if what in ("href", "src", "srcset") and ":" in value:
        return f"il codice HTML non è permesso qui: {description} non è un indirizzo ammesso: {URL_ADVICE}"
    if what == "class":
        return f"il codice HTML non è permesso qui: {description}: {CLASS_ADVICE}"
    return f"il codice HTML non è permesso qui: {description} non è permesso: {ADVICE}"


def check_html(source, settings):
    """The problems of one file's text, summary and title that the sanitiser would remove."""
    # Imported here: Pelican loads plugins in order, and content_check comes first.
    from sanitise.sanitise import StartTags, removals

    problems = []
    body_html = rendered(source.body, settings) if may_make_removed_html(source.body) else ""
    for removal in removals(body_html):
        what, value, description = removal
        if what == "style" and MARKDOWN_MADE.fullmatch(value):
            continue
        line = source_line(removal, needle_of(what, value), source.body, source.body_line, settings)
        problems.append(source.problem(line, "html", message_of(what, value, description)))
    if (summary := source.fields.get("summary")) and may_make_removed_html(summary):
        for what, value, description in removals(rendered(summary, settings)):
            problems.append(source.field_problem("summary", message_of(what, value, description)))
    if "<" in (title := source.fields.get("title", "")):
        for tag, _ in StartTags(title).tags:
            problems.append(source.field_problem("title", (
                f"il codice HTML non è permesso qui: il titolo è solo testo, e <{tag}> comparirebbe così com'è; "
                "togliete questa parte")))
    return problems
