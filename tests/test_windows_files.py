"""Files as Windows editors save them: the checker and the build read them as plain LF UTF-8.

Git for Windows checks text out with CRLF line endings unless .gitattributes says
otherwise, and Notepad and other editors add a UTF-8 byte order mark. The whole real
content, converted, must pass the checker and build exactly the same site.
"""

import shutil
import subprocess
import sys

import pytest

from tests.browser import drop_translations
from tests.conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.content_check import check_content  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

# Only what the text files turn into is compared: the search index follows from it.
FAST = ["-e", "SEARCH_INDEX=false"]
BOM = b"\xef\xbb\xbf"
CONVERSIONS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: BOM + data,
    "crlf-bom": lambda data: BOM + data.replace(b"\n", b"\r\n"),
}
TEXT_SUFFIXES = {".md", ".toml"}


def converted_content(folder, convert=None):
    """A copy of content/ with every Markdown and TOML file passed through ``convert``; of the
    translations, the English and Arabic ones only (each language more is the same code again)."""
    drop_translations(shutil.copytree(ROOT / "content", folder))
    converted = 0
    for path in folder.rglob("*"):
        if convert and path.suffix in TEXT_SUFFIXES:
            path.write_bytes(convert(path.read_bytes()))
            converted += 1
    return folder, converted


def site_files(output):
    return {str(path.relative_to(output)): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def reference_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lf")
    content, _ = converted_content(folder / "content")
    result = build_site(folder / "output", *FAST, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_files(folder / "output")


@pytest.mark.parametrize("conversion", sorted(CONVERSIONS))
def test_converted_content_passes_the_checker_and_builds_the_same_site(tmp_path, reference_site, conversion):
    content, converted = converted_content(tmp_path / "content", CONVERSIONS[conversion])
    assert converted > 100
    assert check_content(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})) == []
    result = build_site(tmp_path / "output", *FAST, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    built = site_files(tmp_path / "output")
    assert len(built) == len(reference_site) and built.keys() == reference_site.keys()
    assert [name for name in built if built[name] != reference_site[name]] == []


def git_attributes(*paths):
    """{path: {attribute: value}} for text, eol and binary, as git reads .gitattributes."""
    result = subprocess.run(["git", "check-attr", "text", "eol", "binary", "--", *paths],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    attributes = {}
    for line in result.stdout.splitlines():
        path, name, value = line.rsplit(": ", 2)
        attributes.setdefault(path, {})[name] = value
    return attributes


def test_git_keeps_text_files_lf_and_images_binary():
    text = ["content/news/progetto-concluso.md", "content/dati/risultati.toml", "theme/static/css/style.css",
            "theme/translations/ar/LC_MESSAGES/messages.po", "pelicanconf.py", ".github/workflows/site.yml"]
    images = ["content/news/foto.jpg", "content/comuni/mappa.png", "content/extra/favicon.ico"]
    attributes = git_attributes(*text, *images)
    assert {path: (attributes[path]["text"], attributes[path]["eol"]) for path in text} == {
        path: ("set", "lf") for path in text}
    assert {path: attributes[path]["binary"] for path in images} == {path: "set" for path in images}


def test_the_repository_holds_no_crlf_text_but_the_windows_fixtures():
    listing = subprocess.run(["git", "ls-files", "--eol"], cwd=ROOT, capture_output=True, text=True, check=True)
    crlf = [line.split("\t")[-1] for line in listing.stdout.splitlines() if "crlf" in line.split("\t")[0]]
    assert crlf and all("windows" in path for path in crlf), crlf
