"""Expose the TOML files of ``DATA_PATH`` to templates as ``DATA.<file name>``.

Facts that several pages show (the results in numbers) are written once, in
``content/dati/``, and every template reads them from there.
"""

import tomllib
from pathlib import Path

from pelican import signals


class DataFileError(Exception):
    """A data file cannot be read."""


def load_data(path):
    data = {}
    for file in sorted(Path(path).glob("*.toml")):
        try:
            data[file.stem] = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise DataFileError(f"{file}: {error}") from None
    return data


def add_data_to_context(generators):
    if generators:
        context = generators[0].context
        context["DATA"] = load_data(Path(context["PATH"]) / context["DATA_PATH"])


def register():
    signals.all_generators_finalized.connect(add_data_to_context)
