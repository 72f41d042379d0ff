"""The checker keeps what it read of each file and reads again only the files that changed."""

import os
import shutil
from pathlib import Path

from pelican.settings import read_settings

from content_check.content_check import ContentChecker

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_check_reads_only_changed_files_and_sees_new_cross_file_problems(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    checker = ContentChecker(settings)
    assert [p for p in checker.check() if not p.warning] == []
    kept = dict(checker.files)

    news = next(path for path in sorted((content / "news").glob("*.md")) if "Comuni:" in path.read_text())
    news.write_text(news.read_text(encoding="utf-8").replace("Comuni: ", "Comuni: atlantide, ", 1), encoding="utf-8")
    problems = [p for p in checker.check() if not p.warning]
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [("Comuni", "«atlantide» non esiste")]
    assert all(checker.files[path] is checked for path, checked in kept.items() if path != str(news))
    assert checker.files[str(news)] is not kept[str(news)]

    # A change in another file alone (the target disappears) is seen through what was kept.
    named = news.read_text(encoding="utf-8").split("Comuni: atlantide, ", 1)[1].split("\n")[0].split(",")[0].strip()
    os.remove(content / "comuni" / f"{named}.md")
    assert any(p.message.startswith(f"«{named}» non esiste") for p in checker.check())


def errors(problems):
    return [(p.path.rsplit("/", 1)[-1], p.field, p.message) for p in problems if not p.warning]


def test_a_check_told_which_files_changed_sees_problems_with_other_files_come_and_go(tmp_path, monkeypatch):
    """The live preview passes the changed paths: problems in unchanged files that come from a change elsewhere
    (a heading renamed, a file or a photo deleted) still appear, and go once that is undone."""
    from PIL import Image

    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    monkeypatch.chdir(tmp_path)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    checker = ContentChecker(settings)
    news, project = content / "news" / "fine.md", content / "miniprogetti" / "shared-city.md"
    photo = content / "news" / "sportello.jpg"
    Image.new("RGB", (64, 48), "white").save(photo)
    original = project.read_text(encoding="utf-8") + "\n## Orari dello sportello\n\nDalle 9 alle 12.\n"
    project.write_text(original, encoding="utf-8")
    news.write_text(news.read_text(encoding="utf-8") + (
        "\nGli [orari del progetto]({filename}/miniprogetti/shared-city.md#orari-dello-sportello).\n"
        "\n![Lo sportello](sportello.jpg)\n"), encoding="utf-8")
    assert errors(checker.check()) == []

    project.write_text(original.replace("## Orari dello sportello", "## Orari"), encoding="utf-8")
    assert [problem[:2] for problem in errors(checker.check([project]))] == [("fine.md", "link")]
    project.write_text(original, encoding="utf-8")
    assert errors(checker.check([project])) == []

    # A change to the text alone, which no other file sees: the other files' results are kept.
    kept = checker.cross_file[str(news)]
    project.write_text(original + "Anche il sabato.\n", encoding="utf-8")
    assert errors(checker.check([project])) == [] and checker.cross_file[str(news)] is kept

    project.unlink()
    found = errors(checker.check([project]))
    assert ("fine.md", "link") in [problem[:2] for problem in found]
    assert any(field == "Miniprogetti" and message.startswith("«shared-city» non esiste")
               for _, field, message in found)
    project.write_text(original, encoding="utf-8")
    assert errors(checker.check([project])) == []

    photo.unlink()
    assert [problem[:2] for problem in errors(checker.check([photo]))] == [("fine.md", "immagine")]


def test_a_title_changed_in_one_file_is_reported_as_a_duplicate_in_another(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    monkeypatch.chdir(tmp_path)
    checker = ContentChecker(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}))
    first, second = content / "news" / "fine.md", content / "news" / "inizio.md"
    original = first.read_text(encoding="utf-8")
    second.write_text(original.replace("Title: Una notizia di prova", "Title: Un'altra notizia"), encoding="utf-8")
    assert errors(checker.check()) == []

    def duplicates():
        return [p.path.rsplit("/", 1)[-1] for p in checker.check([first]) if p.message.startswith("«Un'altra notizia»")]

    # The later file in order gets the warning: here the one that did not change.
    first.write_text(original.replace("Title: Una notizia di prova", "Title: Un'altra notizia"), encoding="utf-8")
    assert duplicates() == ["inizio.md"]
    first.write_text(original, encoding="utf-8")
    assert duplicates() == []

    # The same for an address: a page given another page's address by its Save_as.
    page = content / "pages" / "a-contatti.md"
    text = "Title: Contatti\nDate: 2026-11-25\nSummary: Come scriverci.\n\nScrivete a noi.\n"
    page.write_text(text, encoding="utf-8")
    (content / "pages" / "z-orari.md").write_text(text.replace("Contatti", "Orari"), encoding="utf-8")
    assert errors(checker.check()) == []
    page.write_text(text.replace("Summary:", "Save_as: z-orari/index.html\nSummary:"), encoding="utf-8")
    assert [problem[:2] for problem in errors(checker.check([page]))] == [("z-orari.md", "file")]
    page.write_text(text, encoding="utf-8")
    assert errors(checker.check([page])) == []


def test_limits_and_paths_outside_the_site_are_reported_in_italian(tmp_path):
    """Title ≤ 200 characters, summary ≤ 400, a text ≤ MARKDOWN_MAX_BYTES; Save_as and URL inside the site."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", content)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    news = content / "news" / "lunga.md"
    news.write_text(f"Title: {'T' * 201}\nDate: 2022-04-01\nSummary: {'Frase breve. ' * 40}\n\nTesto.\n",
                    encoding="utf-8")
    page = content / "pages" / "fuori.md"
    page.write_text("Title: Fuori\nDate: 2022-04-01\nSummary: Una pagina.\nSave_as: ../../fuori.html\n"
                    "Url: /etc/\n\nTesto.\n", encoding="utf-8")
    huge = content / "news" / "enorme.md"
    huge.write_text("Title: Enorme\nDate: 2022-04-01\nSummary: Tanto testo.\n\n" + "Parola " * 150_000,
                    encoding="utf-8")
    found = {(p.path.rsplit("/", 1)[-1], p.line, p.field): p.message for p in ContentChecker(settings).check()
             if not p.warning}
    assert found[("lunga.md", 1, "Title")] == ("il campo è troppo lungo (201 caratteri, al massimo 200): "
                                               "accorcialo; il testo lungo va dopo l'intestazione")
    assert found[("lunga.md", 3, "Summary")].startswith("il campo è troppo lungo (519 caratteri, al massimo 400)")
    assert found[("fuori.md", 4, "Save_as")].startswith("«../../fuori.html» porterebbe la pagina fuori dal sito")
    assert found[("fuori.md", 5, "Url")].startswith("«/etc/» porterebbe la pagina fuori dal sito")
    assert found[("enorme.md", 1, "file")].startswith("il file è troppo grande (1,1 MB, al massimo 1 MB)")
