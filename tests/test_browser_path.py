"""The browser comes from CHROMIUM or CHROME_BIN, or from the PATH, for the tests and for the Makefile."""

import os
import subprocess
import sys

import pytest

from tests.browser import BrowserNotFound, chromium_path
from tests.conftest import ROOT


@pytest.fixture
def bin_folder(tmp_path, monkeypatch):
    """An empty folder as the only PATH, and neither variable set."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.delenv("CHROME_BIN", raising=False)
    return folder


def executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_chromium_then_chromium_browser_on_the_path(bin_folder):
    browser = executable(bin_folder / "chromium-browser")
    assert chromium_path() == browser
    chromium = executable(bin_folder / "chromium")
    assert chromium_path() == chromium


def test_the_variables_come_first_chromium_before_chrome_bin(bin_folder, tmp_path, monkeypatch):
    executable(bin_folder / "chromium")
    chrome = executable(tmp_path / "google-chrome")
    monkeypatch.setenv("CHROME_BIN", chrome)
    assert chromium_path() == chrome
    other = executable(tmp_path / "chromium-di-prova")
    monkeypatch.setenv("CHROMIUM", other)
    assert chromium_path() == other


def test_a_variable_naming_no_browser_is_an_error_not_a_fallback(bin_folder, tmp_path, monkeypatch):
    executable(bin_folder / "chromium")
    monkeypatch.setenv("CHROME_BIN", str(tmp_path / "missing"))
    with pytest.raises(BrowserNotFound, match=r"^CHROME_BIN=.*/missing is not an executable browser"):
        chromium_path()


def test_no_browser_at_all_says_how_to_get_one(bin_folder):
    with pytest.raises(BrowserNotFound, match="neither CHROMIUM nor CHROME_BIN is set and neither chromium nor "
                                              "chromium-browser is on the PATH"):
        chromium_path()


def makefile_browser_check():
    """The Makefile's line that decides whether the chromium package is missing, as a shell command."""
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "chromium_path" in line)
    return line.strip().removesuffix("\\").replace("$(PYTHON)", sys.executable).replace("$$", "$")


@pytest.mark.parametrize("found, variables", [
    ("chromium-browser", {}),
    ("google-chrome", {"CHROME_BIN": "google-chrome"}),
    ("", {}),
])
def test_the_makefile_installs_chromium_only_when_the_tests_would_not_find_one(tmp_path, found, variables):
    folder = tmp_path / "bin"
    folder.mkdir()
    if found:
        executable(folder / found)
    script = f'missing=""; {makefile_browser_check()} echo "[$missing]"'
    result = subprocess.run(["/bin/sh", "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": str(folder), **variables, "HOME": os.environ.get("HOME", "/")})
    assert result.stdout == ("[]\n" if found else "[ chromium]\n"), result.stderr
