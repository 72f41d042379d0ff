"""The statistics file is checked against its schema, and summarised by page, language and month."""

import tomllib
from types import SimpleNamespace

from content_check.content_check import check_data_files

from site_stats.log_counts import page_of, parse_line
from site_stats.site_stats import language_of, summarise

SETTINGS = {"STATISTICS_DATA": "statistiche"}
LANGUAGES = {"it": {}, "en": {}, "fr": {}, "ar": {}}


def test_a_wrong_statistics_file_is_refused_field_by_field(tmp_path):
    (tmp_path / "statistiche.toml").write_text(
        'visite = [\n  { mese = "2026-13", pagina = "comuni/latina/", visite = 3 },\n]\n'
        'risposte = [ { mese = "2026-12", pagina = "https://spam.example/", risposta = "forse", motivo = "", '
        'numero = -1 } ]\n', encoding="utf-8")
    problems = [(p.line, p.field, p.message) for p in check_data_files(tmp_path, SETTINGS)]
    assert (1, "dati", "visite[1].mese: deve essere il mese, AAAA-MM (trovato «2026-13»)") in problems
    assert (4, "dati", "risposte[1].risposta: deve essere «si» o «no» (trovato «forse»)") in problems
    assert any(message.startswith("risposte[1].pagina: deve essere l'indirizzo") for _, _, message in problems)
    assert any(message.startswith("risposte[1].numero:") for _, _, message in problems)
    assert (1, "dati", "robot: manca: le richieste dei robot per mese") in problems


def test_the_file_invoke_stats_writes_is_valid(tmp_path):
    (tmp_path / "statistiche.toml").write_text(
        'contato_fino_a = 2026-12-02T18:31:00+01:00\nvisite = [ { mese = "2026-12", pagina = "", visite = 2 } ]\n'
        'risposte = []\nrobot = [ { mese = "2026-12", richieste = 5 } ]\n', encoding="utf-8")
    assert check_data_files(tmp_path, SETTINGS) == []


def test_page_addresses():
    assert page_of("") == "" and page_of("comuni/latina/index.html") == "comuni/latina/"
    assert page_of("theme/css/style.css") is None and page_of("a/../b/") is None
    request = parse_line('192.0.2.0 [01/Dec/2026:10:05:00 -0230] "GET /en/%C3%A9t%C3%A9/?x=1 HTTP/1.1" 304 0 "-"')
    assert (request.path, request.query, request.status, request.agent) == ("en/été/", "x=1", "304", "")
    assert request.time.isoformat() == "2026-12-01T10:05:00-02:30"
    assert parse_line('192.0.2.0 [01/Foo/2026:10:05:00 +0100] "GET / HTTP/1.1" 200 0 "-"') is None


def page(url, title, lang="it", translations=()):
    return SimpleNamespace(url=url, title=title, lang=lang, translations=list(translations))


def test_every_language_of_a_page_counts_for_the_page_under_its_title_in_the_reader_s_language():
    english = page("en/comuni/latina/", "Latina (EN)", "en")
    latina = page("comuni/latina/", "Latina", translations=[english])
    context = {"LANGUAGES": LANGUAGES, "DEFAULT_LANG": "it", "pages": [latina], "hidden_pages": [],
               "articles": []}
    data = tomllib.loads(
        'visite = [ { mese = "2026-11", pagina = "comuni/latina/", visite = 3 },'
        ' { mese = "2026-12", pagina = "en/comuni/latina/", visite = 2 },'
        ' { mese = "2026-12", pagina = "pagina-tolta/", visite = 1 } ]\n'
        'risposte = [ { mese = "2026-12", pagina = "en/comuni/latina/", risposta = "no", motivo = "lingua",'
        ' numero = 2 },'
        ' { mese = "2026-12", pagina = "comuni/latina/", risposta = "si", motivo = "", numero = 1 } ]\n'
        'robot = [ { mese = "2026-12", richieste = 7 } ]\n')
    summary = summarise(data, context, "en")
    assert summary["months"] == [{"label": "November 2026", "value": 3}, {"label": "December 2026", "value": 3}]
    assert summary["languages"] == [{"label": "Italian", "value": 4}, {"label": "English", "value": 2}]
    # The page taken off the site counts in the totals, and is not named.
    assert summary["pages"] == [{"label": "Latina (EN)", "url": "en/comuni/latina/", "value": 5}]
    assert summary["answers"] == [{"title": "Latina (EN)", "url": "en/comuni/latina/", "yes": 1, "no": 2,
                                   "reasons": [("lingua", 2)]}]
    assert (summary["total"], summary["robots"]) == (6, 7)
    assert summarise({"visite": []}, context, "it") is None


def test_the_language_of_an_address():
    assert language_of("ar/progetto/", LANGUAGES, "it") == "ar"
    assert language_of("it/progetto/", LANGUAGES, "it") == "it"
    assert language_of("arte/", LANGUAGES, "it") == "it"


def test_languages_with_a_script_tag_and_standalone_month_names():
    languages = {"it": {"name": "Italiano"}, "zh-Hans": {"name": "简体中文", "locale": "zh_Hans"},
                 "uk": {"name": "Українська"}}
    chinese = page("zh-Hans/comuni/latina/", "拉蒂纳", "zh-Hans")
    context = {"LANGUAGES": languages, "DEFAULT_LANG": "it", "hidden_pages": [], "articles": [],
               "pages": [page("comuni/latina/", "Latina", translations=[chinese])]}
    data = {"visite": [{"mese": "2026-11", "pagina": "zh-Hans/comuni/latina/", "visite": 4}]}
    assert summarise(data, context, "it")["languages"] == [{"label": "cinese semplificato", "value": 4}]
    ukrainian = summarise(data, context, "uk")
    assert ukrainian["months"] == [{"label": "листопад 2026", "value": 4}]
    assert summarise(data, context, "zh-Hans")["pages"] == [{"label": "拉蒂纳", "url": "zh-Hans/comuni/latina/",
                                                            "value": 4}]
