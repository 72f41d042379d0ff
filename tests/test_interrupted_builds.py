"""A build or publish that fails for a full disk, or is stopped, leaves no temporary folder and no half-built site.

Each runs `invoke` in a process of its own (Pelican's signals are global), with Pelican's
writer changed by a few lines given to Python: it fails as a full disk does (ENOSPC), or
writes slowly enough for the test to stop it half-way.
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.test_publish_build import BASE, DEPLOYMENT

sys.path.insert(0, str(ROOT / "plugins"))
from live_preview.live_preview import fresh_folder_beside  # noqa: E402

RUN_INVOKE = """
import errno, sys, time
from pelican.writers import Writer
written = Writer.write_file
def full(self, name, *args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", name)
def slow(self, *args, **kwargs):
    time.sleep(0.05)
    return written(self, *args, **kwargs)
Writer.write_file = {"full": full, "slow": slow}[sys.argv[1]]
from invoke.main import program
program.run(["invoke", *sys.argv[2:]])
"""


def invoke(writer, *arguments, tmp_path, **options):
    return subprocess.Popen([sys.executable, "-c", RUN_INVOKE, writer, *arguments], cwd=ROOT,
                            env={**os.environ, **DEPLOYMENT, "SITEURL": BASE, "TMPDIR": str(tmp_path)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)


def leftovers(tmp_path):
    return sorted(path.name for path in tmp_path.rglob("*") if path.name.startswith((".output-", "lgnetea-")))


def test_a_full_disk_stops_the_build_with_an_italian_message_and_no_traceback(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    build = invoke("full", "build", "--output", str(output), tmp_path=tmp_path)
    _, stderr = build.communicate(timeout=300)
    assert build.returncode != 0
    assert "Errore: il disco è pieno: la costruzione si è fermata" in stderr and "Liberate spazio sul disco" in stderr
    assert "Traceback" not in stderr and "OSError" not in stderr, stderr
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"
    assert leftovers(tmp_path) == []


def stop_half_way(process, folder_pattern, parent, number):
    """Send ``number`` to ``process`` once files are being written in a folder of ``parent`` named so."""
    deadline = time.monotonic() + 240
    while not any(folder.is_dir() and any(folder.rglob("*.html")) for folder in parent.glob(folder_pattern)):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.1)
    process.send_signal(number)
    return process.communicate(timeout=60)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_build_removes_its_folder_and_leaves_the_output_alone(tmp_path, number):
    output = tmp_path / "output"
    build = invoke("slow", "build", "--output", str(output), tmp_path=tmp_path)
    _, stderr = stop_half_way(build, ".output-new-*", tmp_path, number)
    assert build.returncode != 0 and "Interrotto" in stderr and "Traceback" not in stderr, stderr
    assert not output.exists()  # Pelican alone takes Ctrl-C as the end of the build, and it would be put in place
    assert leftovers(tmp_path) == []


def test_a_stopped_publish_removes_its_temporary_folder(tmp_path):
    publish = invoke("slow", "publish", "--target", str(tmp_path / "server"), tmp_path=tmp_path)
    _, stderr = stop_half_way(publish, "lgnetea-publish-*/.output-new-*", tmp_path, signal.SIGTERM)
    assert publish.returncode != 0 and "Interrotto" in stderr, stderr
    assert leftovers(tmp_path) == [] and not (tmp_path / "server" / "current").exists()


def test_folders_of_a_killed_build_are_removed_at_the_next_start(tmp_path):
    """SIGKILL cannot be caught: the next build removes what a process that no longer exists left."""
    output = tmp_path / "output"
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = tmp_path / f".output-new-{dead.pid}-abcd1234"
    (left / "news").mkdir(parents=True)
    running = tmp_path / f".output-changes-{os.getppid()}-efgh5678"  # a live process's: kept
    running.mkdir()
    fresh = fresh_folder_beside(output, "new")
    assert not left.exists() and running.exists()
    assert fresh.name.startswith(f".output-new-{os.getpid()}-")
