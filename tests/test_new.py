"""`invoke new` creates a file that passes the content check as created."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pelican.settings import read_settings

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.content_check import check_content, errors_of  # noqa: E402

CASES = {
    "news": (["Un laboratorio è iniziato!"], "news/un-laboratorio-e-iniziato.md"),
    "comune": (["Bari", "--regione", "Puglia", "--lat", "41.1171", "--lon", "16.8719"], "comuni/bari.md"),
    "miniprogetto": (["Orto condiviso"], "miniprogetti/orto-condiviso.md"),
    "pagina": (["Contatti"], "pages/contatti.md"),
}


def invoke_new(content, *args):
    return subprocess.run([sys.executable, "-m", "invoke", "new", *args, "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", folder)
    return folder


@pytest.mark.parametrize("kind", sorted(CASES))
def test_new_file_is_valid_as_created(content, kind):
    args, relative = CASES[kind]
    result = invoke_new(content, kind, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    path = content / relative
    assert result.stdout.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert f"Title: {args[0]}\nDate: {date.today().isoformat()}\n" in text
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    problems = check_content({**settings, "PATH": str(content)})
    # The test site has one municipality where the theme says 18: warnings about those counts only.
    assert [problem for problem in problems if Path(problem.path).resolve() == path.resolve()] == []
    assert errors_of(problems) == [] and {problem.field for problem in problems} <= {"msgid", "msgstr"}


def test_municipality_needs_its_region_and_coordinates(content):
    result = invoke_new(content, "comune", "Bari")
    assert result.returncode != 0
    assert "servono --regione, --lat e --lon" in result.stderr
    assert not (content / "comuni" / "bari.md").exists()


def test_invalid_value_creates_nothing(content):
    result = invoke_new(content, "comune", "Bari", "--regione", "Puglia", "--lat", "41,1", "--lon", "16.8")
    assert result.returncode != 0
    assert "comuni/bari.md:4: Lat: «41,1» non è un numero" in result.stderr
    assert not (content / "comuni" / "bari.md").exists()


def test_existing_file_is_never_overwritten(content):
    result = invoke_new(content, "miniprogetto", "Shared City")
    assert result.returncode != 0
    assert "esiste già" in result.stderr
    assert "Un miniprogetto di prova." in (content / "miniprogetti" / "shared-city.md").read_text()
