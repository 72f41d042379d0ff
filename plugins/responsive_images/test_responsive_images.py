import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from responsive_images import responsive_images
from responsive_images.responsive_images import (
    ResponsiveImageError,
    ResponsiveImages,
    copies_into,
    derivative_widths,
    encode_ahead,
    publish_copies_made_while_writing,
    publish_images,
)

PLUGINS = Path(__file__).resolve().parent.parent
SOURCE = "/content/news/laboratorio.md"  # under PATH, see the settings fixture
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Maria Rossi</rdf:Description></x:xmpmeta>'
PRIVATE = [b"Exif", b"FotoTelefono", b"Maria Rossi", b"xmpmeta", b"scattata a casa"]


def make_photo(path, size=(2000, 1200), orientation=6):
    """A JPEG as phones save it: EXIF with camera, GPS position and orientation, XMP and a comment.

    The left half is red and the right half blue, with some noise so that it encodes
    like a photo. Orientation 6 means "turn a quarter clockwise": upright, red is on top.
    """
    width, height = size
    noise = Image.effect_noise(size, 40)
    halves = Image.new("L", size, 0)
    halves.paste(255, (0, 0, width // 2, height))
    red = Image.blend(halves, noise, 0.25)
    blue = Image.blend(halves.point(lambda value: 255 - value), noise, 0.25)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "FotoTelefono"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (41.0, 28.0, 3.5)})
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.merge("RGB", (red, noise, blue)).save(
        path, exif=exif, xmp=XMP, comment=b"scattata a casa di Maria", quality=95)
    return path


def make_drawing(path, size=(300, 200)):
    """A small PNG with transparency, a text comment and EXIF."""
    image = Image.new("RGBA", size, (0, 128, 0, 0))
    image.paste((255, 255, 0, 255), (50, 50, 250, 150))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "scattata a casa di Maria")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "FotoTelefono"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, pnginfo=text, exif=exif)
    return path


@pytest.fixture
def settings(tmp_path):
    return {**DEFAULT_CONFIG, "PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")}


@pytest.fixture
def news(tmp_path):
    """The folder of the Markdown file SOURCE, where editors put its photos."""
    return tmp_path / "content" / "news"


def source(tmp_path):
    return str(tmp_path) + SOURCE


def rewrite(settings, html, tmp_path):
    """Only the HTML: the photos are inspected, not encoded."""
    return ResponsiveImages(settings).rewrite(html, source(tmp_path))


def build(settings, html, tmp_path, output="out"):
    """Rewrite ``html`` and publish its photos to ``tmp_path / output``, as a build does; (html, stats, problems)."""
    pipeline = ResponsiveImages(settings)
    rewritten = pipeline.rewrite(html, source(tmp_path))
    stats = pipeline.fill_cache()
    if not pipeline.problems:
        pipeline.copy_to(tmp_path / output)
    return rewritten, stats, pipeline.problems


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def written_files(folder):
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_widths_never_enlarge_the_photo():
    assert derivative_widths(2000, [480, 960, 1600]) == (480, 960, 1600)
    assert derivative_widths(1600, [480, 960, 1600]) == (480, 960, 1600)
    assert derivative_widths(1200, [960, 480, 1600]) == (480, 960, 1200)
    assert derivative_widths(300, [480, 960, 1600]) == (300,)


def test_copies_at_each_width_in_webp_and_the_original_format(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    make_drawing(news / "schema.png")
    html = '<p><img alt="Cucito" src="laboratorio.jpg"></p><p><img alt="Schema" src="schema.png"></p>'
    _, stats, problems = build(settings, html, tmp_path)
    assert problems == []
    files = sorted(written_files(tmp_path / "out"))
    photo, drawing = sorted({Path(name).parent.name for name in files})
    assert re.fullmatch(r"laboratorio-[0-9a-f]{10}", photo)
    assert re.fullmatch(r"schema-[0-9a-f]{10}", drawing)
    # The photo is 1200 pixels wide once upright: no 1600 copy, and the 1200 one is its full size.
    assert files == sorted(
        [f"images/{photo}/{width}.{extension}" for width in (480, 960, 1200) for extension in ("jpg", "webp")]
        + [f"images/{drawing}/300.png", f"images/{drawing}/300.webp"])
    expected = {"480.jpg": ("JPEG", (480, 800)), "960.webp": ("WEBP", (960, 1600)),
                "1200.jpg": ("JPEG", (1200, 2000))}
    for name, (image_format, size) in expected.items():
        with Image.open(tmp_path / "out" / "images" / photo / name) as image:
            assert (image.format, image.size) == (image_format, size)
    with Image.open(tmp_path / "out" / "images" / photo / "960.jpg") as image:
        assert image.info.get("progressive")
    with Image.open(tmp_path / "out" / "images" / drawing / "300.webp") as image:
        assert (image.size, image.mode) == ((300, 200), "RGBA")
    assert stats.processed == 8 and stats.reused == 0


def test_copies_carry_no_metadata(tmp_path, settings, news):
    with Image.open(make_photo(news / "laboratorio.jpg")) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does have a position
    make_drawing(news / "schema.png")
    html = '<img alt="Cucito" src="laboratorio.jpg"><img alt="Schema" src="schema.png">'
    build(settings, html, tmp_path)
    copies = sorted((tmp_path / "out" / "images").rglob("*.*"))
    assert len(copies) == 8
    for path in copies:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"} & set(image.info), path
        data = path.read_bytes()
        assert not [text for text in PRIVATE if text in data], path


def test_orientation_is_applied(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg", size=(500, 300), orientation=6)
    build(settings, '<img alt="Cucito" src="laboratorio.jpg">', tmp_path)
    [copy] = (tmp_path / "out" / "images").rglob("300.jpg")
    with Image.open(copy) as image:
        assert image.size == (300, 500)
        top_red, _, top_blue = image.getpixel((150, 50))
        bottom_red, _, bottom_blue = image.getpixel((150, 450))
    assert top_red > top_blue and bottom_blue > bottom_red


def test_colour_profile_is_kept_only_for_rgb_photos(tmp_path, settings, news):
    news.mkdir(parents=True)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (300, 200), "teal").save(news / "rgb.jpg", icc_profile=srgb)
    Image.new("CMYK", (300, 200), (200, 0, 0, 0)).save(news / "stampa.jpg", icc_profile=b"profilo CMYK")
    build(settings, '<img alt="a" src="rgb.jpg"><img alt="b" src="stampa.jpg">', tmp_path)
    for name, profile in [("rgb", srgb), ("stampa", None)]:
        for path in (tmp_path / "out" / "images").glob(f"{name}-*/*"):
            with Image.open(path) as image:
                assert (image.mode, image.info.get("icc_profile")) == ("RGB", profile), path
    with Image.open(next((tmp_path / "out" / "images").glob("stampa-*/300.webp"))) as image:
        red, green, blue = image.getpixel((150, 100))
    assert red < 100 < green and blue > 200  # cyan ink, on screen


def test_img_becomes_a_picture_with_sizes_that_reserve_the_space(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    html = ('<p>Prima &amp; dopo</p>\n'
            '<p><img alt="Due persone &quot;cuciono&quot;" src="laboratorio.jpg" title="Il laboratorio"></p>')
    rewritten = rewrite(settings, html, tmp_path)
    assert rewritten.startswith("<p>Prima &amp; dopo</p>\n<p><picture><source ")
    assert rewritten.endswith("></picture></p>")
    tags = start_tags(rewritten)
    assert [tag for tag, _ in tags] == ["p", "p", "picture", "source", "img"]
    webp, img = tags[3][1], tags[4][1]
    base = img["src"].removesuffix("/960.jpg")
    assert re.fullmatch(r"/images/laboratorio-[0-9a-f]{10}", base)
    assert webp == {
        "type": "image/webp",
        "srcset": f"{base}/480.webp 480w, {base}/960.webp 960w, {base}/1200.webp 1200w",
        "sizes": "(min-width: 48em) 42rem, 100vw",
    }
    assert img == {
        "src": f"{base}/960.jpg",
        "srcset": f"{base}/480.jpg 480w, {base}/960.jpg 960w, {base}/1200.jpg 1200w",
        "sizes": "(min-width: 48em) 42rem, 100vw",
        "width": "1200", "height": "2000",
        "alt": 'Due persone "cuciono"', "title": "Il laboratorio",
        "loading": "eager", "decoding": "async",
    }


def test_decorative_images_get_empty_alt_and_only_the_first_loads_at_once(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    make_drawing(news / "schema.png")
    html = ('<p><img alt="Cucito" src="laboratorio.jpg"></p>\n'
            '<p><img alt="" class="decorativa" src="schema.png"></p>\n'
            '<p><img alt="Scritto per sbaglio" class="bordo decorativa" src="laboratorio.jpg" /></p>')
    rewritten = rewrite(settings, html, tmp_path)
    images = [attrs for tag, attrs in start_tags(rewritten) if tag == "img"]
    assert [(attrs["alt"], attrs.get("class"), attrs["loading"]) for attrs in images] == [
        ("Cucito", None, "eager"), ("", "decorativa", "lazy"), ("", "bordo decorativa", "lazy")]
    assert images[1]["srcset"].endswith("/300.png 300w") and images[1]["width"] == "300"


def test_other_images_are_left_alone(tmp_path, settings):
    html = ('<img alt="a" src="https://example.org/foto.jpg">'
            '<img alt="b" src="//cdn.example.org/foto.jpg">'
            '<img alt="c" src="/theme/logo.png">'
            '<img alt="e" src="data:image/png;base64,iVBORw0KGgo=">'
            '<pre><code>&lt;img src="foto.jpg"&gt;</code></pre>')
    rewritten, stats, problems = build(settings, html, tmp_path)
    assert (rewritten, problems, stats.processed) == (html, [], 0)


def test_pelican_links_from_other_folders_are_published_the_same_way(tmp_path, settings, news):
    """{static} and {attach} (and |static|, {filename}) from the content folder or relative to the page."""
    make_photo(tmp_path / "content" / "comuni" / "piazza.jpg")
    links = ["{static}/comuni/piazza.jpg", "{attach}../comuni/piazza.jpg", "|static|/comuni/piazza.jpg",
             "{filename}/comuni/piazza%2Ejpg", "../comuni/piazza.jpg"]
    rewritten, stats, problems = build(settings, "".join(f'<img alt="Piazza" src="{link}">' for link in links),
                                       tmp_path)
    assert problems == []
    sources = [attrs["src"] for tag, attrs in start_tags(rewritten) if tag == "img"]
    assert len(sources) == len(links) and len(set(sources)) == 1
    assert re.fullmatch(r"/images/piazza-[0-9a-f]{10}/960\.jpg", sources[0])
    assert stats.processed == 6


def test_addresses_follow_siteurl_and_the_settings(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg", size=(1200, 800), orientation=1)
    settings.update(SITEURL="https://example.org/lgnetea", RESPONSIVE_IMAGE_WIDTHS=[400, 800],
                    RESPONSIVE_IMAGE_SIZES="100vw", RESPONSIVE_IMAGE_CACHE=str(tmp_path / "altrove"))
    img = dict(start_tags(rewrite(settings, '<img alt="x" src="./laboratorio.jpg">', tmp_path)))["img"]
    assert re.fullmatch(r"https://example\.org/lgnetea/images/laboratorio-[0-9a-f]{10}/800\.jpg", img["src"])
    assert (img["sizes"], img["width"], img["height"]) == ("100vw", "800", "533")
    assert len(list((tmp_path / "altrove").glob("*.json"))) == 1


def test_second_build_only_copies_from_the_cache(tmp_path, settings, news, monkeypatch):
    make_photo(news / "laboratorio.jpg")
    make_drawing(news / "schema.png")
    html = '<img alt="Cucito" src="laboratorio.jpg"><img alt="Schema" src="schema.png">'
    first_html, first, _ = build(settings, html, tmp_path, "out1")

    def no_decoding(*args, **kwargs):
        raise AssertionError("a cached photo was opened again")

    monkeypatch.setattr(Image, "open", no_decoding)
    second_html, second, problems = build(settings, html, tmp_path, "out2")
    assert problems == []
    assert (first.processed, first.reused) == (8, 0)
    assert (second.processed, second.reused) == (0, 8)
    assert second_html == first_html
    assert written_files(tmp_path / "out2") == written_files(tmp_path / "out1")


def test_a_changed_photo_gets_a_new_address(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    first = rewrite(settings, '<img alt="x" src="laboratorio.jpg">', tmp_path)
    make_photo(news / "laboratorio.jpg", orientation=1)
    second = rewrite(settings, '<img alt="x" src="laboratorio.jpg">', tmp_path)
    assert dict(start_tags(first))["img"]["src"] != dict(start_tags(second))["img"]["src"]


def problems_for(settings, tmp_path, name):
    _, _, problems = build(settings, f'<img alt="x" src="{name}">', tmp_path)
    return problems


def test_missing_file(tmp_path, settings):
    assert problems_for(settings, tmp_path, "manca.jpg") == [
        "content/news/laboratorio.md: immagine 'manca.jpg': file non trovato"]


def test_file_that_is_not_an_image(tmp_path, settings, news):
    news.mkdir(parents=True)
    (news / "foto.jpg").write_text("questa non è una foto")
    assert problems_for(settings, tmp_path, "foto.jpg") == [
        "content/news/laboratorio.md: immagine 'foto.jpg': il file non è un'immagine leggibile "
        "(forse è danneggiato o non è una foto)"]


def test_truncated_photo_is_found_when_decoded(tmp_path, settings, news):
    data = make_photo(news / "intera.jpg").read_bytes()
    (news / "tagliata.jpg").write_bytes(data[: len(data) // 2])
    [problem] = problems_for(settings, tmp_path, "tagliata.jpg")
    assert problem.startswith("content/news/laboratorio.md: immagine 'tagliata.jpg': il file non è un'immagine")


def test_too_many_pixels(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    settings["RESPONSIVE_IMAGE_MAX_PIXELS"] = 2_000_000
    assert problems_for(settings, tmp_path, "laboratorio.jpg") == [
        "content/news/laboratorio.md: immagine 'laboratorio.jpg': immagine troppo grande "
        "(2000×1200 pixel, al massimo 2 milioni di pixel): riducetela a 1600 pixel di larghezza, la misura più "
        "grande che il sito mostra. Su Windows: apritela con Foto, «…» → «Ridimensiona immagine», larghezza 1600 "
        "pixel con le proporzioni mantenute, e salvate una copia; oppure con Paint, «Ridimensiona» → «Pixel», "
        "orizzontale 1600"]


def test_too_many_bytes(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    settings["RESPONSIVE_IMAGE_MAX_BYTES"] = 100_000
    [problem] = problems_for(settings, tmp_path, "laboratorio.jpg")
    assert re.fullmatch(
        r"content/news/laboratorio\.md: immagine 'laboratorio\.jpg': file troppo grande "
        r"\(\d+(,\d)? MB, al massimo 0,1 MB\): riducetela a 1600 pixel di larghezza, .* orizzontale 1600", problem)


def test_unsupported_formats(tmp_path, settings, news):
    news.mkdir(parents=True)
    Image.new("RGB", (10, 10)).save(news / "animazione.gif")
    Image.new("RGB", (10, 10)).save(news / "finta.png", format="GIF")
    assert problems_for(settings, tmp_path, "animazione.gif") == [
        "content/news/laboratorio.md: immagine 'animazione.gif': formato non supportato (.gif): "
        "usate una foto JPEG (.jpg) o PNG (.png)"]
    assert problems_for(settings, tmp_path, "finta.png") == [
        "content/news/laboratorio.md: immagine 'finta.png': formato non supportato (il file è un GIF): "
        "usate una foto JPEG o PNG"]


def test_build_fails_once_listing_every_problem(tmp_path, settings, news):
    make_photo(news / "laboratorio.jpg")
    (news / "rotta.png").write_bytes(b"\x89PNG rotta")
    pages = {
        name: Page(html, metadata={"title": name}, settings=settings, source_path=f"{tmp_path}/content/news/{name}")
        for name, html in [("a.md", '<img alt="x" src="manca.jpg"><img alt="y" src="laboratorio.jpg">'),
                           ("b.md", '<img alt="z" src="rotta.png">')]
    }
    generator = SimpleNamespace(settings=settings, context={"generated_content": pages},
                                output_path=str(tmp_path / "out"))
    with pytest.raises(ResponsiveImageError) as failure:
        publish_images([generator])
    assert str(failure.value).splitlines() == [
        "immagini da correggere:",
        "content/news/a.md: immagine 'manca.jpg': file non trovato",
        "content/news/b.md: immagine 'rotta.png': il file non è un'immagine leggibile "
        "(forse è danneggiato o non è una foto)",
    ]
    assert not (tmp_path / "out").exists()


def page_with_photo(settings, tmp_path, src, output):
    """A page showing the photo ``src``, through publish_images as a build into ``output`` does."""
    page = Page(f'<img alt="x" src="{src}">', metadata={"title": "a"}, settings=settings,
                source_path=source(tmp_path))
    publish_images([SimpleNamespace(settings=settings, context={"generated_content": {"a": page}},
                                    output_path=str(output))])
    return page


def test_copies_encoded_while_the_pages_are_written_are_published_at_the_end(tmp_path, settings, news):
    """The live preview's setting: the pages are written while the copies are encoded; an
    unreadable photo, found only then, stops the build at the end."""
    data = make_photo(news / "laboratorio.jpg").read_bytes()
    (news / "tagliata.jpg").write_bytes(data[: len(data) // 2])
    settings["RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING"] = True
    output = tmp_path / "out"

    page = page_with_photo(settings, tmp_path, "laboratorio.jpg", output)
    assert "<picture>" in page._content and not output.exists()  # the page can be written already
    publish_copies_made_while_writing(None)
    assert len(written_files(output / "images")) == 6  # 480, 960, 1200 wide, WebP and JPEG

    page = page_with_photo(settings, tmp_path, "tagliata.jpg", output)
    assert "<picture>" in page._content
    with pytest.raises(ResponsiveImageError, match="immagine 'tagliata.jpg': il file non è un'immagine leggibile"):
        publish_copies_made_while_writing(None)


def test_copies_encoded_ahead_are_made_once_and_counted_as_made(tmp_path, settings, news, monkeypatch):
    """The live preview starts a saved photo's copies before its build reads the pages: the build
    waits for them instead of encoding them again; a photo it cannot read is left to the build."""
    make_photo(news / "laboratorio.jpg")
    (news / "rotta.jpg").write_bytes(b"\xff\xd8 non una foto")
    encoded = []
    encode = responsive_images.encode_derivatives
    monkeypatch.setattr(responsive_images, "encode_derivatives",
                        lambda image, missing, cache: (encoded.append(image.path.name), encode(image, missing, cache)))
    encode_ahead([news / "laboratorio.jpg", news / "rotta.jpg", news / "assente.jpg"], settings)
    _, stats, problems = build(settings, '<img alt="Cucito" src="laboratorio.jpg">', tmp_path)
    assert (stats.processed, stats.reused, problems) == (6, 0, [])
    assert encoded == ["laboratorio.jpg"]
    _, _, problems = build(settings, '<img alt="x" src="rotta.jpg">', tmp_path)
    assert problems == [f"content/news/laboratorio.md: immagine 'rotta.jpg': {responsive_images.UNREADABLE}"]


def test_copies_into_another_folder_as_soon_as_they_are_made(tmp_path, settings, news):
    """A saved page goes into the live preview's output before the rest of its build: its
    photos' copies first, and none while a photo of the build cannot be published."""
    data = make_photo(news / "laboratorio.jpg").read_bytes()
    (news / "tagliata.jpg").write_bytes(data[: len(data) // 2])  # found only when decoded
    settings["RESPONSIVE_IMAGE_ENCODE_WHILE_WRITING"] = True
    staging, live = tmp_path / "staging", tmp_path / "live"

    page = page_with_photo(settings, tmp_path, "laboratorio.jpg", staging)
    shown = set(re.findall(r'images/[^ ",]+', page._content))
    assert shown and set(copies_into(live)) == shown
    assert {f"images/{name}" for name in written_files(live / "images")} == shown
    assert copies_into(live) == []  # there already
    publish_copies_made_while_writing(None)
    assert written_files(staging / "images") == written_files(live / "images")

    page_with_photo(settings, tmp_path, "tagliata.jpg", staging)
    assert copies_into(tmp_path / "other") is None
    assert not (tmp_path / "other").exists()
    with pytest.raises(ResponsiveImageError):
        publish_copies_made_while_writing(None)


def pelican_build(site, output):
    """A real build in its own process (Pelican's signals are global), warnings fatal."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "settings.py", "-o", str(output), "--fatal", "warnings"],
        cwd=site, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "400"},  # Pelican's console must not wrap messages
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def site(tmp_path):
    (tmp_path / "settings.py").write_text(
        f'SITENAME = "Prova"\nSITEURL = ""\nPATH = "content"\nTIMEZONE = "Europe/Rome"\n'
        f'PLUGIN_PATHS = [{str(PLUGINS)!r}]\nPLUGINS = ["responsive_images"]\n'
        'PAGE_PATHS = ["pages"]\nCACHE_PATH = "cache"\nDELETE_OUTPUT_DIRECTORY = True\n'
        "FEED_ALL_ATOM = CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None\n"
        # As in pelicanconf.py: alt="" is allowed on images marked {: .decorativa }.
        'import logging\nLOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]\n')
    return tmp_path


def test_real_build_publishes_pictures_and_reuses_the_cache(site):
    pages = site / "content" / "pages"
    make_photo(pages / "foto-laboratorio.jpg")
    make_drawing(pages / "decoro.png")
    (pages / "laboratorio.md").write_text(
        "Title: Laboratorio\n\n"
        "![Due persone cuciono un vestito](foto-laboratorio.jpg)\n\n"
        "Testo.\n\n"
        "![](decoro.png){: .decorativa }\n\n"
        "![Logo](https://example.org/logo.png)\n")

    status, log = pelican_build(site, site / "output")
    assert status == 0, log
    cold = re.search(r"Immagini: (\d+) file creati, (\d+) presi dalla cache, in ([\d,]+) s", log)
    assert cold and cold.group(1, 2) == ("8", "0"), log

    page = (site / "output" / "pages" / "laboratorio.html").read_text()
    tags = start_tags(page)
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert [tag for tag, _ in tags].count("picture") == 2
    assert [(attrs["alt"], attrs["loading"], attrs["width"], attrs["height"]) for attrs in images[:2]] == [
        ("Due persone cuciono un vestito", "eager", "1200", "2000"), ("", "lazy", "300", "200")]
    assert images[2] == {"alt": "Logo", "src": "https://example.org/logo.png"}
    published = written_files(site / "output" / "images")
    assert len(published) == 8
    for attrs in images[:2]:
        assert attrs["src"].removeprefix("/images/") in published
    assert not list((site / "output").rglob("foto-laboratorio.jpg"))  # the original stays private

    status, log = pelican_build(site, site / "output")
    assert status == 0, log
    cached = re.search(r"Immagini: (\d+) file creati, (\d+) presi dalla cache, in ([\d,]+) s", log)
    assert cached and cached.group(1, 2) == ("0", "8"), log
    assert written_files(site / "output" / "images") == published
    print(f"\n2000×1200 JPEG + 300×200 PNG: {cold.group(3)} s the first time, {cached.group(3)} s from the cache")


def test_real_build_publishes_photos_linked_from_other_folders_without_their_originals(site):
    """A photo shown through {static} or {attach} is not copied as it is, unless a link leads to it."""
    content = site / "content"
    make_photo(content / "foto" / "piazza.jpg")
    make_photo(content / "foto" / "mercato.jpg")
    (content / "pages").mkdir()
    (content / "pages" / "piazza.md").write_text(
        "Title: Piazza\n\n![La piazza]({static}/foto/piazza.jpg)\n\n![Il mercato]({attach}../foto/mercato.jpg)\n\n"
        "[La foto del mercato in alta risoluzione]({static}/foto/mercato.jpg)\n")
    status, log = pelican_build(site, site / "output")
    assert status == 0, log
    page = (site / "output" / "pages" / "piazza.html").read_text()
    assert [tag for tag, _ in start_tags(page)].count("picture") == 2
    assert not list((site / "output").rglob("piazza.jpg"))
    assert [path.relative_to(site / "output").as_posix() for path in (site / "output").rglob("mercato.jpg")] == [
        "foto/mercato.jpg"]
    assert 'href="/foto/mercato.jpg"' in page


def test_real_build_fails_naming_the_page_and_the_image(site):
    pages = site / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "laboratorio.md").write_text("Title: Laboratorio\n\n![Due persone](manca.jpg)\n")
    status, log = pelican_build(site, site / "output")
    assert status != 0
    assert "content/pages/laboratorio.md: immagine 'manca.jpg': file non trovato" in log
