"""Static files of the content that could leak a file or run code are not published.

content_check refuses them before the build, with the editor's message; this is the same
rule once more where the files are published, for builds without the check (the live
preview checks on its own and carries on) and anything the check missed: a file reached
through a link (Pelican follows links to files and folders), a hidden file or folder,
an SVG that runs code.
"""

import logging
import os
import xml.parsers.expat
from pathlib import Path

logger = logging.getLogger(__name__)

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




def why_unsafe(source_path, content_root):
    """Why the static file at ``source_path`` may not be published, or None."""
    path = Path(os.path.abspath(source_path))
    relative = path.relative_to(content_root) if path.is_relative_to(content_root) else None
    if relative is None:
        return "è fuori dalla cartella content"
    for depth in range(1, len(relative.parts) + 1):
        part = content_root.joinpath(*relative.parts[:depth])
        if part.is_symlink():
            return f"passa per il collegamento «{relative.parts[depth - 1]}», che può portare fuori dalla cartella content"
        if part.name.startswith("."):
            return f"«{part.name}» è nascosto (comincia con un punto)"
    if path.suffix.lower() == ".svg" and (found := svg_code(path)):
        return f"l'immagine SVG contiene {found[0][1]} (riga {found[0][0]})"
    return None


def drop_unsafe_static_files(generator):
    content_root = Path(os.path.abspath(generator.settings["PATH"]))
    kept = []
    for static in generator.staticfiles:
        if reason := why_unsafe(static.source_path, content_root):
            logger.error("%s non viene pubblicato: %s", os.path.relpath(static.source_path), reason)
        else:
            kept.append(static)
    generator.staticfiles[:] = kept
