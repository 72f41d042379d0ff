"""No photo in content/ carries the place where it was taken.

A photo from a phone records its GPS position; content/ is a public Git repository, and
the photos show people and their homes. The editor at /admin/ removes the position and
every other metadata but the orientation before it uploads a photo
(plugins/cms_config/admin/photo-privacy.js); a photo that came in another way (GitHub's
web page, a copy by hand) and still has a position is refused here, by name, with the way
to fix it from the browser. The published copies never carry it anyway (responsive_images).
"""

import os
import warnings
from functools import lru_cache

from PIL import ExifTags, Image

# Every image kind that can carry EXIF or XMP and that Pillow reads.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".avif", ".mpo")
# The XMP names of a position (exif:GPSLatitude, exif:GPSLongitude...), as bytes of the XMP packet.
XMP_GPS = (b"GPSLatitude", b"GPSLongitude")
GPS_MESSAGE = (
    "la foto contiene la posizione GPS del luogo in cui è stata scattata, e il sito è pubblico "
    "(chiunque potrebbe sapere dove sono le persone e le case della foto). Per toglierla, senza "
    "programmi: nell'editor (/admin/) aprite la pagina che usa la foto, premete «Scegli un'altra immagine» "
    "nel suo blocco «Foto», poi «Carica», e scegliete di nuovo dal vostro computer la stessa foto: l'editor "
    "toglie la posizione e gli altri dati e la salva con un nome nuovo. Salvate la pagina; poi in «Media» "
    "selezionate «{name}» e premete «Cancella selezionato»")


def xmp_of(image):
    """The XMP packet of an image, as bytes ("" if none): JPEG and WebP keep it as "xmp", PNG as an iTXt chunk."""
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return packet.encode("utf-8") if isinstance(packet, str) else packet


@lru_cache(maxsize=4096)
def has_position(path, size, mtime_ns):
    """Whether the image at ``path`` records a GPS position, in its EXIF or XMP, in any of its frames.

    Size and modification time are in the key: the live preview reads a photo again only when
    it changes. An image Pillow cannot read is left to the other checks (they call it damaged).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                for frame in range(getattr(image, "n_frames", 1)):  # MPO: the other pictures have their own EXIF
                    image.seek(frame)
                    if image.getexif().get_ifd(ExifTags.IFD.GPSInfo) or any(
                            name in xmp_of(image) for name in XMP_GPS):
                        return True
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return False


def is_photo(name):
    return name.lower().endswith(PHOTO_SUFFIXES)


def check_photos(paths):
    """(display path, message) for each photo of ``paths`` that records a position."""
    found = []
    for path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:  # removed since the folders were listed
            continue
        if has_position(str(path), stat.st_size, stat.st_mtime_ns):
            found.append((os.path.relpath(path), GPS_MESSAGE.format(name=os.path.basename(path))))
    return found
