import datetime
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
from content_check.schema import SCHEMAS, SLUG, TranslationMeta
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from cms_config.cms_config import ADMIN_FILES, LABELS, cms_config, optional_inner, publish_file, site_facts

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def settings():
    settings = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / "pelicanconf.py"))}
    return {**settings, "THEME": str(ROOT / settings["THEME"]), "CMS_REPOSITORY": "ente/sito"}


@pytest.fixture(scope="module")
def collections(settings):
    return {collection["name"]: collection for collection in cms_config(settings)["collections"]}


def expected_collections(settings):
    """Collection name → (folder, model, language) for every kind and translation language."""
    expected = {}
    for folder, section in settings["SECTIONS"].items():
        expected[folder] = (folder, SCHEMAS[section["kind"]], "")
        for lang in settings["LANGUAGES"]:
            if lang != settings["DEFAULT_LANG"]:
                expected[f"{folder}_{lang}"] = (folder, TranslationMeta, lang)
    return expected


def assert_same_constraints(name, field, widget, settings):
    """One schema field and its editor widget say the same thing."""
    annotation, _ = optional_inner(field.annotation)
    assert widget["label"] == LABELS[name] and widget["label"][0].isupper()
    assert widget["hint"] == field.description
    assert widget["required"] is field.is_required(), name
    if name in settings["CROSSREF_FIELDS"]:
        kind = settings["CROSSREF_FIELDS"][name]
        folder = next(f for f, section in settings["SECTIONS"].items() if section["kind"] == kind)
        assert widget["widget"] == "relation" and widget["collection"] == folder
        assert widget["multiple"] and widget["value_field"] == "{{slug}}"
        assert widget["display_fields"] == widget["search_fields"] == ["title"]
        assert widget.get("min") == (1 if field.is_required() else None)
    elif annotation is datetime.date:
        assert widget["widget"] == "datetime" and widget["format"] == "YYYY-MM-DD"
        assert widget["time_format"] is False
        # An optional date must stay empty unless the editor picks one (Decap's default is now).
        assert field.is_required() or widget["default"] == ""
    elif get_origin(annotation) is Literal:
        assert widget["widget"] == "select" and widget["options"] == list(get_args(annotation))
    elif annotation is float:
        limits = {key: getattr(m, key) for m in field.metadata for key in ("ge", "le") if hasattr(m, key)}
        assert widget["widget"] == "number" and widget["value_type"] == "float"
        assert (widget["min"], widget["max"]) == (limits["ge"], limits["le"])
    elif name == "impronta_originale":
        # Never typed: the translation's status and the «Revisione fatta» button (lgnetea-cms.js).
        assert widget["widget"] == "fingerprint"
    else:
        assert str in (annotation, *get_args(annotation)), f"{name}: a type the editor configuration does not know"
        assert widget["widget"] in ("string", "text")
        longest = [item.max_length for item in field.metadata if getattr(item, "max_length", None)]
        if longest:  # title, summary: what the checker refuses, the editor says before saving
            pattern = re.compile(widget["pattern"][0])
            assert pattern.search("x" * longest[0]) and not pattern.search("x" * (longest[0] + 1))
            assert not pattern.search("   ")
        else:
            assert widget["pattern"][0] == "\\S"


def test_every_field_of_every_kind_is_in_the_config_with_its_constraints(settings, collections):
    expected = expected_collections(settings)
    assert set(collections) == set(expected)
    for name, (folder, model, lang) in expected.items():
        collection = collections[name]
        assert collection["folder"] == f"content/{folder}"
        assert collection["format"] == "pelican"
        assert collection["extension"] == (f"{lang}.md" if lang else "md")
        # Photos beside the entry, where plugins/responsive_images finds them.
        assert (collection["media_folder"], collection["public_folder"]) == ("", "")
        widgets = {widget["name"]: widget for widget in collection["fields"]}
        assert widgets.pop("body")["widget"] == "markdown"
        fields = dict(model.model_fields)
        if lang and folder != "comuni":
            fields.pop("regione")  # only municipalities have a region to translate
        assert list(widgets) == list(fields), name  # the schema's order, nothing more or less
        for field_name, field in fields.items():
            assert_same_constraints(field_name, field, widgets[field_name], settings)


def test_originals_and_translations_are_told_apart_and_slugs_are_safe(settings, collections):
    config = cms_config(settings)
    assert config["locale"] == "it"
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    for name, collection in collections.items():
        assert collection["filter"] == {"field": "_original", "value": "_" not in name}
    assert config["local_backend"] == {"url": settings["CMS_LOCAL_BACKEND"]}
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "ente/sito"
    published = cms_config({**settings, "CMS_LOCAL_BACKEND": None, "CMS_PUBLISH_MODE": "editorial_workflow"})
    assert "local_backend" not in published and published["publish_mode"] == "editorial_workflow"


def test_the_script_knows_each_collection_language_and_the_schema_lists(settings, collections):
    facts = site_facts(settings, cms_config(settings))
    assert facts["collections"]["news"] == {"lang": "it", "dir": "ltr"}
    assert facts["collections"]["comuni_ar"] == {"lang": "ar", "dir": "rtl"}
    assert set(facts["collections"]) == set(collections)
    assert facts["inBrief"]["it"] == "In breve" and facts["inBrief"]["en"] != "In breve"
    assert facts["slugLists"] == ["comuni", "miniprogetti"]
    assert facts["stylesheet"].startswith("/theme/css/style.") and facts["stylesheet"].endswith(".css")


# --- The "pelican" format of lgnetea-cms.js, run by Node as the editor runs it --------------

# lgnetea-cms.js in Node, with Decap and the page stood in for: `format` and `listeners` are what it registers.
EDITOR_IN_NODE = """
const fs = require("fs");
let format;
const listeners = {};
global.window = {CMS: {registerCustomFormat: (name, extension, f) => { format = f; },
  registerPreviewStyle() {}, registerPreviewTemplate() {}, registerEditorComponent() {},
  registerEventListener(listener) { listeners[listener.name] = listener.handler; },
  registerWidget() {}, registerLocale() {}, getLocale: () => ({}), getEditorComponents: () => new Map(), init() {}}, h() {}, createClass: (spec) => spec,
  transliteration: {slugify: text => text.toLowerCase()},
  LGNETEA_RULES: {fill: () => "", document: {extensions: ["pdf"]}}};  // the real ones: RULES_RUNNER
global.HTMLInputElement = class { set value(v) {} };
global.document = {currentScript: {getAttribute: () => process.argv[1]}, documentElement: {},
  querySelectorAll: () => [], addEventListener() {}};
global.MutationObserver = class { observe() {} };
if (typeof navigator === "undefined") { global.navigator = {platform: "Linux"}; }  // Node before 21
global.fetch = () => new Promise(() => {});  // config.yml, in local mode: never answered here
"""

FORMAT_RUNNER = EDITOR_IN_NODE + """
// node -e: process.argv is [node, facts, script, sorted keys...]
eval(fs.readFileSync(process.argv[2], "utf8"));
const files = JSON.parse(fs.readFileSync(0, "utf8"));
const results = {};
for (const [path, text] of Object.entries(files)) {
  const data = format.fromFile(text);
  const saved = format.toFile(data, process.argv.slice(3));
  // As the editor gives a new entry: no order of its own, the fields' order instead.
  const fresh = format.toFile({...data, _order: undefined}, process.argv.slice(3));
  results[path] = {data, saved, fresh, again: format.toFile(format.fromFile(fresh), [])};
}
console.log(JSON.stringify(results));
"""


def run_format(settings, files, sorted_keys=()):
    """{path: {data, saved, fresh, again}} for each text: read by the format, written back as it was
    (saved), written as a new entry in ``sorted_keys`` order (fresh), then read and written again."""
    facts = json.dumps(site_facts(settings, cms_config(settings)))
    result = subprocess.run(
        ["node", "-e", FORMAT_RUNNER, facts, str(ADMIN_FILES / "lgnetea-cms.js"), *sorted_keys],
        input=json.dumps(files), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_content_file_is_written_back_byte_for_byte(settings):
    files = {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in CONTENT.rglob("*.md")}
    results = run_format(settings, files)
    assert len(results) > 100
    changed = [path for path, result in results.items() if result["saved"] != files[path]]
    assert changed == []
    latina = results["content/comuni/latina.md"]["data"]
    assert latina["lat"] == "41.4676" and latina["_original"] is True
    assert results["content/comuni/latina.en.md"]["data"]["_original"] is False
    news = results["content/news/miniprogetti-latina.md"]["data"]
    assert news["comuni"] == ["latina"] and len(news["miniprogetti"]) == 5
    assert all(SLUG.match(slug) for slug in news["miniprogetti"])


def test_a_new_entry_is_written_in_the_schema_order_and_saved_again_unchanged(settings, collections):
    order = [field["name"] for field in collections["news"]["fields"]]
    text = ("summary: Una frase.\nTitle: Nuova notizia\nComuni:   latina,sezze ,\nDate: 2026-11-29\n"
            "Todo: una riga\n    che continua\n\nIl testo.\n")
    result = run_format(settings, {"new.md": text}, order)["new.md"]
    # Read as Pelican reads it: any case, values trimmed, continuation lines joined.
    assert result["data"]["todo"] == "una riga che continua"
    assert result["data"]["comuni"] == ["latina", "sezze"]
    assert result["saved"] == ("Summary: Una frase.\nTitle: Nuova notizia\nComuni: latina, sezze\n"
                               "Date: 2026-11-29\nTodo: una riga che continua\n\nIl testo.\n")
    assert result["fresh"] == ("Title: Nuova notizia\nDate: 2026-11-29\nSummary: Una frase.\n"
                               "Todo: una riga che continua\nComuni: latina, sezze\n\nIl testo.\n")
    assert result["again"] == result["fresh"]
    assert order.index("title") < order.index("date") < order.index("summary")



# --- The checker's rules in the editor (editor_rules.py → admin/rules.js) ----------------

RULES_RUNNER = EDITOR_IN_NODE + """
// node -e: process.argv is [node, facts, script, rules script]; stdin: {name: body}
eval(fs.readFileSync(process.argv[3], "utf8"));
eval(fs.readFileSync(process.argv[2], "utf8"));
const PREFIX = "la voce non è stata salvata. Correggete prima: ";
function immutable(object) {
  return {get: key => object[key], toJS: () => object, set: (key, value) => immutable({...object, [key]: value})};
}
const results = {};
for (const [name, body] of Object.entries(JSON.parse(fs.readFileSync(0, "utf8")))) {
  try {
    listeners.preSave({entry: {get: () => immutable({title: "Prova", body})}});
    results[name] = [];
  } catch (error) {
    results[name] = error.message.slice(PREFIX.length).split(" • ");
  }
}
console.log(JSON.stringify(results));
"""
RULE_SAMPLES = {
    "good": "## Sezione\n\n![Una casa](casa.jpg)\n\n[La pagina del progetto](/progetto/)\n",
    "heading-one": "# Titolo\n\nTesto.\n",
    "heading-skip": "## Prima\n\n#### Dopo\n",
    "code": "```\n# non un titolo\n```\n\n`<img src=x.jpg>`\n",
    "html": "Una foto: <IMG src=x.jpg>\n",
    "vague": "Per sapere di più [clicca qui!](/progetto/).\n",
    "alt": "![](foto.jpg)\n\n![ ](deco.jpg){: .decorativa }\n",
    "address": "![Una casa](https://example.org/casa.jpg)\n",
    "suffix": "![Una casa](casa.gif)\n\n![Una piazza](piazza)\n",
    "placeholder": "Aperto [DA COMPLETARE: orari] il lunedì.\n",
}


def test_the_editor_refuses_before_saving_what_the_checker_refuses_with_its_words(settings, tmp_path):
    from content_check.content_check import (IMAGE_SUFFIX_MESSAGE, Source, check_body, check_placeholders,
                                             image_address_problem)

    from cms_config.editor_rules import rules_script

    rules = tmp_path / "rules.js"
    rules.write_text(rules_script(settings), encoding="utf-8")
    facts = json.dumps(site_facts(settings, cms_config(settings)))
    result = subprocess.run(["node", "-e", RULES_RUNNER, facts, str(ADMIN_FILES / "lgnetea-cms.js"), str(rules)],
                            input=json.dumps(RULE_SAMPLES), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    editor = json.loads(result.stdout)
    for name, body in RULE_SAMPLES.items():
        source = Source(path=tmp_path / f"{name}.md", folder="news", text=body, body=body)
        expected = [problem.message for problem in check_body(source) + check_placeholders([source])]
        expected += {"address": [image_address_problem("https://example.org/casa.jpg")],
                     "suffix": [IMAGE_SUFFIX_MESSAGE.format(suffix=".gif"),
                                IMAGE_SUFFIX_MESSAGE.format(suffix="niente")]}.get(name, [])
        said = [message.removesuffix(" (nell'editor: il campo «Testo alternativo» del blocco «Foto»)")
                for message in editor[name]]
        assert said == expected, name
        assert bool(expected) == (name not in ("good", "code")), name  # code is not checked


def test_the_rules_file_says_the_checkers_limits(settings):
    from cms_config.editor_rules import editor_rules

    rules = editor_rules(settings)
    assert rules["photo"]["maxBytes"] == settings["RESPONSIVE_IMAGE_MAX_BYTES"]
    assert rules["photo"]["maxPixels"] == settings["RESPONSIVE_IMAGE_MAX_PIXELS"]
    assert rules["document"] == {**rules["document"], "extensions": settings["DOCUMENT_EXTENSIONS"],
                                 "maxBytes": settings["DOCUMENT_MAX_BYTES"]}
    assert "{megabytes}" not in rules["photo"]["bytes"] and "{advice}" not in rules["photo"]["pixels"]
    assert "{width}" in rules["photo"]["pixels"] and "{size}" in rules["document"]["bytes"]


def test_a_file_with_windows_line_endings_is_read_as_pelican_reads_it_and_keeps_them(settings):
    """Git for Windows and Notepad write CRLF: the editor must still list the file and fill its fields."""
    unix = (CONTENT / "news" / "progetto-concluso.md").read_text(encoding="utf-8")
    windows = unix.replace("\n", "\r\n")
    results = run_format(settings, {"unix.md": unix, "windows.md": windows})
    read = {name: {key: value for key, value in result["data"].items() if key != "_newline"}
            for name, result in results.items()}
    assert read["windows.md"] == read["unix.md"] and read["windows.md"]["_original"] is True
    assert "\r" not in read["windows.md"]["title"] + read["windows.md"]["body"]
    assert results["windows.md"]["saved"] == windows and results["unix.md"]["saved"] == unix

# --- Local mode: test_backend_guard.py ---------------------------------------------------

def test_decaps_files_are_linked_and_a_build_over_an_earlier_one_never_writes_into_them(tmp_path):
    source = tmp_path / "decap-cms.js"
    source.write_text("the editor", encoding="utf-8")
    target = tmp_path / "admin" / "decap-cms.js"
    target.parent.mkdir()
    publish_file(source, target)
    publish_file(source, target)  # the next build into the same folder
    assert os.path.samefile(source, target)
    assert source.read_text(encoding="utf-8") == "the editor"


def test_where_there_are_no_hard_links_the_files_are_copied(tmp_path, monkeypatch):
    source = tmp_path / "decap-cms.js"
    source.write_text("the editor", encoding="utf-8")
    target = tmp_path / "decap-copy.js"

    def refuse(*args):
        raise OSError("Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    publish_file(source, target)
    assert target.read_text(encoding="utf-8") == "the editor" and not os.path.samefile(source, target)


def test_the_fingerprints_of_the_italian_originals_are_those_the_checker_compares(settings, tmp_path):
    from content_check.content_check import read_source
    from content_check.translations import fingerprint

    from cms_config.cms_config import original_fingerprints

    content = tmp_path / "content"
    (content / "comuni").mkdir(parents=True)
    for name, text in (("latina.md", "Title: Latina\nSummary: Un comune.\n\nTesto.\n"),
                       ("latina.zh-Hans.md", "Title: 拉蒂纳\nSummary: 城市。\n\n文本。\n"),
                       ("roma.md", "Title: Roma\nSummary: Un comune.\n\nTesto.\n")):
        (content / "comuni" / name).write_text(text, encoding="utf-8")
    original, _ = read_source(content / "comuni" / "latina.md", "comuni")
    # Only the originals that have a translation; keyed as the editor names the entry's file.
    fingerprints = original_fingerprints({**settings, "PATH": str(content)})
    assert fingerprints == {"content/comuni/latina.md": fingerprint(original)}
