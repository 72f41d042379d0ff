"""The accessibility statement takes what depends on the site from the settings; translated pages
link their Italian original."""

from tests.html import read

FACTS = {  # what the settings say, in each language
    "": ["italiano, inglese, francese e arabo", "100%, 125%, 150%, 175% e 200%", "29 novembre 2026"],
    "en/": ["Italian, English, French, and Arabic", "100%, 125%, 150%, 175%, and 200%", "November 29, 2026"],
    "fr/": ["italien, anglais, français et arabe", "100\u00a0%, 125\u00a0%, 150\u00a0%, 175\u00a0% et 200\u00a0%",
            "29 novembre 2026"],
    "ar/": ["الإيطالية والإنجليزية والفرنسية والعربية", "100% و125% و150% و175% و200%", "29 نوفمبر 2026"],
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


def test_translated_pages_link_their_italian_original(site):
    for path, original in (("en/comuni/latina/", "/comuni/latina/"), ("ar/", "/"), ("fr/accessibilita/",
                                                                                     "/accessibilita/")):
        [note] = read(site, path).find_all("p", class_="translation-note")
        [link] = [a for a in read(site, path).find_all("a") if note in a["ancestors"]]
        assert link["attrs"] == {"href": original, "hreflang": "it"}, path
    assert read(site, "comuni/latina/").find_all("p", class_="translation-note") == []
