"""Files of the content folder that must not be published: links, hidden files, SVGs with code.

Pelican publishes the static folders (STATIC_PATHS) as they are, and follows links. An editor's
account, if taken over, could add a link to a file outside the repository (its text would be
published), a hidden file (".env": settings, passwords) or an SVG drawing that runs a script
when opened at the site's own address. Each is refused, with the file and what to do.
"""

import os
from pathlib import Path

SYMLINK = ("«{name}» è un collegamento (link simbolico): può portare fuori dalla cartella content, a file "
           "che non vanno pubblicati; mettete qui una copia del file al posto del collegamento")
HIDDEN = ("«{name}» comincia con un punto: è un file nascosto (impostazioni, password) e il sito non lo "
          "pubblica; toglietelo dalla cartella content")
SVG_ADVICE = ("il sito non pubblica disegni che eseguono codice: esportate di nuovo il disegno senza script "
              "(per esempio «SVG semplice» in Inkscape) o salvatelo come PNG")


def static_file_problems(folder, names, display, problem):
    """The problems of the files and folders ``names`` of ``folder`` (as os.walk lists them)."""
    # Imported here: Pelican loads plugins in order, and content_check comes first.
    from sanitise.static import svg_code

    problems = []
    for name in names:
        path = os.path.join(folder, name)
        if os.path.islink(path):
            problems.append(problem(display(path), 1, "file", SYMLINK.format(name=name)))
        elif name.startswith("."):
            problems.append(problem(display(path), 1, "file", HIDDEN.format(name=name)))
        elif name.lower().endswith(".svg") and os.path.isfile(path):
            problems += [problem(display(path), line, "file", f"l'immagine SVG contiene {what}: {SVG_ADVICE}")
                         for line, what in svg_code(Path(path))]
    return problems
