from types import SimpleNamespace

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
    url = settings["JINJA_FILTERS"]["fingerprinted"]("css/style.css")
    assert url == "theme/" + fingerprinted_name("css/style.css", b"body{}")

    written = tmp_path / "out" / "theme" / "css"
    written.mkdir(parents=True)
    (written / "style.css").write_text("body{}")
    rename_written_files(pelican)
    assert [path.name for path in written.iterdir()] == [url.rsplit("/", 1)[1]]
