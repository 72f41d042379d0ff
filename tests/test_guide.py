"""The editors' guide documents exactly the fields of the content schema."""

import re
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.schema import SCHEMAS, Common, TranslationMeta  # noqa: E402

GUIDE = ROOT / "docs" / "guida-redazione.md"
TABLES = {  # heading of the guide's table → the fields it documents
    "Campi di tutti i file": Common,
    "Pagine generali": SCHEMAS["page"],
    "Comuni": SCHEMAS["municipality"],
    "Miniprogetti": SCHEMAS["miniproject"],
    "News": SCHEMAS["news"],
    "Traduzioni": TranslationMeta,
}


def guide_tables():
    """{heading: {field name: required?}} from the guide's ### tables."""
    tables, heading = {}, None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            heading = re.sub(r"\s*\(.*\)$", "", line[4:]).strip()
        elif heading and (row := re.match(r"^\| `([A-Za-z_]+)` \| (sì|no) \|", line)):
            tables.setdefault(heading, {})[row[1].lower()] = row[2] == "sì"
    return tables


def schema_fields(model):
    inherited = set() if model in (Common, TranslationMeta) else set(Common.model_fields)
    return {name: field.is_required() for name, field in model.model_fields.items() if name not in inherited}


def test_guide_tables_match_the_schema():
    tables = guide_tables()
    assert set(tables) == set(TABLES)
    for heading, model in TABLES.items():
        assert tables[heading] == schema_fields(model), heading


# --- The clerks' part of the guide: what it quotes is what the code says -------------------

GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
# Where the texts the clerk reads in the editor, in the sign-in pop-up and in the checks come from.
MESSAGE_SOURCES = [ROOT / "deploy" / "github_oauth.py", ROOT / "deploy" / "pr_preview.py", ROOT / "tasks.py",
                   ROOT / "plugins" / "cms_config" / "admin" / "pr-checks.js",
                   ROOT / "plugins" / "cms_config" / "admin" / "lgnetea-cms.js",
                   ROOT / "plugins" / "cms_config" / "cms_config.py",
                   # The checker's messages, which the editor also shows before saving (admin/rules.js).
                   ROOT / "plugins" / "content_check" / "content_check.py",
                   ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"]  # its Italian texts


def section(heading: str) -> str:
    """The text under ``heading`` (## or ###), up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = GUIDE_TEXT.index(f"\n{heading}\n")
    ends = [GUIDE_TEXT.find(f"\n{'#' * n} ", start + 1) for n in range(1, len(level) + 1)]
    return GUIDE_TEXT[start:min([end for end in ends if end != -1], default=len(GUIDE_TEXT))]


def quotes(text: str) -> list[str]:
    """The outermost «…» quotations of ``text``, nested ones kept inside."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
            if depth == 1:
                start = index + 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                found.append(text[start:index])
    return found


def first_column_quotes(text: str) -> list[str]:
    return [quote for line in text.splitlines() if line.startswith("| ") and not line.startswith("|--")
            for quote in quotes(line.split(" | ")[0])]


def code_text() -> str:
    """The sources, with what is filled in at run time ({…}, %{…}, " + x + ") written as «…»."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in MESSAGE_SOURCES)
    text = re.sub(r"%?\{[^{}\n\"]*\}", "…", text)  # not a dict literal, whose strings have quotes
    return re.sub(r"[\"'] \+ [^\"'\n]+ \+ [\"']", "…", text)


def literal_parts(quote: str) -> list[str]:
    """The parts of a quoted message that the code must contain word for word: «…» and counts
    («3 problemi») stand for what is filled in."""
    quote = re.sub(r"\d+ \w+", "…", quote)
    return [part.strip(" .:;") for part in quote.split("…") if part.strip(" .:;")]


def test_every_message_the_guide_quotes_for_the_editor_is_in_the_code():
    code = code_text()
    headings = ["### Quando si entra", "### Prima di salvare", "### Dopo il salvataggio",
                "### 4. I controlli e l'anteprima"]
    quoted = [quote for heading in headings for quote in first_column_quotes(section(heading))]
    assert len(quoted) >= 15
    missing = [(quote, part) for quote in quoted for part in literal_parts(quote) if part not in code]
    assert missing == []


def test_the_checkers_messages_the_guide_quotes_are_the_checkers():
    from tests.test_content_check import EXPECTED

    messages = [message for *_, message in EXPECTED.values()]
    listed = re.findall(r"^- «(.*)»: ", section("### I messaggi del controllo dei contenuti"), re.M)
    assert len(listed) >= 5
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "plugins" / "content_check").glob("*.py"))
    assert [quote for quote in listed if not any(quote in message for message in messages) and quote not in source] == []


def checker_fields() -> set[str]:
    """The names the checker writes in a message's third part, but the fields of the schema."""
    from tests.test_content_check import EXPECTED

    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "plugins" / "content_check").glob("*.py"))
    literal = set(re.findall(r"(?:\.problem\(\s*\w+, |Problem\([^,]+, [^,]+, )\"(\w+)\"", source))
    fields = {name.lower() for model in (Common, TranslationMeta, *SCHEMAS.values()) for name in model.model_fields}
    return {name for name in literal | {case[2] for case in EXPECTED.values()} if name.lower() not in fields
            and name != "Titel"}  # a misspelt field: «il nome di un campo»


def test_the_guide_explains_every_kind_of_problem_the_checker_reports():
    table = section("## Il controllo dei contenuti")
    explained = set(re.findall(r"^\| `([^`]+)`", table, re.M))
    names = checker_fields()
    assert {"file", "link", "immagine", "html", "segnaposto"} <= names
    assert names - {"Comuni", "Miniprogetti"} <= explained
    assert "| `Comuni`, `Miniprogetti` |" in table and "| il nome di un campo" in table


# Buttons and places of the editor the guide sends the clerk to, as Decap's Italian texts say them.
EDITOR_LABELS = ["Accedi con GitHub", "Salva", "Stato: ", "In revisione", "Pronto", "Bozze", "Flusso editoriale",
                 "Pubblica", "Pubblica ora", "Controlla l'anteprima", "Visualizza l'anteprima", "Voce salvata",
                 "Prendi selezionato", "Aggiungi componente", "Pubblicazione fallita:"]


def test_the_editors_buttons_the_guide_names_exist():
    bundle = (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").read_text(encoding="utf-8")
    clerks_part = GUIDE_TEXT[:GUIDE_TEXT.index("## Che cosa vuol dire ogni messaggio")]
    assert [label for label in EDITOR_LABELS if f"«{label}" not in clerks_part] == []
    assert [label for label in EDITOR_LABELS if label.replace("'", "\\'") not in bundle and label not in bundle] == []


def test_every_picture_of_the_guide_is_made_by_invoke_screenshots_and_none_is_stale():
    pictures = set(re.findall(r"\]\(immagini/([\w-]+\.png)\)", GUIDE_TEXT))
    made = set(re.findall(r'out / "([\w-]+\.png)"', (ROOT / "tests" / "browser.py").read_text(encoding="utf-8")))
    folder = {path.name for path in (ROOT / "docs" / "immagini").glob("*.png")}
    assert pictures == made == folder
    # Both modes: the published editor (GitHub) and the local one, whose button is «Pubblica ora».
    assert any(name.startswith("redazione-locale-") for name in pictures)
    assert "redazione-controlli.png" in pictures and "redazione-flusso.png" in pictures


def test_the_first_time_sheet_is_one_printable_page_with_every_step():
    sheet = (ROOT / "docs" / "prima-volta.md").read_text(encoding="utf-8")
    assert "(prima-volta.md)" in GUIDE_TEXT
    assert len(sheet.splitlines()) <= 70 and len(sheet) <= 5000, "one printed page"
    steps = ["Sign up", "Enter code", "Enable two-factor authentication", "Accept invitation", "Accedi con GitHub",
             "Authorize"]
    table = sheet[sheet.index("| ✓ |"):]
    positions = [table.find(f"«{step}") for step in steps]
    assert -1 not in positions and positions == sorted(positions), dict(zip(steps, positions))
    # The same labels as the guide's first access.
    first_access = section("## Il primo accesso (una volta sola)")
    assert [step for step in steps if f"«{step}" not in first_access] == []


MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
          "ottobre", "novembre", "dicembre"]


def test_dates_in_the_clerks_part_are_written_the_italian_way():
    clerks_part = GUIDE_TEXT[:GUIDE_TEXT.index("## Dove sono i contenuti")]
    prose = re.sub(r"```.*?```|`[^`]*`", "", clerks_part, flags=re.S)
    for quoted in quotes(prose):  # the program's own messages, quoted as they are
        prose = prose.replace(f"«{quoted}»", "")
    # Outside code and quotations, no date as year-month-day; those in words have an Italian month.
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", prose) == []
    in_words = re.findall(r"\b(\d{1,2}) ([a-z]+) (\d{4})\b", prose)
    assert in_words and all(month in MONTHS for _, month, _ in in_words)


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_inside_the_guide_and_the_sheet_leads_to_a_heading():
    for path in (GUIDE, ROOT / "docs" / "prima-volta.md"):
        text = path.read_text(encoding="utf-8")
        anchors = {github_anchor(line.lstrip("#")) for line in re.sub(r"```.*?```", "", text, flags=re.S).splitlines()
                   if line.startswith("#")}
        links = re.findall(r"\]\(#([^)]+)\)", text)
        assert links or path != GUIDE
        assert [link for link in links if link not in anchors] == [], path.name
