"""Broken content, as an editor would write it, stops the build with a clear Italian message.

Each folder of tests/fixtures/broken/ adds one kind of problem to the valid
site in tests/fixtures/base/. The build must exit non-zero, print the problem
as `path:line: campo: messaggio` with no traceback, and leave the output folder
exactly as it was.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"

# case → (file inside the content folder, line, field, start of the message)
EXPECTED = {
    "campo-mancante": ("news/campo-mancante.md", 1, "Title", "campo obbligatorio mancante"),
    "campo-vuoto": ("news/campo-vuoto.md", 3, "Summary", "il campo è vuoto"),
    "campo-sconosciuto": ("news/campo-sconosciuto.md", 4, "Titel", "campo sconosciuto: forse intendevate «Title»?"),
    "campo-ripetuto": ("news/campo-ripetuto.md", 4, "Date", "campo ripetuto (già alla riga 2)"),
    "data-malformata": ("news/data-malformata.md", 2, "Date", "data non valida «2022-13-01»: il mese 13 non esiste, "
                        "i mesi vanno da 01 a 12: forse intendevate 2022-01-13?"),
    "data-impossibile": ("news/data-impossibile.md", 2, "Date", "data non valida «2022-04-31»: aprile ha 30 giorni"),
    "modifica-non-bisestile": ("news/modifica-non-bisestile.md", 4, "Modified",
                               "data non valida «2023-02-29»: il 2023 non è bisestile: febbraio 2023 ha 28 giorni"),
    "data-in-altra-forma": ("news/data-in-altra-forma.md", 2, "Date", "data non valida «1 aprile 2022»: "
                            "scrivete la data nella forma AAAA-MM-GG, per esempio 2022-04-01"),
    "valore-non-ammesso": ("news/valore-non-ammesso.md", 4, "Precisione_data",
                           "valore non ammesso «settimana»: usate uno di questi: giorno, mese, anno"),
    "intestazione-malformata": ("news/intestazione-malformata.md", 2, "intestazione", "riga non valida"),
    "comune-sconosciuto": ("news/comune-sconosciuto.md", 4, "Comuni", "«atlantide» non esiste"),
    "miniprogetto-sconosciuto": ("news/miniprogetto-sconosciuto.md", 4, "Miniprogetti", "«orto-urbano» non esiste"),
    "comune-malformato": ("comuni/atlantide.md", 4, "Lat", "«41,5» non è un numero"),
    "slug-duplicato": ("news/fine.md", 1, "file", "ha lo stesso indirizzo (news/fine/index.html)"),
    "nome-file-ripetuto": ("pages/latina.md", 1, "file", "il nome «latina.md» è già usato da "),
    "estensione-txt": ("news/blocco-note.md.txt", 1, "file", "«blocco-note.md.txt» non viene né controllato né "
                       "pubblicato: i testi del sito finiscono con «.md»; rinominalo «blocco-note.md» (il Blocco note"),
    "pagina-html": ("pages/contatti.html", 1, "file",
                    "«contatti.html» verrebbe pubblicato come pagina senza nessun controllo"),
    "file-con-spazi": ("news/Notizia Nuova.md", 1, "file", "il nome del file «Notizia Nuova.md»"),
    "non-utf8": ("news/non-utf8.md", 5, "file", "il file non è in UTF-8"),
    "link-a-pagina-mancante": ("news/link-a-pagina-mancante.md", 5, "link",
                               "«{filename}/pages/progetto.md» porta a un file che non esiste"),
    "link-ad-ancora-mancante": ("news/link-ad-ancora-mancante.md", 5, "link",
                                "«{filename}/comuni/latina.md#ruolo»: la pagina esiste ma non ha un titolo"),
    "link-a-file-mancante": ("news/link-a-file-mancante.md", 5, "link",
                             "«{static}/documenti/rapporto.pdf» porta a un file che non esiste"),
    "link-a-indirizzo-mancante": ("news/link-a-indirizzo-mancante.md", 5, "link",
                                  "«/comuni/» non è un indirizzo di questo sito"),
    "immagine-mancante": ("news/immagine-mancante.md", 5, "immagine", "«incontro.jpg» porta a un file che non esiste"),
    "immagine-senza-alt": ("news/immagine-senza-alt.md", 5, "immagine",
                           "l'immagine «logo.png» non ha testo alternativo"),
    "immagine-illeggibile": ("news/immagine-illeggibile.md", 5, "immagine",
                             "«rotta.png»: il file non è un'immagine leggibile"),
    "immagine-troncata": ("news/immagine-troncata.md", 5, "immagine",
                          "«incontro.jpg»: il file non è un'immagine leggibile (forse è danneggiato)"),
    "immagine-static-rotta": ("news/immagine-static-rotta.md", 5, "immagine",
                              "«{static}/comuni/piazza.jpg»: il file non è un'immagine leggibile"),
    "immagine-attach-rotta": ("news/immagine-attach-rotta.md", 5, "immagine",
                              "«{attach}../comuni/piazza.jpg»: il file non è un'immagine leggibile"),
    "immagine-formato": ("news/immagine-formato.md", 5, "immagine",
                         "«animazione.gif»: il nome del file finisce con «.gif»: il sito pubblica solo foto JPEG"),
    "immagine-esterna": ("news/immagine-esterna.md", 5, "immagine",
                         "«https://example.org/logo.jpg» non è un file della cartella content"),
    "immagine-html": ("news/immagine-html.md", 5, "immagine", "un'immagine scritta in HTML (<img>)"),
    "immagine-riferimento": ("news/immagine-riferimento.md", 7, "immagine",
                             "l'immagine «La piazza del comune» prende il file da un riferimento"),
    "documento-illeggibile": ("news/documento-illeggibile.md", 5, "documento",
                              "«{attach}rotto.pdf»: il file non è un PDF leggibile"),
    "docx-illeggibile": ("news/docx-illeggibile.md", 5, "documento",
                         "«verbale.docx»: il file non è un documento DOCX leggibile"),
    "csv-non-utf8": ("news/csv-non-utf8.md", 5, "documento", "«dati.csv»: il file CSV non è in UTF-8"),
    "html-script": ("news/html-script.md", 7, "html", "il codice HTML non è permesso qui: il tag <script> non è permesso"),
    "html-style": ("news/html-style.md", 5, "html", "il codice HTML non è permesso qui: il tag <style> non è permesso"),
    "html-iframe": ("news/html-iframe.md", 5, "html", "il codice HTML non è permesso qui: il tag <iframe> non è permesso"),
    "html-evento": ("news/html-evento.md", 5, "html", "il codice HTML non è permesso qui: l'attributo onclick= non è permesso"),
    "html-javascript": ("news/html-javascript.md", 5, "html",
                        "il codice HTML non è permesso qui: l'indirizzo «javascript:apri()» non è un indirizzo ammesso"),
    "titolo-h1": ("news/titolo-h1.md", 5, "titoli", "non usate «#»"),
    "titoli-saltati": ("news/titoli-saltati.md", 9, "titoli", "il titolo «Dettaglio» salta un livello (da ## a ####)"),
    "testo-link-vago": ("news/testo-link-vago.md", 5, "link", "il testo del link «qui» non dice dove porta"),
    "dati-malformati": ("dati/risultati.toml", 3, "dati", "file TOML non valido"),
    "traduzione-senza-originale": ("comuni/atlantide.en.md", 1, "file",
                                   "è una traduzione, ma manca la pagina in italiano content/comuni/atlantide.md"),
    "lingua-sconosciuta": ("comuni/latina.de.md", 1, "file",
                           "«de» nel nome del file «latina.de.md» non è una lingua del sito"),
    # 30000×30000 pixels (a PNG of a few bytes that says so): too large, not damaged.
    "immagine-enorme": ("news/immagine-enorme.md", 5, "immagine",
                        "«enorme.png»: l'immagine è troppo grande (30000×30000 pixel)"),
    "save-as-fuori": ("pages/fuori.md", 4, "Save_as", "«../../fuori.html» porterebbe la pagina fuori dal sito"),
    # Saved on Windows: CRLF line endings and a byte order mark change neither lines nor values.
    "fine-riga-windows": ("news/fine-riga-windows.md", 9, "link",
                          "«{filename}/comuni/latina.md#ruolo»: la pagina esiste ma non ha un titolo"),
}


def make_content(folder: Path, *cases: str, group: str = "broken") -> Path:
    content = folder / "content"
    shutil.copytree(FIXTURES / "base", content)
    for case in cases:
        shutil.copytree(FIXTURES / group / case, content, dirs_exist_ok=True)
    return content


def invoke_build(content: Path, output: Path):
    """`invoke build` as an editor runs it, on another content folder and output folder."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--output", str(output), "--", str(content)],
        cwd=ROOT, capture_output=True, text=True,
    )


def previous_site(output: Path) -> Path:
    """``output`` holding a previous, good site: a failed build must leave it as it is."""
    output.mkdir()
    (output / "index.html").write_text("sito precedente", encoding="utf-8")
    return output


@pytest.fixture
def published(tmp_path):
    return previous_site(tmp_path / "output")


def test_every_kind_of_problem_has_a_fixture():
    assert sorted(EXPECTED) == sorted(path.name for path in (FIXTURES / "broken").iterdir())


def test_the_base_site_is_valid_and_replaces_the_output(tmp_path, published):
    result = invoke_build(make_content(tmp_path), published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Sito di prova" in (published / "index.html").read_text(encoding="utf-8")
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


@pytest.fixture(scope="module")
def every_case_at_once(tmp_path_factory):
    """(folder, output, what was printed, exit status) of one build with every case of
    tests/fixtures/broken/: a build per case would cost its start-up (about 0.7 s) 50 times over."""
    folder = tmp_path_factory.mktemp("every-case")
    output = previous_site(folder / "output")
    result = invoke_build(make_content(folder, *sorted(EXPECTED)), output)
    return folder, output, result.stdout + result.stderr, result.returncode


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_content_stops_the_build_with_its_message(every_case_at_once, tmp_path, case):
    """The case's error, as `file:line: field: message` (a warning would say «avviso:» before
    the message), stops the build, with no traceback and the previous site untouched. A case
    that another one makes valid (one adds the municipality or the photo that another lacks)
    is built alone."""
    relative, line, field, message = EXPECTED[case]
    expected = f"content/{relative}:{line}: {field}: {message}"
    folder, output, printed, status = every_case_at_once
    if expected not in printed:
        output = previous_site(tmp_path / "output")
        result = invoke_build(make_content(tmp_path, case), output)
        folder, printed, status = tmp_path, result.stdout + result.stderr, result.returncode
    assert status != 0
    assert expected in printed, printed
    assert "Traceback" not in printed
    assert [path.name for path in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "sito precedente"
    assert [path.name for path in folder.iterdir() if path.name.startswith(".")] == [], "temporary build left"


def test_all_problems_are_reported_at_once(tmp_path, published):
    cases = ["campo-vuoto", "data-malformata", "comune-sconosciuto", "html-script", "titoli-saltati"]
    result = invoke_build(make_content(tmp_path, *cases), published)
    printed = result.stdout + result.stderr
    for case in cases:
        relative, line, field, message = EXPECTED[case]
        assert f"content/{relative}:{line}: {field}: {message}" in printed, case
    assert "5 problemi in 5 file" in printed


def test_a_file_saved_on_windows_has_no_other_problem(tmp_path, published):
    result = invoke_build(make_content(tmp_path, "fine-riga-windows"), published)
    assert "1 problema in 1 file" in result.stdout + result.stderr


def test_the_same_title_twice_in_one_kind_and_language_is_a_warning_naming_both_files(tmp_path, published):
    """Besides the repeated news title, a translation and a page of another kind are also called «Latina»."""
    result = invoke_build(make_content(tmp_path, "titolo-duplicato", group="avvisi"), published)
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed
    # The fixtures' translation and counts bring warnings of their own; only titles matter here.
    warnings = [line for line in printed.splitlines() if ": Title: avviso: " in line]
    assert len(warnings) == 1, printed
    here, there = warnings[0].split(" è anche il titolo di ")
    assert here.endswith("content/news/stessa-notizia.md:1: Title: avviso: «Una  notizia di PROVA»")
    assert there.startswith(os.path.relpath(tmp_path / "content/news/fine.md") + ": ")
    assert "Sito di prova" in (published / "index.html").read_text(encoding="utf-8")


def test_a_photo_from_another_folder_goes_through_the_image_pipeline(tmp_path, published):
    content = make_content(tmp_path)
    Image.effect_noise((640, 480), 40).convert("RGB").save(content / "comuni" / "piazza.jpg")
    (content / "news" / "piazza.md").write_text(
        "Title: La piazza di Latina\nDate: 2022-04-01\nSummary: Una notizia con una foto.\n\n"
        "![La piazza del comune]({static}/comuni/piazza.jpg)\n\n![La piazza, di nuovo]({attach}../comuni/piazza.jpg)\n",
        encoding="utf-8")
    result = invoke_build(content, published)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (published / "news" / "piazza" / "index.html").read_text(encoding="utf-8")
    assert page.count("<picture>") == 2 and "piazza.jpg" not in page
    copies = [path for path in (published / "images").rglob("*") if path.parent.name.startswith("piazza-")]
    assert sorted({path.suffix for path in copies}) == [".jpg", ".webp"]
    assert not list(published.rglob("piazza.jpg")), "the original, with its metadata, is published"


def test_real_content_has_no_problems_and_readable_summaries():
    """content/ passes the checker with no warning: every Italian summary scores at least 60 (Gulpease).

    Gulpease is a formula for Italian (the checker applies it to the originals only): in Chinese,
    with no spaces between words, a whole sentence counts as one long word."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from content_check.content_check import MIN_GULPEASE, check_content
    from content_check.readability import gulpease
    from pelican.settings import read_settings

    assert check_content(read_settings(str(ROOT / "pelicanconf.py"))) == []
    scores = {}
    for path in (ROOT / "content").rglob("*.md"):
        if path.name.count(".") > 1:  # a translation, latina.en.md
            continue
        summary = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("Summary:"))
        scores[path.relative_to(ROOT)] = gulpease(summary.removeprefix("Summary:"))
    lowest = min(scores, key=scores.get)
    print(f"\nlowest Gulpease of {len(scores)} summaries: {scores[lowest]:.1f} ({lowest})")
    assert scores[lowest] >= MIN_GULPEASE


def add_news_linking(content: Path, name: str) -> Path:
    """A news item linking the document ``name`` beside it; returns where the document goes."""
    (content / "news" / "documento.md").write_text(
        "Title: Una notizia con un documento\nDate: 2022-04-01\nSummary: Una notizia di prova.\n\n"
        f"Scarica [la relazione finale]({name}).\n", encoding="utf-8")
    return content / "news" / name


def test_a_document_over_the_limit_stops_the_build(tmp_path, published):
    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican.settings import read_settings

    limit = read_settings(str(ROOT / "pelicanconf.py"))["DOCUMENT_MAX_BYTES"]
    document = add_news_linking(make_content(tmp_path), "relazione.pdf")
    with document.open("wb") as heavy:
        heavy.truncate(limit + 500_000)  # sparse: takes no room on disk
    result = invoke_build(tmp_path / "content", published)
    printed = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("content/news/documento.md:5: documento: «relazione.pdf»: il documento pesa 10,5 MB, più del limite "
            "di 10,0 MB") in printed, printed
    assert (published / "index.html").read_text(encoding="utf-8") == "sito precedente"


def test_a_linked_document_that_is_a_link_to_another_file_stops_the_build_in_italian(tmp_path, published):
    outside = tmp_path / "fuori.csv"
    outside.write_text("nome,valore\nsegreto,1\n", encoding="utf-8")
    document = add_news_linking(make_content(tmp_path), "dati.csv")
    document.symlink_to(outside)
    result = invoke_build(tmp_path / "content", published)
    printed = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("content/news/dati.csv:1: file: «dati.csv» è un collegamento (link simbolico): può portare fuori "
            "dalla cartella content") in printed, printed
    assert "Traceback" not in printed
    assert (published / "index.html").read_text(encoding="utf-8") == "sito precedente"


def test_a_pdf_without_title_is_a_warning_and_with_one_is_fine(tmp_path, published):
    from pypdf import PdfWriter

    content = make_content(tmp_path)
    untitled = add_news_linking(content, "relazione.pdf")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(untitled)
    result = invoke_build(content, published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("content/news/documento.md:5: documento: avviso: «relazione.pdf»: il PDF non ha un titolo nelle sue "
            "proprietà") in result.stderr
    writer.add_metadata({"/Title": "Relazione finale del progetto"})
    writer.write(untitled)
    result = invoke_build(content, published)
    assert result.returncode == 0 and "documento" not in result.stderr, result.stderr


def test_a_photo_too_large_gets_the_target_width_and_how_to_shrink_it(tmp_path):
    sys.path.insert(0, str(ROOT / "plugins"))
    from content_check.content_check import check_image_file
    from PIL import Image

    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (400, 300)).save(photo)
    limits = {"RESPONSIVE_IMAGE_MAX_BYTES": 25_000_000, "RESPONSIVE_IMAGE_MAX_PIXELS": 100_000,
              "RESPONSIVE_IMAGE_WIDTHS": [480, 960, 1600]}
    assert check_image_file(photo, limits) == (
        "l'immagine è troppo grande (400×300 pixel): riducetela a 1600 pixel di larghezza, la misura più grande "
        "che il sito mostra. Su Windows: apritela con Foto, «…» → «Ridimensiona immagine», larghezza 1600 pixel "
        "con le proporzioni mantenute, e salvate una copia; oppure con Paint, «Ridimensiona» → «Pixel», "
        "orizzontale 1600")
    too_heavy = check_image_file(photo, {**limits, "RESPONSIVE_IMAGE_MAX_BYTES": 100})
    assert too_heavy.startswith("il file pesa più di") and too_heavy.endswith(": " + check_image_file(
        photo, limits).partition(": ")[2])


def check_copy(content: Path, **settings):
    sys.path.insert(0, str(ROOT / "plugins"))
    from content_check.content_check import check_content
    from pelican.settings import read_settings

    return check_content(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content), **settings}))


def test_a_sixth_mini_project_is_reported_wherever_the_text_says_five(tmp_path, published):
    """As a new editor would: `invoke new miniprogetto`, then a build, on a copy of the real content."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    created = subprocess.run([sys.executable, "-m", "invoke", "new", "miniprogetto", "Orto condiviso",
                              "--content", str(content)], cwd=ROOT, capture_output=True, text=True)
    assert created.returncode == 0, created.stdout + created.stderr
    result = invoke_build(content, published)
    assert result.returncode == 0, "in the preview the counts are warnings: " + result.stdout + result.stderr
    prefix = os.path.relpath(content, ROOT) + "/"
    reported = sorted((line.split(":")[0].removeprefix(prefix), int(line.split(":")[1]))
                      for line in result.stderr.splitlines() if ": numero: avviso: " in line)
    assert reported == [
        ("comuni/latina.ar.md", 3), ("comuni/latina.bn.md", 2), ("comuni/latina.en.md", 2),
        ("comuni/latina.fr.md", 2), ("comuni/latina.md", 6), ("comuni/latina.pa.md", 2), ("comuni/latina.sq.md", 2),
        ("comuni/latina.uk.md", 2), ("comuni/latina.ur.md", 2), ("comuni/latina.zh-Hans.md", 2),
        ("news/miniprogetti-latina.ar.md", 2), ("news/miniprogetti-latina.ar.md", 6),
        ("news/miniprogetti-latina.bn.md", 2), ("news/miniprogetti-latina.bn.md", 6),
        ("news/miniprogetti-latina.bn.md", 8), ("news/miniprogetti-latina.en.md", 2),
        ("news/miniprogetti-latina.en.md", 6), ("news/miniprogetti-latina.en.md", 8),
        ("news/miniprogetti-latina.fr.md", 2), ("news/miniprogetti-latina.fr.md", 6),
        ("news/miniprogetti-latina.fr.md", 8), ("news/miniprogetti-latina.md", 6),
        ("news/miniprogetti-latina.md", 9), ("news/miniprogetti-latina.md", 11),
        ("news/miniprogetti-latina.pa.md", 2), ("news/miniprogetti-latina.pa.md", 6),
        ("news/miniprogetti-latina.pa.md", 8), ("news/miniprogetti-latina.sq.md", 2),
        ("news/miniprogetti-latina.sq.md", 6), ("news/miniprogetti-latina.sq.md", 8),
        ("news/miniprogetti-latina.uk.md", 2), ("news/miniprogetti-latina.uk.md", 6),
        ("news/miniprogetti-latina.uk.md", 8), ("news/miniprogetti-latina.ur.md", 2),
        ("news/miniprogetti-latina.ur.md", 6), ("news/miniprogetti-latina.ur.md", 8),
        ("news/miniprogetti-latina.zh-Hans.md", 2), ("news/miniprogetti-latina.zh-Hans.md", 5),
        ("news/miniprogetti-latina.zh-Hans.md", 7), ("pages/miniprogetti.ar.md", 2), ("pages/miniprogetti.ar.md", 5),
        ("pages/miniprogetti.bn.md", 2), ("pages/miniprogetti.bn.md", 6), ("pages/miniprogetti.en.md", 2),
        ("pages/miniprogetti.en.md", 6), ("pages/miniprogetti.fr.md", 2), ("pages/miniprogetti.fr.md", 6),
        ("pages/miniprogetti.md", 4), ("pages/miniprogetti.md", 7), ("pages/miniprogetti.pa.md", 2),
        ("pages/miniprogetti.pa.md", 7), ("pages/miniprogetti.sq.md", 2), ("pages/miniprogetti.sq.md", 7),
        ("pages/miniprogetti.uk.md", 2), ("pages/miniprogetti.uk.md", 7), ("pages/miniprogetti.ur.md", 2),
        ("pages/miniprogetti.ur.md", 7), ("pages/miniprogetti.zh-Hans.md", 2)], result.stderr
    assert "«cinque miniprogetti» dice 5, ma nel sito sono 6: i file italiani in content/miniprogetti/" in result.stderr
    assert "«five small local projects» dice 5" in result.stderr and "«خمسة مشاريع صغيرة» dice 5" in result.stderr

    problems = check_copy(content, PUBLISHING=True)
    counts = [problem for problem in problems if problem.field == "numero"]
    assert len(counts) == 58 and not any(problem.warning for problem in counts), "publishing: errors"


def test_a_changed_italian_text_makes_its_translations_stale_until_reviewed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    latina = content / "comuni" / "latina.md"
    latina.write_text(latina.read_text(encoding="utf-8").replace("alcuni piccoli", "alcuni altri piccoli"),
                      encoding="utf-8")
    stale = check_copy(content)
    translations = sorted(path.name for path in (content / "comuni").glob("latina.*.md"))
    assert [(Path(problem.path).name, problem.field, problem.warning) for problem in stale] == [
        (name, "Impronta_originale", True) for name in translations]
    english = stale[translations.index("latina.en.md")].message
    assert f"il testo italiano {os.path.relpath(latina)} è cambiato da quando questa traduzione è stata rivista" in english
    assert f"invoke translation-reviewed {os.path.relpath(content / 'comuni' / 'latina.en.md')}" in english
    # Never an error, even when publishing: the Italian page goes out at once (issue 21).
    assert all(problem.warning for problem in check_copy(content, PUBLISHING=True))

    # A change outside the translated text (a date, a reminder) does not count.
    latina.write_text(latina.read_text(encoding="utf-8").replace("Date: 2026-11-25", "Date: 2026-11-26\nTodo: foto"),
                      encoding="utf-8")
    assert len(check_copy(content)) == len(translations)

    reviewed = subprocess.run(
        [sys.executable, "-m", "invoke", "translation-reviewed", str(content / "comuni" / "latina.en.md")],
        cwd=ROOT, capture_output=True, text=True)
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    assert [Path(problem.path).name for problem in check_copy(content)] == [
        name for name in translations if name != "latina.en.md"]
