"""The real editor in local mode, driven in Chromium, on a copy of the content.

Decap CMS at /admin/ of a site built from the copy, with decap-server writing into
the copy (as `make serve` does on the working copy): what the editor saves must be a
file the site accepts, and the editor must refuse what the schema refuses.
"""

import ast
import datetime
import io
import json
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from pelican.settings import read_settings
from PIL import ExifTags, Image
from playwright.sync_api import expect

from tests.browser import (
    add_photo,
    dismiss_notifications,
    drop_translations,
    free_port,
    record_failed_requests,
    save_entry,
    serve,
)
from tests.conftest import ROOT, build_site
from tests.test_every_page import axe_violations

sys.path.insert(0, str(ROOT / "plugins"))
from cms_config.local_backend import local_backend  # noqa: E402
from content_check.content_check import check_content, errors_of  # noqa: E402

TITLE = "Uno sportello per la casa a Latina"
SLUG = "uno-sportello-per-la-casa-a-latina"
# An uploaded file's name: its own, transliterated, and six random letters and digits (photo-privacy.js).
UNIQUE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*-[a-z0-9]{6}\.[a-z]+")


def build(root, backend):
    output = root / "output"
    result = build_site(output, "-e", f'CMS_LOCAL_BACKEND="{backend}"', "SEARCH_INDEX=false", content=root / "content")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """The site built from a copy of content/, served, with decap-server writing into the copy.

    The copy keeps the translations in English and Arabic only (left to right and right to
    left): every language's collections are the same code, and each translation more is a
    file that Decap reads at every load and the builds write.
    """
    root = tmp_path_factory.mktemp("editor")
    drop_translations(shutil.copytree(ROOT / "content", root / "content"))
    backend = f"http://127.0.0.1:{free_port()}/api/v1"
    output = build(root, backend)
    port = free_port()
    with local_backend(backend, root, f"http://127.0.0.1:{port}"), serve(output, port) as base_url:
        yield SimpleNamespace(root=root, content=root / "content", backend=backend, output=output,
                              url=base_url + "admin/")


def open_editor(page, editor, hash_path):
    page.goto(editor.url)
    page.get_by_role("button", name="Accedi").click()  # local mode: no account, one click
    page.goto(editor.url + "#/" + hash_path)


@pytest.fixture
def italian_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    yield context.new_page()
    context.close()


def test_the_editor_loads_everything_from_the_site(italian_page, editor):
    problems = []
    record_failed_requests(italian_page, urlsplit(editor.url).netloc, problems)
    open_editor(italian_page, editor, "collections/news")
    italian_page.get_by_text("Si è concluso il progetto LGNetEA").wait_for()
    # The only other address is the local backend, on this machine.
    assert [p for p in problems if p != f"other host: {editor.backend}"] == []


# Texts Decap showed in English (or misspelt) on the screens of an ordinary edit.
ENGLISH = ["Upload", "Download", "Code Block", "Set ", " to now", "Insersci", "already exists", "Toggle",
           "Close", "Expand", "Collapse", "Strikethrough", "option", "dropdown", "Failed to", "API_ERROR",
           "Unknown error", "Error:"]


def english_on_screen(page):
    """The English words of ENGLISH in the page's text, labels, titles and placeholders."""
    texts = page.evaluate("""() => [document.body.innerText, ...Array.from(document.querySelectorAll(
        '[aria-label], [title], [placeholder]'), e => [e.getAttribute('aria-label'), e.getAttribute('title'),
        e.getAttribute('placeholder')].filter(Boolean).join(' '))].join('\\n')""")
    return sorted({word for word in ENGLISH if word in texts})


def item_with_files() -> dict[str, bytes]:
    """A news item with two files of its own and a photo that another item uses too (content/news/…)."""
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 30)).save(photo, format="JPEG")
    return {
        "da-eliminare.md": "Title: Una notizia da eliminare\nDate: 2026-11-01\nSummary: Sarà eliminata.\n"
        "Comuni: latina\n\n![Una casa](casa-k3x9q2.jpg)\n\n[La relazione](relazione-a1b2c3.pdf)\n\n"
        "![Una piazza](piazza-z9y8x7.jpg)\n".encode(),
        "altra.md": b"Title: Un'altra notizia\nDate: 2026-11-02\nSummary: Resta.\nComuni: latina\n\n"
        b"![Una piazza](piazza-z9y8x7.jpg)\n",
        "casa-k3x9q2.jpg": photo.getvalue(),
        "piazza-z9y8x7.jpg": photo.getvalue(),
        "relazione-a1b2c3.pdf": b"%PDF-1.4\n%%EOF\n",
    }


def assert_asked_about_the_items_own_files(asked):
    """Decap's «delete?», then ours, naming the item's own files and not the shared photo."""
    assert len(asked) == 2 and "casa-k3x9q2.jpg\nrelazione-a1b2c3.pdf\n\n" in asked[1]
    assert asked[1].startswith("La voce usa questi file, che nessun'altra pagina usa:")
    assert "piazza" not in asked[1]


def test_deleting_an_item_offers_to_delete_the_files_only_it_uses(italian_page, editor):
    news = editor.content / "news"
    for name, data in item_with_files().items():
        (news / name).write_bytes(data)
    page = italian_page
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    open_editor(page, editor, "collections/news/entries/da-eliminare")
    expect(page.get_by_label("Titolo")).to_have_value("Una notizia da eliminare")
    page.get_by_role("button", name="Cancella voce").click()
    expect(page).to_have_url(re.compile("#/collections/news$"))
    assert not (news / "da-eliminare.md").exists()
    assert_asked_about_the_items_own_files(asked)
    assert not (news / "casa-k3x9q2.jpg").exists() and not (news / "relazione-a1b2c3.pdf").exists()
    assert (news / "piazza-z9y8x7.jpg").exists()  # the other item's photo stays
    for name in ("altra.md", "piazza-z9y8x7.jpg"):
        (news / name).unlink()


def test_the_editor_speaks_italian_on_every_screen_of_an_edit(italian_page, editor):
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").wait_for()
    assert english_on_screen(page) == []
    page.get_by_title("Aggiungi componente").click()
    page.get_by_text("Blocco di codice", exact=True).wait_for()
    assert english_on_screen(page) == []
    page.get_by_text("Foto", exact=True).click()
    page.get_by_role("button", name="Scegli un'immagine").click()
    page.get_by_role("button", name="Scarica").wait_for()
    assert english_on_screen(page) == []
    page.keyboard.press("Escape")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("[data-slate-editor]").click()
    page.get_by_role("button", name="Collegamento").click()
    page.wait_for_timeout(500)
    assert asked == ["Inserite l'indirizzo del collegamento"]


# «Tu» in Italian: the second person singular, where the clerk is addressed with «voi» (as the
# editors' guide does): words that are nothing else, and the imperatives that are also a third
# person («controlla», «salva», «usa») where an order has them, at the start of a sentence or
# clause, before their object («Controlla il testo», «…: salva la foto»).
TU = re.compile(r"(?:^|[.:;!?]\s+)(?:controlla|salva|usa|cambia|aggiorna|sposta|prova|verifica|consulta|imposta)\s+"
                r"(?:il|lo|la|l'|i|gli|le|un|una|uno)\b"
                r"|\b(?:puoi|vuoi|hai|sei|devi|sai|tuo|tua|tuoi|tue|ti|correggi|premi|scrivi|descrivi|riduci|dividi|"
                r"togli|metti|aggiungi|inserisci|scegli|riprova|intendevi|conosci|assicurati|salval[aeio]|"
                r"completal[aeio]|confrontal[aeio]|aggiornal[aeio]|april[aeio]|riducil[aeio]|esportal[aeio]|togli[lt][aeio]|"
                r"scrivil[aeio]|scriverl[aeio])\b", re.IGNORECASE)
# Buttons whose names are imperatives, as the guide names them (and «Adesso»'s title): no order
# to the clerk.
BUTTONS = {"Scegli un'immagine", "Scegli più immagini", "Scegli un'altra immagine", "Scegli un file",
           "Scegli più file", "Scegli un altro file", "Inserisci da URL", "Aggiungi componente",
           "Aggiungi altre immagini", "Aggiungi altri file", "Aggiungi %{item}", "Controlla l'anteprima",
           "Metti la data di oggi"}
EDITOR_SCRIPTS = ["lgnetea-cms.js", "photo-privacy.js", "pr-checks.js"]
# Where the Python texts the clerk reads are: the editor's configuration and local backend, the
# sign-in pop-up, the preview's problems page, the live preview and the build, the content checker.
CLERKS_PYTHON = ["plugins/cms_config/cms_config.py", "plugins/cms_config/backend_guard.py", "deploy/github_oauth.py",
                 "deploy/pr_preview.py", "plugins/live_preview/live_preview.py", "tasks.py",
                 "plugins/responsive_images/responsive_images.py", "plugins/site_facts/site_facts.py",
                 *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "plugins" / "content_check").glob("*.py")
                         if not path.name.startswith(("test_", "__")))]


def python_texts(path):
    """Every string in the module's code (f-strings in parts), but the words the checker looks for."""
    from content_check.content_check import VAGUE_LINK_TEXTS
    from content_check.counts import NUMBER_WORDS

    strings = {node.value for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8")))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return strings - VAGUE_LINK_TEXTS - set(NUMBER_WORDS.values())


def strings_in(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in strings_in(item)]


def addressed_with_tu(texts):
    """The texts, but buttons' names, that say «tu» outside «…» (names of buttons and fields, quotations)."""
    return sorted({text for text in texts if text not in BUTTONS and TU.search(re.sub(r"«[^»]*»", "", text))})


def test_the_editor_addresses_the_clerk_with_voi(italian_page, editor):
    page = italian_page
    open_editor(page, editor, "collections/news")
    page.get_by_text("Si è concluso il progetto LGNetEA").wait_for()
    catalogue = page.evaluate("""() => {
        const texts = [];
        (function walk(value) {
            if (typeof value === "string") texts.push(value); else Object.values(value).forEach(walk);
        })(CMS.getLocale("it"));
        return texts;
    }""")
    assert "Volete davvero pubblicare questa voce?" in catalogue  # ours, over Decap's
    scripts = [text for name in EDITOR_SCRIPTS
               for text in re.findall(r'"((?:[^"\\\n]|\\.)*)"', (editor.output / "admin" / name).read_text())]
    config = json.loads((editor.output / "admin" / "config.yml").read_text(encoding="utf-8"))
    rules = json.loads(re.search(r"window.LGNETEA_RULES = (.*?);\n",
                                 (editor.output / "admin" / "rules.js").read_text(encoding="utf-8"), re.S)[1])
    del rules["vagueLink"]["texts"]  # the words the checker looks for in a link
    generated = strings_in(config) + strings_in(rules)
    python = [text for path in CLERKS_PYTHON for text in python_texts(path)]
    assert addressed_with_tu(catalogue + scripts + generated + python) == []


def test_now_is_the_date_in_rome_just_after_midnight(browser, editor):
    """At 00:30 in Rome (23:30 UTC the day before), on a computer set to UTC, «Adesso» gives Rome's date."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT", timezone_id="UTC")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC))
    open_editor(page, editor, "collections/news/new")
    date = page.locator("input[id^=date-field]")
    date.wait_for()
    page.get_by_role("button", name="Metti la data di oggi").first.click()
    expect(date).to_have_value("2026-11-30")
    assert page.get_by_text("UTC", exact=True).count() == 0
    context.close()


def test_view_live_opens_the_entrys_own_page_on_this_address(italian_page, editor):
    page = italian_page
    open_editor(page, editor, "collections/news/entries/progetto-concluso")
    site = editor.url.removesuffix("admin/")
    live = page.get_by_role("link", name="Guarda Live")
    expect(live).to_have_attribute("href", site + "news/progetto-concluso/")
    expect(page.get_by_role("link", name=urlsplit(site).netloc)).to_have_attribute("href", site.rstrip("/"))


def test_the_sign_in_screen_is_the_sites_and_passes_axe(italian_page, editor):
    page = italian_page
    page.goto(editor.url)
    page.get_by_role("button", name="Accedi").wait_for()
    expect(page.get_by_role("heading", level=1)).to_have_text("LGNetEA – Redazione del sito")
    assert re.search(r"/theme/favicon\.[0-9a-f]+\.svg$", page.get_by_role("img", name="Logo").get_attribute("src"))
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("link", name="Torna al sito").count() == 1
    assert axe_violations(page) == []


def test_an_arabic_translation_is_edited_and_previewed_right_to_left(italian_page, editor):
    page = italian_page
    open_editor(page, editor, "collections/comuni_ar/entries/latina")
    title = page.get_by_label("Titolo")
    title.wait_for()
    assert title.evaluate("field => getComputedStyle(field).direction") == "rtl"  # dir="auto" on Arabic text
    preview = page.frame_locator("iframe").first.locator(".page-width")
    assert (preview.get_attribute("dir"), preview.get_attribute("lang")) == ("rtl", "ar")
    assert preview.locator(".in-brief__title").inner_text() == "باختصار"
    # Only the translated fields: no date, no coordinates.
    assert page.locator("input[id^=date-field], input[id^=lat-field]").count() == 0


def test_a_news_item_saved_in_the_editor_is_published_on_the_site(italian_page, editor, tmp_path):
    photo = tmp_path / "sportello.jpg"
    Image.new("RGB", (640, 480), (180, 90, 30)).save(photo, quality=80)
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    fill_the_news_item_with_a_photo(page, photo)
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()

    saved = editor.content / "news" / f"{SLUG}.md"
    # The photo keeps its name, with six letters and digits that no other photo has.
    (name,) = [path.name for path in saved.parent.glob("sportello*.jpg")]
    assert UNIQUE_NAME.fullmatch(name) and name.startswith("sportello-")
    assert saved.read_text(encoding="utf-8") == (
        f"Title: {TITLE}\nDate: 2026-11-28\n"
        "Summary: A Latina apre uno sportello per chi cerca casa. È aperto il lunedì.\nComuni: latina\n\n"
        f"Lo sportello aiuta chi cerca una casa in affitto.\n\n![La porta dello sportello]({name})\n")
    assert (editor.content / "news" / name).read_bytes() == photo.read_bytes()
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert errors_of(check_content({**settings, "PATH": str(editor.content)})) == []

    site = build(editor.root, editor.backend)
    link = f'href="/news/{SLUG}/"'
    assert link in (site / "comuni" / "latina" / "index.html").read_text(encoding="utf-8")
    assert link in (site / "index.html").read_text(encoding="utf-8")
    assert TITLE in (site / "news" / "atom.xml").read_text(encoding="utf-8")
    item = (site / "news" / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'alt="La porta dello sportello"' in item and "<picture>" in item


def test_a_photo_the_site_would_refuse_is_refused_when_chosen(italian_page, editor, tmp_path):
    """Too heavy, or not a photo: the checker's words (admin/rules.js), and nothing reaches content/."""
    heavy = tmp_path / "pesante.jpg"
    heavy.write_bytes(b"\xff\xd8\xff" + bytes(26_000_000))
    document = tmp_path / "relazione.pdf"
    document.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page = italian_page
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    open_editor(page, editor, "collections/news/new")
    page.locator("[data-slate-editor]").click()
    page.get_by_title("Aggiungi componente").click()
    page.get_by_text("Foto", exact=True).click()
    page.get_by_role("button", name="Scegli un'immagine").click()
    for count, chosen in enumerate((heavy, document), start=1):
        page.locator("input[type=file]").set_input_files(chosen)
        page.wait_for_function("() => document.querySelector('input[type=file]').value === ''")
        page.wait_for_timeout(500)
        assert len(asked) == count
    expect(page.get_by_role("button", name="Prendi selezionato")).to_be_disabled()  # nothing to take
    assert asked[0].startswith("Questo file non si può caricare, il sito non lo accetterebbe.\n\n«pesante.jpg»: "
                               "il file pesa più di 25 MB: riducetela a 1600 pixel di larghezza")
    assert "«relazione.pdf»: il nome del file finisce con «.pdf»: il sito pubblica solo foto JPEG" in asked[1]
    assert len(asked) == 2
    assert list((editor.content / "news").glob("pesante*")) == list((editor.content / "news").glob("relazione*")) == []


def test_after_saving_the_editor_shows_what_the_live_preview_found(italian_page, editor):
    """What only the whole site shows (a link to a missing page), from admin/problemi.json of `make serve`."""
    from live_preview.live_preview import BuildReport
    from live_preview.worker import write_problems

    broken = "content/news/progetto-concluso.md:9: link: «/pagina-che-non-ce/» non porta a nessuna pagina"
    page = italian_page
    page.on("dialog", lambda dialog: dialog.accept())
    open_editor(page, editor, "collections/news/entries/progetto-concluso")
    expect(page.get_by_label("Titolo")).to_have_value("Si è concluso il progetto LGNetEA")
    page.get_by_label("In breve").fill("Il progetto si è concluso ad aprile 2022.")
    page.clock.install()  # the preview's build below is dated after the save
    page.clock.set_fixed_time(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC))
    write_problems(editor.output, BuildReport(False, problems=[broken], warnings=[]))
    save_entry(page)
    panel = page.get_by_role("status", name="Controllo del sito dopo il salvataggio")
    expect(panel).to_contain_text("Salvato, ma il sito non si costruisce: correggete e salvate di nuovo")
    expect(panel).to_contain_text(broken)
    assert axe_violations(page, within="#lgnetea-problemi") == []
    panel.get_by_role("button", name="Chiudi").click()
    expect(panel).to_have_count(0)


def test_on_a_phone_the_editor_fits_and_every_control_is_within_reach(browser, editor, tmp_path):
    """375 px: nothing wider than the screen; a news item with a photo written and saved by taps."""
    photo = tmp_path / "telefono.jpg"
    Image.new("RGB", (64, 48), (20, 90, 30)).save(photo)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="it-IT", has_touch=True)
    page = context.new_page()
    wider_than_the_screen = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    open_editor(page, editor, "collections/news")
    page.get_by_text("Si è concluso il progetto LGNetEA").wait_for()
    assert not page.evaluate(wider_than_the_screen)
    page.goto(editor.url + "#/collections/news/new")
    page.get_by_label("Titolo").fill("Una notizia scritta dal telefono")
    assert not page.evaluate(wider_than_the_screen)
    page.locator("input[id^=date-field]").fill("2026-11-30")
    page.get_by_label("In breve").fill("Scritta su uno schermo piccolo.")
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    page.locator("[data-slate-editor]").click()
    add_photo(page, photo)  # «Prendi selezionato» is tapped: it is on screen and nothing covers it
    page.get_by_label("Testo alternativo (obbligatorio)").fill("Un prato verde")
    assert not page.evaluate(wider_than_the_screen)
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()
    assert (editor.content / "news" / "una-notizia-scritta-dal-telefono.md").exists()
    # Each control of the toolbar: scrolled to, on screen, and the element a tap there reaches.
    dismiss_notifications(page)
    page.locator(".Toastify__toast").first.wait_for(state="detached")
    for control in page.locator("[class*=-ToolbarContainer] :is(button, a)").all():
        control.scroll_into_view_if_needed()
        assert control.evaluate("""element => { const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return box.left >= 0 && box.right <= innerWidth && element.contains(hit); }"""), control.inner_text()
    context.close()


def test_a_pdf_is_attached_from_the_browser(italian_page, editor, tmp_path):
    from pypdf import PdfWriter

    report = tmp_path / "Relazione finale.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Relazione finale"})
    writer.write(report)
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill("La relazione finale")
    page.locator("input[id^=date-field]").fill("2026-11-30")
    page.get_by_label("In breve").fill("La relazione del progetto, da scaricare.")
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    page.locator("[data-slate-editor]").click()
    page.get_by_title("Aggiungi componente").click()
    page.get_by_text("Documento", exact=True).click()
    page.get_by_role("button", name="Scegli un file").click()
    page.locator("input[type=file]").set_input_files(report)
    page.get_by_role("button", name="Prendi selezionato").click()
    page.get_by_label("Testo del collegamento (obbligatorio)").fill("Relazione finale del progetto")
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()
    (saved,) = (editor.content / "news").glob("relazione-finale-*.pdf")
    assert UNIQUE_NAME.fullmatch(saved.name) and saved.read_bytes() == report.read_bytes()
    text = (editor.content / "news" / "la-relazione-finale.md").read_text(encoding="utf-8")
    assert text.endswith(f"[Relazione finale del progetto]({saved.name})\n")
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert [p for p in check_content({**settings, "PATH": str(editor.content)}) if "relazione" in p.path] == []


# What Word puts on the clipboard for a bulleted list, bold written as a style and as <b>, a table
# and a link (trimmed: Word adds styles and conditional comments around the same elements).
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=Generator content="Microsoft Word 15"></head><body lang=IT>
<!--StartFragment--><p class=MsoNormal>Lo sportello <span style='font-weight:bold'>apre il lunedì</span>.</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>
<span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span></span>
<![endif]>Carta d'identità</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>
<span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span></span>
<![endif]>Codice fiscale</p>
<p class=MsoNormal><b><span style='font-size:12.0pt'>Poi</span></b>:</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]>
<span><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span></span><![endif]>Prendete il numero</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]>
<span><span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp;</span></span></span><![endif]>Aspettate</p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>Giorno</p></td><td><p class=MsoNormal>Orario</p></td></tr>
<tr><td><p class=MsoNormal>Lunedì</p></td><td><p class=MsoNormal>9-12</p></td></tr></table>
<p class=MsoNormal>Vedi <a href="https://www.comune.latina.it/">il sito del Comune</a>.</p><!--EndFragment-->
</body></html>"""


# What LibreOffice Writer (6 to 25) puts on the clipboard as text/html: its HTML export, a whole
# page; lists as <ul>/<ol> of <li><p> (the <li> never closed), bold as <b>, headings with a
# class, a table with <col> and a <p> in every cell, lines wrapped at about 80 characters with
# a line break and tabs inside the text. (After the CKEditor 4 test fixtures, copied in Chrome.)
LIBREOFFICE_CLIPBOARD = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html>
<head>
\t<meta http-equiv="content-type" content="text/html; charset=utf-8"/>
\t<title></title>
\t<meta name="generator" content="LibreOffice 24.2.7.2 (Linux)"/>
\t<style type="text/css">
\t\t@page { size: 21cm 29.7cm; margin: 2cm }
\t\tp { line-height: 115%; margin-bottom: 0.25cm; background: transparent }
\t\th2 { margin-top: 0.35cm; margin-bottom: 0.21cm; background: transparent; page-break-after: avoid }
\t\th2.western { font-family: "Liberation Serif", serif; font-size: 18pt; font-weight: bold }
\t\ttd p { orphans: 2; widows: 2; background: transparent }
\t\ta:link { color: #000080; so-language: zxx; text-decoration: underline }
\t</style>
</head>
<body lang="it-IT" link="#000080" vlink="#800000" dir="ltr"><p style="line-height: 100%; margin-bottom: 0cm">
Lo sportello <b>apre il lunedì</b>.</p>
<ul>
\t<li><p style="line-height: 100%; margin-bottom: 0cm">Carta d'identità</p>
\t<li><p style="line-height: 100%; margin-bottom: 0cm">Codice fiscale</p>
</ul>
<p style="line-height: 100%; margin-bottom: 0cm"><b>Poi</b>:</p>
<ol>
\t<li><p style="line-height: 100%; margin-bottom: 0cm">Prendete il numero</p>
\t<li><p style="line-height: 100%; margin-bottom: 0cm">Aspettate</p>
</ol>
<h2 class="western">Orari</h2>
<table width="100%" cellpadding="4" cellspacing="0">
\t<col width="128*"/>

\t<col width="128*"/>

\t<tr valign="top">
\t\t<td width="50%" style="border-top: none; border-bottom: 1px solid #000000; padding: 0.1cm"><p>
\t\t\tGiorno</p>
\t\t</td>
\t\t<td width="50%" style="border: 1px solid #000000; padding: 0.1cm"><p>Orario</p>
\t\t</td>
\t</tr>
\t<tr valign="top">
\t\t<td width="50%" style="border-top: none; border-bottom: 1px solid #000000; padding: 0.1cm"><p>
\t\t\tLunedì</p>
\t\t</td>
\t\t<td width="50%" style="border-top: none; border-bottom: 1px solid #000000; padding: 0.1cm"><p>
\t\t\t9-12</p>
\t\t</td>
\t</tr>
</table>
<p style="line-height: 100%; margin-bottom: 0cm">Chi non può venire di persona può scrivere allo
sportello: vedi <a href="https://www.comune.latina.it/">il sito del Comune</a>.</p>
</body>
</html>"""

# The office, its clipboard, and what the saved text has of it: the lists as Markdown lists,
# the bold, the link (and LibreOffice's heading; its wrapped line is one line again).
PASTES = {
    "Word": (WORD_CLIPBOARD, ["Vedi [il sito del Comune](https://www.comune.latina.it/)."]),
    "LibreOffice": (LIBREOFFICE_CLIPBOARD, [
        "\n## Orari\n",
        "Chi non può venire di persona può scrivere allo sportello: vedi [il sito del Comune]"
        "(https://www.comune.latina.it/)."]),
}


@pytest.mark.parametrize("office", PASTES)
def test_pasting_from_an_office_program_warns_before_saving_what_the_text_lost(italian_page, editor, office):
    clipboard, also_saved = PASTES[office]
    page = italian_page
    asked = []
    answers = iter([False, True])  # «Annulla: tornare al testo», then «OK: salvare lo stesso»
    page.on("dialog", lambda dialog: (asked.append(dialog.message),
                                      dialog.accept() if next(answers) else dialog.dismiss()))
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill(f"Documenti per lo sportello ({office})")
    page.locator("input[id^=date-field]").fill("2026-11-30")
    page.get_by_label("In breve").fill("Che cosa portare allo sportello.")
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    page.locator("[data-slate-editor]").click()
    # Through the system clipboard and Ctrl+V, as the clerk pastes: the browser's own paste and
    # beforeinput events, which Decap's editor inserts from.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("""html => navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], {type: "text/html"}),
        "text/plain": new Blob(["Lo sportello apre il lunedì."], {type: "text/plain"})})])""", clipboard)
    page.keyboard.press("Control+V")
    save_entry(page)
    page.get_by_text("controllate il testo incollato", exact=False).wait_for()
    lost = asked[0].split(", che l'editor")[0]
    print(f"{office} paste, lost:", lost)
    assert len(asked) == 1 and lost == "Il testo incollato aveva tabelle"  # lists, bold and links kept
    assert "OK: salvare lo stesso. Annulla: tornare al testo." in asked[0]
    saved = editor.content / "news" / f"documenti-per-lo-sportello-{office.lower()}.md"
    assert not saved.exists()
    dismiss_notifications(page)
    save_entry(page)  # saved anyway: what Decap made of the pasted text is in the file
    expect(page.get_by_text("Modifiche salvate")).to_be_visible()
    body = saved.read_text(encoding="utf-8")
    print(f"{office} paste, saved:", body)
    for text in ["Lo sportello **apre il lunedì**.", "\n* Carta d'identità\n* Codice fiscale\n\n**Poi**:\n\n"
                 "1. Prendete il numero\n2. Aspettate\n", *also_saved]:
        assert text in body
    saved.unlink()


def fill_a_new_item(page, title, date="2026-11-30", summary="Una notizia di prova.", text="Il testo della notizia."):
    """The form of a new news item about Latina, its text typed into the body."""
    page.get_by_label("Titolo").fill(title)
    page.locator("input[id^=date-field]").fill(date)
    page.get_by_label("In breve").fill(summary)
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    page.locator("[data-slate-editor]").click()
    page.keyboard.type(text)


def fill_the_news_item_with_a_photo(page, photo):
    """The news item TITLE, in both modes: its text, then ``photo`` with its alternative text."""
    fill_a_new_item(page, TITLE, "2026-11-28", "A Latina apre uno sportello per chi cerca casa. È aperto il lunedì.",
                    "Lo sportello aiuta chi cerca una casa in affitto.")
    page.keyboard.press("Enter")
    add_photo(page, photo)
    page.get_by_label("Testo alternativo (obbligatorio)").fill("La porta dello sportello")


def test_the_local_servers_errors_reach_the_clerk_in_italian(italian_page, editor):
    page = italian_page
    in_the_way = editor.content / "news" / "una-notizia-bloccata.md"
    in_the_way.mkdir()  # decap-server cannot write the file: its «Unknown error»
    open_editor(page, editor, "collections/news/new")
    fill_a_new_item(page, "Una notizia bloccata")
    save_entry(page)
    failure = page.locator(".Toastify__toast", has_text="Salvataggio della voce non riuscito")
    expect(failure).to_contain_text("riprovate")
    assert english_on_screen(page) == []
    in_the_way.rmdir()
    dismiss_notifications(page)

    def outside_content(route):  # what a broken or hostile editor would ask: the guard refuses it
        body = route.request.post_data_json
        if body and body.get("action") == "persistEntry":
            body["params"]["dataFiles"][0]["path"] = "pelicanconf.py"
        route.continue_(post_data=json.dumps(body) if body else None)

    page.route(editor.backend, outside_content)
    save_entry(page)
    expect(failure).to_contain_text("chiedete al referente tecnico")
    assert english_on_screen(page) == []
    assert not in_the_way.exists()


def test_typing_two_hashes_and_a_space_starts_a_heading(italian_page, editor):
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill("Una notizia con una sezione")
    page.locator("input[id^=date-field]").fill("2026-11-30")
    page.get_by_label("In breve").fill("Una notizia divisa in sezioni.")
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Il primo paragrafo.")
    page.keyboard.press("Enter")
    page.keyboard.type("## Orari")
    page.keyboard.press("Enter")
    page.keyboard.type("Il lunedì.")
    expect(page.locator("[data-slate-editor] h2")).to_have_text("Orari")
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()
    text = (editor.content / "news" / "una-notizia-con-una-sezione.md").read_text(encoding="utf-8")
    assert text.endswith("\n\nIl primo paragrafo.\n\n## Orari\n\nIl lunedì.\n")


def test_a_title_in_any_script_is_saved_under_a_readable_transliterated_address(italian_page, editor):
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill("سكن جديد في لاتينا")
    page.locator("input[id^=date-field]").fill("2026-11-30")
    page.get_by_label("In breve").fill("Una notizia con il titolo in arabo.")
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()
    saved = editor.content / "news" / "skn-jdyd-fy-ltyn.md"
    assert saved.read_text(encoding="utf-8").startswith("Title: سكن جديد في لاتينا\nDate: 2026-11-30\n")


def test_the_editor_refuses_to_save_without_a_required_field_or_an_alt_text(italian_page, editor, tmp_path):
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill("Una notizia senza data")
    page.get_by_label("In breve").fill("Manca la data.")
    save_entry(page)
    page.get_by_text("avete saltato un campo obbligatorio").wait_for()

    photo = tmp_path / "senza-alt.jpg"
    Image.new("RGB", (64, 48), (20, 90, 30)).save(photo)
    page.locator("input[id^=date-field]").fill("2026-11-28")
    add_photo(page, photo)
    save_entry(page)
    page.get_by_text(re.compile(r"l'immagine «senza-alt-[a-z0-9]{6}\.jpg» non ha testo alternativo")).wait_for()
    assert not (editor.content / "news" / "una-notizia-senza-data.md").exists()


# Decap keeps its local backups with localForage, in IndexedDB (database "localforage", store
# "keyvaluepairs", key "backup.<collection>[.<slug>]"), 2 s after the last keystroke. What the
# backup under a key holds, as JSON; "" while there is none. The database is looked for first:
# opening one that does not exist would create it, without localForage's store.
READ_BACKUP = """async key => {
  if (!(await indexedDB.databases()).some(database => database.name === "localforage")) return "";
  return new Promise(resolve => {
    const opening = indexedDB.open("localforage");
    opening.onerror = () => resolve("");
    opening.onsuccess = () => {
      const database = opening.result;
      const reading = database.transaction("keyvaluepairs").objectStore("keyvaluepairs").get(key);
      reading.onerror = () => { database.close(); resolve(""); };
      reading.onsuccess = () => { database.close(); resolve(JSON.stringify(reading.result || "")); };
    };
  });
}"""


def reopen(page, editor, hash_path, backup_key, typed):
    """Close the tab mid-edit, once Decap's backup holds what was ``typed`` last; open the same
    entry again and accept the offer to restore it. Returns the new page, once the editor has
    fetched all it wanted, and what it asked."""
    # Not wait_for_function: it takes the promise an async function returns for a true value.
    for _ in range(50):
        if typed in page.evaluate(READ_BACKUP, backup_key):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError(f"after 5 s, Decap's backup {backup_key} does not hold {typed!r}")
    context = page.context
    page.close()
    page = context.new_page()
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_event("dialog"):
        page.goto(editor.url + "#/" + hash_path)
    # What used to replace the restored backup (the empty form, or the saved entry) came from
    # fetches still running when Decap asked: it would have done so before the network is idle.
    page.wait_for_load_state("networkidle")
    return page, asked


def test_closing_the_tab_mid_edit_and_restoring_the_backup_gives_back_what_was_typed(italian_page, editor):
    """A new item and an existing one: the restored form holds what was typed, and keeps it."""
    page = italian_page
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill("Una notizia lasciata a metà")
    page.get_by_label("In breve").fill("Scritta prima di chiudere la scheda.")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Il testo scritto finora.")
    page, asked = reopen(page, editor, "collections/news/new", "backup.news", "Il testo scritto finora.")
    assert asked == ["Un backup locale è stato recuperato per questa voce: volete usarlo?"]
    assert page.get_by_label("Titolo").input_value() == "Una notizia lasciata a metà"
    assert page.get_by_label("In breve").input_value() == "Scritta prima di chiudere la scheda."
    assert page.locator("[data-slate-editor]").inner_text().strip() == "Il testo scritto finora."

    existing = "collections/news/entries/progetto-concluso"
    page.close()
    page = italian_page.context.new_page()
    page.goto(editor.url + "#/" + existing)
    expect(page.get_by_label("Titolo")).to_have_value("Si è concluso il progetto LGNetEA")  # loaded
    page.get_by_label("Titolo").fill("Un titolo cambiato")
    last_paragraph = page.locator("[data-slate-editor] p").last
    expect(last_paragraph).to_have_text("Il lavoro non si ferma: continua con il progetto LgNet2.")
    last_paragraph.click(position={"x": 2, "y": 2})
    page.keyboard.type("Una frase aggiunta. ")
    page, asked = reopen(page, editor, existing, "backup.news.progetto-concluso", "Una frase aggiunta.")
    assert len(asked) == 1
    assert page.get_by_label("Titolo").input_value() == "Un titolo cambiato"
    expect(page.locator("[data-slate-editor] p").last).to_have_text(
        "Una frase aggiunta. Il lavoro non si ferma: continua con il progetto LgNet2.")


def phone_photo(path, size):
    """A JPEG as a phone writes it: orientation, maker and model, the GPS position, XMP."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "Telefono", "X1"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (41.0, 28.0, 3.0), 3: "E", 4: (12.0, 54.0, 13.0)})
    Image.new("RGB", size, (40, 120, 160)).save(path, format="JPEG", exif=exif, quality=85,
                                                xmp=b"<x:xmpmeta exif:GPSLatitude='41,28N'/>")
    return path


def assert_without_personal_data(data, size):
    """What photo-privacy.js leaves of phone_photo(): the orientation, nothing else."""
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {ExifTags.Base.Orientation: 6}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {} and "xmp" not in image.info
        assert image.size == size
    assert b"Telefono" not in data and b"GPS" not in data


def test_a_photo_uploaded_in_the_editor_loses_its_position_and_never_replaces_another_file(
        italian_page, editor, tmp_path):
    """The photo-privacy.js path: what reaches content/ has no GPS, no EXIF but the orientation, no XMP;
    a photo with the name of another item's photo arrives beside it, and the other is left alone."""
    photo = phone_photo(tmp_path / "Casa.JPG", (320, 240))
    # Another item's photo with the same name, already in content/ (by another way: it has the position).
    other = editor.content / "news" / "Casa.JPG"
    other.write_bytes(photo.read_bytes())
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    refused = [p for p in check_content({**settings, "PATH": str(editor.content)}) if p.field == "foto"]
    assert [(p.path.rsplit("/", 2)[-2:], p.message[:33]) for p in refused] == [
        (["news", "Casa.JPG"], "la foto contiene la posizione GPS")]
    page = italian_page
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    open_editor(page, editor, "collections/news/new")
    page.get_by_label("Titolo").fill("Una casa per tutti")
    page.locator("input[id^=date-field]").fill("2026-11-29")
    page.get_by_label("In breve").fill("Una foto di una casa.")
    page.locator("input[id^=comuni-field]").fill("Lati")
    page.get_by_role("option", name="Latina").click()
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("La casa.")
    page.keyboard.press("Enter")
    add_photo(page, photo)
    page.get_by_label("Testo alternativo (obbligatorio)").fill("Una casa azzurra")
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()

    assert asked == []  # no «replace it?»
    assert other.read_bytes() == photo.read_bytes()
    (saved,) = [path for path in other.parent.glob("casa-*.jpg")]
    assert UNIQUE_NAME.fullmatch(saved.name)
    assert f"![Una casa azzurra]({saved.name})" in (other.parent / "una-casa-per-tutti.md").read_text(encoding="utf-8")
    assert_without_personal_data(saved.read_bytes(), (320, 240))
    other.unlink()  # as the checker's message says: in «Media», «Cancella selezionato»
    assert [p for p in check_content({**settings, "PATH": str(editor.content)}) if p.field == "foto"] == []


def test_a_stale_translation_shows_in_the_editor_and_one_click_marks_it_reviewed(italian_page, editor):
    """Issue 21, point 3: no terminal, no fingerprint to paste."""
    from content_check.translations import original_fingerprint

    latina = editor.content / "comuni" / "latina.md"
    latina.write_text(latina.read_text(encoding="utf-8").replace("alcuni piccoli", "alcuni altri piccoli"),
                      encoding="utf-8")
    build(editor.root, editor.backend)  # as the live preview does after a save
    page = italian_page
    open_editor(page, editor, "collections/comuni_en/entries/latina")
    status = page.locator("[data-status]")
    status.wait_for()
    assert status.get_attribute("data-status") == "outdated"
    assert "Il testo italiano è cambiato dopo l'ultima revisione" in status.inner_text()
    page.get_by_role("button", name="Revisione fatta").click()
    assert status.get_attribute("data-status") == "current"
    save_entry(page)
    page.get_by_text("Modifiche salvate", exact=False).wait_for()
    saved = (editor.content / "comuni" / "latina.en.md").read_text(encoding="utf-8")
    assert f"Impronta_originale: {original_fingerprint(latina)}\n" in saved
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    stale = [problem.path for problem in check_content({**settings, "PATH": str(editor.content)})
             if problem.field == "Impronta_originale"]
    others = sorted(path.name for path in (editor.content / "comuni").glob("latina.*.md")
                    if path.name != "latina.en.md")
    # Latina's other translations are still stale: only English was reviewed.
    assert sorted(Path(path).name for path in stale if Path(path).name.startswith("latina.")) == others


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_view_live_opens_a_translations_page_in_its_language(italian_page, editor, lang):
    page = italian_page
    open_editor(page, editor, f"collections/comuni_{lang}/entries/latina")
    live = page.get_by_role("link", name="Guarda Live")
    expect(live).to_have_attribute("href", editor.url.removesuffix("admin/") + f"{lang}/comuni/latina/")
    translation = page.request.get(live.get_attribute("href"))
    assert translation.ok and f'<html lang="{lang}"' in translation.text()
