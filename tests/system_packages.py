"""What the machine must have before `make serve` or `make test` installs anything.

`make` runs this first, with the machine's python3 (the standard library only: nothing
is installed yet). When something is missing it prints ONE line naming the Debian
packages and the command that installs them, and `make` stops there. As root (CI) it
installs the missing Debian packages itself, without ever starting or enabling the web
server that Debian's nginx package would start: the tests run nginx's binary with a
configuration of their own.

    python3 -m tests.system_packages serve|test [--debian-only]

--debian-only leaves Node.js out: CI's workflow runs it with sudo to install the Debian
packages, before setup-node's Node.js is on the PATH that sudo keeps.
"""

import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.browser import BROWSER_VARIABLES, HEADLESS_SHELL, BrowserNotFound, chromium_path

# The oldest Node.js supported: package.json's engines, CI's, the README's. An older one that
# is there is only warned about (the npm packages' own engines accept 18 and later).
NODE_MINIMUM = 22
NODE_HELP = f"Node.js {NODE_MINIMUM} or later (README.md, «Node.js»: Debian 12 and Ubuntu 24.04 ship 18)"
# What Debian's chromium-l10n gives the browser: its Italian (dates in the editor's screenshots).
DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ITALIAN = "/usr/lib/chromium/locales/it.pak"
# Where tests/test_nginx.py looks for nginx, its brotli module, and openssl.
NGINX = "/usr/sbin/nginx"
NGINX_BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
OPENSSL = "/usr/bin/openssl"
# Fonts of the scripts the site is written in, so that screenshots and the browser tests show
# every letter (the pages download no fonts: they name the ones phones and computers carry).
NOTO_FONTS = Path("/usr/share/fonts/truetype/noto/NotoSansGurmukhi-Regular.ttf")  # also Bengali, Urdu's Nastaliq
NOTO_CJK_FONTS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Chinese
# Debian's way of keeping a package's service from starting while it is installed.
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")


def browser_found() -> bool:
    try:
        return bool(chromium_path())
    except BrowserNotFound:
        return False


def headless_shell_found() -> bool:
    """Whether the tests have the browser they prefer: the headless shell, or the one a variable names."""
    return any(os.environ.get(variable) for variable in BROWSER_VARIABLES) or bool(shutil.which(HEADLESS_SHELL))


def browser_speaks_italian() -> bool:
    """Whether the browser can show dates the Italian way (the guide's screenshots): Debian's
    chromium has only English without chromium-l10n; any other browser the tests find (named by
    CHROMIUM or CHROME_BIN, Google's on CI) has its languages with it."""
    try:
        browser = os.path.realpath(chromium_path())
    except BrowserNotFound:  # Debian's chromium will be installed: its languages too
        return Path(CHROMIUM_ITALIAN).exists()
    return browser != os.path.realpath(DEBIAN_CHROMIUM) or Path(CHROMIUM_ITALIAN).exists()


def venv_works() -> bool:
    # Debian's python3 makes virtual environments only with python3-venv (ensurepip).
    return subprocess.run([sys.executable, "-c", "import ensurepip, venv"], capture_output=True).returncode == 0


# Debian package -> whether the machine has what it gives.
# The fonts every build draws the share images with (pelicanconf.py's SHARE_IMAGE_FONTS,
# plugins/share_images): Latin, Cyrillic, Arabic, Gurmukhi, Bengali... and Chinese.
NOTO_CORE = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FOR_SERVE = {
    "python3-venv": venv_works,
    "fonts-noto-core": lambda: os.path.exists(NOTO_CORE),
    "fonts-noto-cjk": lambda: os.path.exists(NOTO_CJK),
    # Pillow's wheels load it to order right-to-left text (Arabic, Urdu) in the share images.
    "libfribidi0": lambda: ctypes.util.find_library("fribidi") is not None,
}
FOR_TEST = {
    **FOR_SERVE,
    # The browser: chromium, or one that CHROMIUM or CHROME_BIN names (tests/browser.py); the
    # tests run its headless shell, lighter, where it is there.
    "chromium": browser_found,
    "chromium-l10n": browser_speaks_italian,  # dates in Italian in the editor's screenshots
    HEADLESS_SHELL: headless_shell_found,
    "default-jre-headless": lambda: shutil.which("java") is not None,  # the Nu HTML checker
    "nginx": lambda: os.access(NGINX, os.X_OK),
    "libnginx-mod-http-brotli-static": lambda: os.path.exists(NGINX_BROTLI_MODULE),
    "openssl": lambda: os.access(OPENSSL, os.X_OK),
    "rsync": lambda: shutil.which("rsync") is not None,  # deploy/release.py
    # Noto Sans is also Android's own font: the phone tests measure the header with what phones
    # draw (without it Chromium falls back to DejaVu Sans, wider than any phone's font).
    "fonts-noto-core": lambda: NOTO_FONTS.is_file(),
    "fonts-noto-cjk": lambda: NOTO_CJK_FONTS.is_file(),
}
NEEDED = {"serve": FOR_SERVE, "test": FOR_TEST}


def node_version() -> int | None:
    """The major version of the `node` on the PATH, or None without node or npm."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    found = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    match = re.match(r"v(\d+)\.", found)
    return int(match[1]) if match else None


def missing_packages(purpose: str) -> list[str]:
    return [package for package, present in NEEDED[purpose].items() if not present()]


def message(packages: list[str], node: int | None, as_root: bool) -> str:
    """The one line that says what is missing and how to install it."""
    parts = []
    if packages:
        names = " ".join(packages)
        command = f"apt-get install {names}"
        if not as_root:
            command = f"sudo {command} (or, as root, {command})"
        many = len(packages) > 1
        parts.append(f"the Debian package{'s' if many else ''} {names}: install {'them' if many else 'it'} with {command}")
    if node is None:
        parts.append(NODE_HELP)
    return "make: missing " + "; and ".join(parts) + ", then run make again."


def install_as_root(packages: list[str]):
    """apt-get install, with every service kept from starting, and nginx left disabled."""
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    own_policy = not POLICY_RC_D.exists()
    if own_policy:
        POLICY_RC_D.write_text("#!/bin/sh\n# Written by tests/system_packages.py while it installs.\nexit 101\n")
        POLICY_RC_D.chmod(0o755)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=environment)
    finally:
        if own_policy:
            POLICY_RC_D.unlink()
    if "nginx" in packages:
        # The package enables its service for the next boot even when it may not start it now.
        for command in (["systemctl", "disable", "--now", "nginx.service"], ["update-rc.d", "nginx", "disable"]):
            if shutil.which(command[0]):
                subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(purpose: str, debian_only: bool = False) -> int:
    packages = missing_packages(purpose)
    node = NODE_MINIMUM if debian_only else node_version()
    as_root = os.geteuid() == 0
    if as_root and packages:
        install_as_root(packages)
        packages = missing_packages(purpose)
    if packages or node is None:
        print(message(packages, node, as_root), file=sys.stderr)
        return 1
    if node < NODE_MINIMUM:
        print(f"make: warning: Node.js {node} is older than {NODE_HELP}; going on.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], debian_only="--debian-only" in sys.argv[2:]))
