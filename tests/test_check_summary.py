"""`invoke check` ends with what it found, counted, rather than «no problem» after a list of to-dos."""

import os
import re
import subprocess
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from content_check.content_check import Problem, summary  # noqa: E402


def test_the_summary_counts_errors_warnings_and_to_dos_in_italian():
    error = Problem("content/news/a.md", 3, "Title", "manca il titolo")
    warning = Problem("content/news/b.md", 1, "Title", "titolo già usato", warning=True)
    assert summary([], 0) == "0 errori, 0 avvisi, 0 informazioni da completare"
    assert summary([error, warning], 1) == "1 errore, 1 avviso, 1 informazione da completare"
    assert summary([error, error, warning, warning], 27) == "2 errori, 2 avvisi, 27 informazioni da completare"


def test_invoke_check_closes_with_the_to_dos_it_listed():
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "400"})
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed
    listed = re.search(r"^Da completare \((\d+)\):$", printed, re.MULTILINE)
    assert listed, printed  # the real content still has to-dos; with none, this test needs another site
    warnings = len(set(re.findall(r"^.*: avviso: .*$", printed, re.MULTILINE)))  # the build may repeat them
    assert printed.rstrip().splitlines()[-1] == (
        f"Controllo finito: 0 errori, {warnings} avvis{'o' if warnings == 1 else 'i'}, "
        f"{listed[1]} informazion{'e' if listed[1] == '1' else 'i'} da completare."), printed
    assert "Nessun problema" not in printed
