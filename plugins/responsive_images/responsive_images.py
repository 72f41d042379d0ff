"""Publish the photos in the content as responsive images: light, sharp and without metadata.

Editors put one large JPEG or PNG next to the Markdown file and write
``![Che cosa mostra](foto.jpg)``, or ``![](foto.jpg){: .decorativa }`` for a
purely decorative image, which gets ``alt=""``. The original is never
published: it may weigh megabytes and carry the GPS position of whoever took
it. Every ``<img>`` whose ``src`` is a content file (a path relative to the
Markdown file, or a Pelican link such as ``{static}/comuni/foto.jpg`` or
``{attach}../comuni/foto.jpg``, whose original Pelican is then told not to copy)
becomes a ``<picture>`` offering WebP and JPEG (or PNG) copies at the widths of
``RESPONSIVE_IMAGE_WIDTHS``, never enlarged, with the EXIF orientation applied
and then every piece of metadata (EXIF, GPS, XMP, comments) left out; only the
colour profile is kept. ``width`` and ``height`` let the browser reserve the
space before the image arrives, so the text does not jump; the first photo of
a page loads at once (it is probably in view), the others only when the reader
gets near them. The copies are written as
``images/<file name>-<hash>/<width>.<webp|jpg|png>``: the hash changes with the
photo, so servers can let browsers cache them forever.

Encoding photos takes time, and Pelican empties the output folder at every
build, so the copies are kept in a folder of their own
(``RESPONSIVE_IMAGE_CACHE``, by default ``images`` inside Pelican's
``CACHE_PATH``), named after the photo's content and ``PROCESSING_VERSION``: an
unchanged photo is never decoded again, only copied.

Everything happens at ``all_generators_finalized``, when every page, news item
and draft has been read (``context["generated_content"]``) and nothing has been
written yet, rather than at ``content_object_init``: it works the same when
Pelican restores items from its generator-level content cache (which skips
``content_object_init``), each photo is processed once however many pages
show it, and the build stops before any page is written if a photo is
missing, unreadable, too large or in another format, listing every problem at
once, like ``crossrefs``.

With ``RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING`` (the live preview's setting), the copies
missing from the cache are encoded while Pelican writes the pages, and copied to the output
at ``finalized``: a photo that turns out to be unreadable only then stops the build, after
the pages are written (the preview puts them in place only when the build succeeds).
Off by default: plugins/parallel_writing forks while the pages are written, and a process
should not fork while other threads of it run.

Each item keeps the photos its page shows (``photo_files``) and the copies they make
(``photo_copies``): the live preview reads again only the pages that show a photo that
changed, and removes the copies that no page uses any more (plugins/live_preview). It also
starts a saved photo's copies before its build reads the pages (``encode_ahead``), and puts
them into its output before the build's end, with the saved page (``copies_into``).
"""

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
import warnings
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals
from pelican.contents import Article, Page
from pelican.log import console
from pelican.utils import slugify
from PIL import ExifTags, Image, ImageOps

# Change it whenever the encoding below changes: the copies get new names (browsers
# that cached the old ones forever fetch them again) and the cache is filled again.
PROCESSING_VERSION = "2"
# EXIF orientations that turn the picture by a quarter (5 to 8): width and height swap.
QUARTER_TURNS = (5, 6, 7, 8)

DEFAULT_WIDTHS = [480, 960, 1600]
# The text column of the theme (.prose) is 42rem wide; on narrow screens the image fills it.
DEFAULT_SIZES = "(min-width: 48em) 42rem, 100vw"
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_BYTES = 25_000_000

SOURCE_SUFFIXES = {".jpg", ".jpeg", ".png"}
# The formats editors may use, with the extension of the copies in the same format.
FALLBACK_EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}
# Many cameras and phones add a second, smaller picture to their JPEGs; Pillow calls them MPO.
FORMAT_ALIASES = {"MPO": "JPEG"}
# WebP keeps Pillow's default effort (method 4): the slowest one halves the speed to save about 1%.
ENCODER_OPTIONS = {
    ("JPEG", "webp"): {"format": "WEBP", "quality": 80},
    ("JPEG", "jpg"): {"format": "JPEG", "quality": 82, "progressive": True, "optimize": True},
    # PNG is for drawings and screenshots: lossless WebP keeps their edges sharp and is still smaller.
    ("PNG", "webp"): {"format": "WEBP", "lossless": True},
    ("PNG", "png"): {"format": "PNG", "optimize": True},
}


def shrink_advice(widths):
    """How an editor on Windows makes a photo small enough: to the largest width the site uses."""
    width = max(widths)
    return (f"riducetela a {width} pixel di larghezza, la misura più grande che il sito mostra. Su Windows: "
            f"apritela con Foto, «…» → «Ridimensiona immagine», larghezza {width} pixel con le proporzioni "
            f"mantenute, e salvate una copia; oppure con Paint, «Ridimensiona» → «Pixel», orizzontale {width}")


# EXIF orientations that turn the picture by a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
# The class of ![](foto.jpg){: .decorativa }: the image says nothing, screen readers skip it.
DECORATIVE_CLASS = "decorativa"
# Attributes of the editor's <img> that the <picture> sets itself.
REPLACED_ATTRIBUTES = {"src", "srcset", "sizes", "width", "height", "loading", "decoding"}
IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)
# Pelican's links to content files, in the new {static} and the old |static| syntax.
PELICAN_LINK = re.compile(r"^[{|](?:static|attach|filename)[|}](?P<path>.+)$")
UNREADABLE = "il file non è un'immagine leggibile (forse è danneggiato o non è una foto)"


class ResponsiveImageError(SystemExit):
    """One or more images in the content cannot be published.

    A SystemExit: Python prints the message and exits with status 1, where any
    other exception would make Pelican print a traceback to the editor.
    """


class ImageProblem(Exception):
    """Why one image file cannot be published, in words for editors."""


@dataclass(frozen=True)
class SourceImage:
    """A photo from the content, as it will be published."""

    path: Path
    digest: str  # of PROCESSING_VERSION and the file's bytes
    format: str  # "JPEG" or "PNG"
    width: int  # once the EXIF orientation is applied
    height: int
    folder: str  # under images/ in the output
    widths: tuple[int, ...]

    @property
    def extensions(self):
        return ("webp", FALLBACK_EXTENSIONS[self.format])

    def derivatives(self):
        """(width, extension) of every copy."""
        return [(width, extension) for width in self.widths for extension in self.extensions]

    def height_at(self, width):
        return max(1, round(self.height * width / self.width))

    def cache_name(self, width, extension):
        return f"{self.digest}-{width}.{extension}"

    def copy_name(self, width, extension):
        """Where the copy is published, relative to the output folder."""
        return f"images/{self.folder}/{width}.{extension}"


@dataclass
class BuildStats:
    """What a build did with the photos: copies encoded now and copies found in the cache."""

    processed: int = 0
    reused: int = 0


@dataclass(frozen=True)
class ImageTag:
    start: int
    end: int
    attrs: dict


class _ImageTagFinder(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [index + 1 for index, char in enumerate(html) if char == "\n"]
        self.tags = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            line, column = self.getpos()
            start = self._line_starts[line - 1] + column
            self.tags.append(ImageTag(start, start + len(self.get_starttag_text()), dict(attrs)))


def image_tags(html):
    """Every <img> tag of ``html``, with where it starts and ends."""
    finder = _ImageTagFinder(html)
    finder.feed(html)
    finder.close()
    return finder.tags


def is_relative_path(src):
    """A file next to the Markdown file: not an address, a root path or a Pelican {static} link."""
    parts = urlsplit(src)
    return bool(parts.path) and not (parts.scheme or parts.netloc or src.startswith(("/", "{", "|")))


def image_file(src, source_path, content_path):
    """The content file an <img> shows, or None when ``src`` is not one (another site, a theme file).

    A path relative to the Markdown file, or a Pelican link ({static}, {attach}, {filename})
    from the content folder (``/comuni/foto.jpg``) or relative to the Markdown file.
    """
    link = PELICAN_LINK.match(src)
    if link:
        path = unquote(urlsplit(link["path"]).path)
        base = Path(content_path) if path.startswith("/") else Path(source_path).parent
        return (base / path.lstrip("/")).resolve()
    if is_relative_path(src):
        return (Path(source_path).parent / unquote(urlsplit(src).path)).resolve()
    return None


def derivative_widths(original, wanted):
    """The wanted widths narrower than the photo, and the photo's own when it is narrower than the widest."""
    widths = sorted({width for width in wanted if width < original})
    if original <= max(wanted):
        widths.append(original)
    return tuple(widths)


def attributes(values):
    return "".join(
        f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in values.items()
    )


def picture_element(image, attrs, siteurl, sizes, eager):
    """The <picture> that replaces the editor's <img>, whose other attributes (alt, class, title) it keeps."""
    base = f"{siteurl}/images/{image.folder}"
    webp, fallback = image.extensions

    def srcset(extension):
        return ", ".join(f"{base}/{width}.{extension} {width}w" for width in image.widths)

    largest = image.widths[-1]
    img = {
        "src": f"{base}/{image.widths[len(image.widths) // 2]}.{fallback}",
        "srcset": srcset(fallback),
        "sizes": sizes,
        "width": str(largest),
        "height": str(image.height_at(largest)),
        **{name: value for name, value in attrs.items() if name not in REPLACED_ATTRIBUTES},
    }
    if DECORATIVE_CLASS in (attrs.get("class") or "").split():
        img["alt"] = ""
    img["loading"] = "eager" if eager else "lazy"
    img["decoding"] = "async"
    source = {"type": "image/webp", "srcset": srcset(webp), "sizes": sizes}
    return f"<picture><source{attributes(source)}><img{attributes(img)}></picture>"


def write_atomically(path, data):
    """Write through a temporary file: a file in the cache is always whole, even with two builds at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as file:
        file.write(data)
    os.replace(file.name, path)


def encode_derivatives(image, missing, cache):
    """Decode the photo once and write the copies ``missing`` [(width, extension)] to ``cache``."""
    largest = max(width for width, _ in missing)
    needed = (largest, image.height_at(largest))
    try:
        with Image.open(image.path) as opened:
            if opened.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS:
                needed = needed[::-1]  # the file's pixels are turned: its width is the copy's height
            # A JPEG is decoded at the smallest of 1/2, 1/4 or 1/8 of its size that is still at
            # least as large as the largest copy (libjpeg's scaled decoding): a 4032×3024 photo
            # whose largest copy is 1600 px wide is decoded at 2016×1512, about 3 times faster.
            opened.draft(opened.mode, needed)
            upright = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageProblem(UNREADABLE) from error
    # A colour profile describes the colours of the original: keep it only if the copies have the same kind
    # (a CMYK or grey profile on RGB copies would distort every colour).
    icc_profile = upright.info.get("icc_profile") if upright.mode in ("RGB", "RGBA") else None
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    # What Pillow read from the file (EXIF with the GPS position, XMP, comments) stays behind.
    pixels.info = {}
    extensions_at = {}
    for width, extension in missing:
        extensions_at.setdefault(width, []).append(extension)

    def encode_width(width):
        """Resize once, then write each format at this width."""
        if width == pixels.width:
            resized = pixels
        else:
            resized = pixels.resize((width, image.height_at(width)), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for extension in extensions_at[width]:
            buffer = io.BytesIO()
            resized.save(buffer, icc_profile=icc_profile, **ENCODER_OPTIONS[image.format, extension])
            write_atomically(cache / image.cache_name(width, extension), buffer.getvalue())

    # The widths at once (Pillow releases the GIL while resizing and encoding): a new phone photo
    # saved in the editor reaches the live preview's page sooner.
    with ThreadPoolExecutor() as pool:
        list(pool.map(encode_width, extensions_at))


def megabytes(size):
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


class ResponsiveImages:
    """The photos of one build: found in the pages, checked, encoded into the cache, copied to the output."""

    def __init__(self, settings):
        self.siteurl = settings["SITEURL"]
        self.widths = settings.get("RESPONSIVE_IMAGE_WIDTHS", DEFAULT_WIDTHS)
        self.sizes = settings.get("RESPONSIVE_IMAGE_SIZES", DEFAULT_SIZES)
        self.max_pixels = settings.get("RESPONSIVE_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)
        self.max_bytes = settings.get("RESPONSIVE_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.cache = Path(settings.get("RESPONSIVE_IMAGE_CACHE") or Path(settings["CACHE_PATH"]) / "images")
        self.content_path = settings["PATH"]
        self.content_root = Path(settings["PATH"]).parent
        self.slug_substitutions = settings["SLUG_REGEX_SUBSTITUTIONS"]
        self.images = {}  # resolved path: SourceImage
        self.shown = defaultdict(set)  # Markdown file: the photos its page shows (SourceImage)
        self.references = defaultdict(list)  # digest: "<Markdown file>: immagine '<src>'" of every use
        self.problems = []

    def rewrite(self, html, source_path):
        """``html`` with each photo next to the Markdown file ``source_path`` turned into a <picture>."""
        if not IMG_TAG.search(html):
            return html  # most pages have no photo: parsing them would be most of this plugin's time
        pieces, position = [], 0
        for tag in image_tags(html):
            src = tag.attrs.get("src") or ""
            path = image_file(src, source_path, self.content_path)
            if path is None:
                continue
            where = f"{os.path.relpath(source_path, self.content_root)}: immagine '{src}'"
            try:
                image = self.source_image(path)
            except ImageProblem as problem:
                self.problems.append(f"{where}: {problem}")
                continue
            self.references[image.digest].append(where)
            self.shown[source_path].add(image)
            first = position == 0  # the first photo of a page is probably in view: it loads at once
            pieces += [html[position:tag.start], picture_element(image, tag.attrs, self.siteurl, self.sizes, first)]
            position = tag.end
        return "".join(pieces) + html[position:]

    def source_image(self, path):
        """The photo at ``path``, read once per build however many pages show it."""
        if path not in self.images:
            self.images[path] = self.inspect(path)
        return self.images[path]

    def inspect(self, path):
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            raise ImageProblem(f"formato non supportato ({path.suffix or 'senza estensione'}): "
                               "usate una foto JPEG (.jpg) o PNG (.png)")
        if not path.is_file():
            raise ImageProblem("file non trovato")
        size = path.stat().st_size
        if size > self.max_bytes:
            raise ImageProblem(
                f"file troppo grande ({megabytes(size)} MB, al massimo {megabytes(self.max_bytes)} MB): "
                + shrink_advice(self.widths))
        data = path.read_bytes()
        digest = hashlib.sha256(PROCESSING_VERSION.encode() + data).hexdigest()
        # Format and size are kept beside the copies, so a cached photo is not even opened again.
        header_file = self.cache / f"{digest}.json"
        if header_file.is_file():
            image_format, width, height = json.loads(header_file.read_text())
            self.check_pixels(width, height)  # the limit may have changed since
        else:
            image_format, width, height = self.read_header(data)
            write_atomically(header_file, json.dumps([image_format, width, height]).encode())
        name = slugify(path.stem, regex_subs=self.slug_substitutions) or "immagine"
        return SourceImage(path, digest, image_format, width, height, f"{name}-{digest[:10]}",
                           derivative_widths(width, self.widths))

    def read_header(self, data):
        """Format and upright size of the photo, from the start of the file: the pixels are not decoded."""
        with warnings.catch_warnings():
            # Pillow warns about very large images; the limit that counts here is check_pixels'.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(data)) as image:
                    image_format = FORMAT_ALIASES.get(image.format, image.format)
                    if image_format not in FALLBACK_EXTENSIONS:
                        raise ImageProblem(
                            f"formato non supportato (il file è un {image.format}): usate una foto JPEG o PNG")
                    width, height = image.size
                    self.check_pixels(width, height)
                    if image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS:
                        width, height = height, width
            except Image.DecompressionBombError:
                raise self.too_many_pixels() from None
            except (OSError, SyntaxError, ValueError) as error:
                raise ImageProblem(UNREADABLE) from error
        return image_format, width, height

    def check_pixels(self, width, height):
        if width * height > self.max_pixels:
            raise self.too_many_pixels(f"{width}×{height} pixel, ")

    def too_many_pixels(self, size=""):
        """``size`` is unknown when Pillow itself refused to open the photo as far too large."""
        return ImageProblem(
            f"immagine troppo grande ({size}al massimo {self.max_pixels / 1_000_000:g} milioni di pixel): "
            + shrink_advice(self.widths))

    def fill_cache(self):
        """Encode the copies missing from the cache, several photos at a time (Pillow releases the GIL)."""
        stats = BuildStats()
        unique = {image.digest: image for image in self.images.values()}
        with ThreadPoolExecutor() as pool:
            jobs = {image: pool.submit(self.cache_derivatives, image) for image in unique.values()}
        for image, job in jobs.items():
            try:
                made = job.result()
            except ImageProblem as problem:
                self.problems.extend(f"{where}: {problem}" for where in self.references[image.digest])
                continue
            stats.processed += made
            stats.reused += len(image.derivatives()) - made
        return stats

    def cache_derivatives(self, image):
        """How many copies of ``image`` had to be encoded: 0 when the cache had them all."""
        return wait_for_encoding_ahead(image) + self.encode_missing(image)

    def encode_missing(self, image):
        missing = [(width, extension) for width, extension in image.derivatives()
                   if not (self.cache / image.cache_name(width, extension)).is_file()]
        if missing:
            encode_derivatives(image, missing, self.cache)
        return len(missing)

    def copy_to(self, output_path, only_missing=False):
        """Copy the copies into ``output_path``; ``only_missing``: not those there already (a copy's
        folder is named after the photo's bytes, so a copy there is the same). Return their names."""
        copied = []
        for image in self.images.values():
            (Path(output_path) / "images" / image.folder).mkdir(parents=True, exist_ok=True)
            for width, extension in image.derivatives():
                name = image.copy_name(width, extension)
                if not (only_missing and (Path(output_path) / name).is_file()):
                    shutil.copyfile(self.cache / image.cache_name(width, extension), Path(output_path) / name)
                    copied.append(name)
        return copied

    def record(self, item, content_path):
        """Note on ``item`` what the live preview needs to rebuild only what a photo changes
        (plugins/live_preview), and what ``keep_originals_private`` needs in every build."""
        shown = self.shown.get(item.source_path, ())
        item.photo_files = frozenset(image.path for image in shown)
        item.photo_copies = frozenset(image.copy_name(*copy) for image in shown for copy in image.derivatives())
        # Its <img> are <picture> now: what the page still links (to download it) stays public.
        item.linked_files = frozenset((Path(content_path) / path).resolve() for path in item.get_static_links())


# Photos whose copies are being encoded ahead of their build (``encode_ahead``): digest → job.
_ahead = {}
_ahead_pool = ThreadPoolExecutor(thread_name_prefix="encode-ahead")


def encode_ahead(paths, settings):
    """Start encoding, in the background, the copies of the photos at ``paths`` that the cache lacks.

    The live preview calls it as soon as a save is written: a new phone photo's copies are then
    made while the content is checked and read, before the build reaches them. A photo that
    cannot be published is left to the build, which says why.
    """
    pipeline = ResponsiveImages(settings)
    for path in paths:
        try:
            image = pipeline.inspect(Path(path))
        except ImageProblem:
            continue
        if image.digest not in _ahead:
            _ahead[image.digest] = _ahead_pool.submit(pipeline.encode_missing, image)


def wait_for_encoding_ahead(image):
    """How many copies of ``image`` ``encode_ahead`` made, once it is done (0 if it did not start or failed)."""
    job = _ahead.pop(image.digest, None)
    if job is None or job.exception() is not None:
        return 0  # a photo it could not read: the build encodes it again, and says why
    return job.result()


def keep_originals_private(context, items):
    """Leave out of the static files the photos Pelican found through {static} or {attach} links.

    Pelican listed them to be copied as they are, metadata included, before their <img>
    became a <picture>; a photo that another link still leads to (to download it) stays.
    Every written item counts, also those the live preview kept from an earlier build.
    """
    private = set().union(*(item.photo_files for item in items)) - set().union(*(item.linked_files for item in items))
    if "staticfiles" in context:
        context["staticfiles"] = [static for static in context["staticfiles"]
                                  if Path(static.source_path).resolve() not in private]


@dataclass
class PhotosOfBuild:
    """The photos of the build under way: their pipeline, and the job encoding their copies while
    Pelican writes the pages (RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING) until ``finalized`` publishes
    them (None when they were encoded and published before the pages were written)."""

    pipeline: "ResponsiveImages"
    job: Future | None
    output_path: str
    started: float  # the start of the build's work on photos


_current = None  # PhotosOfBuild; a failed build's is replaced by the next one's


def publish_images(generators):
    global _current
    started = time.perf_counter()
    generator = generators[0]
    pipeline = ResponsiveImages(generator.settings)
    # Only items that are written: the photos of a draft that is not published stay private.
    written = [item for item in generator.context["generated_content"].values()
               if isinstance(item, (Article, Page)) and item.save_as]
    # The live preview keeps an unchanged file's item, already rewritten, from one build to the next.
    items = sorted((item for item in written if not getattr(item, "pictures_made", False)),
                   key=lambda item: item.source_path)
    for item in items:
        if item._content:
            item._content = pipeline.rewrite(item._content, item.source_path)
        item.pictures_made = True
        pipeline.record(item, generator.settings["PATH"])
    keep_originals_private(generator.context, written)
    _current = PhotosOfBuild(pipeline, None, generator.output_path, started)
    if generator.settings.get("RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING") and not pipeline.problems:
        # The pages need only the photos' sizes, known already. Pillow releases the GIL
        # while it encodes, Jinja holds it while it renders: the two share the cores.
        pool = ThreadPoolExecutor(max_workers=1)
        _current.job = pool.submit(pipeline.fill_cache)
        pool.shutdown(wait=False)
    else:
        publish_copies(pipeline, pipeline.fill_cache(), generator.output_path, started)


def publish_copies(pipeline, stats, output_path, started):
    """Copy the copies into the output, or stop the build listing every photo that cannot be published."""
    if pipeline.problems:
        raise ResponsiveImageError("immagini da correggere:\n" + "\n".join(sorted(pipeline.problems)))
    pipeline.copy_to(output_path)
    if pipeline.images:
        console.print(
            f"Immagini: {stats.processed} file creati, {stats.reused} presi dalla cache, "
            f"in {time.perf_counter() - started:.2f} s".replace(".", ","), highlight=False, soft_wrap=True)


def copies_into(folder):
    """Put the copies of the photos of the build under way into ``folder`` as soon as they are made
    (waiting for those encoded while the pages are written); return the names of those it put
    there, or None when a photo cannot be published.

    The live preview shows a saved page, and its photos, before the other pages are written.
    """
    if _current is None or (_current.job is not None and _current.job.exception() is not None):
        return None  # the build stops at ``finalized``, saying why
    if _current.pipeline.problems:
        return None
    return _current.pipeline.copy_to(folder, only_missing=True)


def publish_copies_made_while_writing(pelican):
    if _current is not None and _current.job is not None:
        job, _current.job = _current.job, None
        publish_copies(_current.pipeline, job.result(), _current.output_path, _current.started)


def register():
    signals.all_generators_finalized.connect(publish_images)
    signals.finalized.connect(publish_copies_made_while_writing)
