"""The content schema: which front-matter fields each kind of content has.

One pydantic model per kind (page, municipality, mini-project, news). Field
names are the keys editors write, lowercased as Pelican reads them; each
field's description is the Italian text of the editors' guide, whose tables a
test checks against these models. Slug lists are only parsed here; whether a
slug names existing content is checked across files by the checker.
"""

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")  # content_check/translations.py writes it
REGIONS = Literal[
    "Abruzzo", "Basilicata", "Calabria", "Campania", "Emilia-Romagna", "Friuli-Venezia Giulia",
    "Lazio", "Liguria", "Lombardia", "Marche", "Molise", "Piemonte", "Puglia", "Sardegna",
    "Sicilia", "Toscana", "Trentino-Alto Adige/Südtirol", "Umbria", "Valle d'Aosta", "Veneto",
]


def split_slug_list(value):
    if not isinstance(value, str):
        return value
    slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
    for slug in slugs:
        if not SLUG.match(slug):
            raise ValueError(f"«{slug}» non è uno slug: solo lettere minuscole, cifre e trattini")
    return slugs


def fingerprint_value(value):
    if isinstance(value, str) and not FINGERPRINT.match(value.strip()):
        raise ValueError(f"«{value}» non è un'impronta (12 cifre e lettere a-f): non scrivetela a mano, la scrive "
                         "il pulsante «Revisione fatta» nell'editor (o .venv/bin/invoke translation-reviewed)")
    return value.strip() if isinstance(value, str) else value


NATIVE_REVIEW = re.compile(r"^(?P<name>[^,]*\S[^,]*),\s*(?P<date>\d{4}-\d{2}-\d{2})$")


def native_review_value(value):
    """«Nome Cognome, AAAA-MM-GG»: who reviewed the translation as a native speaker, and when."""
    if not isinstance(value, str):
        return value
    match = NATIVE_REVIEW.match(value.strip())
    if match:
        try:
            datetime.date.fromisoformat(match["date"])
            return value.strip()
        except ValueError:
            pass
    raise ValueError(f"«{value}» non è una revisione: scrivete il nome di chi ha rivisto la traduzione, una virgola "
                     "e la data, per esempio «Nome Cognome, 2026-12-01»")


# Unknown fields are refused. The validators are built on first use, in the checker's
# process: the editor's configuration (plugins/cms_config) reads only the fields.
STRICT = ConfigDict(extra="forbid", defer_build=True)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Titles show in lists, tabs and search results; summaries are «two or three short sentences».
# The limits keep a pasted document (or an attack of a megabyte) out of every list of the site.
MAX_TITLE = 200
MAX_SUMMARY = 400
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_SUMMARY)]


def path_inside_site(value):
    """A Save_as or URL: a relative path that stays inside the built site (no «..», no «/» first, no scheme)."""
    if not isinstance(value, str):
        return value
    parts = value.strip().replace("\\", "/").split("/")
    if value.strip().startswith("/") or ".." in parts or ":" in value:
        raise ValueError(f"«{value.strip()}» porterebbe la pagina fuori dal sito: scrivete un percorso dentro il "
                         "sito, senza «..», «/» all'inizio o «:», per esempio 404.html")
    return value


SitePath = Annotated[Text, BeforeValidator(path_inside_site)]
Fingerprint = Annotated[str, BeforeValidator(fingerprint_value)]
NativeReview = Annotated[str, BeforeValidator(native_review_value)]
SlugList = Annotated[list[str], BeforeValidator(split_slug_list), Field(min_length=1)]


class Common(BaseModel):
    """Fields of every content file."""

    model_config = STRICT

    title: Title = Field(description="il titolo della pagina")
    date: datetime.date = Field(description="la data, nella forma AAAA-MM-GG")
    summary: Summary = Field(
        description="due o tre frasi brevi, mostrate in alto come «In breve» e dai motori di ricerca")
    modified: datetime.date | None = Field(
        None, description="la data dell'ultimo aggiornamento importante, AAAA-MM-GG")
    todo: Text | None = Field(None, description="che cosa manca ancora: un promemoria per la redazione")


class PageMeta(Common):
    """content/pages/: general pages."""

    template: Literal[
        "home", "results", "open_data", "municipality_index", "miniproject_index", "news_index", "search",
        "statistics", "thanks", "privacy"
    ] | None = Field(None, description="l'impaginazione speciale della pagina (solo pagine già previste)")
    status: Literal["published", "hidden", "draft"] | None = Field(
        None, description="`hidden` per una pagina fuori dagli elenchi, `draft` per una bozza")
    save_as: SitePath | None = Field(None, description="il file da scrivere, solo per pagine speciali come la 404")
    url: SitePath | None = Field(None, description="l'indirizzo della pagina, solo con `Save_as`")


class MunicipalityMeta(Common):
    """content/comuni/: one page per municipality."""

    regione: REGIONS = Field(description="la regione del comune")
    lat: float = Field(ge=35.0, le=47.5, description="latitudine del centro del comune, in gradi decimali")
    lon: float = Field(ge=6.0, le=19.0, description="longitudine del centro del comune, in gradi decimali")
    ente_strumentale: Text | None = Field(
        None, description="l'ente che ha sostenuto le iniziative nel comune")


class MiniprojectMeta(Common):
    """content/miniprogetti/: one page per mini-project."""

    comuni: SlugList = Field(description="gli slug dei comuni del miniprogetto, separati da virgole")


class NewsMeta(Common):
    """content/news/: news items."""

    comuni: SlugList | None = Field(None, description="gli slug dei comuni di cui parla la notizia")
    miniprogetti: SlugList | None = Field(None, description="gli slug dei miniprogetti di cui parla la notizia")
    precisione_data: Literal["giorno", "mese", "anno"] | None = Field(
        None, description="`mese` o `anno` quando il giorno esatto non è noto")


class TranslationMeta(BaseModel):
    """<slug>.<lingua>.md: a page in another language; everything else comes from the Italian page."""

    model_config = STRICT

    title: Title = Field(description="il titolo, nella lingua della traduzione")
    summary: Summary = Field(description="due o tre frasi brevi, nella lingua della traduzione")
    regione: Text | None = Field(None, description="solo per i comuni: il nome della regione in quella lingua")
    modified: datetime.date | None = Field(
        None, description="la data dell'ultimo aggiornamento importante della traduzione, AAAA-MM-GG")
    todo: Text | None = Field(None, description="che cosa manca ancora: un promemoria per la redazione")
    impronta_originale: Fingerprint | None = Field(
        None, description="l'impronta del testo italiano da cui la traduzione è stata fatta o rivista: "
                          "non scrivetela a mano, la scrive il pulsante «Revisione fatta» dopo che avete confrontato "
                          "la traduzione con il testo italiano")
    revisione_madrelingua: NativeReview | None = Field(
        None, description="chi ha rivisto la traduzione come madrelingua, e quando: «Nome Cognome, AAAA-MM-GG»; "
                          "vuoto finché nessuno l'ha rivista (la pagina lo dice ai lettori)")


# --- Data files (content/dati/*.toml) ----------------------------------------

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
# A page's address as `invoke stats` writes it: «», «comuni/latina/», «en/progetto/».
PageAddress = Annotated[str, StringConstraints(pattern=r"^(?:[\w.-]+/)*(?:[\w.-]+\.html)?$")]
Count = Annotated[int, Field(ge=0)]
DATA = ConfigDict(extra="forbid", defer_build=True)


class PageVisits(BaseModel):
    model_config = DATA
    mese: Month = Field(description="il mese, AAAA-MM")
    pagina: PageAddress = Field(description="l'indirizzo della pagina, per esempio comuni/latina/")
    visite: Count = Field(description="le visite, un numero intero")


class PageAnswers(BaseModel):
    model_config = DATA
    mese: Month = Field(description="il mese, AAAA-MM")
    pagina: PageAddress = Field(description="l'indirizzo della pagina, per esempio comuni/latina/")
    risposta: Literal["si", "no"] = Field(description="«si» o «no»")
    motivo: Annotated[str, StringConstraints(pattern=r"^[a-z-]*$")] = Field(
        description="il motivo scelto (una delle chiavi di FEEDBACK_REASONS) o niente")
    numero: Count = Field(description="quante risposte, un numero intero")


class RobotRequests(BaseModel):
    model_config = DATA
    mese: Month = Field(description="il mese, AAAA-MM")
    richieste: Count = Field(description="le richieste dei robot, un numero intero")


class StatisticsData(BaseModel):
    """content/dati/statistiche.toml, written by `invoke stats` (plugins/site_stats)."""

    model_config = DATA
    contato_fino_a: datetime.datetime | None = Field(None, description="la data e l'ora dell'ultima richiesta contata")
    visite: list[PageVisits] = Field(description="le visite per mese e pagina")
    risposte: list[PageAnswers] = Field(description="le risposte a «Questa pagina ti è stata utile?»")
    robot: list[RobotRequests] = Field(description="le richieste dei robot per mese")


# Model by data file, by the setting that names the file.
DATA_SCHEMAS = {"STATISTICS_DATA": StatisticsData}

# Model by kind of content (the kinds of the SECTIONS setting).
SCHEMAS = {
    "page": PageMeta,
    "municipality": MunicipalityMeta,
    "miniproject": MiniprojectMeta,
    "news": NewsMeta,
}
