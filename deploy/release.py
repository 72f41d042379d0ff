"""Publishing the built site to a server of our own: atomic releases, with rollback.

Layout on the target, a local folder or ``[user@]host:/path`` reached over SSH:

    releases/20261125T101500Z-3f9a0c/          one folder per publish, never changed afterwards
    releases/20261125T103000Z-b7c1d2/
    releases/20261125T104500Z-0d2e4f.partial/  an upload under way, or one that was interrupted
    current -> releases/20261125T103000Z-b7c1d2   the web server's document root
    live.log                                   the ids of the releases as they went live, one a line

Why it works this way:

- The site is uploaded into ``<id>.partial`` and renamed only once complete, so an
  interrupted upload never becomes a release and never touches what is served. The next
  publish deletes what it left.
- ``current`` is switched by renaming a new symlink over it (``mv -T``, that is rename(2),
  which is atomic): at every moment visitors get the old site or the new one, never a
  missing or half-replaced one. A rollback is the same switch, to an older release.
- rsync's ``--link-dest`` hard-links every file unchanged since the current release instead
  of sending and storing it again: each release is complete on its own, yet costs only the
  files that changed. Pelican rewrites every file on each build, so files are compared by
  content (``--checksum``) and modification times are not copied (hard-linked files share
  one): an unchanged file keeps the time it was first published, and HTTP caches stay valid.
- Each step on the target is a short POSIX shell script, run by ``sh`` for a local folder
  and by ``ssh`` on a server, so the tests (local folders) run the very commands a server
  runs. The server needs rsync and GNU coreutils (``mv -T``).

Releases are ordered by when they were completed (the folder's modification time, set as it
is renamed into place), so ids given by hand, such as commit hashes, are ordered right too:
a rollback goes back in that order. What ``keep`` deletes follows instead the order in which
releases went live (``live.log``, appended to by every publish and rollback): after a rollback
from a bad release to a good one, the next publish keeps the good one, which was live last,
and deletes the bad one first.
Two publishes to the same target must not run at once: each deletes the other's upload.
"""

import re
import secrets
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

RSYNC = "rsync"  # the command; the tests swap in one that fails half-way
PARTIAL = ".partial"
LIVE_LOG = "live.log"
RELEASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class ReleaseError(Exception):
    """A publish, rollback or listing that could not be done; the message says why."""


@dataclass(frozen=True)
class Release:
    """A release on a target; ``current`` if it is the one being served."""

    id: str
    current: bool


class Target:
    """Where the releases live: a local folder, or ``[user@]host:/path`` over SSH.

    As for rsync, a colon before any slash means a remote host, and a relative remote path
    starts from the home folder (write no ``~``: it is quoted, not expanded).
    """

    def __init__(self, spec: str, ssh: str = "ssh"):
        host, colon, path = spec.partition(":")
        self.host = host if colon and host and "/" not in host else None
        self.path = (path or ".") if self.host else spec
        self.spec = spec
        self.ssh = shlex.split(ssh)
        self.folder = shlex.quote(self.path)  # for the scripts

    def __str__(self):
        return self.spec

    def rsync_path(self, relative: str) -> str:
        path = f"{self.path}/{relative}"
        return f"{self.host}:{path}" if self.host else path

    def run(self, script: str) -> str:
        """Run a POSIX shell script on the target's machine and return what it printed."""
        command = [*self.ssh, self.host, script] if self.host else ["sh", "-c", script]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except OSError as error:  # e.g. no such ssh command
            raise ReleaseError(f"{self}: cannot run {command[0]}: {error}") from error
        if result.returncode != 0:
            raise ReleaseError(f"{self}: this failed (exit status {result.returncode}):\n  {script}"
                               + _details(result.stderr))
        return result.stdout


def new_release_id() -> str:
    """The UTC time, then a random suffix so that two publishes in one second don't clash."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def publish(site: Path, target: str, keep: int = 5, release_id: str | None = None, ssh: str = "ssh") -> str:
    """Upload ``site`` as a new release, make it current, delete all but the newest ``keep``.

    Returns the new release's id. ``ssh`` is the command for a remote target, e.g. "ssh -p 2222".
    """
    site = Path(site)
    release_id = release_id or new_release_id()
    if not (site / "index.html").is_file():
        raise ReleaseError(f"{site} has no index.html: build the site first")
    if keep < 1:
        raise ReleaseError(f"keep must be at least 1 (the release being published), not {keep}")
    if not RELEASE_ID.fullmatch(release_id) or release_id.endswith(PARTIAL):
        raise ReleaseError(f"{release_id!r} cannot be a release id: use letters, digits, '.', '_' and '-'"
                           f" and do not end it with {PARTIAL}")
    if shutil.which(RSYNC) is None:
        raise ReleaseError(f"{RSYNC} is not installed here (Debian: apt-get install rsync)")
    place = Target(target, ssh)
    # A first publish creates the target; any other clears what interrupted uploads left.
    place.run(f"mkdir -p {place.folder}/releases && cd {place.folder} && rm -rf releases/*{PARTIAL}")
    names, current, live = _read_state(place)
    if release_id in names:
        raise ReleaseError(f"{target} already has a release {release_id}: give another id")
    _upload(site, place, release_id, unchanged_from=current if current in names else None)
    # Complete: rename it into place, date it (releases are ordered by that), make it current.
    place.run(f"cd {place.folder} && mv -T releases/{release_id}{PARTIAL} releases/{release_id}"
              f" && touch releases/{release_id} && {_switch_to(release_id)}")
    old = _by_last_live(names, live)[keep - 1:]  # the new release and the keep - 1 last live before it stay
    if old:
        place.run(f"cd {place.folder} && rm -rf " + " ".join(f"releases/{name}" for name in old))
    return release_id


def rollback(target: str, steps: int = 1, ssh: str = "ssh") -> str:
    """Point ``current`` at the release published ``steps`` before it; returns that release's id."""
    if steps < 1:
        raise ReleaseError(f"steps must be at least 1, not {steps}")
    place = Target(target, ssh)
    names, current, _ = _read_state(place)
    if current not in names:
        raise ReleaseError(f"{target} has no current release to roll back from"
                           + (f" (current points at {current})" if current else ""))
    older = names[names.index(current) + 1:]
    if len(older) < steps:
        raise ReleaseError(f"cannot roll back {steps} release(s) from {current}: {target} has "
                           f"{len(older)} older release(s)")
    place.run(f"cd {place.folder} && {_switch_to(older[steps - 1])}")
    return older[steps - 1]


def releases(target: str, ssh: str = "ssh") -> list[Release]:
    """The releases on ``target``, newest first, marking the one ``current`` points at."""
    names, current, _ = _read_state(Target(target, ssh))
    return [Release(name, name == current) for name in names]


def _read_state(place: Target) -> tuple[list[str], str | None, list[str]]:
    """Release ids, newest first; the id ``current`` points at (None if there is none); the ids
    of ``live.log``, in the order they went live."""
    # "/" separates the parts: no file name contains it. A missing target has no releases.
    printed = place.run(f"cd {place.folder} 2>/dev/null || exit 0; ls -1t releases 2>/dev/null;"
                        f" echo /; readlink current || true; echo /; cat {LIVE_LOG} 2>/dev/null || true")
    listing, _, rest = printed.partition("/\n")
    link, _, log = rest.partition("/\n")
    names = [name for name in listing.split() if RELEASE_ID.fullmatch(name) and not name.endswith(PARTIAL)]
    return names, link.strip().removeprefix("releases/") or None, log.split()


def _by_last_live(names: list[str], live: list[str]) -> list[str]:
    """``names`` (newest first), the one live last first; those never live (published before
    live.log existed) after them, newest first."""
    last_live = {name: position for position, name in enumerate(live)}
    return sorted(names, key=lambda name: -last_live.get(name, -1))  # sorted() is stable


def _upload(site: Path, place: Target, release_id: str, unchanged_from: str | None):
    destination = place.rsync_path(f"releases/{release_id}{PARTIAL}/")
    command = [RSYNC, "--recursive", "--links",
               "--checksum",  # not times: every build rewrites every file
               "--perms", "--chmod=D755,F644"]  # the web server's user must be able to read it all
    if unchanged_from:
        command.append(f"--link-dest=../{unchanged_from}")  # relative to the destination
    if place.host:
        command += ["-e", shlex.join(place.ssh)]
    result = subprocess.run([*command, f"{site}/", destination], capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseError(f"the upload to {destination} failed (rsync exit status {result.returncode}); "
                           f"{place}/current is unchanged, and the next publish deletes the partial upload"
                           + _details(result.stderr))


def _details(stderr: str) -> str:
    """What a failed command printed, on its own lines after the message."""
    return "\n" + stderr.strip() if stderr.strip() else ""


def _switch_to(release_id: str) -> str:
    """The script that points ``current`` at a release in one atomic rename, and notes it in live.log.

    The link is relative, so the target folder can be moved or mounted elsewhere.
    """
    return f"ln -sfn releases/{release_id} current.new && mv -T current.new current && echo {release_id} >> {LIVE_LOG}"
