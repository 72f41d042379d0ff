"""deploy/release.py: releases published to local folders, and once through a stand-in for ssh."""

import filecmp
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from deploy import release
from deploy.release import Release, ReleaseError, publish, releases, rollback


def make_site(folder: Path, version: str) -> Path:
    """A tiny built site: pages, a stylesheet, and their gzip/brotli copies."""
    files = {
        "index.html": f"<h1>{version}</h1>",
        "index.html.gz": b"\x1f\x8b fake gzip " + version.encode(),
        "index.html.br": b"\x0b fake brotli " + version.encode(),
        "news/index.html": "<p>news</p>",
        "theme/css/style.css": "body { color: black }",
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def differences(left: Path, right: Path) -> list[str]:
    """Files missing on either side or differing in content (dircmp alone compares sizes and times)."""
    comparison = filecmp.dircmp(left, right)
    found = [f"{left / name}: only on one side" for name in comparison.left_only + comparison.right_only]
    found += [f"{left / name} differs" for name in comparison.common_files
              if not filecmp.cmp(left / name, right / name, shallow=False)]
    for name in comparison.common_dirs:
        found += differences(left / name, right / name)
    return found


def current_of(target: Path) -> str:
    return os.readlink(target / "current")


@pytest.fixture
def sites(tmp_path):
    return make_site(tmp_path / "site-a", "A"), make_site(tmp_path / "site-b", "B")


def test_publishing_twice_makes_two_releases_and_the_second_is_current(sites, tmp_path):
    target = tmp_path / "target"
    first = publish(sites[0], str(target))
    second = publish(sites[1], str(target))

    assert sorted(path.name for path in (target / "releases").iterdir()) == sorted([first, second])
    assert current_of(target) == f"releases/{second}"
    assert differences(sites[1], target / "current") == []
    assert differences(sites[0], target / "releases" / first) == []
    assert (target / "current" / "index.html.gz").read_bytes() == (sites[1] / "index.html.gz").read_bytes()
    assert (target / "current" / "index.html.br").read_bytes() == (sites[1] / "index.html.br").read_bytes()
    assert releases(str(target)) == [Release(second, True), Release(first, False)]


def test_release_ids_are_utc_times_that_do_not_clash(sites, tmp_path):
    ids = [publish(sites[0], str(tmp_path / "target")) for _ in range(3)]
    assert len(set(ids)) == 3
    assert all(re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{6}", name) for name in ids), ids
    assert [entry.id for entry in releases(str(tmp_path / "target"))] == ids[::-1]


def test_files_unchanged_since_the_current_release_are_hard_linked_not_copied(sites, tmp_path):
    target = tmp_path / "target"
    first = publish(sites[0], str(target))
    os.utime(sites[1] / "news" / "index.html", (0, 0))  # a rebuild gives every file a new time
    second = publish(sites[1], str(target))
    same = target / "releases" / first / "news" / "index.html", target / "releases" / second / "news" / "index.html"
    changed = target / "releases" / first / "index.html", target / "releases" / second / "index.html"
    assert same[0].stat().st_ino == same[1].stat().st_ino
    assert changed[0].stat().st_ino != changed[1].stat().st_ino


def test_keep_deletes_the_oldest_releases(sites, tmp_path):
    target = str(tmp_path / "target")
    ids = [publish(sites[number % 2], target, keep=2) for number in range(4)]
    assert releases(target) == [Release(ids[3], True), Release(ids[2], False)]
    publish(sites[0], target, keep=1)
    assert len(releases(target)) == 1


def test_a_given_release_id_is_used_and_must_be_new(sites, tmp_path):
    target = str(tmp_path / "target")
    assert publish(sites[0], target, release_id="v1.0") == "v1.0"
    with pytest.raises(ReleaseError, match="already has a release v1.0"):
        publish(sites[1], target, release_id="v1.0")
    assert current_of(tmp_path / "target") == "releases/v1.0"


@pytest.mark.parametrize("arguments, message", [
    ({"release_id": "../escape"}, "cannot be a release id"),
    ({"release_id": "next.partial"}, "cannot be a release id"),
    ({"keep": 0}, "keep must be at least 1"),
])
def test_bad_arguments_are_refused(sites, tmp_path, arguments, message):
    with pytest.raises(ReleaseError, match=message):
        publish(sites[0], str(tmp_path / "target"), **arguments)
    assert not (tmp_path / "target").exists()


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path):
    with pytest.raises(ReleaseError, match="has no index.html: build the site first"):
        publish(tmp_path, str(tmp_path / "target"))


def test_rollback_points_current_at_the_previous_release(sites, tmp_path):
    target = tmp_path / "target"
    first = publish(sites[0], str(target))
    publish(sites[1], str(target))
    assert rollback(str(target)) == first
    assert current_of(target) == f"releases/{first}"
    assert differences(sites[0], target / "current") == []


def test_after_a_rollback_keep_follows_the_order_releases_went_live_in(sites, tmp_path):
    """A bad release rolled back: the next publish with --keep 2 keeps the known-good one."""
    target = tmp_path / "target"
    good = publish(sites[0], str(target))
    bad = publish(sites[1], str(target))
    assert rollback(str(target)) == good
    fixed = publish(sites[1], str(target), keep=2)
    assert releases(str(target)) == [Release(fixed, True), Release(good, False)]
    assert not (target / "releases" / bad).exists()
    assert (target / "live.log").read_text().split() == [good, bad, good, fixed]
    assert rollback(str(target)) == good  # and a rollback goes back to it
    assert differences(sites[0], target / "current") == []


def test_a_second_rollback_goes_further_back_not_to_the_bad_release(sites, tmp_path):
    target = str(tmp_path / "target")
    ids = [publish(sites[number % 2], target) for number in range(3)]
    assert rollback(target) == ids[1]
    assert rollback(target) == ids[0]
    publish(sites[0], target, keep=3)
    assert [entry.id for entry in releases(target)][1:] == [ids[1], ids[0]]  # ids[2], rolled back from, is deleted


def test_rollback_with_a_single_release_fails_clearly(sites, tmp_path):
    target = tmp_path / "target"
    only = publish(sites[0], str(target))
    with pytest.raises(ReleaseError, match=f"cannot roll back 1 release\\(s\\) from {only}: .* 0 older"):
        rollback(str(target))
    assert current_of(target) == f"releases/{only}"


def test_rollback_without_any_release_fails_clearly(tmp_path):
    with pytest.raises(ReleaseError, match="has no current release to roll back from"):
        rollback(str(tmp_path / "nothing-here"))
    assert releases(str(tmp_path / "nothing-here")) == []


def test_an_interrupted_upload_leaves_the_live_site_alone(sites, tmp_path, monkeypatch):
    target = tmp_path / "target"
    live = publish(sites[0], str(target))
    # rsync that sends the stylesheets and brotli files, then stops as if the connection dropped.
    broken_rsync = tmp_path / "rsync-dies-half-way"
    broken_rsync.write_text(f"#!/bin/sh\n{shutil.which('rsync')} --exclude='*.html' --exclude='*.gz' \"$@\"\n"
                            "exit 12\n")
    broken_rsync.chmod(0o755)
    monkeypatch.setattr(release, "RSYNC", str(broken_rsync))

    with pytest.raises(ReleaseError, match=r"rsync exit status 12\); .*/current is unchanged"):
        publish(sites[1], str(target))

    assert current_of(target) == f"releases/{live}"
    assert differences(sites[0], target / "current") == []
    partial = [path.name for path in (target / "releases").iterdir() if path.name != live]
    assert len(partial) == 1 and partial[0].endswith(".partial")
    assert (target / "releases" / partial[0] / "theme" / "css" / "style.css").exists(), "it got half-way"
    assert releases(str(target)) == [Release(live, True)]

    monkeypatch.undo()
    fixed = publish(sites[1], str(target))
    assert sorted(path.name for path in (target / "releases").iterdir()) == sorted([live, fixed])
    assert differences(sites[1], target / "current") == []


def test_current_is_a_working_symlink_at_every_moment(sites, tmp_path, monkeypatch):
    """Checked after every command publish and rollback run, and by a reader polling all along."""
    target = tmp_path / "target"
    publish(sites[0], str(target))
    seen, problems = [], []
    polls = 0

    def check_current():
        try:
            link = os.readlink(target / "current")
            seen.append(link)
            if not (target / "current" / "index.html").is_file():
                problems.append(f"{link} has no index.html")
        except OSError as error:
            problems.append(str(error))

    run = release.Target.run

    def run_then_check(self, script):
        printed = run(self, script)
        check_current()
        return printed

    monkeypatch.setattr(release.Target, "run", run_then_check)
    stop = threading.Event()

    def reader():
        nonlocal polls
        while not stop.is_set():
            check_current()
            polls += 1

    polling = threading.Thread(target=reader)
    polling.start()
    try:
        for number in range(8):
            publish(sites[number % 2], str(target), keep=4)
            if number % 3 == 2:
                rollback(str(target))
    finally:
        stop.set()
        polling.join()
    assert problems == []
    assert len(set(seen)) == 9, "every publish and rollback was checked"
    assert polls > 10, "the reader kept reading during the switches"


def test_a_remote_target_is_reached_through_ssh_with_its_options(sites, tmp_path):
    """A stand-in for ssh runs the commands on this machine, as ssh would on the server."""
    fake_ssh = tmp_path / "fake-ssh"
    log = tmp_path / "ssh.log"
    fake_ssh.write_text(
        "#!/bin/sh\n"
        f"echo \"$@\" >> {log}\n"
        'while [ "${1#-}" != "$1" ]; do shift 2; done  # options such as -p PORT and -l USER\n'
        "shift  # the host\n"
        'exec sh -c "$*"\n'
    )
    fake_ssh.chmod(0o755)
    folder = tmp_path / "server" / "www"
    target = f"deploy@example.invalid:{folder}"

    first = publish(sites[0], target, ssh=f"{fake_ssh} -p 2222")
    second = publish(sites[1], target, ssh=f"{fake_ssh} -p 2222")
    assert releases(target, ssh=f"{fake_ssh} -p 2222") == [Release(second, True), Release(first, False)]
    assert differences(sites[1], folder / "current") == []
    assert rollback(target, ssh=f"{fake_ssh} -p 2222") == first
    assert current_of(folder) == f"releases/{first}"

    calls = log.read_text().splitlines()
    assert all(call.startswith("-p 2222 ") for call in calls), calls
    assert any("rsync --server" in call for call in calls), "rsync went through ssh too"


def test_the_real_site_is_published_whole(site, tmp_path):
    target = tmp_path / "target"
    publish(site, str(target))
    assert differences(site, target / "current") == []
    assert any((target / "current").rglob("*.br")) and any((target / "current").rglob("*.gz"))
