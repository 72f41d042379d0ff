import io

import pytest
from pelican.settings import read_settings
from PIL import Image, features

from share_images.share_images import HEIGHT, WIDTH, Fonts, ShareImageError, card_key, in_reading_order, render
from tests.conftest import ROOT
from tests.system_packages import FOR_SERVE

FONTS = [
    {"file": "NotoSans-Bold.ttf", "package": "fonts-noto-core"},
    {"file": "NotoNaskhArabic-Bold.ttf", "package": "fonts-noto-core"},
    {"file": "NotoSansGurmukhi-Bold.ttf", "package": "fonts-noto-core"},
    {"file": "NotoSansBengali-Bold.ttf", "package": "fonts-noto-core"},
    {"file": "NotoSansCJK-Bold.ttc", "index": 2, "package": "fonts-noto-cjk"},
]
LANGUAGES = {"it": {"dir": "ltr"}, "ar": {"dir": "rtl"}, "pa": {"dir": "ltr"}, "bn": {"dir": "ltr"},
             "zh-Hans": {"dir": "ltr"}, "ur": {"dir": "rtl", "share_image_font": {
                 "file": "NotoNastaliqUrdu-Bold.ttf", "package": "fonts-noto-core"}}}
SETTINGS = {"SHARE_IMAGE_FONT_DIRS": ["/usr/share/fonts"], "SHARE_IMAGE_FONTS": FONTS, "LANGUAGES": LANGUAGES}
TITLES = {
    "it": "Si è concluso il progetto LGNetEA",
    "ar": "مشروع LGNetEA – النتائج في 18 بلدية",
    "pa": "LGNetEA ਪ੍ਰੋਜੈਕਟ ਦੇ ਨਤੀਜੇ",
    "bn": "LGNetEA প্রকল্পের ফলাফল",
    "ur": "LGNetEA منصوبے کے نتائج",
    "zh-Hans": "LGNetEA项目的成果",
}


def card(lang, title=None):
    return {"title": title or TITLES[lang], "lang": lang, "dir": LANGUAGES[lang]["dir"],
            "statement": "Cofinanziato dall'Unione europea", "fund": "FAMI – Misure emergenziali", "site": "LGNetEA"}


def font_names(fonts, text):
    return [(fonts.found[number][0].name, piece) for number, piece in fonts.runs(text, "prova")]


def test_pillow_shapes_text_with_raqm():
    assert features.check("raqm") and features.check("fribidi"), \
        "Pillow without libraqm and FriBiDi cannot join Arabic letters nor order right-to-left text"


@pytest.mark.parametrize("lang", TITLES)
def test_the_image_is_1200_by_630_and_the_same_bytes_every_time(lang):
    fonts = Fonts(SETTINGS, lang)
    first = render(card(lang), fonts, "prova")
    assert first == render(card(lang), Fonts(SETTINGS, lang), "prova")
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    assert len(first) < 60_000


def test_each_letter_is_drawn_with_a_font_that_has_it():
    assert font_names(Fonts(SETTINGS, "ar"), "مشروع LGNetEA – النتائج") == [
        ("NotoNaskhArabic-Bold.ttf", "مشروع "), ("NotoSans-Bold.ttf", "LGNetEA – "),
        ("NotoNaskhArabic-Bold.ttf", "النتائج")]
    assert font_names(Fonts(SETTINGS, "pa"), "ਨਤੀਜੇ 2022") == [("NotoSansGurmukhi-Bold.ttf", "ਨਤੀਜੇ 2022")]
    assert font_names(Fonts(SETTINGS, "zh-Hans"), "成果：LGNetEA") == [
        ("NotoSansCJK-Bold.ttc", "成果："), ("NotoSans-Bold.ttf", "LGNetEA")]
    # A language's own font comes first: Urdu in Nastaliq, not in Naskh.
    assert font_names(Fonts(SETTINGS, "ur"), "نتائج") == [("NotoNastaliqUrdu-Bold.ttf", "نتائج")]


def test_spaces_and_dashes_next_to_a_latin_name_in_arabic_follow_the_arabic():
    pieces = in_reading_order([(0, "مشروع "), (1, "LGNetEA – "), (0, "النتائج")], "rtl")
    assert pieces == [(0, "مشروع ", "rtl"), (1, "LGNetEA", "ltr"), (1, " – ", "rtl"), (0, "النتائج", "rtl")]


def test_a_long_title_is_shortened_with_an_ellipsis_and_still_drawn():
    long_title = " ".join(["parola"] * 80)
    image = Image.open(io.BytesIO(render(card("it", long_title), Fonts(SETTINGS, "it"), "prova")))
    assert image.size == (WIDTH, HEIGHT)


def test_a_letter_no_installed_font_has_stops_the_build_naming_the_package():
    missing = {"file": "NonEsiste-CJK.ttc", "package": "fonts-prova-cjk"}
    settings = {**SETTINGS, "SHARE_IMAGE_FONTS": [*FONTS[:4], missing]}
    with pytest.raises(ShareImageError, match=r"content/pages/x\.zh-Hans\.md: .*«项».*installa fonts-prova-cjk"):
        render(card("zh-Hans"), Fonts(settings, "zh-Hans"), "content/pages/x.zh-Hans.md")


def test_the_cache_key_changes_with_what_the_image_shows():
    fonts = Fonts(SETTINGS, "it")
    assert card_key(card("it"), fonts) == card_key(card("it"), fonts)
    assert card_key(card("it"), fonts) != card_key(card("it", "Un altro titolo"), fonts)
    english = {**card("it"), "statement": "Co-funded by the European Union"}
    assert card_key(card("it"), fonts) != card_key(english, fonts)


def test_make_checks_for_the_font_packages_of_the_settings():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert {font["package"] for font in settings["SHARE_IMAGE_FONTS"]} <= set(FOR_SERVE)
