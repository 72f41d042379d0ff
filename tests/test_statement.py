"""The accessibility statement takes what depends on the site from the settings; translated pages
link their Italian original."""

from tests.conftest import ROOT
from tests.html import read
from tests.test_build import catalogue_label
from tests.test_languages import language_of

FACTS = {  # what the settings say, in each language
    "": ["italiano, inglese, francese, arabo, punjabi, bengalese, urdu, ucraino, albanese e cinese semplificato",
         "100%, 125%, 150%, 175% e 200%", "29 novembre 2026"],
    "en/": ["Italian, English, French, Arabic, Punjabi, Bangla, Urdu, Ukrainian, Albanian, and Simplified Chinese",
            "100%, 125%, 150%, 175%, and 200%", "November 29, 2026"],
    "fr/": ["italien, anglais, français, arabe, pendjabi, bengali, ourdou, ukrainien, albanais et chinois simplifié",
            "100\u00a0%, 125\u00a0%, 150\u00a0%, 175\u00a0% et 200\u00a0%", "29 novembre 2026"],
    "ar/": ["الإيطالية والإنجليزية والفرنسية والعربية والبنجابية والبنغالية والأوردية والأوكرانية والألبانية "
            "والصينية المبسطة", "100% و125% و150% و175% و200%", "29 نوفمبر 2026"],
}


def main_text(site, path):
    return " ".join(read(site, path).text_of("main").split())


def test_languages_text_sizes_and_date_come_from_the_settings(site):
    for prefix, facts in FACTS.items():
        text = main_text(site, f"{prefix}accessibilita/")
        assert [fact for fact in facts if " ".join(fact.split()) not in text] == [], prefix
        assert "[[" not in text


def test_the_statement_follows_agids_model(site):
    headings = [heading["text"].strip() for heading in read(site, "accessibilita/").find_all("h2")]
    for section in ("Stato di conformità", "Contenuti non accessibili", "Come è stata preparata questa dichiarazione",
                    "Segnalare un problema", "Se non ricevi risposta"):
        assert section in headings
    text = main_text(site, "accessibilita/")
    for fact in ("parzialmente conforme", "axe-core", "Nu HTML Checker", "320 pixel", "entro 30 giorni",
                 "Difensore civico per il digitale"):
        assert fact in text
    assert "solo in italiano" not in text


def test_the_development_build_shows_unset_contacts_as_placeholders(site):
    text = main_text(site, "accessibilita/")
    assert "[DA COMPLETARE: il contatto per le segnalazioni di accessibilità (impostazione ACCESSIBILITY_CONTACT)]" \
        in text
    assert "(impostazione ACCESSIBILITY_DECLARATION_URL)]" in text
    footer = [a["attrs"]["href"] for a in read(site, "").find_all("a")
              if any(element["tag"] == "footer" for element in a["ancestors"])]
    assert "/accessibilita/" in footer


def test_translated_pages_link_their_italian_original_and_say_whether_a_native_speaker_reviewed_them(site):
    for path, original, source in (("en/comuni/latina/", "/comuni/latina/", "comuni/latina.en.md"),
                                   ("ar/", "/", "pages/home.ar.md"),
                                   ("fr/accessibilita/", "/accessibilita/", "pages/accessibilita.fr.md")):
        page = read(site, path)
        [note] = [p for p in page.find_all("p") if "translation-status" in p["attrs"].get("class", "")]
        [link] = [a for a in page.find_all("a") if note in a["ancestors"]]
        assert link["attrs"] == {"href": original, "hreflang": "it"}, path
        reviewed = "Revisione_madrelingua:" in (ROOT / "content" / source).read_text(encoding="utf-8")
        unreviewed = catalogue_label(language_of(path), "Nessuna persona di madrelingua ha ancora rivisto questa "
                                                        "traduzione.")
        assert (unreviewed in note["text"]) == (not reviewed), path
    assert not [p for p in read(site, "comuni/latina/").find_all("p")
                if "translation-status" in p["attrs"].get("class", "")]
