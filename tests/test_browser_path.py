"""The browser comes from CHROMIUM or CHROME_BIN, or from the PATH, for the tests and for the Makefile."""

import os
import subprocess

import pytest

from tests import system_packages
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


def test_the_tests_take_the_headless_shell_first_the_screenshots_the_full_browser(bin_folder):
    chromium = executable(bin_folder / "chromium")
    assert chromium_path(headless_shell=True) == chromium
    shell = executable(bin_folder / "chromium-headless-shell")
    assert chromium_path(headless_shell=True) == shell
    assert chromium_path() == chromium
    assert system_packages.missing_packages("test").count("chromium-headless-shell") == 0


def test_the_variables_come_first_chromium_before_chrome_bin(bin_folder, tmp_path, monkeypatch):
    executable(bin_folder / "chromium")
    chrome = executable(tmp_path / "google-chrome")
    monkeypatch.setenv("CHROME_BIN", chrome)
    assert chromium_path() == chrome
    executable(bin_folder / "chromium-headless-shell")
    assert chromium_path(headless_shell=True) == chrome
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


@pytest.mark.parametrize("found, variables", [
    ("chromium-browser", {}),
    ("google-chrome", {"CHROME_BIN": "google-chrome"}),
    ("", {}),
])
def test_make_test_asks_for_chromium_only_when_the_tests_would_not_find_one(bin_folder, monkeypatch, found, variables):
    if found:
        executable(bin_folder / found)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert ("chromium" in system_packages.missing_packages("test")) == (not found)


def test_what_is_missing_is_said_in_one_line_with_the_command(bin_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(system_packages, "NGINX", str(tmp_path / "no-nginx"))
    monkeypatch.setattr(system_packages, "CHROMIUM_ITALIAN", str(tmp_path / "no-it.pak"))
    missing = system_packages.missing_packages("test")  # the PATH is empty: no browser, java or rsync
    assert missing == ["chromium", "chromium-l10n", "chromium-headless-shell", "default-jre-headless", "nginx", "rsync"]
    names = " ".join(missing)
    line = system_packages.message(missing, node=None, as_root=False)
    assert "\n" not in line
    assert line == (f"make: missing the Debian packages {names}: install them with "
                    f"sudo apt-get install {names} (or, as root, apt-get install {names}); "
                    f"and {system_packages.NODE_HELP}, then run make again.")
    assert system_packages.message([], node=None, as_root=True).startswith("make: missing Node.js 22 or later")
    assert system_packages.message(missing, node=22, as_root=True) == (
        f"make: missing the Debian packages {names}: install them with apt-get install {names}, then run make again.")


def test_make_test_asks_for_the_fonts_of_every_script(monkeypatch, tmp_path):
    monkeypatch.setattr(system_packages, "NOTO_FONTS", tmp_path / "NotoSansGurmukhi-Regular.ttf")
    monkeypatch.setattr(system_packages, "NOTO_CJK_FONTS", tmp_path / "NotoSansCJK-Regular.ttc")
    missing = system_packages.missing_packages("test")
    assert {"fonts-noto-core", "fonts-noto-cjk"} <= set(missing)
    assert "fonts-noto-core" not in system_packages.missing_packages("serve")


def test_make_test_checks_the_machine_before_anything_else():
    # A fresh clone's state: nothing installed yet (make --always-make), nothing run (--dry-run).
    # Not as a sub-make of `make test`: without its MAKEFLAGS and MAKELEVEL.
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(["make", "--dry-run", "--always-make", "--no-print-directory", "test"], cwd=ROOT,
                            capture_output=True, text=True, check=True, env=environment)
    assert result.stdout.splitlines()[0] == "python3 -m tests.system_packages test", result.stdout
