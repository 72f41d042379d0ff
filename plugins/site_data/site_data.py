"""Expose the TOML files of ``DATA_PATH`` to templates as ``DATA.<file name>``.

Facts that several pages show (the results in numbers) are written once, in
``content/dati/``, and every template reads them from there. The tables named
in ``DATA_EXPORTS`` are also published as open data, in JSON and CSV, under
``dati/`` in the output.
"""

import csv
import io
import json
import tomllib
from pathlib import Path

from pelican import signals


class DataFileError(Exception):
    """A data file cannot be read."""


def load_data(path):
    data = {}
    for file in sorted(Path(path).glob("*.toml")):
        try:
            # utf-8-sig: a byte order mark, which some Windows editors add, is not TOML.
            data[file.stem] = tomllib.loads(file.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise DataFileError(f"{file}: {error}") from None
    return data


def add_data_to_context(generators):
    if generators:
        context = generators[0].context
        context["DATA"] = load_data(Path(context["PATH"]) / context["DATA_PATH"])
        write_exports(context["DATA"], context["DATA_EXPORTS"], Path(generators[0].output_path) / "dati")


def as_csv(rows):
    """Rows (dicts with the same keys) as CSV text, header first."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def write_exports(data, exports, folder):
    """``exports`` maps a data file to its table: each file as JSON, its table as CSV."""
    for name, table in exports.items():
        if not data.get(name, {}).get(table):
            continue  # a site without that data file, or nothing in it yet: no file to offer
        folder.mkdir(parents=True, exist_ok=True)
        document = data[name]
        (folder / f"{name}.json").write_text(
            # TOML's dates (a data file's «aggiornamento») and the statistics' times as ISO text.
            json.dumps(document, ensure_ascii=False, indent=2, default=lambda value: value.isoformat()) + "\n",
            encoding="utf-8")
        (folder / f"{name}.csv").write_text(as_csv(document[table]), encoding="utf-8")


def register():
    signals.all_generators_finalized.connect(add_data_to_context)
