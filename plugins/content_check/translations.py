"""Translations that are older than their Italian original.

A translation records, in its field ``Impronta_originale``, a fingerprint of the
Italian text it was made or last reviewed from: a hash of the original's title,
summary and text (``invoke translation-reviewed`` writes it). When the Italian
page changes, the fingerprints differ and the check names both files. Only the
files are compared, not the history: CI and fresh clones may have no history.
Fields that are not translated (dates, coordinates, ``Todo``) do not count.
"""

import dataclasses
import hashlib

FIELD = "impronta_originale"


def fingerprint(original):
    """12 hex digits for what a translator translates: title, summary and text, spacing at line ends ignored."""
    parts = [original.fields.get("title", ""), original.fields.get("summary", ""), original.body]
    lines = "\n".join(parts).replace("\r\n", "\n").split("\n")
    text = "\n".join(line.rstrip() for line in lines).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def check_translations_current(sources, publishing):
    """A problem for each translation whose original changed since it was reviewed (an error when publishing)."""
    originals = {(source.folder, source.slug): source for source in sources if not source.lang and source.text}
    problems = []
    for source in sources:
        original = originals.get((source.folder, source.slug))
        if not source.lang or not source.text or original is None:
            continue
        recorded = source.fields.get(FIELD, "").strip()
        # Editors in the browser editor cannot run the command: they copy the value.
        command = (f".venv/bin/invoke translation-reviewed {source.display} (nell'editor: scrivi "
                   f"{fingerprint(original)} nel campo «Impronta dell'originale»)")
        if not recorded:
            message = (f"la traduzione non dice da quale versione di {original.display} è stata fatta: dopo averla "
                       f"confrontata con il testo italiano, segnala che è rivista con: {command}")
        elif recorded != fingerprint(original):
            message = (f"il testo italiano {original.display} è cambiato da quando questa traduzione è stata "
                       f"rivista: aggiorna la traduzione, poi segnala che è rivista con: {command}")
        else:
            continue
        problem = source.field_problem(FIELD, message)
        problems.append(dataclasses.replace(problem, warning=not publishing))
    return problems


def mark_reviewed(path, original):
    """Write the original's current fingerprint into the translation at ``path``; return it."""
    value = fingerprint(original)
    raw = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split(newline)
    header_end = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    entry = f"Impronta_originale: {value}"
    for number in range(header_end):
        if lines[number].lower().startswith(f"{FIELD}:"):
            lines[number] = entry
            break
    else:
        lines.insert(header_end, entry)
    path.write_bytes(newline.join(lines).encode("utf-8"))
    return value
