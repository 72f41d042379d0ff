"""Documents linked from the content (PDF, ODT, DOCX, XLSX, CSV): readable, not too heavy, with a title.

plugins/documents publishes them and labels their links; here they are checked
before the build, with advice an editor can follow on Windows.
"""

import dataclasses
import logging
import os
import zipfile

OFFICE_FILES = {"odt", "docx", "xlsx"}  # zip archives of XML
# Also said by the editor when a document is chosen (plugins/cms_config: admin/rules.js).
DOCUMENT_BYTES_MESSAGE = ("il documento pesa {size} MB, più del limite di {limit} MB (molti lo scaricano dal "
                          "telefono): riducete le foto al suo interno (in Word: File → Comprimi immagini) o dividetelo "
                          "in più file")
# pypdf logs what it repairs in a damaged file; under Pelican's --fatal warnings that would
# end the build with a traceback. Whatever matters is said in our own message.
logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)


def megabytes(size):
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def pdf_title(reader):
    """The title in the PDF's document information, else in its XMP metadata ("" if none)."""
    title = (reader.metadata or {}).get("/Title") or ""
    if not str(title).strip() and reader.xmp_metadata is not None:
        title = " ".join((reader.xmp_metadata.dc_title or {}).values())
    return str(title).strip()


def pdf_problems(path):
    """(message, is_warning) for a PDF file."""
    # Imported here: pypdf takes a tenth of a second to import, and most builds link no PDF.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return [("il PDF è protetto da password: salvatelo di nuovo senza password", False)]
        title = pdf_title(reader)
    except (PdfReadError, ValueError, OSError):
        return [("il file non è un PDF leggibile: esportatelo di nuovo in PDF", False)]
    if not title:
        return [("il PDF non ha un titolo nelle sue proprietà: chi usa un lettore di schermo sente solo il "
                 "nome del file. In Word o LibreOffice scrivete il titolo in File → Proprietà (o Informazioni) "
                 "→ Titolo, poi esportate di nuovo il PDF", True)]
    return []


def document_problems(path, max_bytes):
    """(message, is_warning) for a linked document that exists."""
    kind = path.suffix.lstrip(".").lower()
    if not os.access(path, os.R_OK):
        return [("il file non si può leggere (permessi): copialo di nuovo nella cartella", False)]
    size = path.stat().st_size
    if size > max_bytes:
        return [(DOCUMENT_BYTES_MESSAGE.format(size=megabytes(size), limit=megabytes(max_bytes)), False)]
    if kind == "pdf":
        return pdf_problems(path)
    if kind in OFFICE_FILES:
        try:
            with zipfile.ZipFile(path) as archive:
                damaged = archive.testzip()
        except (zipfile.BadZipFile, OSError):
            damaged = True
        if damaged:
            return [(f"il file non è un documento {kind.upper()} leggibile: apritelo e salvatelo di nuovo", False)]
    if kind == "csv":
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return [("il file CSV non è in UTF-8 (le lettere accentate si leggerebbero male): in Excel "
                     "«Salva con nome» → «CSV UTF-8 (delimitato da virgole)»", False)]
    return []


def check_document(source, line, target, path, settings):
    """The problems of the document at ``path``, linked as ``target`` at ``line`` of ``source``."""
    if path.suffix.lstrip(".").lower() not in settings["DOCUMENT_EXTENSIONS"]:
        return []
    return [dataclasses.replace(source.problem(line, "documento", f"«{target}»: {message}"), warning=warning)
            for message, warning in document_problems(path, settings["DOCUMENT_MAX_BYTES"])]
