"""Translations that are older than their Italian original, or not yet reviewed by a native speaker.

A translation records, in its field ``Impronta_originale``, a fingerprint of the
Italian text it was made or last reviewed from: a hash of the original's title,
summary and text (the editor's «Revisione fatta» button or ``invoke
translation-reviewed`` writes it). When the Italian page changes, the fingerprints
differ and the check names both files, as a warning: the Italian page is published
at once, and the translation tells its readers that it is older than the Italian
text (plugins/languages). Only the files are compared, not the history: CI and fresh
clones may have no history. Fields that are not translated (dates, coordinates,
``Todo``) do not count.

``Revisione_madrelingua: <name>, <YYYY-MM-DD>`` records that a native speaker
reviewed the translation; the check lists, per language, the translations still
waiting for one (information, not a problem).
"""

import dataclasses
import hashlib
import os
from functools import cache
from pathlib import Path

FIELD = "impronta_originale"
NATIVE_REVIEW = "revisione_madrelingua"


def fingerprint(original):
    """12 hex digits for what a translator translates: title, summary and text, spacing at line ends ignored."""
    parts = [original.fields.get("title", ""), original.fields.get("summary", ""), original.body]
    lines = "\n".join(parts).replace("\r\n", "\n").split("\n")
    text = "\n".join(line.rstrip() for line in lines).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@cache
def cached_fingerprint(path, mtime):
    from .content_check import read_source  # the checker imports this module

    source, _ = read_source(Path(path), Path(path).parent.name)
    return fingerprint(source)


def original_fingerprint(path):
    """The fingerprint of the Italian file at ``path`` as it is now (read again only when it changes)."""
    return cached_fingerprint(str(path), os.stat(path).st_mtime_ns)


def check_translations_current(sources):
    """A warning for each translation whose original changed since it was reviewed: never an error."""
    originals = {(source.folder, source.slug): source for source in sources if not source.lang and source.text}
    problems = []
    for source in sources:
        original = originals.get((source.folder, source.slug))
        if not source.lang or not source.text or original is None:
            continue
        recorded = source.fields.get(FIELD, "").strip()
        command = (f"il pulsante «Revisione fatta» nell'editor, oppure .venv/bin/invoke translation-reviewed "
                   f"{source.display}")
        if not recorded:
            message = (f"la traduzione non dice da quale versione di {original.display} è stata fatta, e dice ai "
                       f"lettori che può essere più vecchia del testo italiano: dopo averla confrontata con il "
                       f"testo italiano, segnalate che è rivista con {command}")
        elif recorded != fingerprint(original):
            message = (f"il testo italiano {original.display} è cambiato da quando questa traduzione è stata "
                       f"rivista; la pagina italiana è pubblicata, la traduzione dice ai lettori che è più vecchia: "
                       f"aggiornatela, poi segnalate che è rivista con {command}")
        else:
            continue
        problems.append(dataclasses.replace(source.field_problem(FIELD, message), warning=True))
    return problems


def awaiting_native_review(sources):
    """{language: [file, ...]} of the translations that no native speaker has reviewed yet."""
    waiting = {}
    for source in sorted(sources, key=lambda source: source.display):
        if source.lang and source.text and not source.fields.get(NATIVE_REVIEW, "").strip():
            waiting.setdefault(source.lang, []).append(source.display)
    return waiting


def native_review_report(waiting, languages):
    """The lines `invoke check` prints: per language, in the order of LANGUAGES, the translations awaiting review."""
    if not waiting:
        return []
    lines = ["Traduzioni in attesa di revisione madrelingua (informazione: la pagina lo dice ai lettori; "
             "dopo la revisione scrivete nel campo Revisione_madrelingua «Nome Cognome, AAAA-MM-GG»):"]
    for lang in [lang for lang in languages if lang in waiting]:
        files = waiting[lang]
        lines.append(f"  {lang} ({languages[lang]['name']}): {len(files)} "
                     f"{'traduzione' if len(files) == 1 else 'traduzioni'}: {', '.join(files)}")
    return lines


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
