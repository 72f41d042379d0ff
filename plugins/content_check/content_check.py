"""Check all content before Pelican builds it, and report every problem at once.

Pelican alone drops a broken file with a log line, or stops with a Python
traceback. Editors instead get one line per problem, in Italian, in the form
``path:line: campo: messaggio``, with what to do about it; the build stops
before anything is written. The same check runs as ``invoke check``.

Where the system can fork a process, the check runs in a child process while
Pelican reads the content (on the second core: a third of the checker's and
Pelican's reading time at 1,000 news items); its report is awaited before the
first page is written, or as soon as Pelican logs a warning or an error, so that
a file Pelican cannot read still gets the checker's message first.

What is checked: texts in the section folders are «.md» files (Pelican skips
«notizia.md.txt» and would publish «pagina.html» unchecked); the file is UTF-8;
the front matter is well formed and matches the schema of its kind
(``schema.py``); references by slug name
existing content; no two files get the same address; internal links lead to
an existing file and anchor; images, also those linked with ``{static}`` or
``{attach}`` from another folder, exist, have alternative text (unless marked
``{: .decorativa }``) and are whole JPEG or PNG files within the size limits, so
that the image pipeline can publish them; no image from another address or in
HTML; nothing the HTML sanitiser would remove from the rendered text and summary, and no
HTML in a title or a data file's text (``html.py``); no symbolic link, hidden file or SVG with
code anywhere under the content folder (``static_files.py``); no file over MARKDOWN_MAX_BYTES;
headings start at
``##`` and skip no level; link text says where the link goes; data files are
valid TOML; no two files of one kind and language share a title (a warning).
Files are read as Pelican reads them: CRLF line endings and a UTF-8 byte order
mark, as Windows editors save them, change nothing.
"""

import calendar
import datetime
import difflib
import html
import logging
import os
import pickle
import re
import sys
import tomllib
import traceback
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Literal, get_args, get_origin
from urllib.parse import unquote

from babel.dates import get_month_names
from markdown.extensions.toc import slugify
from pelican import signals
from PIL import Image

from .counts import check_counts
from .documents import check_document
from .html import check_html
from .photos import check_photos, is_photo
from .placeholders import check_placeholders
from .readability import gulpease
from .static_files import static_file_problems
from .translations import check_translations_current

# Summaries are for readers with little Italian: below this Gulpease score, warn.
MIN_GULPEASE = 60

# Python-Markdown's meta extension, which Pelican's Markdown reader uses.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]+`")
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$", re.MULTILINE)
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)(?P<attrs>\{:[^}]*\})?")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
INTRASITE = re.compile(r"^[{|](?P<what>filename|static|attach)[|}](?P<path>[^#]*)(?:#(?P<anchor>.*))?$")
# Images written in HTML would bypass the checks below and the image pipeline.
HTML_IMAGE = re.compile(r"<\s*(img|picture|source)\b", re.IGNORECASE)
# Images whose file is given elsewhere, by a reference: ![Foto][piazza] … [piazza]: foto.jpg
REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\[(?P<label>[^\]]*)\])?(?![(\[])")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]]+)\]:", re.MULTILINE)
VAGUE_LINK_TEXTS = {
    "qui", "qua", "clicca", "clicca qui", "clicca qua", "premi qui", "link", "questo link",
    "leggi", "leggi qui", "leggi di più", "leggi tutto", "di più", "altro", "vai", "continua",
}
SLUG_FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What plugins/responsive_images publishes.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}
# Names of texts meant as pages that Pelican skips (Notepad's «.md.txt», «.MD»), or reads
# as pages that the checker does not see (its other Markdown, HTML and reStructuredText readers).
SKIPPED_TEXT_SUFFIXES = (".md", ".md.txt")
UNCHECKED_PAGE_SUFFIXES = (".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# The messages of the rules on one file's text. The editor says the same before saving: plugins/cms_config
# writes them, with the patterns above, into admin/rules.json (``{name}`` as in str.format).
HEADING_ONE_MESSAGE = "non usate «#»: il titolo della pagina lo scrive il sito; le sezioni cominciano con «##»"
HEADING_SKIP_MESSAGE = "il titolo «{text}» salta un livello (da {previous} a {level}): usate {expected}"
HTML_IMAGE_MESSAGE = ("un'immagine scritta in HTML (<{tag}>) salta il controllo e le copie leggere del sito: "
                      "scrivetela in Markdown, per esempio ![Che cosa mostra](foto.jpg)")
VAGUE_LINK_MESSAGE = ("il testo del link «{text}» non dice dove porta: scrivete il nome della pagina, per esempio "
                      "«la pagina del progetto»")
IMAGE_ALT_MESSAGE = ("l'immagine «{src}» non ha testo alternativo: descrivete tra le parentesi quadre che cosa "
                     "mostra, oppure, se è solo decorativa, aggiungete {{: .decorativa }} dopo l'immagine")
IMAGE_SUFFIX_MESSAGE = ("il nome del file finisce con «{suffix}»: il sito pubblica solo foto JPEG (.jpg) "
                        "o PNG (.png); salvate l'immagine in uno di questi formati")
IMAGE_BYTES_MESSAGE = "il file pesa più di {megabytes} MB: {advice}"
IMAGE_PIXELS_MESSAGE = "l'immagine è troppo grande ({width}×{height} pixel): {advice}"
IMAGE_ADDRESS_MESSAGE = ("«{target}» non è un file della cartella content: il sito mostra solo le sue foto, in "
                         "copie leggere, e non carica niente da altri indirizzi; salvate la foto (JPEG o PNG) "
                         "accanto a questo file e scrivete il suo nome, per esempio ![Che cosa mostra](foto.jpg)")
# An address with a scheme (https:, data:) or from the site's root: not a file beside the text.
NOT_A_FILE = re.compile(r"^([a-z][a-z0-9+.-]*:|/)", re.IGNORECASE)
DATE_FORMAT_HINT = "scrivete la data nella forma AAAA-MM-GG, per esempio 2022-04-01"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    warning: bool = False  # reported, but the site is still built

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {'avviso: ' if self.warning else ''}{self.message}"


@dataclass
class Source:
    """One Markdown file, read and split into front matter and body."""

    path: Path
    folder: str
    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # lowercased key -> as written
    lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 1  # line number where the body starts
    body: str = ""

    @cached_property  # asked for every file at each check of the live preview
    def display(self):
        return os.path.relpath(self.path)

    @cached_property  # asked for every file at each check of the live preview
    def slug(self):
        return self.path.stem.partition(".")[0]

    @cached_property
    def lang(self):
        """The language of a translation (latina.en.md: "en"); "" for an Italian original."""
        return self.path.stem.partition(".")[2]

    def problem(self, line, name, message):
        return Problem(self.display, line, name, message)

    def field_problem(self, key, message):
        return self.problem(self.lines.get(key, 1), self.names.get(key, key.capitalize()), message)


@cache
def real_folder(folder):
    return folder.resolve()


def resolved(path):
    """``path.resolve()`` for a file: resolving each folder once took a third of the check's time."""
    return real_folder(path.parent) / path.name


def line_of(text, offset, first_line=1):
    return first_line + text.count("\n", 0, offset)


def decoded(raw):
    """The text of a file as Pelican reads it: no UTF-8 byte order mark, every line ending "\n".

    Editors on Windows save CRLF line endings (Git for Windows also checks files out so) and
    some editors add a byte order mark; neither may change what the checker sees.
    """
    return raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_source(path, folder, max_bytes=None):
    """Decode and split one file; return (source, problems).

    A file over ``max_bytes`` is not read: a page that long is a mistake (a pasted document)
    or an attack, and every step after this one would take its time over it.
    """
    source = Source(path=path, folder=folder)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        return source, [source.problem(1, "file", (
            f"il file è troppo grande ({size / 1_000_000:.1f} MB, al massimo {max_bytes / 1_000_000:g} MB): "
            "dividete il testo in più pagine, e mettete i documenti lunghi in un PDF collegato").replace(".", ",", 1))]
    raw = path.read_bytes()
    try:
        source.text = decoded(raw)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return source, [source.problem(
            line, "file", "il file non è in UTF-8: salvatelo con la codifica UTF-8 (nell'editor: "
            "«Salva con codifica» → UTF-8)")]
    problems = []
    lines = source.text.split("\n")
    if not lines or not META_LINE.match(lines[0]):
        return source, [source.problem(
            1, "intestazione", "il file deve cominciare con l'intestazione, per esempio «Title: …»")]
    key = None
    source.body_line = len(lines) + 1
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            source.body_line = number + 1
            break
        match = META_LINE.match(line)
        continuation = META_CONTINUATION.match(line)
        if match:
            key = match["key"].lower()
            if key in source.fields:
                problems.append(source.problem(
                    number, match["key"], f"campo ripetuto (già alla riga {source.lines[key]}): "
                    "tieni una sola riga"))
                continue
            # Stripped as Python-Markdown does: a space after «2022-04-01» is invisible to editors.
            source.fields[key], source.names[key], source.lines[key] = match["value"].strip(), match["key"], number
        elif continuation and key:
            source.fields[key] += " " + continuation["value"].strip()
        else:
            # Markdown would end the header here and publish the rest as text.
            problems.append(source.problem(
                number, "intestazione", "riga non valida nell'intestazione: ogni riga deve essere "
                "«Campo: valore» (con i due punti), e una riga vuota separa l'intestazione dal testo"))
    source.body = "\n".join(lines[source.body_line - 1:])
    return source, problems


def allowed_values(model, error):
    """The values a Literal field (possibly optional) accepts."""
    annotation = model.model_fields[error["loc"][0]].annotation
    literals = [annotation] if get_origin(annotation) is Literal else get_args(annotation)
    return [value for literal in literals if get_origin(literal) is Literal for value in get_args(literal)]


def calendar_problem(value):
    """Why a date written AAAA-MM-GG is not in the calendar (month 13, 31 April, 29 February 2023), or None."""
    match = ISO_DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return None  # pydantic's own message says it: year 0 does not exist
    if not 1 <= month <= 12:
        try:  # 2022-13-01 is probably 13 January, written day first
            swapped = f": forse intendevate {datetime.date(year, day, month).isoformat()}?"
        except ValueError:
            swapped = ""
        return f"il mese {match[2]} non esiste, i mesi vanno da 01 a 12{swapped}"
    days = calendar.monthrange(year, month)[1]
    if month == 2 and day == 29 and days == 28:
        return f"il {year} non è bisestile: febbraio {year} ha 28 giorni, correggete il giorno"
    if not 1 <= day <= days:
        month_name = get_month_names("wide", locale="it")[month] + (f" {year}" if month == 2 else "")
        return f"{month_name} ha {days} giorni: il giorno va da 01 a {days}, correggete il giorno"
    return None


def italian_message(error, source, model):
    """A pydantic error, told to an editor."""
    kind, value = error["type"], error.get("input")
    ctx = error.get("ctx", {})
    if kind == "missing":
        return "campo obbligatorio mancante: aggiungete nell'intestazione una riga «Campo: valore»"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(error["loc"][0], model.model_fields, n=1)
        hint = f": forse intendevate «{close[0].capitalize()}»?" if close else ""
        allowed = ", ".join(name.capitalize() for name in model.model_fields)
        return f"campo sconosciuto{hint} (campi possibili qui: {allowed})"
    if kind == "string_too_short":
        return "il campo è vuoto: scrivete un valore dopo i due punti"
    if kind == "string_too_long":
        return (f"il campo è troppo lungo ({len(str(value).strip())} caratteri, al massimo {ctx['max_length']}): "
                "accorcialo; il testo lungo va dopo l'intestazione")
    if kind.startswith("date"):
        return f"data non valida «{value}»: {calendar_problem(value) or DATE_FORMAT_HINT}"
    if kind == "literal_error":
        return f"valore non ammesso «{value}»: usate uno di questi: {', '.join(allowed_values(model, error))}"
    if kind.startswith("float"):
        return f"«{value}» non è un numero: usate il punto per i decimali, per esempio 41.4676"
    if kind in ("greater_than_equal", "less_than_equal"):
        bounds = model.model_fields[error["loc"][0]].metadata
        low, high = (getattr(b, "ge", None) for b in bounds), (getattr(b, "le", None) for b in bounds)
        low, high = next(v for v in low if v is not None), next(v for v in high if v is not None)
        return f"«{value}» è fuori dall'Italia: deve essere tra {low} e {high}"
    if kind == "too_short":
        return "nessuno slug: scrivete almeno uno slug, per esempio «latina»"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def check_fields(source, kind):
    """The front matter against the schema of ``kind`` (None: a translation's).

    pydantic and the schema are imported on first use, so in the checker's own process
    where there is one: loading them took Pelican's start a tenth of a second.
    """
    from pydantic import ValidationError

    from .schema import SCHEMAS, TranslationMeta

    model = TranslationMeta if kind is None else SCHEMAS[kind]
    try:
        model.model_validate(source.fields)
    except ValidationError as errors:
        return [
            source.field_problem(str(error["loc"][0]), italian_message(error, source, model))
            for error in errors.errors()
        ]
    return []


def without_code(text):
    """The text with code blocks and spans blanked out (same length and lines)."""
    def blank(match):
        return re.sub(r"[^\n]", " ", match.group(0))
    return INLINE_CODE.sub(blank, FENCED_CODE.sub(blank, text))


def heading_slugify(settings):
    """The function the Markdown ``toc`` extension makes heading ids with, as configured."""
    toc = settings.get("MARKDOWN", {}).get("extension_configs", {}).get("markdown.extensions.toc", {})
    return toc.get("slugify", slugify)


def heading_ids(body, slugify=slugify):
    """The ids Markdown's toc extension gives the headings of ``body``."""
    ids = set()
    for match in HEADING.finditer(without_code(body)):
        base = slugify(re.sub(r"[*_`]", "", match["text"]), "-")
        candidate, count = base, 0
        while candidate in ids:
            count += 1
            candidate = f"{base}_{count}"
        ids.add(candidate)
    return ids


def check_body(source):
    """Problems inside one file's text: headings, link texts, image alt texts (unsafe HTML: check_html)."""
    problems = []
    body = without_code(source.body)

    def at(offset):
        return line_of(body, offset, source.body_line)

    previous = 1  # the page title, written by the theme, is the only level-1 heading
    for match in HEADING.finditer(body):
        level = len(match["hashes"])
        if level == 1:
            problems.append(source.problem(at(match.start()), "titoli", HEADING_ONE_MESSAGE))
        elif level > previous + 1:
            problems.append(source.problem(at(match.start()), "titoli", HEADING_SKIP_MESSAGE.format(
                text=match["text"], previous="#" * previous, level="#" * level, expected="#" * (previous + 1))))
        previous = max(level, 1)
    for match in HTML_IMAGE.finditer(body):
        problems.append(source.problem(at(match.start()), "immagine", HTML_IMAGE_MESSAGE.format(tag=match[1].lower())))
    problems += check_reference_images(source, body, at)
    for match in LINK.finditer(body):
        text = " ".join(match["text"].split()).strip(" .:!»«\"'").lower()
        if text in VAGUE_LINK_TEXTS:
            problems.append(source.problem(at(match.start()), "link", VAGUE_LINK_MESSAGE.format(text=match["text"])))
    for match in IMAGE.finditer(body):
        decorative = match["attrs"] and ".decorativa" in match["attrs"]
        if not match["alt"].strip() and not decorative:
            problems.append(source.problem(at(match.start()), "immagine", IMAGE_ALT_MESSAGE.format(src=match["src"])))
    return problems


def check_reference_images(source, body, at):
    """Images written by reference, whose file the checks of images would not see."""
    def label(text):
        return " ".join(text.split()).lower()

    defined = {label(match["label"]) for match in REFERENCE_DEFINITION.finditer(body)}
    return [
        source.problem(at(match.start()), "immagine", (
            f"l'immagine «{match['alt']}» prende il file da un riferimento: scrivete il file tra parentesi tonde "
            f"subito dopo, per esempio ![{match['alt']}](foto.jpg)"))
        for match in REFERENCE_IMAGE.finditer(body) if label(match["label"] or match["alt"]) in defined
    ]


def check_readability(source):
    summary = source.fields.get("summary", "")
    score = gulpease(summary)
    if score is None or score >= MIN_GULPEASE:
        return []
    return [Problem(source.display, source.lines["summary"], source.names["summary"], (
        f"indice di leggibilità Gulpease {score:.0f}, sotto {MIN_GULPEASE}: usate frasi più brevi "
        "e parole più comuni"), warning=True)]


@lru_cache(maxsize=1024)
def image_header(path, size, mtime_ns):
    """(format, width, height) of an image file, or None if it cannot be decoded to the end.

    Size and modification time are in the key so that the live preview reads a photo again
    only when it changes. A truncated JPEG has a valid header: it is decoded, at an eighth of
    its size (fast, but every byte is read).
    """
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
            if kind in ("JPEG", "MPO"):
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
            else:
                image.verify()
    except Image.DecompressionBombError:
        return unchecked_size(path)  # too large for Pillow to open: too large, not damaged
    except (OSError, SyntaxError, ValueError):
        return None
    return kind, width, height


def unchecked_size(path):
    """(format, width, height) from the header of an image too large for Pillow's own limit."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # the checker's process: nothing else opens an image meanwhile
    try:
        with Image.open(path) as image:
            return image.format, *image.size
    except (OSError, SyntaxError, ValueError):
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def check_image_file(path, limits):
    """What is wrong with an image file the editor added, or None."""
    # Imported here: Pelican loads plugins in order, and content_check comes first.
    from responsive_images.responsive_images import shrink_advice

    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return IMAGE_SUFFIX_MESSAGE.format(suffix=path.suffix or "niente")
    stat = path.stat()
    if stat.st_size > limits["RESPONSIVE_IMAGE_MAX_BYTES"]:
        return IMAGE_BYTES_MESSAGE.format(megabytes=limits["RESPONSIVE_IMAGE_MAX_BYTES"] // 1_000_000,
                                          advice=shrink_advice(limits["RESPONSIVE_IMAGE_WIDTHS"]))
    header = image_header(path, stat.st_size, stat.st_mtime_ns)
    if header is None:
        return "il file non è un'immagine leggibile (forse è danneggiato): salvatelo di nuovo come JPEG o PNG"
    kind, width, height = header
    if kind not in ("JPEG", "MPO", "PNG"):
        return f"il formato {kind} non è accettato: salvate l'immagine come JPEG o PNG"
    if width * height > limits["RESPONSIVE_IMAGE_MAX_PIXELS"]:
        return IMAGE_PIXELS_MESSAGE.format(width=width, height=height,
                                           advice=shrink_advice(limits["RESPONSIVE_IMAGE_WIDTHS"]))
    return None


def image_address_problem(target):
    """Why an image cannot come from ``target`` (another site, a data: or root address), or None for a file."""
    if INTRASITE.match(target) or not NOT_A_FILE.match(target):
        return None
    return IMAGE_ADDRESS_MESSAGE.format(target=target)


@dataclass(frozen=True)
class Reference:
    """A link or image of a file that leads elsewhere on the site: an address, or a file and anchor."""

    line: int
    name: str  # "link" or "immagine"
    target: str  # as written
    path: Path | None = None  # the file it leads to; None for a site address (/news/)
    anchor: str = ""


def link_references(source, content_root, slugify):
    """(references to other files and addresses, problems with anchors in the file itself).

    Only the file's own text is read here: the live preview keeps both until the file changes.
    """
    references, problems = [], []
    body = without_code(source.body)
    found = [("link", m.start(), m["href"]) for m in LINK.finditer(body)]
    found += [("immagine", m.start(), m["src"]) for m in IMAGE.finditer(body)]
    for name, offset, target in found:
        line = line_of(body, offset, source.body_line)
        intrasite = INTRASITE.match(target)
        if name == "immagine" and (refusal := image_address_problem(target)):
            problems.append(source.problem(line, name, refusal))
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", html.unescape(target), re.IGNORECASE) and not intrasite:
            continue  # another site, e-mail, telephone (or javascript:, for check_html): not ours to check
        if target.startswith("#"):
            if unquote(target[1:]) not in heading_ids(source.body, slugify):
                problems.append(source.problem(
                    line, name, f"«{target}» non corrisponde a nessun titolo di questa pagina"))
        elif intrasite:
            relative = intrasite["path"]
            base = content_root if relative.startswith("/") else source.path.parent
            references.append(Reference(line, name, target, resolved(base / relative.lstrip("/")),
                                        intrasite["anchor"] or ""))
        elif target.startswith("/"):
            references.append(Reference(line, name, target))
        else:
            relative, _, anchor = target.partition("#")
            references.append(Reference(line, name, target, resolved(source.path.parent / relative), anchor))
    return references, problems


def check_references(source, references, files_by_path, urls, settings):
    """Internal links and images lead to existing files and anchors; images can be published."""
    problems = []
    for ref in references:
        if ref.path is None:
            if ref.target.split("#")[0] not in urls:
                problems.append(source.problem(
                    ref.line, ref.name, f"«{ref.target}» non è un indirizzo di questo sito: per un'altra pagina "
                    "scrivete il percorso del suo file, per esempio {filename}/pages/progetto.md"))
            continue
        target = files_by_path.get(ref.path)
        if target is None and not ref.path.is_file():
            problems.append(source.problem(
                ref.line, ref.name, f"«{ref.target}» porta a un file che non esiste ({os.path.relpath(ref.path)}): "
                "controllate il percorso e le maiuscole"))
        elif ref.name == "immagine" and (trouble := check_image_file(ref.path, settings)):
            problems.append(source.problem(ref.line, ref.name, f"«{ref.target}»: {trouble}"))
        elif ref.name == "link" and (found := check_document(source, ref.line, ref.target, ref.path, settings)):
            problems += found
        elif ref.anchor and target is not None and unquote(ref.anchor) not in target.heading_ids:
            problems.append(source.problem(ref.line, ref.name, (
                f"«{ref.target}»: la pagina esiste ma non ha un titolo con l'ancora «#{ref.anchor}»")))
    return problems


def markdown_name(name):
    """What a text file should be called: «notizia.md.txt» → «notizia.md», «contatti.html» → «contatti.md»."""
    base = name[:-len(".txt")] if name.lower().endswith(".txt") else name
    return base.rpartition(".")[0] + ".md"


def check_other_text_files(paths):
    """Texts in section folders that are not «.md» files: Pelican skips them, or publishes them unchecked."""
    problems = []
    for path in sorted(paths):
        name = path.name.lower()
        if name.endswith(SKIPPED_TEXT_SUFFIXES):
            notepad = " (il Blocco note aggiunge «.txt» se salvando non scegliete «Tutti i file»)" if name.endswith(
                ".txt") else ""
            problems.append(Problem(os.path.relpath(path), 1, "file", (
                f"«{path.name}» non viene né controllato né pubblicato: i testi del sito finiscono con «.md»; "
                f"rinominalo «{markdown_name(path.name)}»{notepad}")))
        elif name.endswith(UNCHECKED_PAGE_SUFFIXES):
            problems.append(Problem(os.path.relpath(path), 1, "file", (
                f"«{path.name}» verrebbe pubblicato come pagina senza nessun controllo: scrivete la pagina "
                f"in Markdown, in un file «{markdown_name(path.name)}»")))
    return problems


def check_duplicate_titles(sources):
    """Warn about two files of one kind and language with the same title: readers cannot tell them apart."""
    problems, first_with = [], {}
    for source in sources:
        title = " ".join(source.fields.get("title", "").split()).casefold()
        if not title:
            continue
        key = (source.folder, source.lang, title)
        if key not in first_with:
            first_with[key] = source
            continue
        problems.append(Problem(source.display, source.lines["title"], source.names["title"], (
            f"«{source.fields['title']}» è anche il titolo di {first_with[key].display}: nei risultati di "
            "ricerca, negli elenchi e nelle schede del browser le due pagine sembrano la stessa; "
            "cambiate uno dei due titoli"), warning=True))
    return problems


def check_page_slugs(sources, page_folders):
    """Pelican pairs pages with their translations by slug across all page folders: one slug, one page."""
    problems, first_with = [], {}
    for source in sources:
        if source.lang or source.folder not in page_folders:
            continue
        if source.slug in first_with:
            problems.append(source.problem(1, "file", (
                f"il nome «{source.path.name}» è già usato da {first_with[source.slug].display}: pagine, comuni "
                "e miniprogetti hanno nomi di file tutti diversi (le traduzioni si abbinano per nome); "
                "cambiate il nome di uno dei due file")))
        else:
            first_with[source.slug] = source
    return problems


def split_slugs(value):
    return [slug.strip() for slug in value.split(",") if slug.strip()]


def output_path(source, settings):
    section = settings["SECTIONS"][source.folder]
    prefix = f"{source.lang}/" if source.lang else ""
    if source.fields.get("save_as", "").strip():
        return prefix + source.fields["save_as"].strip()
    if source.slug == settings["HOME_SLUG"]:
        return prefix + "index.html"
    return prefix + section["url"].format(slug=source.slug) + "index.html"


def texts_of(value):
    """Every string in a data file's value, however deep in tables and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from texts_of(item)


def data_problems(path, raw, data, model):
    """``data`` against its schema: one problem per wrong field, on the line of its table."""
    from pydantic import ValidationError

    try:
        model.model_validate(data)
    except ValidationError as errors:
        # Every field's Italian description, from the model and the tables inside it.
        descriptions = {}
        for part in [model, *(field.annotation.__args__[0] for field in model.model_fields.values()
                              if getattr(field.annotation, "__origin__", None) is list)]:
            descriptions.update({name: field.description for name, field in part.model_fields.items()})
        problems = []
        for error in errors.errors():
            table = str(error["loc"][0])
            found = re.search(rf"^\s*(?:\[\[)?{re.escape(table)}\b", raw, re.MULTILINE)
            where = ".".join(str(part) if isinstance(part, str) else f"[{part + 1}]" for part in error["loc"])
            name = next(str(part) for part in reversed(error["loc"]) if isinstance(part, str))
            if error["type"] == "extra_forbidden":
                message = "campo sconosciuto: toglietelo"
            elif error["type"] == "missing":
                message = f"manca: {descriptions.get(name, 'questo campo')}"
            else:
                message = f"deve essere {descriptions.get(name, 'un altro valore')} (trovato «{error['input']}»)"
            problems.append(Problem(os.path.relpath(path), raw.count("\n", 0, found.start()) + 1 if found else 1,
                                    "dati", f"{where.replace('.[', '[')}: {message}"))
        return problems
    return []


def check_data_files(data_path, settings=None):
    """Data files are valid TOML, match their schema (schema.DATA_SCHEMAS) and their texts are
    text: the templates print them escaped."""
    from sanitise.sanitise import StartTags

    from .schema import DATA_SCHEMAS

    schemas = {settings[name]: model for name, model in DATA_SCHEMAS.items()} if settings else {}
    problems = []
    for path in sorted(Path(data_path).glob("*.toml")):
        try:
            # utf-8-sig: a byte order mark, which some Windows editors add, is not TOML.
            raw = path.read_text(encoding="utf-8-sig")
            data = tomllib.loads(raw)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            line = re.search(r"line (\d+)", str(error))
            problems.append(Problem(os.path.relpath(path), int(line[1]) if line else 1, "dati",
                                    f"file TOML non valido: {error}"))
            continue
        if path.stem in schemas:
            problems += data_problems(path, raw, data, schemas[path.stem])
        for text in texts_of(data):
            for tag, _ in StartTags(text).tags if "<" in text else []:
                found = raw.find(text[:40])
                problems.append(Problem(os.path.relpath(path), raw.count("\n", 0, found) + 1 if found >= 0 else 1,
                                        "dati", f"il codice HTML non è permesso qui: i testi dei dati sono solo "
                                        f"testo, e <{tag}> comparirebbe così com'è; togliete questa parte"))
    return problems


@dataclass
class CheckedFile:
    """What one file says about itself: what the checker keeps of it until it changes."""

    stamp: tuple  # (modification time in ns, size)
    source: Source
    problems: list  # problems found in the file alone
    references: list
    heading_ids: set
    address: str  # where the page is published
    slugs: dict  # the slugs of each field of CROSSREF_FIELDS
    real_path: Path

    def seen_by_links(self):
        """What the cross-file checks of other files read of this one: address, headings, whether it is empty."""
        return self.address, self.heading_ids, bool(self.source.text)

    def seen_by_titles(self):
        """What the check of duplicate titles reads of this file."""
        source = self.source
        return source.fields.get("title"), source.lines.get("title"), source.names.get("title")


@dataclass
class Index:
    """What the cross-file checks look up: every file's slug, address, path and headings."""

    slugs: dict  # folder: the slugs of its Italian files
    addresses: dict  # address: the display path of the first file published there
    files_by_path: dict  # real path: CheckedFile
    urls: set


class ContentChecker:
    """Checks the content folder of ``settings``; each check reads again only the files changed since the last.

    A file's own problems (front matter, text, readability, anchors in the page) are kept
    with its modification time and size. What depends on other files (references by slug,
    addresses, links; duplicate titles) is kept too, and checked again for every file only
    when a file is added or removed, when what those checks read of a changed file (address,
    headings; title) changed, or when something other than a text changed (a photo, a
    document); otherwise only for the changed files. The data files, counts and translations
    are checked every time.
    """

    def __init__(self, settings):
        self.settings = settings
        self.content_root = Path(settings["PATH"]).resolve()
        self.files = {}  # path (str): CheckedFile
        self.other_files = []  # text files in section folders that are not «.md»
        self.photos = []  # every image file of the content, at the last walk
        self.folders = {}  # every folder of the content: its modification time at the last walk
        self.walked = False  # whether the last check listed the folders again
        self.outside_sections = []  # problems of the files outside the sections, at the last walk
        self.index = None
        self.cross_file = {}  # path: the file's problems with other files
        self.shared = []  # problems between files found by looking at all of them (titles, page slugs)
        self.kind_folders = {section["kind"]: folder for folder, section in settings["SECTIONS"].items()}

    def read(self, path, folder):
        source, problems = read_source(path, folder, self.settings.get("MARKDOWN_MAX_BYTES"))
        translation_languages = [lang for lang in self.settings["LANGUAGES"] if lang != self.settings["DEFAULT_LANG"]]
        if source.lang and source.lang not in translation_languages:
            problems.append(source.problem(1, "file", (
                f"«{source.lang}» nel nome del file «{path.name}» non è una lingua del sito: le traduzioni "
                f"si chiamano come il file italiano con la lingua prima di .md ({', '.join(translation_languages)}),"
                f" per esempio «latina.en.md»")))
        if not SLUG_FILE_NAME.match(source.slug):
            problems.append(source.problem(1, "file", (
                f"il nome del file «{path.name}» diventa l'indirizzo della pagina: usate solo lettere "
                "minuscole senza accenti, cifre e trattini, per esempio «shared-city.md»")))
        references, ids = [], set()
        if source.text:
            if source.lang:
                problems += check_fields(source, None) + check_body(source)
            else:
                problems += check_fields(source, self.settings["SECTIONS"][folder]["kind"])
                problems += check_body(source) + check_readability(source)
            problems += check_html(source, self.settings)
            slugify = heading_slugify(self.settings)
            references, anchor_problems = link_references(source, self.content_root, slugify)
            problems += anchor_problems
            ids = heading_ids(source.body, slugify)
        slugs = {name: split_slugs(source.fields.get(name, "")) for name in self.settings["CROSSREF_FIELDS"]}
        return source, problems, references, ids, output_path(source, self.settings), slugs, resolved(path)

    def checked(self, location, section):
        """The file at ``location``: what was kept of it if unchanged, else read again."""
        kept = self.files.get(location)
        status = os.stat(location)
        stamp = (status.st_mtime_ns, status.st_size)
        if kept and kept.stamp == stamp:
            return kept
        return CheckedFile(stamp, *self.read(Path(location), section))

    def same_folders(self):
        """Whether no file was added, removed or renamed since the last walk (no folder changed)."""
        try:
            return bool(self.folders) and all(
                os.stat(folder).st_mtime_ns == mtime for folder, mtime in self.folders.items())
        except FileNotFoundError:
            return False

    def current_files(self, changed=None):
        """Every Markdown file, read again where it changed; problems of files outside the sections.

        ``changed``: the paths that changed since the last check, as the live preview's watcher
        reports them (None: unknown). When no folder changed, only those are looked at.
        """
        if changed is not None and self.same_folders():
            locations = [str(Path(path).resolve()) for path in changed if str(path).endswith(".md")]
            if all(location in self.files and os.path.isfile(location) for location in locations):
                files = dict(self.files)
                for location in locations:
                    files[location] = self.checked(location, files[location].source.folder)
                self.files, self.walked = files, False
                return files, list(self.outside_sections)
        sections = self.settings["SECTIONS"]
        files, problems, self.other_files, self.folders, self.photos = {}, [], [], {}, []
        # os.walk and os.stat rather than Path objects: with 10,000 files this runs at every save.
        for folder, subfolders, names in os.walk(self.content_root):
            self.folders[folder] = os.stat(folder).st_mtime_ns
            top = os.path.relpath(folder, self.content_root).split(os.sep)[0]
            in_section = top in sections
            problems += static_file_problems(folder, subfolders + names, os.path.relpath, Problem)
            # Not into hidden folders («.git»): they are refused as a whole. (os.walk does not
            # follow links to folders, which are refused too.)
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            names = [name for name in names if not name.startswith(".") and not os.path.islink(os.path.join(folder, name))]
            for name in names:
                if not name.endswith(".md"):
                    if is_photo(name):
                        self.photos.append(os.path.join(folder, name))
                    # «notizia.md.txt», «NOTIZIA.MD», «pagina.html»: see check_other_text_files.
                    if in_section and name.lower().endswith(SKIPPED_TEXT_SUFFIXES + UNCHECKED_PAGE_SUFFIXES):
                        self.other_files.append(Path(folder, name))
                    continue
                location = os.path.join(folder, name)
                section = name if top == os.curdir else top
                if section not in sections:
                    problems.append(Problem(os.path.relpath(location), 1, "file", (
                        f"la cartella «{section}» non è una sezione del sito: spostate il file in una di "
                        f"queste cartelle: {', '.join(sections)}")))
                    continue
                files[location] = self.checked(location, section)
        self.files, self.outside_sections, self.walked = dict(sorted(files.items())), problems, True
        return self.files, list(problems)

    def check(self, changed=None):
        """Every problem in the content folder, sorted by file and line.

        ``changed``: the paths changed since the last check (see current_files); None: any may have.
        """
        real_folder.cache_clear()  # folders may have been moved or linked since the last check
        settings = self.settings
        before = self.files
        files, problems = self.current_files(changed)
        sources = [checked.source for checked in files.values()]
        for checked in files.values():
            problems += checked.problems
        renewed = [path for path, checked in files.items() if before.get(path) is not checked]
        only_texts = changed is not None and all(str(path).endswith((".md", ".toml")) for path in changed)
        same_files = self.index is not None and only_texts and files.keys() == before.keys()

        def unchanged(seen):
            """Whether the same files are there and ``seen`` reads the same of each changed one as before."""
            return same_files and all(seen(before[path]) == seen(files[path]) for path in renewed)

        if unchanged(CheckedFile.seen_by_links):
            # Only the changed files' own links and names may have changed.
            for path in renewed:
                self.cross_file[path] = self.cross_file_problems(files[path])
        else:
            self.index = self.index_of(files)
            self.cross_file = {path: self.cross_file_problems(checked) for path, checked in files.items()}
        if not unchanged(CheckedFile.seen_by_titles):
            self.shared = check_duplicate_titles(sources) + check_page_slugs(sources, settings["PAGE_PATHS"])
        for found in self.cross_file.values():
            problems += found
        problems += self.shared + check_other_text_files(self.other_files)
        problems += check_data_files(self.content_root / settings["DATA_PATH"], settings)
        problems += [Problem(path, 1, "foto", message) for path, message in check_photos(self.photos)]
        publishing = settings.get("PUBLISHING", False)
        if publishing:
            problems += check_placeholders(sources)
        problems += check_translations_current(sources)
        problems += check_counts(sources, settings, publishing=publishing)
        return sorted(set(problems))

    def index_of(self, files):
        slugs = {folder: set() for folder in self.settings["SECTIONS"]}
        for checked in files.values():
            if not checked.source.lang:
                slugs[checked.source.folder].add(checked.source.slug)
        addresses = {}
        for checked in files.values():
            if checked.source.text:
                addresses.setdefault(checked.address, checked.source.display)
        urls = {"/" + address.removesuffix("index.html") for address in addresses}
        return Index(slugs, addresses, {checked.real_path: checked for checked in files.values()}, urls)

    def cross_file_problems(self, checked):
        """The problems of one file with others: translation without original, unknown slugs, same address, links."""
        source, index, settings = checked.source, self.index, self.settings
        if not source.text:
            return []
        problems = []
        if source.lang and source.slug not in index.slugs[source.folder]:
            problems.append(source.problem(1, "file", (
                f"è una traduzione, ma manca la pagina in italiano content/{source.folder}/{source.slug}.md:"
                " il file tradotto si chiama come quello italiano, con la lingua prima di .md")))
        # References and addresses come from the raw fields, so that they are
        # checked even when another field of the file is wrong.
        for name, kind in settings["CROSSREF_FIELDS"].items():
            folder = self.kind_folders[kind]
            for slug in checked.slugs[name]:
                if slug not in index.slugs[folder]:
                    problems.append(source.field_problem(name, (
                        f"«{slug}» non esiste: gli slug possibili sono i nomi dei file in "
                        f"content/{folder}/ ({', '.join(sorted(index.slugs[folder]))})")))
        first = index.addresses[checked.address]
        if first != source.display:
            problems.append(source.problem(1, "file", (
                f"ha lo stesso indirizzo ({checked.address}) di {first}: cambiate il nome di uno dei due file")))
        return problems + check_references(source, checked.references, index.files_by_path, index.urls, settings)


def check_content(settings):
    """Every problem in the content folder of ``settings``, sorted by file and line."""
    return ContentChecker(settings).check()


def errors_of(problems):
    return [problem for problem in problems if not problem.warning]


def report(problems, outcome="il sito non è stato costruito: correggete e riprovate", stream=sys.stderr):
    """Print every problem; then, if any is an error, a closing line with ``outcome``."""
    for problem in problems:
        print(problem, file=stream)
    errors = errors_of(problems)
    if errors:
        files = len({problem.path for problem in errors})
        print(f"\n{len(errors)} problem{'a' if len(errors) == 1 else 'i'} in {files} file: {outcome}.",
              file=stream)


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def summary(problems, todos):
    """What a check found, counted: «0 errori, 2 avvisi, 27 informazioni da completare»."""
    errors = len(errors_of(problems))
    return ", ".join((plural(errors, "errore", "errori"), plural(len(problems) - errors, "avviso", "avvisi"),
                      plural(todos, "informazione da completare", "informazioni da completare")))


def report_and_stop_on_errors(problems):
    report(problems)
    if errors_of(problems):
        # SystemExit, not an exception: Pelican would print a traceback for the latter.
        raise SystemExit(1)


class CheckInChildProcess(logging.Handler):
    """The content check, run in a forked process while Pelican reads the files.

    Installed first among the root logger's handlers: a warning or an error of Pelican's
    (a file it cannot read, a plugin's crash it logs) waits for the check and shows its
    report before Pelican's message, as if the check had run first.
    """

    def __init__(self, settings):
        super().__init__(logging.WARNING)
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: check, send the problems (or the checker's crash), leave
            os.close(self.read_end)
            try:
                outcome = check_content(settings)
            except BaseException:
                outcome = traceback.format_exc()
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe)
            os._exit(0)  # not sys.exit: nothing of the parent's (buffers, atexit) may run twice
        os.close(write_end)
        logging.getLogger().handlers.insert(0, self)

    def emit(self, record):
        self.finish()

    def finish(self):
        """Wait for the check; report its problems, and stop the build if any is an error."""
        if self not in logging.getLogger().handlers:
            return  # already reported
        logging.getLogger().removeHandler(self)
        with os.fdopen(self.read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        outcome = pickle.loads(data) if data else "the checker's process stopped without a report"
        if isinstance(outcome, str):
            raise RuntimeError(f"content_check failed:\n{outcome}")
        report_and_stop_on_errors(outcome)


def check_before_build(pelican):
    if hasattr(os, "fork"):
        CheckInChildProcess(pelican.settings)  # waits among the root logger's handlers
    else:
        report_and_stop_on_errors(check_content(pelican.settings))


def wait_for_check(generators):
    """Pelican has read everything and writes next: the check's report first, if not given yet."""
    for handler in list(logging.getLogger().handlers):
        if isinstance(handler, CheckInChildProcess):
            handler.finish()


def register():
    signals.initialized.connect(check_before_build)
    # content_check is the first plugin: this comes before every other plugin's handler.
    signals.all_generators_finalized.connect(wait_for_check)
