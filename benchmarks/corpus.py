"""A synthetic corpus for the build benchmark: the real content plus N generated news items.

The real ``content/`` tree is copied (so municipalities, mini-projects, pages and data
files exist) into a folder of the caller's choice — a temporary folder, never
``content/`` — and N news items are added to its ``news/`` folder. The text is
deterministic for a given seed: Italian sentences put together at random from small
pools, a few paragraphs, ``##`` sections, sometimes a list, links to municipalities and
mini-projects with ``{filename}``, and ``Comuni``/``Miniprogetti`` references. Every file
passes the project's content checker (see test_build_bench.py): valid front matter,
existing slugs, headings from ``##``, link texts that say where they lead, summaries
easy enough to read (Gulpease ≥ 60).
"""

import datetime
import random
import re
import shutil
from pathlib import Path

from benchmarks import ROOT

DEFAULT_NEWS = 1000
DEFAULT_SEED = 20220401
PREFIX = "notizia-"

SUBJECTS = [
    "Il comune", "La rete", "Il progetto", "Lo sportello", "L'unità mobile", "Il gruppo di lavoro",
    "La cooperativa", "Il servizio sociale", "Un gruppo di volontari", "L'associazione del quartiere",
    "La mediatrice culturale", "Il centro per l'impiego",
]
VERBS = [
    "ha aiutato", "ha accolto", "ha seguito", "ha incontrato", "ha ascoltato", "ha sostenuto",
    "ha orientato", "ha accompagnato", "ha ospitato", "ha formato",
]
OBJECTS = [
    "molte famiglie", "{n} persone", "giovani e adulti", "le donne sole", "i nuovi arrivati",
    "le persone più fragili", "chi cercava casa", "chi cercava lavoro", "{n} ragazzi", "gli anziani soli",
]
COMPLEMENTS = [
    "a {place}", "nel quartiere", "ogni settimana", "con i servizi della città", "per tutto l'anno",
    "insieme alle scuole", "nel mese di {month}", "vicino alla stazione", "in due sedi", "con pazienza",
]
STANDALONE = [
    "Il lavoro continua anche dopo il progetto.",
    "Le porte dello sportello sono aperte a tutti.",
    "Ogni incontro è gratuito.",
    "Molti hanno trovato una casa in pochi mesi.",
    "Alcuni hanno cominciato un tirocinio.",
    "Le famiglie hanno chiesto altri incontri.",
    "I volontari hanno dato una mano ogni giorno.",
    "Il servizio è stato semplice e veloce.",
    "Le persone hanno trovato ascolto e aiuto.",
    "La città ha risposto bene.",
]
TOPICS = [
    "nuovi alloggi temporanei", "un corso di lingua italiana", "lo sportello per il lavoro",
    "incontri con le famiglie", "una festa nel quartiere", "tirocini nelle aziende",
    "assistenza legale gratuita", "il punto sulla rete", "un aiuto per la casa",
    "visite mediche per tutti", "un laboratorio per i ragazzi", "la mappa dei servizi",
]
HEADINGS = [
    "Che cosa è stato fatto", "Le persone coinvolte", "I prossimi passi", "Come partecipare",
    "I numeri", "Le voci dei partecipanti", "Il lavoro con il territorio", "Dove e quando",
    "Chi ha aiutato", "Che cosa cambia",
]
LIST_ITEMS = [
    "ascolto e orientamento", "aiuto per i documenti", "ricerca di una casa", "corsi di italiano",
    "sostegno psicologico", "consulenza legale", "tirocini e lavoro", "attività per i bambini",
    "visite mediche", "incontri di gruppo",
]
MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "settembre",
          "ottobre", "novembre", "dicembre"]
FIRST_DATE = datetime.date(2019, 1, 1)
DAYS = 1200  # up to April 2022, when the project ended
TITLE_LINE = re.compile(r"^Title:\s*(.+)$", re.MULTILINE)


def titles_by_slug(folder):
    """{slug: title} of the Markdown files of one content folder (translations left out)."""
    titles = {}
    for path in sorted(Path(folder).glob("*.md")):
        if "." in path.stem:
            continue  # latina.en.md: the English latina.md, same slug (FILENAME_METADATA)
        match = TITLE_LINE.search(path.read_text(encoding="utf-8"))
        titles[path.stem] = match[1].strip() if match else path.stem
    return titles


class NewsWriter:
    """Writes one news item after another from a seeded random generator."""

    def __init__(self, municipalities, miniprojects, seed=DEFAULT_SEED):
        if not municipalities:
            raise ValueError("the corpus needs at least one municipality in comuni/")
        self.rng = random.Random(seed)
        self.municipalities = municipalities  # {slug: title}
        self.miniprojects = miniprojects

    def sentence(self, place):
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(STANDALONE)
        values = {"n": rng.randint(5, 400), "place": place, "month": rng.choice(MONTHS)}
        words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(COMPLEMENTS)]
        return " ".join(words).format(**values) + "."

    def paragraph(self, place, sentences=(2, 5)):
        text = " ".join(self.sentence(place) for _ in range(self.rng.randint(*sentences)))
        if self.rng.random() < 0.3:
            text = re.sub(r"(\d+ \w+)", r"**\1**", text, count=1)
        return text

    def news(self, number):
        """(file name, text) of news item ``number``."""
        rng = self.rng
        slugs = rng.sample(sorted(self.municipalities), k=min(len(self.municipalities), rng.randint(1, 3)))
        place = self.municipalities[slugs[0]]
        topic = rng.choice(TOPICS)
        title = f"{place}: {topic}" if rng.random() < 0.5 else f"{topic[0].upper()}{topic[1:]} a {place}"
        title += f" (notizia {number})"  # the checker warns about two news items with one title
        date = FIRST_DATE + datetime.timedelta(days=rng.randrange(DAYS))
        header = [f"Title: {title}", f"Date: {date.isoformat()}"]
        if rng.random() < 0.2:
            header.append("Precisione_data: mese")
        header.append(f"Comuni: {', '.join(slugs)}")
        projects = []
        if self.miniprojects and rng.random() < 0.3:
            projects = rng.sample(sorted(self.miniprojects), k=rng.randint(1, min(2, len(self.miniprojects))))
            header.append(f"Miniprogetti: {', '.join(projects)}")
        subject = rng.choice(SUBJECTS)
        header.append(f"Summary: A {place} {subject[0].lower()}{subject[1:]} {rng.choice(VERBS)} "
                      f"{rng.choice(OBJECTS).format(n=rng.randint(5, 400))}. {rng.choice(STANDALONE)}")

        body = [self.paragraph(place)]
        for heading in rng.sample(HEADINGS, k=rng.randint(2, 4)):
            body.append(f"## {heading}")
            body.append(self.paragraph(place))
            if rng.random() < 0.35:
                body.append("\n".join(f"- {item};" for item in rng.sample(LIST_ITEMS, k=3)))
            elif rng.random() < 0.5:
                body.append(self.paragraph(place, (1, 3)))
        links = [f"[{self.municipalities[slug]}]({{filename}}/comuni/{slug}.md)" for slug in slugs]
        text = f"Per sapere di più leggi la pagina del comune di {' e '.join(links)}."
        if projects:
            project_links = [f"[{self.miniprojects[slug]}]({{filename}}/miniprogetti/{slug}.md)" for slug in projects]
            text += f" Sul miniprogetto vedi anche {' e '.join(project_links)}."
        body.append(text)
        return f"{PREFIX}{number:04d}.md", "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def generate_corpus(destination, news=DEFAULT_NEWS, seed=DEFAULT_SEED, content=ROOT / "content"):
    """Copy ``content`` to ``destination`` and add ``news`` generated news items; return their paths."""
    destination = Path(destination)
    if destination.resolve() == Path(content).resolve() or destination.resolve().is_relative_to(
            (ROOT / "content").resolve()):
        raise ValueError("synthetic content never goes under content/")
    shutil.copytree(content, destination, dirs_exist_ok=True)
    writer = NewsWriter(titles_by_slug(destination / "comuni"), titles_by_slug(destination / "miniprogetti"), seed)
    folder = destination / "news"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, news + 1):
        name, text = writer.news(number)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
