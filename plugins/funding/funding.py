"""The logos of the funding block (setting ``FUNDING_LOGOS``), shown after the EU emblem.

The managing authority's and partners' logos may be shown only with their owners'
permission, so none is drawn here: the staff add each file under ``content/`` (usually
``content/extra/loghi/``) and one entry ``{"file", "alt", "height"}`` to the setting.
Before the build each entry is checked (an existing, readable image, alternative text,
a height in pixels); templates get ``funding_logos``: address, alt text, width and height,
the width from the image's own proportions so that nothing moves while it loads. The
stylesheet keeps every logo no higher than the emblem, whatever height is configured.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from pelican import signals
from PIL import Image, UnidentifiedImageError

FIELDS = {"file", "alt", "height"}


class FundingLogoError(SystemExit):
    """A logo entry is wrong; SystemExit, so the message shows without a traceback."""


def image_size(path):
    """(width, height) of a raster image or of an SVG's viewBox; None when unreadable."""
    if path.suffix.lower() == ".svg":
        try:
            box = ET.parse(path).getroot().get("viewBox", "")
        except ET.ParseError:
            return None
        numbers = [float(n) for n in re.split(r"[\s,]+", box.strip()) if n]
        return tuple(numbers[2:]) if len(numbers) == 4 and min(numbers[2:]) > 0 else None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def funding_logos(settings):
    """The configured logos ready for the template; raises FundingLogoError listing every problem."""
    content = Path(settings["PATH"])
    logos, problems = [], []
    for number, entry in enumerate(settings.get("FUNDING_LOGOS", []), start=1):
        where = f"pelicanconf.py: FUNDING_LOGOS, logo {number}"
        if not isinstance(entry, dict) or set(entry) != FIELDS:
            problems.append(f"{where}: scrivete i campi file, alt e height, per esempio "
                            '{"file": "extra/loghi/ente.png", "alt": "Nome dell\'ente", "height": 48}')
            continue
        path, alt, height = content / entry["file"], str(entry["alt"]).strip(), entry["height"]
        size = image_size(path) if path.is_file() else None
        if not path.is_file():
            problems.append(f"{where}: file: il file «{path}» non esiste")
        elif size is None:
            problems.append(f"{where}: file: «{path}» non è un'immagine leggibile (PNG, JPEG, WebP o SVG)")
        if not alt:
            problems.append(f"{where}: alt: scrivete il nome dell'ente, che i lettori di schermo leggono")
        valid_height = isinstance(height, int) and not isinstance(height, bool) and height > 0
        if not valid_height:
            problems.append(f"{where}: height: scrivete l'altezza in pixel, un numero intero, per esempio 48")
        if size and alt and valid_height:
            logos.append({"src": entry["file"], "alt": alt, "height": height,
                          "width": round(height * size[0] / size[1])})
    if problems:
        raise FundingLogoError("\n".join(problems))
    return logos


def add_logos(pelican):
    pelican.settings.setdefault("JINJA_GLOBALS", {})["funding_logos"] = funding_logos(pelican.settings)


def register():
    signals.initialized.connect(add_logos)
