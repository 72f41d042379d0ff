from types import SimpleNamespace

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

from asset_fingerprint.asset_fingerprint import (
    add_filter,
    fingerprinted_name,
    rename_written_files,
)


def test_name_depends_only_on_content():
    assert fingerprinted_name("css/style.css", b"a") == fingerprinted_name("css/style.css", b"a")
    assert fingerprinted_name("css/style.css", b"a") != fingerprinted_name("css/style.css", b"b")
    assert fingerprinted_name("css/style.css", b"a").startswith("css/style.")


def test_templates_and_output_use_the_same_names(tmp_path):
    static = tmp_path / "theme" / "static" / "css"
    static.mkdir(parents=True)
    (static / "style.css").write_text("body{}")
    (static / "notes.txt").write_text("not fingerprinted")
    settings = {"THEME": str(tmp_path / "theme"), "THEME_STATIC_DIR": "theme",
                "FINGERPRINT_EXTENSIONS": [".css"]}
    pelican = SimpleNamespace(settings=settings, output_path=str(tmp_path / "out"))
    add_filter(pelican)
    url = settings["JINJA_FILTERS"]["fingerprinted"](None, "css/style.css")
    assert url == "theme/" + fingerprinted_name("css/style.css", b"body{}")

    written = tmp_path / "out" / "theme" / "css"
    written.mkdir(parents=True)
    (written / "style.css").write_text("body{}")
    rename_written_files(pelican)
    assert [path.name for path in written.iterdir()] == [url.rsplit("/", 1)[1]]


def test_a_changed_file_gets_its_new_name_from_cached_templates(tmp_path):
    """The template's compiled code is cached by its source: the name must not be baked into it."""
    static = tmp_path / "theme" / "static" / "css"
    static.mkdir(parents=True)
    (tmp_path / "page.html").write_text('{{ "css/style.css"|fingerprinted }}')
    cache = tmp_path / "cache"
    cache.mkdir()
    rendered = []
    for css in ("body{}", "body{margin:0}"):
        (static / "style.css").write_text(css)
        settings = {"THEME": str(tmp_path / "theme"), "THEME_STATIC_DIR": "theme", "FINGERPRINT_EXTENSIONS": [".css"]}
        add_filter(SimpleNamespace(settings=settings))
        environment = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=FileSystemBytecodeCache(cache))
        environment.filters.update(settings["JINJA_FILTERS"])
        rendered.append(environment.get_template("page.html").render())
    assert rendered == ["theme/" + fingerprinted_name("css/style.css", css.encode()) for css in ("body{}", "body{margin:0}")]
