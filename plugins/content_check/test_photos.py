"""A photo in content/ that still records where it was taken is refused, by name, with the fix."""

import shutil
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import ExifTags, Image, PngImagePlugin

from content_check.content_check import ContentChecker, errors_of

ROOT = Path(__file__).resolve().parents[2]
ORIENTATION = ExifTags.Base.Orientation
XMP_POSITION = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="41,28.05N" '
                b'exif:GPSLongitude="12,54.22E"/></rdf:RDF></x:xmpmeta>')


def exif_with(position=True):
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ExifTags.Base.Make] = "Telefono"
    if position:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps.update({1: "N", 2: (41.0, 28.0, 3.0), 3: "E", 4: (12.0, 54.0, 13.0)})
    return exif


def save_jpeg_with_position(path):
    Image.new("RGB", (64, 48), (150, 40, 40)).save(path, exif=exif_with())


@pytest.fixture
def checker(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    monkeypatch.chdir(tmp_path)
    return content, ContentChecker(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))


def photo_errors(checker):
    return [(p.path, p.line, p.field, p.message) for p in errors_of(checker.check()) if p.field == "foto"]


def test_photos_with_a_gps_position_are_refused_by_name_with_the_fix(checker):
    content, check = checker
    save_jpeg_with_position(content / "news" / "sportello.jpg")
    Image.new("RGB", (64, 48)).save(content / "comuni" / "piazza.png", exif=exif_with())  # PNG eXIf chunk
    xmp = PngImagePlugin.PngInfo()
    xmp.add_itxt("XML:com.adobe.xmp", XMP_POSITION.decode())
    Image.new("RGB", (64, 48)).save(content / "comuni" / "mappa.png", pnginfo=xmp)
    Image.new("RGB", (64, 48)).save(content / "news" / "xmp.jpg", xmp=XMP_POSITION)
    # Kept: orientation only, or EXIF without a position, or nothing.
    Image.new("RGB", (64, 48)).save(content / "news" / "girata.jpg", exif=exif_with(position=False))
    Image.new("RGB", (64, 48)).save(content / "news" / "pulita.jpg")
    found = photo_errors(check)
    assert [(path, line, field) for path, line, field, _ in found] == [
        ("content/comuni/mappa.png", 1, "foto"), ("content/comuni/piazza.png", 1, "foto"),
        ("content/news/sportello.jpg", 1, "foto"), ("content/news/xmp.jpg", 1, "foto")]
    message = found[2][3]
    assert message.startswith("la foto contiene la posizione GPS")
    assert "nell'editor (/admin/)" in message and "«sportello.jpg»" in message


def test_the_live_preview_sees_a_photo_replaced_by_its_clean_copy(checker):
    content, check = checker
    photo = content / "news" / "sportello.jpg"
    save_jpeg_with_position(photo)
    assert len(photo_errors(check)) == 1
    Image.new("RGB", (64, 48), (150, 40, 40)).save(photo, exif=exif_with(position=False))
    assert photo_errors(check) == []
    save_jpeg_with_position(photo)  # the same folder: the preview's check looks only at what changed
    assert len([p for p in check.check([photo]) if p.field == "foto"]) == 1
