"""Give the theme's static files names that change with their content.

``{{ "css/style.css"|fingerprinted }}`` in a template gives
``theme/css/style.<hash>.css``, and when the build is written the file is
renamed to match. A changed file gets a new name, so servers can tell browsers
to cache these files forever (see deploy/nginx.conf). The hash is the start of
the SHA-256 of the file, so equal sources always give equal names.

Stylesheets are published minified (rcssmin): the source keeps its comments, which
say why each rule is there, and readers download none of them (a third of the CSS).
"""

import hashlib
from pathlib import Path, PurePosixPath

import rcssmin
from jinja2 import pass_context
from pelican import signals


def fingerprinted_name(relative, content):
    path = PurePosixPath(relative)
    digest = hashlib.sha256(content).hexdigest()[:10]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def theme_static_files(settings):
    """{path under the theme's static folder: fingerprinted path}, for the extensions to fingerprint."""
    static = Path(settings["THEME"]) / "static"
    return {
        str(path.relative_to(static)): fingerprinted_name(str(path.relative_to(static)), path.read_bytes())
        for path in sorted(static.rglob("*"))
        if path.is_file() and path.suffix in settings["FINGERPRINT_EXTENSIONS"]
    }


def add_filter(pelican):
    names = theme_static_files(pelican.settings)
    static_dir = pelican.settings["THEME_STATIC_DIR"]

    # pass_context: Jinja would otherwise work out `"css/style.css"|fingerprinted` once, when it
    # compiles the template, and the bytecode cache (TEMPLATE_BYTECODE, keyed by the template's
    # source) would keep the old name after the stylesheet changes.
    @pass_context
    def fingerprinted(context, relative):
        return f"{static_dir}/{names[relative]}"

    pelican.settings.setdefault("JINJA_FILTERS", {})["fingerprinted"] = fingerprinted
    pelican.fingerprinted_names = names


def rename_written_files(pelican):
    root = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    for relative, name in pelican.fingerprinted_names.items():
        written = root / relative
        if written.suffix == ".css":
            written.write_text(rcssmin.cssmin(written.read_text(encoding="utf-8")), encoding="utf-8")
        written.replace(root / name)


def register():
    signals.initialized.connect(add_filter)
    signals.finalized.connect(rename_written_files)
