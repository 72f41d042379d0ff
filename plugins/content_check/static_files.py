"""Files of the content folder that must not be published: links, hidden files, SVGs with code.

Pelican publishes the static folders (STATIC_PATHS) as they are, and follows links. An editor's
account, if taken over, could add a link to a file outside the repository (its text would be
published), a hidden file (".env": settings, passwords) or an SVG drawing that runs a script
when opened at the site's own address. Each is refused, with the file and what to do.
"""

import os
import xml.parsers.expat

SYMLINK = ("«{name}» è un collegamento (link simbolico): può portare fuori dalla cartella content, a file "
           "che non vanno pubblicati; metti qui una copia del file al posto del collegamento")
HIDDEN = ("«{name}» comincia con un punto: è un file nascosto (impostazioni, password) e il sito non lo "
          "pubblica; toglilo dalla cartella content")
SVG_ADVICE = ("il sito non pubblica disegni che eseguono codice: esporta di nuovo il disegno senza script "
              "(per esempio «SVG semplice» in Inkscape) o salvalo come PNG")
# Elements of an SVG that run code or show another document.
SVG_CODE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
# Animation elements that could set an attribute: harmless unless they set a link or a handler.
SVG_SETTERS = {"set", "animate"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def local_name(name):
    """«{http://www.w3.org/1999/xlink}href» and «xlink:href» → «href»."""
    return name.rpartition("}")[2].rpartition(":")[2].lower()


def svg_code(path):
    """(line, what) for each part of the SVG file at ``path`` that runs code; an unreadable file is one too."""
    found = []
    parser = xml.parsers.expat.ParserCreate()
    # Entity definitions expand into anything (and into gigabytes): a drawing does not need them.
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(*args):
        found.append((parser.CurrentLineNumber, "una definizione <!ENTITY>"))

    def start(name, attributes):
        tag = local_name(name)
        if tag in SVG_CODE_ELEMENTS:
            found.append((parser.CurrentLineNumber, f"l'elemento <{tag}>"))
        for attribute, value in attributes.items():
            attribute = local_name(attribute)
            address = "".join(value.split()).lower()  # browsers ignore spaces and tabs in a scheme
            if attribute.startswith("on"):
                found.append((parser.CurrentLineNumber, f"l'attributo {attribute}="))
            elif attribute == "href" and ":" in address.split("/")[0] and not address.startswith(SAFE_SCHEMES):
                shown = value[:40].replace("\t", "⇥")  # a tab in «java	script:» is invisible
                found.append((parser.CurrentLineNumber, f"l'indirizzo «{shown}»"))
            elif tag in SVG_SETTERS and attribute == "attributename" and (
                    local_name(value) == "href" or local_name(value).startswith("on")):
                found.append((parser.CurrentLineNumber, f"un'animazione che cambia {value}"))

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    try:
        parser.Parse(path.read_bytes(), True)
    except xml.parsers.expat.ExpatError as error:
        found.append((error.lineno, f"un errore di XML ({xml.parsers.expat.ErrorString(error.code)})"))
    return found


def static_file_problems(folder, names, display, problem):
    """The problems of the files and folders ``names`` of ``folder`` (as os.walk lists them)."""
    problems = []
    for name in names:
        path = os.path.join(folder, name)
        if os.path.islink(path):
            problems.append(problem(display(path), 1, "file", SYMLINK.format(name=name)))
        elif name.startswith("."):
            problems.append(problem(display(path), 1, "file", HIDDEN.format(name=name)))
        elif name.lower().endswith(".svg") and os.path.isfile(path):
            from pathlib import Path

            problems += [problem(display(path), line, "file", f"l'immagine SVG contiene {what}: {SVG_ADVICE}")
                         for line, what in svg_code(Path(path))]
    return problems
