"""Share images: one PNG of 1200×630 per page, for the preview card that messaging apps and
social sites show from ``og:image`` (WhatsApp shows a card only with one). No page loads it.

Each image shows the EU emblem and «Cofinanziato dall'Unione europea» with the fund, in the
page's language, the page's title and the site's name. Text is shaped by Pillow with libraqm
(right to left for Arabic and Urdu, joined letters, Indic clusters). No single font has every
script: each letter is drawn with the first font of ``SHARE_IMAGE_FONTS`` (a language's own
``share_image_font`` first) that has it, found among the machine's fonts (Debian's Noto
packages); a letter that no installed font has stops the build, naming the package to install.

The images are cached (``CACHE_PATH/share_images``) and named after a hash of what they show,
the fonts and this file's code: the same page gives the same bytes, and a changed title a new
address, which apps that cache previews by address then fetch again.
"""

import hashlib
import io
import json
import logging
import os
import re
import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from funding.emblem import YELLOW, emblem_shapes
from languages.languages import catalogues
from pelican import signals
from sanitise.sanitise import plain_text
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
TEXT, FUNDING_BLUE, BRAND, WHITE = "#1b1b1b", "#003399", "#0b3d6e", "#ffffff"
EMBLEM_HEIGHT = 100
TITLE_TOP, TITLE_BOTTOM = 216, 520
TITLE_SIZES = (68, 60, 52, 44)
FOLDER = "share"
# Han, kana and full-width forms: a line may break between any two of them.
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
TOKEN = re.compile(rf"\s*(?:[{CJK}]|[^\s{CJK}]+)")
CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class ShareImageError(Exception):
    """A share image cannot be drawn (no raqm, a font missing)."""


@cache
def font_file(name, folders):
    for folder in folders:
        for path in sorted(Path(folder).rglob(name)):
            return path
    return None


@cache
def characters(path, index):
    """Every character the font at ``path`` has a glyph for."""
    if path.suffix.lower() == ".ttc":
        face = TTCollection(path, lazy=True).fonts[index]
    else:
        face = TTFont(path, lazy=True)
    return frozenset(face.getBestCmap())


class Fonts:
    """The fonts of one language, in the order they are tried, at any size."""

    def __init__(self, settings, lang):
        folders = tuple(settings["SHARE_IMAGE_FONT_DIRS"])
        wanted = list(settings["SHARE_IMAGE_FONTS"])
        own = settings["LANGUAGES"][lang].get("share_image_font")
        if own:
            wanted.insert(0, own)
        self.found, self.missing = [], []
        for font in wanted:
            path = font_file(font["file"], folders)
            if path is None:
                self.missing.append(font)
            else:
                self.found.append((path, font.get("index", 0)))
        self.lang, self.direction = lang, settings["LANGUAGES"][lang]["dir"]
        self.faces = {}

    def face(self, number, size):
        if (number, size) not in self.faces:
            path, index = self.found[number]
            self.faces[number, size] = ImageFont.truetype(str(path), size, index=index,
                                                          layout_engine=ImageFont.Layout.RAQM)
        return self.faces[number, size]

    def has(self, number, character):
        # Read from the font only when a card is drawn: a build with every card cached reads none.
        return ord(character) in characters(*self.found[number])

    def first_with(self, character, where):
        for number in range(len(self.found)):
            if self.has(number, character):
                return number
        packages = sorted({font["package"] for font in self.missing})
        hint = (f"installa {' '.join(packages)} (sudo apt-get install {' '.join(packages)})" if packages else
                "aggiungi a SHARE_IMAGE_FONTS (pelicanconf.py) un font che lo contenga")
        raise ShareImageError(f"{where}: nessun font installato sa scrivere «{character}» "
                              f"(U+{ord(character):04X}) per l'immagine di condivisione: {hint}.")

    def runs(self, text, where):
        """``text`` cut into (font number, text) pieces: letters in the first font that has them,
        spaces, digits and punctuation with the letters before them when that font has them too."""
        pieces = []
        for character in text:
            category = unicodedata.category(character)
            current = pieces[-1][0] if pieces else None
            keeps = current is not None and (category[0] == "M" or (
                category[0] != "L" and self.has(current, character)))
            number = current if keeps else self.first_with(character, where)
            if pieces and number == current:
                pieces[-1][1] += character
            else:
                pieces.append([number, character])
        return pieces


def direction(text):
    return "rtl" if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text) else "ltr"


def neutral(character):
    return unicodedata.bidirectional(character) in ("WS", "ON", "CS", "ES", "ET", "BN", "S")


def in_reading_order(runs, page_direction):
    """(font number, text, direction) pieces. Spaces and punctuation at the ends of a piece
    written against the page's direction (a Latin name in an Arabic title) belong to the page's
    direction, as the Unicode bidirectional algorithm puts them: they become pieces of their own."""
    pieces = []
    for number, text in runs:
        run_direction = direction(text)
        if run_direction == page_direction:
            pieces.append((number, text, run_direction))
            continue
        core = text.strip("".join(set(filter(neutral, text))))
        start = text.index(core) if core else len(text)
        before, after = text[:start], text[start + len(core):]
        pieces += [(number, part, part_direction) for part, part_direction in
                   ((before, page_direction), (core, run_direction), (after, page_direction)) if part]
    return pieces


class Line:
    """A line of text in pieces, measured at one size."""

    def __init__(self, fonts, text, size, where):
        self.lang = fonts.lang
        self.pieces = [(fonts.face(number, size), piece, piece_direction) for number, piece, piece_direction
                       in in_reading_order(fonts.runs(text, where), fonts.direction)]
        self.widths = [face.getlength(piece, direction=d, language=self.lang) for face, piece, d in self.pieces]
        self.width = sum(self.widths)
        self.height = max(sum(face.getmetrics()) for face, _, _ in self.pieces)
        self.ascent = max(face.getmetrics()[0] for face, _, _ in self.pieces)

    def draw(self, draw, start, top, rtl, fill):
        """Draw the pieces from ``start`` (the left edge, or the right one for a right-to-left page)."""
        x, baseline = start, top + self.ascent
        for (face, piece, d), width in zip(self.pieces, self.widths, strict=True):
            if rtl:
                x -= width
            draw.text((x, baseline), piece, font=face, fill=fill, anchor="ls", direction=d, language=self.lang)
            if not rtl:
                x += width


def wrap(fonts, text, size, width, where):
    """Lines no wider than ``width``: breaks at spaces, and between Chinese or Japanese characters."""
    lines, current = [], ""
    for token in TOKEN.findall(" ".join(text.split())):
        candidate = (current + token) if current else token.lstrip()
        if current and Line(fonts, candidate, size, where).width > width:
            lines.append(current)
            current = token.lstrip()
        else:
            current = candidate
    return [*lines, current] if current else lines


def fit_title(fonts, title, width, height, where):
    """The largest size at which the title fits; at the smallest, what fits, ending in «…»."""
    for size in TITLE_SIZES:
        lines = [Line(fonts, text, size, where) for text in wrap(fonts, title, size, width, where)]
        if sum(line.height for line in lines) <= height:
            return lines
    kept = []
    for line in lines:
        if sum(kept_line.height for kept_line in kept) + line.height > height:
            break
        kept.append(line)
    last = wrap(fonts, title, size, width, where)[len(kept) - 1]
    while last and Line(fonts, last + "…", size, where).width > width:
        last = last[:-1]
    kept[-1] = Line(fonts, last.rstrip() + "…", size, where)
    return kept


def palette():
    """The colours of the image and the shades between those that meet, for smooth edges: the
    exact colours survive the reduction to a palette (the EU's Reflex Blue stays #003399)."""
    colours = []
    for start, end in ((WHITE, TEXT), (WHITE, FUNDING_BLUE), (BRAND, WHITE), (FUNDING_BLUE, YELLOW)):
        start, end = ImageColor.getrgb(start), ImageColor.getrgb(end)
        for step in range(16):
            colour = tuple(round(a + (b - a) * step / 15) for a, b in zip(start, end, strict=True))
            if colour not in colours:
                colours.append(colour)
    image = Image.new("P", (1, 1))
    image.putpalette([value for colour in colours for value in colour])
    return image


PALETTE = palette()


@cache
def emblem(height):
    """The EU emblem (plugins/funding/emblem.py's construction), ``height`` pixels high, drawn at
    four times the size and reduced, for smooth edges."""
    total_width, total_height, rectangles, stars = emblem_shapes()
    scale = 4 * height / total_height
    big = Image.new("RGB", (round(total_width * scale), round(total_height * scale)), WHITE)
    pen = ImageDraw.Draw(big)
    for x, y, w, h, colour in rectangles:
        pen.rectangle([x * scale, y * scale, (x + w) * scale - 1, (y + h) * scale - 1], fill=colour)
    for points in stars:
        pen.polygon([(x * scale, y * scale) for x, y in points], fill=YELLOW)
    return big.resize((round(total_width * scale / 4), height), Image.Resampling.LANCZOS)


def render(card, fonts, where):
    """The PNG bytes of a share image; ``card`` holds its texts and the page's direction."""
    rtl = card["dir"] == "rtl"
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    flag = emblem(EMBLEM_HEIGHT)
    emblem_left = WIDTH - MARGIN - flag.width if rtl else MARGIN
    image.paste(flag, (emblem_left, MARGIN))
    # The statement beside the emblem, never on it; the fund below it.
    start = emblem_left - 28 if rtl else MARGIN + flag.width + 28
    statement = Line(fonts, card["statement"], 34, where)
    fund = Line(fonts, card["fund"], 26, where)
    statement.draw(draw, start, MARGIN + 8, rtl, FUNDING_BLUE)
    fund.draw(draw, start, MARGIN + 16 + statement.height, rtl, TEXT)
    # The title.
    edge = WIDTH - MARGIN if rtl else MARGIN
    top = TITLE_TOP
    for line in fit_title(fonts, card["title"], WIDTH - 2 * MARGIN, TITLE_BOTTOM - TITLE_TOP, where):
        line.draw(draw, edge, top, rtl, TEXT)
        top += line.height
    # The site's name on a band of the theme's colour.
    draw.rectangle([0, HEIGHT - 84, WIDTH, HEIGHT], fill=BRAND)
    site = Line(fonts, card["site"], 30, where)
    site.draw(draw, edge, HEIGHT - 42 - site.height // 2, rtl, WHITE)
    # A palette of 61 colours: smooth edges, a file of 10 to 30 kB.
    small = image.quantize(palette=PALETTE, dither=Image.Dither.NONE)
    output = io.BytesIO()
    small.save(output, "PNG", optimize=True)
    return output.getvalue()


def card_for(item, settings, translations):
    lang = item.lang or settings["DEFAULT_LANG"]
    gettext = translations[lang].gettext
    # The home page's title is the site's name, which the image shows anyway: its tagline instead.
    title = gettext(settings["SITE_TAGLINE"]) if item.slug == settings["HOME_SLUG"] else item.title
    return {
        "title": plain_text(title),  # a title's text, without the HTML a title may carry
        "lang": lang,
        "dir": settings["LANGUAGES"][lang]["dir"],
        "statement": gettext("Cofinanziato dall'Unione europea"),
        "fund": gettext("FAMI – Misure emergenziali"),
        "site": settings["SITENAME"],
    }


def card_key(card, fonts):
    """What the image depends on: its texts, the fonts that draw them and this code."""
    used = [(path.name, index, path.stat().st_size) for path, index in fonts.found]
    text = json.dumps([card, used, CODE_HASH], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def write_atomically(path, data):
    """Through a temporary file: two builds at once never leave half an image."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def make_share_images(generators):
    """Draw (or take from the cache) every page's image and publish it under share/."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    if not (features.check("raqm") and features.check("fribidi")):
        raise ShareImageError("Pillow non trova libraqm o FriBiDi: senza, l'arabo e le scritture indiane non si "
                              "possono comporre nelle immagini di condivisione (sudo apt-get install libfribidi0).")
    translations = catalogues(settings)
    cache_folder = Path(settings["CACHE_PATH"]) / "share_images"
    output = Path(generators[0].output_path) / FOLDER
    fonts = {}
    drawn = 0
    for original in [*context["pages"], *context["hidden_pages"], *context["articles"]]:
        for item in (original, *original.translations):
            if hasattr(item, "share_image"):
                # Kept by the live preview from a build that published its image (its file is
                # unchanged, so is its title); a new build's items are new objects.
                continue
            card = card_for(item, settings, translations)
            if card["lang"] not in fonts:
                fonts[card["lang"]] = Fonts(settings, card["lang"])
            lang_fonts = fonts[card["lang"]]
            name = f"{card_key(card, lang_fonts)}.png"
            cached = cache_folder / name
            if not cached.exists():
                write_atomically(cached, render(card, lang_fonts, os.path.relpath(item.source_path)))
                drawn += 1
            target = output / name
            if not target.exists():
                output.mkdir(parents=True, exist_ok=True)
                target.write_bytes(cached.read_bytes())
            # The live preview removes it when the page no longer uses it (a new title).
            item.extra_output_files = [f"{FOLDER}/{name}"]
            item.share_image = {
                "url": f"{settings['SITE_ABSOLUTE_URL']}/{FOLDER}/{name}",
                "width": WIDTH,
                "height": HEIGHT,
                "alt": f"{card['title']} – {card['site']}. {card['statement']}. {card['fund']}.",
            }
    log.info("share images: %d drawn, the others from the cache", drawn)


def register():
    signals.all_generators_finalized.connect(make_share_images)
